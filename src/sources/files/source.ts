import fs from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DigestError } from '../../core/errors.ts';
import { type FileFormat, maxSniffLength, sniffFormat } from './sniff.ts';

export interface ReadOptions {
  signal?: AbortSignal;
  /** Progress in bytes of the file on disk (compressed bytes for .gz), after each chunk. */
  onBytes?: (bytesRead: number, totalBytes: number) => void;
}

/** A file opened for streaming: its format and its text, decoded, in chunks. */
export interface OpenedText {
  format: FileFormat;
  gzip: boolean;
  totalBytes: number;
  /** The whole text in order, starting with what the sniffer already read. */
  chunks: AsyncGenerator<string, void, undefined>;
  /** Releases the file; needed when `chunks` was never iterated (its own cleanup never ran). */
  close(): void;
}

const supportedFormats =
  'import reads JSON lines (our schema or the Kaggle arXiv snapshot), a JSON array, arXiv API Atom or OAI-PMH XML, optionally gzipped';

function inputError(path: string, what: string, hint: string, cause?: unknown): DigestError {
  return new DigestError('INPUT', `${path}: ${what}`, { hint, cause, details: { path } });
}

function describeFsError(path: string, error: unknown): DigestError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT')
    return inputError(path, 'no such file', 'check the path and the current directory', error);
  if (code === 'EACCES' || code === 'EPERM') {
    return inputError(path, 'cannot be read (permission denied)', 'check the file permissions', error);
  }
  if (code === 'EISDIR')
    return inputError(path, 'is a directory, not a file', 'name the files inside it', error);
  const message = error instanceof Error ? error.message : String(error);
  return inputError(path, `cannot be read (${message})`, 'check that the file is readable', error);
}

async function readMagic(path: string): Promise<Buffer> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const buffer = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buffer, 0, 2, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Text files have no NUL bytes and decode as UTF-8; anything else is called binary. */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  if (sample.includes(0)) return true;
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return false;
  } catch {
    return true;
  }
}

/**
 * Opens a paper file: checks it exists and is a non-empty regular file, unzips gzip (by its magic
 * bytes, whatever the name), refuses binary data, and sniffs the format — all before the caller
 * sees a single record, so a wrong path fails fast with one clear DigestError('INPUT').
 */
export async function openTextFile(path: string, options: ReadOptions = {}): Promise<OpenedText> {
  let stats: fs.Stats;
  let magic: Buffer;
  try {
    stats = await fs.promises.stat(path);
    if (stats.isDirectory()) {
      throw inputError(path, 'is a directory, not a file', 'name the files inside it, e.g. dir/*.jsonl');
    }
    if (stats.isFile() && stats.size === 0)
      throw inputError(path, 'empty file', 'check that the download finished');
    magic = await readMagic(path);
  } catch (error) {
    throw error instanceof DigestError ? error : describeFsError(path, error);
  }
  const gzip = magic[0] === 0x1f && magic[1] === 0x8b;
  const totalBytes = stats.size;
  const fileStream = fs.createReadStream(path, { highWaterMark: 1 << 20, signal: options.signal });
  const byteStream: Readable = gzip ? pipeline(fileStream, createGunzip(), () => {}) : fileStream;
  const iterator = byteStream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const decoder = new TextDecoder('utf-8');

  const wrapReadError = (error: unknown): unknown => {
    if (options.signal?.aborted) return options.signal.reason;
    if (error instanceof DigestError) return error;
    const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
    const message = error instanceof Error ? error.message : String(error);
    if (gzip && (code.startsWith('Z_') || /unexpected end of file|incorrect header check/i.test(message))) {
      return inputError(
        path,
        `the gzip data is truncated or corrupt (${message})`,
        'download the file again',
        error,
      );
    }
    return describeFsError(path, error);
  };
  const nextBytes = async (): Promise<Buffer | null> => {
    let result: IteratorResult<Buffer>;
    try {
      result = await iterator.next();
    } catch (error) {
      throw wrapReadError(error);
    }
    options.onBytes?.(fileStream.bytesRead, totalBytes);
    return result.done ? null : result.value;
  };

  let head = '';
  let checkedBinary = false;
  let finished = false;
  try {
    for (;;) {
      const bytes = await nextBytes();
      if (bytes === null) finished = true;
      else {
        if (!checkedBinary && looksBinary(bytes)) {
          const what = gzip
            ? 'the gzip data holds binary data, not text'
            : 'binary data, neither gzip nor text';
          throw inputError(path, what, supportedFormats);
        }
        checkedBinary = true;
        head += decoder.decode(bytes, { stream: true });
      }
      if (finished) head += decoder.decode();
      const sniff = sniffFormat(head, finished);
      if (sniff.kind === 'need-more' && head.length < maxSniffLength) continue;
      if (sniff.kind === 'empty') {
        throw inputError(
          path,
          head.length === 0 ? 'empty file' : 'empty file (only whitespace)',
          'check the file',
        );
      }
      if (sniff.kind === 'unknown')
        throw inputError(path, `unknown format (${sniff.what})`, supportedFormats);
      if (sniff.kind === 'format') {
        return { format: sniff.format, gzip, totalBytes, chunks: textChunks(head, finished), close };
      }
      throw inputError(path, 'unknown format (no record start in the first 4 MiB)', supportedFormats);
    }
  } catch (error) {
    close();
    throw error;
  }

  function close(): void {
    byteStream.destroy();
    fileStream.destroy();
  }

  async function* textChunks(
    first: string,
    alreadyFinished: boolean,
  ): AsyncGenerator<string, void, undefined> {
    try {
      if (first) yield first;
      if (alreadyFinished) return;
      for (let bytes = await nextBytes(); bytes !== null; bytes = await nextBytes()) {
        const text = decoder.decode(bytes, { stream: true });
        if (text) yield text;
      }
      const rest = decoder.decode();
      if (rest) yield rest;
    } finally {
      close();
    }
  }
}
