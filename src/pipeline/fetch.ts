import type { DateWindow } from '../core/dates.ts';
import { DigestError } from '../core/errors.ts';
import type { Topic } from '../core/topic.ts';
import { createArxivApiSource } from '../sources/arxiv-api.ts';
import { createPoliteClient, type PoliteClient } from '../sources/http.ts';
import { createOaiPmhSource } from '../sources/oai-pmh.ts';
import { buildSearchQuery } from '../sources/query.ts';
import { createRssSource } from '../sources/rss.ts';
import { type FetchResult, type ResumableSource, runFetch } from '../sources/run-fetch.ts';
import type { PaperStore } from '../store/types.ts';
import type { FetchSourceName } from './fetch-sources.ts';

export { type FetchSourceName, fetchSources } from './fetch-sources.ts';

export interface FetchRequest {
  source: FetchSourceName;
  /** arXiv search_query syntax (API); a topic's query when --topic is given. */
  query: string | null;
  categories: string[];
  window: DateWindow | null;
  pageSize?: number;
  /** OAI-PMH set (e.g. "cs"); derived from the first category's archive when absent. */
  set?: string;
  metadataPrefix?: 'arXiv' | 'arXivRaw';
  /** Ignore a stored cursor and start over. */
  restart?: boolean;
  env: Record<string, string | undefined>;
  log: (line: string) => void;
  onProgress?: (done: number, total: number | null, label: string) => void;
  signal?: AbortSignal;
}

/**
 * One polite client for the whole run, so API, OAI-PMH and RSS requests share the 3-second spacing.
 * ARXIV_MIN_INTERVAL_MS lowers it for mirrors and local test servers (never below 3 s for arxiv.org);
 * ARXIV_TIMEOUT_MS sets the per-request timeout.
 */
export function createArxivClient(
  env: Record<string, string | undefined>,
  log: (line: string) => void,
): PoliteClient {
  const interval = env.ARXIV_MIN_INTERVAL_MS;
  const minIntervalMs = interval === undefined || interval === '' ? undefined : Number(interval);
  if (minIntervalMs !== undefined && (!Number.isInteger(minIntervalMs) || minIntervalMs < 0)) {
    throw new DigestError(
      'CONFIG',
      `ARXIV_MIN_INTERVAL_MS "${interval}" is not a whole number of milliseconds`,
      {
        hint: 'unset it (3000 is the default and the floor for arxiv.org)',
      },
    );
  }
  // The per-request timeout (default 60 s): a stalled mirror or test server should fail sooner.
  const timeout = env.ARXIV_TIMEOUT_MS;
  const timeoutMs = timeout === undefined || timeout === '' ? undefined : Number(timeout);
  if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs < 1)) {
    throw new DigestError(
      'CONFIG',
      `ARXIV_TIMEOUT_MS "${timeout}" is not a positive whole number of milliseconds`,
      {
        hint: 'unset it (60000 is the default)',
      },
    );
  }
  return createPoliteClient({
    ...(minIntervalMs === undefined ? {} : { minIntervalMs }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    log: (line) => log(line),
  });
}

function sourceFor(request: FetchRequest, client: PoliteClient): ResumableSource {
  const blank = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);
  switch (request.source) {
    case 'api':
      return createArxivApiSource({
        baseUrl: blank(request.env.ARXIV_API_URL),
        pageSize: request.pageSize,
        client,
        // Without it the user never hears that an empty page is being asked again or totals changed.
        log: request.log,
      }).forQuery(
        buildSearchQuery({ query: request.query, categories: request.categories, window: request.window }),
      );
    case 'oai': {
      const set = request.set ?? request.categories[0]?.split('.')[0];
      return createOaiPmhSource({ baseUrl: blank(request.env.ARXIV_OAI_URL), client }).forParams({
        ...(request.metadataPrefix ? { metadataPrefix: request.metadataPrefix } : {}),
        ...(request.window ? { from: request.window.from, until: request.window.to } : {}),
        ...(set ? { set } : {}),
      });
    }
    case 'rss':
      if (request.categories.length === 0) {
        throw new DigestError('USAGE', '--source rss needs categories', {
          hint: 'pass --categories cs.CV,cs.CL or a --topic with categories',
        });
      }
      return createRssSource({ baseUrl: blank(request.env.ARXIV_RSS_URL), client }).forCategories(
        request.categories,
      );
  }
}

/** Fetches into the store, resumably: an interrupted fetch continues from its last stored page. */
export async function fetchPapers(
  store: PaperStore,
  request: FetchRequest,
): Promise<FetchResult & { source: string }> {
  const client = createArxivClient(request.env, request.log);
  const source = sourceFor(request, client);
  const result = await runFetch({
    source,
    store,
    cursors: store.kv('fetch-cursors'),
    resume: request.restart !== true,
    signal: request.signal,
    log: request.log,
    onProgress: (progress) => request.onProgress?.(progress.read, progress.totalResults, progress.label),
  });
  return { ...result, source: source.key };
}

/** The fetch `build --topic` runs first: the topic's query over the window, from the arXiv API. */
export async function fetchForBuild(input: {
  store: PaperStore;
  topic: Topic;
  window: DateWindow;
  env: Record<string, string | undefined>;
  log: (line: string) => void;
  progress: { update(value: number, total: number, label?: string): void };
}): Promise<FetchResult> {
  const result = await fetchPapers(input.store, {
    source: 'api',
    query: input.topic.query,
    categories: input.topic.categories,
    window: input.window,
    env: input.env,
    log: input.log,
    onProgress: (done, total, label) => input.progress.update(done, total ?? done, label),
  });
  input.log(
    `fetch: ${result.pages} pages, read ${result.read}, new ${result.new}, updated ${result.updated}, unchanged ${result.unchanged}`,
  );
  return result;
}
