import { parseArxivId } from '../../core/arxiv-id.ts';
import { makePaper, type Paper, type RecordProblem } from '../../core/paper.ts';
import { personName, splitAuthorList } from './authors.ts';
import { rfc2822ToIsoDate, timestampToIsoDate } from './dates.ts';

/*
 * One record of Kaggle's "arXiv Dataset" (arxiv-metadata-oai-snapshot.json, JSON lines, ~2.8M
 * records). The import benchmark runs this millions of times, so the fields are checked by hand
 * rather than with zod (see the measurement in the report); every check still names the field.
 */

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optionalString = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** True for records in Kaggle's shape (the format sniffer and JSON-array records use it). */
export function looksLikeKaggleRecord(record: unknown): boolean {
  return isObject(record) && (Array.isArray(record.authors_parsed) || Array.isArray(record.versions));
}

// Kaggle's name splitter turns "C.-P. Yuan" into ["Yuan", "C. -P.", ""]; glue the initials back.
const splitInitials = /\. -(?=\p{Lu})/gu;

function authorsOf(record: Record<string, unknown>): string[] | string {
  const parsed = record.authors_parsed;
  if (Array.isArray(parsed)) {
    const names: string[] = [];
    for (const entry of parsed) {
      if (!Array.isArray(entry) || !entry.every((part) => typeof part === 'string')) {
        return 'authors_parsed: expected [last, first, suffix] string lists';
      }
      const [keyname = '', forenames = '', suffix = ''] = entry as string[];
      const name = personName(forenames.replace(splitInitials, '.-'), keyname, suffix);
      if (name) names.push(name);
    }
    return names;
  }
  if (typeof record.authors === 'string') return splitAuthorList(record.authors);
  if (record.authors === undefined || record.authors === null) return [];
  return 'authors: expected a string';
}

/** versions [{version:'v1', created:'Mon, 2 Apr 2007 19:18:42 GMT'}, …] -> first and latest. */
function versionsOf(
  value: unknown,
): { first: string | null; latest: string | null; number: number | null } | string {
  if (value === undefined || value === null) return { first: null, latest: null, number: null };
  if (!Array.isArray(value)) return 'versions: expected a list';
  let first: { number: number; date: string | null } | null = null;
  let latest: { number: number; date: string | null } | null = null;
  for (const entry of value) {
    if (!isObject(entry) || typeof entry.version !== 'string')
      return 'versions: expected {version, created} items';
    const match = /^v(\d+)$/.exec(entry.version);
    if (!match) return `versions: "${entry.version}" is not like v2`;
    const created = typeof entry.created === 'string' ? rfc2822ToIsoDate(entry.created) : null;
    if (typeof entry.created === 'string' && !created) return `versions: "${entry.created}" is not a date`;
    const version = { number: Number(match[1]), date: created };
    if (!first || version.number < first.number) first = version;
    if (!latest || version.number > latest.number) latest = version;
  }
  return { first: first?.date ?? null, latest: latest?.date ?? null, number: latest?.number ?? null };
}

/** Maps a parsed Kaggle record to a Paper: version = latest, published = v1 date, updated = latest date. */
export function kaggleRecordToPaper(record: unknown, origin: string): Paper | RecordProblem {
  if (!isObject(record)) return { origin, message: 'expected a JSON object' };
  if (typeof record.id !== 'string') return { origin, message: 'id: expected a string like "0704.0001"' };
  const arxivId = parseArxivId(record.id);
  if (!arxivId) return { origin, message: `id "${record.id}" is not an arXiv id` };
  if (typeof record.title !== 'string' || record.title.trim().length === 0) {
    return { origin, message: `${arxivId.id}: title is missing or empty` };
  }
  const authors = authorsOf(record);
  if (typeof authors === 'string') return { origin, message: `${arxivId.id}: ${authors}` };
  const versions = versionsOf(record.versions);
  if (typeof versions === 'string') return { origin, message: `${arxivId.id}: ${versions}` };
  const updateDate = typeof record.update_date === 'string' ? timestampToIsoDate(record.update_date) : null;
  const categories =
    typeof record.categories === 'string' ? record.categories.split(' ').filter(Boolean) : [];
  return makePaper({
    id: arxivId.id,
    version: versions.number ?? arxivId.version,
    title: record.title,
    authors,
    abstract: optionalString(record.abstract),
    categories: [...new Set(categories)],
    published: versions.first,
    updated: versions.latest ?? updateDate,
    comments: optionalString(record.comments),
    journalRef: optionalString(record['journal-ref']),
    doi: optionalString(record.doi),
  });
}
