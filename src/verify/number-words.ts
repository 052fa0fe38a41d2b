/**
 * Numbers written in words, English and Chinese: "eighty percent", "one thousand two hundred four",
 * "a dozen", "twice", "fivefold", "seventh", "sixty six", "七种", "两阶段". Each reading says where it
 * is, its value and its unit, so claims and sources read words by the same rule as digits.
 */

export type WordUnit = '%' | 'pp' | 'x' | null;

export interface WordNumber {
  value: number;
  unit: WordUnit;
  /** True when the words hold a scale (hundred, thousand, million ...) or a unit: a claim, not prose. */
  weighty: boolean;
  start: number;
  end: number;
  text: string;
}

const ones: Record<string, number> = {
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
};
const tens: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const ordinals: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
  fortieth: 40,
  fiftieth: 50,
};
const scales: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
const multipliers: Record<string, number> = { twice: 2, double: 2, triple: 3, threefold: 3, quadruple: 4 };

const numberWord = [...Object.keys(ones), ...Object.keys(tens), 'hundred', ...Object.keys(scales)].join('|');
const wordRun = new RegExp(`\\b((?:(?:${numberWord})(?:[\\s-]+(?:and[\\s-]+)?|\\b))+)`, 'gi');
const ordinalRun = new RegExp(
  `\\b(?:(${Object.keys(tens).join('|')})[\\s-]+)?(${Object.keys(ordinals).join('|')})\\b`,
  'gi',
);
const unitAfter = /^[\s-]*(percentage points?|per ?cent|%|times\b|fold\b|x\b)/i;

/** Evaluates "one thousand two hundred four" -> 1204, "five" -> 5; null for nothing. */
function evaluate(words: string[]): { value: number; scaled: boolean } | null {
  let total = 0;
  let current = 0;
  let scaled = false;
  let any = false;
  for (const word of words) {
    const lower = word.toLowerCase();
    if (lower in ones) current += ones[lower] as number;
    else if (lower in tens) current += tens[lower] as number;
    else if (lower === 'hundred') {
      current = (current || 1) * 100;
      scaled = true;
    } else if (lower in scales) {
      total += (current || 1) * (scales[lower] as number);
      current = 0;
      scaled = true;
    } else continue;
    any = true;
  }
  return any ? { value: total + current, scaled } : null;
}

function unitOf(text: string): WordUnit {
  if (/^percentage/i.test(text)) return 'pp';
  if (/^(?:per ?cent|%)$/i.test(text)) return '%';
  return 'x';
}

/** Every number written in English words in `text`. */
export function englishWordNumbers(text: string): WordNumber[] {
  const found: WordNumber[] = [];
  for (const match of text.matchAll(wordRun)) {
    const words = (match[1] ?? '').split(/[\s-]+/).filter((word) => word && word.toLowerCase() !== 'and');
    const evaluated = evaluate(words);
    if (!evaluated) continue;
    const end = match.index + match[0].replace(/[\s-]+(?:and[\s-]+)?$/i, '').length;
    const unitMatch = unitAfter.exec(text.slice(end));
    const unit = unitMatch?.[1] ? unitOf(unitMatch[1]) : null;
    const stop = end + (unitMatch?.[0].length ?? 0);
    found.push({
      value: evaluated.value,
      unit,
      weighty: evaluated.scaled || unit !== null,
      start: match.index,
      end: stop,
      text: text.slice(match.index, stop),
    });
  }
  for (const match of text.matchAll(ordinalRun)) {
    const value =
      (tens[(match[1] ?? '').toLowerCase()] ?? 0) + (ordinals[(match[2] ?? '').toLowerCase()] ?? 0);
    const end = match.index + match[0].length;
    found.push({ value, unit: null, weighty: false, start: match.index, end, text: match[0] });
  }
  for (const match of text.matchAll(
    /\b(?:(a|one)[\s-]+)?(dozen|twice|double|triple|threefold|quadruple|perfect)\b/gi,
  )) {
    const word = (match[2] ?? '').toLowerCase();
    if (word === 'perfect') {
      // "perfect accuracy" is 100%.
      found.push({
        value: 100,
        unit: '%',
        weighty: true,
        start: match.index,
        end: match.index + match[0].length,
        text: match[0],
      });
      continue;
    }
    const value = word === 'dozen' ? 12 : (multipliers[word] as number);
    const unit = word === 'dozen' ? null : 'x';
    found.push({
      value,
      unit,
      weighty: true,
      start: match.index,
      end: match.index + match[0].length,
      text: match[0],
    });
  }
  // "fivefold", "ten-fold", "one-and-a-half times".
  for (const match of text.matchAll(
    new RegExp(`\\b(${Object.keys({ ...ones, ...tens }).join('|')})-?fold\\b`, 'gi'),
  )) {
    const lower = (match[1] ?? '').toLowerCase();
    const value = ones[lower] ?? tens[lower] ?? 0;
    found.push({
      value,
      unit: 'x',
      weighty: true,
      start: match.index,
      end: match.index + match[0].length,
      text: match[0],
    });
  }
  for (const match of text.matchAll(/\bone[- ]and[- ]a[- ]half\b/gi))
    found.push({
      value: 1.5,
      unit: 'x',
      weighty: true,
      start: match.index,
      end: match.index + match[0].length,
      text: match[0],
    });
  // "less than a second", "an hour": the article counts one of a time unit.
  for (const match of text.matchAll(/\b(?:a|an)\s+(?=(?:second|minute|hour|day|week|month|year)\b)/gi))
    found.push({
      value: 1,
      unit: null,
      weighty: false,
      start: match.index,
      end: match.index + match[0].length,
      text: match[0],
    });
  return found;
}

const chineseDigits: Record<string, number> = {
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/**
 * Chinese numerals before a measure word ("七种", "两阶段", "十二个", "三十五项"): the common ways a
 * summary writes a count. "一" alone is left out: "一种方法" is "a method", not a count.
 */
export function chineseWordNumbers(text: string): WordNumber[] {
  const found: WordNumber[] = [];
  const pattern =
    /(?<![唯统之专单同逐数几万亿百千零一二两三四五六七八九十])([一二两三四五六七八九十]{1,4})(?=种|个|项|类|款|篇|组|层|步|阶段|大|位|名|倍|条|轮|张|幅)/g;
  for (const match of text.matchAll(pattern)) {
    const written = match[1] ?? '';
    if (written === '一') continue;
    let value = 0;
    const tenAt = written.indexOf('十');
    if (tenAt === -1) {
      if (written.length !== 1) continue;
      value = chineseDigits[written] ?? 0;
    } else {
      const before = written.slice(0, tenAt);
      const after = written.slice(tenAt + 1);
      if (before.length > 1 || after.length > 1) continue;
      value = (before ? (chineseDigits[before] ?? 0) : 1) * 10 + (after ? (chineseDigits[after] ?? 0) : 0);
    }
    const unit = text[match.index + written.length] === '倍' ? 'x' : null;
    found.push({
      value,
      unit,
      weighty: false,
      start: match.index,
      end: match.index + written.length,
      text: written,
    });
  }
  return found;
}
