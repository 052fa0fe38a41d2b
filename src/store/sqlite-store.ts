import type Database from 'better-sqlite3';
import type { Language, MonthlyCount } from '../core/digest.ts';
import type { Paper } from '../core/paper.ts';
import { createDeliveryLog } from './deliveries.ts';
import { groupsExpression, indexableText, matchExpression, queryTokens } from './fts.ts';
import {
  mergeNewerVersion,
  mergeSameVersion,
  type PaperRow,
  paperColumns,
  paperHash,
  paperToRow,
  rowToPaper,
} from './papers.ts';
import { createRunArea } from './runs.ts';
import { originalSnippet } from './snippet.ts';
import type {
  HashedPaper,
  KeyValueArea,
  PaperStore,
  PaperVersionRecord,
  SearchHit,
  UpsertCounts,
  UpsertOutcome,
  WindowQuery,
} from './types.ts';
import { categoryFilter, createWindowRanking } from './window-ranking.ts';

const insertColumns = paperColumns.split(', ');
// New ids insert in one statement; a conflict means the id exists and the slower compare path runs.
const insertSql = `INSERT INTO papers (${paperColumns}) VALUES (${insertColumns.map((c) => `@${c}`).join(', ')}) ON CONFLICT (id) DO NOTHING`;
const updateSql = `UPDATE papers SET ${insertColumns
  .filter((column) => column !== 'id')
  .map((column) => `${column} = @${column}`)
  .join(', ')} WHERE id = @id`;

/** Builds the store over an open database whose schema is current. */
export function createSqliteStore(database: Database.Database, path: string, now: () => string): PaperStore {
  const statements = {
    find: database.prepare<[string], { rowid: number; hash: string; version: number | null }>(
      'SELECT rowid, hash, version FROM papers WHERE id = ?',
    ),
    get: database.prepare<[string], PaperRow>(`SELECT ${paperColumns} FROM papers WHERE id = ?`),
    insert: database.prepare(insertSql),
    update: database.prepare(updateSql),
    ftsInsert: database.prepare(
      'INSERT INTO papers_fts (rowid, title, abstract, authors, summaries) VALUES (?, ?, ?, ?, ?)',
    ),
    // External-content FTS: an entry is removed by repeating exactly the values it was indexed with.
    ftsDelete: database.prepare(
      "INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors, summaries) VALUES ('delete', ?, ?, ?, ?, ?)",
    ),
    summariesOf: database.prepare<[number], { summaries: string }>(
      'SELECT summaries FROM papers WHERE rowid = ?',
    ),
    setSummaries: database.prepare('UPDATE papers SET summaries = ? WHERE rowid = ?'),
    history: database.prepare(
      'INSERT OR IGNORE INTO paper_versions (paper_id, version, hash, record, stored_at) VALUES (?, ?, ?, ?, ?)',
    ),
    versions: database.prepare<[string], { version: number | null; record: string; stored_at: string }>(
      'SELECT version, record, stored_at FROM paper_versions WHERE paper_id = ?',
    ),
    count: database.prepare<[], { total: number }>('SELECT count(*) AS total FROM papers'),
    summaryUpsert: database.prepare(
      'INSERT INTO summary_texts (paper_id, language, text) VALUES (?, ?, ?) ON CONFLICT (paper_id, language) DO UPDATE SET text = excluded.text',
    ),
    summaryTexts: database.prepare<[string], { text: string }>(
      'SELECT text FROM summary_texts WHERE paper_id = ? ORDER BY language',
    ),
    kvGet: database.prepare<[string, string], { value: string }>(
      'SELECT value FROM kv WHERE area = ? AND key = ?',
    ),
    kvSet: database.prepare(
      'INSERT INTO kv (area, key, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (area, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    ),
    kvDelete: database.prepare('DELETE FROM kv WHERE area = ? AND key = ?'),
  };

  /** The values a paper is indexed with: Chinese segmented; authors as the content view joins them. */
  function indexed(paper: Paper): [string, string, string] {
    return [indexableText(paper.title), indexableText(paper.abstract ?? ''), paper.authors.join(', ')];
  }

  function reindex(
    rowid: number,
    before: Paper,
    after: Paper,
    summariesBefore: string,
    summariesAfter: string,
  ): void {
    statements.ftsDelete.run(rowid, ...indexed(before), summariesBefore);
    statements.ftsInsert.run(rowid, ...indexed(after), summariesAfter);
  }

  function keepHistory(paper: Paper, hash: string, storedAt: string): void {
    statements.history.run(paper.id, paper.version, hash, JSON.stringify(paper), storedAt);
  }

  function upsert(incoming: Paper, incomingHash: string, storedAt: string): UpsertOutcome {
    const inserted = statements.insert.run(paperToRow(incoming, incomingHash, storedAt));
    if (inserted.changes === 1) {
      statements.ftsInsert.run(Number(inserted.lastInsertRowid), ...indexed(incoming), '');
      return 'new';
    }
    const existing = statements.find.get(incoming.id);
    if (!existing || existing.hash === incomingHash) return 'unchanged';
    const storedRow = statements.get.get(incoming.id) as PaperRow;
    const stored = rowToPaper(storedRow);
    const incomingVersion = incoming.version ?? 0;
    const storedVersion = stored.version ?? 0;
    if (incomingVersion < storedVersion) {
      // An older version arriving late (an old listing imported after a fresh fetch): history only.
      keepHistory(incoming, incomingHash, storedAt);
      return 'unchanged';
    }
    const merged =
      incomingVersion > storedVersion
        ? mergeNewerVersion(stored, incoming)
        : mergeSameVersion(stored, incoming);
    const mergedHash = paperHash(merged);
    if (mergedHash === existing.hash) return 'unchanged';
    if (incomingVersion > storedVersion) keepHistory(stored, existing.hash, storedRow.stored_at);
    statements.update.run(paperToRow(merged, mergedHash, storedAt));
    const summaries = statements.summariesOf.get(existing.rowid)?.summaries ?? '';
    reindex(existing.rowid, stored, merged, summaries, summaries);
    return 'updated';
  }

  const upsertOne = database.transaction((paper: Paper) => upsert(paper, paperHash(paper), now()));
  const upsertBatch = database.transaction((papers: Iterable<Paper>): UpsertCounts => {
    const counts: UpsertCounts = { new: 0, updated: 0, unchanged: 0 };
    const storedAt = now();
    for (const paper of papers) counts[upsert(paper, paperHash(paper), storedAt)] += 1;
    return counts;
  });
  const upsertHashedBatch = database.transaction((entries: readonly HashedPaper[]): UpsertCounts => {
    const counts: UpsertCounts = { new: 0, updated: 0, unchanged: 0 };
    const storedAt = now();
    for (const entry of entries) counts[upsert(entry.paper, entry.hash, storedAt)] += 1;
    return counts;
  });

  function search(query: string, options: { limit?: number } = {}): SearchHit[] {
    const limit = options.limit ?? 20;
    const tokens = queryTokens(query);
    const run = (expression: string): SearchHit[] =>
      database
        .prepare<
          [string, number],
          PaperRow & { score: number; snippet: string; summary_texts: string | null }
        >(
          `SELECT ${paperColumns.replace(/(\w+)/g, 'p.$1')},
             bm25(papers_fts, 5.0, 1.0, 2.0, 1.0) AS score,
             snippet(papers_fts, -1, '[', ']', '…', 24) AS snippet,
             (SELECT json_group_array(text) FROM summary_texts WHERE paper_id = p.id) AS summary_texts
           FROM papers_fts JOIN papers p ON p.rowid = papers_fts.rowid
           WHERE papers_fts MATCH ? ORDER BY score, p.id LIMIT ?`,
        )
        .all(expression, limit)
        .map((row) => {
          const paper = rowToPaper(row);
          const summaries = JSON.parse(row.summary_texts ?? '[]') as string[];
          return { paper, score: row.score, snippet: originalSnippet(paper, summaries, tokens, row.snippet) };
        });
    const all = matchExpression(query, 'all');
    if (!all) return [];
    const hits = run(all);
    if (hits.length > 0) return hits;
    // No paper has every word: rank the papers that have some of them.
    const any = matchExpression(query, 'any');
    return any && any !== all ? run(any) : [];
  }

  function papersInWindow(query: WindowQuery): Paper[] {
    const parameters: Record<string, unknown> = { from: query.from, to: query.to };
    const filter = categoryFilter(query.categories, parameters);
    // The two date ranges are read on their own indexes (papers_by_day, papers_by_updated).
    return database
      .prepare<[Record<string, unknown>], PaperRow>(
        `SELECT ${paperColumns.replace(/(\w+)/g, 'p.$1')} FROM paper_facets f JOIN papers p ON p.rowid = f.rowid
         WHERE f.rowid IN (SELECT rowid FROM papers WHERE day BETWEEN @from AND @to
                           UNION SELECT rowid FROM papers WHERE updated BETWEEN @from AND @to)${filter} ORDER BY p.id`,
      )
      .all(parameters)
      .map(rowToPaper);
  }

  /** Trends of a past window stop at its end: no paper after `until` is counted (facets alias f). */
  function untilFilter(until: string | undefined, parameters: Record<string, unknown>): string {
    if (!until) return '';
    parameters.until = until;
    parameters.untilMonth = until.slice(0, 7);
    return ' AND (f.day <= @until OR (f.day IS NULL AND f.month <= @untilMonth))';
  }

  function monthlyCounts(
    match: string | string[][] | null,
    categories?: string[],
    until?: string,
  ): MonthlyCount[] {
    if (match === null && (!categories || categories.length === 0) && !until) {
      // Every paper: the month index alone answers (40 ms on a million papers, a scan takes 150).
      return database
        .prepare<[], MonthlyCount>(
          'SELECT month, count(*) AS count FROM papers GROUP BY month ORDER BY month',
        )
        .all();
    }
    const parameters: Record<string, unknown> = {};
    let source = 'paper_facets f';
    let where = 'WHERE 1 = 1';
    if (match !== null) {
      const expression = typeof match === 'string' ? matchExpression(match, 'any') : groupsExpression(match);
      if (!expression) return [];
      // FTS5 drives (CROSS JOIN): the narrow facets table answers month and categories per match.
      source = 'papers_fts CROSS JOIN paper_facets f ON f.rowid = papers_fts.rowid';
      where = 'WHERE papers_fts MATCH @match';
      parameters.match = expression;
    }
    where += categoryFilter(categories, parameters);
    where += untilFilter(until, parameters);
    return database
      .prepare<[Record<string, unknown>], MonthlyCount>(
        `SELECT f.month AS month, count(*) AS count FROM ${source} ${where} GROUP BY f.month ORDER BY f.month`,
      )
      .all(parameters);
  }

  function daysWithPapers(months: string[], until?: string): number {
    if (months.length === 0) return 0;
    const parameters: Record<string, unknown> = {};
    months.forEach((month, index) => {
      parameters[`month${index}`] = month;
    });
    const where = untilFilter(until, parameters);
    const row = database
      .prepare<[Record<string, unknown>], { days: number }>(
        `SELECT count(DISTINCT f.day) AS days FROM paper_facets f WHERE f.month IN (${months.map((_month, index) => `@month${index}`).join(', ')})${where}`,
      )
      .get(parameters);
    return row?.days ?? 0;
  }

  function indexSummary(paperId: string, language: Language, text: string): void {
    const row = statements.get.get(paperId);
    const found = statements.find.get(paperId);
    if (!row || !found) return;
    statements.summaryUpsert.run(paperId, language, text);
    const before = statements.summariesOf.get(found.rowid)?.summaries ?? '';
    const after = statements.summaryTexts
      .all(paperId)
      .map((entry) => indexableText(entry.text))
      .join('\n');
    if (after === before) return;
    statements.setSummaries.run(after, found.rowid);
    const paper = rowToPaper(row);
    reindex(found.rowid, paper, paper, before, after);
  }

  function kv(area: string): KeyValueArea {
    return {
      get<T>(key: string): T | undefined {
        const row = statements.kvGet.get(area, key);
        return row ? (JSON.parse(row.value) as T) : undefined;
      },
      set(key, value) {
        statements.kvSet.run(area, key, JSON.stringify(value), now());
      },
      delete(key) {
        statements.kvDelete.run(area, key);
      },
    };
  }

  function versionHistory(id: string): PaperVersionRecord[] {
    const records: PaperVersionRecord[] = statements.versions.all(id).map((row) => ({
      version: row.version,
      storedAt: row.stored_at,
      paper: JSON.parse(row.record) as Paper,
    }));
    const current = statements.get.get(id);
    if (current)
      records.push({ version: current.version, storedAt: current.stored_at, paper: rowToPaper(current) });
    return records.sort(
      (a, b) => (a.version ?? 0) - (b.version ?? 0) || a.storedAt.localeCompare(b.storedAt),
    );
  }

  const indexSummaryTransaction = database.transaction(indexSummary);

  return {
    path,
    upsert: (paper) => upsertOne(paper),
    upsertMany: (papers) => upsertBatch(papers),
    upsertHashed: (entries) => upsertHashedBatch(entries),
    get: (id) => {
      const row = statements.get.get(id);
      return row ? rowToPaper(row) : undefined;
    },
    getMany: (ids) =>
      ids.flatMap((id) => {
        const row = statements.get.get(id);
        return row ? [rowToPaper(row)] : [];
      }),
    count: () => statements.count.get()?.total ?? 0,
    versionHistory,
    search,
    papersInWindow,
    ...createWindowRanking(database),
    monthlyCounts,
    daysWithPapers,
    // IMMEDIATE: it reads before it writes, and a deferred transaction that must upgrade its read
    // lock while another process writes fails with SQLITE_BUSY at once instead of waiting its turn.
    indexSummary: (...args) => indexSummaryTransaction.immediate(...args),
    kv,
    ...createRunArea(database, now),
    deliveries: () => createDeliveryLog(database, now),
    close: () => database.close(),
  };
}
