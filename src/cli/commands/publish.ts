import path from 'node:path';
import { languages } from '../../core/digest.ts';
import { DigestError } from '../../core/errors.ts';
import type { RegisterCommand } from '../context.ts';
import { commandConfig, withStore } from '../shared.ts';

export const registerPublish: RegisterCommand = (program, context) => {
  program
    .command('publish')
    .description(
      'rebuild the static site (index, topic pages, post pages, Atom/RSS/JSON feeds, Pagefind search index) from stored runs',
    )
    .argument('[dir]', 'site directory (default: siteDir from the config, else "site")')
    .option(
      '--site-url <url>',
      'absolute URL the site will be served from, for feed links (env ARXIV_DIGEST_SITE_URL)',
    )
    .option('--lang <language>', `language of the index and topic pages (${languages.join('|')})`, 'zh')
    .addHelpText(
      'after',
      '\nExamples:\n  $ arxiv-digest publish site\n  $ arxiv-digest publish public --site-url https://example.org/digests/',
    )
    .action(async (dir: string | undefined, options: { siteUrl?: string; lang: string }, command) => {
      // Loaded when the command runs, not when it is registered (see commands/index.ts).
      const { publishSite } = await import('../../pipeline/site.ts');
      const language = languages.find((candidate) => candidate === options.lang);
      if (!language) {
        throw new DigestError('USAGE', `--lang ${options.lang} is not supported`, {
          hint: `use one of ${languages.join(', ')}`,
        });
      }
      const config = await commandConfig(context, command);
      const siteDir = path.resolve(context.io.cwd, dir ?? config.siteDir ?? 'site');
      const siteUrl = options.siteUrl ?? (context.io.env.ARXIV_DIGEST_SITE_URL || undefined);
      const result = await withStore(context, command, (store) =>
        publishSite({ store, dir: siteDir, language, ...(siteUrl ? { siteUrl } : {}) }),
      );
      for (const skipped of result.skipped)
        context.warn(command, `skipped run ${skipped.runId}: ${skipped.reason}`);
      const lines = [
        `Published ${result.digests} digest${result.digests === 1 ? '' : 's'} in ${result.topics.length} topic${result.topics.length === 1 ? '' : 's'} to ${siteDir}`,
        `  ${result.written.length} written, ${result.unchanged.length} unchanged, ${result.removed.length} removed`,
      ];
      if (result.digests === 0)
        lines.push('  no stored runs yet: build a digest first (arxiv-digest build --topic NAME)');
      context.report(
        command,
        {
          ok: true,
          dir: siteDir,
          digests: result.digests,
          topics: result.topics,
          written: result.written,
          unchanged: result.unchanged,
          removed: result.removed,
          skipped: result.skipped,
        },
        lines,
      );
    });
};
