import type { DateWindow } from '../core/dates.ts';
import type { VersionPolicy } from '../core/digest.ts';
import { type Paper, paperDate } from '../core/paper.ts';
import type { Topic } from '../core/topic.ts';
import { bm25Scores } from './bm25.ts';
import { queryPhrases } from './query-terms.ts';

export interface SelectionOptions {
  topic: Topic;
  /** Papers dated outside it are left out (null: no date filter). */
  window: DateWindow | null;
  limit: number | null;
  /** Keep replaced versions (v2+ announced in the window) next to new submissions. */
  includeReplaced: boolean;
  /** Papers featured in an earlier digest of the topic (left out). */
  seenIds: ReadonlySet<string>;
  /** --input: the papers are the selection as given, in their order, whatever their version. */
  asGiven: boolean;
}

export interface SelectedPaper {
  paper: Paper;
  relevance: number;
}

export interface Selection {
  papers: SelectedPaper[];
  policy: VersionPolicy;
  /** How many papers each rule left out, for the run report. */
  dropped: {
    outsideWindow: number;
    replaced: number;
    seen: number;
    excluded: number;
    offTopic: number;
    overLimit: number;
  };
  /** Selected papers whose record is a v2+ version, stated in the post. */
  replacedCount: number;
}

/** Lowercase, hyphens and runs of spaces as one space: "Vision-Language" matches "vision language". */
function searchable(text: string): string {
  return text
    .toLowerCase()
    .replace(/[-_/]+/g, ' ')
    .replace(/\s+/g, ' ');
}

function mentionsAny(paper: Paper, keywords: string[]): boolean {
  const text = searchable(`${paper.title} ${paper.abstract ?? ''}`);
  return keywords.some((keyword) => text.includes(searchable(keyword)));
}

/**
 * True when the paper is a replacement rather than a new submission in the window: its first
 * version is older than the window, or arXiv announced it as a replacement, or it is v2+ with no
 * v1 date to show otherwise.
 */
export function isReplacement(paper: Paper, window: DateWindow | null): boolean {
  if (paper.published) return window !== null && paper.published < window.from;
  if (paper.announceType === 'replace' || paper.announceType === 'replace-cross') return true;
  return (paper.version ?? 1) > 1;
}

/** Where a paper falls against the window: by its own date, only by a later version's date, or not at all. */
function placeInWindow(paper: Paper, window: DateWindow): 'dated' | 'updated' | 'outside' {
  const date = paperDate(paper);
  if (date !== null && date >= window.from && date <= window.to) return 'dated';
  if (paper.updated !== null && paper.updated >= window.from && paper.updated <= window.to) return 'updated';
  return 'outside';
}

/** Picks and orders the papers of one digest. Pure and deterministic: ties break by id. */
export function selectPapers(candidates: Paper[], options: SelectionOptions): Selection {
  const dropped = { outsideWindow: 0, replaced: 0, seen: 0, excluded: 0, offTopic: 0, overLimit: 0 };
  const { topic } = options;
  const kept: Paper[] = [];
  const seenIds = new Set<string>();
  for (const paper of candidates) {
    if (seenIds.has(paper.id)) continue;
    seenIds.add(paper.id);
    const place = options.window ? placeInWindow(paper, options.window) : 'dated';
    const replaced = place === 'updated' || isReplacement(paper, options.window);
    if (place === 'outside') {
      dropped.outsideWindow += 1;
    } else if (!options.asGiven && !options.includeReplaced && replaced) {
      dropped.replaced += 1;
    } else if (options.seenIds.has(paper.id)) {
      dropped.seen += 1;
    } else if (topic.exclude.length > 0 && mentionsAny(paper, topic.exclude)) {
      dropped.excluded += 1;
    } else if (!options.asGiven && topic.include.length > 0 && !mentionsAny(paper, topic.include)) {
      dropped.offTopic += 1;
    } else {
      kept.push(paper);
    }
  }
  const queryText = [...queryPhrases(topic.query), ...topic.include].join(' ');
  const scores = bm25Scores(kept, queryText);
  let ranked: SelectedPaper[] = kept.map((paper, index) => ({ paper, relevance: round(scores[index] ?? 0) }));
  if (!options.asGiven) {
    const hasQuery = ranked.some((entry) => entry.relevance > 0);
    if (hasQuery) {
      const before = ranked.length;
      ranked = ranked.filter((entry) => entry.relevance > 0);
      dropped.offTopic += before - ranked.length;
    }
    ranked.sort((a, b) => b.relevance - a.relevance || a.paper.id.localeCompare(b.paper.id));
  }
  if (options.limit !== null && ranked.length > options.limit) {
    dropped.overLimit = ranked.length - options.limit;
    // As given: keep the most relevant, but in the order they were given.
    const best = new Set(
      [...ranked]
        .sort((a, b) => b.relevance - a.relevance || a.paper.id.localeCompare(b.paper.id))
        .slice(0, options.limit)
        .map((entry) => entry.paper.id),
    );
    ranked = ranked.filter((entry) => best.has(entry.paper.id));
  }
  const policy: VersionPolicy = options.asGiven
    ? 'as-given'
    : options.includeReplaced
      ? 'include-replaced'
      : 'new-only';
  const replacedCount = ranked.filter((entry) => (entry.paper.version ?? 1) > 1).length;
  return { papers: ranked, policy, dropped, replacedCount };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
