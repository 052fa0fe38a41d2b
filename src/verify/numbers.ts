/**
 * Numeric claims in summaries and the numbers a paper's own text gives, so that "12.5万条" can be
 * checked against "125K", "9.4 %" against "9.4\%", "1,280" against "1280".
 *
 * What counts as a claim: percentages, percentage points, factors ("1.8x", "2 倍"), counts and
 * scores written with digits. What does not: identifiers and model names (GPT-4, Qwen2.5-VL-7B,
 * Video-R4, Monet-SFT-125K, SE(3), 3D), years and dates (2025, 2025年11月), list markers ("(1)").
 * Chinese numerals (六个, 三阶段) are skipped: they mostly mean "a few" words a model chose, and
 * mapping them back to the abstract's English number words would guess.
 */

export type NumberUnit = '%' | 'pp' | 'x' | null;

export interface NumberClaim {
  /** The claim as written ("12.5万", "+4.6%"). */
  text: string;
  /** The value with its scale applied (12.5万 -> 125000); sign dropped. */
  value: number;
  /** The value as written, before the scale (12.5万 -> 12.5). */
  written: number;
  /** "140多万" (over 1.4 million): any value from 140万 up to 150万 supports it. */
  atLeast: boolean;
  /** The scale the claim applied (1, 1000, 10000 ...), so rounding can be judged. */
  scale: number;
  decimals: number;
  unit: NumberUnit;
  start: number;
  end: number;
}

export interface SourceNumber {
  value: number;
  written: number;
  unit: NumberUnit;
}

const scaleOf: Record<string, number> = {
  万: 1e4,
  亿: 1e8,
  千: 1e3,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  B: 1e9,
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
};

function unitOf(suffix: string): NumberUnit {
  if (/^(?:%|％|\\%)$/.test(suffix)) return '%';
  if (/百分点|percentage points?|^pp$|^points?$/.test(suffix)) return 'pp';
  if (/^(?:x|×|倍|times)$/i.test(suffix)) return 'x';
  return null;
}

const numberPattern =
  /(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?((?:\s|-(?=[a-z]))?(?:多|余)?(?:万|亿|千|thousand\b|million\b|billion\b|[kKMB](?![A-Za-z])))?(\s?(?:%|％|个百分点|百分点|percentage points?\b|pp\b|倍|×|x(?![A-Za-z])|times\b))?/g;

function cleanSource(text: string): string {
  return text
    .replace(/\\%/g, '%')
    .replace(/\\times|\\×/g, '×')
    .replace(/\{,\}/g, ',')
    .replace(/\\[,;!]|~/g, ' ')
    .replace(/\$/g, '');
}

const numberWords: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  hundred: 100,
  twice: 2,
  double: 2,
  triple: 3,
};

/**
 * Every number in a paper's own text (abstract, comments, title), identifiers included: the
 * "125K" in "Monet-SFT-125K" supports a claim of 12.5万 samples. English number words count too.
 */
export function sourceNumbers(text: string): SourceNumber[] {
  const cleaned = cleanSource(text);
  const numbers: SourceNumber[] = [];
  for (const match of cleaned.matchAll(numberPattern)) {
    const written = Number(`${(match[1] ?? '').replace(/,/g, '')}.${match[2] ?? '0'}`);
    const scaleWord = (match[3] ?? '').replace(/^[\s-]+/, '').replace(/^[多余]/, '');
    const scale = scaleOf[scaleWord] ?? 1;
    numbers.push({ value: written * scale, written, unit: unitOf((match[4] ?? '').trim()) });
  }
  for (const match of cleaned.matchAll(/\bone[- ]and[- ]a[- ]half\b/gi)) {
    void match;
    numbers.push({ value: 1.5, written: 1.5, unit: 'x' });
  }
  const wordPattern = new RegExp(
    `\\b(${Object.keys(numberWords).join('|')})\\b(?:[\\s-]+(one|two|three|four|five|six|seven|eight|nine)\\b)?(?:[\\s-]+(thousand|million|billion))?`,
    'gi',
  );
  for (const match of cleaned.matchAll(wordPattern)) {
    const tens = numberWords[(match[1] ?? '').toLowerCase()] ?? 0;
    // "twenty five" is 25; "one two" is not a number.
    const written = tens + (tens >= 20 && match[2] ? (numberWords[match[2].toLowerCase()] ?? 0) : 0);
    const scale = scaleOf[(match[3] ?? '').toLowerCase()] ?? 1;
    const unit = /^(?:twice|double|triple)$/i.test(match[1] ?? '') ? 'x' : null;
    numbers.push({ value: written * scale, written, unit });
  }
  return numbers;
}

const capitalisedWordBefore = /(?:^|[^A-Za-z])([A-Z][A-Za-z]*[a-z][A-Za-z]*)\s$/;
const ordinaryWords = new Set(
  'over about around nearly almost approximately only just up by to from with on in at of for and or than the a an all top'
    .split(' ')
    .map((word) => word),
);

function isIdentifierOrDate(
  text: string,
  start: number,
  end: number,
  unit: NumberUnit,
  hasScale: boolean,
): boolean {
  const before = text.slice(Math.max(0, start - 24), start);
  const previous = before.at(-1) ?? '';
  const after = text.slice(end, end + 2);
  // Part of a name: GPT-4, R1, Qwen2.5, SE(3), v2, arXiv:2410.06273, 8/34, '25.
  if (/[A-Za-z_'’:]/.test(previous)) return true;
  if (/[-/.]/.test(previous) && /[A-Za-z0-9]/.test(before.at(-2) ?? '')) return true;
  if (previous === '(' && /[A-Za-z]/.test(before.at(-2) ?? '')) return true;
  if (/^[A-Za-z]/.test(after)) return true;
  // List markers "(1)", "1)", "2）", "；2. ".
  const listPosition = before === '' || /[\s；;：:，,。(（]$/.test(before);
  if (/^[)）]/.test(after) && (previous === '(' || previous === '（' || listPosition)) return true;
  if (/^\.(?:\s|[\u3400-\u9fff])/.test(after) && listPosition && !unit && !hasScale) return true;
  // A fraction's numerator ("1/21.5"): the ratio is written another way in papers.
  if (/^\/\d/.test(after)) return true;
  // Dates and years: 2025年11月, 11月, 2025-11, a bare 2025.
  if (/^\s?(?:年|月|日|号)/.test(after) || /^-\d{2}\b/.test(text.slice(end, end + 3))) return true;
  const digits = text.slice(start, end);
  if (!unit && !hasScale && /^(?:19|20)\d{2}$/.test(digits)) return true;
  // Versions of named models: "Gemini 2.5 Pro", "Llama 3".
  const word = capitalisedWordBefore.exec(before)?.[1];
  if (!unit && !hasScale && word && !ordinaryWords.has(word.toLowerCase())) return true;
  return false;
}

/** The numeric claims in a text a summary or post states. */
export function numberClaims(text: string): NumberClaim[] {
  const claims: NumberClaim[] = [];
  const withoutUrls = text.replace(/https?:\/\/\S+/g, (url) => ' '.repeat(url.length));
  for (const match of withoutUrls.matchAll(numberPattern)) {
    const start = match.index;
    const digitsEnd = start + (match[1]?.length ?? 0) + (match[2] !== undefined ? match[2].length + 1 : 0);
    const end = start + match[0].length;
    const unit = unitOf((match[4] ?? '').trim());
    const scaleText = (match[3] ?? '').replace(/^[\s-]+/, '');
    const atLeast = /^[多余]/.test(scaleText);
    const scaleWord = scaleText.replace(/^[多余]/, '');
    if (isIdentifierOrDate(withoutUrls, start, scaleWord || unit ? end : digitsEnd, unit, scaleWord !== ''))
      continue;
    const written = Number(`${(match[1] ?? '').replace(/,/g, '')}.${match[2] ?? '0'}`);
    const scale = scaleOf[scaleWord] ?? 1;
    const sign = /[+\-−]$/.test(withoutUrls.slice(0, start)) ? 1 : 0;
    claims.push({
      text: text.slice(start - sign, end).trim(),
      value: written * scale,
      written,
      atLeast,
      scale,
      decimals: match[2]?.length ?? 0,
      unit,
      start: start - sign,
      end,
    });
  }
  return claims;
}

const close = (a: number, b: number, tolerance: number) =>
  Math.abs(a - b) <= tolerance + 1e-9 * Math.max(1, Math.abs(a));

/**
 * True when the paper's text gives the claimed number: the same value, or for a converted
 * scale (12.5万 from "125K") the same value to the claim's precision, rounded (24.7万 is not 247.9K).
 */
export function isSupportedNumber(claim: NumberClaim, sources: SourceNumber[]): boolean {
  const tolerance = claim.scale > 1 ? 0.5 * 10 ** -claim.decimals * claim.scale : 0;
  return sources.some((source) => {
    if (claim.unit === '%' || claim.unit === 'pp') {
      // "83.76% accuracy" may appear as "accuracy of 83.76", but not as "125K".
      const plain = source.unit === null && source.value === source.written;
      return (
        (source.unit === '%' || source.unit === 'pp' || plain) && close(source.written, claim.written, 0)
      );
    }
    if (claim.unit === 'x')
      return (source.unit === 'x' || source.unit === null) && close(source.value, claim.value, 0);
    if (source.unit === '%' || source.unit === 'pp') return false;
    if (claim.atLeast) {
      // "140多万" is 140万 to 150万: the step is the place of the last non-zero digit written.
      const trailingZeros = /0*$/.exec(String(claim.written))?.[0].length ?? 0;
      const step = 10 ** trailingZeros * claim.scale;
      return source.value >= claim.value && source.value < claim.value + step;
    }
    return close(source.value, claim.value, tolerance);
  });
}
