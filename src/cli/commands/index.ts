import type { RegisterCommand } from '../context.ts';

/** Every CLI command, in the order `--help` lists them. */
export const commands: RegisterCommand[] = [];
