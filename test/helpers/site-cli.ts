/**
 * Runs the real CLI (src/cli/main.ts): `node --import tsx test/helpers/site-cli.ts serve DIR` starts a
 * preview server from a test's child process. Also importable: `runSiteCli(argv, io)` runs it in-process.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CliIo } from '../../src/cli/context.ts';
import { run } from '../../src/cli/main.ts';

export function runSiteCli(argv: string[], io?: CliIo): Promise<number> {
  return run(argv, io);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await runSiteCli(process.argv.slice(2));
}
