import * as pagefind from 'pagefind';
import type { Language } from '../core/digest.ts';
import { DigestError } from '../core/errors.ts';
import { searchPaths } from '../render/search.ts';
import type { SiteFiles } from '../render/site.ts';

/**
 * Builds the site's search index with Pagefind (the `pagefind` package runs its own binary, the
 * extended build that segments Chinese) from the rendered pages in memory, and adds the index and
 * Pagefind's UI under pagefind/ to the site files, so writeSite writes, tracks and prunes them like
 * every other file. Pages mark what is indexed (`data-pagefind-body` on posts), so the index and
 * topic pages only carry the search box. The output depends only on the pages: same site, same bytes.
 */
/**
 * Pagefind keeps one index per page language and a page searches its own, so on a site with zh and
 * en digests the Chinese index page would never find an English digest. A mixed site is indexed as
 * one Chinese index instead: the extended binary segments the Chinese text and English words stay
 * words (Pagefind matches the last query word as a prefix, so "cloud" still finds "clouds"). A site
 * in one language keeps that language's index (and its stemming).
 */
export function indexSettings(languages: readonly Language[]): pagefind.PagefindServiceConfig {
  const distinct = [...new Set(languages)];
  return distinct.length > 1
    ? { forceLanguage: distinct.includes('zh') ? 'zh' : (distinct[0] as string) }
    : {};
}

export async function addSearchIndex(
  files: SiteFiles,
  options: { languages?: readonly Language[] } = {},
): Promise<SiteFiles> {
  const fail = (what: string, errors: string[]) =>
    new DigestError('OUTPUT', `site search: ${what} (${errors.join('; ') || 'no detail'})`, {
      hint: 'the pagefind package ships its binary for Linux, macOS and Windows; reinstall dependencies (npm ci)',
    });
  let created: Awaited<ReturnType<typeof pagefind.createIndex>>;
  try {
    created = await pagefind.createIndex(indexSettings(options.languages ?? []));
  } catch (error) {
    throw fail('cannot start Pagefind', [(error as Error).message.split('\n')[0] ?? '']);
  }
  const { index } = created;
  if (!index) throw fail('cannot create the index', created.errors);
  try {
    const pages = [...files.keys()].filter((sitePath) => sitePath.endsWith('.html')).sort();
    for (const sitePath of pages) {
      const content = files.get(sitePath);
      if (typeof content !== 'string') continue;
      const added = await index.addHTMLFile({ sourcePath: sitePath, content });
      if (added.errors.length > 0) throw fail(`cannot index ${sitePath}`, added.errors);
    }
    const written = await index.getFiles();
    if (written.errors.length > 0) throw fail('cannot write the index', written.errors);
    for (const file of written.files) {
      // The playground is a developer tool, not part of a published site.
      if (file.path.startsWith('playground/')) continue;
      files.set(`${searchPaths.bundle}${file.path}`, file.content);
    }
    return files;
  } finally {
    await index.deleteIndex().catch(() => null);
    // The service is a child process; left running it would keep the CLI from exiting.
    await pagefind.close().catch(() => null);
  }
}
