/**
 * The library API: `import { buildDigest, createStore, ... } from 'arxiv-digest'`. Each function wraps
 * the same pipeline functions the CLI calls, with the CLI's defaults; every failure is a DigestError
 * with a stable `code`. Heavy modules (charts, LLM client, renderers) load inside the async functions
 * that need them, so importing the package stays cheap.
 */
import path from 'node:path';
import { type DateWindow, systemClock } from './core/dates.ts';
import type { Language } from './core/digest.ts';
import { DigestError } from './core/errors.ts';
import type { Paper } from './core/paper.ts';
import { describeIssue } from './core/schema.ts';
import { type Topic, type TopicInput, topicSchema } from './core/topic.ts';
import type { BuildResult } from './pipeline/build.ts';
import { type Config, configSchema } from './pipeline/config.ts';
import type { FetchRequest } from './pipeline/fetch.ts';
import type { FetchSourceName } from './pipeline/fetch-sources.ts';
import type { ImportFileResult, ImportOptions } from './pipeline/import.ts';
import type { FetchResult } from './sources/run-fetch.ts';
import { defaultDatabasePath, openStore } from './store/index.ts';
import type { PaperStore } from './store/types.ts';
import { type CheckReport, checkPost as checkPostMarkdown, type RunFacts } from './verify/check.ts';

export type { DateWindow } from './core/dates.ts';
export type { Digest, Language, VenueFact } from './core/digest.ts';
export { DigestError, type ErrorCode, isDigestError } from './core/errors.ts';
export type { Paper, RecordProblem } from './core/paper.ts';
export type { Topic, TopicInput } from './core/topic.ts';
export type { BuildResult } from './pipeline/build.ts';
export { type Config, loadConfig } from './pipeline/config.ts';
export type { FetchSourceName } from './pipeline/fetch-sources.ts';
export type { ImportFileResult, ImportOptions } from './pipeline/import.ts';
export { readInputPapers } from './pipeline/input.ts';
export type { FetchResult } from './sources/run-fetch.ts';
export type { PaperStore, SearchHit } from './store/types.ts';
export type { CheckFinding, CheckReport, RunFacts } from './verify/check.ts';
export { extractVenue, type VenueInput } from './verify/venue.ts';

export interface CreateStoreOptions {
  /** SQLite file (created with its folder when missing), or ':memory:'. Default .arxiv-digest/arxiv-digest.db. */
  path?: string;
  /** How long to wait for another process's write lock. */
  busyTimeoutMs?: number;
}

/** Opens (creating when needed) the paper store; call `close()` when done. */
export function createStore(options: CreateStoreOptions = {}): PaperStore {
  const file = options.path ?? defaultDatabasePath;
  return openStore({
    path: file === ':memory:' ? file : path.resolve(file),
    ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
  });
}

/** Streams JSONL/JSON/Kaggle/Atom/OAI-PMH files (gzip too) into the store, like `arxiv-digest import`. */
export async function importFiles(
  store: PaperStore,
  files: string[],
  options: ImportOptions = {},
): Promise<ImportFileResult[]> {
  const { checkImportable, importFiles: importIntoStore } = await import('./pipeline/import.ts');
  const absolute = files.map((file) => path.resolve(file));
  for (const file of absolute) await checkImportable(file);
  return importIntoStore(store, absolute, options);
}

export interface FetchPapersOptions {
  source?: FetchSourceName;
  /** arXiv search_query syntax, e.g. 'abs:multimodal'. */
  query?: string | null;
  categories?: string[];
  window?: DateWindow | null;
  pageSize?: number;
  restart?: boolean;
  /** ARXIV_* endpoint and spacing variables; default process.env. */
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

/** Fetches from arXiv into the store, politely and resumably, like `arxiv-digest fetch`. */
export async function fetchPapers(
  store: PaperStore,
  options: FetchPapersOptions,
): Promise<FetchResult & { source: string }> {
  const { fetchPapers: fetchIntoStore } = await import('./pipeline/fetch.ts');
  const request: FetchRequest = {
    source: options.source ?? 'api',
    query: options.query ?? null,
    categories: options.categories ?? [],
    window: options.window ?? null,
    env: options.env ?? process.env,
    log: options.log ?? (() => {}),
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
    ...(options.restart === undefined ? {} : { restart: options.restart }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  return fetchIntoStore(store, request);
}

export interface CheckPostOptions {
  /** The post's Markdown (frontmatter included). */
  markdown: string;
  /** The papers the post links to (more are fine). */
  papers: Iterable<Paper> | Map<string, Paper>;
  /** The trend facts of the run that built the post, when known. */
  run?: RunFacts | null;
}

/** Checks every claim of a post against the papers' metadata, like `arxiv-digest check`. */
export function checkPost(options: CheckPostOptions): CheckReport {
  const papers =
    options.papers instanceof Map
      ? options.papers
      : new Map([...options.papers].map((paper) => [paper.id, paper] as const));
  return checkPostMarkdown({ markdown: options.markdown, papers, run: options.run ?? null });
}

export interface BuildDigestOptions {
  store: PaperStore;
  /** A topic name (from `config` or a preset such as 'multimodal'), or a topic object. */
  topic: string | TopicInput;
  /** From `loadConfig()`; default: presets only. */
  config?: Config;
  /** Default: the topic's first language. */
  language?: Language;
  /** Build from these papers as given (stored first) instead of the store's window. */
  papers?: Paper[];
  /** Default: the span of `papers`, else the last 7 days ending yesterday. */
  window?: DateWindow;
  /** At most this many papers (default: the topic's limit; all given `papers`). */
  limit?: number;
  /** auto (LLM when a key or base URL is set, the default), llm, none (extractive, offline). */
  llm?: 'auto' | 'llm' | 'none';
  model?: string;
  /** OPENAI_* and ARXIV_DIGEST_* variables; default process.env. */
  env?: Record<string, string | undefined>;
  /** Where the post goes. */
  outDir: string;
  siteDir?: string;
  siteUrl?: string;
  html?: boolean;
  includeReplaced?: boolean;
  includeSeen?: boolean;
  log?: (line: string) => void;
  onStage?: (stage: string, done: number, total: number) => void;
}

/** Builds one digest post (and charts; HTML and site on request), like `arxiv-digest build --no-fetch`. */
export async function buildDigest(options: BuildDigestOptions): Promise<BuildResult | null> {
  const [
    { buildDigest: runBuild },
    { createBuildAdapters },
    { resolveTopic },
    { checkOutputDirectory },
    { resolveWindow, windowOfPapers },
  ] = await Promise.all([
    import('./pipeline/build.ts'),
    import('./pipeline/build-adapters.ts'),
    import('./pipeline/config.ts'),
    import('./pipeline/files.ts'),
    import('./pipeline/window.ts'),
  ]);
  const config = options.config ?? configSchema.parse({});
  const topic: Topic =
    typeof options.topic === 'string' ? resolveTopic(config, options.topic) : parseTopic(options.topic);
  const papers = options.papers ?? null;
  const window =
    options.window ??
    (papers ? windowOfPapers(papers) : (resolveWindow({ days: 7 }, systemClock) as DateWindow));
  const log = options.log ?? (() => {});
  const outDir = checkOutputDirectory(options.outDir, 'outDir');
  const siteDir = options.siteDir ? checkOutputDirectory(options.siteDir, 'siteDir') : null;
  const { store } = options;
  if (papers) store.upsertMany(papers);
  const flags = { llm: options.llm ?? 'auto', ...(options.model ? { model: options.model } : {}) };
  const adapters = createBuildAdapters({ env: options.env ?? process.env, config, flags, store, log });
  log(`summaries: ${adapters.reason}`);
  return runBuild({
    store,
    topic,
    language: options.language ?? topic.languages[0] ?? 'zh',
    window,
    input: papers,
    limit: options.limit ?? (papers ? null : topic.limit),
    includeReplaced: options.includeReplaced === true,
    includeSeen: options.includeSeen === true,
    engine: adapters.engine,
    namer: adapters.namer,
    embed: adapters.embed,
    outDir,
    siteDir,
    ...(options.siteUrl ? { siteUrl: options.siteUrl } : {}),
    html: options.html === true,
    clock: systemClock,
    ...(options.onStage ? { onStage: options.onStage } : {}),
  });
}

function parseTopic(input: TopicInput): Topic {
  const result = topicSchema.safeParse(input);
  if (result.success) return result.data;
  throw new DigestError('CONFIG', `topic: ${describeIssue(result.error)}`, {
    hint: 'a topic needs at least { name, query }',
  });
}
