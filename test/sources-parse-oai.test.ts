import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { DigestError } from '../src/core/errors.ts';
import { parseOaiResponse } from '../src/sources/parse/oai.ts';

const oaiDirectory = new URL('../../shared/data/raw/oai-pmh/paperhive-oai-pmh/', import.meta.url);
const read = (name: string): string => fs.readFileSync(new URL(name, oaiDirectory), 'utf8');
const listRecords = () =>
  read('2018_oaipmh-listrecords---should-list-identifiers-from-arxiv.response1.status200.xml');

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

/*
 * No real arXivRaw response with a traceable source exists in the test data, so this fixture is
 * built by hand from arXiv's documented arXivRaw layout (schema http://arxiv.org/OAI/arXivRaw.xsd;
 * element order as arXiv's OAI service writes it: id, submitter, version* (date, size,
 * source_type), title, authors, categories, comments, report-no, journal-ref, doi, license,
 * abstract). The values are copied from the real Kaggle snapshot records 0704.0001 and 0704.0002
 * (shared/data/raw/kaggle-oai-snapshot), which arXiv derives from the same metadata; the third
 * record is a deleted one as OAI-PMH 2.0 writes it (header status="deleted", no metadata).
 */
const arxivRawPage = `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
<responseDate>2025-11-30T10:00:00Z</responseDate>
<request verb="ListRecords" metadataPrefix="arXivRaw" from="2008-11-26" until="2008-12-13">http://export.arxiv.org/oai2</request>
<ListRecords>
<record>
<header>
 <identifier>oai:arXiv.org:0704.0001</identifier>
 <datestamp>2008-11-26</datestamp>
 <setSpec>physics:hep-ph</setSpec>
</header>
<metadata>
 <arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://arxiv.org/OAI/arXivRaw/ http://arxiv.org/OAI/arXivRaw.xsd">
 <id>0704.0001</id><submitter>Pavel Nadolsky</submitter><version version="v1"><date>Mon, 2 Apr 2007 19:18:42 GMT</date><size>888kb</size><source_type>D</source_type></version><version version="v2"><date>Tue, 24 Jul 2007 20:10:27 GMT</date><size>890kb</size><source_type>D</source_type></version><title>Calculation of prompt diphoton production cross sections at Tevatron and
  LHC energies</title><authors>C. Bal\\'azs, E. L. Berger, P. M. Nadolsky, C.-P. Yuan</authors><categories>hep-ph</categories><comments>37 pages, 15 figures; published version</comments><report-no>ANL-HEP-PR-07-12</report-no><journal-ref>Phys.Rev.D76:013009,2007</journal-ref><doi>10.1103/PhysRevD.76.013009</doi><abstract>  A fully differential calculation in perturbative quantum chromodynamics is
presented for the production of massive photon pairs at hadron colliders. All
next-to-leading order perturbative contributions from quark-antiquark,
gluon-(anti)quark, and gluon-gluon subprocesses are included, as well as
all-orders resummation of initial-state gluon radiation valid at
next-to-next-to-leading logarithmic accuracy.
</abstract></arXivRaw>
</metadata>
</record>
<record>
<header>
 <identifier>oai:arXiv.org:0704.0002</identifier>
 <datestamp>2008-12-13</datestamp>
 <setSpec>cs</setSpec>
 <setSpec>math</setSpec>
</header>
<metadata>
 <arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/">
 <id>0704.0002</id><submitter>Louis Theran</submitter><version version="v1"><date>Sat, 31 Mar 2007 02:26:18 GMT</date><size>24kb</size></version><version version="v2"><date>Sat, 13 Dec 2008 17:26:00 GMT</date><size>25kb</size></version><title>Sparsity-certifying Graph Decompositions</title><authors>Ileana Streinu and Louis Theran</authors><categories>math.CO cs.CG</categories><comments>To appear in Graphs and Combinatorics</comments><license>http://arxiv.org/licenses/nonexclusive-distrib/1.0/</license><abstract>  We describe a new algorithm, the $(k,\\ell)$-pebble game with colors.
</abstract></arXivRaw>
</metadata>
</record>
<record>
<header status="deleted">
 <identifier>oai:arXiv.org:0704.0003</identifier>
 <datestamp>2008-12-14</datestamp>
</header>
</record>
<resumptionToken cursor="0" completeListSize="3">6960524|1001</resumptionToken>
</ListRecords>
</OAI-PMH>
`;

describe('parseOaiResponse: metadataPrefix=arXiv (real 2018 recordings)', () => {
  it('maps both ListRecords records', () => {
    const page = parseOaiResponse(listRecords(), 'oai ListRecords');
    assert.equal(page.problems.length, 0);
    assert.deepEqual(page.deletedIds, []);
    assert.equal(page.resumptionToken, null);
    assert.equal(page.papers.length, 2);
    const [first, second] = page.papers.map((sourced) => sourced.paper);
    assert.equal(page.papers[0]?.origin, 'oai ListRecords record 1');
    assert.equal(first?.id, '1412.8544');
    assert.equal(first?.version, null, 'the arXiv format has no version numbers');
    assert.equal(first?.title, 'A Kochen-Specker system has at least 22 vectors (extended abstract)');
    assert.deepEqual(first?.authors, ['Sander Uijlen', 'Bas Westerbaan']);
    assert.equal(first?.published, '2014-12-29');
    assert.equal(first?.updated, '2014-12-29');
    assert.deepEqual(first?.categories, ['cs.DM']);
    assert.equal(first?.primaryCategory, 'cs.DM');
    assert.equal(first?.comments, 'In Proceedings QPL 2014, arXiv:1412.8102');
    assert.equal(first?.journalRef, 'EPTCS 172, 2014, pp. 154-164');
    assert.equal(first?.doi, '10.4204/EPTCS.172.11');
    // Paragraph break ("\n  Continuing") survives; hard wraps do not.
    assert.match(first?.abstract ?? '', /bound to 22\.$/);
    assert.match(first?.abstract ?? '', /deciding embeddability\.\nContinuing their effort/);
    assert.equal(second?.id, 'hep-th/9504118');
    assert.deepEqual(second?.authors, ['M. Requardt']);
    assert.equal(second?.published, '1995-04-24');
    assert.equal(second?.comments, '21 pages, Latex');
    assert.match(second?.abstract ?? '', /the "strength" of the bonds/);
  });

  it('maps GetRecord the same way', () => {
    const page = parseOaiResponse(
      read('2018_oaipmh-getrecord---should-get-a-record.response0.status200.xml'),
      'get',
    );
    assert.deepEqual(
      page.papers.map(({ paper }) => paper),
      parseOaiResponse(listRecords(), 'list')
        .papers.slice(0, 1)
        .map(({ paper }) => paper),
    );
  });

  it('returns ListIdentifiers headers as identifiers, with the token and its attributes', () => {
    const first = parseOaiResponse(
      read('2016_oaipmh-listidentifiers---should-list-identifiers-from-arxiv.response0.status200.xml'),
      'ids 1',
    );
    assert.deepEqual(first.identifiers, ['1412.8532', '1412.8544', '1412.8576']);
    assert.equal(first.papers.length, 0);
    assert.equal(first.resumptionToken, '1083072|10001');
    assert.equal(first.completeListSize, 5);
    assert.equal(first.cursor, 0);
    const last = parseOaiResponse(
      read('2016_oaipmh-listidentifiers---should-list-identifiers-from-arxiv.response2.status200.xml'),
      'ids 2',
    );
    assert.deepEqual(last.identifiers, ['1501.05750', '1501.05751']);
    assert.equal(last.resumptionToken, null, 'an empty token marks the last page');
    assert.equal(last.completeListSize, 5);
    assert.equal(last.cursor, 3);
    const many = parseOaiResponse(
      read('2018_oaipmh-listidentifiers---should-list-identifiers-from-arxiv.response0.status200.xml'),
      'ids',
    );
    assert.equal(many.identifiers.length, 86);
    assert.equal(many.identifiers[0], '0705.4175');
    assert.equal(many.identifiers.at(-1), 'quant-ph/0506115');
  });

  it('gives empty pages for Identify, ListSets and ListMetadataFormats', () => {
    for (const name of [
      '2018_oaipmh-identify---should-identify-arxiv.response0.status200.xml',
      '2018_oaipmh-listsets---should-list-arxiv-sets.response0.status200.xml',
      '2018_oaipmh-listmetadataformats---should-list-metadata-formats-for-arxiv-id-1208-0264.response0.status200.xml',
    ]) {
      const page = parseOaiResponse(read(name), name);
      assert.equal(page.papers.length + page.identifiers.length + page.problems.length, 0, name);
    }
  });

  it('throws PROTOCOL for the recorded 503 "Retry after" HTML pages', () => {
    for (const name of [
      '2016_oaipmh-listidentifiers---should-list-identifiers-from-arxiv.response1.status503.html',
      '2018_oaipmh-listrecords---should-list-identifiers-from-arxiv.response0.status503.html',
    ]) {
      rejectsWith(
        () => parseOaiResponse(read(name), 'oai page 2'),
        'PROTOCOL',
        /^oai page 2: expected an <OAI-PMH>.*Retry after \d+ seconds/,
      );
    }
  });

  it('throws PROTOCOL for truncated XML', () => {
    const xml = listRecords();
    rejectsWith(
      () => parseOaiResponse(xml.slice(0, 3000), 'oai'),
      'PROTOCOL',
      /^oai: malformed or truncated XML/,
    );
  });
});

describe('parseOaiResponse: metadataPrefix=arXivRaw (fixture built from the documented schema)', () => {
  const page = parseOaiResponse(arxivRawPage, 'raw');

  it('takes the latest version, v1 date as published and the latest date as updated', () => {
    assert.equal(page.problems.length, 0);
    const paper = page.papers[0]?.paper;
    assert.equal(paper?.id, '0704.0001');
    assert.equal(paper?.version, 2);
    assert.equal(paper?.published, '2007-04-02');
    assert.equal(paper?.updated, '2007-07-24');
    assert.equal(
      paper?.title,
      'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies',
    );
    assert.equal(paper?.journalRef, 'Phys.Rev.D76:013009,2007');
    assert.equal(paper?.doi, '10.1103/PhysRevD.76.013009');
    assert.equal(paper?.comments, '37 pages, 15 figures; published version');
  });

  it('splits the one-string author list and converts TeX accents', () => {
    assert.deepEqual(page.papers[0]?.paper.authors, [
      'C. Balázs',
      'E. L. Berger',
      'P. M. Nadolsky',
      'C.-P. Yuan',
    ]);
    assert.deepEqual(page.papers[1]?.paper.authors, ['Ileana Streinu', 'Louis Theran']);
  });

  it('reads categories in order (first is primary), deleted records and the token', () => {
    const second = page.papers[1]?.paper;
    assert.deepEqual(second?.categories, ['math.CO', 'cs.CG']);
    assert.equal(second?.primaryCategory, 'math.CO');
    assert.equal(second?.published, '2007-03-31');
    assert.equal(second?.updated, '2008-12-13');
    assert.deepEqual(page.deletedIds, ['0704.0003']);
    assert.equal(page.resumptionToken, '6960524|1001');
    assert.deepEqual([page.completeListSize, page.cursor], [3, 0]);
  });
});

describe('parseOaiResponse: OAI errors', () => {
  const errorPage = (code: string, text: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2025-11-30T10:00:00Z</responseDate><request verb="ListRecords">http://export.arxiv.org/oai2</request><error code="${code}">${text}</error></OAI-PMH>`;

  it('treats noRecordsMatch as an empty page', () => {
    const page = parseOaiResponse(errorPage('noRecordsMatch', 'No records match'), 'oai');
    assert.equal(page.papers.length, 0);
    assert.equal(page.resumptionToken, null);
  });

  it('throws PROTOCOL with the OAI code for the others', () => {
    for (const code of ['badResumptionToken', 'badArgument', 'cannotDisseminateFormat']) {
      const error = rejectsWith(
        () => parseOaiResponse(errorPage(code, 'Explanation from arXiv'), 'GET oai2?verb=ListRecords'),
        'PROTOCOL',
        new RegExp(`^GET oai2\\?verb=ListRecords: OAI-PMH error ${code}: Explanation from arXiv$`),
      );
      assert.equal(error.details?.oaiCode, code);
      assert.ok(error.hint);
    }
  });

  it('reads the self-closing last-page token of the current service as no token', () => {
    const xml = listRecords().replace('</ListRecords>', '<resumptionToken/>\n</ListRecords>');
    const page = parseOaiResponse(xml, 'oai');
    assert.equal(page.papers.length, 2);
    assert.deepEqual([page.resumptionToken, page.completeListSize, page.cursor], [null, null, null]);
    const withExpiry = listRecords().replace(
      '</ListRecords>',
      "<resumptionToken expires='2025-11-30T12:00:00Z'>abc|1001</resumptionToken></ListRecords>",
    );
    assert.equal(parseOaiResponse(withExpiry, 'oai').resumptionToken, 'abc|1001');
  });

  it('reports a record in another metadata format as a problem', () => {
    const xml = listRecords()
      .replace(
        /<arXiv xmlns="http:\/\/arxiv.org\/OAI\/arXiv\/"/,
        '<dc xmlns="http://purl.org/dc/elements/1.1/"',
      )
      .replace('</arXiv>\n</metadata>', '</dc>\n</metadata>');
    const page = parseOaiResponse(xml, 'oai');
    assert.equal(page.papers.length, 1);
    assert.equal(page.problems.length, 1);
    assert.match(page.problems[0]?.message ?? '', /no arXiv or arXivRaw metadata \(found: dc\)/);
    assert.equal(page.problems[0]?.origin, 'oai record 1');
  });
});
