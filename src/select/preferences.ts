import type { PreferenceReason } from '../core/digest.ts';
import type { Paper } from '../core/paper.ts';
import {
  buildTfidf,
  denseVectors,
  dotDense,
  type SparseVector,
  scatter,
  unscatter,
} from '../directions/vectors.ts';
import type { LibraryEntry } from './library.ts';
import type { SelectedPaper, Selection } from './select.ts';

/**
 * Reader preferences, applied after topic relevance: a paper by a preferred author, mentioning a
 * preferred keyword, or like a paper in the reader's library moves up, and keeps the reasons so the
 * post can say why ("★ keyword: diffusion"). Every reason is a fact a checker can find again: the
 * author in the paper's author list, the keyword in its title or abstract, the library title in
 * the reader's file. Pure and deterministic.
 */

export interface ReaderPreferences {
  keywords: string[];
  authors: string[];
  /** How much one match counts against normalised topic relevance (0..1). */
  weight: number;
  library: LibraryEntry[];
  /** Library similarity below this is no reason (default 0.2 for TF-IDF, 0.5 for embeddings). */
  minSimilarity?: number;
}

export interface PreferenceMatch {
  /** Sum of the matches: 1 per author, 1 per keyword, the cosine of the closest library paper. */
  score: number;
  reasons: PreferenceReason[];
}

export const defaultMinSimilarity = { tfidf: 0.2, embeddings: 0.5 } as const;

/** Lowercase, accents off, hyphens and runs of spaces as one space: "Vision-Language" = "vision language". */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[-_/]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "Doe, Jane" and "Jane Doe" are the same name; case and accents do not matter. */
export function normalizeAuthor(name: string): string {
  const comma = name.indexOf(',');
  const ordered = comma > 0 ? `${name.slice(comma + 1)} ${name.slice(0, comma)}` : name;
  return normalizeText(ordered.replace(/\./g, ' '));
}

/** The paper's author that is `name` (as the paper writes it), or null. */
export function matchingAuthor(paper: Paper, name: string): string | null {
  const wanted = normalizeAuthor(name);
  return paper.authors.find((author) => normalizeAuthor(author) === wanted) ?? null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * True when the title or abstract mentions the keyword as whole words (a plural "s"/"es" allowed):
 * "point cloud" matches "Point-Cloud" and "point clouds", "art" does not match "start". Keywords in
 * Chinese (no spaces between words) match as substrings.
 */
export function mentionsKeyword(paper: Pick<Paper, 'title' | 'abstract'>, keyword: string): boolean {
  const text = normalizeText(`${paper.title} ${paper.abstract ?? ''}`);
  const wanted = normalizeText(keyword);
  if (!wanted) return false;
  if (!/[a-z0-9]/.test(wanted)) return text.includes(wanted);
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(wanted)}(?:s|es)?(?![\\p{L}\\p{N}])`, 'u').test(text);
}

function paperText(paper: Pick<Paper, 'title' | 'abstract'>): string {
  return `${paper.title}\n${paper.abstract ?? ''}`;
}

function libraryText(entry: LibraryEntry): string {
  return `${entry.title}\n${entry.abstract ?? ''}`;
}

/** Each paper's closest library entry and its cosine, from unit vectors (papers first, then the library). */
function closestInLibrary(
  vectors: SparseVector[],
  dimension: number,
  paperCount: number,
): { index: number; similarity: number }[] {
  const library = vectors.slice(paperCount);
  const dense = new Float64Array(dimension);
  return vectors.slice(0, paperCount).map((vector) => {
    scatter(vector, dense);
    let best = { index: -1, similarity: 0 };
    library.forEach((entry, index) => {
      const similarity = dotDense(entry, dense);
      if (similarity > best.similarity) best = { index, similarity };
    });
    unscatter(vector, dense);
    return best;
  });
}

export interface MatchOptions {
  /** Embedding vectors for the given texts (papers, then library entries); TF-IDF when absent. */
  embed?: (texts: string[]) => Promise<number[][]>;
}

/** Matches every paper against the preferences; papers that match nothing get no entry. */
export async function matchPreferences(
  papers: Paper[],
  preferences: ReaderPreferences,
  options: MatchOptions = {},
): Promise<Map<string, PreferenceMatch>> {
  const matches = new Map<string, PreferenceMatch>();
  let closest: { index: number; similarity: number }[] = [];
  if (preferences.library.length > 0 && papers.length > 0) {
    const texts = [...papers.map(paperText), ...preferences.library.map(libraryText)];
    const { vectors, dimension } = options.embed
      ? denseVectors(await options.embed(texts))
      : buildTfidf(texts);
    closest = closestInLibrary(vectors, dimension, papers.length);
  }
  const minSimilarity =
    preferences.minSimilarity ??
    (options.embed ? defaultMinSimilarity.embeddings : defaultMinSimilarity.tfidf);
  papers.forEach((paper, index) => {
    const reasons: PreferenceReason[] = [];
    let score = 0;
    for (const name of preferences.authors) {
      const author = matchingAuthor(paper, name);
      if (author && !reasons.some((reason) => reason.kind === 'author' && reason.author === author)) {
        reasons.push({ kind: 'author', author });
        score += 1;
      }
    }
    for (const keyword of preferences.keywords) {
      if (mentionsKeyword(paper, keyword)) {
        reasons.push({ kind: 'keyword', keyword });
        score += 1;
      }
    }
    const near = closest[index];
    const entry = near ? preferences.library[near.index] : undefined;
    // Two decimals is what the post prints; the score uses the same figure so the order can be explained.
    const similarity = near ? Math.round(near.similarity * 100) / 100 : 0;
    if (entry && similarity >= minSimilarity) {
      reasons.push({ kind: 'library', title: entry.title, similarity });
      score += similarity;
    }
    if (reasons.length > 0) matches.set(paper.id, { score, reasons });
  });
  return matches;
}

/**
 * Topic relevance plus preference: relevance is scaled to 0..1 by the best paper's, then `weight`
 * times the preference score is added, so with weight 1 a single author or keyword match outranks
 * every paper without one. Papers given as they are (--input) keep their order among equals: the
 * preferred ones simply come first. Ties break by id, as in selection.
 */
export function rankByPreference(
  ranked: SelectedPaper[],
  matches: Map<string, PreferenceMatch>,
  options: { weight: number; asGiven: boolean },
): SelectedPaper[] {
  const best = Math.max(0, ...ranked.map((entry) => entry.relevance));
  const scored = ranked.map((entry, position) => {
    const preference = (matches.get(entry.paper.id)?.score ?? 0) * options.weight;
    const relevance = options.asGiven || best === 0 ? 0 : entry.relevance / best;
    return { entry, position, score: relevance + preference };
  });
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      (options.asGiven ? a.position - b.position : a.entry.paper.id.localeCompare(b.entry.paper.id)),
  );
  return scored.map(({ entry }) => entry);
}

export interface PreferredSelection {
  selection: Selection;
  reasons: Map<string, PreferenceReason[]>;
}

/**
 * Applies the preferences to a selection made without a limit: matches the selected papers, orders
 * them by relevance plus preference, then cuts to `limit`, so preference decides who is in as well
 * as the order. Only selected papers are matched (embeddings cost money per text).
 */
export async function applyPreferences(
  selection: Selection,
  preferences: ReaderPreferences,
  options: MatchOptions & { limit: number | null },
): Promise<PreferredSelection> {
  const matches = await matchPreferences(
    selection.papers.map((entry) => entry.paper),
    preferences,
    options.embed ? { embed: options.embed } : {},
  );
  let papers = rankByPreference(selection.papers, matches, {
    weight: preferences.weight,
    asGiven: selection.policy === 'as-given',
  });
  const dropped = { ...selection.dropped };
  if (options.limit !== null && papers.length > options.limit) {
    dropped.overLimit += papers.length - options.limit;
    papers = papers.slice(0, options.limit);
  }
  const reasons = new Map<string, PreferenceReason[]>();
  for (const entry of papers) {
    const match = matches.get(entry.paper.id);
    if (match) reasons.set(entry.paper.id, match.reasons);
  }
  const replacedCount = papers.filter((entry) => (entry.paper.version ?? 1) > 1).length;
  return { selection: { ...selection, papers, dropped, replacedCount }, reasons };
}
