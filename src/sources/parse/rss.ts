import { z } from 'zod';
import { parseArxivId } from '../../core/arxiv-id.ts';
import { isValidIsoDate } from '../../core/dates.ts';
import {
  type AnnounceType,
  announceTypes,
  makePaper,
  type RecordProblem,
  type SourcedPaper,
} from '../../core/paper.ts';
import { describeIssue } from '../../core/schema.ts';
import { splitAuthorList } from './authors.ts';
import {
  isElement,
  listOf,
  optionalXmlText,
  parseXmlDocument,
  rootElement,
  textOf,
  unexpectedRootError,
  xmlText,
} from './xml.ts';

/**
 * arXiv's announcement feeds (https://rss.arxiv.org/rss/<cat>[+<cat>...]), RSS 2.0 as described in
 * arXiv's "RSS feed Specifications" (arXiv/arxiv-docs, source/help/rss_specifications.md):
 *  - channel: title, link, description, lastBuildDate, pubDate (the announcement date), skipDays
 *    (the feed is empty on Saturday/Sunday and arXiv holidays);
 *  - item: title, link, description ("arXiv:2203.01250v3 Announce Type: replace-cross \nAbstract: ..."),
 *    guid (oai:arXiv.org:2203.01250v3), category (one per subject class), pubDate,
 *    arxiv:announce_type (new, cross, replace, replace-cross), dc:rights, dc:creator (all authors in
 *    one comma-separated string), and optional arxiv:DOI and arxiv:journal_reference.
 * Namespace prefixes are dropped by the XML reader (arxiv:announce_type -> announce_type).
 */

export interface RssFeed {
  /** "cs.CV updates on arXiv.org". */
  title: string | null;
  /** The announcement date the channel states (pubDate, else lastBuildDate), YYYY-MM-DD. */
  announced: string | null;
  /** Days the channel says it stays empty ("Saturday", "Sunday"). */
  skipDays: string[];
  /** Items in the feed, including ones that became problems. */
  itemCount: number;
  papers: SourcedPaper[];
  problems: RecordProblem[];
}

const text = xmlText;
const optionalText = optionalXmlText;

const itemSchema = z.object({
  title: text,
  link: optionalText,
  description: optionalText,
  guid: optionalText,
  category: z.unknown().optional(),
  pubDate: optionalText,
  announce_type: optionalText,
  creator: optionalText,
  DOI: optionalText,
  journal_reference: optionalText,
});

const monthNumbers: Record<string, string> = {
  jan: '01',
  feb: '02',
  mar: '03',
  apr: '04',
  may: '05',
  jun: '06',
  jul: '07',
  aug: '08',
  sep: '09',
  oct: '10',
  nov: '11',
  dec: '12',
};

/**
 * "Fri, 23 Feb 2024 00:00:00 -0500" -> "2024-02-23": the date as arXiv writes it (Eastern time),
 * not converted to UTC, because the announcement day is what the feed states.
 */
export function rssDateToIsoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const match = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})/.exec(value);
  if (!match) return null;
  const month = monthNumbers[(match[2] ?? '').toLowerCase()];
  const date = `${match[3]}-${month}-${(match[1] ?? '').padStart(2, '0')}`;
  return month && isValidIsoDate(date) ? date : null;
}

const descriptionHead = /^\s*arXiv:(\S+)\s+Announce Type:\s*([a-z-]+)\s*/i;

/** Splits the item description into the versioned id, the announce type and the abstract. */
export function splitRssDescription(description: string): {
  versionedId: string | null;
  announceType: string | null;
  abstract: string;
} {
  const head = descriptionHead.exec(description);
  const rest = head ? description.slice(head[0].length) : description;
  const abstract = rest.replace(/^\s*Abstract:\s*/i, '');
  return { versionedId: head?.[1] ?? null, announceType: head?.[2]?.toLowerCase() ?? null, abstract };
}

function isAnnounceType(value: string): value is AnnounceType {
  return (announceTypes as readonly string[]).includes(value);
}

/** Parses one arXiv RSS document; throws PROTOCOL when it is not RSS or is cut off. */
export function parseRssFeed(xml: string, origin: string): RssFeed {
  const document = parseXmlDocument(xml, origin);
  const root = rootElement(document);
  const channel = root?.name === 'rss' ? root.element.channel : undefined;
  if (!isElement(channel)) {
    throw unexpectedRootError(
      origin,
      'an RSS 2.0 <rss><channel>',
      root?.name ?? null,
      xml,
      'check that the RSS URL points at rss.arxiv.org/rss/ or a mirror of it; retry later if it is an error page',
    );
  }
  const channelDate =
    rssDateToIsoDate(textOf(channel.pubDate)) ?? rssDateToIsoDate(textOf(channel.lastBuildDate));
  const skipDays = isElement(channel.skipDays)
    ? listOf(channel.skipDays.day)
        .map((day) => textOf(day)?.trim() ?? '')
        .filter((day) => day.length > 0)
    : [];
  const items = listOf(channel.item);
  const feed: RssFeed = {
    title: textOf(channel.title)?.trim() || null,
    announced: channelDate,
    skipDays,
    itemCount: items.length,
    papers: [],
    problems: [],
  };
  items.forEach((item, index) => {
    const itemOrigin = `${origin} item ${index + 1}`;
    const result = rssItemToPaper(item, itemOrigin, channelDate);
    if ('message' in result) feed.problems.push(result);
    else feed.papers.push(result);
  });
  return feed;
}

function rssItemToPaper(
  item: unknown,
  origin: string,
  channelDate: string | null,
): SourcedPaper | RecordProblem {
  const parsed = itemSchema.safeParse(item);
  if (!parsed.success) return { origin, message: `unusable item (${describeIssue(parsed.error)})` };
  const fields = parsed.data;
  const description = splitRssDescription(fields.description ?? '');
  const arxivId =
    parseArxivId(description.versionedId ?? '') ??
    parseArxivId(fields.guid ?? '') ??
    parseArxivId(fields.link ?? '');
  if (!arxivId) {
    return { origin, message: `no arXiv id in description, guid or link ("${(fields.link ?? '').trim()}")` };
  }
  // Feeds before 2024 appended "(arXiv:2203.01250v3 [math.OC] UPDATED)" to the title.
  const title = fields.title.replace(/\s*\(arXiv:[^)]*\)\s*$/, '').trim();
  if (title.length === 0) return { origin, message: `${arxivId.id} has an empty title` };
  const typeText = (fields.announce_type ?? description.announceType ?? '').trim().toLowerCase();
  const categories = [
    ...new Set(
      listOf(fields.category)
        .map((category) => textOf(category)?.trim() ?? '')
        .filter((category) => category.length > 0),
    ),
  ];
  const paper = makePaper({
    id: arxivId.id,
    version: arxivId.version,
    title,
    authors: fields.creator ? splitAuthorList(fields.creator) : [],
    abstract: description.abstract,
    // makePaper takes the first category as primary; the spec does not promise that order, so a
    // later API/OAI fetch of the same paper corrects it.
    categories,
    journalRef: fields.journal_reference,
    doi: fields.DOI,
    announced: rssDateToIsoDate(fields.pubDate) ?? channelDate,
    announceType: isAnnounceType(typeText) ? typeText : null,
  });
  return { paper, origin };
}
