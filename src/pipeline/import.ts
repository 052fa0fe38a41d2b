import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DigestError } from '../core/errors.ts';
import type { Paper, RecordProblem } from '../core/paper.ts';
import { readPaperFile } from '../sources/files/index.ts';
import type { PaperStore, UpsertCounts } from '../store/types.ts';
import type { ImportWorkerInput, ImportWorkerMessage } from './import-worker.ts';

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
  /** Stop at the first bad record instead of skipping it (parses on the main thread, in order). */
  strict?: boolean;
  /** Parse on a worker thread while the main thread writes (default true unless strict). */
  parallel?: boolean;
  batchSize?: number;
  signal?: AbortSignal;
  onProblem?: (problem: RecordProblem) => void;
  onBytes?: (file: string, bytesRead: number, totalBytes: number) => void;
  /** Called after each stored batch with the file's running counts. */
  onBatch?: (file: string, counts: ImportCounts) => void;
}

const keptProblems = 50;

/**
 * Reports a file's bad records. They are held back until the file shows one usable record (or one
 * deletion): a file with none at all (the wrong file, the wrong shape) ends in one error naming its
 * first bad record, not in a warning per line and "0 new".
 */
function problemReporter(result: ImportFileResult, options: ImportOptions) {
  let held: RecordProblem[] | null = [];
  const release = (): void => {
    for (const problem of held ?? []) options.onProblem?.(problem);
    held = null;
  };
  return {
    note(problem: RecordProblem): void {
      result.read += 1;
      result.skipped += 1;
      if (result.problems.length < keptProblems) result.problems.push(problem);
      if (held === null) options.onProblem?.(problem);
      else if (held.push(problem) >= keptProblems) release();
    },
    usable(): void {
      if (held !== null) release();
    },
    finish(): void {
      const first = result.problems[0];
      if (result.read === result.skipped && result.deleted === 0 && first)
        throw noUsableRecords(result.file, result.skipped, first);
      release();
    },
  };
}

function noUsableRecords(file: string, bad: number, first: RecordProblem): DigestError {
  return new DigestError(
    'INPUT',
    `${file}: no usable records (${bad} bad; first: ${first.origin}: ${first.message})`,
    { hint: 'import reads arXiv records as JSON lines, a JSON array, Atom or OAI-PMH XML; check the file' },
  );
}

/**
 * Fails (DigestError INPUT) on a file import would reject: missing, empty, binary, of no known
 * format, or without one usable record. Reads only up to the first usable record, so the CLI can
 * check every file before it opens (or creates) the store.
 */
export async function checkImportable(file: string): Promise<void> {
  let bad = 0;
  let first: RecordProblem | null = null;
  for await (const event of readPaperFile(file)) {
    if (event.kind !== 'problem') return;
    bad += 1;
    first ??= event.problem;
  }
  if (first) throw noUsableRecords(file, bad, first);
}

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
  const parallel = options.parallel ?? !options.strict;
  for (const file of files) {
    results.push(
      parallel ? await importInWorker(store, file, options) : await importInOrder(store, file, options),
    );
  }
  return results;
}

const newResult = (file: string): ImportFileResult => ({
  file,
  read: 0,
  new: 0,
  updated: 0,
  unchanged: 0,
  skipped: 0,
  deleted: 0,
  problems: [],
});

function addCounts(result: ImportFileResult, counts: UpsertCounts): void {
  result.new += counts.new;
  result.updated += counts.updated;
  result.unchanged += counts.unchanged;
}

/**
 * Parsing on a worker thread, writing on this one: both cores work (SQLite's full-text indexing is
 * the main thread's whole job). Batches are written in the order the worker read them.
 */
function importInWorker(store: PaperStore, file: string, options: ImportOptions): Promise<ImportFileResult> {
  const result = newResult(file);
  const problems = problemReporter(result, options);
  const worker = new Worker(importWorkerUrl(), {
    // 1,000 records a batch: smaller batches, smaller peaks on both threads (see import-worker.ts).
    workerData: { file, batchSize: options.batchSize ?? 1000 } satisfies ImportWorkerInput,
    // A small heap makes the parser collect garbage early: imports of any size stay in constant memory.
    resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
  });
  return new Promise<ImportFileResult>((resolve, reject) => {
    let settled = false;
    const finish = (error: unknown): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (error) reject(error);
      else resolve(result);
    };
    options.signal?.addEventListener('abort', () => finish(options.signal?.reason), { once: true });
    worker.on('message', (message: ImportWorkerMessage) => {
      if (settled) return;
      try {
        if (message.kind === 'batch') {
          if (message.entries.length > 0) {
            addCounts(result, store.upsertHashed(message.entries));
            result.read += message.entries.length;
          }
          result.deleted += message.deleted;
          if (message.entries.length > 0 || message.deleted > 0) problems.usable();
          for (const problem of message.problems) problems.note(problem);
          options.onBytes?.(file, message.bytesRead, message.totalBytes);
          options.onBatch?.(file, result);
          worker.postMessage({ kind: 'credit' });
        } else if (message.kind === 'done') {
          problems.finish();
          finish(null);
        } else {
          const known = message.error.code === 'INPUT' || message.error.code === 'RECORD';
          finish(
            new DigestError(known ? (message.error.code as 'INPUT') : 'INPUT', message.error.message, {
              hint: message.error.hint,
            }),
          );
        }
      } catch (error) {
        finish(error);
      }
    });
    worker.on('error', (error) =>
      finish(new DigestError('INTERNAL', `import worker for ${file} failed: ${error.message}`)),
    );
    worker.on('exit', (code) => {
      if (!settled) finish(new DigestError('INTERNAL', `import worker for ${file} stopped (exit ${code})`));
    });
  });
}

/** Parsing and writing on this thread, record by record in file order (--strict). */
async function importInOrder(
  store: PaperStore,
  file: string,
  options: ImportOptions,
): Promise<ImportFileResult> {
  const batchSize = options.batchSize ?? 1000;
  const result = newResult(file);
  const problems = problemReporter(result, options);
  let batch: Paper[] = [];
  const flush = (): void => {
    if (batch.length === 0) return;
    addCounts(result, store.upsertMany(batch));
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
      problems.usable();
      batch.push(event.paper.paper);
      if (batch.length >= batchSize) flush();
    } else if (event.kind === 'problem') {
      if (options.strict) {
        // The error names the record; a warning for it as well would say it twice.
        flush();
        throw new DigestError('RECORD', `${event.problem.origin}: ${event.problem.message}`, {
          hint: 'fix or remove the record, or run without --strict to skip bad records',
        });
      }
      problems.note(event.problem);
    } else {
      result.deleted += 1;
      problems.usable();
    }
  }
  flush();
  problems.finish();
  return result;
}

export function describeImport(result: ImportFileResult, cwd: string): string {
  const name = path.relative(cwd, result.file) || result.file;
  return `${name}: read ${result.read}, new ${result.new}, updated ${result.updated}, unchanged ${result.unchanged}, skipped ${result.skipped}${result.deleted ? `, deleted ${result.deleted}` : ''}`;
}

/**
 * Compiled (dist/), the worker is plain JavaScript. From the sources (tsx), the worker thread does not
 * inherit the loader: import-worker.mjs registers tsx there first, then loads import-worker.ts.
 */
function importWorkerUrl(): URL {
  const fromSources = import.meta.url.endsWith('.ts');
  return new URL(fromSources ? './import-worker.mjs' : './import-worker.js', import.meta.url);
}
