import { Feed, type Item } from 'feed';
import { absUrl } from '../core/arxiv-id.ts';
import { type Digest, type Language, languages } from '../core/digest.ts';
import { labels } from './labels.ts';

/**
 * Atom, RSS 2.0 and JSON Feed 1.1 for one topic: one entry per digest, newest first. Output depends
 * only on the digests (the feed's `updated` is the newest digest's date, never the clock), so the
 * same runs always give byte-identical feeds.
 */

export interface FeedEntry {
  digest: Digest;
  /** Absolute URL of the digest's HTML page. */
  url: string;
}

export interface TopicFeedOptions {
  /** Absolute URL of the site root, ending in "/". */
  siteUrl: string;
  /** Absolute URL of the topic page. */
  topicUrl: string;
  /** Absolute URLs the feeds are published at (self links). */
  feedUrls: { atom: string; rss: string; json: string };
  /** Shown as the feed's author and generator. */
  siteName?: string;
}

export interface TopicFeeds {
  atom: string;
  rss: string;
  json: string;
}

/** True for the code points XML 1.0 allows (its `Char` production). */
function isXmlCharacter(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/**
 * Removes what XML cannot carry even inside CDATA (control characters, lone surrogates, U+FFFE/F):
 * one stray byte in arXiv metadata would otherwise make the whole feed unparseable.
 */
export function xmlSafe(text: string): string {
  let result = '';
  // for..of walks code points, so a valid surrogate pair arrives as one character above 0xFFFF.
  for (const character of text) if (isXmlCharacter(character.codePointAt(0) ?? 0)) result += character;
  return result;
}

/** HTML-escapes text for the feed fields readers treat as HTML (Atom type="html", RSS title/description). */
export function escapeHtmlText(text: string): string {
  return xmlSafe(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Tags as feed categories. feed@6 writes Atom categories as attributes and escapes only "&" there,
 * so "<" or a quote in a tag would break the XML: those characters are dropped (tags are keywords).
 */
function categoryNames(tags: string[]): string[] {
  const names = tags
    .map((tag) =>
      xmlSafe(tag)
        .replace(/[<>"'&]/g, '')
        .trim(),
    )
    .filter((name) => name.length > 0);
  return [...new Set(names)];
}

/**
 * Newest digest first; ties by language (in the order of `languages`: zh, en), then slug, so the
 * order never depends on input order.
 */
export function sortEntries(entries: FeedEntry[]): FeedEntry[] {
  return [...entries].sort(
    (left, right) =>
      right.digest.date.localeCompare(left.digest.date) ||
      languages.indexOf(left.digest.language) - languages.indexOf(right.digest.language) ||
      left.digest.slug.localeCompare(right.digest.slug) ||
      left.url.localeCompare(right.url),
  );
}

function dateOf(digest: Digest): Date {
  return new Date(`${digest.date}T00:00:00Z`);
}

/** The entry body: the description and the linked paper titles, every string escaped. */
function entryContentHtml(digest: Digest): string {
  const text = labels(digest.language);
  const items = digest.papers.map(({ paper, preference }) => {
    const link = escapeHtmlText(absUrl(paper.id, paper.version));
    // Why the reader's preferences picked it, after the title (nothing without preferences).
    const why = preference?.length
      ? ` ${escapeHtmlText(preference.map((reason) => text.preferenceReason(reason)).join(text.preferenceSeparator))}`
      : '';
    return `<li><a href="${link}">${escapeHtmlText(paper.title)}</a>${why}</li>`;
  });
  return `<p>${escapeHtmlText(digest.description)}</p><ul>${items.join('')}</ul>`;
}

/**
 * Title and description from each language's labels, newest language first, joined with " / " when
 * a topic is published in several ("多模态研究周报 / Multimodal research digest").
 */
function feedHead(entries: FeedEntry[], fallback: string): { title: string; description: string } {
  const titles: string[] = [];
  const descriptions: string[] = [];
  const seen = new Set<Language>();
  for (const { digest } of entries) {
    if (seen.has(digest.language)) continue;
    seen.add(digest.language);
    const text = labels(digest.language);
    titles.push(text.feedTitle(digest.topic.title));
    descriptions.push(text.feedDescription(digest.topic.title));
  }
  if (titles.length === 0) return { title: fallback, description: fallback };
  return { title: xmlSafe(titles.join(' / ')), description: xmlSafe(descriptions.join(' / ')) };
}

function feedLanguage(entries: FeedEntry[]): Language | null {
  const languages = new Set(entries.map(({ digest }) => digest.language));
  const [only] = languages;
  return languages.size === 1 && only ? only : null;
}

/** Renders the three feeds of one topic. Every entry must belong to the same topic. */
export function renderTopicFeeds(entries: FeedEntry[], options: TopicFeedOptions): TopicFeeds {
  const sorted = sortEntries(entries);
  const newest = sorted[0];
  const topicName = newest?.digest.topic.name ?? 'topic';
  const { title, description } = feedHead(sorted, topicName);
  const language = feedLanguage(sorted);
  const siteName = options.siteName ?? 'arxiv-digest';
  const updated = newest ? dateOf(newest.digest) : new Date('1970-01-01T00:00:00Z');
  const feed = new Feed({
    id: options.topicUrl,
    title,
    description,
    link: options.topicUrl,
    updated,
    generator: siteName,
    ...(language ? { language: labels(language).htmlLang } : {}),
    feedLinks: { atom: options.feedUrls.atom, rss: options.feedUrls.rss, json: options.feedUrls.json },
    author: { name: siteName, link: options.siteUrl },
    copyright: '',
  });
  for (const { digest, url } of sorted) {
    const item: Item = {
      title: escapeHtmlText(digest.title),
      id: url,
      link: url,
      description: escapeHtmlText(digest.description),
      content: entryContentHtml(digest),
      date: dateOf(digest),
      published: dateOf(digest),
      category: categoryNames(digest.tags).map((name) => ({ name, term: name })),
    };
    feed.addItem(item);
  }
  return {
    atom: feed.atom1(),
    rss: feed.rss2(),
    json: jsonFeed(sorted, options, { title, description, language }),
  };
}

/**
 * JSON Feed 1.1. feed@6's json1() still writes version 1 (no `language`, singular `author`), so the
 * 1.1 document is built here from the same entries. JSON needs no escaping beyond JSON.stringify;
 * `title` and `summary` are plain text by the spec, `content_html` is escaped HTML.
 */
function jsonFeed(
  entries: FeedEntry[],
  options: TopicFeedOptions,
  head: { title: string; description: string; language: Language | null },
): string {
  const document = {
    version: 'https://jsonfeed.org/version/1.1',
    title: head.title,
    home_page_url: options.topicUrl,
    feed_url: options.feedUrls.json,
    description: head.description,
    ...(head.language ? { language: labels(head.language).htmlLang } : {}),
    authors: [{ name: options.siteName ?? 'arxiv-digest', url: options.siteUrl }],
    items: entries.map(({ digest, url }) => ({
      id: url,
      url,
      title: xmlSafe(digest.title),
      summary: xmlSafe(digest.description),
      content_html: entryContentHtml(digest),
      date_published: dateOf(digest).toISOString(),
      date_modified: dateOf(digest).toISOString(),
      tags: categoryNames(digest.tags),
      language: labels(digest.language).htmlLang,
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
