import path from 'node:path';
import { z } from 'zod';
import type { Digest, Language } from '../core/digest.ts';
import { DigestError } from '../core/errors.ts';
import { renderChartsSvg } from './charts.ts';
import { oneLine } from './escape.ts';
import { type FeedEntry, renderTopicFeeds, sortEntries } from './feeds.ts';
import { feedFormatNames, feedTypes, renderHtmlPage, renderTemplate, sitePaths, titleParts } from './html.ts';
import { labels } from './labels.ts';
import { searchPaths, searchScript, searchView } from './search.ts';
import { pageLabels } from './templates/page-labels.ts';

/**
 * The static site: an index of every digest by topic and date, a page per topic, Atom/RSS/JSON
 * feeds per topic and a page per digest. Pure apart from rendering: it returns the files as a map
 * (site-relative "/"-separated path -> content) and src/pipeline/site.ts writes them. Pages link
 * relatively, so the site works under any path prefix and from file://; feeds need absolute URLs
 * and take them from `siteUrl`.
 */

export interface SiteEntry {
  digest: Digest;
  /** Where the digest's page goes, relative to the site root; default posts/<slug>.html. */
  htmlPath?: string;
  /** The post's Markdown inside the site (relative to the site root), linked from the page when set. */
  markdownPath?: string;
  /** When the run was built (ISO instant): of two entries for one page, the later one wins. */
  createdAt: string;
}

export interface RenderSiteOptions {
  /** Absolute base URL for feed links (default http://127.0.0.1:4173/, the preview server). */
  siteUrl?: string;
  /** Language of the index and topic pages (default zh). Posts keep their own language. */
  language?: Language;
  /**
   * Every page gets a search box over a Pagefind index (src/pipeline/search-index.ts writes the
   * index; this adds the markup and assets/search.js). Off: the pages load no script at all.
   */
  search?: boolean;
}

export type SiteFiles = Map<string, string | Uint8Array>;

export const defaultSiteUrl = 'http://127.0.0.1:4173/';

const siteUrlSchema = z
  .url({ protocol: /^https?$/ })
  .transform((value) => (value.endsWith('/') ? value : `${value}/`));

/** Validates the site URL (absolute http/https) and gives it a trailing slash. */
export function normalizeSiteUrl(value: string | undefined): string {
  const result = siteUrlSchema.safeParse(value ?? defaultSiteUrl);
  if (!result.success) {
    throw new DigestError('USAGE', `site URL "${value}" is not an absolute http(s) URL`, {
      hint: 'pass something like https://example.org/digests/',
    });
  }
  return result.data;
}

/**
 * Checks a site-relative path from the caller or the store: "/"-separated plain names, no "..",
 * no backslash, no NUL, not absolute. Returns it unchanged.
 */
export function checkSitePath(sitePath: string): string {
  const segments = sitePath.split('/');
  const bad = segments.some(
    (segment) => segment === '' || segment === '.' || segment === '..' || /[\\\0]/.test(segment),
  );
  if (bad || path.posix.isAbsolute(sitePath)) {
    throw new DigestError('OUTPUT', `refusing site path "${sitePath.replace(/\0/g, '\\0')}"`, {
      hint: 'site paths are relative, "/"-separated, without ".." or backslashes',
    });
  }
  return sitePath;
}

/** "../" repeated once per directory level of a page: how a page reaches the site root. */
function rootFrom(sitePath: string): string {
  return '../'.repeat(sitePath.split('/').length - 1);
}

function relativeHref(fromPage: string, target: string): string {
  return path.posix.relative(path.posix.dirname(fromPage), target) || path.posix.basename(target);
}

interface PlacedEntry {
  digest: Digest;
  htmlPath: string;
  markdownPath: string | null;
  createdAt: string;
}

/** One entry per page path: a rebuilt digest replaces the older run of the same page. */
function placeEntries(entries: SiteEntry[]): PlacedEntry[] {
  const byPath = new Map<string, PlacedEntry>();
  for (const entry of entries) {
    const htmlPath = checkSitePath(entry.htmlPath ?? sitePaths.post(entry.digest.slug));
    // Index, topic pages and feeds own those paths; a post there would overwrite one of them.
    if (htmlPath === sitePaths.index || htmlPath.startsWith('topics/') || !htmlPath.endsWith('.html')) {
      throw new DigestError('OUTPUT', `a post cannot be written at "${htmlPath}"`, {
        hint: 'post pages end in .html and live outside topics/ (default posts/<slug>.html)',
      });
    }
    const placed = {
      digest: entry.digest,
      htmlPath,
      markdownPath: entry.markdownPath ? checkSitePath(entry.markdownPath) : null,
      createdAt: entry.createdAt,
    };
    const existing = byPath.get(htmlPath);
    if (!existing || existing.createdAt <= placed.createdAt) byPath.set(htmlPath, placed);
  }
  return [...byPath.values()];
}

function digestListItem(entry: PlacedEntry, fromPage: string) {
  const { digest } = entry;
  return {
    topic: digest.topic.name,
    date: digest.date,
    language: digest.language,
    htmlLang: labels(digest.language).htmlLang,
    languageName: pageLabels(digest.language).languageName,
    title: oneLine(digest.title),
    titleParts: titleParts(oneLine(digest.title)),
    description: oneLine(digest.description),
    paperCount: labels(digest.language).paperCount(digest.papers.length),
    draft: digest.draft,
    href: relativeHref(fromPage, entry.htmlPath),
  };
}

interface TopicGroup {
  name: string;
  title: string;
  entries: PlacedEntry[];
}

function groupByTopic(entries: PlacedEntry[]): TopicGroup[] {
  const groups = new Map<string, PlacedEntry[]>();
  for (const entry of entries) {
    const segment = sitePaths.topicSegment(entry.digest.topic.name);
    const group = groups.get(segment) ?? [];
    const other = group[0];
    if (other && other.digest.topic.name !== entry.digest.topic.name) {
      throw new DigestError(
        'OUTPUT',
        `topics "${other.digest.topic.name}" and "${entry.digest.topic.name}" map to the same folder`,
        { hint: 'rename one topic (lowercase letters, digits and dashes)' },
      );
    }
    group.push(entry);
    groups.set(segment, group);
  }
  return [...groups.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([, group]) => {
      const sorted = sortEntries(group.map((entry) => ({ digest: entry.digest, url: entry.htmlPath }))).map(
        ({ url }) => group.find((entry) => entry.htmlPath === url) as PlacedEntry,
      );
      const titles: string[] = [];
      for (const { digest } of sorted) {
        const title = oneLine(digest.topic.title);
        if (!titles.includes(title)) titles.push(title);
      }
      return { name: sorted[0]?.digest.topic.name ?? '', title: titles.join(' / '), entries: sorted };
    });
}

function topicView(group: TopicGroup, fromPage: string) {
  const link = (target: string) => relativeHref(fromPage, target);
  return {
    name: group.name,
    anchor: `topic-${sitePaths.topicSegment(group.name)}`,
    title: group.title,
    href: link(sitePaths.topic(group.name)),
    feeds: {
      atom: link(sitePaths.feed(group.name, 'atom')),
      rss: link(sitePaths.feed(group.name, 'rss')),
      json: link(sitePaths.feed(group.name, 'json')),
    },
    digests: group.entries.map((entry) => digestListItem(entry, fromPage)),
  };
}

function feedAlternates(group: TopicGroup, fromPage: string) {
  return (['atom', 'rss', 'json'] as const).map((format) => ({
    type: feedTypes[format],
    title: `${group.title} (${feedFormatNames[format]})`,
    href: relativeHref(fromPage, sitePaths.feed(group.name, format)),
  }));
}

/** Renders every file of the site. Charts are drawn per digest (vega is asynchronous). */
export async function renderSite(entries: SiteEntry[], options: RenderSiteOptions = {}): Promise<SiteFiles> {
  const siteUrl = normalizeSiteUrl(options.siteUrl);
  const language = options.language ?? 'zh';
  const text = labels(language);
  const pageText = pageLabels(language);
  const placed = placeEntries(entries);
  const groups = groupByTopic(placed);
  const files: SiteFiles = new Map();
  const footer = `${pageText.siteTitle} · arxiv-digest`;
  const search = options.search === true;
  const searchFor = (page: string) => (search ? searchView(rootFrom(page)) : null);
  if (search) files.set(searchPaths.script, searchScript);

  files.set(
    sitePaths.index,
    renderTemplate('index', {
      page: {
        lang: text.htmlLang,
        title: pageText.siteTitle,
        description: pageText.siteDescription,
        alternates: groups.flatMap((group) => feedAlternates(group, sitePaths.index).slice(0, 1)),
        nav: null,
        footer,
        search: searchFor(sitePaths.index),
      },
      pageText,
      topics: groups.map((group) => topicView(group, sitePaths.index)),
    }),
  );

  for (const group of groups) {
    const topicPage = sitePaths.topic(group.name);
    files.set(
      topicPage,
      renderTemplate('topic', {
        page: {
          lang: text.htmlLang,
          title: group.title,
          description: labels(group.entries[0]?.digest.language ?? language).feedDescription(group.title),
          alternates: feedAlternates(group, topicPage),
          nav: { home: relativeHref(topicPage, sitePaths.index), homeText: pageText.allDigests, topic: null },
          footer,
          search: searchFor(topicPage),
        },
        pageText,
        topic: topicView(group, topicPage),
      }),
    );
    const feedEntries: FeedEntry[] = group.entries.map((entry) => ({
      digest: entry.digest,
      url: new URL(entry.htmlPath, siteUrl).href,
    }));
    const feeds = renderTopicFeeds(feedEntries, {
      siteUrl,
      topicUrl: new URL(topicPage.replace(/index\.html$/, ''), siteUrl).href,
      feedUrls: {
        atom: new URL(sitePaths.feed(group.name, 'atom'), siteUrl).href,
        rss: new URL(sitePaths.feed(group.name, 'rss'), siteUrl).href,
        json: new URL(sitePaths.feed(group.name, 'json'), siteUrl).href,
      },
    });
    files.set(sitePaths.feed(group.name, 'atom'), feeds.atom);
    files.set(sitePaths.feed(group.name, 'rss'), feeds.rss);
    files.set(sitePaths.feed(group.name, 'json'), feeds.json);

    for (const entry of group.entries) {
      const charts = await renderChartsSvg(entry.digest);
      files.set(
        entry.htmlPath,
        renderHtmlPage(entry.digest, {
          charts,
          siteRoot: rootFrom(entry.htmlPath),
          ...(search ? { searchLanguage: language } : {}),
          ...(entry.markdownPath ? { markdownHref: relativeHref(entry.htmlPath, entry.markdownPath) } : {}),
        }),
      );
    }
  }
  return files;
}
