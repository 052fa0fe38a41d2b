import { z } from 'zod';
import { parseArxivId } from '../../core/arxiv-id.ts';
import { makePaper, type Paper, type RecordProblem } from '../../core/paper.ts';
import { describeIssue } from '../../core/schema.ts';
import { personName, splitAuthorList } from './authors.ts';
import { rfc2822ToIsoDate, timestampToIsoDate } from './dates.ts';
import { attributeOf, listOf, optionalXmlText, textOf, xmlText } from './xml.ts';

/*
 * The two arXiv OAI-PMH metadata formats that carry what a Paper needs (schemas at
 * http://arxiv.org/OAI/arXiv.xsd and http://arxiv.org/OAI/arXivRaw.xsd):
 *  - arXiv:    <id>, <created>, <updated>?, <authors><author><keyname/><forenames/><suffix/>…,
 *              <title>, <categories> (space separated, primary first), <comments>, <journal-ref>,
 *              <doi>, <abstract>. It carries no version numbers.
 *  - arXivRaw: <id>, <version version="v1"><date>Mon, 2 Apr 2007 19:18:42 GMT</date>…</version>…,
 *              <authors> as one string, and the same descriptive fields.
 */

const text = xmlText;
const optionalText = optionalXmlText;

const arxivFormatSchema = z.object({
  id: text,
  created: optionalText,
  updated: optionalText,
  // <authors/> with no author parses as an empty string.
  authors: z
    .union([
      z.object({
        author: z
          .array(z.object({ keyname: optionalText, forenames: optionalText, suffix: optionalText }))
          .optional(),
      }),
      z.string(),
    ])
    .optional(),
  title: text,
  categories: optionalText,
  comments: optionalText,
  'journal-ref': optionalText,
  doi: optionalText,
  abstract: optionalText,
});

const arxivRawFormatSchema = z.object({
  id: text,
  version: z.array(z.unknown()).optional(),
  title: text,
  authors: optionalText,
  categories: optionalText,
  comments: optionalText,
  'journal-ref': optionalText,
  doi: optionalText,
  abstract: optionalText,
});

function splitCategories(value: string | null | undefined): string[] {
  return [...new Set((value ?? '').split(/\s+/).filter(Boolean))];
}

function identify(idText: string, origin: string): { id: string; version: number | null } | RecordProblem {
  const arxivId = parseArxivId(idText);
  return arxivId ?? { origin, message: `id "${idText.trim()}" is not an arXiv id` };
}

/** Maps <metadata><arXiv> to a Paper. `updated` is the latest version's date, else `created`. */
export function arxivFormatToPaper(metadata: unknown, origin: string): Paper | RecordProblem {
  const parsed = arxivFormatSchema.safeParse(metadata);
  if (!parsed.success) return { origin, message: `unusable arXiv record (${describeIssue(parsed.error)})` };
  const fields = parsed.data;
  const arxivId = identify(fields.id, origin);
  if ('message' in arxivId) return arxivId;
  if (!fields.title.trim()) return { origin, message: `${arxivId.id} has an empty title` };
  const created = fields.created ? timestampToIsoDate(fields.created) : null;
  const updated = fields.updated ? timestampToIsoDate(fields.updated) : null;
  if (fields.created && !created)
    return { origin, message: `${arxivId.id}: created "${fields.created}" is not a date` };
  if (fields.updated && !updated)
    return { origin, message: `${arxivId.id}: updated "${fields.updated}" is not a date` };
  const authorElements = typeof fields.authors === 'object' ? (fields.authors.author ?? []) : [];
  const authors = authorElements.map((author) =>
    personName(author.forenames ?? null, author.keyname ?? null, author.suffix ?? null),
  );
  return makePaper({
    id: arxivId.id,
    version: arxivId.version,
    title: fields.title,
    authors,
    abstract: fields.abstract,
    categories: splitCategories(fields.categories),
    published: created,
    updated: updated ?? created,
    comments: fields.comments,
    journalRef: fields['journal-ref'],
    doi: fields.doi,
  });
}

/** Maps <metadata><arXivRaw> to a Paper: version = latest, published = v1 date, updated = latest date. */
export function arxivRawFormatToPaper(metadata: unknown, origin: string): Paper | RecordProblem {
  const parsed = arxivRawFormatSchema.safeParse(metadata);
  if (!parsed.success)
    return { origin, message: `unusable arXivRaw record (${describeIssue(parsed.error)})` };
  const fields = parsed.data;
  const arxivId = identify(fields.id, origin);
  if ('message' in arxivId) return arxivId;
  if (!fields.title.trim()) return { origin, message: `${arxivId.id} has an empty title` };
  const versions: { number: number; date: string | null }[] = [];
  for (const element of listOf(fields.version)) {
    const label = attributeOf(element, 'version') ?? '';
    const number = /^v(\d+)$/.exec(label.trim())?.[1];
    const dateText =
      typeof element === 'object' && element !== null ? textOf((element as { date?: unknown }).date) : null;
    const date = dateText ? rfc2822ToIsoDate(dateText) : null;
    if (!number) return { origin, message: `${arxivId.id}: version label "${label}" is not like v2` };
    if (dateText && !date)
      return { origin, message: `${arxivId.id}: version date "${dateText}" is not a date` };
    versions.push({ number: Number(number), date });
  }
  versions.sort((left, right) => left.number - right.number);
  const first = versions[0];
  const latest = versions[versions.length - 1];
  return makePaper({
    id: arxivId.id,
    version: latest?.number ?? arxivId.version,
    title: fields.title,
    authors: splitAuthorList(fields.authors ?? ''),
    abstract: fields.abstract,
    categories: splitCategories(fields.categories),
    published: first?.date ?? null,
    updated: latest?.date ?? null,
    comments: fields.comments,
    journalRef: fields['journal-ref'],
    doi: fields.doi,
  });
}
