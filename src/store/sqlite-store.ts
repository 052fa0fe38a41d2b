import type Database from 'better-sqlite3';
import type { Language, MonthlyCount } from '../core/digest.ts';
import type { Paper } from '../core/paper.ts';
import { groupsExpression, indexableText, matchExpression } from './fts.ts';
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
import type {
  KeyValueArea,
  PaperStore,
  PaperVersionRecord,
  SearchHit,
  UpsertCounts,
  UpsertOutcome,
  WindowQuery,
} from './types.ts';

const insertColumns = paperColumns.split(', ');
const insertSql = `INSERT INTO papers (${paperColumns}) VALUES (${insertColumns.map((c) => `@${c}`).join(', ')})`;
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
    ftsUpdate: database.prepare('UPDATE papers_fts SET title = ?, abstract = ?, authors = ? WHERE rowid = ?'),
    ftsSummaries: database.prepare('UPDATE papers_fts SET summaries = ? WHERE rowid = ?'),
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

  function writeFts(rowid: number, paper: Paper, isNew: boolean): void {
    const title = indexableText(paper.title);
    const abstract = indexableText(paper.abstract ?? '');
    const authors = paper.authors.join(', ');
    if (isNew) statements.ftsInsert.run(rowid, title, abstract, authors, '');
    else statements.ftsUpdate.run(title, abstract, authors, rowid);
  }

  function keepHistory(paper: Paper, hash: string, storedAt: string): void {
    statements.history.run(paper.id, paper.version, hash, JSON.stringify(paper), storedAt);
  }

  function upsert(incoming: Paper): UpsertOutcome {
    const incomingHash = paperHash(incoming);
    const existing = statements.find.get(incoming.id);
    const storedAt = now();
    if (!existing) {
      const result = statements.insert.run(paperToRow(incoming, incomingHash, storedAt));
      writeFts(Number(result.lastInsertRowid), incoming, true);
      return 'new';
    }
    if (existing.hash === incomingHash) return 'unchanged';
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
    writeFts(existing.rowid, merged, false);
    return 'updated';
  }

  const upsertOne = database.transaction(upsert);
  const upsertBatch = database.transaction((papers: Iterable<Paper>): UpsertCounts => {
    const counts: UpsertCounts = { new: 0, updated: 0, unchanged: 0 };
    for (const paper of papers) counts[upsert(paper)] += 1;
    return counts;
  });

  function categoryFilter(categories: string[] | undefined, parameters: unknown[]): string {
    if (!categories || categories.length === 0) return '';
    parameters.push(...categories.map((category) => `% ${category} %`));
    return ` AND (${categories.map(() => "(' ' || p.categories || ' ') LIKE ?").join(' OR ')})`;
  }

  function search(query: string, options: { limit?: number } = {}): SearchHit[] {
    const limit = options.limit ?? 20;
    const run = (expression: string): SearchHit[] =>
      database
        .prepare<[string, number], PaperRow & { score: number; snippet: string }>(
          `SELECT ${paperColumns.replace(/(\w+)/g, 'p.$1')},
             bm25(papers_fts, 5.0, 1.0, 2.0, 1.0) AS score,
             snippet(papers_fts, -1, '[', ']', '…', 24) AS snippet
           FROM papers_fts JOIN papers p ON p.rowid = papers_fts.rowid
           WHERE papers_fts MATCH ? ORDER BY score, p.id LIMIT ?`,
        )
        .all(expression, limit)
        .map((row) => ({
          paper: rowToPaper(row),
          score: row.score,
          snippet: row.snippet.replace(/\s+/g, ' '),
        }));
    const all = matchExpression(query, 'all');
    if (!all) return [];
    const hits = run(all);
    if (hits.length > 0) return hits;
    // No paper has every word: rank the papers that have some of them.
    const any = matchExpression(query, 'any');
    return any && any !== all ? run(any) : [];
  }

  function papersInWindow(query: WindowQuery): Paper[] {
    const parameters: unknown[] = [query.from, query.to, query.from, query.to];
    const filter = categoryFilter(query.categories, parameters);
    return database
      .prepare<unknown[], PaperRow>(
        `SELECT ${paperColumns.replace(/(\w+)/g, 'p.$1')} FROM papers p
         WHERE ((p.day BETWEEN ? AND ?) OR (p.updated BETWEEN ? AND ?))${filter} ORDER BY p.id`,
      )
      .all(...parameters)
      .map(rowToPaper);
  }

  function monthlyCounts(match: string | string[][] | null, categories?: string[]): MonthlyCount[] {
    const parameters: unknown[] = [];
    let source = 'papers p';
    let where = 'WHERE 1 = 1';
    if (match !== null) {
      const expression = typeof match === 'string' ? matchExpression(match, 'any') : groupsExpression(match);
      if (!expression) return [];
      source = 'papers_fts JOIN papers p ON p.rowid = papers_fts.rowid';
      where = 'WHERE papers_fts MATCH ?';
      parameters.push(expression);
    }
    where += categoryFilter(categories, parameters);
    return database
      .prepare<unknown[], MonthlyCount>(
        `SELECT p.month AS month, count(*) AS count FROM ${source} ${where} GROUP BY p.month ORDER BY p.month`,
      )
      .all(...parameters);
  }

  function indexSummary(paperId: string, language: Language, text: string): void {
    const row = statements.find.get(paperId);
    if (!row) return;
    statements.summaryUpsert.run(paperId, language, text);
    const texts = statements.summaryTexts.all(paperId).map((entry) => indexableText(entry.text));
    statements.ftsSummaries.run(texts.join('\n'), row.rowid);
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

  return {
    path,
    upsert: (paper) => upsertOne(paper),
    upsertMany: (papers) => upsertBatch(papers),
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
    monthlyCounts,
    indexSummary,
    kv,
    ...createRunArea(database, now),
    close: () => database.close(),
  };
}
