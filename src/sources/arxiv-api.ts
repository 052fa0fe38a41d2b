import { z } from 'zod';
import { DigestError } from '../core/errors.ts';
import type { Paper } from '../core/paper.ts';
import { parseWith } from '../core/schema.ts';
import { checkEndpointUrl, clientFor, type PoliteClient, type PoliteClientSettings } from './http.ts';
import { type AtomPage, parseAtomFeed } from './parse/atom.ts';
import { buildApiUrl } from './query.ts';
import type { ResumableSource, SourcePage } from './run-fetch.ts';

/**
 * The arXiv API (export.arxiv.org/api/query) as a paged source, oldest submissions first so that
 * papers submitted during a long fetch land at the end instead of shifting earlier pages.
 * Known API behaviour handled here: a page can come back empty before totalResults is reached
 * (asked again, never taken as the end), totalResults can change between pages, and an entry can
 * appear on two pages (kept once).
 */

export const defaultApiUrl = 'https://export.arxiv.org/api/query';
export const maxApiPageSize = 2000;

export interface ArxivApiSettings {
  /** Default https://export.arxiv.org/api/query; the CLI passes ARXIV_API_URL. */
  baseUrl?: string;
  /** Entries per request, 1..2000 (default 100). */
  pageSize?: number;
  /** How often a page that came back empty too early is asked for again (default 3). */
  emptyPageRetries?: number;
  /** The shared polite client; one is made from `http` when absent. */
  client?: PoliteClient;
  http?: PoliteClientSettings;
  log?: (line: string) => void;
}

export interface ApiCursor {
  /** Offset of the next entry to fetch. */
  start: number;
}

export interface ApiPage extends SourcePage {
  /** Offset this page started at. */
  start: number;
  nextStart: number;
  cursor: ApiCursor | null;
}

export interface ApiFetchRequest {
  /** A built search_query (see buildSearchQuery). */
  searchQuery: string;
  cursor?: ApiCursor;
  signal?: AbortSignal;
}

export interface ArxivApiSource {
  readonly name: 'arxiv-api';
  readonly baseUrl: string;
  readonly pageSize: number;
  fetchPages(request: ApiFetchRequest): AsyncGenerator<ApiPage>;
  /** The same, bound to one query, for runFetch. */
  forQuery(searchQuery: string): ResumableSource;
}

export const apiCursorSchema = z.object({ start: z.number().int().min(0) });

const settingsSchema = z.object({
  pageSize: z
    .number()
    .int()
    .min(1)
    .max(maxApiPageSize, `the arXiv API serves at most ${maxApiPageSize} entries per request`)
    .default(100),
  emptyPageRetries: z.number().int().min(0).max(20).default(3),
});

// A server that ignores `start` keeps sending the same entries; stop instead of looping.
const maxStalePages = 3;

export function createArxivApiSource(settings: ArxivApiSettings = {}): ArxivApiSource {
  const baseUrl = checkEndpointUrl(settings.baseUrl ?? defaultApiUrl, 'ARXIV_API_URL', defaultApiUrl);
  const { pageSize, emptyPageRetries } = parseWith(
    settingsSchema,
    { pageSize: settings.pageSize, emptyPageRetries: settings.emptyPageRetries },
    'arXiv API settings (page size)',
    'USAGE',
  );
  const client = clientFor(settings);
  const log = settings.log ?? (() => {});

  async function fetchPage(searchQuery: string, start: number, what: string, signal?: AbortSignal) {
    const url = buildApiUrl(baseUrl, { searchQuery, start, maxResults: pageSize });
    return client.request<AtomPage>({
      url,
      endpoint: 'arxiv-api',
      what,
      hint: 'retry later or use --source oai',
      signal,
      accept: 'application/atom+xml',
      // A rejected query comes back as a 400 Atom feed that says what is wrong; the parser reports it.
      acceptStatuses: [400],
      parse: (body, status) => {
        const page = parseAtomFeed(body, url);
        if (status !== 200) {
          throw new DigestError('HTTP', `[arxiv-api] HTTP ${status} for ${what}`, { hint: `check ${url}` });
        }
        return page;
      },
    });
  }

  async function* fetchPages(request: ApiFetchRequest): AsyncGenerator<ApiPage> {
    const { searchQuery, signal } = request;
    let start = request.cursor?.start ?? 0;
    let total: number | null = null;
    let stalePages = 0;
    const seen = new Set<string>();
    for (;;) {
      const what = `page ${Math.floor(start / pageSize) + 1} of "${searchQuery}"`;
      let page: AtomPage;
      for (let emptyTries = 0; ; emptyTries++) {
        page = await fetchPage(searchQuery, start, what, signal);
        const reported = page.totalResults;
        if (reported !== null && total !== null && reported !== total) {
          log(
            `[arxiv-api] totalResults changed from ${total} to ${reported} during the fetch; following the new count`,
          );
        }
        if (reported !== null) total = reported;
        const entries = page.papers.length + page.problems.length;
        if (entries > 0 || total === null || start >= total) break;
        if (emptyTries >= emptyPageRetries) {
          throw new DigestError(
            'PROTOCOL',
            `[arxiv-api] ${what} (start=${start}) stayed empty after ${emptyTries + 1} tries although totalResults is ${total}`,
            {
              hint: 'the pages before it are stored; run the same fetch later to resume from this page',
              details: { start, totalResults: total },
            },
          );
        }
        // arXiv's index sometimes answers a page with nothing mid-way; that is not the end.
        log(
          `[arxiv-api] ${what} came back empty although totalResults is ${total}; asking again (${emptyTries + 1} of ${emptyPageRetries})`,
        );
      }
      const entries = page.papers.length + page.problems.length;
      const papers: Paper[] = [];
      for (const { paper } of page.papers) {
        if (seen.has(paper.id)) continue;
        seen.add(paper.id);
        papers.push(paper);
      }
      const repeats = page.papers.length - papers.length;
      if (repeats > 0) log(`[arxiv-api] ${repeats} entries on ${what} were on an earlier page; kept once`);
      stalePages = entries > 0 && papers.length === 0 && page.problems.length === 0 ? stalePages + 1 : 0;
      if (stalePages >= maxStalePages) {
        throw new DigestError(
          'PROTOCOL',
          `[arxiv-api] ${stalePages} pages in a row repeated entries already fetched (${what}); the server seems to ignore start=`,
          { hint: 'check ARXIV_API_URL points at the arXiv API or a faithful mirror' },
        );
      }
      const nextStart = start + entries;
      const done = entries === 0 || (total !== null ? nextStart >= total : entries < pageSize);
      yield {
        start,
        nextStart,
        papers,
        problems: page.problems,
        deletedIds: [],
        cursor: done ? null : { start: nextStart },
        label: what,
        totalResults: total,
        ...(start === 0 && entries === 0 ? { note: `no papers match "${searchQuery}"` } : {}),
      };
      if (done) return;
      start = nextStart;
    }
  }

  return {
    name: 'arxiv-api',
    baseUrl,
    pageSize,
    fetchPages,
    forQuery(searchQuery: string): ResumableSource {
      return {
        name: 'arxiv-api',
        key: `arxiv-api ${searchQuery}`,
        pages: ({ cursor, signal }) => {
          if (cursor === undefined) return fetchPages({ searchQuery, signal });
          const stored = apiCursorSchema.safeParse(cursor);
          // A damaged cursor must not block every later run: start over (upserts are idempotent).
          if (!stored.success) log('[arxiv-api] ignoring an unreadable stored cursor; starting over');
          return fetchPages({ searchQuery, cursor: stored.success ? stored.data : undefined, signal });
        },
      };
    },
  };
}
