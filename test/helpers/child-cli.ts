import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';

/**
 * The real CLI as a child process (bin/arxiv-digest-dev under this Node, never through a shell), for what
 * an in-process run cannot show: a kill -9 at an awkward moment, or two processes sharing one database.
 * The dev entry runs the sources through tsx, so a test never runs a stale dist/ (test/package.test.ts
 * covers the compiled CLI).
 */

export const binPath = new URL('../../bin/arxiv-digest-dev', import.meta.url).pathname;

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ChildCli {
  process: ChildProcess;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  /** Settles when the process has exited and its output is complete. */
  exited: Promise<ChildExit>;
  /** kill -9, then waits for the exit. */
  kill9(): Promise<ChildExit>;
}

/** Starts `arxiv-digest ...argv` with exactly `env` (plus PATH), in `cwd`. */
export function startCli(argv: string[], options: { cwd: string; env: Record<string, string> }): ChildCli {
  const child = spawn(process.execPath, [binPath, ...argv], {
    cwd: options.cwd,
    // A controlled environment: no OPENAI_API_KEY or ARXIV_* of the developer's shell leaks in.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<ChildExit>((resolve, reject) => {
    child.once('error', reject);
    // 'close' (not 'exit'): the pipes are drained too.
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    process: child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    kill9: async () => {
      child.kill('SIGKILL');
      return exited;
    },
  };
}

/** Runs the CLI to its end. */
export function runCliChild(
  argv: string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<ChildExit> {
  return startCli(argv, options).exited;
}

/**
 * Runs a snippet of TypeScript module code in a fresh Node process (through tsx, no shell), with
 * `args` as process.argv.slice(1): for what needs two processes but not the whole CLI.
 */
export function runModuleChild(code: string, args: string[], cwd: string): Promise<ChildExit> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise<ChildExit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * Polls `condition` every `intervalMs` until it holds; fails when the child exits first or after
 * `timeoutMs` (so a test never hangs on a kill that never comes).
 */
export async function waitFor(
  condition: () => boolean,
  what: string,
  options: { child?: ChildCli; timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let exited = false;
  void options.child?.exited.then(() => {
    exited = true;
  });
  for (;;) {
    if (condition()) return;
    if (exited) {
      throw new Error(`the CLI exited before ${what}:\n${options.child?.stderr() ?? ''}`);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(options.intervalMs ?? 10);
  }
}

/** A value from the database, read through a short-lived read-only connection (null: not there yet). */
export function readDatabase<T>(databasePath: string, read: (database: Database.Database) => T): T | null {
  let database: Database.Database | undefined;
  try {
    database = new Database(databasePath, { readonly: true, fileMustExist: true, timeout: 2000 });
    return read(database);
  } catch {
    return null;
  } finally {
    database?.close();
  }
}

export interface DatabaseHealth {
  integrity: string;
  /** null when the FTS index agrees with the papers table, else the error. */
  ftsProblem: string | null;
  papers: number;
  distinctIds: number;
}

/** PRAGMA integrity_check, the FTS5 integrity-check, and row counts (opens read-write: WAL recovery). */
export function databaseHealth(databasePath: string): DatabaseHealth {
  const database = new Database(databasePath, { fileMustExist: true });
  try {
    const integrity = (database.pragma('integrity_check') as { integrity_check: string }[])
      .map((row) => row.integrity_check)
      .join('; ');
    let ftsProblem: string | null = null;
    try {
      database.prepare("INSERT INTO papers_fts(papers_fts) VALUES('integrity-check')").run();
    } catch (error) {
      ftsProblem = (error as Error).message;
    }
    const count = (sql: string) => (database.prepare(sql).get() as { n: number }).n;
    return {
      integrity,
      ftsProblem,
      papers: count('SELECT count(*) AS n FROM papers'),
      distinctIds: count('SELECT count(DISTINCT id) AS n FROM papers'),
    };
  } finally {
    database.close();
  }
}

/** Every stored paper id, sorted. */
export function storedIds(databasePath: string): string[] {
  const database = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return (database.prepare('SELECT id FROM papers ORDER BY id').all() as { id: string }[]).map(
      (row) => row.id,
    );
  } finally {
    database.close();
  }
}

/** The stored fetch cursors (kv area fetch-cursors), parsed. */
export function storedCursors(databasePath: string): unknown[] {
  const database = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const values = database.prepare("SELECT value FROM kv WHERE area = 'fetch-cursors'").pluck().all();
    return values.map((value) => JSON.parse(String(value)));
  } finally {
    database.close();
  }
}

/** Names of files a killed atomic writer may leave: `.NAME.*.tmp`. */
export function temporaryFiles(directory: string): string[] {
  try {
    return readdirSync(directory, { recursive: true, encoding: 'utf8' }).filter((name) =>
      /(^|\/)\.[^/]+\.tmp$/.test(name),
    );
  } catch {
    return [];
  }
}
