import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { DigestError } from '../src/core/errors.ts';
import type { Paper } from '../src/core/paper.ts';
import type { PoliteClientSettings } from '../src/sources/http.ts';
import { createOaiPmhSource, type OaiFetchPage, type OaiParams } from '../src/sources/oai-pmh.ts';
import { runFetch } from '../src/sources/run-fetch.ts';
import { openStore } from '../src/store/index.ts';
import type { PaperStore } from '../src/store/types.ts';
import { loadDay, readRaw, recordedOai503Body, sortedIds } from './helpers/arxiv-data.ts';
import {
  type DeletedRecord,
  type FakeServer,
  type Fault,
  gapsBetween,
  type OaiServer,
  recordingFetch,
  startFakeServer,
  startOaiServer,
} from './helpers/arxiv-servers.ts';
import { datestampOf } from './helpers/arxiv-xml.ts';

// Real listings around one week; OAI selects by datestamp (last change) and set.
const corpus = [...loadDay('2025-11-21'), ...loadDay('2025-11-22'), ...loadDay('2025-11-28')];
const params: OaiParams = { set: 'cs', from: '2025-11-22', until: '2025-11-28' };
const deleted: DeletedRecord[] = [
  { id: '2511.09999', datestamp: '2025-11-24', setSpec: 'cs' },
  { id: '2510.00042', datestamp: '2025-11-25', setSpec: 'cs' },
  { id: '2510.00043', datestamp: '2025-11-25', setSpec: 'math' },
];

/** Computed here, independently of the server's filter. */
const expected = corpus.filter((paper) => {
  const stamp = datestampOf(paper);
  const inCs = paper.categories.some((category) => category.startsWith('cs.'));
  return inCs && stamp >= '2025-11-22' && stamp <= '2025-11-28';
});
const fast: PoliteClientSettings = {
  minIntervalMs: 20,
  backoffBaseMs: 20,
  backoffMaxMs: 50,
  timeoutMs: 2000,
};

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function serve(faults: Fault[] = [], papers: readonly Paper[] = corpus): Promise<OaiServer> {
  const server = await startOaiServer({ papers, deleted, pageSize: 7, faults });
  cleanups.push(() => server.close());
  return server;
}

function memoryStore(): PaperStore {
  const store = openStore({ path: ':memory:' });
  cleanups.push(() => store.close());
  return store;
}

async function collect(pages: AsyncIterable<OaiFetchPage>): Promise<OaiFetchPage[]> {
  const seen: OaiFetchPage[] = [];
  for await (const page of pages) seen.push(page);
  return seen;
}

const keys = (server: FakeServer, index: number) => [...(server.requests[index]?.params.keys() ?? [])];

describe('OAI-PMH source', () => {
  test('the fixture spans several OAI pages', () => {
    assert.ok(expected.length > 14 && expected.length < 60, `${expected.length} records`);
  });

  test('ListRecords follows resumption tokens; later requests carry only verb and resumptionToken', async () => {
    const server = await serve();
    const source = createOaiPmhSource({ baseUrl: server.url, http: fast });
    const pages = await collect(source.fetchPages({ params }));
    const papers = pages.flatMap((page) => page.papers);
    assert.deepEqual(sortedIds(papers), sortedIds(expected));
    assert.equal(new Set(papers.map((paper) => paper.id)).size, papers.length);
    const first = server.requests[0]?.params;
    assert.deepEqual(keys(server, 0), ['verb', 'metadataPrefix', 'from', 'until', 'set']);
    assert.equal(first?.get('verb'), 'ListRecords');
    assert.equal(first?.get('metadataPrefix'), 'arXiv');
    assert.equal(first?.get('from'), '2025-11-22');
    assert.equal(first?.get('until'), '2025-11-28');
    assert.equal(first?.get('set'), 'cs');
    assert.ok(server.requests.length >= 3);
    server.requests.slice(1).forEach((request, index) => {
      assert.deepEqual(keys(server, index + 1), ['verb', 'resumptionToken']);
      assert.equal(request.params.get('resumptionToken'), server.issuedTokens[index]);
    });
    assert.deepEqual(
      pages.map((page) => page.cursor?.resumptionToken ?? null),
      [...server.issuedTokens, null],
    );
    assert.equal(pages[0]?.completeListSize, expected.length + 2);
  });

  test('503 with Retry-After (the real arXiv "Retry after" page) is waited out', async () => {
    const body = recordedOai503Body();
    const server = await serve([
      { on: 1, kind: 'status', status: 503, retryAfter: '1', body },
      { on: 3, kind: 'status', status: 503, retryAfter: '0', body },
    ]);
    const recorder = recordingFetch();
    const source = createOaiPmhSource({
      baseUrl: server.url,
      http: { ...fast, minIntervalMs: 100, fetch: recorder.fetch },
    });
    const papers = (await collect(source.fetchPages({ params }))).flatMap((page) => page.papers);
    assert.deepEqual(sortedIds(papers), sortedIds(expected));
    const gaps = gapsBetween(recorder.starts);
    assert.ok((gaps[0] ?? 0) >= 1000, `first retry after ${gaps[0]} ms`);
    // Retry-After: 0 still leaves the politeness interval between starts.
    for (const gap of gaps) assert.ok(gap >= 100, `gap ${gap} ms >= 100 ms`);
    assert.equal(
      server.requests[3]?.params.get('resumptionToken'),
      server.requests[2]?.params.get('resumptionToken'),
    );
  });

  test('deleted records are reported, not stored', async () => {
    const server = await serve();
    const store = memoryStore();
    const source = createOaiPmhSource({ baseUrl: server.url, http: fast }).forParams(params);
    const result = await runFetch({ source, store, cursors: store.kv('fetch-cursors') });
    assert.deepEqual(result.deletedIds.sort(), ['2510.00042', '2511.09999']);
    assert.equal(result.deleted, 2);
    assert.equal(result.read, expected.length);
    assert.equal(result.new, expected.length);
    assert.equal(store.get('2511.09999'), undefined);
  });

  test('noRecordsMatch is nothing new, not an error', async () => {
    const server = await serve();
    const store = memoryStore();
    const lines: string[] = [];
    const source = createOaiPmhSource({ baseUrl: server.url, http: fast, log: (l) => lines.push(l) });
    const result = await runFetch({
      source: source.forParams({ set: 'cs', from: '2020-01-01', until: '2020-01-02' }),
      store,
      cursors: store.kv('fetch-cursors'),
    });
    assert.equal(result.pages, 1);
    assert.equal(result.read, 0);
    assert.deepEqual(result.notes, ['no records match (set cs, 2020-01-01 to 2020-01-02, arXiv)']);
    assert.deepEqual(lines, ['[oai-pmh] no records match (set cs, 2020-01-01 to 2020-01-02, arXiv)']);
  });

  test('badResumptionToken: names the token, advises starting over, drops the stored cursor', async () => {
    const server = await serve([{ on: 3, kind: 'bad-token' }]);
    const store = memoryStore();
    const cursors = store.kv('fetch-cursors');
    const source = createOaiPmhSource({ baseUrl: server.url, http: fast }).forParams(params);
    await assert.rejects(runFetch({ source, store, cursors }), (error: unknown) => {
      assert.ok(error instanceof DigestError);
      assert.equal(error.code, 'PROTOCOL');
      const token = server.issuedTokens[1];
      assert.equal(
        error.toOneLine(),
        `[oai-pmh] the server rejected resumption token "${token}" (badResumptionToken) for ListRecords (set cs, 2025-11-22 to 2025-11-28, arXiv); the token expired or is unknown; run the fetch again to start over without resuming (stored papers are kept)`,
      );
      return true;
    });
    assert.equal(server.requests.length, 3, 'an OAI error is an answer: not retried');
    // Two pages of 7 records were stored; deleted records take slots too.
    const listing = [
      ...expected.map((paper) => ({ id: paper.id, stamp: datestampOf(paper), isPaper: true })),
      ...deleted
        .filter((record) => record.setSpec === 'cs')
        .map((r) => ({ id: r.id, stamp: r.datestamp, isPaper: false })),
    ].sort((a, b) => a.stamp.localeCompare(b.stamp) || a.id.localeCompare(b.id));
    assert.equal(store.count(), listing.slice(0, 14).filter((item) => item.isPaper).length);
    assert.equal(cursors.get(source.key), undefined);
    const before = server.requests.length;
    await runFetch({ source, store, cursors });
    assert.equal(server.requests[before]?.params.get('metadataPrefix'), 'arXiv', 'started over');
    assert.equal(store.count(), expected.length);
  });

  test('an interrupted harvest resumes with the stored token and the original parameters', async () => {
    const server = await serve();
    const store = memoryStore();
    const cursors = store.kv('fetch-cursors');
    const source = createOaiPmhSource({ baseUrl: server.url, http: fast }).forParams(params);
    const controller = new AbortController();
    await assert.rejects(
      runFetch({
        source,
        store,
        cursors,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      }),
      (error: unknown) => error instanceof Error && error.name === 'AbortError',
    );
    const token = server.issuedTokens[0];
    assert.deepEqual(cursors.get(source.key), {
      source: 'oai-pmh',
      cursor: { resumptionToken: token, params: { metadataPrefix: 'arXiv', ...params } },
    });
    const before = server.requests.length;
    const result = await runFetch({ source, store, cursors });
    assert.deepEqual(keys(server, before), ['verb', 'resumptionToken']);
    assert.equal(server.requests[before]?.params.get('resumptionToken'), token);
    assert.equal(result.new, expected.length - 7);
    assert.deepEqual(sortedIds(store.getMany(sortedIds(expected))), sortedIds(expected));
    assert.equal(cursors.get(source.key), undefined);
  });

  test('arXivRaw records carry versions', async () => {
    const server = await serve();
    const source = createOaiPmhSource({ baseUrl: server.url, http: fast });
    const papers = (
      await collect(source.fetchPages({ params: { ...params, metadataPrefix: 'arXivRaw' } }))
    ).flatMap((page) => page.papers);
    assert.equal(server.requests[0]?.params.get('metadataPrefix'), 'arXivRaw');
    assert.deepEqual(sortedIds(papers), sortedIds(expected));
    const versions = new Map(expected.map((paper) => [paper.id, paper.version ?? 1]));
    for (const paper of papers) assert.equal(paper.version, versions.get(paper.id), paper.id);
  });

  test('the recorded arXiv exchange: 503 "Retry-After: 10", then the ListRecords page', async () => {
    // Real bytes from export.arxiv.org/oai2 (2018), replayed; the clock is fake so 10 s cost nothing.
    const page = readRaw(
      'oai-pmh/paperhive-oai-pmh/2018_oaipmh-listrecords---should-list-identifiers-from-arxiv.response1.status200.xml',
    );
    const server = await startFakeServer(
      () => ({ status: 200, headers: { 'content-type': 'text/xml' }, body: page }),
      [{ on: 1, kind: 'status', status: 503, retryAfter: '10', body: recordedOai503Body() }],
    );
    cleanups.push(() => server.close());
    let now = Date.parse('2018-06-21T14:30:51Z');
    const sleeps: number[] = [];
    const source = createOaiPmhSource({
      baseUrl: `${server.origin}/oai2`,
      http: {
        ...fast,
        clock: { now: () => new Date(now) },
        sleep: async (ms) => {
          sleeps.push(ms);
          now += ms;
        },
      },
    });
    const pages = await collect(source.fetchPages({ params: { from: '2015-01-01', until: '2015-01-03' } }));
    const recordedIds = [...page.matchAll(/<identifier>oai:arXiv\.org:([^<]+)<\/identifier>/g)].map(
      (m) => m[1],
    );
    assert.deepEqual(sortedIds(pages.flatMap((p) => p.papers)), [...recordedIds].sort());
    assert.deepEqual(sleeps, [10_000]);
    assert.equal(pages.length, 1);
    assert.equal(pages[0]?.cursor, null);
    const recordedPath = new URLSearchParams(
      'metadataPrefix=arXiv&from=2015-01-01&until=2015-01-03&verb=ListRecords',
    );
    assert.deepEqual(
      [...(server.requests[1]?.params.entries() ?? [])].sort(),
      [...recordedPath.entries()].sort(),
    );
  });

  test('an OAI error other than noRecordsMatch is reported at once, in one line', async () => {
    const server = await serve([{ on: 1, kind: 'bad-token' }]);
    const source = createOaiPmhSource({ baseUrl: server.url, http: fast });
    await assert.rejects(collect(source.fetchPages({ params })), (error: unknown) => {
      assert.ok(error instanceof DigestError);
      assert.equal(error.code, 'PROTOCOL');
      assert.match(
        error.toOneLine(),
        /^\[oai-pmh\] ListRecords page 1 \(set cs, 2025-11-22 to 2025-11-28, arXiv\): OAI-PMH error badResumptionToken: Invalid token null; /,
      );
      assert.equal(error.details?.oaiCode, 'badResumptionToken');
      return true;
    });
    assert.equal(server.requests.length, 1);
  });

  test('bad parameters are usage errors before any request', () => {
    const source = createOaiPmhSource({ http: fast });
    for (const bad of [
      { from: '2025-13-01' },
      { from: '2025-11-28', until: '2025-11-01' },
      { metadataPrefix: 'oai_dc' },
      { set: 'cs CV' },
    ]) {
      assert.throws(
        () => source.forParams(bad as OaiParams),
        (error: unknown) => error instanceof DigestError && error.code === 'USAGE',
        JSON.stringify(bad),
      );
    }
    assert.equal(source.baseUrl, 'https://oaipmh.arxiv.org/oai');
  });
});
