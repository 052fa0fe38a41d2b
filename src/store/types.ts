import type { Digest, Language, MonthlyCount, TrendFact } from '../core/digest.ts';
import type { Paper } from '../core/paper.ts';

/** A paper with its content hash (paperHash in src/store/papers.ts), computed off the main thread. */
export interface HashedPaper {
  paper: Paper;
  hash: string;
}

/** What happened to one record on upsert. */
export type UpsertOutcome = 'new' | 'updated' | 'unchanged';

export interface UpsertCounts {
  new: number;
  updated: number;
  unchanged: number;
}

export interface SearchHit {
  paper: Paper;
  /** bm25 score as SQLite reports it (lower is better); hits are sorted best first. */
  score: number;
  /** Matching excerpt with the matched terms wrapped in [ ]. */
  snippet: string;
}

export interface PaperVersionRecord {
  version: number | null;
  /** When this record was first stored (ISO instant). */
  storedAt: string;
  paper: Paper;
}

/** A finished build, kept so later builds can skip featured papers and compare trends. */
export interface RunRecord {
  id: number;
  topic: string;
  language: Language;
  window: { from: string; to: string };
  createdAt: string;
  paperIds: string[];
  directions: { name: string; paperIds: string[]; share: number; keywords: string[] }[];
  trendFacts: TrendFact[];
  history: Digest['trends']['history'];
  outputs: Record<string, string>;
  /** The whole digest, so `publish` can re-render pages and feeds without recomputing. */
  digest: Digest;
}

export type NewRunRecord = Omit<RunRecord, 'id'>;

/** A small persistent key-value area: summary caches, fetch cursors. Values are JSON. */
export interface KeyValueArea {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

export interface WindowQuery {
  from: string;
  to: string;
  /** Only papers having at least one of these categories (empty: any). */
  categories?: string[];
}

/** A window too large to load, ranked in SQL (see src/store/window-ranking.ts). */
export interface WindowRankQuery extends WindowQuery {
  /** Only the window's new submissions (the new-only version policy), else replacements too. */
  newOnly: boolean;
  /** Papers left out: featured in an earlier digest of the topic. */
  featuredIds: readonly string[];
  /** A paper must mention one of these phrases in its title or abstract (empty: no such rule). */
  required: readonly string[];
  /** Words ranked with bm25 over title (twice) and abstract; empty: every paper ties, by id. */
  rankWords: string;
  /** A paper mentioning one of these phrases is left out. */
  excluded: readonly string[];
  /** How many of the best-ranked papers to return. */
  limit: number;
}

export interface WindowRanking {
  /** The best `limit` papers, best first. */
  papers: Paper[];
  /** How many papers passed every rule (papers holds the first of them). */
  matched: number;
  /** How many papers of the window each rule left out. */
  counts: { total: number; replaced: number; seen: number; excluded: number; offTopic: number };
}

export interface PaperStore {
  readonly path: string;
  upsert(paper: Paper): UpsertOutcome;
  /** Upserts many papers in one transaction and counts the outcomes. */
  upsertMany(papers: Iterable<Paper>): UpsertCounts;
  /** The same, for bulk imports whose parsing thread already computed each paper's paperHash. */
  upsertHashed(entries: readonly HashedPaper[]): UpsertCounts;
  get(id: string): Paper | undefined;
  getMany(ids: string[]): Paper[];
  count(): number;
  versionHistory(id: string): PaperVersionRecord[];
  /** Full-text search (title, abstract, authors, stored summaries), best first. */
  search(query: string, options?: { limit?: number }): SearchHit[];
  /** Papers whose date (v1 date, else announcement date) falls in the window, by id. */
  papersInWindow(query: WindowQuery): Paper[];
  /** How many papers the window holds at most, counted on the date indexes alone (cheap). */
  windowSize(query: WindowQuery): number;
  /** The window's best papers for a topic, ranked in SQL with FTS5, without loading the rest. */
  rankWindow(query: WindowRankQuery): WindowRanking;
  /**
   * Papers per month (month of v1 date, else announcement, else the id's YYMM) that match and have
   * one of the categories (empty: any). `match`: null = all papers; a string = any of its words;
   * string[][] = any group whose phrases all occur (OR of ANDs), e.g. [["vision language"], ["video", "reasoning"]].
   * `until` (YYYY-MM-DD): only papers of that day or before (a past window's trends never look past
   * its end); a paper without a day counts when its month is not later than that day's month.
   */
  monthlyCounts(match: string | string[][] | null, categories?: string[], until?: string): MonthlyCount[];
  /**
   * On how many distinct days (v1 date, else announcement) the stored papers of these months fall,
   * up to `until` when given.
   */
  daysWithPapers(months: string[], until?: string): number;
  /** Stores a summary text for full-text search (Chinese is segmented with jieba). */
  indexSummary(paperId: string, language: Language, text: string): void;
  /** Named key-value areas, e.g. kv('summaries'), kv('fetch-cursors'). */
  kv(area: string): KeyValueArea;
  saveRun(run: NewRunRecord): RunRecord;
  /**
   * The digest before this one: the latest run of the topic and language whose window ends before
   * `window.to` and is not the same window (a rebuild of the same window is a redo, not a successor).
   */
  previousRun(topic: string, language: Language, window: { from: string; to: string }): RunRecord | undefined;
  listRuns(topic?: string): RunRecord[];
  /** Ids of every paper featured in a digest of the topic, except digests of exactly `exceptWindow` (redos). */
  featuredPaperIds(topic: string, exceptWindow?: { from: string; to: string }): Set<string>;
  /** What `deliver` already sent, per post, channel and message. */
  deliveries(): DeliveryLog;
  close(): void;
}

/**
 * Which messages of which post already reached which channel. A message is recorded the moment the
 * platform confirms it, so a run that crashes half-way resends only the unconfirmed ones.
 */
export interface DeliveryKey {
  /** The post's identity: slug and content hash. */
  post: string;
  channel: string;
  /** A hash of the destination, so another group or list is a new delivery. */
  target: string;
}

export interface DeliveredMessage {
  index: number;
  count: number;
  hash: string;
  deliveredAt: string;
}

export interface DeliveryLog {
  delivered(key: DeliveryKey): DeliveredMessage[];
  record(key: DeliveryKey, message: { index: number; count: number; hash: string }): void;
}
