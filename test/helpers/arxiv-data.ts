import { readdirSync, readFileSync } from 'node:fs';
import type { Paper } from '../../src/core/paper.ts';
import { isRecordProblem, parseJsonLine } from '../../src/sources/parse/json-line.ts';
import type { KeyValueArea, UpsertCounts } from '../../src/store/types.ts';

/**
 * Real arXiv records from /work/shared/data (== <repo>/../shared/data) as Papers, for every test that
 * needs real papers: one loader, reading through the product's own parser.
 */

export const sharedDataUrl = new URL('../../../shared/data/', import.meta.url);

/** Reads a data file through the product's own-schema parser (what `import` does), record by record. */
export function readJsonl(relative: string): Paper[] {
  const text = readFileSync(new URL(relative, sharedDataUrl), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line, index) => {
      const result = parseJsonLine(line, 'jsonl', `${relative}:${index + 1}`);
      if (isRecordProblem(result)) throw new Error(`${result.origin}: ${result.message}`);
      return result;
    });
}

/** One daily listing, e.g. "2025-11-22" (12 papers) or "2025-11-28" (24); `announced` = listing date. */
export function loadDay(date: string): Paper[] {
  return readJsonl(`arxiv-days/${date}.jsonl`);
}

/** Every daily listing in arxiv-days (7,753 records, 7,731 distinct papers), in file order. */
export function loadArxivDays(): Paper[] {
  return readdirSync(new URL('arxiv-days/', sharedDataUrl))
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) => readJsonl(`arxiv-days/${name}`));
}

/**
 * The raw lines of every arxiv-days listing whose primary category passes `keep`, as a JSONL file
 * for `build --input` holds them (a field's papers: quant-ph, cond-mat.*, ...).
 */
export function arxivDaysLines(keep: (primaryCategory: string) => boolean): string[] {
  const directory = new URL('arxiv-days/', sharedDataUrl);
  return readdirSync(directory)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) => readFileSync(new URL(name, directory), 'utf8').split('\n'))
    .filter(
      (line) => line.trim() && keep((JSON.parse(line) as { primary_category: string }).primary_category),
    );
}

/** The 34 seed papers of the example digest. */
export function loadSeedPapers(): Paper[] {
  return readJsonl('seed-papers.jsonl');
}

/** A recorded raw response under raw/, as text. */
export function readRaw(relative: string): string {
  return readFileSync(new URL(`raw/${relative}`, sharedDataUrl), 'utf8');
}

/** The real 503 page arXiv's OAI-PMH sent (2018, with "Retry-After: 10"). */
export function recordedOai503Body(): string {
  return readRaw(
    'oai-pmh/paperhive-oai-pmh/2018_oaipmh-listrecords---should-list-identifiers-from-arxiv.response0.status503.html',
  );
}

export function sortedIds(papers: Iterable<{ id: string }>): string[] {
  return [...papers].map((paper) => paper.id).sort();
}

/** A store stand-in: upsertMany with new/updated/unchanged outcomes, and JSON key-value areas. */
export interface MemoryStore {
  papers: Map<string, Paper>;
  upsertMany(papers: Iterable<Paper>): UpsertCounts;
  kv(area: string): KeyValueArea;
  /** How many upsertMany calls (transactions) there were. */
  transactions: number;
}

export function createMemoryStore(): MemoryStore {
  const areas = new Map<string, Map<string, string>>();
  const store: MemoryStore = {
    papers: new Map(),
    transactions: 0,
    upsertMany(papers) {
      store.transactions += 1;
      const counts: UpsertCounts = { new: 0, updated: 0, unchanged: 0 };
      for (const paper of papers) {
        const previous = store.papers.get(paper.id);
        if (!previous) counts.new += 1;
        else if (JSON.stringify(previous) === JSON.stringify(paper)) counts.unchanged += 1;
        else counts.updated += 1;
        store.papers.set(paper.id, paper);
      }
      return counts;
    },
    kv(area) {
      let values = areas.get(area);
      if (!values) {
        values = new Map();
        areas.set(area, values);
      }
      const map = values;
      return {
        get: <T>(key: string) => {
          const text = map.get(key);
          return text === undefined ? undefined : (JSON.parse(text) as T);
        },
        set: (key, value) => {
          map.set(key, JSON.stringify(value));
        },
        delete: (key) => {
          map.delete(key);
        },
      };
    },
  };
  return store;
}
