import type { DateWindow } from '../core/dates.ts';
import type { Topic } from '../core/topic.ts';
import type { PaperStore } from '../store/types.ts';
import { queryPhrases } from './query-terms.ts';
import { type Selection, selectPapers } from './select.ts';

export interface StoreSelectionOptions {
  topic: Topic;
  window: DateWindow;
  limit: number | null;
  includeReplaced: boolean;
  seenIds: ReadonlySet<string>;
  /** Windows holding at most this many papers are loaded and selected in memory, exactly as before. */
  loadUpTo?: number;
  /** For larger windows: how many of SQL's best papers selectPapers re-ranks (at least limit × 20). */
  poolSize?: number;
  /**
   * The digest's size when `limit` is left null because a later step cuts (reader preferences): a
   * large window is still narrowed in SQL to a pool sized for it, so memory does not follow the window.
   */
  eventualLimit?: number | null;
}

type SelectionSource = Pick<PaperStore, 'papersInWindow' | 'windowSize' | 'rankWindow'>;

export const defaultLoadUpTo = 20_000;
const defaultPoolSize = 2_000;

/**
 * Selects a digest's papers from the store. A window of up to `loadUpTo` papers (a week, a month)
 * is loaded whole and selected by selectPapers. A larger one is first narrowed in SQL: window,
 * version policy, categories, featured papers, include/exclude phrases and FTS5 bm25 ranking, so
 * only the best `poolSize` rows are read; selectPapers then ranks that pool the same way as a small
 * window. Memory and time follow the pool, not the window.
 */
export function selectFromStore(store: SelectionSource, options: StoreSelectionOptions): Selection {
  const { topic, window } = options;
  const query = { ...window, categories: topic.categories };
  const limit = options.limit ?? options.eventualLimit ?? null;
  if (limit === null || store.windowSize(query) <= (options.loadUpTo ?? defaultLoadUpTo)) {
    return selectPapers(store.papersInWindow(query), { ...options, asGiven: false });
  }
  const poolSize = Math.max(options.poolSize ?? defaultPoolSize, limit * 20);
  const ranking = store.rankWindow({
    ...query,
    newOnly: !options.includeReplaced,
    featuredIds: [...options.seenIds],
    required: topic.include,
    rankWords: [...queryPhrases(topic.query), ...topic.include].join(' '),
    excluded: topic.exclude,
    limit: poolSize,
  });
  const pool = selectPapers(ranking.papers, { ...options, asGiven: false });
  const sql = ranking.counts;
  return {
    ...pool,
    dropped: {
      outsideWindow: pool.dropped.outsideWindow,
      replaced: sql.replaced + pool.dropped.replaced,
      seen: sql.seen + pool.dropped.seen,
      excluded: sql.excluded + pool.dropped.excluded,
      offTopic: sql.offTopic + pool.dropped.offTopic,
      overLimit: ranking.matched - ranking.papers.length + pool.dropped.overLimit,
    },
  };
}
