import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { DigestError } from '../src/core/errors.ts';
import { parseAtomFeed } from '../src/sources/parse/atom.ts';

const rawDirectory = new URL('../../shared/data/raw/arxiv-api/', import.meta.url);
const read = (relative: string): string => fs.readFileSync(new URL(relative, rawDirectory), 'utf8');
const old = (name: string) => read(`lukasschwab-arxiv.py-2016/${name}`);
const current = (name: string) => read(`lukasschwab-arxiv.py-2026/${name}`);

function rejectsWith(run: () => unknown, code: string, pattern: RegExp): DigestError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof DigestError, `expected a DigestError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return error;
  }
  assert.fail('expected an error');
}

describe('parseAtomFeed: 2016 API format (per-element xmlns, hard-wrapped text)', () => {
  it('maps the single-id page field by field', () => {
    const page = parseAtomFeed(old('id_list_1111.2011v2.xml'), 'id_list_1111.2011v2.xml');
    assert.deepEqual([page.totalResults, page.startIndex, page.itemsPerPage], [1, 0, 10]);
    assert.equal(page.problems.length, 0);
    assert.equal(page.papers.length, 1);
    const { paper, origin } = page.papers[0] ?? assert.fail('no paper');
    assert.equal(origin, 'id_list_1111.2011v2.xml entry 1');
    assert.equal(paper.id, '1111.2011');
    assert.equal(paper.version, 2);
    // The title is hard-wrapped in the XML ("…in the Large\n  Connectivity Limit").
    assert.equal(
      paper.title,
      'Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit',
    );
    assert.deepEqual(paper.authors, ['James M. Murray', 'Adrian Del Maestro', 'Zlatko Tesanovic']);
    assert.equal(paper.published, '2011-11-08');
    assert.equal(paper.updated, '2012-04-02');
    assert.equal(paper.primaryCategory, 'cond-mat.str-el');
    assert.deepEqual(paper.categories, ['cond-mat.str-el', 'cond-mat.stat-mech']);
    assert.equal(paper.comments, '8 pages, 3 figures. Published version');
    assert.equal(paper.journalRef, 'Phys. Rev. B 85, 115117 (2012)');
    assert.equal(paper.doi, '10.1103/PhysRevB.85.115117');
    assert.ok(
      paper.abstract?.startsWith(
        'Theoretical description of anisotropic systems, such as layered superconductors',
      ),
    );
    assert.ok(paper.abstract?.endsWith('describing a single node.'));
    assert.ok(!paper.abstract?.includes('\n'), 'hard wraps are joined');
  });

  it('reads every entry of the 10-entry search page, old-style ids included', () => {
    const page = parseAtomFeed(old('search_query_au-del_maestro.xml'), 'au:del_maestro');
    assert.deepEqual([page.totalResults, page.startIndex, page.itemsPerPage], [31, 0, 10]);
    assert.deepEqual(
      page.papers.map(({ paper }) => `${paper.id}v${paper.version}`),
      [
        '1201.4869v1',
        'cond-mat/0412498v1',
        'cond-mat/0603029v1',
        '1005.5383v1',
        '1303.6954v2',
        '1312.6177v1',
        '1412.6529v2',
        'cond-mat/0607501v2',
        'cond-mat/0702661v2',
        '0807.2873v1',
      ],
    );
    const replaced = page.papers[4]?.paper;
    assert.equal(replaced?.published, '2013-03-27');
    assert.equal(replaced?.updated, '2013-09-03');
    assert.deepEqual(replaced?.authors, ['B. Kulchytskyy', 'G. Gervais', 'A. Del Maestro']);
    assert.equal(page.papers[9]?.paper.journalRef, 'Annals of Physics 324, 523 (2009).');
    assert.equal(page.papers[9]?.origin, 'au:del_maestro entry 10');
  });

  it('reads the other three 2016 pages', () => {
    assert.equal(
      parseAtomFeed(old('search_query_au-del_maestro_AND_ti-checkerboard.xml'), 'x').papers.length,
      1,
    );
    const pair = parseAtomFeed(old('search_query_au-del_maestro_AND_ti-quantum_criticality.xml'), 'x');
    assert.equal(pair.papers.length, 2);
    assert.equal(pair.totalResults, 2);
    const notPyrochlore = parseAtomFeed(
      old('search_query_au-del_maestro_ANDNOT_ti-checkerboard_OR_ti-Pyrochlore.xml'),
      'x',
    );
    assert.equal(notPyrochlore.totalResults, 24);
    assert.equal(notPyrochlore.papers.length, 10);
    assert.ok(notPyrochlore.papers.every(({ paper }) => !/checkerboard|pyrochlore/i.test(paper.title)));
  });
});

describe('parseAtomFeed: 2026 API format', () => {
  it('maps an old-style id, affiliations aside, with comment and journal_ref', () => {
    const page = parseAtomFeed(current('id_astro-ph_0601001_s0_m100_3150dca9dc76.body.atom.xml'), 'astro');
    const paper = page.papers[0]?.paper ?? assert.fail('no paper');
    assert.equal(paper.id, 'astro-ph/0601001');
    assert.equal(paper.version, 1);
    assert.equal(paper.title.slice(0, 50), 'Frequency of Hot Jupiters and Very Hot Jupiters fr');
    assert.deepEqual(paper.authors, ['Andrew Gould', 'Susan Dorsher', 'B. Scott Gaudi', 'Andrzej Udalski']);
    assert.deepEqual(paper.categories, ['astro-ph']);
    assert.equal(paper.published, '2006-01-02');
    assert.equal(paper.journalRef, 'ActaAstron.56:1-50,2006');
    assert.match(
      paper.comments ?? '',
      /^62 pages including 16 figures and 9 tables\. Submitted to Acta Astronomica\./,
    );
    // Entities in the summary are decoded: "Gould &amp; Morgan", "V_max&lt;17.5".
    assert.match(paper.abstract ?? '', /Gould & Morgan \(2003\)/);
    assert.match(paper.abstract ?? '', /V_max<17\.5/);
  });

  it('maps quant-ph/0201082v1: primary first, then the cross-list', () => {
    const paper = parseAtomFeed(current('id_quant-ph_0201082v1_s0_m100_86989fe779ef.body.atom.xml'), 'q')
      .papers[0]?.paper;
    assert.equal(paper?.id, 'quant-ph/0201082');
    assert.equal(paper?.version, 1);
    assert.equal(paper?.primaryCategory, 'quant-ph');
    assert.deepEqual(paper?.categories, ['quant-ph', 'cs.PL']);
    assert.equal(paper?.comments, '32 pages');
    assert.equal(paper?.journalRef, null);
    assert.equal(paper?.doi, null);
  });

  it('keeps a title that is only a number as text ("0", not 0)', () => {
    const paper = parseAtomFeed(current('id_2104.12255v1_s0_m100_6ae69987ffe1.body.atom.xml'), 'x').papers[0]
      ?.paper;
    assert.equal(paper?.title, '0');
    assert.equal(paper?.comments, null);
    assert.deepEqual(paper?.authors, ['Quan Thoi Minh Nguyen']);
  });

  it('returns only the id that exists when one of two does not', () => {
    const page = parseAtomFeed(current('id_0808.05394_1707.08567_s0_m100_42e5aa0ec3af.body.atom.xml'), 'x');
    assert.equal(page.papers.length, 1);
    const paper = page.papers[0]?.paper;
    assert.equal(paper?.id, '1707.08567');
    assert.equal(paper?.authors.length, 34);
    assert.equal(paper?.authors[0], 'Kees A. Schouhamer Immink');
    assert.equal(paper?.authors[33], 'Hirosuke Yamamoto');
  });

  it('reads a 1605.08386 record and both pages of a paged search', () => {
    const single = parseAtomFeed(current('id_1605.08386_s0_m100_199195aa31ad.body.atom.xml'), 'x').papers[0]
      ?.paper;
    assert.deepEqual(single?.categories, ['math.CO', 'math.ST']);
    assert.deepEqual(single?.authors, ['Caprice Stanley', 'Tobias Windisch']);
    const first = parseAtomFeed(current('q_testing_s0_m10_bc5a6c384fe9.body.atom.xml'), 'p1');
    const second = parseAtomFeed(current('q_testing_s10_m10_34e56e15aaac.body.atom.xml'), 'p2');
    assert.deepEqual([first.totalResults, first.startIndex, first.itemsPerPage], [214881, 0, 10]);
    assert.deepEqual([second.totalResults, second.startIndex, second.itemsPerPage], [214881, 10, 10]);
    assert.equal(first.papers.length + second.papers.length, 20);
    const active = first.papers[2]?.paper;
    assert.equal(active?.id, '2005.14124');
    assert.equal(active?.version, 2);
    assert.equal(active?.published, '2020-05-28');
    assert.equal(active?.updated, '2020-07-16');
    assert.deepEqual(active?.categories, ['cs.SE', 'cs.CR', 'cs.LG']);
    assert.equal(active?.doi, '10.1145/3395363.3397376');
    assert.equal(second.papers[0]?.paper.id, '2403.16981');
  });

  it('gives an empty page for the unknown id 0000.0000', () => {
    const page = parseAtomFeed(current('id_0000.0000_s0_m100_8b51d9633a68.body.atom.xml'), 'x');
    assert.deepEqual(page, { totalResults: 0, startIndex: 0, itemsPerPage: 100, papers: [], problems: [] });
  });

  it("throws arXiv's own words for the HTTP 400 error feed of id 'abc'", () => {
    const error = rejectsWith(
      () => parseAtomFeed(current('id_abc_s0_m100_b79c8dcf6bc3.body.atom.xml'), 'GET id_list=abc'),
      'USAGE',
      /^GET id_list=abc: arXiv API rejected the query: incorrect id format for abc$/,
    );
    assert.equal(error.details?.arxivError, 'incorrect id format for abc');
  });
});

describe('parseAtomFeed: broken input', () => {
  it('throws PROTOCOL naming the origin for a truncated feed', () => {
    const xml = old('search_query_au-del_maestro.xml');
    rejectsWith(
      () => parseAtomFeed(xml.slice(0, xml.length / 2), 'page 3'),
      'PROTOCOL',
      /^page 3: malformed or truncated XML/,
    );
  });

  it('throws PROTOCOL for an HTML error page and for plain text', () => {
    const html = fs.readFileSync(
      new URL(
        '../oai-pmh/paperhive-oai-pmh/2018_oaipmh-listrecords---should-list-identifiers-from-arxiv.response0.status503.html',
        rawDirectory,
      ),
      'utf8',
    );
    rejectsWith(
      () => parseAtomFeed(html, 'api'),
      'PROTOCOL',
      /expected an Atom <feed>, got <html> \("Retry after 10 seconds"\)/,
    );
    rejectsWith(
      () => parseAtomFeed('Rate exceeded.', 'api'),
      'PROTOCOL',
      /^api: the answer is not XML \(Rate exceeded\.\)/,
    );
  });

  it('skips a bad entry as a problem and keeps the good ones', () => {
    const xml = old('search_query_au-del_maestro_AND_ti-quantum_criticality.xml').replace(
      /<id>http:\/\/arxiv.org\/abs\/1111.2011v2<\/id>/,
      '<id>http://example.org/not-arxiv</id>',
    );
    const page = parseAtomFeed(xml, 'x');
    assert.equal(page.papers.length, 1);
    assert.equal(page.problems.length, 1);
    assert.match(page.problems[0]?.origin ?? '', /^x entry \d$/);
    assert.match(page.problems[0]?.message ?? '', /not an arXiv id/);
  });

  it('decodes numeric character references and dedupes repeated categories', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
      <entry><id>http://arxiv.org/abs/2511.21691v3</id><title>Caf&#233; &#x2014; test</title>
      <published>2025-11-26T18:59:59Z</published><updated>2025-11-28T01:00:00+02:00</updated>
      <author><name>J&#246;rg</name></author>
      <arxiv:primary_category term="cs.CV"/><category term="cs.AI"/><category term="cs.CV"/></entry></feed>`;
    const paper = parseAtomFeed(xml, 'x').papers[0]?.paper;
    assert.equal(paper?.title, 'Café — test');
    assert.deepEqual(paper?.authors, ['Jörg']);
    assert.deepEqual(paper?.categories, ['cs.CV', 'cs.AI']);
    // 01:00 at +02:00 is the previous day in UTC.
    assert.equal(paper?.updated, '2025-11-27');
    assert.equal(paper?.version, 3);
  });
});
