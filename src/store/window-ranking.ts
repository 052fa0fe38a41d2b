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

// What selection calls a new submission of the window (isReplacement in src/select/select.ts):
// dated inside it, and either its v1 date is known (then it is inside) or nothing says "replacement".
const newSubmission = `(p.day BETWEEN @from AND @to AND (p.published IS NOT NULL OR (coalesce(p.announce_type, '') NOT IN ('replace', 'replace-cross') AND coalesce(p.version, 1) <= 1)))`;
const anyInWindow = '(p.day BETWEEN @from AND @to OR p.updated BETWEEN @from AND @to)';
const notFeatured = 'p.id NOT IN (SELECT value FROM json_each(@featured))';
// Title words weigh twice, as in src/select/bm25.ts; authors and summaries do not rank.
const rankScore = 'bm25(papers_fts, 2.0, 1.0, 0.0, 0.0)';

function categoryFilter(categories: string[] | undefined, parameters: Record<string, unknown>): string {
  if (!categories || categories.length === 0) return '';
  const tests = categories.map((category, index) => {
    parameters[`category${index}`] = `% ${category} %`;
    return `(' ' || p.categories || ' ') LIKE @category${index}`;
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
        `SELECT count(*) AS total, sum(${newSubmission}) AS fresh FROM papers p WHERE ${anyInWindow}${categories}`,
      )
      .get(parameters);
    const total = totals?.total ?? 0;
    const kept = query.newOnly ? (totals?.fresh ?? 0) : total;
    const featured = count(
      `SELECT count(*) AS total FROM papers p WHERE p.id IN (SELECT value FROM json_each(@featured)) AND ${policy}${categories}`,
      parameters,
    );

    const required = phrasesExpression(query.required);
    const ranked = matchExpression(query.rankWords, 'any');
    const excluded = phrasesExpression(query.excluded);
    const wanted = [required, ranked].filter((part) => part !== null).map((part) => `(${part})`);
    const candidates = `${policy}${categories} AND ${notFeatured}`;
    let excludedCount = 0;
    if (excluded) {
      parameters.excluded = inText(excluded);
      excludedCount = count(
        `SELECT count(*) AS total FROM papers_fts CROSS JOIN papers p ON p.rowid = papers_fts.rowid
         WHERE papers_fts MATCH @excluded AND ${candidates}`,
        parameters,
      );
    }
    let rows: PaperRow[];
    let matched: number;
    if (wanted.length > 0) {
      const expression = wanted.join(' AND ');
      parameters.match = inText(excluded ? `(${expression}) NOT (${excluded})` : expression);
      // CROSS JOIN keeps FTS5 as the outer loop: the matches are few, the window's rows many.
      const from = `FROM papers_fts CROSS JOIN papers p ON p.rowid = papers_fts.rowid WHERE papers_fts MATCH @match AND ${candidates}`;
      matched = count(`SELECT count(*) AS total ${from}`, parameters);
      rows = database
        .prepare<[Record<string, unknown>], PaperRow>(
          `SELECT ${prefixed} ${from} ORDER BY ${rankScore}, p.id LIMIT @limit`,
        )
        .all(parameters);
    } else {
      // No words to rank by: every candidate is as relevant as the next, and ties break by id.
      const leftOut = excluded
        ? ' AND p.rowid NOT IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH @excluded)'
        : '';
      const from = `FROM papers p WHERE ${candidates}${leftOut}`;
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
