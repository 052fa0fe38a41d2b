import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { DigestError } from '../core/errors.ts';

/**
 * Writes a file so readers only ever see the old or the new content, never a partial one: the data
 * goes to a temporary file in the same directory, is flushed to disk, then renamed over the target
 * (rename is atomic within one file system).
 */
export function writeFileAtomic(filePath: string, content: string | Uint8Array): void {
  const directory = path.dirname(filePath);
  try {
    mkdirSync(directory, { recursive: true });
  } catch (error) {
    throw outputError(directory, error);
  }
  const temporary = path.join(directory, `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const descriptor = openSync(temporary, 'wx', 0o644);
    try {
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(descriptor, bytes, offset, bytes.length - offset);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, filePath);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw outputError(filePath, error);
  }
}

function outputError(target: string, error: unknown): DigestError {
  const reason =
    (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
  return new DigestError('OUTPUT', `cannot write ${target} (${reason})`, {
    hint: 'check that the directory exists and is writable, or pass another --out',
    cause: error,
  });
}

/**
 * Joins a generated name (slug, topic) under a root directory, refusing anything that would land
 * outside it: "..", absolute paths, NUL bytes, and separators inside the name.
 */
export function resolveInside(root: string, ...segments: string[]): string {
  for (const segment of segments) {
    if (
      segment.length === 0 ||
      segment.includes('\0') ||
      segment === '.' ||
      segment === '..' ||
      /[\\/]/.test(segment)
    ) {
      throw new DigestError('OUTPUT', `refusing to write "${segment.replace(/\0/g, '\\0')}" under ${root}`, {
        hint: 'names must be plain file names without "/", "\\", ".." or NUL',
      });
    }
  }
  const absoluteRoot = path.resolve(root);
  const target = path.resolve(absoluteRoot, ...segments);
  if (target !== absoluteRoot && !target.startsWith(absoluteRoot + path.sep)) {
    throw new DigestError('OUTPUT', `refusing to write outside ${root}`, { hint: 'use a plain name' });
  }
  return target;
}
