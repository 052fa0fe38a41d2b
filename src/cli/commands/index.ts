import type { RegisterCommand } from '../context.ts';
import { registerImport } from './import.ts';
import { registerSearch } from './search.ts';

/** Every CLI command, in the order `--help` lists them. */
export const commands: RegisterCommand[] = [registerImport, registerSearch];
