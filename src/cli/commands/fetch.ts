import { type Command, Option } from 'commander';
import { systemClock } from '../../core/dates.ts';
import { DigestError } from '../../core/errors.ts';
import { type FetchSourceName, fetchSources } from '../../pipeline/fetch-sources.ts';
import type { RegisterCommand } from '../context.ts';
import { commandConfig, positiveInteger, withStore } from '../shared.ts';

interface FetchFlags {
  topic?: string;
  query?: string;
  categories?: string;
  from?: string;
  to?: string;
  days?: string;
  source: FetchSourceName;
  pageSize?: string;
  set?: string;
  format?: 'arXiv' | 'arXivRaw';
  restart?: boolean;
}

const examples = `
Examples:
  $ arxiv-digest fetch --topic multimodal --from 2025-11-21 --to 2025-11-27
  $ arxiv-digest fetch --query 'abs:"diffusion policy"' --categories cs.RO --days 30
  $ arxiv-digest fetch --source oai --categories cs.CV --from 2025-11-01 --to 2025-11-30   (by last-modified date)
  $ arxiv-digest fetch --source rss --categories cs.CV,cs.CL                               (today's announcements)

Requests go out one at a time, at least 3 s apart (arXiv's rule); Retry-After is honoured. An
interrupted fetch continues from its last stored page when run again (--restart starts over).`;

export const registerFetch: RegisterCommand = (program, context) => {
  program
    .command('fetch')
    .description('fetch papers from arXiv (API, OAI-PMH or RSS) into the store')
    .option('--topic <name>', "use the topic's query and categories")
    .option('--query <query>', "arXiv search_query, e.g. 'abs:multimodal AND ti:video'")
    .option('--categories <list>', 'comma-separated arXiv categories, e.g. cs.CV,cs.CL')
    .option('--from <date>', 'first submission date, YYYY-MM-DD')
    .option('--to <date>', 'last submission date, YYYY-MM-DD (inclusive)')
    .option('--days <n>', 'the last N days ending yesterday')
    .addOption(new Option('--source <source>', 'where from').choices(fetchSources).default('api'))
    .option('--page-size <n>', 'entries per API request (1-2000, default 100)')
    .option('--set <set>', 'OAI-PMH set, e.g. cs (default: from the first category)')
    .addOption(new Option('--format <prefix>', 'OAI-PMH metadata format').choices(['arXiv', 'arXivRaw']))
    .option('--restart', "ignore an interrupted fetch's stored position and start over")
    .addHelpText('after', examples)
    .action(async (flags: FetchFlags, command: Command) => {
      // Loaded when the command runs, not when it is registered (see commands/index.ts).
      const [{ resolveTopic }, { fetchPapers }, { resolveWindow }, { createProgress }] = await Promise.all([
        import('../../pipeline/config.ts'),
        import('../../pipeline/fetch.ts'),
        import('../../pipeline/window.ts'),
        import('../progress.ts'),
      ]);
      const globals = context.globals(command);
      const config = await commandConfig(context, command);
      const topic = flags.topic ? resolveTopic(config, flags.topic) : null;
      const categories = flags.categories
        ? flags.categories
            .split(',')
            .map((category) => category.trim())
            .filter(Boolean)
        : (topic?.categories ?? []);
      const query = flags.query ?? topic?.query ?? null;
      if (!query && categories.length === 0) {
        throw new DigestError('USAGE', 'fetch needs --topic, --query or --categories', {
          hint: 'e.g. fetch --topic multimodal --days 7',
        });
      }
      const days = flags.days ? positiveInteger(flags.days, '--days') : undefined;
      const window = resolveWindow({ from: flags.from, to: flags.to, days }, systemClock);
      const progress = createProgress(context.io, { ...globals, unit: 'papers' });
      const log = (line: string): void => {
        if (!globals.quiet) context.io.stderr(`${line}\n`);
      };
      const result = await withStore(context, command, async (store) => {
        try {
          return await fetchPapers(store, {
            source: flags.source,
            query: flags.source === 'api' ? query : null,
            categories,
            window: flags.source === 'rss' ? null : window,
            pageSize: flags.pageSize ? positiveInteger(flags.pageSize, '--page-size') : undefined,
            set: flags.set,
            metadataPrefix: flags.format,
            restart: flags.restart === true,
            env: context.io.env,
            log,
            onProgress: (done, total, label) => progress.update(done, total ?? done, label),
          });
        } finally {
          progress.stop();
        }
      });
      const nothingNew = result.read === 0;
      const line =
        `fetch: ${result.pages} pages, read ${result.read}, new ${result.new}, updated ${result.updated}, ` +
        `unchanged ${result.unchanged}, problems ${result.problems}${result.deleted ? `, deleted ${result.deleted}` : ''}` +
        `${nothingNew ? ' (nothing new)' : ''}${result.resumedFrom ? ' (resumed)' : ''}`;
      for (const problem of result.problemRecords.slice(0, 20))
        context.warn(command, `skipped ${problem.origin}: ${problem.message}`);
      context.report(command, { ok: true, ...result, nothingNew }, [...result.notes, line]);
    });
};
