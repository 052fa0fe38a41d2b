import type { AnnounceType, Paper } from '../../src/core/paper.ts';
import { escapeXml, rssDate } from './arxiv-xml.ts';

/**
 * arXiv announcement feeds as arXiv's "RSS feed Specifications" (arXiv/arxiv-docs,
 * source/help/rss_specifications.md) describe them: RSS 2.0 with atom:link, docs, language,
 * lastBuildDate, managingEditor, pubDate (announcement date) and skipDays on the channel; title,
 * link, description ("arXiv:<id>v<n> Announce Type: <type> \nAbstract: ..."), guid, category,
 * pubDate, arxiv:announce_type, dc:rights, dc:creator and the optional arxiv:DOI and
 * arxiv:journal_reference on items. No real feed was recorded in the shared data; this follows the spec.
 */

export interface RssItem {
  paper: Paper;
  announceType: AnnounceType;
}

export interface RssFeedParts {
  /** "cs.CV" or "cs.CV+cs.CL". */
  feed: string;
  /** Announcement date, YYYY-MM-DD. */
  announced: string;
  items: RssItem[];
}

export function rssItemXml(item: RssItem, announced: string): string {
  const { paper } = item;
  const id = `${paper.id}v${paper.version ?? 1}`;
  const categories = paper.categories.map(
    (category) => `      <category>${escapeXml(category)}</category>\n`,
  );
  return (
    '    <item>\n' +
    `      <title>${escapeXml(paper.title)}</title>\n` +
    `      <link>https://arxiv.org/abs/${paper.id}</link>\n` +
    `      <description>arXiv:${id} Announce Type: ${item.announceType} \nAbstract: ${escapeXml(paper.abstract ?? '')}</description>\n` +
    `      <guid isPermaLink="false">oai:arXiv.org:${id}</guid>\n` +
    categories.join('') +
    `      <pubDate>${rssDate(announced)}</pubDate>\n` +
    `      <arxiv:announce_type>${item.announceType}</arxiv:announce_type>\n` +
    '      <dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>\n' +
    `      <dc:creator>${escapeXml(paper.authors.join(', '))}</dc:creator>\n` +
    (paper.doi ? `      <arxiv:DOI>${escapeXml(paper.doi)}</arxiv:DOI>\n` : '') +
    (paper.journalRef
      ? `      <arxiv:journal_reference>${escapeXml(paper.journalRef)}</arxiv:journal_reference>\n`
      : '') +
    '    </item>\n'
  );
}

export function rssFeedXml(parts: RssFeedParts): string {
  const link = `http://rss.arxiv.org/rss/${parts.feed}`;
  return (
    "<?xml version='1.0' encoding='UTF-8'?>\n" +
    '<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">\n' +
    '  <channel>\n' +
    `    <title>${escapeXml(parts.feed)} updates on arXiv.org</title>\n` +
    `    <link>${link}</link>\n` +
    `    <description>${escapeXml(parts.feed)} updates on the arXiv.org e-print archive.</description>\n` +
    `    <atom:link href="${link}" rel="self" type="application/rss+xml"/>\n` +
    '    <docs>http://www.rssboard.org/rss-specification</docs>\n' +
    '    <language>en-us</language>\n' +
    `    <lastBuildDate>${rssDate(parts.announced).replace('00:00:00 -0500', '05:00:11 +0000')}</lastBuildDate>\n` +
    '    <managingEditor>rss-help@arxiv.org</managingEditor>\n' +
    `    <pubDate>${rssDate(parts.announced)}</pubDate>\n` +
    '    <skipDays>\n      <day>Sunday</day>\n      <day>Saturday</day>\n    </skipDays>\n' +
    parts.items.map((item) => rssItemXml(item, parts.announced)).join('') +
    '  </channel>\n</rss>\n'
  );
}

/**
 * How a paper shows up in the feed of some categories: new or cross-list by whether its primary
 * category is one of them, replace(-cross) for versions after the first.
 */
export function announceTypeFor(paper: Paper, feedCategories: readonly string[]): AnnounceType {
  if (paper.announceType) return paper.announceType;
  const primaryHere = paper.primaryCategory !== null && feedCategories.includes(paper.primaryCategory);
  const replaced = (paper.version ?? 1) > 1;
  if (primaryHere) return replaced ? 'replace' : 'new';
  return replaced ? 'replace-cross' : 'cross';
}
