import path from 'node:path';
import { type Command, Option } from 'commander';
import { addDays, systemClock, toIsoDate } from '../../core/dates.ts';
import { languages } from '../../core/digest.ts';
import { DigestError } from '../../core/errors.ts';
import type { BuildResult } from '../../pipeline/build.ts';
import type { FetchResult } from '../../sources/run-fetch.ts';
import type { RunRecord } from '../../store/types.ts';
import type { CommandContext, RegisterCommand } from '../context.ts';
import { commandConfig, positiveInteger, withStore } from '../shared.ts';

interface BuildFlags {
  topic?: string;
  lang?: (typeof languages)[number];
  from?: string;
  to?: string;
  days?: string;
  sinceLast?: boolean;
  limit?: string;
  input?: string;
  llm: string;
  model?: string;
  concurrency?: string;
  maxTokens?: string;
  embeddings?: boolean;
  out?: string;
  site?: string;
  siteUrl?: string;
  html?: boolean;
  library?: string;
  includeReplaced?: boolean;
  includeSeen?: boolean;
  fetch: boolean;
  deliver?: string;
}

const examples = `
Examples:
  $ arxiv-digest build --topic multimodal --days 7                 fetch the last 7 days from arXiv, then build (zh)
  $ arxiv-digest build --topic multimodal --days 7 --lang en --site site
  $ arxiv-digest build --topic multimodal --since-last             continue from the previous digest
  $ arxiv-digest build --topic multimodal --since-last --to 2025-11-30   continue, up to a given day
  $ arxiv-digest build --input papers.jsonl --lang en --llm none --out posts
  $ arxiv-digest build --topic multimodal --days 7 --library my-papers.bib   papers like your library first
  $ OPENAI_API_KEY=... arxiv-digest build --topic multimodal --from 2025-11-21 --to 2025-11-27`;

export const registerBuild: RegisterCommand = (program, context) => {
  program
    .command('build')
    .description('build a digest post (Markdown + charts; HTML and site on request) for a topic and a window')
    .option('--topic <name>', 'topic from the config file or a preset (e.g. multimodal)')
    .addOption(
      new Option('--lang <language>', "post language (default: the topic's first)").choices(languages),
    )
    .option('--from <date>', 'window start, YYYY-MM-DD (first-version or announcement date)')
    .option('--to <date>', 'window end, YYYY-MM-DD (inclusive; with --since-last: where that window ends)')
    .option('--days <n>', 'window of the last N days ending yesterday (default 7)')
    .option('--since-last', 'window from the end of the previous digest of this topic to yesterday (or --to)')
    .option('--limit <n>', "at most N papers (default: the topic's limit, 30)")
    .option('--input <file>', "build from this file's papers, as given, instead of the store")
    .addOption(
      new Option('--llm <mode>', 'summaries: auto (LLM when a key or base URL is set), llm, none')
        .choices(['auto', 'llm', 'none'])
        .default('auto'),
    )
    .option('--model <name>', 'LLM model (env ARXIV_DIGEST_MODEL)')
    .option('--concurrency <n>', 'LLM calls in flight (default 8)')
    .option('--max-tokens <n>', 'stop spending LLM tokens at this budget')
    .option('--embeddings', "group directions on the provider's embeddings instead of TF-IDF")
    .option('--out <dir>', 'output directory for the post (default: topic outDir, config outDir, or posts)')
    .option('--site <dir>', 'also rebuild the static site (pages, feeds, search index) in DIR')
    .option(
      '--site-url <url>',
      'absolute URL the site is served from, for feed links (env ARXIV_DIGEST_SITE_URL)',
    )
    .option('--html', 'also write <slug>.html next to the Markdown')
    .option(
      '--library <file>',
      "your library (BibTeX .bib or CSL-JSON .json): papers like it move up and say why (overrides the topic's prefer.library)",
    )
    .option('--include-replaced', 'also take replaced versions (v2+) announced in the window')
    .option('--include-seen', 'keep papers already featured in an earlier digest of the topic')
    .option('--no-fetch', 'do not fetch from arXiv first; build from the store as it is')
    .option('--deliver <channels>', 'then send the post to these channels (see deliver --help)')
    .addHelpText('after', examples)
    .action(async (flags: BuildFlags, command: Command) => runBuild(context, command, flags));
};

async function runBuild(context: CommandContext, command: Command, flags: BuildFlags): Promise<void> {
  // Loaded here, not at the top: `--help`, `--version` and the light commands never pay for them.
  const [
    { resolveLlmSettings },
    { buildDigest },
    { resolveTopic },
    { fetchForBuild },
    { checkOutputDirectory },
    { inputTopicName, readInputPapers },
    { resolveWindow, windowOfPapers },
    { createProgress },
    { createBuildAdapters },
    { topicSchema },
    { loadPreferences },
    { checkDeliverFlag, runDeliver },
  ] = await Promise.all([
    import('../../llm/settings.ts'),
    import('../../pipeline/build.ts'),
    import('../../pipeline/config.ts'),
    import('../../pipeline/fetch.ts'),
    import('../../pipeline/files.ts'),
    import('../../pipeline/input.ts'),
    import('../../pipeline/window.ts'),
    import('../progress.ts'),
    import('../../pipeline/build-adapters.ts'),
    import('../../core/topic.ts'),
    import('../../pipeline/preferences.ts'),
    import('./deliver-run.ts'),
  ]);
  const globals = context.globals(command);
  const config = await commandConfig(context, command);
  const limit = flags.limit ? positiveInteger(flags.limit, '--limit') : undefined;
  const days = flags.days ? positiveInteger(flags.days, '--days') : undefined;
  if (!flags.topic && !flags.input) {
    throw new DigestError('USAGE', 'build needs --topic NAME or --input FILE', {
      hint: 'e.g. build --topic multimodal --days 7',
    });
  }
  const inputFile = flags.input ? path.resolve(context.io.cwd, flags.input) : null;
  const topic = flags.topic
    ? resolveTopic(config, flags.topic)
    : topicSchema.parse({
        name: inputTopicName(inputFile as string),
        query: inputTopicName(inputFile as string),
        languages: ['zh', 'en'],
      });
  const language = flags.lang ?? topic.languages[0] ?? 'zh';
  const outDir = path.resolve(context.io.cwd, flags.out ?? topic.outDir ?? config.outDir ?? 'posts');
  const siteDir = flags.site ?? config.siteDir;
  // What the command line and the files can get wrong fails here, before the store is opened (or
  // created), anything is fetched or a file is written: outputs, dates, LLM flags, the input file.
  checkOutputDirectory(outDir, '--out');
  if (siteDir) checkOutputDirectory(path.resolve(context.io.cwd, siteDir), '--site');
  resolveWindow({ from: flags.from, to: flags.to, days }, systemClock);
  const { embeddingsModel: _embeddingsModel, ...llmConfig } = config.llm;
  resolveLlmSettings(context.io.env, llmConfig, flags);
  if (flags.deliver) checkDeliverFlag(flags.deliver, context.io.env, config);
  const preferences = loadPreferences(topic, flags.library, context.io.cwd);
  const input = inputFile ? await readInputPapers(inputFile) : null;
  const progress = createProgress(context.io, { ...globals, unit: '' });
  const log = (line: string): void => {
    if (!globals.quiet) context.io.stderr(`${line}\n`);
  };

  let fetched: FetchResult | null = null;
  let upToDate: string | undefined;
  const result = await withStore(context, command, async (store) => {
    for (const problem of input?.problems ?? [])
      context.warn(command, `skipped ${problem.origin}: ${problem.message}`);
    if (input) store.upsertMany(input.papers);
    const sinceLast = flags.sinceLast ? latestWindowEnd(store.listRuns(topic.name), language) : undefined;
    // Already caught up (the previous digest reaches yesterday) is "nothing new", exit 0, so a
    // scheduler that runs twice does not report an error; an explicit --to stays the user's call.
    if (sinceLast && !flags.to && !flags.from && !days) {
      if (addDays(sinceLast, 1) > addDays(toIsoDate(systemClock.now()), -1)) {
        upToDate = sinceLast;
        return null;
      }
    }
    const window =
      resolveWindow({ from: flags.from, to: flags.to, days, sinceLast }, systemClock) ??
      (input
        ? windowOfPapers(input.papers)
        : (resolveWindow({ days: 7 }, systemClock) as NonNullable<ReturnType<typeof resolveWindow>>));
    if (!input && flags.fetch)
      fetched = await fetchForBuild({ store, topic, window, env: context.io.env, log, progress });
    const adapters = createBuildAdapters({ env: context.io.env, config, flags, store, log });
    log(`summaries: ${adapters.reason}`);
    try {
      return await buildDigest({
        store,
        topic,
        language,
        window,
        input: input?.papers ?? null,
        limit: limit ?? (input && !flags.limit ? null : topic.limit),
        includeReplaced: flags.includeReplaced === true,
        includeSeen: flags.includeSeen === true,
        engine: adapters.engine,
        namer: adapters.namer,
        embed: adapters.embed,
        preferences,
        outDir,
        siteDir: siteDir ? path.resolve(context.io.cwd, siteDir) : null,
        // Same default as `publish`: a build that rebuilds the site must not reset its feed links.
        siteUrl: flags.siteUrl ?? (context.io.env.ARXIV_DIGEST_SITE_URL || undefined),
        html: flags.html === true,
        clock: systemClock,
        onStage: (stage, done, total) => progress.update(done, total, stage),
      });
    } finally {
      progress.stop();
    }
  });
  // The delivery report joins the build's (one JSON document with --json).
  const delivered =
    flags.deliver && result
      ? await runDeliver(
          context,
          command,
          result.outputs.markdown,
          { to: flags.deliver, siteUrl: flags.siteUrl },
          false,
        )
      : null;
  reportBuild(
    context,
    command,
    result,
    { language, topic: topic.name, ...(upToDate ? { upToDate } : {}) },
    fetched,
    delivered,
  );
}

/** Where the topic's latest digest in this language ended, for --since-last (null: there is none). */
function latestWindowEnd(runs: RunRecord[], language: string): string | null {
  const ends = runs.filter((run) => run.language === language).map((run) => run.window.to);
  return ends.length > 0 ? (ends.sort().at(-1) ?? null) : null;
}

function reportBuild(
  context: CommandContext,
  command: Command,
  result: BuildResult | null,
  what: { language: string; topic: string; upToDate?: string },
  fetched: FetchResult | null,
  delivered: { report: object; lines: string[] } | null = null,
): void {
  const fetch = fetched
    ? {
        pages: fetched.pages,
        read: fetched.read,
        new: fetched.new,
        updated: fetched.updated,
        unchanged: fetched.unchanged,
        problems: fetched.problems,
      }
    : null;
  if (!result) {
    context.report(command, { ok: true, nothingToBuild: true, ...what, fetch }, [
      what.upToDate
        ? `build: the previous ${what.topic} digest already reaches ${what.upToDate}; nothing new to build yet`
        : `build: no papers for ${what.topic} in this window; nothing to build (fetch first, or widen --from/--to)`,
    ]);
    return;
  }
  const stats = result.summaryStats;
  const relative = (file: string | null): string | null =>
    file ? path.relative(context.io.cwd, file) || file : null;
  for (const warning of result.warnings) context.warn(command, warning);
  const tokens = stats.promptTokens + stats.completionTokens;
  const line =
    `build: ${result.digest.papers.length} papers, ${result.digest.directions.length} directions, engine ${result.digest.generator}, ` +
    `LLM calls ${stats.requests} made / ${stats.cached} cached, ${stats.fallbacks.length} extractive fallbacks, tokens ${tokens}, ${result.warnings.length} warnings, ` +
    `check ${result.check.unsupported.length === 0 ? 'passed' : `FAILED (${result.check.unsupported.length} unsupported; draft)`} -> ${relative(result.outputs.markdown)}`;
  context.report(
    command,
    {
      ok: true,
      topic: result.digest.topic.name,
      language: result.digest.language,
      window: result.digest.window,
      papers: result.digest.papers.length,
      directions: result.digest.directions.map((direction) => ({
        name: direction.name,
        papers: direction.paperIds.length,
      })),
      engine: result.digest.generator,
      versionPolicy: result.digest.versionPolicy,
      llm: {
        requests: stats.requests,
        cached: stats.cached,
        reasks: stats.reasks,
        promptTokens: stats.promptTokens,
        completionTokens: stats.completionTokens,
        fallbacks: stats.fallbacks,
        leftUndone: stats.leftUndone,
      },
      grounding: { reasked: result.grounding.reasked, replaced: result.grounding.replaced },
      check: {
        ok: result.check.unsupported.length === 0,
        unsupported: result.check.unsupported.length,
        unverifiable: result.check.unverifiable.length,
      },
      dropped: result.selection.dropped,
      warnings: result.warnings,
      outputs: {
        markdown: relative(result.outputs.markdown),
        charts: result.outputs.charts.map(relative),
        html: relative(result.outputs.html),
        report: relative(result.outputs.report),
        site: relative(result.outputs.site),
      },
      runId: result.runId,
      fetch,
      ...(delivered ? { deliver: delivered.report } : {}),
    },
    [line, ...(delivered?.lines ?? [])],
  );
}
