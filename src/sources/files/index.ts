import { DigestError } from '../../core/errors.ts';
import { isRecordProblem, jsonRecordToPaper, parseJsonLine } from '../parse/json-line.ts';
import type { FileReadEvent } from './events.ts';
import { JsonArraySplitter } from './json-array.ts';
import { LineSplitter } from './lines.ts';
import type { FileFormat } from './sniff.ts';
import { openTextFile, type ReadOptions } from './source.ts';
import { atomRecordEvent, oaiRecordEvent } from './xml-file.ts';
import { XmlRecordCutter, type XmlRecordText } from './xml-records.ts';

export { parseJsonLine } from '../parse/json-line.ts';
export type { FileReadEvent } from './events.ts';
export type { FileFormat } from './sniff.ts';
export { sniffFormat } from './sniff.ts';
export type { ReadOptions } from './source.ts';

/**
 * Detects a file's format from its content (never its name): gzip by magic bytes, then "[" JSON
 * array, "{" JSON lines (Kaggle when the first record has authors_parsed/versions), "<" Atom feed
 * or OAI-PMH. Throws DigestError('INPUT') for a missing, empty, binary or unknown file.
 */
export async function detectFormat(path: string): Promise<{ format: FileFormat; gzip: boolean }> {
  const opened = await openTextFile(path);
  opened.close();
  return { format: opened.format, gzip: opened.gzip };
}

/**
 * Streams papers out of a file in constant memory. Problems with the file itself throw
 * DigestError('INPUT') before the first event; bad records become `problem` events naming the
 * file and line (XML: entry/record number and line), and reading goes on. Aborting the signal
 * rejects with the signal's reason.
 */
export async function* readPaperFile(path: string, options: ReadOptions = {}): AsyncGenerator<FileReadEvent> {
  for await (const batch of readPaperFileBatches(path, options)) {
    for (const event of batch) yield event;
  }
}

/**
 * The same events in batches (one per ~1 MiB chunk read). Each async step costs microseconds, as
 * much as parsing a record, so bulk imports should take batches; readPaperFile is the simple view.
 */
export async function* readPaperFileBatches(
  path: string,
  options: ReadOptions = {},
): AsyncGenerator<FileReadEvent[]> {
  const opened = await openTextFile(path, options);
  const { signal } = options;
  const reader = createChunkReader(path, opened.format);
  try {
    for await (const chunk of opened.chunks) {
      signal?.throwIfAborted();
      const batch = reader.push(chunk);
      if (batch.length > 0) yield batch;
    }
    const last = reader.finish();
    if (last.length > 0) yield last;
  } finally {
    opened.close();
  }
}

interface ChunkReader {
  push(chunk: string): FileReadEvent[];
  finish(): FileReadEvent[];
}

function createChunkReader(path: string, format: FileFormat): ChunkReader {
  switch (format) {
    case 'jsonl':
    case 'kaggle-jsonl':
      return jsonLinesReader(path, format);
    case 'json-array':
      return jsonArrayReader(path);
    case 'atom':
    case 'oai-pmh':
      return xmlReader(path, format);
  }
}

function toEvent(result: ReturnType<typeof parseJsonLine>, origin: string): FileReadEvent {
  return isRecordProblem(result)
    ? { kind: 'problem', problem: result }
    : { kind: 'paper', paper: { paper: result, origin } };
}

function jsonLinesReader(path: string, format: 'jsonl' | 'kaggle-jsonl'): ChunkReader {
  const splitter = new LineSplitter();
  const parse = (lines: ReturnType<LineSplitter['push']>) =>
    lines.map(({ text, number }) => {
      const origin = `${path}:${number}`;
      return toEvent(parseJsonLine(text, format, origin), origin);
    });
  return { push: (chunk) => parse(splitter.push(chunk)), finish: () => parse(splitter.finish()) };
}

function jsonArrayReader(path: string): ChunkReader {
  const splitter = new JsonArraySplitter();
  const problem = (line: number, message: string): FileReadEvent => ({
    kind: 'problem',
    problem: { origin: `${path}:${line}`, message },
  });
  return {
    push(chunk) {
      const { items, problems } = splitter.push(chunk);
      const events = items.map((item): FileReadEvent => {
        const origin = `${path}:${item.line}`;
        let record: unknown;
        try {
          record = JSON.parse(item.text);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          return problem(item.line, `item ${item.index}: malformed JSON (${reason})`);
        }
        if (typeof record !== 'object' || record === null || Array.isArray(record)) {
          return problem(item.line, `item ${item.index}: expected an object, got ${item.text.slice(0, 40)}`);
        }
        return toEvent(jsonRecordToPaper(record, 'json-array', origin), origin);
      });
      return [...events, ...problems.map((entry) => problem(entry.line, entry.message))];
    },
    finish: () => splitter.finish().map((entry) => problem(entry.line, entry.message)),
  };
}

function xmlReader(path: string, format: 'atom' | 'oai-pmh'): ChunkReader {
  const atom = format === 'atom';
  const noun = atom ? 'entry' : 'record';
  const cutter = atom ? new XmlRecordCutter('entry', 'feed') : new XmlRecordCutter('record', 'OAI-PMH');
  const toRecordEvent = atom ? atomRecordEvent : oaiRecordEvent;
  const originOf = (index: number, line: number) => `${path} ${noun} ${index} (line ${line})`;
  return {
    push(chunk) {
      let records: XmlRecordText[];
      try {
        records = cutter.push(chunk);
      } catch (error) {
        throw new DigestError('INPUT', `${path}: ${error instanceof Error ? error.message : String(error)}`, {
          hint: 'the file is not a well-formed Atom or OAI-PMH document',
        });
      }
      return records.map((record) => toRecordEvent(record, originOf(record.index, record.line)));
    },
    finish() {
      const { cutOff, rootClosed } = cutter.finish();
      if (cutOff) {
        const message = `the file ends inside this ${noun}: truncated`;
        return [{ kind: 'problem', problem: { origin: originOf(cutOff.index, cutOff.line), message } }];
      }
      if (rootClosed) return [];
      const message = `the file does not end with ${atom ? '</feed>' : '</OAI-PMH>'}: truncated`;
      return [{ kind: 'problem', problem: { origin: path, message } }];
    },
  };
}
