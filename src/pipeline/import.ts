import path from 'node:path';
import { DigestError } from '../core/errors.ts';
import type { Paper, RecordProblem } from '../core/paper.ts';
import { readPaperFile } from '../sources/files/index.ts';
import type { PaperStore, UpsertCounts } from '../store/types.ts';

export interface ImportCounts extends UpsertCounts {
  read: number;
  skipped: number;
  deleted: number;
}

export interface ImportFileResult extends ImportCounts {
  file: string;
  /** The first problems of the file (all of them are counted in `skipped`). */
  problems: RecordProblem[];
}

export interface ImportOptions {
  /** Stop at the first bad record instead of skipping it. */
  strict?: boolean;
  batchSize?: number;
  signal?: AbortSignal;
  onProblem?: (problem: RecordProblem) => void;
  onBytes?: (file: string, bytesRead: number, totalBytes: number) => void;
  /** Called after each stored batch with the file's running counts. */
  onBatch?: (file: string, counts: ImportCounts) => void;
}

const keptProblems = 50;

/**
 * Streams each file into the store in batches (one transaction each), so memory stays flat and an
 * interrupted import keeps every finished batch; running it again is a no-op for those records.
 */
export async function importFiles(
  store: PaperStore,
  files: string[],
  options: ImportOptions = {},
): Promise<ImportFileResult[]> {
  const results: ImportFileResult[] = [];
  const batchSize = options.batchSize ?? 1000;
  for (const file of files) {
    const result: ImportFileResult = {
      file,
      read: 0,
      new: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      deleted: 0,
      problems: [],
    };
    let batch: Paper[] = [];
    const flush = (): void => {
      if (batch.length === 0) return;
      const counts = store.upsertMany(batch);
      result.new += counts.new;
      result.updated += counts.updated;
      result.unchanged += counts.unchanged;
      batch = [];
      options.onBatch?.(file, result);
    };
    const events = readPaperFile(file, {
      signal: options.signal,
      onBytes: options.onBytes ? (read, total) => options.onBytes?.(file, read, total) : undefined,
    });
    for await (const event of events) {
      if (event.kind === 'paper') {
        result.read += 1;
        batch.push(event.paper.paper);
        if (batch.length >= batchSize) flush();
      } else if (event.kind === 'problem') {
        result.read += 1;
        result.skipped += 1;
        if (result.problems.length < keptProblems) result.problems.push(event.problem);
        options.onProblem?.(event.problem);
        if (options.strict) {
          flush();
          throw new DigestError('RECORD', `${event.problem.origin}: ${event.problem.message}`, {
            hint: 'fix or remove the record, or run without --strict to skip bad records',
          });
        }
      } else {
        result.deleted += 1;
      }
    }
    flush();
    results.push(result);
  }
  return results;
}

export function describeImport(result: ImportFileResult, cwd: string): string {
  const name = path.relative(cwd, result.file) || result.file;
  return `${name}: read ${result.read}, new ${result.new}, updated ${result.updated}, unchanged ${result.unchanged}, skipped ${result.skipped}${result.deleted ? `, deleted ${result.deleted}` : ''}`;
}
