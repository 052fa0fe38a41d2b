import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/context.ts';
import { run } from '../../src/cli/main.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

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

/** Runs the real CLI (every command, the real exit-code mapping) in-process with captured output. */
export async function runCli(argv: string[], options: CliOptions): Promise<CliResult> {
  const { io, output } = captureIo(options);
  const code = await run(argv, io);
  return { code, ...output() };
}

/** A fresh temporary working directory. */
export function temporaryDirectory(prefix = 'arxiv-digest-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const seedPapersFile = new URL('../../../shared/data/seed-papers.jsonl', import.meta.url).pathname;
export const sharedDataDirectory = new URL('../../../shared/data/', import.meta.url).pathname;

/** `build --input <seed papers> --llm none --json` into `posts-<language>`; the written post's path. */
export async function buildSeedPost(
  language: 'zh' | 'en',
  options: CliOptions & { cwd: string },
): Promise<string> {
  const built = await runCli(
    [
      'build',
      '--input',
      seedPapersFile,
      '--lang',
      language,
      '--llm',
      'none',
      '--out',
      `posts-${language}`,
      '--json',
    ],
    options,
  );
  if (built.code !== 0) throw new Error(`seed build (${language}) exited ${built.code}: ${built.stderr}`);
  return path.join(
    options.cwd,
    (JSON.parse(built.stdout) as { outputs: { markdown: string } }).outputs.markdown,
  );
}
