import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, describe, it } from 'node:test';
import zlib from 'node:zlib';
import { DigestError } from '../src/core/errors.ts';
import type { Paper } from '../src/core/paper.ts';
import {
  detectFormat,
  type FileReadEvent,
  readPaperFile,
  readPaperFileBatches,
} from '../src/sources/files/index.ts';
import { parseJsonLine } from '../src/sources/parse/json-line.ts';
import {
  collect,
  data,
  seedLines,
  seedPath,
  temporaryDirectory,
  withoutOrigin,
} from './helpers/paper-files.ts';

const temporary = temporaryDirectory();
after(() => temporary.remove());
const write = temporary.write;

describe('readPaperFile on gzip, JSON arrays and Atom/OAI files we write', () => {
  it('unzips by magic bytes whatever the name, for every format', async () => {
    const sources = [
      seedPath,
      data('raw/kaggle-oai-snapshot/arxiv-metadata-oai-snapshot.head5.jsonl'),
      data('raw/arxiv-api/lukasschwab-arxiv.py-2016/search_query_au-del_maestro.xml'),
      data(
        'raw/oai-pmh/paperhive-oai-pmh/2018_oaipmh-listrecords---should-list-identifiers-from-arxiv.response1.status200.xml',
      ),
    ];
    for (const [index, source] of sources.entries()) {
      const zipped = write(`zipped-${index}.dat`, zlib.gzipSync(fs.readFileSync(source)));
      const plain = await detectFormat(source);
      assert.deepEqual(await detectFormat(zipped), { format: plain.format, gzip: true });
      assert.deepEqual(
        withoutOrigin((await collect(zipped)).papers),
        withoutOrigin((await collect(source)).papers),
      );
    }
  });

  it('fails with INPUT naming the file when the gzip data is cut off', async () => {
    const zipped = zlib.gzipSync(fs.readFileSync(data('arxiv-days/2025-11-26.jsonl')));
    const file = write('cut.jsonl.gz', zipped.subarray(0, Math.floor(zipped.length * 0.6)));
    let papers = 0;
    await assert.rejects(
      async () => {
        for await (const event of readPaperFile(file)) if (event.kind === 'paper') papers += 1;
      },
      (error: unknown) =>
        error instanceof DigestError &&
        error.code === 'INPUT' &&
        error.message === `${file}: the gzip data is truncated or corrupt (unexpected end of file)`,
    );
    assert.ok(papers > 0 && papers < 571, `read ${papers} papers before the cut`);
  });

  it('streams a JSON array across chunks with start lines, equal to the JSON lines', async () => {
    const day = data('arxiv-days/2025-11-26.jsonl');
    const records = fs
      .readFileSync(day, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    const text = JSON.stringify(records, null, 2);
    assert.ok(text.length > 1.5 * 1024 * 1024, 'spans at least two 1 MiB read chunks');
    const file = write('day.json', text);
    assert.deepEqual(await detectFormat(file), { format: 'json-array', gzip: false });
    const read = await collect(file);
    assert.equal(read.problems.length, 0);
    assert.equal(read.papers.length, 571);
    assert.deepEqual(withoutOrigin(read.papers), withoutOrigin((await collect(day)).papers));
    const secondStart = text.split('\n').findIndex((line, index) => index > 1 && line === '  {') + 1;
    assert.equal(read.papers[1]?.origin, `${file}:${secondStart}`);
  });

  it('reports bad items and a truncated JSON array', async () => {
    const seeds = seedLines.slice(0, 3).map((line) => JSON.parse(line));
    const text = `[\n${JSON.stringify(seeds[0])},\n42,\n{"id": "2511.1", "title": tru},\n${JSON.stringify(seeds[1])},\n${JSON.stringify(seeds[2]).slice(0, 60)}`;
    const file = write('broken.json', text);
    const read = await collect(file);
    assert.deepEqual(
      read.papers.map(({ paper }) => paper.id),
      [seeds[0].id, seeds[1].id],
    );
    assert.deepEqual(
      read.problems.map((problem) => [problem.origin, problem.message.replace(/ \(.*\)$/, '')]),
      [
        [`${file}:3`, 'item 2: expected an object, got 42'],
        [`${file}:4`, 'item 3: malformed JSON'],
        [`${file}:6`, 'item 5 is cut off: the file ends inside it'],
        [`${file}:6`, 'the JSON array is not closed with ]: the file looks truncated'],
      ],
    );
  });

  it('reads an Atom feed written from seed records, and reports a truncated one', async () => {
    const seeds = seedLines.slice(0, 4).map((line) => JSON.parse(line));
    const escapeXml = (value: string) =>
      value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const entries = seeds.map(
      (seed) => `  <entry>
    <id>http://arxiv.org/abs/${seed.id}v${seed.version}</id>
    <title>${escapeXml(seed.title)}</title>
    <updated>2025-11-26T18:59:59Z</updated>
    <published>2025-11-26T18:59:59Z</published>
    <summary>${escapeXml(seed.abstract ?? '')}</summary>
${seed.authors.map((name: string) => `    <author><name>${escapeXml(name)}</name></author>`).join('\n')}
${seed.comments ? `    <arxiv:comment>${escapeXml(seed.comments)}</arxiv:comment>\n` : ''}${seed.primary_category ? `    <arxiv:primary_category term="${seed.primary_category}"/>\n` : ''}${(seed.categories ?? []).map((term: string) => `    <category term="${term}"/>`).join('\n')}
  </entry>`,
    );
    const feed = `<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n  <title>seeds</title>\n${entries.join('\n')}\n</feed>\n`;
    const file = write('seeds.atom', feed);
    const read = await collect(file);
    assert.equal(read.problems.length, 0);
    const expected = seeds.map((seed) => parseJsonLine(JSON.stringify(seed), 'jsonl', 'x') as Paper);
    assert.deepEqual(
      read.papers.map(({ paper }) => [
        paper.id,
        paper.version,
        paper.title,
        paper.authors,
        paper.abstract,
        paper.comments,
        paper.categories,
      ]),
      expected.map((paper) => [
        paper.id,
        paper.version,
        paper.title,
        paper.authors,
        paper.abstract,
        paper.comments,
        paper.categories,
      ]),
    );
    assert.equal(read.papers[0]?.paper.published, '2025-11-26');
    const cut = write(
      'seeds-cut.atom',
      feed.slice(0, feed.indexOf('</entry>', feed.indexOf('<entry>', feed.indexOf('<entry>') + 1)) - 40),
    );
    const partial = await collect(cut);
    assert.equal(partial.papers.length, 1);
    assert.deepEqual(partial.problems, [
      {
        origin: `${cut} entry 2 (line ${feed.slice(0, feed.indexOf('<entry>', feed.indexOf('<entry>') + 1)).split('\n').length})`,
        message: 'the file ends inside this entry: truncated',
      },
    ]);
  });

  it('reads an OAI-PMH dump with a deleted record and a malformed record', async () => {
    const page = fs.readFileSync(
      data(
        'raw/oai-pmh/paperhive-oai-pmh/2018_oaipmh-listrecords---should-list-identifiers-from-arxiv.response1.status200.xml',
      ),
      'utf8',
    );
    const dump = page.replace(
      '</ListRecords>',
      '<record><header status="deleted"><identifier>oai:arXiv.org:1501.00001</identifier><datestamp>2015-01-05</datestamp></header></record>\n<record><header><identifier>oai:arXiv.org:1501.00002</identifier></header><metadata><arXiv><id>1501.00002</id><title>Broken <b></title></arXiv></metadata></record>\n</ListRecords>',
    );
    const file = write('dump.xml', dump);
    const read = await collect(file);
    assert.equal(read.papers.length, 2);
    assert.deepEqual(read.deleted, ['1501.00001']);
    assert.equal(read.problems.length, 1);
    assert.match(read.problems[0]?.origin ?? '', / record 4 \(line \d+\)$/);
    assert.match(read.problems[0]?.message ?? '', /^malformed XML/);
  });
});

describe('readPaperFile: progress, batches, abort', () => {
  it('reports bytes read up to the file size', async () => {
    const file = data('arxiv-days/2025-11-26.jsonl');
    const total = fs.statSync(file).size;
    const seen: [number, number][] = [];
    for await (const _event of readPaperFile(file, { onBytes: (read, size) => seen.push([read, size]) })) {
      // drain
    }
    assert.ok(seen.length >= 2);
    assert.ok(seen.every(([, size]) => size === total));
    assert.deepEqual(seen.at(-1), [total, total]);
    assert.ok(
      seen.every(([read], index) => index === 0 || read >= (seen[index - 1]?.[0] ?? 0)),
      'monotonic',
    );
  });

  it('gives the same events in batches', async () => {
    const file = data('arxiv-days/2025-11-26.jsonl');
    const batches: FileReadEvent[][] = [];
    for await (const batch of readPaperFileBatches(file)) batches.push(batch);
    assert.ok(batches.length >= 2, 'one batch per read chunk');
    const flat = batches.flat();
    const single: FileReadEvent[] = [];
    for await (const event of readPaperFile(file)) single.push(event);
    assert.deepEqual(flat, single);
  });

  it('stops with the abort reason when the signal fires', async () => {
    const controller = new AbortController();
    let papers = 0;
    await assert.rejects(async () => {
      for await (const event of readPaperFile(data('arxiv-days/2025-11-26.jsonl'), {
        signal: controller.signal,
      })) {
        if (event.kind === 'paper') papers += 1;
        if (papers === 10) controller.abort(new Error('user pressed Ctrl-C'));
      }
    }, /user pressed Ctrl-C/);
    assert.ok(papers >= 10 && papers < 571);
  });

  it('stops early without leaking when the consumer breaks', async () => {
    let count = 0;
    for await (const _event of readPaperFile(data('arxiv-days/2025-11-26.jsonl'))) {
      count += 1;
      if (count === 3) break;
    }
    assert.equal(count, 3);
  });
});
