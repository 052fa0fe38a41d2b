/**
 * Runs the real CLI (src/cli/main.ts) with the `publish` and `serve` commands registered, whether or
 * not src/cli/commands/index.ts lists them yet: `node --import tsx test/helpers/site-cli.ts serve DIR`.
 * Also importable: `runSiteCli(argv, io)` runs it in-process.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { commands } from '../../src/cli/commands/index.ts';
import { registerPublish } from '../../src/cli/commands/publish.ts';
import { registerServe } from '../../src/cli/commands/serve.ts';
import type { CliIo } from '../../src/cli/context.ts';
import { run } from '../../src/cli/main.ts';

function ensureRegistered(): void {
  const names = new Set(commands.map((register) => register.name));
  if (!names.has(registerPublish.name)) commands.push(registerPublish);
  if (!names.has(registerServe.name)) commands.push(registerServe);
}

export function runSiteCli(argv: string[], io?: CliIo): Promise<number> {
  ensureRegistered();
  return run(argv, io);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await runSiteCli(process.argv.slice(2));
}
