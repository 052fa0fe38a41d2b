import path from 'node:path';
import { DigestError } from '../../core/errors.ts';
import type { RegisterCommand } from '../context.ts';
import { commandConfig } from '../shared.ts';

/** Resolves on the first SIGINT or SIGTERM, then stops listening for both. */
function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(port) || port > 65_535) {
    throw new DigestError('USAGE', `--port must be a port number (0-65535), not "${value}"`, {
      hint: 'e.g. --port 4173 (0 picks a free port)',
    });
  }
  return port;
}

export const registerServe: RegisterCommand = (program, context) => {
  program
    .command('serve')
    .description('preview the static site on http://127.0.0.1 (loopback only) until Ctrl+C')
    .argument('[dir]', 'site directory (default: siteDir from the config, else "site")')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '4173')
    .addHelpText('after', '\nExample:\n  $ arxiv-digest publish site && arxiv-digest serve site --port 4173')
    .action(async (dir: string | undefined, options: { port: string }, command) => {
      // Loaded when the command runs, not when it is registered (see commands/index.ts).
      const { startPreviewServer } = await import('../../pipeline/serve.ts');
      const port = parsePort(options.port);
      const config = await commandConfig(context, command);
      const siteDir = path.resolve(context.io.cwd, dir ?? config.siteDir ?? 'site');
      const server = await startPreviewServer({ dir: siteDir, port, host: '127.0.0.1' });
      const stopped = untilStopSignal();
      context.report(command, { ok: true, url: server.url, dir: siteDir, port: server.port }, [
        `Serving ${siteDir} at ${server.url} (Ctrl+C to stop)`,
      ]);
      const signal = await stopped;
      await server.close();
      if (!context.globals(command).json && !context.globals(command).quiet) {
        context.io.stderr(`stopped (${signal})\n`);
      }
    });
};
