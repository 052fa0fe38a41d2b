import { sitePaths } from '../render/html.ts';
import { findLinks, type MarkdownLink, plainText, splitFrontmatter } from '../verify/post.ts';

/**
 * What a delivery carries, read back from the post (POST.md) so `deliver` needs only the file:
 * title, one-line overview, each paper (linked title, key innovation = its bold phrase, the venue
 * sentence when the post states one), the directions with their papers, the trends, the charts.
 */

/** A run of text: plain (optionally bold) or a link. Channels turn spans into their own syntax. */
export type Span = { text: string; bold?: boolean } | { text: string; url: string };
export type Line = Span[];

export interface DeliveryPaper {
  id: string;
  url: string;
  title: string;
  /** "Yusuf Dalva 等人的" / "Yusuf Dalva et al." as the post writes it, or null. */
  lead: string | null;
  /** The bold phrase of the summary, or null when the summary has none. */
  keyInnovation: string | null;
  /** The venue sentence exactly as the post states it ("Accepted at NeurIPS 2025."), or null. */
  venue: string | null;
  /** The whole summary (for email), bold runs kept as bold spans. */
  summary: Line;
}

export interface DeliveryDirection {
  name: string;
  overview: string | null;
  papers: { id: string; url: string; title: string; note: string | null }[];
}

export interface DeliveryDigest {
  title: string;
  overview: string;
  slug: string;
  language: 'zh' | 'en';
  papers: DeliveryPaper[];
  directionsHeading: string;
  directions: DeliveryDirection[];
  trendsHeading: string;
  trendIntro: string[];
  trends: string[];
  /** Chart images as the post references them (file names relative to the post). */
  charts: { alt: string; file: string }[];
  /** The full post on the site, when the site URL is known. */
  postUrl: string | null;
}

const arxivId = /arxiv\.org\/abs\/([^\s)?#]+)/i;
const venuePattern =
  /(?:^|[.。!?]\s*)(该成果(?:已被|已发表于|已在|已投稿至|正在)[^。]*。?|(?:Accepted at|Published in|Presented at|Submitted to|Under review at) [\s\S]*?)\s*$/;

function idOf(link: MarkdownLink): string | null {
  return arxivId.exec(link.url)?.[1]?.replace(/v\d+$/, '') ?? null;
}

/** `**bold**` runs become bold spans; Markdown escapes and emphasis are removed from the text. */
export function inlineSpans(markdown: string): Line {
  const spans: Line = [];
  markdown.split('**').forEach((part, index) => {
    const core = plainText(part);
    if (!core) return;
    if (index % 2 === 1) spans.push({ text: core, bold: true });
    else spans.push({ text: `${/^\s/.test(part) ? ' ' : ''}${core}${/\s$/.test(part) ? ' ' : ''}` });
  });
  return spans;
}

function paperFrom(paragraph: string): DeliveryPaper | null {
  const link = findLinks(paragraph).find((candidate) => idOf(candidate) !== null);
  if (!link) return null;
  const after = paragraph.slice(link.end).replace(/^\s*[:：]\s*/, '');
  const summaryText = plainText(after);
  const bold = /\*\*([\s\S]+?)\*\*/.exec(after)?.[1];
  const venue = venuePattern.exec(summaryText)?.[1]?.trim() ?? null;
  const lead = plainText(paragraph.slice(0, link.start)).replace(/[,，]\s*$/, '');
  return {
    id: idOf(link) as string,
    url: link.url.trim(),
    title: link.text,
    lead: lead || null,
    keyInnovation: bold ? plainText(bold) : null,
    venue,
    summary: inlineSpans(after.trim()),
  };
}

function directionsFrom(section: string): DeliveryDirection[] {
  const directions: DeliveryDirection[] = [];
  for (const line of section.split('\n')) {
    const heading = /^\s*\d+[.)、]\s*\*\*(.+?)\*\*\s*$/.exec(line);
    if (heading) {
      directions.push({ name: plainText(heading[1] as string), overview: null, papers: [] });
      continue;
    }
    const current = directions.at(-1);
    if (!current) continue;
    const link = findLinks(line).find((candidate) => idOf(candidate) !== null);
    if (link) {
      const note = /\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s*$/.exec(
        line.slice(link.end).replace(/\*+/g, ''),
      )?.[1];
      current.papers.push({
        id: idOf(link) as string,
        url: link.url.trim(),
        title: link.text,
        note: note ? plainText(note) : null,
      });
      continue;
    }
    const overview = /^\s*[-*]\s+(?:研究方向概述[：:]|Overview:)\s*(.+)$/.exec(line)?.[1];
    if (overview) current.overview = plainText(overview);
  }
  return directions;
}

/** The post's web address: the site layout's posts/<slug>.html under the site URL. */
export function postUrlOf(siteUrl: string | null | undefined, slug: string): string | null {
  if (!siteUrl) return null;
  const base = siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`;
  return new URL(sitePaths.post(slug), base).href;
}

/** A digest with its identity and nothing in it yet; sections are filled in as the post is read. */
export function emptyDeliveryDigest(
  identity: Pick<DeliveryDigest, 'title' | 'overview' | 'slug' | 'language'>,
): DeliveryDigest {
  return {
    ...identity,
    papers: [],
    directionsHeading: '',
    directions: [],
    trendsHeading: '',
    trendIntro: [],
    trends: [],
    charts: [],
    postUrl: null,
  };
}

export function parseDeliveryDigest(
  markdown: string,
  options: { siteUrl?: string | null } = {},
): DeliveryDigest {
  // The frontmatter only: the claim checker's whole parse (parsePost) is not needed here.
  const { frontmatter, body } = splitFrontmatter(markdown.replace(/\r\n?/g, '\n'));
  const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
  const sections = body.split(/^(?=###\s)/m);
  const digest = emptyDeliveryDigest({
    title: text(frontmatter.title) || 'arXiv digest',
    overview: text(frontmatter.description),
    slug: text(frontmatter.slug) || 'digest',
    language: text(frontmatter.lang).startsWith('zh') ? 'zh' : 'en',
  });
  digest.postUrl = postUrlOf(options.siteUrl, digest.slug);
  for (const section of sections) {
    const heading = /^###\s+(.*)/.exec(section)?.[1]?.trim() ?? '';
    for (const image of section.matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g))
      digest.charts.push({ alt: plainText(image[1] ?? ''), file: image[2] as string });
    if (!heading) {
      for (const paragraph of section.split(/\n\s*\n/)) {
        const paper = paperFrom(paragraph.trim());
        if (paper) digest.papers.push(paper);
      }
    } else if (/方向|direction/i.test(heading)) {
      digest.directionsHeading = heading;
      digest.directions = directionsFrom(section);
    } else if (/趋势|trend/i.test(heading)) {
      digest.trendsHeading = heading;
      for (const line of section.split('\n').slice(1)) {
        const trimmed = line.trim();
        if (!trimmed || trimmed.startsWith('![')) continue;
        if (/^\d+[.)、]\s*/.test(trimmed))
          digest.trends.push(plainText(trimmed.replace(/^\d+[.)、]\s*/, '')));
        else digest.trendIntro.push(plainText(trimmed.replace(/^[-*+]\s+/, '')));
      }
    }
  }
  return digest;
}
