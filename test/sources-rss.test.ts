import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { DigestError } from '../src/core/errors.ts';
import { paperSchema } from '../src/core/paper.ts';
import type { PoliteClientSettings } from '../src/sources/http.ts';
import { parseRssFeed, rssDateToIsoDate, splitRssDescription } from '../src/sources/parse/rss.ts';
import { createRssSource } from '../src/sources/rss.ts';
import { runFetch } from '../src/sources/run-fetch.ts';
import { createMemoryStore, loadDay, sortedIds } from './helpers/arxiv-data.ts';
import { type Fault, type RssServer, startFakeServer, startRssServer } from './helpers/arxiv-servers.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`./helpers/fixtures/${name}`, import.meta.url), 'utf8');
const fast: PoliteClientSettings = {
  minIntervalMs: 20,
  backoffBaseMs: 20,
  backoffMaxMs: 50,
  timeoutMs: 2000,
};

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe('RSS parser (fixtures written from arXiv RSS specifications)', () => {
  test('a cs.CV announcement: ids, versions, announce types, authors, categories, DOI, date', () => {
    const feed = parseRssFeed(fixture('arxiv-rss-cs.CV-2025-11-27.xml'), 'cs.CV');
    assert.equal(feed.title, 'cs.CV updates on arXiv.org');
    assert.equal(feed.announced, '2025-11-27');
    assert.deepEqual(feed.skipDays, ['Sunday', 'Saturday']);
    assert.deepEqual(feed.problems, []);
    const papers = feed.papers.map(({ paper }) => paper);
    for (const paper of papers) paperSchema.parse(paper);
    assert.deepEqual(
      papers.map((paper) => [paper.id, paper.version, paper.announceType]),
      [
        ['2511.20770', 1, 'new'],
        ['2511.20865', 1, 'new'],
        ['2511.20732', 1, 'cross'],
        ['2511.21579', 2, 'replace'],
        ['2511.19584', 2, 'replace-cross'],
      ],
    );
    // The same facts as the real records they were written from.
    const records = new Map(loadDay('2025-11-27').map((paper) => [paper.id, paper]));
    for (const paper of papers) {
      const record = records.get(paper.id);
      assert.ok(record, paper.id);
      assert.equal(paper.title, record.title);
      assert.deepEqual(paper.authors, record.authors);
      assert.equal(paper.abstract, record.abstract);
      assert.deepEqual(paper.categories, record.categories);
      assert.equal(paper.doi, record.doi);
      assert.equal(paper.announced, '2025-11-27');
      assert.equal(paper.published, null, 'an announcement is not the submission date');
    }
    assert.deepEqual(papers[1]?.authors, ['Yining Ding', 'João F. C. Mota', 'Andrew M. Wallace', 'Sen Wang']);
    assert.equal(papers[1]?.doi, '10.1109/TPAMI.2025.3626275');
    assert.ok(!papers[0]?.abstract?.startsWith('Abstract:'));
  });

  test("the spec's own example item: replace-cross with DOI and journal reference", () => {
    const feed = parseRssFeed(fixture('arxiv-rss-math.OC-spec-example.xml'), 'math.OC');
    assert.equal(feed.announced, '2024-02-23');
    const paper = feed.papers[0]?.paper;
    assert.ok(paper);
    assert.equal(paper.id, '2203.01250');
    assert.equal(paper.version, 3);
    assert.equal(paper.announceType, 'replace-cross');
    assert.deepEqual(paper.authors, ['Antonin Monteil', 'Paul Pegon']);
    assert.deepEqual(paper.categories, ['math.AP', 'math.OC']);
    assert.equal(paper.doi, '10.5802/jep.257');
    assert.equal(
      paper.journalRef,
      "Journal de l'\\'Ecole polytechnique - Math\\'ematiques, Tome 11 (2024), pp. 431-472",
    );
    assert.equal(paper.announced, '2024-08-23', "the item's own announcement date wins");
    assert.ok(paper.abstract?.startsWith('We consider first order local minimization problems'));
  });

  test('a weekend feed has no items and says which days are skipped', () => {
    const feed = parseRssFeed(fixture('arxiv-rss-cs.CV-weekend.xml'), 'cs.CV');
    assert.equal(feed.itemCount, 0);
    assert.deepEqual(feed.papers, []);
    assert.equal(feed.announced, '2025-11-29');
    assert.deepEqual(feed.skipDays, ['Sunday', 'Saturday']);
  });

  test('helpers: description split, Eastern dates read as written', () => {
    assert.deepEqual(splitRssDescription('arXiv:2511.21691v1 Announce Type: new \nAbstract: While modern'), {
      versionedId: '2511.21691v1',
      announceType: 'new',
      abstract: 'While modern',
    });
    assert.equal(rssDateToIsoDate('Thu, 27 Nov 2025 00:00:00 -0500'), '2025-11-27');
    assert.equal(rssDateToIsoDate('Fri, 23 Aug 2024 23:30:00 -0400'), '2024-08-23');
    assert.equal(rssDateToIsoDate('yesterday'), null);
  });

  test('not RSS, or cut off: PROTOCOL errors', () => {
    const good = fixture('arxiv-rss-cs.CV-2025-11-27.xml');
    assert.throws(
      () => parseRssFeed(good.slice(0, good.length / 2), 'cs.CV'),
      (error: unknown) =>
        error instanceof DigestError && error.code === 'PROTOCOL' && /truncated/.test(error.message),
    );
    assert.throws(
      () => parseRssFeed('<html><body>Service Unavailable</body></html>', 'cs.CV'),
      (error: unknown) =>
        error instanceof DigestError && error.code === 'PROTOCOL' && /<html>/.test(error.message),
    );
  });
});

describe('RSS source against a local feed server', () => {
  const papers = loadDay('2025-11-27');

  async function serve(options: { empty?: boolean; faults?: Fault[] } = {}): Promise<RssServer> {
    const server = await startRssServer({ papers, announced: '2025-11-27', ...options });
    cleanups.push(() => server.close());
    return server;
  }

  test('a combined feed: every listed paper once, with its announce type', async () => {
    const server = await serve();
    const source = createRssSource({ baseUrl: server.url, http: fast });
    const result = await source.fetchFeed({ categories: ['cs.CV', 'cs.CL'] });
    assert.equal(server.requests[0]?.path, '/rss/cs.CV+cs.CL');
    const listed = server.listed(['cs.CV', 'cs.CL']);
    assert.ok(listed.length > 100, `${listed.length} papers`);
    assert.deepEqual(sortedIds(result.papers), sortedIds(listed));
    assert.equal(new Set(result.papers.map((paper) => paper.id)).size, result.papers.length);
    assert.equal(result.announced, '2025-11-27');
    assert.equal(result.nothingNew, false);
    const types = new Set(result.papers.map((paper) => paper.announceType));
    assert.deepEqual([...types].sort(), ['cross', 'new', 'replace', 'replace-cross']);
    const cross = result.papers.find((paper) => paper.id === '2511.19584');
    assert.equal(cross?.announceType, 'replace-cross');
    assert.equal(cross?.version, 2);
  });

  test('an empty (weekend) feed is "nothing new": zero papers, a note, no error', async () => {
    const server = await serve({ empty: true });
    const store = createMemoryStore();
    const lines: string[] = [];
    const source = createRssSource({
      baseUrl: server.url.replace(/\/$/, ''),
      http: fast,
      log: (l) => lines.push(l),
    });
    const result = await runFetch({
      source: source.forCategories(['cs.CV']),
      store,
      cursors: store.kv('cursors'),
    });
    assert.equal(result.read, 0);
    assert.equal(result.pages, 1);
    const note =
      'nothing new in cs.CV (feed of 2025-11-27): the feed is empty; arXiv announces nothing on Sunday and Saturday';
    assert.deepEqual(result.notes, [note]);
    assert.ok(lines.includes(`[rss] ${note}`));
    assert.equal(server.requests[0]?.path, '/rss/cs.CV', 'a base URL without the trailing slash works');
  });

  test('runFetch stores the feed in one transaction', async () => {
    const server = await serve();
    const store = createMemoryStore();
    const result = await runFetch({
      source: createRssSource({ baseUrl: server.url, http: fast }).forCategories(['cs.CV']),
      store,
      cursors: store.kv('cursors'),
    });
    assert.equal(store.transactions, 1);
    assert.equal(result.new, server.listed(['cs.CV']).length);
    assert.deepEqual(sortedIds(store.papers.values()), sortedIds(server.listed(['cs.CV'])));
  });

  test('a truncated feed and a 503 are retried', async () => {
    const server = await serve({
      faults: [
        { on: 1, kind: 'truncate' },
        { on: 2, kind: 'status', status: 503, retryAfter: '0' },
      ],
    });
    const source = createRssSource({ baseUrl: server.url, http: fast });
    const result = await source.fetchFeed({ categories: ['cs.CL'] });
    assert.equal(server.requests.length, 3);
    assert.deepEqual(sortedIds(result.papers), sortedIds(server.listed(['cs.CL'])));
  });

  test('an HTML page instead of a feed fails after the retries with a clear error', async () => {
    const server = await startFakeServer(() => ({
      status: 200,
      body: '<html><body>Maintenance</body></html>',
    }));
    cleanups.push(() => server.close());
    const source = createRssSource({ baseUrl: `${server.origin}/rss/`, http: { ...fast, maxAttempts: 2 } });
    await assert.rejects(source.fetchFeed({ categories: ['cs.CV'] }), (error: unknown) => {
      assert.ok(error instanceof DigestError);
      assert.equal(error.code, 'PROTOCOL');
      assert.match(
        error.toOneLine(),
        /^\[rss\] unusable response \(expected an RSS 2\.0 <rss><channel>, got <html> \("Maintenance"\)\) after 2 tries for the RSS feed cs\.CV; retry later or use --source api$/,
      );
      return true;
    });
  });

  test('categories are checked before any request', () => {
    const source = createRssSource({ http: fast });
    assert.equal(source.feedUrl(['cs.CV', 'cs.CL', 'cs.CV']), 'https://rss.arxiv.org/rss/cs.CV+cs.CL');
    assert.throws(
      () => source.feedUrl([]),
      (error: unknown) => error instanceof DigestError && error.code === 'USAGE',
    );
    assert.throws(
      () => source.feedUrl(['cs/CV']),
      (error: unknown) => error instanceof DigestError && error.code === 'USAGE',
    );
  });
});
