import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DigestError } from '../../src/core/errors.ts';
import type { Paper, RecordProblem, SourcedPaper } from '../../src/core/paper.ts';
import { type FileReadEvent, readPaperFile } from '../../src/sources/files/index.ts';

/** Helpers for the tests of src/sources/files (readPaperFile over real and written files). */

const dataDirectory = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

/** A path inside /work/shared/data (the real arXiv test data, next to the repository). */
export const data = (relative: string): string => path.join(dataDirectory, relative);
export const seedPath = data('seed-papers.jsonl');
export const seedLines = fs.readFileSync(seedPath, 'utf8').split('\n').filter(Boolean);

/** A temporary directory for files a test writes; call remove() in after(). */
export function temporaryDirectory() {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'arxiv-digest-'));
  return {
    path: directory,
    write(name: string, content: string | Buffer): string {
      const file = path.join(directory, name);
      fs.writeFileSync(file, content);
      return file;
    },
    remove(): void {
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface Collected {
  papers: SourcedPaper[];
  problems: RecordProblem[];
  deleted: string[];
}

export async function collect(
  file: string,
  events: AsyncIterable<FileReadEvent> = readPaperFile(file),
): Promise<Collected> {
  const collected: Collected = { papers: [], problems: [], deleted: [] };
  for await (const event of events) {
    if (event.kind === 'paper') collected.papers.push(event.paper);
    else if (event.kind === 'problem') collected.problems.push(event.problem);
    else collected.deleted.push(event.id);
  }
  return collected;
}

/** Asserts that reading fails with DigestError('INPUT') naming the file, before any event. */
export async function rejectsInput(file: string, pattern: RegExp): Promise<void> {
  let yielded = 0;
  await assert.rejects(
    async () => {
      for await (const _event of readPaperFile(file)) yielded += 1;
    },
    (error: unknown) => {
      assert.ok(error instanceof DigestError, String(error));
      assert.equal(error.code, 'INPUT');
      assert.ok(error.message.startsWith(`${file}: `), error.message);
      assert.match(error.message, pattern);
      assert.ok(error.hint, 'a hint says what to do');
      return true;
    },
  );
  assert.equal(yielded, 0, 'nothing is yielded before a file-level error');
}

export const withoutOrigin = (papers: SourcedPaper[]): Paper[] => papers.map((sourced) => sourced.paper);
