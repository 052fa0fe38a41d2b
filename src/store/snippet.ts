import { stemmer } from 'stemmer';
import { insideMath, type MathSpan, mathSpans } from '../core/math.ts';
import type { Paper } from '../core/paper.ts';
import { containsCjk } from '../core/text.ts';

/**
 * Search snippets cut from the ORIGINAL text. The full-text index holds Chinese as jieba words with
 * a space between every word ("信号 整合 到 单一 画布"), so FTS5's own snippet() reads that way;
 * here the matched terms are found again in the text as it was written and marked [like this].
 * English words match as the index matches them: lowercase, without diacritics, Porter-stemmed.
 */

export interface SnippetOptions {
  /** Characters of Latin-script text around the matches. */
  latinWidth?: number;
  /** Characters of Chinese text (denser: one character is about a word). */
  cjkWidth?: number;
}

interface Match {
  start: number;
  end: number;
  term: number;
}

// Words of non-Han scripts; a run of Han characters is not one word (it is matched by substring).
const latinWord = /(?:(?!\p{Script=Han})[\p{L}\p{N}\p{M}])+/gu;

const fold = (word: string): string =>
  word
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

const stem = (word: string): string => stemmer(fold(word));

/** Where the query's terms occur in the text, as [start, end) ranges in the original string. */
export function findTerms(text: string, terms: readonly string[]): Match[] {
  const matches: Match[] = [];
  const latin = new Map<string, number>();
  terms.forEach((term, index) => {
    if (containsCjk(term)) {
      for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + 1))
        matches.push({ start: at, end: at + term.length, term: index });
    } else if (!latin.has(stem(term))) {
      latin.set(stem(term), index);
    }
  });
  if (latin.size > 0) {
    for (const word of text.matchAll(latinWord)) {
      const term = latin.get(stem(word[0]));
      if (term !== undefined) matches.push({ start: word.index, end: word.index + word[0].length, term });
    }
  }
  // A term inside a formula is left alone: brackets there would break the TeX.
  const spans = mathSpans(text);
  return matches
    .filter((match) => !insideMath(spans, match.start) && !insideMath(spans, match.end))
    .sort((a, b) => a.start - b.start || b.end - a.end);
}

const distinctTerms = (matches: readonly Match[]): number => new Set(matches.map((match) => match.term)).size;

/** How well a text answers the query: distinct terms found, then occurrences. */
export function matchScore(text: string, terms: readonly string[]): number {
  const matches = findTerms(text, terms);
  return distinctTerms(matches) * 1000 + matches.length;
}

/**
 * The part of `text` that holds the most distinct query terms within the width, with every match
 * wrapped in [ ] and "…" where the text was cut. Null when no term occurs.
 */
export function snippetOf(
  text: string,
  terms: readonly string[],
  options: SnippetOptions = {},
): string | null {
  const matches = findTerms(text, terms);
  if (matches.length === 0) return null;
  const width = containsCjk(text) ? (options.cjkWidth ?? 80) : (options.latinWidth ?? 180);
  const lead = Math.floor(width / 4);
  let best = { start: 0, score: -1 };
  for (const anchor of matches) {
    const start = Math.max(0, anchor.start - lead);
    const inside = matches.filter((match) => match.start >= start && match.end <= start + width);
    const score = distinctTerms(inside) * 1000 + inside.length;
    if (score > best.score) best = { start, score };
  }
  const [start, end] = snapToFormulas(
    mathSpans(text),
    snapToWords(text, best.start, Math.min(text.length, best.start + width)),
  );
  let out = start > 0 ? '…' : '';
  let at = start;
  for (const match of mergeOverlaps(matches.filter((entry) => entry.start >= start && entry.end <= end))) {
    out += `${text.slice(at, match.start)}[${text.slice(match.start, match.end)}]`;
    at = match.end;
  }
  out += text.slice(at, end) + (end < text.length ? '…' : '');
  return out.replace(/\s+/g, ' ').trim();
}

/** Moves the cuts out of the middle of a Latin word (Chinese can be cut between any two characters). */
function snapToWords(text: string, start: number, end: number): [number, number] {
  const isWordChar = (index: number): boolean =>
    /[\p{L}\p{N}]/u.test(text[index] ?? '') && !containsCjk(text[index] ?? '');
  let from = start;
  while (from > 0 && from > start - 20 && isWordChar(from - 1) && isWordChar(from)) from -= 1;
  let to = end;
  while (to < text.length && to < end + 20 && isWordChar(to - 1) && isWordChar(to)) to += 1;
  return [from, to];
}

/** Never cuts a formula in two: a cut inside one moves out to take the whole formula. */
function snapToFormulas(spans: readonly MathSpan[], [start, end]: [number, number]): [number, number] {
  const cutStart = spans.find((span) => start > span.start && start < span.end);
  const cutEnd = spans.find((span) => end > span.start && end < span.end);
  return [cutStart ? cutStart.start : start, cutEnd ? cutEnd.end : end];
}

function mergeOverlaps(matches: readonly Match[]): Match[] {
  const merged: Match[] = [];
  for (const match of matches) {
    const last = merged.at(-1);
    if (last && match.start <= last.end) last.end = Math.max(last.end, match.end);
    else merged.push({ ...match });
  }
  return merged;
}

/**
 * A search hit's snippet: from whichever original text holds the most query terms (abstract first on
 * a tie, then the stored summaries, title, authors). When none does as written (a stem FTS5 and the
 * stemmer here disagree on), FTS5's own snippet, which is only used for text without Chinese.
 */
export function originalSnippet(
  paper: Paper,
  summaries: readonly string[],
  terms: readonly string[],
  indexSnippet: string,
): string {
  const texts = [paper.abstract ?? '', ...summaries, paper.title, paper.authors.join(', ')];
  let best: { text: string; score: number } = { text: '', score: 0 };
  for (const text of texts) {
    const score = matchScore(text, terms);
    if (score > best.score) best = { text, score };
  }
  const snippet = best.score > 0 ? snippetOf(best.text, terms) : null;
  if (snippet) return snippet;
  if (!containsCjk(indexSnippet)) return indexSnippet.replace(/\s+/g, ' ');
  const opening = paper.abstract ?? paper.title;
  return opening.length > 180 ? `${opening.slice(0, 180)}…` : opening;
}
