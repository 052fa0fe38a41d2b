import type { RegisterCommand } from '../context.ts';
import { positiveInteger, withStore } from '../shared.ts';

export const registerSearch: RegisterCommand = (program, context) => {
  program
    .command('search')
    .description(
      'full-text search of the stored papers (title, abstract, authors, summaries), ranked by bm25',
    )
    .argument('<query>', 'words to look for; "quoted phrases" stay together; Chinese works too')
    .option('--limit <n>', 'how many results', '10')
    .addHelpText('after', '\nExample:\n  $ arxiv-digest search "compositional image generation canvas"')
    .action(async (query: string, options: { limit: string }, command) => {
      const limit = positiveInteger(options.limit, '--limit');
      const hits = await withStore(context, command, (store) => store.search(query, { limit }));
      const lines = hits.map(
        (hit, index) =>
          `${index + 1}. ${hit.paper.id}${hit.paper.version ? `v${hit.paper.version}` : ''}  ${hit.paper.title}\n   ${hit.snippet}`,
      );
      lines.push(`${hits.length} result${hits.length === 1 ? '' : 's'} for "${query}"`);
      context.report(
        command,
        {
          ok: true,
          query,
          results: hits.map((hit) => ({
            id: hit.paper.id,
            version: hit.paper.version,
            title: hit.paper.title,
            authors: hit.paper.authors,
            score: hit.score,
            snippet: hit.snippet,
          })),
        },
        lines,
      );
    });
};
