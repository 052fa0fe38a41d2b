import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import zlib from 'node:zlib';
import { DigestError } from '../src/core/errors.ts';
import { parseAtomFeed } from '../src/sources/parse/atom.ts';
import { parseJsonLine } from '../src/sources/parse/json-line.ts';
import { parseOaiResponse } from '../src/sources/parse/oai.ts';
import {
  collect,
  data,
  rejectsInput,
  seedLines,
  seedPath,
  temporaryDirectory,
  withoutOrigin,
} from './helpers/paper-files.ts';

const temporary = temporaryDirectory();
after(() => temporary.remove());
const write = temporary.write;

describe('readPaperFile on every raw recording (shared/data/raw/MANIFEST.json)', () => {
  const manifest: { file: string }[] = JSON.parse(fs.readFileSync(data('raw/MANIFEST.json'), 'utf8'));

  it('reads each file, agreeing with the page parsers and with the JSON-wrapped originals', async () => {
    let checked = 0;
    for (const { file } of manifest) {
      const full = data(`raw/${file}`);
      if (file.endsWith('.html')) {
        await rejectsInput(full, /unknown format \(XML with root <html>\)/);
      } else if (file.startsWith('arxiv-api/') && file.endsWith('.xml')) {
        const xml = fs.readFileSync(full, 'utf8');
        if (file.includes('id_abc')) {
          assert.throws(
            () => parseAtomFeed(xml, file),
            (error: unknown) => error instanceof DigestError,
          );
          await assert.rejects(collect(full), (error: unknown) => {
            assert.ok(error instanceof DigestError && error.code === 'INPUT');
            assert.match(
              error.message,
              /entry 1 \(line 9\): this file is an arXiv API error response \("incorrect id format for abc"\)/,
            );
            return true;
          });
        } else {
          const read = await collect(full);
          const page = parseAtomFeed(xml, file);
          assert.deepEqual(withoutOrigin(read.papers), withoutOrigin(page.papers), file);
          assert.deepEqual(read.problems, [], file);
        }
      } else if (file.startsWith('arxiv-api/') && file.endsWith('.json')) {
        const wrapper: { status_code: number; body: string } = JSON.parse(fs.readFileSync(full, 'utf8'));
        const derived = fs.readFileSync(full.replace(/\.json$/, '.body.atom.xml'), 'utf8');
        assert.equal(wrapper.body, derived);
        if (wrapper.status_code === 400)
          assert.throws(() => parseAtomFeed(wrapper.body, file), /incorrect id format/);
        else assert.ok(parseAtomFeed(wrapper.body, file).totalResults !== null);
      } else if (file.startsWith('oai-pmh/') && file.endsWith('.json')) {
        const exchanges: { status: number; response: string }[] = JSON.parse(fs.readFileSync(full, 'utf8'));
        for (const exchange of exchanges) {
          if (exchange.status === 503)
            assert.throws(() => parseOaiResponse(exchange.response, file), /Retry after/);
          else assert.equal(parseOaiResponse(exchange.response, file).problems.length, 0);
        }
      } else if (file.startsWith('oai-pmh/') && file.endsWith('.xml')) {
        const page = parseOaiResponse(fs.readFileSync(full, 'utf8'), file);
        const read = await collect(full);
        assert.deepEqual(withoutOrigin(read.papers), withoutOrigin(page.papers), file);
        assert.deepEqual(read.problems, [], file);
      } else if (file.endsWith('.jsonl')) {
        const read = await collect(full);
        assert.deepEqual(
          read.papers.map(({ paper }) => `${paper.id}v${paper.version}`),
          ['0704.0001v2', '0704.0002v2', '0704.0003v3', '0704.0004v1', '0704.0005v1'],
        );
        assert.equal(read.papers[2]?.origin, `${full}:3`);
      } else {
        assert.fail(`no check for ${file}`);
      }
      checked += 1;
    }
    assert.equal(checked, 41);
  });

  it('names entries and records with their line in origins', async () => {
    const atom = await collect(
      data('raw/arxiv-api/lukasschwab-arxiv.py-2016/search_query_au-del_maestro.xml'),
    );
    assert.equal(atom.papers.length, 10);
    assert.match(atom.papers[1]?.origin ?? '', /search_query_au-del_maestro\.xml entry 2 \(line 49\)$/);
    const oai = await collect(
      data(
        'raw/oai-pmh/paperhive-oai-pmh/2018_oaipmh-listrecords---should-list-identifiers-from-arxiv.response1.status200.xml',
      ),
    );
    assert.deepEqual(
      oai.papers.map(({ paper }) => paper.id),
      ['1412.8544', 'hep-th/9504118'],
    );
    assert.match(oai.papers[1]?.origin ?? '', / record 2 \(line 31\)$/);
  });
});

describe('readPaperFile on our JSON lines', () => {
  it('reads the 34 seed papers in order with file:line origins', async () => {
    const read = await collect(seedPath);
    assert.equal(read.papers.length, 34);
    assert.equal(read.problems.length, 0);
    assert.equal(read.papers[0]?.origin, `${seedPath}:1`);
    assert.equal(read.papers[33]?.origin, `${seedPath}:34`);
    assert.deepEqual(
      withoutOrigin(read.papers),
      seedLines.map((line) => parseJsonLine(line, 'jsonl', 'x')),
    );
  });

  it('reads every arxiv-days file: papers == lines, no problems', async () => {
    const directory = data('arxiv-days');
    const files = fs.readdirSync(directory).filter((name) => name.endsWith('.jsonl'));
    assert.equal(files.length, 21);
    let total = 0;
    for (const name of files) {
      const file = path.join(directory, name);
      const lineCount = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
      const read = await collect(file);
      assert.equal(read.papers.length, lineCount, name);
      assert.deepEqual(read.problems, [], name);
      assert.ok(
        read.papers.every(({ paper }) => paper.announced === name.slice(0, 10)),
        name,
      );
      total += read.papers.length;
    }
    assert.equal(total, 7719);
  });

  it('reports malformed and invalid lines as file:line problems and goes on', async () => {
    const lines = [...seedLines.slice(0, 5)];
    lines.splice(2, 0, '{"id": "2511.00001", "title": "cut off');
    lines.push(
      'not json at all',
      JSON.stringify({ id: 'abc', title: 'Bad id' }),
      '',
      JSON.stringify({ id: '2511.21691' }),
    );
    const file = write('mixed.jsonl', `${lines.join('\r\n')}\r\n`);
    const read = await collect(file);
    assert.equal(read.papers.length, 5);
    assert.deepEqual(
      read.problems.map((problem) => problem.origin),
      [`${file}:3`, `${file}:7`, `${file}:8`, `${file}:10`],
    );
    assert.match(read.problems[0]?.message ?? '', /^malformed JSON \(/);
    assert.match(read.problems[1]?.message ?? '', /^malformed JSON \(Unexpected token/);
    assert.match(read.problems[2]?.message ?? '', /^abc: id: expected an arXiv id/);
    assert.match(read.problems[3]?.message ?? '', /^2511\.21691: title: /);
  });
});

describe('readPaperFile: files it refuses before reading a record', () => {
  it('refuses missing files, directories, empty files and whitespace', async () => {
    await rejectsInput(path.join(temporary.path, 'missing.jsonl'), /: no such file$/);
    await rejectsInput(temporary.path, /: is a directory, not a file$/);
    await rejectsInput(write('empty.jsonl', ''), /: empty file$/);
    await rejectsInput(write('blank.jsonl', ' \n\n\t\n'), /: empty file \(only whitespace\)$/);
    await rejectsInput(write('empty.gz', zlib.gzipSync(Buffer.alloc(0))), /: empty file$/);
  });

  it('refuses binary junk and unknown formats', async () => {
    await rejectsInput(
      write('junk.bin', Buffer.from([0x00, 0x13, 0x37, 0xff, 0xfe, 0x00, 0x42])),
      /binary data, neither gzip nor text/,
    );
    await rejectsInput(write('latin1.txt', Buffer.from([0x7b, 0xe9, 0xe8, 0xff, 0x0a])), /binary data/);
    await rejectsInput(
      write('table.csv', 'id,title\n2511.21691,Canvas-to-Image\n'),
      /unknown format \(text starting with "id,title/,
    );
    await rejectsInput(
      write('feed.rss', '<?xml version="1.0"?><rss version="2.0"><channel/></rss>'),
      /unknown format \(XML with root <rss>\)/,
    );
    await rejectsInput(
      write('zipped-junk.gz', zlib.gzipSync(Buffer.from([0, 1, 2, 3, 0, 0]))),
      /the gzip data holds binary data/,
    );
    await rejectsInput(
      write('fake.gz', Buffer.from([0x1f, 0x8b, 0x00, 0x01, 0x02, 0x03])),
      /the gzip data is truncated or corrupt/,
    );
  });

  it('refuses a file it may not read', async () => {
    const file = write('secret.jsonl', seedLines[0] ?? '');
    fs.chmodSync(file, 0o000);
    if (process.getuid?.() !== 0) {
      await rejectsInput(file, /cannot be read \(permission denied\)/);
      return;
    }
    // Root reads everything: read it as the unprivileged user "nobody" in a child process instead.
    const reader = `const { readPaperFile } = await import(${JSON.stringify(new URL('../src/sources/files/index.ts', import.meta.url).href)});
      try { for await (const _ of readPaperFile(${JSON.stringify(file)})) {} console.log('read'); }
      catch (error) { console.log(error.code + ': ' + error.message); }`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', reader], {
      uid: 65534,
      gid: 65534,
      encoding: 'utf8',
      // From the repository, so `--import tsx` resolves; HOME in /tmp, where nobody may write.
      cwd: new URL('..', import.meta.url).pathname,
      env: { PATH: process.env.PATH, HOME: os.tmpdir() },
    });
    assert.match(
      child.stdout,
      /^INPUT: .*secret\.jsonl.*(cannot be read \(permission denied\))/m,
      child.stderr,
    );
  });
});
