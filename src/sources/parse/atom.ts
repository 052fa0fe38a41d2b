import { z } from 'zod';
import { parseArxivId } from '../../core/arxiv-id.ts';
import { DigestError } from '../../core/errors.ts';
import { makePaper, type Paper, type RecordProblem, type SourcedPaper } from '../../core/paper.ts';
import { describeIssue } from '../../core/schema.ts';
import { timestampToIsoDate } from './dates.ts';
import {
  integerOf,
  listOf,
  optionalXmlText,
  parseXmlDocument,
  rootElement,
  unexpectedRootError,
  xmlText,
} from './xml.ts';

/** One page of the arXiv API (export.arxiv.org/api/query). */
export interface AtomPage {
  totalResults: number | null;
  startIndex: number | null;
  itemsPerPage: number | null;
  papers: SourcedPaper[];
  /** Entries that could not be used; skipped. */
  problems: RecordProblem[];
}

/** Text of a simple element, whether it came as a string or as { "#text", "@_attr" }. */
const text = xmlText;
const optionalText = optionalXmlText;
const termElement = z.object({ '@_term': z.string() });

/** The parts of an Atom entry we use, after namespace prefixes were removed (arxiv:comment -> comment). */
const atomEntrySchema = z.object({
  id: text,
  title: text,
  summary: optionalText,
  published: optionalText,
  updated: optionalText,
  author: z.array(z.object({ name: text })).optional(),
  primary_category: termElement.optional(),
  category: z.array(termElement).optional(),
  comment: optionalText,
  journal_ref: optionalText,
  doi: optionalText,
});

const apiErrorId = /^https?:\/\/(?:www\.|export\.)?arxiv\.org\/api\/errors/i;

/**
 * Parses one arXiv API Atom page: the 2016 format (per-element xmlns, hard-wrapped text) and the
 * current one. Bad entries become problems; a body that is not an Atom feed, or is cut off, throws
 * PROTOCOL; arXiv's own error feed (HTTP 400 "incorrect id format for abc") throws USAGE with arXiv's words.
 */
export function parseAtomFeed(xml: string, origin: string): AtomPage {
  const document = parseXmlDocument(xml, origin);
  const root = rootElement(document);
  if (root?.name !== 'feed') {
    throw unexpectedRootError(
      origin,
      'an Atom <feed>',
      root?.name ?? null,
      xml,
      'check that the API URL points at export.arxiv.org/api/query or a mirror of it; retry later if it is an error page',
    );
  }
  const entries = listOf(root.element.entry);
  throwIfApiError(entries, origin);
  const page: AtomPage = {
    totalResults: integerOf(root.element.totalResults),
    startIndex: integerOf(root.element.startIndex),
    itemsPerPage: integerOf(root.element.itemsPerPage),
    papers: [],
    problems: [],
  };
  entries.forEach((entry, index) => {
    const entryOrigin = `${origin} entry ${index + 1}`;
    const result = atomEntryToPaper(entry, entryOrigin);
    if ('message' in result) page.problems.push(result);
    else page.papers.push({ paper: result, origin: entryOrigin });
  });
  return page;
}

/** arXiv reports a bad query as a feed whose only entry has an id under arxiv.org/api/errors. */
function throwIfApiError(entries: unknown[], origin: string): void {
  for (const entry of entries) {
    const apiError = apiErrorOf(entry);
    if (!apiError) continue;
    throw new DigestError('USAGE', `${origin}: arXiv API rejected the query: ${apiError.message}`, {
      hint: 'fix the query or id list (ids look like 2511.21691 or hep-th/9901001)',
      details: { arxivError: apiError.message, errorId: apiError.id },
    });
  }
}

/** arXiv's error entry ("incorrect id format for abc") rather than a paper, else null. */
export function apiErrorOf(entry: unknown): { id: string; message: string } | null {
  const parsed = atomEntrySchema.safeParse(entry);
  if (!parsed.success) return null;
  const id = parsed.data.id.trim();
  if (!apiErrorId.test(id)) return null;
  return { id, message: parsed.data.summary?.trim() || id.replace(/^.*#/, '').replace(/_/g, ' ') };
}

/** Maps one parsed <entry> to a Paper, or explains why it cannot. */
export function atomEntryToPaper(entry: unknown, origin: string): Paper | RecordProblem {
  const parsed = atomEntrySchema.safeParse(entry);
  if (!parsed.success) return { origin, message: `unusable entry (${describeIssue(parsed.error)})` };
  const fields = parsed.data;
  const arxivId = parseArxivId(fields.id);
  if (!arxivId) return { origin, message: `entry id "${fields.id.trim()}" is not an arXiv id` };
  if (fields.title.trim().length === 0) return { origin, message: `${arxivId.id} has an empty title` };
  const published = fields.published ? timestampToIsoDate(fields.published) : null;
  const updated = fields.updated ? timestampToIsoDate(fields.updated) : null;
  if (fields.published && !published) {
    return { origin, message: `${arxivId.id}: published "${fields.published}" is not a date` };
  }
  if (fields.updated && !updated) {
    return { origin, message: `${arxivId.id}: updated "${fields.updated}" is not a date` };
  }
  const primary = fields.primary_category?.['@_term'].trim() || null;
  const terms = (fields.category ?? []).map((category) => category['@_term'].trim()).filter(Boolean);
  const categories = [...new Set(primary ? [primary, ...terms] : terms)];
  return makePaper({
    id: arxivId.id,
    version: arxivId.version,
    title: fields.title,
    authors: (fields.author ?? []).map((author) => author.name),
    abstract: fields.summary,
    primaryCategory: primary ?? categories[0] ?? null,
    categories,
    published,
    updated,
    comments: fields.comment,
    journalRef: fields.journal_ref,
    doi: fields.doi,
  });
}
