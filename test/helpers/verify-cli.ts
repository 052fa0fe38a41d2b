import { PassThrough } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { registerCheck } from '../../src/cli/commands/check.ts';
import { registerVenue } from '../../src/cli/commands/venue.ts';
import { type CliIo, createContext } from '../../src/cli/context.ts';
import { toDigestError } from '../../src/core/errors.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the `check` and `venue` commands in-process with captured output, on a program with the
 * CLI's global options (--db, --json, --quiet) and its error-to-exit-code mapping. It does not load
 * the other commands, so these tests do not depend on them.
 */
export interface CliOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  stdin?: string;
  /** Pretend stdin is a terminal. */
  stdinIsTty?: boolean;
}

/** An in-memory CliIo and the output it captured. */
export function captureIo(options: CliOptions): {
  io: CliIo;
  output: () => { stdout: string; stderr: string };
} {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? '');
  if (options.stdinIsTty) Object.assign(stdin, { isTTY: true });
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: options.env ?? {},
    cwd: options.cwd,
    stderrIsTty: false,
    stdin,
  };
  return { io, output: () => ({ stdout, stderr }) };
}

export async function runCli(argv: string[], options: CliOptions): Promise<CliResult> {
  const { io, output } = captureIo(options);
  const result = await runWith(argv, io);
  return { code: result, ...output() };
}

async function runWith(argv: string[], io: CliIo): Promise<number> {
  let code = 0;
  const context = createContext(io, (value) => {
    code = Math.max(code, value);
  });
  const program = new Command('arxiv-digest')
    .option('--db <path>')
    .option('--config <path>')
    .option('--json')
    .option('--quiet')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerCheck(program, context);
  registerVenue(program, context);
  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput());
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const digestError = toDigestError(error);
    io.stderr(`arxiv-digest: ${digestError.toOneLine()}\n`);
    return digestError.exitCode;
  }
  return code;
}
