import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DigestError } from '../core/errors.ts';
import { migrate } from './schema.ts';
import { createSqliteStore } from './sqlite-store.ts';
import type { PaperStore } from './types.ts';

export type * from './types.ts';

export const defaultDatabasePath = path.join('.arxiv-digest', 'arxiv-digest.db');

/** --db wins, then ARXIV_DIGEST_DB, then .arxiv-digest/arxiv-digest.db under the working directory. */
export function resolveDatabasePath(
  option: string | undefined,
  env: Record<string, string | undefined>,
  cwd: string,
): string {
  const chosen = option ?? (env.ARXIV_DIGEST_DB || undefined) ?? defaultDatabasePath;
  return chosen === ':memory:' ? chosen : path.resolve(cwd, chosen);
}

export interface OpenStoreOptions {
  path: string;
  /** How long to wait for another process's write lock before failing with "database is busy". */
  busyTimeoutMs?: number;
  now?: () => string;
}

/**
 * Opens (creating when needed) the SQLite store in WAL mode, so readers never block the writer and
 * two processes can share it; writers wait up to busyTimeoutMs for each other.
 */
export function openStore(options: OpenStoreOptions): PaperStore {
  const databasePath = options.path;
  let database: Database.Database;
  try {
    if (databasePath !== ':memory:') mkdirSync(path.dirname(databasePath), { recursive: true });
    database = new Database(databasePath, { timeout: options.busyTimeoutMs ?? 15_000 });
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    migrate(database, databasePath);
  } catch (error) {
    throw storeError(error, databasePath);
  }
  const store = createSqliteStore(database, databasePath, options.now ?? (() => new Date().toISOString()));
  return guardBusy(store, databasePath);
}

/** Turns SQLite's errors into the error family: busy is its own code with advice. */
export function storeError(error: unknown, databasePath: string): DigestError {
  if (error instanceof DigestError) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new DigestError('BUSY', `database is busy: another process is writing ${databasePath}`, {
      hint: 'wait for it to finish and run again, or use another --db',
      cause: error,
    });
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new DigestError('STORE', `${databasePath} is not a usable arxiv-digest database (${message})`, {
      hint: 'point --db at another file or move this one away',
      cause: error,
    });
  }
  return new DigestError('STORE', `cannot use database ${databasePath}: ${message}`, {
    hint: 'check the path and its permissions (--db or ARXIV_DIGEST_DB)',
    cause: error,
  });
}

/**
 * Wraps every store method (and the methods of the key-value areas it hands out) so SQLite errors
 * surface as DigestErrors naming the database: "database is busy" instead of SQLITE_BUSY.
 */
function guardBusy<T extends object>(target: T, databasePath: string): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          const result = value.apply(object, args);
          return property === 'kv' || property === 'deliveries'
            ? guardBusy(result as object, databasePath)
            : result;
        } catch (error) {
          throw storeError(error, databasePath);
        }
      };
    },
  });
}
