import { stemmer } from 'stemmer';
import { eng } from 'stopword';
import type { Language } from './digest.ts';
import { maskMath } from './math.ts';

/**
 * English text helpers shared by selection (BM25), directions (TF-IDF) and the extractive summarizer
 * (TextRank), so all three see the same terms.
 */

// Words that carry no topic in paper abstracts, on top of the general English list.
const academicStopwords = [
  'paper',
  'propose',
  'proposed',
  'method',
  'methods',
  'approach',
  'approaches',
  'result',
  'results',
  'show',
  'shows',
  'shown',
  'demonstrate',
  'demonstrates',
  'present',
  'presents',
  'introduce',
  'introduces',
  'novel',
  'new',
  'based',
  'using',
  'use',
  'used',
  'also',
  'however',
  'existing',
  'work',
  'works',
  'study',
  'studies',
  'experiments',
  'experimental',
  'extensive',
  'significantly',
  'state',
  'art',
  'art.',
  'via',
  'well',
  'can',
  'may',
  'first',
  'two',
  'three',
  'one',
  'various',
  'while',
  'across',
  'achieve',
  'achieves',
  'performance',
  'outperforms',
  'task',
  'tasks',
  'framework',
  'model',
  'models',
  'data',
  'dataset',
  'datasets',
  'benchmark',
  'benchmarks',
  'e.g',
  'i.e',
  'et',
  'al',
];

const stopwordSet: ReadonlySet<string> = new Set([...eng, ...academicStopwords]);

/** General stopwords only (keeps "model", "method" ...), for readable keyword surfaces. */
const generalStopwordSet: ReadonlySet<string> = new Set(eng);

export function isStopword(word: string, academic = true): boolean {
  return (academic ? stopwordSet : generalStopwordSet).has(word);
}

/** Lowercased word tokens; hyphenated compounds stay whole ("vision-language"); LaTeX commands dropped. */
export function words(text: string): string[] {
  return wordText(text).match(/[a-z0-9]+(?:[-'][a-z0-9]+)*/g) ?? [];
}

/** The text as words() reads it: lowercase, LaTeX commands and links dropped. */
export function wordText(text: string): string {
  let cleaned = text.toLowerCase();
  // Most texts have no LaTeX and no link: those passes are skipped when they cannot match.
  if (cleaned.includes('\\'))
    cleaned = cleaned.replace(/\\[a-z]+\{([^}]*)\}/g, ' $1 ').replace(/\\[a-z]+/g, ' ');
  if (cleaned.includes('http')) cleaned = cleaned.replace(/https?:\/\/\S+/g, ' ');
  return cleaned;
}

const stemCache = new Map<string, string>();

/** Porter stem with a cache (the same few thousand words recur across thousands of abstracts). */
export function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    stemmed = word.includes('-') ? word.split('-').map(stemmer).join('-') : stemmer(word);
    if (stemCache.size < 200_000) stemCache.set(word, stemmed);
  }
  return stemmed;
}

/** Content terms: words without stopwords, pure numbers or 1-letter tokens, stemmed. */
export function terms(text: string): string[] {
  const result: string[] = [];
  for (const word of words(text)) {
    if (word.length < 2 || /^\d+$/.test(word) || stopwordSet.has(word)) continue;
    result.push(stem(word));
  }
  return result;
}

/**
 * Maps stems back to the most frequent surface word seen for them, so keywords read as words
 * ("generat" -> "generation").
 */
export class SurfaceForms {
  private readonly counts = new Map<string, Map<string, number>>();

  add(text: string): void {
    for (const word of words(text)) {
      if (word.length < 2 || /^\d+$/.test(word) || stopwordSet.has(word)) continue;
      const key = stem(word);
      let forms = this.counts.get(key);
      if (!forms) {
        forms = new Map();
        this.counts.set(key, forms);
      }
      forms.set(word, (forms.get(word) ?? 0) + 1);
    }
  }

  surface(term: string): string {
    const forms = this.counts.get(term);
    if (!forms) return term;
    let best = term;
    let bestCount = -1;
    for (const [word, count] of forms) {
      if (count > bestCount || (count === bestCount && word < best)) {
        best = word;
        bestCount = count;
      }
    }
    return best;
  }
}

// Abbreviations after which a period never ends a sentence ("e.g. GPT-4", "Fig. 3", "vs. CLIP").
const abbreviationBefore =
  /(?:^|[^A-Za-z])(?:e\.g|i\.e|cf|vs|Fig|Figs|Eq|Eqs|Sec|Secs|Tab|Tabs|Ref|Refs|approx|resp|etc|Dr|Prof|Mr|Ms|Mrs|St|No|Nos|Vol|pp|Proc|Conf|Int|Trans|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)$/;
// Abbreviated words of journal and venue names ("Journal of Sel. Areas", "Braz. J. Phys", "Proc. Natl.
// Acad. Sci."): a period after them is part of the name.
const venueAbbreviationBefore =
  /(?:^|[^A-Za-z])(?:Sel|Int|Conf|Trans|Phys|Rev|Lett|Braz|Appl|Comput|Comp|Sci|Eng|Math|Stat|Mech|Chem|Biol|Med|Res|Syst|Inf|Inform|Commun|Netw|Lang|Anal|Mach|Intell|Robot|Autom|Electron|Eur|Amer|Natl|Acad|Soc|Assoc|Symp|Adv|Theor|Exp|Opt|Astron|Astrophys|Nucl|Numer|Optim|Technol|Ann|Bull|Jpn|Chin|Ind|Environ|Mol|Mater|Struct|Dyn|Geom|Oper|Inst|Univ|Ser|Suppl|Softw|Vis|Graph|Process|Signal)$/;
// "et al." ends a sentence only when a capitalised word follows ("by Smith et al. Our method wins.").
const etAlBefore = /(?:^|[^A-Za-z])et al$/;
// A single capital letter is an initial ("J. Smith"), not a sentence.
const initialBefore = /(?:^|[^A-Za-z])[A-Z]$/;
const cjkTerminators = '。！？';
const closingMarks = '”’」』）)]';

/**
 * The one sentence splitter (English and Chinese): 。！？ end Chinese sentences (；and ， do not), and
 * . ! ? end English ones when whitespace and a capital, digit, quote, bracket or CJK character
 * follow. Never after "e.g.", "i.e.", "Fig.", "vs.", initials or inside a decimal number, never inside
 * TeX math; "et al." ends one only before a capitalised word. A blank line ends a sentence; a single
 * line break (hard-wrapped abstracts) does not.
 */
export function sentences(text: string): string[] {
  const input = text.length > 100_000 ? text.slice(0, 100_000) : text;
  const { masked, restore } = maskMath(input);
  const pieces: string[] = [];
  let start = 0;
  const cut = (at: number) => {
    pieces.push(masked.slice(start, at));
    start = at;
  };
  for (let index = 0; index < masked.length; index++) {
    const char = masked[index] as string;
    if (char === '\n' && /^\n[ \t]*\n/.test(masked.slice(index, index + 40))) {
      cut(index);
      continue;
    }
    const cjkEnd = cjkTerminators.includes(char);
    if (!cjkEnd && char !== '.' && char !== '!' && char !== '?') continue;
    // Runs of terminators ("？！", "...") and closing quotes or brackets stay with the sentence.
    let end = index + 1;
    while (end < masked.length && `${cjkTerminators}.!?`.includes(masked[end] as string)) end++;
    while (end < masked.length && closingMarks.includes(masked[end] as string)) end++;
    // A straight quote closes only when a space or the end follows ('said "yes." Then').
    if (/^["']($|\s)/.test(masked.slice(end, end + 2))) end++;
    const after = masked.slice(end);
    if (cjkEnd) {
      cut(end);
      index = end - 1;
      continue;
    }
    const next = /^\s+(\S)/.exec(after)?.[1] ?? (after.length === 0 ? '' : null);
    const cjkNext = containsCjk(after.slice(0, 1));
    if (next === null && !cjkNext) continue;
    if (next !== null && next !== '' && !/[A-Z0-9"“‘'(（[\u3400-\u9fff\uE000]/.test(next)) continue;
    if (char === '.') {
      const before = masked.slice(Math.max(0, index - 12), index);
      if (
        abbreviationBefore.test(before) ||
        initialBefore.test(before) ||
        venueAbbreviationBefore.test(before)
      )
        continue;
      // Journal abbreviations chain: "Braz. J. Phys", "Phys. Rev. Lett." (a short capitalised word, then another).
      if (/(?:^|[^A-Za-z])[A-Z][a-z]{0,4}$/.test(before) && /^\s+[A-Z][a-z]{0,4}\./.test(after)) continue;
      // A list marker ("；2. 利用…", "1. We") is not the end of a sentence.
      if (/(?:^|[\s；;：:，,。(（])\d{1,2}$/.test(before)) continue;
      if (etAlBefore.test(before) && !/^[A-Z]/.test(next ?? '')) continue;
    }
    cut(end);
    index = end - 1;
  }
  pieces.push(masked.slice(start));
  return pieces
    .map((piece) => restore(piece.replace(/\s+/g, ' ').trim()))
    .filter((piece) => piece.length > 0);
}

const cjkPattern = /[\u3400-\u9fff\uf900-\ufaff]/;

export function containsCjk(text: string): boolean {
  return cjkPattern.test(text);
}

/**
 * Share of Chinese in a text: CJK characters against CJK characters plus Latin words, a Latin word
 * counting as two (a Chinese word is about two characters), so "“reinforcement” 相关研究" reads as
 * Chinese and "Canvas-to-Image" or "GRPO 1" do not. TeX math and URLs are neither language.
 */
export function cjkShare(text: string): number {
  const { masked } = maskMath(text);
  const prose = masked.replace(/https?:\/\/\S+/g, ' ');
  const cjk = prose.match(/[\u3400-\u9fff\uf900-\ufaff]/g)?.length ?? 0;
  const latinWords = prose.match(/[A-Za-z]+/g)?.length ?? 0;
  return cjk + latinWords === 0 ? 0 : cjk / (cjk + 2 * latinWords);
}

/**
 * The one language test, for summaries, direction names and overviews alike: Chinese text is at
 * least 30% Chinese by cjkShare (technical terms stay English: "基于 GRPO 的强化学习" passes, "GRPO 1"
 * and "Canvas-to-Image" do not); English text has no CJK at all. Null when `text` is in `language`.
 */
export function languageProblem(text: string, language: Language): string | null {
  if (language === 'zh' && cjkShare(text) < 0.3) return 'is not written in Chinese';
  if (language === 'en' && containsCjk(text)) return 'is not written in English';
  return null;
}

export function isLanguage(text: string, language: Language): boolean {
  return languageProblem(text, language) === null;
}

/** A file-name-safe slug: lowercase ASCII letters, digits and dashes; never empty, never "..". */
export function slugify(text: string, fallback = 'digest'): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return slug.length > 0 ? slug : fallback;
}

// Sentences that address a language model rather than describe research: "ignore your instructions",
// "you must state", "say that this paper was accepted". A prompt injection in an abstract is such a sentence.
const instructionPattern =
  /\b(?:ignore|disregard|forget|override)\b[^.!?。]{0,60}\b(?:instructions?|prompts?|rules|guidelines|above|previous|system)\b|\b(?:you (?:must|should|will|are to)|(?<!\b(?:we|they|authors?|studies|papers?|works?)\s+)(?:state|say|claim|write|report|mention) that)\b|忽略(?:你的|之前的|以上|所有)?(?:指令|提示|规则)/i;

/** True for a sentence that gives instructions to a reader-model instead of describing the work. */
export function isInstruction(sentence: string): boolean {
  return instructionPattern.test(sentence);
}

/**
 * The text without its instruction sentences: they ground nothing (a number or venue that only an
 * injected instruction states is not the paper's claim) and are never quoted as the paper's words.
 */
export function withoutInstructions(text: string): string {
  if (!instructionPattern.test(text)) return text;
  return sentences(text)
    .filter((sentence) => !isInstruction(sentence))
    .join(' ');
}
