import type Database from 'better-sqlite3';
import type { Paper } from '../core/paper.ts';
import { matchExpression, phrasesExpression } from './fts.ts';
import { type PaperRow, paperColumns, rowToPaper } from './papers.ts';
import type { WindowQuery, WindowRanking, WindowRankQuery } from './types.ts';

/**
 * Selection's side of the store for windows too large to load: the date window, the version policy,
 * the categories, the featured papers and the topic's phrases are all applied in SQL, FTS5's bm25
 * ranks what is left, and only the best `limit` rows leave SQLite. Memory stays flat however many
 * papers the window holds.
 */

const prefixed = paperColumns.replace(/(\w+)/g, 'p.$1');

// The filters read paper_facets (f), the narrow copy of the columns they need (see schema.ts).
// What selection calls a new submission of the window (isReplacement in src/select/select.ts):
// dated inside it, and either its v1 date is known (then it is inside) or nothing says "replacement".
const newSubmission = '(f.day BETWEEN @from AND @to AND f.first_version)';
const anyInWindow = '(f.day BETWEEN @from AND @to OR f.updated BETWEEN @from AND @to)';
const featuredRows = 'SELECT rowid FROM papers WHERE id IN (SELECT value FROM json_each(@featured))';
// Title words weigh twice, as in src/select/bm25.ts; authors and summaries do not rank.
const rankScore = 'bm25(papers_fts, 2.0, 1.0, 0.0, 0.0)';

/** Papers having one of the categories (paper_facets keeps them as ' cs.CV cs.LG '). */
export function categoryFilter(
  categories: string[] | undefined,
  parameters: Record<string, unknown>,
): string {
  if (!categories || categories.length === 0) return '';
  const tests = categories.map((category, index) => {
    parameters[`category${index}`] = `% ${category} %`;
    return `f.categories LIKE @category${index}`;
  });
  return ` AND (${tests.join(' OR ')})`;
}

/** Title and abstract only: the columns the topic's words are ranked and filtered on. */
const inText = (expression: string): string => `{title abstract} : (${expression})`;

export function createWindowRanking(database: Database.Database) {
  const dayCount = database.prepare<[string, string], { total: number }>(
    'SELECT count(*) AS total FROM papers WHERE day BETWEEN ? AND ?',
  );
  const updatedCount = database.prepare<[string, string], { total: number }>(
    'SELECT count(*) AS total FROM papers WHERE updated BETWEEN ? AND ?',
  );

  /** An upper bound on the window's papers from the two date indexes alone (no row is read). */
  function windowSize(query: WindowQuery): number {
    return (
      (dayCount.get(query.from, query.to)?.total ?? 0) + (updatedCount.get(query.from, query.to)?.total ?? 0)
    );
  }

  const count = (sql: string, parameters: Record<string, unknown>): number =>
    database.prepare<[Record<string, unknown>], { total: number }>(sql).get(parameters)?.total ?? 0;

  function rankWindow(query: WindowRankQuery): WindowRanking {
    const parameters: Record<string, unknown> = {
      from: query.from,
      to: query.to,
      featured: JSON.stringify(query.featuredIds),
      limit: query.limit,
    };
    const categories = categoryFilter(query.categories, parameters);
    const policy = query.newOnly ? newSubmission : anyInWindow;
    const totals = database
      .prepare<[Record<string, unknown>], { total: number; fresh: number | null }>(
        `SELECT count(*) AS total, sum(${newSubmission}) AS fresh FROM paper_facets f WHERE ${anyInWindow}${categories}`,
      )
      .get(parameters);
    const total = totals?.total ?? 0;
    const kept = query.newOnly ? (totals?.fresh ?? 0) : total;
    const featured = count(
      `SELECT count(*) AS total FROM paper_facets f WHERE f.rowid IN (${featuredRows}) AND ${policy}${categories}`,
      parameters,
    );

    const required = phrasesExpression(query.required);
    const ranked = matchExpression(query.rankWords, 'any');
    const excluded = phrasesExpression(query.excluded);
    const wanted = [required, ranked].filter((part) => part !== null).map((part) => `(${part})`);
    const candidates = `${policy}${categories} AND f.rowid NOT IN (${featuredRows})`;
    let excludedCount = 0;
    if (excluded) {
      parameters.excluded = inText(excluded);
      excludedCount = count(
        `SELECT count(*) AS total FROM papers_fts CROSS JOIN paper_facets f ON f.rowid = papers_fts.rowid
         WHERE papers_fts MATCH @excluded AND ${candidates}`,
        parameters,
      );
    }
    let rows: PaperRow[];
    let matched: number;
    if (wanted.length > 0) {
      const expression = wanted.join(' AND ');
      parameters.match = inText(excluded ? `(${expression}) NOT (${excluded})` : expression);
      // CROSS JOIN keeps FTS5 as the outer loop: the matches are few, the window's rows many. Only
      // the best `limit` rowids reach the papers table (ties at the cut break by rowid).
      const from = `FROM papers_fts CROSS JOIN paper_facets f ON f.rowid = papers_fts.rowid WHERE papers_fts MATCH @match AND ${candidates}`;
      matched = count(`SELECT count(*) AS total ${from}`, parameters);
      rows = database
        .prepare<[Record<string, unknown>], PaperRow>(
          `SELECT ${prefixed} FROM (SELECT f.rowid AS rowid, ${rankScore} AS score ${from} ORDER BY score, f.rowid LIMIT @limit) best
           JOIN papers p ON p.rowid = best.rowid ORDER BY best.score, p.id`,
        )
        .all(parameters);
    } else {
      // No words to rank by: every candidate is as relevant as the next, and ties break by id.
      const leftOut = excluded
        ? ' AND f.rowid NOT IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH @excluded)'
        : '';
      const from = `FROM paper_facets f JOIN papers p ON p.rowid = f.rowid WHERE ${candidates}${leftOut}`;
      matched = count(`SELECT count(*) AS total ${from}`, parameters);
      rows = database
        .prepare<[Record<string, unknown>], PaperRow>(`SELECT ${prefixed} ${from} ORDER BY p.id LIMIT @limit`)
        .all(parameters);
    }
    const papers: Paper[] = rows.map(rowToPaper);
    return {
      papers,
      matched,
      counts: {
        total,
        replaced: total - kept,
        seen: featured,
        excluded: excludedCount,
        offTopic: Math.max(0, kept - featured - excludedCount - matched),
      },
    };
  }

  return { windowSize, rankWindow };
}
