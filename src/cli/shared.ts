import type { Command } from 'commander';
import { DigestError } from '../core/errors.ts';
import { type Config, loadConfig } from '../pipeline/config.ts';
import { openStore, resolveDatabasePath } from '../store/index.ts';
import type { PaperStore } from '../store/types.ts';
import type { CommandContext } from './context.ts';

/** Opens the store named by --db / ARXIV_DIGEST_DB / the default, runs `work`, always closes it. */
export async function withStore<T>(
  context: CommandContext,
  command: Command,
  work: (store: PaperStore) => Promise<T> | T,
): Promise<T> {
  const { db } = context.globals(command);
  const store = openStore({ path: resolveDatabasePath(db, context.io.env, context.io.cwd) });
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

export function commandConfig(context: CommandContext, command: Command): Promise<Config> {
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
