import { z } from 'zod';
import { parseArxivId } from '../../core/arxiv-id.ts';
import { isValidIsoDate } from '../../core/dates.ts';
import { announceTypes, makePaper, type Paper, type RecordProblem } from '../../core/paper.ts';
import { describeIssue } from '../../core/schema.ts';

/*
 * arxiv-digest's own record schema (seed-papers.jsonl, arxiv-days/*.jsonl; see
 * shared/data/README.md "Common record schema"). Paper's camelCase spellings are accepted too, so
 * a JSON dump of Papers reads back. Extra fields (source, notes, anchor_ai, …) are ignored.
 */

const isoDate = z.string().refine(isValidIsoDate, 'expected a YYYY-MM-DD date');
const optionalString = z.string().nullish();

const recordSchema = z.object({
  id: z.string().refine((value) => parseArxivId(value) !== null, 'expected an arXiv id like 2511.21691'),
  version: z.number().int().positive().nullish(),
  title: z.string().refine((value) => value.trim().length > 0, 'must not be empty'),
  authors: z.array(z.string()).nullish(),
  abstract: optionalString,
  primary_category: optionalString,
  primaryCategory: optionalString,
  categories: z.array(z.string()).nullish(),
  published: isoDate.nullish(),
  updated: isoDate.nullish(),
  comments: optionalString,
  journal_ref: optionalString,
  journalRef: optionalString,
  doi: optionalString,
  listing_date: isoDate.nullish(),
  announced: isoDate.nullish(),
  announce_type: z.enum(announceTypes).nullish(),
  announceType: z.enum(announceTypes).nullish(),
});

type DigestRecord = z.infer<typeof recordSchema>;

const stringFields = [
  'abstract',
  'primary_category',
  'primaryCategory',
  'comments',
  'journal_ref',
  'journalRef',
  'doi',
];
const dateFields = ['published', 'updated', 'listing_date', 'announced'];
const announceTypeSet: ReadonlySet<unknown> = new Set(announceTypes);

const absent = (value: unknown): boolean => value === undefined || value === null;
const isStringList = (value: unknown): boolean =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * A hand-written check that accepts exactly what recordSchema accepts (a test holds them
 * together on mutated records). zod costs ~5 µs a record here, a quarter of the whole import's
 * parsing time, so the fast check goes first and zod only runs to explain a rejected record.
 */
export function passesFastCheck(record: unknown): record is DigestRecord {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return false;
  const fields = record as Record<string, unknown>;
  if (typeof fields.id !== 'string' || parseArxivId(fields.id) === null) return false;
  if (typeof fields.title !== 'string' || fields.title.trim().length === 0) return false;
  const version = fields.version;
  if (!absent(version) && !(typeof version === 'number' && Number.isInteger(version) && version > 0))
    return false;
  if (!absent(fields.authors) && !isStringList(fields.authors)) return false;
  if (!absent(fields.categories) && !isStringList(fields.categories)) return false;
  for (const name of stringFields) {
    if (!absent(fields[name]) && typeof fields[name] !== 'string') return false;
  }
  for (const name of dateFields) {
    const value = fields[name];
    if (!absent(value) && !(typeof value === 'string' && isValidIsoDate(value))) return false;
  }
  for (const name of ['announce_type', 'announceType']) {
    if (!absent(fields[name]) && !announceTypeSet.has(fields[name])) return false;
  }
  return true;
}

/** The authoritative check (zod); exported so tests can hold the fast check to it. */
export function passesSchema(record: unknown): boolean {
  return recordSchema.safeParse(record).success;
}

/** Validates one record of our schema and maps it to a Paper. */
export function digestRecordToPaper(record: unknown, origin: string): Paper | RecordProblem {
  if (passesFastCheck(record)) return toPaper(record, origin);
  const parsed = recordSchema.safeParse(record);
  if (parsed.success) return toPaper(parsed.data, origin);
  const id =
    typeof (record as { id?: unknown } | null)?.id === 'string' ? `${(record as { id: string }).id}: ` : '';
  return { origin, message: `${id}${describeIssue(parsed.error)}` };
}

function toPaper(fields: DigestRecord, origin: string): Paper | RecordProblem {
  const arxivId = parseArxivId(fields.id);
  if (!arxivId) return { origin, message: `id "${fields.id}" is not an arXiv id` };
  if (arxivId.version !== null && fields.version != null && arxivId.version !== fields.version) {
    return { origin, message: `${arxivId.id}: id says v${arxivId.version} but version is ${fields.version}` };
  }
  const categories = fields.categories ?? [];
  return makePaper({
    id: arxivId.id,
    version: fields.version ?? arxivId.version,
    title: fields.title,
    authors: fields.authors ?? [],
    abstract: fields.abstract ?? null,
    primaryCategory: fields.primary_category ?? fields.primaryCategory ?? categories[0] ?? null,
    categories,
    published: fields.published ?? null,
    updated: fields.updated ?? null,
    comments: fields.comments ?? null,
    journalRef: fields.journal_ref ?? fields.journalRef ?? null,
    doi: fields.doi ?? null,
    announced: fields.listing_date ?? fields.announced ?? null,
    announceType: fields.announce_type ?? fields.announceType ?? null,
  });
}
