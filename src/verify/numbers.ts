/**
 * Numeric claims in summaries and the numbers a paper's own text gives, so that "12.5万条" can be
 * checked against "125K", "9.4 %" against "9.4\%", "1,280" against "1280".
 *
 * What counts as a claim: percentages, percentage points, factors ("1.8x", "2 倍"), counts and
 * scores written with digits. What does not: identifiers and model names (GPT-4, Qwen2.5-VL-7B,
 * Video-R4, Monet-SFT-125K, SE(3), 3D), years and dates (2025, 2025年11月), list markers ("(1)").
 * Words count by the same rule (number-words.ts): "eighty percent" is 80%, "a dozen" 12, "七种" 7.
 * Numbers inside TeX math are read as the abstract writes them: "$25.9$" and "$2\times$" are
 * numbers, a formula such as "$O(d^3)$" is checked whole (formulaClaims), never as loose digits.
 */

import { mathSpans } from '../core/math.ts';
import { chineseWordNumbers, englishWordNumbers } from './number-words.ts';

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
  /** Decimals as written (9.41 -> 2), so a claim may round it (9.4) but not the other way. */
  decimals: number;
}

const scaleOf: Record<string, number> = {
  万亿: 1e12,
  千万: 1e7,
  百万: 1e6,
  十万: 1e5,
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
  trillion: 1e12,
};

function unitOf(suffix: string): NumberUnit {
  if (/^(?:%|％|\\%)$/.test(suffix)) return '%';
  if (/百分点|percentage points?|^pp$|^points?$/.test(suffix)) return 'pp';
  if (/^(?:x|×|倍|times)$/i.test(suffix)) return 'x';
  return null;
}

const numberPattern =
  /(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?((?:\s|-(?=[a-z]))?(?:多|余)?(?:万亿|千万|百万|十万|万|亿|千|thousand\b|million\b|billion\b|trillion\b|[kKMB](?![A-Za-z])))?(\s?(?:%|％|个百分点|百分点|percentage points?\b|pp\b|倍|×|x(?![A-Za-z])|times\b))?/g;

/** Math as plain text where it is a number ("$25.9$", "$2\\times$", "\\(5.27\\)"); delimiters dropped. */
function cleanSource(text: string): string {
  return text
    .replace(/\\%/g, '%')
    .replace(/\\times|\\×/g, '×')
    .replace(/\{,\}/g, ',')
    .replace(/\\[,;!]|~/g, ' ')
    .replace(/\\sim\b|\\approx\b/g, ' ')
    .replace(/\\[()[\]]|\$/g, ' ')
    .replace(/[ \t\n]+/g, ' ');
}

/**
 * Readings of a source that arXiv text garbles: "7. 1%" (a PDF line break) is 7.1%, "99,5%" (a
 * decimal comma) is 99.5%. Added next to the literal reading, never instead of it.
 */
function repairedSource(text: string): string {
  return text.replace(/(\d)\.\s(\d)/g, '$1.$2').replace(/(?<![\d,])(\d{1,3}),(\d{1,2})(?![\d,])/g, '$1.$2');
}

function readSource(cleaned: string, numbers: SourceNumber[]): void {
  for (const match of cleaned.matchAll(numberPattern)) {
    const written = Number(`${(match[1] ?? '').replace(/,/g, '')}.${match[2] ?? '0'}`);
    const scaleWord = (match[3] ?? '').replace(/^[\s-]+/, '').replace(/^[多余]/, '');
    const scale = scaleOf[scaleWord] ?? 1;
    const unit = unitOf((match[4] ?? '').trim());
    numbers.push({ value: written * scale, written, unit, decimals: match[2]?.length ?? 0 });
  }
  // "5 to 20 million", "10-20%": the first number of a range takes the scale and unit of the second.
  const range =
    /(\d+(?:\.\d+)?)\s*(?:to|-|–|~|and)\s*\d+(?:\.\d+)?\s?(万亿|万|亿|千|thousand\b|million\b|billion\b|trillion\b|[kKMB](?![A-Za-z]))?\s?(%|percent\b|倍|×|x\b)?/g;
  for (const match of cleaned.matchAll(range)) {
    if (!match[2] && !match[3]) continue;
    const written = Number(match[1]);
    const scale = scaleOf[match[2] ?? ''] ?? 1;
    const unit = match[3] ? unitOf(/percent/.test(match[3]) ? '%' : match[3]) : null;
    numbers.push({ value: written * scale, written, unit, decimals: match[1]?.split('.')[1]?.length ?? 0 });
  }
  for (const word of [...englishWordNumbers(cleaned), ...chineseWordNumbers(cleaned)])
    numbers.push({ value: word.value, written: word.value, unit: word.unit, decimals: 0 });
}

/**
 * Every number in a paper's own text (abstract, comments, title), identifiers included: the
 * "125K" in "Monet-SFT-125K" supports a claim of 12.5万 samples. Number words count too.
 */
export function sourceNumbers(text: string): SourceNumber[] {
  const cleaned = cleanSource(text);
  const numbers: SourceNumber[] = [];
  readSource(cleaned, numbers);
  const repaired = repairedSource(cleaned);
  if (repaired !== cleaned) readSource(repaired, numbers);
  // "1.5\times 10^{3}" is 1500 and "10^{-3}" is 0.001, next to their digits read one by one (summaries
  // copy "10^{-4}" as text, so the digits stay readable too).
  for (const match of text.matchAll(/(?:(\d+(?:\.\d+)?)\s*(?:\\times|×)\s*)?10\^\{?(-?\d+)\}?/g)) {
    const value = Number(match[1] ?? 1) * 10 ** Number(match[2]);
    numbers.push({ value, written: value, unit: null, decimals: 0 });
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
  if (/^\s?(?:年|月|日|号|世纪)/.test(after) || /^-\d{2}\b/.test(text.slice(end, end + 3))) return true;
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
  const withoutUrls = proseOf(text.replace(/https?:\/\/\S+/g, (url) => ' '.repeat(url.length)));
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
  for (const word of [...englishWordNumbers(withoutUrls), ...chineseWordNumbers(withoutUrls)]) {
    // "two modules" is prose; "eighty percent", "one million", "七种" are claims. Small Chinese
    // numerals are structure more often than counts ("两阶段" for "dual-stage", "二维" for 2D).
    if (!word.weighty && !(/[\u4e00-\u9fff]/.test(word.text) && word.value >= 5)) continue;
    if (claims.some((claim) => claim.start < word.end && word.start < claim.end)) continue;
    claims.push({
      text: word.text,
      value: word.value,
      written: word.value,
      atLeast: false,
      scale: 1,
      decimals: 0,
      unit: word.unit,
      start: word.start,
      end: word.end,
    });
  }
  return claims.sort((a, b) => a.start - b.start);
}

// A formula that is only a number ("$25.9$", "$2\times$", "$98.1\%$") reads as that number.
const numericTex = /^\s*[+-]?\s*\d[\d.,]*\s*(?:\\%|%|\\times|×)?\s*$/;

/**
 * The text with TeX math made readable at the same offsets: a formula that is only a number keeps
 * its digits, any other formula becomes blanks (it is checked whole by formulaClaims).
 */
function proseOf(text: string): string {
  let result = text;
  for (const span of mathSpans(text)) {
    const original = text.slice(span.start, span.end);
    const replaced = numericTex.test(span.tex)
      ? original
          .replace(/\\%/g, '% ')
          .replace(/\\times/g, '×     ')
          .replace(/[$\\()[\]]/g, ' ')
      : ' '.repeat(original.length);
    result = result.slice(0, span.start) + replaced + result.slice(span.end);
  }
  return result;
}

const texKey = (tex: string) => tex.replace(/\s+/g, '').replace(/\\(?:left|right|,|;|!)/g, '');

/**
 * Formulas with digits in `text` that `source` does not contain (compared without spaces): a
 * formula copied from the abstract ("$O(d^3)$", "$10^{-3}$") is supported whole.
 */
export function unsupportedFormulas(text: string, source: string): string[] {
  const known = new Set(mathSpans(source).map((span) => texKey(span.tex)));
  const flatSource = texKey(source);
  return mathSpans(text)
    .filter((span) => /\d/.test(span.tex) && !numericTex.test(span.tex))
    .filter((span) => !known.has(texKey(span.tex)) && !flatSource.includes(texKey(span.tex)))
    .map((span) => text.slice(span.start, span.end));
}

const close = (a: number, b: number, tolerance: number) =>
  Math.abs(a - b) <= tolerance + 1e-9 * Math.max(1, Math.abs(a));

/** Same value to the claim's precision: exact, or the source rounded to the claim's decimals. */
function sameWritten(claim: NumberClaim, written: number, decimals: number): boolean {
  if (close(written, claim.written, 0)) return true;
  // A writer rounds a more precise source (21.2% -> 21%, 0.9812 -> 98.1%), never the other way.
  return decimals > claim.decimals && close(written, claim.written, 0.5 * 10 ** -claim.decimals);
}

/**
 * True when the paper's text gives the claimed number in any standard form: the same value; for a
 * converted scale (12.5万 from "125K") the same value to the claim's precision, rounded (24.7万 is
 * not 247.9K); a percentage as a fraction (98.12% from 0.9812) and back; a bare number whose unit
 * the sentence gives elsewhere ("25.9 和 6.1 个百分点").
 */
export function isSupportedNumber(claim: NumberClaim, sources: SourceNumber[]): boolean {
  const tolerance = claim.scale > 1 ? 0.5 * 10 ** -claim.decimals * claim.scale : 0;
  return sources.some((source) => {
    const plain = source.unit === null && source.value === source.written;
    if (claim.unit === '%' || claim.unit === 'pp') {
      // "83.76% accuracy" may appear as "accuracy of 83.76" or "0.8376", but not as "125K".
      if (
        (source.unit === '%' || source.unit === 'pp' || plain) &&
        sameWritten(claim, source.written, source.decimals)
      )
        return true;
      return (
        plain &&
        source.written > 0 &&
        source.written <= 1 &&
        sameWritten(claim, source.written * 100, Math.max(0, source.decimals - 2))
      );
    }
    if (claim.unit === 'x')
      return (
        (source.unit === 'x' || source.unit === null) && sameWritten(claim, source.value, source.decimals)
      );
    if (
      claim.scale === 1 &&
      !claim.atLeast &&
      source.unit !== null &&
      sameWritten(claim, source.written, source.decimals)
    )
      return true;
    if (claim.scale === 1 && claim.written > 0 && claim.written < 1 && source.unit === '%')
      return sameWritten(claim, source.written / 100, source.decimals + 2);
    if (source.unit === '%' || source.unit === 'pp') return false;
    if (claim.atLeast) {
      // "140多万" is 140万 to 150万: the step is the place of the last non-zero digit written.
      const trailingZeros = /0*$/.exec(String(claim.written))?.[0].length ?? 0;
      const step = 10 ** trailingZeros * claim.scale;
      return source.value >= claim.value && source.value < claim.value + step;
    }
    if (claim.scale > 1) return close(source.value, claim.value, tolerance);
    return source.value === source.written
      ? sameWritten(claim, source.value, source.decimals)
      : close(source.value, claim.value, 0);
  });
}
