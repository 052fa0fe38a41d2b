import type Database from 'better-sqlite3';
import type { Language } from '../core/digest.ts';
import type { NewRunRecord, PaperStore, RunRecord } from './types.ts';

type RunArea = Pick<PaperStore, 'saveRun' | 'previousRun' | 'listRuns' | 'featuredPaperIds'>;

/** The runs part of the store: finished builds, for history, "already featured" and trend comparison. */
export function createRunArea(database: Database.Database, now: () => string): RunArea {
  const insertRun = database.prepare(
    'INSERT INTO runs (topic, language, window_from, window_to, created_at, record) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertRunPaper = database.prepare(
    'INSERT OR IGNORE INTO run_papers (run_id, topic, paper_id) VALUES (?, ?, ?)',
  );
  const toRecord = (row: { id: number; record: string }): RunRecord => ({
    ...(JSON.parse(row.record) as NewRunRecord),
    id: row.id,
  });

  const saveRun = database.transaction((run: NewRunRecord): RunRecord => {
    const createdAt = run.createdAt || now();
    const record = { ...run, createdAt };
    const result = insertRun.run(
      run.topic,
      run.language,
      run.window.from,
      run.window.to,
      createdAt,
      JSON.stringify(record),
    );
    const id = Number(result.lastInsertRowid);
    for (const paperId of run.paperIds) insertRunPaper.run(id, run.topic, paperId);
    return { ...record, id };
  });

  return {
    saveRun: (run) => saveRun(run),
    previousRun(topic: string, language: Language, window: { from: string; to: string }) {
      const row = database
        .prepare<unknown[], { id: number; record: string }>(
          `SELECT id, record FROM runs WHERE topic = ? AND language = ? AND window_to < ?
             AND NOT (window_from = ? AND window_to = ?)
           ORDER BY window_to DESC, id DESC LIMIT 1`,
        )
        .get(topic, language, window.to, window.from, window.to);
      return row ? toRecord(row) : undefined;
    },
    listRuns(topic?: string) {
      return database
        .prepare<unknown[], { id: number; record: string }>(
          `SELECT id, record FROM runs${topic ? ' WHERE topic = ?' : ''} ORDER BY topic, window_to, language, id`,
        )
        .all(...(topic ? [topic] : []))
        .map(toRecord);
    },
    featuredPaperIds(topic: string, exceptWindow?: { from: string; to: string }) {
      const rows = database
        .prepare<unknown[], { paper_id: string }>(
          `SELECT DISTINCT rp.paper_id FROM run_papers rp JOIN runs r ON r.id = rp.run_id
           WHERE rp.topic = ? AND NOT (r.window_from = ? AND r.window_to = ?)`,
        )
        .all(topic, exceptWindow?.from ?? '', exceptWindow?.to ?? '');
      return new Set(rows.map((row) => row.paper_id));
    },
  };
}
