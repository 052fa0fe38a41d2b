import { readFileSync } from 'node:fs';
import type { Paper } from '../../src/core/paper.ts';
import { isRecordProblem, parseJsonLine } from '../../src/sources/parse/json-line.ts';

/** /work/shared/data, found relative to the repository (never copied into it). */
export const sharedDataUrl = new URL('../../../shared/data/', import.meta.url);
export const seedPostUrl = new URL('../../../shared/seed/multimodal.md', import.meta.url);

export type RawRecord = Record<string, unknown> & { id: string };

const fileCache = new Map<string, Map<string, RawRecord>>();

/** The records of one data file (seed-papers.jsonl, arxiv-days/2025-11-21.jsonl), by id. */
export function recordsOf(relativePath: string): Map<string, RawRecord> {
  let records = fileCache.get(relativePath);
  if (!records) {
    records = new Map();
    const text = readFileSync(new URL(relativePath, sharedDataUrl), 'utf8');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const record = JSON.parse(line) as RawRecord;
      if (!records.has(record.id)) records.set(record.id, record);
    }
    fileCache.set(relativePath, records);
  }
  return records;
}

/** Maps a record of the shared data schema to a Paper through the product's own parser. */
export function paperFromRecord(record: RawRecord): Paper {
  const result = parseJsonLine(JSON.stringify(record), 'jsonl', record.id);
  if (isRecordProblem(result)) throw new Error(`${result.origin}: ${result.message}`);
  return result;
}

/** The 34 seed papers as Papers, in file order. */
export function seedPapers(): Paper[] {
  return [...recordsOf('seed-papers.jsonl').values()].map(paperFromRecord);
}
