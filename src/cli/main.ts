import { Command, CommanderError } from 'commander';
import { toDigestError } from '../core/errors.ts';
import { commands } from './commands/index.ts';
import { type CliIo, createContext, processIo } from './context.ts';

const examples = `
Examples:
  $ arxiv-digest import ../shared/data/seed-papers.jsonl
  $ arxiv-digest fetch --topic multimodal --from 2025-11-21 --to 2025-11-27
  $ arxiv-digest build --topic multimodal --days 7 --lang zh --out posts
  $ arxiv-digest build --input papers.jsonl --lang en --llm none --out posts
  $ arxiv-digest check posts/multimodal-2025-11-28.md
  $ arxiv-digest search "compositional image generation"

Environment:
  ARXIV_DIGEST_DB        database path (default .arxiv-digest/arxiv-digest.db)
  OPENAI_API_KEY         key for an OpenAI-compatible LLM (read from the environment only)
  OPENAI_BASE_URL        any OpenAI-compatible endpoint (DeepSeek, Qwen, Ollama, vLLM ...)
  ARXIV_DIGEST_MODEL     model name for summaries
  ARXIV_API_URL, ARXIV_OAI_URL, ARXIV_RSS_URL   arXiv endpoints (mirrors, tests)
  ARXIV_MIN_INTERVAL_MS, ARXIV_TIMEOUT_MS       request spacing (never under 3000 for arxiv.org), timeout
  ARXIV_DIGEST_SITE_URL  the site's public URL, for feed links (build --site, publish) and deliver
  SMTP_URL, ARXIV_DIGEST_MAIL_FROM, ARXIV_DIGEST_MAIL_TO, SLACK_WEBHOOK_URL, DISCORD_WEBHOOK_URL,
  FEISHU_WEBHOOK_URL, DINGTALK_WEBHOOK_URL, WECOM_WEBHOOK_URL, TELEGRAM_BOT_TOKEN ...   deliver (deliver --help)

Exit codes: 0 ok (also "nothing new"), 1 runtime failure or failed check, 2 usage or config error.`;

export function createProgram(io: CliIo, onExitCode: (code: number) => void): Command {
  const program = new Command('arxiv-digest')
    .description('Turn a research topic into a grounded research digest of arXiv papers.')
    .version('0.1.0')
    .option('--db <path>', 'SQLite database (env ARXIV_DIGEST_DB)')
    .option(
      '--config <path>',
      'config file (default: arxiv-digest.config.yaml or .ts in the current directory)',
    )
    .option('--json', 'print machine-readable JSON on stdout')
    .option('--quiet', 'print nothing but errors')
    .addHelpText('after', examples)
    .showSuggestionAfterError(true)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(oneLineError(text, program)),
    });
  const context = createContext(io, onExitCode);
  for (const register of commands) register(program, context);
  for (const command of program.commands) {
    command.exitOverride().showSuggestionAfterError(true);
    command.configureOutput({
      ...program.configureOutput(),
      outputError: (text, write) => write(oneLineError(text, command)),
    });
  }
  return program;
}

/**
 * Commander's own messages ("error: unknown option '--lang'\n(Did you mean --lang?)") as one line.
 * Commander suggests only near spellings (edit distance under 3), so "--language" got no hint; an
 * option the flag starts with, or that starts with the flag, is suggested too ("--lang").
 */
function oneLineError(text: string, command: Command): string {
  let message = text;
  const unknown = /^error: unknown option '(--[^'=]{3,})/.exec(text)?.[1];
  if (unknown && !/Did you mean/.test(text)) {
    const known: string[] = [];
    for (let current: Command | null = command; current; current = current.parent)
      for (const option of current.options) if (option.long) known.push(option.long);
    const match = known
      .filter((long) => long.length >= 4 && (unknown.startsWith(long) || long.startsWith(unknown)))
      .sort((left, right) => right.length - left.length)[0];
    if (match) message = `${text.trimEnd()}\n(Did you mean ${match}?)`;
  }
  return `${message.replace(/\n(?=.)/g, ' ').trimEnd()}\n`;
}

/** Runs the CLI and returns the exit status; never calls process.exit itself. */
export async function run(argv: string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = 0;
  const program = createProgram(io, (code) => {
    exitCode = Math.max(exitCode, code);
  });
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 0;
    }
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with "errors" whose exit code is 0.
      if (error.exitCode === 0) return 0;
      return 2;
    }
    const digestError = toDigestError(error);
    const json = argv.includes('--json');
    if (json) io.stdout(`${JSON.stringify({ ok: false, error: digestError.toJSON() }, null, 2)}\n`);
    io.stderr(`arxiv-digest: ${digestError.toOneLine()}\n`);
    if (digestError.code === 'INTERNAL' && io.env.ARXIV_DIGEST_DEBUG)
      io.stderr(`${String(error instanceof Error ? error.stack : error)}\n`);
    return digestError.exitCode;
  }
}

/** The process entry of bin/arxiv-digest (compiled) and bin/arxiv-digest-dev (sources through tsx). */
export async function runProcess(argv: string[]): Promise<void> {
  // `arxiv-digest search x | head` closes the pipe early: that is the reader's choice, not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  process.exitCode = await run(argv);
}
