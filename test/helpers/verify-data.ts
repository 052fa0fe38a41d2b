import { readFileSync } from 'node:fs';
import { makePaper, type Paper } from '../../src/core/paper.ts';

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

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Maps a record of the shared data schema to a Paper (the file reader does this in the product). */
export function paperFromRecord(record: RawRecord): Paper {
  return makePaper({
    id: record.id,
    version: typeof record.version === 'number' ? record.version : null,
    title: text(record.title) ?? record.id,
    authors: Array.isArray(record.authors) ? record.authors.filter((name) => typeof name === 'string') : [],
    abstract: text(record.abstract),
    primaryCategory: text(record.primary_category),
    categories: Array.isArray(record.categories)
      ? record.categories.filter((name) => typeof name === 'string')
      : [],
    published: text(record.published),
    updated: text(record.updated),
    comments: text(record.comments),
    journalRef: text(record.journal_ref),
    doi: text(record.doi),
  });
}

/** The 34 seed papers as Papers, in file order. */
export function seedPapers(): Paper[] {
  return [...recordsOf('seed-papers.jsonl').values()].map(paperFromRecord);
}
