import { createReadStream, createWriteStream, readdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * Builds a Kaggle "arxiv-metadata-oai-snapshot" JSONL of any size from the real records in
 * ../shared/data/arxiv-days: each real record is reused with a fresh, valid new-scheme id, so the
 * text (titles, abstracts, authors, comments) is real and the ids never collide.
 */

export const sharedDataDirectory = fileURLToPath(new URL('../../shared/data/', import.meta.url));

interface DayRecord {
  title: string;
  authors: string[];
  abstract: string | null;
  categories: string[];
  comments: string | null;
  journal_ref: string | null;
  doi: string | null;
}

export async function loadDayRecords(): Promise<DayRecord[]> {
  const directory = path.join(sharedDataDirectory, 'arxiv-days');
  const records: DayRecord[] = [];
  for (const name of readdirSync(directory)
    .filter((file) => file.endsWith('.jsonl'))
    .sort()) {
    const lines = createInterface({
      input: createReadStream(path.join(directory, name)),
      crlfDelay: Infinity,
    });
    for await (const line of lines) if (line.trim()) records.push(JSON.parse(line) as DayRecord);
  }
  return records;
}

/** Records per arXiv month: 1,000,000 records span 50 months (2030-01 to 2034-02), about 4,700 a week. */
export const recordsPerMonth = 20_000;

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Kaggle's version stamp ("Mon, 2 Apr 2007 19:18:42 GMT") for a UTC day. */
function versionStamp(date: Date): string {
  return `${weekdays[date.getUTCDay()]}, ${date.getUTCDate()} ${monthNames[date.getUTCMonth()]} ${date.getUTCFullYear()} 12:00:00 GMT`;
}

/**
 * The id and dates of the index-th record: ids run through the months of 2030 onwards
 * (3001.00001 ...), each record's v1 date falls in its id's month (spread over the month's days),
 * and every fifth record has a v2 about two months later (a replacement, for the versions policy).
 */
export function fixtureDates(index: number): { id: string; v1: Date; v2: Date | null } {
  const monthIndex = Math.floor(index / recordsPerMonth);
  const year = 2030 + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  const number = (index % recordsPerMonth) + 1;
  const id = `${year % 100}${String(month + 1).padStart(2, '0')}.${String(number).padStart(5, '0')}`;
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = 1 + Math.floor(((number - 1) * daysInMonth) / recordsPerMonth);
  const v1 = new Date(Date.UTC(year, month, day));
  const v2 = index % 5 === 4 ? new Date(v1.getTime() + 61 * 86_400_000) : null;
  return { id, v1, v2 };
}

function kaggleLine(record: DayRecord, index: number): string {
  const { id, v1, v2 } = fixtureDates(index);
  const versions = [{ version: 'v1', created: versionStamp(v1) }];
  if (v2) versions.push({ version: 'v2', created: versionStamp(v2) });
  const authorsParsed = record.authors.map((name) => {
    const parts = name.split(' ');
    const last = parts.pop() ?? name;
    return [last, parts.join(' '), ''];
  });
  return JSON.stringify({
    id,
    submitter: record.authors[0] ?? null,
    authors: record.authors.join(', '),
    title: record.title,
    comments: record.comments,
    'journal-ref': record.journal_ref,
    doi: record.doi,
    'report-no': null,
    categories: record.categories.join(' '),
    license: null,
    abstract: `  ${record.abstract ?? ''}\n`,
    versions,
    update_date: (v2 ?? v1).toISOString().slice(0, 10),
    authors_parsed: authorsParsed,
  });
}

export async function writeKaggleFixture(file: string, count: number): Promise<void> {
  const records = (await loadDayRecords()).filter((record) => record.categories.length > 0);
  const output = createWriteStream(file);
  for (let index = 0; index < count; index += 1) {
    const line = `${kaggleLine(records[index % records.length] as DayRecord, index)}\n`;
    if (!output.write(line)) await new Promise<void>((resolve) => output.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    output.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file = 'bench/output/kaggle-200k.jsonl', count = '200000'] = process.argv.slice(2);
  await writeKaggleFixture(file, Number(count));
  console.log(`wrote ${count} records to ${file}`);
}
