import type { TfidfModel } from './vectors.ts';
import { phraseEnd, phraseLead, phrasePlaces } from './word-roles.ts';
import { isWordCharacter } from './word-table.ts';

/** Stands between two words that are not adjacent in the text (a dropped word or punctuation between). */
export const gap = -1;

/**
 * The texts as phrase-building sees them: the TF-IDF model's kept words, in order, with a gap wherever
 * the text has anything but whitespace between two of them ("point. Cloud", "reasoning over scenes").
 * Reusing the model's tokens instead of tokenizing again halves the cost of phrases on large digests:
 * each kept word is only located in the text (indexOf from the previous one).
 */
export interface PhraseTokens {
  /** Per document: word ids in text order, `gap` between words that are not adjacent. */
  documents: Int32Array[];
  /** Per word id, its surface: the model's surface words, then "model" and "models". */
  words: readonly string[];
  /** Per word id, its stem's number (the model's term index; "model(s)" get one past the last). */
  stemIds: Int32Array;
  /** Per word id: 1 = may lead a phrase, 2 = may end one, 3 = both, 0 = neither. */
  roles: Uint8Array;
  /** How many stem numbers there are. */
  stemCount: number;
}

export const leads = phraseLead;
export const heads = phraseEnd;

/**
 * Words the model drops as academic stopwords that still end a phrase ("language models", "world
 * model"): found right after a kept word.
 */
const trailingHeads = ['models', 'model'] as const;

/** Reads the documents listed (all by default); the others get no words. */
export function phraseTokens(
  model: TfidfModel,
  texts: readonly string[],
  only?: readonly number[],
): PhraseTokens {
  const listed = only ?? texts.map((_, document) => document);
  const surfaceCount = model.surfaceWords.length;
  const words = [...model.surfaceWords, ...trailingHeads];
  const stemIds = new Int32Array(words.length).fill(-1);
  const roles = new Uint8Array(words.length);
  const known = new Uint8Array(words.length);
  for (let index = surfaceCount; index < words.length; index++) {
    stemIds[index] = model.vocabulary.length;
    roles[index] = heads;
    known[index] = 1;
  }
  // At most three entries per kept word (a gap, the word, a trailing "models"): one allocation.
  let keptTotal = 0;
  for (const document of listed)
    keptTotal += (model.tokens[document] as TfidfModel['tokens'][number]).surfaces.length;
  const buffer = new Int32Array(keptTotal * 3);
  let length = 0;
  const documents: Int32Array[] = texts.map(() => buffer.subarray(0, 0));
  for (const document of listed) {
    const text = cleanedLikeWords(texts[document] as string);
    const { terms, surfaces } = model.tokens[document] as TfidfModel['tokens'][number];
    const first = length;
    let cursor = 0;
    // Where the next kept word must start to be adjacent (after whitespace only); -1 at the start.
    let adjacentAt = -1;
    for (let position = 0; position < surfaces.length; position++) {
      const id = surfaces[position] as number;
      const word = model.surfaceWords[id] as string;
      const at = findWord(text, word, cursor);
      // Not found cannot happen when the text is the one the model read; a gap keeps it harmless.
      if (at < 0) {
        buffer[length++] = gap;
        continue;
      }
      if (adjacentAt >= 0 && at !== adjacentAt) buffer[length++] = gap;
      if (known[id] === 0) {
        known[id] = 1;
        stemIds[id] = terms[position] as number;
        roles[id] = phrasePlaces(word);
      }
      buffer[length++] = id;
      let end = at + word.length;
      let next = skipWhitespace(text, end);
      // "m" is rare after a word; only then is "models"/"model" looked for.
      if (next > end && text.charCodeAt(next) === 109) {
        const trailing = trailingHeadAt(text, next);
        if (trailing >= 0) {
          buffer[length++] = surfaceCount + trailing;
          end = next + (trailingHeads[trailing] as string).length;
          next = skipWhitespace(text, end);
        }
      }
      adjacentAt = next;
      cursor = end;
    }
    documents[document] = buffer.subarray(first, length);
  }
  return { documents, words, stemIds, roles, stemCount: model.vocabulary.length + 1 };
}

/** The text as words() (core/text.ts) reads it, with links turned into a clause break. */
function cleanedLikeWords(text: string): string {
  let cleaned = text.toLowerCase();
  // Most abstracts have no LaTeX and no link: those passes are skipped when they cannot match.
  if (cleaned.includes('\\'))
    cleaned = cleaned.replace(/\\[a-z]+\{([^}]*)\}/g, ' $1 ').replace(/\\[a-z]+/g, ' ');
  if (cleaned.includes('http')) cleaned = cleaned.replace(/https?:\/\/\S+/g, ' . ');
  return cleaned;
}

/** Whether position `index` of the text cannot continue a word on the side given (as words() matches). */
function isEdge(text: string, index: number, step: 1 | -1): boolean {
  const code = text.charCodeAt(index);
  if (Number.isNaN(code)) return true;
  if (isWordCharacter(code)) return false;
  // "-" and "'" join words ("vision-language", "model's") only between word characters.
  return !((code === 45 || code === 39) && isWordCharacter(text.charCodeAt(index + step)));
}

/** The next whole-word occurrence of `word` at or after `from`, or -1. */
function findWord(text: string, word: string, from: number): number {
  for (let at = text.indexOf(word, from); at >= 0; at = text.indexOf(word, at + 1)) {
    if (isEdge(text, at - 1, -1) && isEdge(text, at + word.length, 1)) return at;
  }
  return -1;
}

function skipWhitespace(text: string, from: number): number {
  let index = from;
  for (; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code !== 32 && code !== 10 && code !== 13 && code !== 9) break;
  }
  return index;
}

/** "models" or "model" as a whole word at `start`: its index in `trailingHeads`, else -1. */
function trailingHeadAt(text: string, start: number): number {
  for (let index = 0; index < trailingHeads.length; index++) {
    const word = trailingHeads[index] as string;
    if (text.startsWith(word, start) && isEdge(text, start + word.length, 1)) return index;
  }
  return -1;
}
