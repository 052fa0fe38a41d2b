import type { Paper } from '../../src/core/paper.ts';
import { loadDay, loadSeedPapers } from './arxiv-data.ts';

export { loadSeedPapers };

/** Papers of one daily listing (e.g. "2025-11-24"), the first `limit` of them. */
export function loadDayPapers(date: string, limit = Number.POSITIVE_INFINITY): Paper[] {
  return loadDay(date).slice(0, limit);
}
