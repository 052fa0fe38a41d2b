import { stemmer } from 'stemmer';
import { eng } from 'stopword';

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
  const cleaned = text
    .toLowerCase()
    .replace(/\\[a-z]+\{([^}]*)\}/g, ' $1 ')
    .replace(/\\[a-z]+/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ');
  return cleaned.match(/[a-z0-9]+(?:[-'][a-z0-9]+)*/g) ?? [];
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

// Abbreviations after which a period does not end a sentence.
const abbreviations =
  /(?:\bet al|\be\.g|\bi\.e|\bcf|\bvs|\bFig|\bFigs|\bEq|\bEqs|\bSec|\bTab|\bapprox|\bresp|\bDr|\bProf|\bMr|\bMs)\.\s*$/;

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Splits English prose into sentences. Intl.Segmenter splits after "et al." and "e.g."; those pieces
 * are merged back. Decimal numbers ("9.4%") never split. Input beyond 100k chars is cut (the
 * segmenter gets slow and abstracts are far shorter).
 */
export function sentences(text: string): string[] {
  const input = text.length > 100_000 ? text.slice(0, 100_000) : text;
  const pieces: string[] = [];
  for (const { segment } of sentenceSegmenter.segment(input)) {
    const previous = pieces[pieces.length - 1];
    if (previous !== undefined && (abbreviations.test(previous) || /^[a-z0-9(]/.test(segment.trim()))) {
      pieces[pieces.length - 1] = previous + segment;
    } else {
      pieces.push(segment);
    }
  }
  return pieces.map((piece) => piece.trim()).filter((piece) => piece.length > 0);
}

const cjkPattern = /[\u3400-\u9fff\uf900-\ufaff]/;

export function containsCjk(text: string): boolean {
  return cjkPattern.test(text);
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
  /\b(?:ignore|disregard|forget|override)\b[^.!?。]{0,60}\b(?:instructions?|prompts?|rules|guidelines|above|previous|system)\b|\b(?:you (?:must|should|will|are to)|(?:state|say|claim|write|report|mention) that)\b|忽略(?:你的|之前的|以上|所有)?(?:指令|提示|规则)/i;

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
