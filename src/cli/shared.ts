import type { Command } from 'commander';
import { DigestError } from '../core/errors.ts';
import type { Config } from '../pipeline/config.ts';
import type { PaperStore } from '../store/types.ts';
import type { CommandContext } from './context.ts';

/** Opens the store named by --db / ARXIV_DIGEST_DB / the default, runs `work`, always closes it. */
export async function withStore<T>(
  context: CommandContext,
  command: Command,
  work: (store: PaperStore) => Promise<T> | T,
): Promise<T> {
  const { db } = context.globals(command);
  // Imported when a command runs, not when it is registered (see commands/index.ts).
  const { openStore, resolveDatabasePath } = await import('../store/index.ts');
  const store = openStore({ path: resolveDatabasePath(db, context.io.env, context.io.cwd) });
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

export async function commandConfig(context: CommandContext, command: Command): Promise<Config> {
  const { loadConfig } = await import('../pipeline/config.ts');
  return loadConfig(context.globals(command).config, context.io.cwd);
}

/** Parses a positive whole-number option, or throws a usage error naming it. */
export function positiveInteger(value: string, option: string): number {
  const number = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(number) || number < 1) {
    throw new DigestError('USAGE', `${option} must be a whole number of at least 1, not "${value}"`, {
      hint: `e.g. ${option} 30`,
    });
  }
  return number;
}
