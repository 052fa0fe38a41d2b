import type { Command } from 'commander';

/**
 * What a command may touch of the outside world. Tests pass their own; the real CLI passes the
 * process's. Commands never call process.exit or read process.env directly.
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** True when stderr is a terminal: progress bars only then. */
  stderrIsTty: boolean;
  stdin: NodeJS.ReadableStream;
}

export interface GlobalOptions {
  db: string | undefined;
  config: string | undefined;
  json: boolean;
  quiet: boolean;
}

export interface CommandContext {
  io: CliIo;
  /** The global options as given on the command line (merged with the subcommand's). */
  globals(command: Command): GlobalOptions;
  /** Prints a result: the object as JSON with --json, else the human lines (unless --quiet). */
  report(command: Command, result: object, humanLines: string[]): void;
  /** Prints a warning line on stderr (unless --quiet). */
  warn(command: Command, line: string): void;
  /** Sets the exit status the process ends with (e.g. 1 when a check fails). */
  setExitCode(code: number): void;
}

/** Each command file exports one of these; main.ts registers them all. */
export type RegisterCommand = (program: Command, context: CommandContext) => void;

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    stderrIsTty: process.stderr.isTTY === true,
    stdin: process.stdin,
  };
}

export function createContext(io: CliIo, onExitCode: (code: number) => void): CommandContext {
  const globals = (command: Command): GlobalOptions => {
    const options = command.optsWithGlobals<Partial<GlobalOptions>>();
    return {
      db: options.db,
      config: options.config,
      json: options.json === true,
      quiet: options.quiet === true,
    };
  };
  return {
    io,
    globals,
    report(command, result, humanLines) {
      const options = globals(command);
      if (options.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      else if (!options.quiet) for (const line of humanLines) io.stdout(`${line}\n`);
    },
    warn(command, line) {
      if (!globals(command).quiet) io.stderr(`warning: ${line}\n`);
    },
    setExitCode: onExitCode,
  };
}
