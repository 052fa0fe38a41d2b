import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import type { Paper, RecordProblem } from '../src/core/paper.ts';
import { paperSchema } from '../src/core/paper.ts';
import { personName, splitAuthorList } from '../src/sources/parse/authors.ts';
import { rfc2822ToIsoDate, timestampToIsoDate } from '../src/sources/parse/dates.ts';
import { isRecordProblem, jsonRecordToPaper, parseJsonLine } from '../src/sources/parse/json-line.ts';
import { passesFastCheck, passesSchema } from '../src/sources/parse/record.ts';
import { texToUnicode } from '../src/sources/parse/tex.ts';

const dataDirectory = new URL('../../shared/data/', import.meta.url);
const lines = (relative: string): string[] =>
  fs
    .readFileSync(new URL(relative, dataDirectory), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0);

function paperOf(result: Paper | RecordProblem): Paper {
  if (isRecordProblem(result)) assert.fail(`unexpected problem: ${result.origin}: ${result.message}`);
  return result;
}

function problemOf(result: Paper | RecordProblem): RecordProblem {
  if (!isRecordProblem(result)) assert.fail(`expected a problem, got paper ${result.id}`);
  return result;
}

describe('Kaggle snapshot records (real head of arxiv-metadata-oai-snapshot.json)', () => {
  const kaggle = lines('raw/kaggle-oai-snapshot/arxiv-metadata-oai-snapshot.head5.jsonl').map((line, index) =>
    paperOf(parseJsonLine(line, 'kaggle-jsonl', `head5.jsonl:${index + 1}`)),
  );

  it('maps 0704.0001: latest version, v1 and latest dates, authors from authors_parsed', () => {
    const paper = kaggle[0] as Paper;
    assert.equal(paper.id, '0704.0001');
    assert.equal(paper.version, 2);
    assert.equal(paper.published, '2007-04-02');
    assert.equal(paper.updated, '2007-07-24');
    // authors_parsed writes "C. -P." for "C.-P."; the initials are glued back.
    assert.deepEqual(paper.authors, ['C. Balázs', 'E. L. Berger', 'P. M. Nadolsky', 'C.-P. Yuan']);
    assert.equal(
      paper.title,
      'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies',
    );
    assert.deepEqual(paper.categories, ['hep-ph']);
    assert.equal(paper.primaryCategory, 'hep-ph');
    assert.equal(paper.comments, '37 pages, 15 figures; published version');
    assert.equal(paper.journalRef, 'Phys.Rev.D76:013009,2007');
    assert.equal(paper.doi, '10.1103/PhysRevD.76.013009');
    assert.ok(
      paper.abstract?.startsWith(
        'A fully differential calculation in perturbative quantum chromodynamics is presented',
      ),
    );
  });

  it('maps the other four records', () => {
    assert.deepEqual(
      kaggle.map((paper) => [
        paper.id,
        paper.version,
        paper.published,
        paper.updated,
        paper.categories.join(' '),
      ]),
      [
        ['0704.0001', 2, '2007-04-02', '2007-07-24', 'hep-ph'],
        ['0704.0002', 2, '2007-03-31', '2008-12-13', 'math.CO cs.CG'],
        ['0704.0003', 3, '2007-04-01', '2008-01-13', 'physics.gen-ph'],
        ['0704.0004', 1, '2007-03-31', '2007-03-31', 'math.CO'],
        ['0704.0005', 1, '2007-04-02', '2007-04-02', 'math.CA math.FA'],
      ],
    );
    assert.deepEqual(kaggle[1]?.authors, ['Ileana Streinu', 'Louis Theran']);
    assert.deepEqual(kaggle[4]?.authors, ['Wael Abu-Shammala', 'Alberto Torchinsky']);
    assert.equal(kaggle[4]?.comments, null);
    assert.equal(kaggle[4]?.journalRef, 'Illinois J. Math. 52 (2008) no.2, 681-689');
    assert.equal(kaggle[4]?.title, 'From dyadic $\\Lambda_{\\alpha}$ to $\\Lambda_{\\alpha}$');
  });

  it('produces Papers that satisfy the core schema', () => {
    for (const paper of kaggle) assert.ok(paperSchema.safeParse(paper).success, paper.id);
  });

  it('falls back to the authors string (TeX accents converted) without authors_parsed', () => {
    const record = JSON.parse(
      lines('raw/kaggle-oai-snapshot/arxiv-metadata-oai-snapshot.head5.jsonl')[0] as string,
    );
    delete record.authors_parsed;
    const paper = paperOf(jsonRecordToPaper(record, 'kaggle-jsonl', 'x'));
    assert.deepEqual(paper.authors, ['C. Balázs', 'E. L. Berger', 'P. M. Nadolsky', 'C.-P. Yuan']);
  });

  it('reports bad records with their origin and the field at fault', () => {
    const base = JSON.parse(
      lines('raw/kaggle-oai-snapshot/arxiv-metadata-oai-snapshot.head5.jsonl')[1] as string,
    );
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...base, id: 704.0002 }, /^id: expected a string/],
      [{ ...base, id: 'not-an-id' }, /id "not-an-id" is not an arXiv id/],
      [{ ...base, title: '   ' }, /0704\.0002: title is missing or empty/],
      [
        { ...base, versions: [{ version: 'v1', created: 'yesterday' }] },
        /versions: "yesterday" is not a date/,
      ],
      [{ ...base, authors_parsed: [['Streinu', 3]] }, /authors_parsed/],
    ];
    for (const [record, pattern] of cases) {
      const problem = problemOf(jsonRecordToPaper(record, 'kaggle-jsonl', 'dump.jsonl:9'));
      assert.equal(problem.origin, 'dump.jsonl:9');
      assert.match(problem.message, pattern);
    }
  });
});

describe('our record schema (seed-papers.jsonl, arxiv-days)', () => {
  it('maps the 34 seed papers with their versions, nulls and category order', () => {
    const papers = lines('seed-papers.jsonl').map((line, index) =>
      paperOf(parseJsonLine(line, 'jsonl', `seed-papers.jsonl:${index + 1}`)),
    );
    assert.equal(papers.length, 34);
    const canvas = papers[0] as Paper;
    assert.equal(canvas.id, '2511.21691');
    assert.equal(canvas.version, 1);
    assert.equal(canvas.authors[0], 'Yusuf Dalva');
    assert.equal(canvas.authors.at(-1), 'Kuan-Chieh Jackson Wang');
    assert.equal(canvas.comments, '24 pages; webpage: https://snap-research.github.io/canvas-to-image/');
    assert.equal(canvas.published, null);
    const sarvlm = papers.find((paper) => paper.id === '2510.22665');
    assert.equal(sarvlm?.version, 2);
    assert.equal(sarvlm?.published, '2025-10-26');
    assert.equal(sarvlm?.updated, '2025-11-26');
    assert.deepEqual(sarvlm?.categories, ['cs.CV', 'cs.AI']);
    const mango = papers.find((paper) => paper.id === '2508.10133');
    assert.equal(mango?.comments, "Accepted to NeurIPS'25");
    // Three seeds have no abstract and no categories (third-party mirrors only).
    const bare = papers.filter((paper) => paper.abstract === null).map((paper) => paper.id);
    assert.deepEqual(bare, ['2502.14914', '2501.12422', '2506.09738']);
    assert.ok(
      papers
        .filter((paper) => paper.categories.length === 0)
        .every((paper) => paper.primaryCategory === null),
    );
    assert.equal(papers.at(-1)?.authors.at(-1), 'Charlotte Bunne');
    for (const paper of papers) assert.ok(paperSchema.safeParse(paper).success, paper.id);
  });

  it('takes listing_date as the announcement date', () => {
    const line = lines('arxiv-days/2025-11-28.jsonl')[0] as string;
    const paper = paperOf(parseJsonLine(line, 'jsonl', 'x'));
    assert.equal(paper.announced, '2025-11-28');
    assert.equal(paper.id, JSON.parse(line).id);
  });

  it('reports a missing title, a bad id and a bad date by field, with the id when known', () => {
    const valid = JSON.parse(lines('seed-papers.jsonl')[2] as string);
    const missingTitle = { ...valid };
    delete missingTitle.title;
    assert.match(problemOf(jsonRecordToPaper(missingTitle, 'jsonl', 'f:3')).message, /^2511\.21574: title: /);
    assert.match(
      problemOf(jsonRecordToPaper({ ...valid, id: '2511.9' }, 'jsonl', 'f:3')).message,
      /^2511\.9: id: expected an arXiv id/,
    );
    assert.match(
      problemOf(jsonRecordToPaper({ ...valid, published: '2025-02-30' }, 'jsonl', 'f:3')).message,
      /published: expected a YYYY-MM-DD date/,
    );
    assert.match(
      problemOf(jsonRecordToPaper({ ...valid, id: '2511.21574v2', version: 1 }, 'jsonl', 'f')).message,
      /id says v2/,
    );
  });

  it('accepts Paper spellings (camelCase) so a JSON dump of Papers reads back', () => {
    const original = paperOf(parseJsonLine(lines('seed-papers.jsonl')[10] as string, 'jsonl', 'x'));
    const again = paperOf(jsonRecordToPaper(JSON.parse(JSON.stringify(original)), 'jsonl', 'y'));
    assert.deepEqual(again, original);
  });

  it('reports malformed JSON with the parser message', () => {
    const problem = problemOf(parseJsonLine('{"id": "2511.21691", "title": ', 'jsonl', 'broken.jsonl:17'));
    assert.equal(problem.origin, 'broken.jsonl:17');
    assert.match(problem.message, /^malformed JSON \(.+\)$/);
  });

  it('accepts exactly what the zod schema accepts (fast check vs zod on mutated records)', () => {
    // Mutations hit every field the hand-written fast path checks; zod must agree on each.
    const base = JSON.parse(lines('arxiv-days/2025-11-20.jsonl')[5] as string);
    const values: unknown[] = [
      undefined,
      null,
      '',
      '  ',
      'x',
      0,
      1,
      1.5,
      -1,
      true,
      [],
      ['a'],
      [1],
      {},
      '2025-11-20',
      '2025-13-01',
      'new',
    ];
    const fields = [
      'id',
      'version',
      'title',
      'authors',
      'abstract',
      'primary_category',
      'categories',
      'published',
      'updated',
      'comments',
      'journal_ref',
      'doi',
      'listing_date',
      'announce_type',
      'journalRef',
      'announced',
    ];
    let accepted = 0;
    let rejected = 0;
    for (const field of fields) {
      for (const value of values) {
        const record = { ...base, [field]: value };
        const fast = passesFastCheck(record);
        assert.equal(fast, passesSchema(record), `${field} = ${JSON.stringify(value)}`);
        assert.equal(isRecordProblem(jsonRecordToPaper(record, 'jsonl', 'x')), !fast);
        if (fast) accepted += 1;
        else rejected += 1;
      }
    }
    assert.ok(
      accepted > 50 && rejected > 50,
      `both outcomes exercised (${accepted} accepted, ${rejected} rejected)`,
    );
  });
});

describe('text helpers for arXiv metadata', () => {
  it('converts common TeX accents and special letters', () => {
    assert.equal(texToUnicode("C. Bal\\'azs"), 'C. Balázs');
    assert.equal(texToUnicode('J. Kr{\\"o}ger'), 'J. Kröger');
    assert.equal(texToUnicode('P. Erd\\H{o}s'), 'P. Erdős');
    assert.equal(texToUnicode('{\\AA}ngstr{\\"o}m'), 'Ångström');
    assert.equal(texToUnicode('Bj\\o rn'), 'Bjørn');
    assert.equal(texToUnicode("Jos\\'{e} Ra\\'ul"), 'José Raúl');
    assert.equal(texToUnicode('\\v{S}koda \\v Cech'), 'Škoda Čech');
    assert.equal(texToUnicode("Mar\\'{\\i}a"), 'María');
    assert.equal(texToUnicode('Fran\\c{c}ois'), 'François');
    assert.equal(texToUnicode('\\L ukasz Stra\\ss e'), 'Łukasz Straße');
    assert.equal(texToUnicode('Plain Name'), 'Plain Name');
  });

  it('splits author strings on commas and "and", dropping affiliations', () => {
    assert.deepEqual(splitAuthorList('Ileana Streinu and Louis Theran'), ['Ileana Streinu', 'Louis Theran']);
    assert.deepEqual(splitAuthorList('A. One (MIT, Cambridge), B. Two (Caltech and JPL), and C. Three'), [
      'A. One',
      'B. Two',
      'C. Three',
    ]);
    assert.deepEqual(splitAuthorList('John Smith, Jr., Ann\n  Lee'), ['John Smith Jr.', 'Ann Lee']);
    assert.deepEqual(splitAuthorList('ATLAS Collaboration'), ['ATLAS Collaboration']);
    assert.deepEqual(splitAuthorList('Alexander Andersson, Sandra Anderson'), [
      'Alexander Andersson',
      'Sandra Anderson',
    ]);
    assert.equal(personName('Sander', 'Uijlen', null), 'Sander Uijlen');
    assert.equal(personName(null, 'CMS Collaboration', ''), 'CMS Collaboration');
  });

  it('reads arXiv date formats as UTC dates', () => {
    assert.equal(rfc2822ToIsoDate('Mon, 2 Apr 2007 19:18:42 GMT'), '2007-04-02');
    assert.equal(rfc2822ToIsoDate('Tue, 02 Apr 2024 00:00:01 GMT'), '2024-04-02');
    assert.equal(rfc2822ToIsoDate('Mon, 1 Jan 2007 23:30:00 -0500'), '2007-01-02');
    assert.equal(rfc2822ToIsoDate('Mon, 31 Feb 2007 10:00:00 GMT'), null);
    assert.equal(rfc2822ToIsoDate('yesterday'), null);
    assert.equal(timestampToIsoDate('2011-11-08T18:48:36Z'), '2011-11-08');
    assert.equal(timestampToIsoDate('2016-10-09T00:00:00-04:00'), '2016-10-09');
    assert.equal(timestampToIsoDate('2016-10-09T23:00:00-04:00'), '2016-10-10');
    assert.equal(timestampToIsoDate('2014-12-29'), '2014-12-29');
    assert.equal(timestampToIsoDate('29/12/2014'), null);
  });
});
