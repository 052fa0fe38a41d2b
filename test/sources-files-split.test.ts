import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { JsonArraySplitter } from '../src/sources/files/json-array.ts';
import { LineSplitter } from '../src/sources/files/lines.ts';
import { sniffFormat } from '../src/sources/files/sniff.ts';
import { XmlRecordCutter } from '../src/sources/files/xml-records.ts';

const dataDirectory = new URL('../../shared/data/', import.meta.url);
const read = (relative: string): string => fs.readFileSync(new URL(relative, dataDirectory), 'utf8');

/** Cuts text into pieces at the given positions, to put chunk boundaries everywhere. */
function pieces(text: string, ...cuts: number[]): string[] {
  const bounds = [
    0,
    ...cuts.filter((cut) => cut > 0 && cut < text.length).sort((a, b) => a - b),
    text.length,
  ];
  return bounds.slice(1).map((end, index) => text.slice(bounds[index], end));
}

describe('JsonArraySplitter', () => {
  const records = [
    { id: '2511.21691', title: 'A, with [brackets] and {braces}', authors: ['X "Quoted" Y'] },
    { id: '2511.21678', title: 'Escapes \\ and \\" and \u00e9 and \n newline', authors: [] },
    { id: '2511.21574', nested: { deep: [1, [2, { three: '}' }]] } },
  ];
  const text = `[\n  ${records.map((record) => JSON.stringify(record)).join(',\n  ')}\n]\n`;

  it('cuts the items whatever the chunk boundaries, with start lines', () => {
    for (let cut = 0; cut <= text.length; cut += 1) {
      const splitter = new JsonArraySplitter();
      const items = pieces(text, cut, cut + 7).flatMap((piece) => {
        const result = splitter.push(piece);
        assert.deepEqual(result.problems, []);
        return result.items;
      });
      assert.deepEqual(splitter.finish(), [], `cut at ${cut}`);
      assert.deepEqual(
        items.map((item) => JSON.parse(item.text)),
        records,
        `cut at ${cut}`,
      );
      assert.deepEqual(
        items.map((item) => [item.line, item.index]),
        [
          [2, 1],
          [3, 2],
          [4, 3],
        ],
      );
    }
  });

  it('hands scalars and broken items over as text, so the caller can report them', () => {
    const splitter = new JsonArraySplitter();
    const { items } = splitter.push('[{"a":1}, 42, {"b": tru}, "s,t"]');
    assert.deepEqual(
      items.map((item) => item.text),
      ['{"a":1}', '42', '{"b": tru}', '"s,t"'],
    );
    assert.deepEqual(splitter.finish(), []);
  });

  it('reports a truncated array and the item it ends inside', () => {
    const splitter = new JsonArraySplitter();
    const { items } = splitter.push('[\n{"a":1},\n{"b":"cut');
    assert.equal(items.length, 1);
    assert.deepEqual(splitter.finish(), [
      { line: 3, message: 'item 2 is cut off: the file ends inside it' },
      { line: 3, message: 'the JSON array is not closed with ]: the file looks truncated' },
    ]);
  });

  it('reports text after the closing bracket once', () => {
    const splitter = new JsonArraySplitter();
    const { items, problems } = splitter.push('[{"a":1}]\n\n[{"b":2}]');
    assert.equal(items.length, 1);
    assert.deepEqual(problems, [
      { line: 3, message: 'unexpected text after the closing ] of the JSON array' },
    ]);
  });

  it('handles an empty array', () => {
    const splitter = new JsonArraySplitter();
    assert.deepEqual(splitter.push(' [ ] ').items, []);
    assert.deepEqual(splitter.finish(), []);
  });
});

describe('XmlRecordCutter', () => {
  it('cuts the real OAI ListRecords page into its 2 records at any chunk boundary', () => {
    const xml = read(
      'raw/oai-pmh/paperhive-oai-pmh/2018_oaipmh-listrecords---should-list-identifiers-from-arxiv.response1.status200.xml',
    );
    const whole = new XmlRecordCutter('record', 'OAI-PMH').push(xml);
    assert.equal(whole.length, 2);
    assert.ok(
      whole[0]?.text.startsWith('<record>\n<header>\n <identifier>oai:arXiv.org:1412.8544</identifier>'),
    );
    assert.ok(whole[1]?.text.endsWith('</metadata>\n</record>'));
    assert.deepEqual(
      whole.map((record) => record.line),
      [6, 31],
    );
    for (let cut = 1; cut < xml.length; cut += 13) {
      const cutter = new XmlRecordCutter('record', 'OAI-PMH');
      const records = pieces(xml, cut, cut + 5).flatMap((piece) => cutter.push(piece));
      assert.deepEqual(records, whole, `cut at ${cut}`);
      assert.deepEqual(cutter.finish(), { cutOff: null, rootClosed: true });
    }
  });

  it('cuts Atom entries, ignoring <entryX> look-alikes and honouring prefixes', () => {
    const xml =
      '<a:feed xmlns:a="http://www.w3.org/2005/Atom"><entryX/><a:entry><a:id>1</a:id></a:entry>\n<entry xml:lang="en"><id>2</id></entry></a:feed>';
    const cutter = new XmlRecordCutter('entry', 'feed');
    const records = cutter.push(xml);
    assert.deepEqual(
      records.map((record) => record.text),
      ['<a:entry><a:id>1</a:id></a:entry>', '<entry xml:lang="en"><id>2</id></entry>'],
    );
    assert.deepEqual(
      records.map((record) => record.line),
      [1, 2],
    );
    assert.equal(cutter.finish().rootClosed, true);
  });

  it('reports a file that ends inside a record, or before the root closes', () => {
    const xml = read('raw/arxiv-api/lukasschwab-arxiv.py-2016/search_query_au-del_maestro.xml');
    const inside = new XmlRecordCutter('entry', 'feed');
    const cutAt = xml.indexOf('<entry>', xml.indexOf('<entry>') + 1) + 100;
    assert.equal(inside.push(xml.slice(0, cutAt)).length, 1);
    assert.deepEqual(inside.finish(), { cutOff: { line: 49, index: 2 }, rootClosed: false });
    const afterRecords = new XmlRecordCutter('entry', 'feed');
    assert.equal(afterRecords.push(xml.slice(0, xml.lastIndexOf('</feed>'))).length, 10);
    assert.deepEqual(afterRecords.finish(), { cutOff: null, rootClosed: false });
  });
});

describe('LineSplitter', () => {
  it('numbers lines across chunks, strips CR, skips blank lines, keeps a last line without newline', () => {
    const text = 'one\r\n\ntwo\n   \nthree';
    for (let cut = 0; cut <= text.length; cut += 1) {
      const splitter = new LineSplitter();
      const lines = [...pieces(text, cut).flatMap((piece) => splitter.push(piece)), ...splitter.finish()];
      assert.deepEqual(
        lines,
        [
          { text: 'one', number: 1 },
          { text: 'two', number: 3 },
          { text: 'three', number: 5 },
        ],
        `cut at ${cut}`,
      );
    }
  });
});

describe('sniffFormat', () => {
  it('recognizes each format from the start of the text', () => {
    const kaggleLine = read('raw/kaggle-oai-snapshot/arxiv-metadata-oai-snapshot.head5.jsonl').split('\n')[0];
    const seedLine = read('seed-papers.jsonl').split('\n')[0];
    const cases: [string, string][] = [
      [`${seedLine}\n`, 'jsonl'],
      [`\uFEFF${kaggleLine}\n`, 'kaggle-jsonl'],
      ['  \n[{"id": "2511.21691"}]', 'json-array'],
      [read('raw/arxiv-api/lukasschwab-arxiv.py-2016/id_list_1111.2011v2.xml'), 'atom'],
      [
        read(
          'raw/oai-pmh/paperhive-oai-pmh/2018_oaipmh-getrecord---should-get-a-record.response0.status200.xml',
        ),
        'oai-pmh',
      ],
      ['<?xml version="1.0"?>\n<!-- saved by hand -->\n<!DOCTYPE feed>\n<feed>', 'atom'],
    ];
    for (const [text, format] of cases)
      assert.deepEqual(sniffFormat(text, false), { kind: 'format', format });
  });

  it('asks for more text until it can decide, and refuses what it does not know', () => {
    assert.deepEqual(sniffFormat('{"id": "0704.0001", "authors_pars', false), { kind: 'need-more' });
    assert.deepEqual(sniffFormat('{"id": "0704.0001", "authors_parsed": [["A"', true), {
      kind: 'format',
      format: 'kaggle-jsonl',
    });
    assert.deepEqual(sniffFormat('   ', false), { kind: 'need-more' });
    assert.deepEqual(sniffFormat(' \n ', true), { kind: 'empty' });
    assert.deepEqual(sniffFormat('<?xml version="1.0"?>', false), { kind: 'need-more' });
    assert.deepEqual(sniffFormat('<rss version="2.0"><channel>', false), {
      kind: 'unknown',
      what: 'XML with root <rss>',
    });
    assert.deepEqual(sniffFormat('id,title\n2511.21691,x', true), {
      kind: 'unknown',
      what: 'text starting with "id,title 2511.21691,x"',
    });
  });
});
