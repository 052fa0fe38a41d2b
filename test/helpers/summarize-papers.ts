import { readFileSync } from 'node:fs';
import { makePaper, type Paper } from '../../src/core/paper.ts';

/** Real arXiv records from /work/shared/data (<repo>/../shared/data), mapped onto Paper. */

interface DataRecord {
  id: string;
  version: number | null;
  title: string;
  authors: string[];
  abstract: string | null;
  primary_category: string | null;
  categories: string[] | null;
  published: string | null;
  updated: string | null;
  comments: string | null;
  journal_ref: string | null;
  doi: string | null;
}

const dataUrl = new URL('../../../shared/data/', import.meta.url);

function toPaper(record: DataRecord): Paper {
  return makePaper({
    id: record.id,
    version: record.version,
    title: record.title,
    authors: record.authors,
    abstract: record.abstract,
    primaryCategory: record.primary_category,
    categories: record.categories ?? [],
    published: record.published,
    updated: record.updated,
    comments: record.comments,
    journalRef: record.journal_ref,
    doi: record.doi,
  });
}

function readJsonl(relativePath: string): DataRecord[] {
  return readFileSync(new URL(relativePath, dataUrl), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as DataRecord);
}

/** The 34 seed papers, in the seed digest's order. */
export function loadSeedPapers(): Paper[] {
  return readJsonl('seed-papers.jsonl').map(toPaper);
}

/** Papers of one daily listing (e.g. "2025-11-24"), the first `limit` of them. */
export function loadDayPapers(date: string, limit = Number.POSITIVE_INFINITY): Paper[] {
  return readJsonl(`arxiv-days/${date}.jsonl`).slice(0, limit).map(toPaper);
}
