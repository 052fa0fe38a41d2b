import { absUrl, monthOfId } from '../core/arxiv-id.ts';
import type { Digest, DigestPaper, Direction, Language } from '../core/digest.ts';
import { DigestError } from '../core/errors.ts';
import type { Paper } from '../core/paper.ts';
import { containsCjk } from '../core/text.ts';
import { venueLabel, venueSentence } from '../verify/venue-sentence.ts';
import { boldFirst, escapeMarkdown, strong } from './escape.ts';
import { renderFrontmatter } from './frontmatter.ts';
import { labels } from './labels.ts';

/**
 * The blog post (DESIGN.md "The post"): YAML frontmatter, one paragraph per paper, the research
 * directions, the measured trends. Pure: the same digest gives the same bytes (LF, one final newline).
 *
 * Decisions this renderer makes (the digest leaves them open):
 *  - Paper paragraph, zh: `{First author} 等人的 [{Title}](link) {summary}{ venue sentence}`; en:
 *    `{First author} et al., [{Title}](link): {summary}{ venue sentence}`. One author: `{Author} 的`
 *    / `{Author},`; no authors: the paragraph starts with the link.
 *  - A zh post whose summary has no Chinese characters (the offline extractive engine quotes the
 *    English abstract) frames it as `摘要要点：{English sentences}` so the paragraph reads as Chinese.
 *  - A summary the extractive engine wrote because the LLM failed (fallbackReason set) ends with an
 *    italic note in the post language; an HTML comment would be dropped by html:false renderers.
 *  - The key innovation is bold at its first occurrence only; punctuation at its ends stays outside.
 *  - Links are https://arxiv.org/abs/<id>v<N>, without a version suffix when the version is unknown.
 *  - Lists nest by the width of their markers ("1. " -> 3 spaces, "10. " -> 4), as CommonMark wants.
 */
export function renderPost(digest: Digest, options: PostOptions = {}): string {
  return `${renderFrontmatter(digest)}\n${renderPostBody(digest, options)}`;
}

export interface PostOptions {
  /** Chart PNGs written next to the post (file names), shown in the trends section when present. */
  images?: { share?: string | null; monthly?: string | null };
}

/** The post without its frontmatter: the Markdown an HTML renderer turns into the page body. */
export function renderPostBody(digest: Digest, options: PostOptions = {}): string {
  const blocks = [
    ...digest.papers.flatMap((entry) => [
      paperParagraph(entry, digest.language),
      ...preferenceParagraph(entry, digest.language),
    ]),
    ...directionsSection(digest),
    ...trendsSection(digest),
    ...chartImages(digest.language, options.images),
  ];
  return `${blocks.join('\n\n')}\n`;
}

/** The month a paper's v1 appeared (published date, else its id), as a label: "2025年11月发表于arXiv". */
export function monthLabel(paper: Paper, language: Language): string {
  const month = paper.published ? paper.published.slice(0, 7) : monthOfId(paper.id);
  return labels(language).arxivMonth(month);
}

/** "[Title](https://arxiv.org/abs/2511.21691v1)" with the title escaped. */
function paperLink(paper: Paper): string {
  return `[${escapeMarkdown(paper.title)}](${absUrl(paper.id, paper.version)})`;
}

function paperParagraph(entry: DigestPaper, language: Language): string {
  const text = labels(language);
  const { paper, summary } = entry;
  const firstAuthor = paper.authors[0];
  const lead = firstAuthor ? `${text.authorsLead(escapeMarkdown(firstAuthor), paper.authors.length)} ` : '';

  const parts: string[] = [];
  const body = boldFirst(summary.text, summary.keyInnovation);
  if (body.length > 0) {
    const frame = language === 'zh' && !containsCjk(summary.text) ? text.quotedAbstractLead : '';
    parts.push(`${frame}${body}`);
  }
  const venue = venueSentence(entry.venue, language);
  if (venue) parts.push(escapeMarkdown(venue));
  if (summary.fallbackReason) parts.push(`*${escapeMarkdown(text.fallbackNote)}*`);

  const separator = language === 'en' ? ': ' : ' ';
  return parts.length > 0
    ? `${lead}${paperLink(paper)}${separator}${parts.join(' ')}`
    : `${lead}${paperLink(paper)}`;
}

/**
 * The reasons a paper matches the reader's preferences, as its own paragraph after the paper's (so
 * the paper paragraph keeps its shape for readers and the claim checker). None without preferences.
 */
function preferenceParagraph(entry: DigestPaper, language: Language): string[] {
  if (!entry.preference || entry.preference.length === 0) return [];
  const text = labels(language);
  return [
    entry.preference
      .map((reason) => escapeMarkdown(text.preferenceReason(reason)))
      .join(text.preferenceSeparator),
  ];
}

function directionsSection(digest: Digest): string[] {
  const text = labels(digest.language);
  const heading = `### ${text.directionsHeading}`;
  if (digest.directions.length === 0) return [heading, escapeMarkdown(text.noDirections)];
  const papersById = new Map(digest.papers.map((entry) => [entry.paper.id, entry]));
  const items = digest.directions.map((direction, index) =>
    directionItem(direction, index + 1, papersById, digest.language),
  );
  return [heading, ...items];
}

function directionItem(
  direction: Direction,
  number: number,
  papersById: Map<string, DigestPaper>,
  language: Language,
): string {
  const text = labels(language);
  const marker = `${number}. `;
  const indent = ' '.repeat(marker.length);
  const lines = [
    `${marker}${strong(direction.name)}`,
    `${indent}- ${text.overview}${escapeMarkdown(direction.overview)}`,
  ];
  // Representatives are a subset of the members; a direction without them shows its first members.
  const ids =
    direction.representativeIds.length > 0 ? direction.representativeIds : direction.paperIds.slice(0, 3);
  if (ids.length > 0) {
    lines.push(`${indent}- ${text.representatives}`);
    for (const id of ids) {
      const entry = papersById.get(id);
      if (!entry) {
        throw new DigestError(
          'INTERNAL',
          `direction "${direction.name}" lists paper ${id}, which is not in the digest`,
          {
            hint: 'this is a bug in the directions stage; please report it with the run report',
          },
        );
      }
      lines.push(`${indent}  - *${paperLink(entry.paper)}* (${representativeLabel(entry, language)})`);
    }
  }
  return lines.join('\n');
}

function representativeLabel(entry: DigestPaper, language: Language): string {
  const month = monthLabel(entry.paper, language);
  const venue = venueLabel(entry.venue, language);
  // The separator is ours; a lone "|" in a list item cannot form a table (no delimiter row follows).
  return venue
    ? `${escapeMarkdown(month)}${labels(language).labelSeparator}${escapeMarkdown(venue)}`
    : escapeMarkdown(month);
}

/** Chart images by relative file name (the PNGs sit next to the post), with localized alt text. */
function chartImages(language: Language, images: PostOptions['images']): string[] {
  const text = labels(language);
  const lines: string[] = [];
  if (images?.share)
    lines.push(`![${escapeMarkdown(text.chartDirectionsTitle)}](${encodeURI(images.share)})`);
  if (images?.monthly)
    lines.push(`![${escapeMarkdown(text.chartMonthlyTitle)}](${encodeURI(images.monthly)})`);
  return lines;
}

function trendsSection(digest: Digest): string[] {
  const text = labels(digest.language);
  const heading = `### ${text.trendsHeading}`;
  const { history, statements } = digest.trends;
  const intro = history.papers > 0 ? escapeMarkdown(text.trendsIntro(history)) : '';
  const items = statements
    .map((statement) => escapeMarkdown(statement.text))
    .filter((line) => line.length > 0)
    .map((line, index) => `${index + 1}. ${line}`);
  if (items.length === 0) return [heading, ...(intro ? [intro] : []), escapeMarkdown(text.noTrends)];
  return [heading, ...(intro ? [intro] : []), items.join('\n')];
}
