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

function kaggleLine(record: DayRecord, index: number): string {
  // 3001.00001 ... : months 3001-3012 of a future year, five-digit numbers.
  const month = 1 + (Math.floor(index / 99_999) % 12);
  const year = 30 + Math.floor(index / (99_999 * 12));
  const id = `${year}${String(month).padStart(2, '0')}.${String((index % 99_999) + 1).padStart(5, '0')}`;
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
    versions: [{ version: 'v1', created: 'Mon, 2 Apr 2007 19:18:42 GMT' }],
    update_date: '2025-11-20',
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
