import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
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
  removeStaleTemporaryFiles(directory);
  const temporary = path.join(
    directory,
    `.${path.basename(filePath)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
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

/** `.NAME.PID.HEX.tmp`: the writer's process id tells a dead writer's leftover from a live one's file. */
const temporaryFilePattern = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/;

function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * A writer killed between creating its temporary file and the rename (kill -9, power loss) leaves
 * `.post.md.PID.HEX.tmp` behind; such files would pile up in an output directory that users publish
 * or commit. Only files of processes that no longer exist are removed: a concurrent writer's stay.
 */
function removeStaleTemporaryFiles(directory: string): void {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = temporaryFilePattern.exec(name)?.[1];
    if (pid !== undefined && !processIsAlive(Number(pid)))
      rmSync(path.join(directory, name), { force: true });
  }
}

/**
 * Fails fast, before any work is done, when `dir` cannot be (or become) a writable directory: it is
 * a file, lies under a file, or its nearest existing ancestor is not writable. Creates nothing.
 */
export function checkOutputDirectory(dir: string, option: string): string {
  const resolved = path.resolve(dir);
  let existing = resolved;
  while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  const hint = `pass a writable directory as ${option}`;
  if (!statSync(existing).isDirectory()) {
    const where =
      existing === resolved ? 'is a file, not a directory' : `${existing} is a file, not a directory`;
    throw new DigestError('OUTPUT', `${option} ${dir}: ${where}`, { hint });
  }
  try {
    accessSync(existing, constants.W_OK);
  } catch {
    throw new DigestError('OUTPUT', `${option} ${dir}: ${existing} is not writable`, { hint });
  }
  return resolved;
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
