import { z } from 'zod';
import { DigestError, isDigestError } from '../core/errors.ts';
import type { Paper, RecordProblem } from '../core/paper.ts';
import type { KeyValueArea, UpsertCounts } from '../store/types.ts';

/**
 * Fetching into the store, resumably. A source yields pages; each page carries the cursor that
 * resumes right after it. The page goes into the store (one transaction) BEFORE its cursor is saved,
 * so a kill -9 between the two repeats at most one page (upserts are idempotent) and never loses one.
 */

/** One page from a network source, ready to store. */
export interface SourcePage {
  papers: Paper[];
  problems: RecordProblem[];
  /** Ids the source reports as withdrawn from its index (OAI-PMH deleted records). */
  deletedIds: string[];
  /** JSON that resumes right after this page; null when the source has nothing more. */
  cursor: unknown;
  /** What this page was, for progress lines: 'page 2 of "cat:cs.CV"'. */
  label: string;
  /** Size of the whole result as the server last stated it, when it does. */
  totalResults: number | null;
  /** Something the user should hear about ("nothing new: arXiv announces nothing on weekends"). */
  note?: string;
}

/** A source bound to one query: the same key always means the same request sequence. */
export interface ResumableSource {
  /** "arxiv-api", "oai-pmh", "rss". */
  readonly name: string;
  /** Identifies the query, for the stored cursor: 'arxiv-api search_query=...'. */
  readonly key: string;
  /** Pages from the cursor (undefined: from the beginning). Each source validates its own cursor. */
  pages(options: { cursor?: unknown; signal?: AbortSignal }): AsyncIterable<SourcePage>;
}

export interface FetchCounts extends UpsertCounts {
  pages: number;
  /** Papers the source delivered (after removing repeats inside the run). */
  read: number;
  problems: number;
  deleted: number;
}

export interface FetchResult extends FetchCounts {
  /** The stored cursor this run started from, or null for a fresh start. */
  resumedFrom: unknown;
  problemRecords: RecordProblem[];
  deletedIds: string[];
  notes: string[];
}

export interface FetchProgress extends FetchCounts {
  label: string;
  totalResults: number | null;
}

export interface RunFetchOptions {
  source: ResumableSource;
  store: { upsertMany(papers: Iterable<Paper>): UpsertCounts };
  cursors: KeyValueArea;
  /** Cursor key; defaults to the source's key. */
  key?: string;
  /** false: ignore (and drop) a stored cursor and start over. Default true. */
  resume?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: FetchProgress) => void;
  log?: (line: string) => void;
}

const storedCursorSchema = z.object({ source: z.string(), cursor: z.unknown() });

/** Marks errors after which the stored cursor is useless (an expired OAI resumption token). */
export const cursorInvalidDetail = 'cursorInvalid';

export async function runFetch(options: RunFetchOptions): Promise<FetchResult> {
  const { source, store, cursors } = options;
  const key = options.key ?? source.key;
  const log = options.log ?? (() => {});
  let resumedFrom: unknown = null;
  if (options.resume === false) {
    cursors.delete(key);
  } else {
    const stored = storedCursorSchema.safeParse(cursors.get(key));
    if (stored.success && stored.data.source === source.name && stored.data.cursor !== null) {
      resumedFrom = stored.data.cursor;
      log(`[${source.name}] resuming an interrupted fetch from ${JSON.stringify(resumedFrom)}`);
    } else if (cursors.get(key) !== undefined) {
      log(`[${source.name}] ignoring an unreadable stored cursor; starting from the beginning`);
    }
  }
  const result: FetchResult = {
    pages: 0,
    read: 0,
    new: 0,
    updated: 0,
    unchanged: 0,
    problems: 0,
    deleted: 0,
    resumedFrom,
    problemRecords: [],
    deletedIds: [],
    notes: [],
  };
  try {
    const pages = source.pages({ cursor: resumedFrom ?? undefined, signal: options.signal });
    for await (const page of pages) {
      const outcome = page.papers.length > 0 ? store.upsertMany(page.papers) : null;
      // Only now that the page is committed may the cursor move past it.
      if (page.cursor === null || page.cursor === undefined) cursors.delete(key);
      else cursors.set(key, { source: source.name, cursor: page.cursor });
      result.pages += 1;
      result.read += page.papers.length;
      result.new += outcome?.new ?? 0;
      result.updated += outcome?.updated ?? 0;
      result.unchanged += outcome?.unchanged ?? 0;
      result.problems += page.problems.length;
      result.problemRecords.push(...page.problems);
      result.deleted += page.deletedIds.length;
      result.deletedIds.push(...page.deletedIds);
      if (page.note) {
        result.notes.push(page.note);
        log(`[${source.name}] ${page.note}`);
      }
      options.onProgress?.({ ...countsOf(result), label: page.label, totalResults: page.totalResults });
    }
  } catch (error) {
    if (isDigestError(error) && error.details?.[cursorInvalidDetail] === true) cursors.delete(key);
    throw withFetched(error, result);
  }
  cursors.delete(key);
  return result;
}

function countsOf(result: FetchResult): FetchCounts {
  const { pages, read, new: added, updated, unchanged, problems, deleted } = result;
  return { pages, read, new: added, updated, unchanged, problems, deleted };
}

/** The error, with what was stored before it happened (the CLI reports both). */
function withFetched(error: unknown, result: FetchResult): unknown {
  if (!isDigestError(error)) return error;
  return new DigestError(error.code, error.message, {
    hint: error.hint,
    cause: error,
    details: { ...(error.details ?? {}), fetched: countsOf(result) },
  });
}
