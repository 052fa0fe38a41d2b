import type { RegisterCommand } from '../context.ts';
import { registerBuild } from './build.ts';
import { registerCheck } from './check.ts';
import { registerDeliver } from './deliver.ts';
import { registerFetch } from './fetch.ts';
import { registerImport } from './import.ts';
import { registerPublish } from './publish.ts';
import { registerSearch } from './search.ts';
import { registerServe } from './serve.ts';
import { registerVenue } from './venue.ts';

/** Every CLI command, in the order `--help` lists them. */
export const commands: RegisterCommand[] = [
  registerImport,
  registerFetch,
  registerBuild,
  registerCheck,
  registerVenue,
  registerSearch,
  registerPublish,
  registerServe,
  registerDeliver,
];
