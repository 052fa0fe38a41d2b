import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { DigestError } from '../src/core/errors.ts';
import { type Paper, paperDate } from '../src/core/paper.ts';
import { type ApiPage, createArxivApiSource } from '../src/sources/arxiv-api.ts';
import type { PoliteClientSettings } from '../src/sources/http.ts';
import { buildSearchQuery } from '../src/sources/query.ts';
import { loadDay, sortedIds } from './helpers/arxiv-data.ts';
import {
  type ArxivApiServer,
  type Fault,
  gapsBetween,
  recordingFetch,
  startArxivApiServer,
} from './helpers/arxiv-servers.ts';

// Real listings: 2025-11-21 (428 papers), 11-22 (12), 11-24 (381). The query takes cs.CV from 11-22..11-24.
const corpus = [...loadDay('2025-11-21'), ...loadDay('2025-11-22'), ...loadDay('2025-11-24')];
const window = { from: '2025-11-22', to: '2025-11-24' };
const searchQuery = buildSearchQuery({ categories: ['cs.CV'], window });

/** Computed here, independently of the server's query evaluator. */
function expectedMatches(papers: readonly Paper[]): Paper[] {
  return papers.filter((paper) => {
    const date = paperDate(paper);
    return paper.categories.includes('cs.CV') && date !== null && date >= window.from && date <= window.to;
  });
}

const expected = expectedMatches(corpus);
const pageSize = 25;
const fast: PoliteClientSettings = {
  minIntervalMs: 20,
  backoffBaseMs: 20,
  backoffMaxMs: 50,
  timeoutMs: 2000,
};

const servers: ArxivApiServer[] = [];
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function serve(papers: readonly Paper[], faults: Fault[] = []): Promise<ArxivApiServer> {
  const server = await startArxivApiServer({ papers, faults });
  servers.push(server);
  return server;
}

async function collect(pages: AsyncIterable<ApiPage>): Promise<{ pages: ApiPage[]; papers: Paper[] }> {
  const seen: ApiPage[] = [];
  for await (const page of pages) seen.push(page);
  return { pages: seen, papers: seen.flatMap((page) => page.papers) };
}

function starts(server: ArxivApiServer): number[] {
  return server.requests.map((request) => Number(request.params.get('start')));
}

function assertNoDuplicates(papers: readonly Paper[]): void {
  assert.equal(new Set(papers.map((paper) => paper.id)).size, papers.length, 'no paper twice');
}

describe('arXiv API source', () => {
  test('the fixture query matches a few pages of real papers', () => {
    assert.ok(expected.length > 3 * pageSize && expected.length < 8 * pageSize, `${expected.length} papers`);
  });

  test('collects exactly the matching papers, page by page, oldest first', async () => {
    const server = await serve(corpus);
    const source = createArxivApiSource({ baseUrl: server.url, pageSize, http: fast });
    const { pages, papers } = await collect(source.fetchPages({ searchQuery }));
    assert.deepEqual(sortedIds(papers), sortedIds(expected));
    assertNoDuplicates(papers);
    const pageCount = Math.ceil(expected.length / pageSize);
    assert.deepEqual(
      starts(server),
      Array.from({ length: pageCount }, (_, index) => index * pageSize),
    );
    const first = server.requests[0];
    assert.equal(first?.params.get('search_query'), searchQuery);
    assert.equal(first?.params.get('max_results'), String(pageSize));
    assert.equal(first?.params.get('sortBy'), 'submittedDate');
    assert.equal(first?.params.get('sortOrder'), 'ascending');
    assert.deepEqual(
      pages.map((page) => page.cursor),
      [...pages.slice(1).map((page) => ({ start: page.start })), null],
    );
    assert.equal(pages.at(-1)?.totalResults, expected.length);
  });

  test('an empty page before totalResults is asked for again, not taken as the end', async () => {
    const server = await serve(corpus, [{ on: 2, kind: 'empty-page' }]);
    const lines: string[] = [];
    const source = createArxivApiSource({
      baseUrl: server.url,
      pageSize,
      http: fast,
      log: (l) => lines.push(l),
    });
    const { papers } = await collect(source.fetchPages({ searchQuery }));
    assert.deepEqual(sortedIds(papers), sortedIds(expected));
    assert.deepEqual(starts(server).slice(0, 3), [0, pageSize, pageSize]);
    assert.ok(
      lines.some((line) =>
        /page 2 of .* came back empty although totalResults is \d+; asking again \(1 of 3\)/.test(line),
      ),
    );
  });

  test('a page that stays empty stops with a clear error after the pages before it', async () => {
    const server = await serve(corpus, [{ on: [2, 3, 4], kind: 'empty-page' }]);
    const source = createArxivApiSource({ baseUrl: server.url, pageSize, emptyPageRetries: 2, http: fast });
    const delivered: Paper[] = [];
    await assert.rejects(
      (async () => {
        for await (const page of source.fetchPages({ searchQuery })) delivered.push(...page.papers);
      })(),
      (error: unknown) => {
        assert.ok(error instanceof DigestError);
        assert.equal(error.code, 'PROTOCOL');
        assert.equal(
          error.message,
          `[arxiv-api] page 2 of "${searchQuery}" (start=${pageSize}) stayed empty after 3 tries although totalResults is ${expected.length}`,
        );
        assert.match(error.hint ?? '', /resume/);
        return true;
      },
    );
    assert.equal(delivered.length, pageSize);
    assert.deepEqual(starts(server), [0, pageSize, pageSize, pageSize]);
  });

  test('totalResults growing mid-run: papers submitted meanwhile are fetched too', async () => {
    const newest = expected.slice(-2);
    const initial = corpus.filter((paper) => !newest.includes(paper));
    const server = await serve(initial, [
      { on: 3, kind: 'mutate', apply: (papers) => [...papers, ...newest] },
    ]);
    const lines: string[] = [];
    const source = createArxivApiSource({
      baseUrl: server.url,
      pageSize,
      http: fast,
      log: (l) => lines.push(l),
    });
    const { papers } = await collect(source.fetchPages({ searchQuery }));
    assert.deepEqual(sortedIds(papers), sortedIds(expected));
    assertNoDuplicates(papers);
    assert.ok(
      lines.some((line) =>
        line.includes(`totalResults changed from ${expected.length - 2} to ${expected.length}`),
      ),
    );
  });

  test('an entry shifted onto the next page (late-indexed older paper) is kept once', async () => {
    const late = expected[0] as Paper;
    const initial = corpus.filter((paper) => paper !== late);
    const server = await serve(initial, [{ on: 2, kind: 'mutate', apply: (papers) => [...papers, late] }]);
    const lines: string[] = [];
    const source = createArxivApiSource({
      baseUrl: server.url,
      pageSize,
      http: fast,
      log: (l) => lines.push(l),
    });
    const { papers } = await collect(source.fetchPages({ searchQuery }));
    assertNoDuplicates(papers);
    // The late paper sorts first, behind the cursor: arXiv paging cannot show it in this run.
    assert.deepEqual(sortedIds(papers), sortedIds(expectedMatches(initial)));
    assert.ok(lines.some((line) => line.includes('1 entries on page 2') && line.includes('kept once')));
  });

  test('totalResults shrinking mid-run ends the run without an error', async () => {
    const removed = new Set(expected.slice(-30).map((paper) => paper.id));
    const server = await serve(corpus, [
      { on: 2, kind: 'mutate', apply: (papers) => papers.filter((paper) => !removed.has(paper.id)) },
    ]);
    const source = createArxivApiSource({ baseUrl: server.url, pageSize, http: fast });
    const { papers } = await collect(source.fetchPages({ searchQuery }));
    assert.deepEqual(sortedIds(papers), sortedIds(server.matching(searchQuery)));
    assert.equal(papers.length, expected.length - 30);
  });

  test('truncated XML and 503 Retry-After are retried; starts keep the interval and the demanded wait', async () => {
    const server = await serve(corpus, [
      { on: 2, kind: 'truncate' },
      { on: 4, kind: 'status', status: 503, retryAfter: '1' },
    ]);
    const recorder = recordingFetch();
    const lines: string[] = [];
    const source = createArxivApiSource({
      baseUrl: server.url,
      pageSize,
      http: { ...fast, minIntervalMs: 200, fetch: recorder.fetch },
      log: (l) => lines.push(l),
    });
    const { papers } = await collect(source.fetchPages({ searchQuery }));
    assert.deepEqual(sortedIds(papers), sortedIds(expected));
    assert.deepEqual(starts(server).slice(0, 5), [0, pageSize, pageSize, 2 * pageSize, 2 * pageSize]);
    const gaps = gapsBetween(recorder.starts);
    for (const gap of gaps) assert.ok(gap >= 200, `gap ${gap} ms >= 200 ms`);
    assert.ok((gaps[3] ?? 0) >= 1000, `after the 503: ${gaps[3]} ms >= 1000 ms`);
    assert.ok(lines.some((line) => line.includes('waiting 1s (Retry-After) before page 3 of')));
    assert.ok(lines.some((line) => line.includes('unusable response (malformed or truncated XML')));
  });

  test('retries exhausted on a page: one line naming the endpoint, page and query', async () => {
    const server = await serve(corpus, [{ on: [3, 4, 5], kind: 'status', status: 503 }]);
    const source = createArxivApiSource({ baseUrl: server.url, pageSize, http: { ...fast, maxAttempts: 3 } });
    await assert.rejects(collect(source.fetchPages({ searchQuery })), (error: unknown) => {
      assert.ok(error instanceof DigestError);
      assert.equal(
        error.toOneLine(),
        `[arxiv-api] HTTP 503 after 3 tries for page 3 of "${searchQuery}"; retry later or use --source oai`,
      );
      return true;
    });
  });

  test('a query arXiv rejects (400 error feed) fails at once with its words', async () => {
    const server = await serve(corpus);
    const source = createArxivApiSource({ baseUrl: server.url, pageSize, http: fast });
    await assert.rejects(collect(source.fetchPages({ searchQuery: 'ti:(unclosed' })), (error: unknown) => {
      assert.ok(error instanceof DigestError);
      assert.equal(error.code, 'USAGE');
      assert.match(error.message, /arXiv API rejected the query: malformed query/);
      return true;
    });
    assert.equal(server.requests.length, 1);
  });

  test('an unusable entry is a problem, counted in the paging, not a lost page', async () => {
    const broken =
      '  <entry>\n    <id>http://arxiv.org/abs/not-an-id</id>\n    <title>Broken</title>\n  </entry>\n';
    const server = await startArxivApiServer({ papers: corpus, rawEntries: [broken] });
    servers.push(server);
    const source = createArxivApiSource({ baseUrl: server.url, pageSize, http: fast });
    const { pages, papers } = await collect(source.fetchPages({ searchQuery }));
    assert.deepEqual(sortedIds(papers), sortedIds(expected));
    const problems = pages.flatMap((page) => page.problems);
    assert.equal(problems.length, 1);
    assert.match(problems[0]?.message ?? '', /not-an-id/);
    assert.equal(pages.at(-1)?.totalResults, expected.length + 1);
  });

  test('no match: one empty page with a note', async () => {
    const server = await serve(corpus);
    const source = createArxivApiSource({ baseUrl: server.url, pageSize, http: fast });
    const query = buildSearchQuery({
      categories: ['cs.CV'],
      window: { from: '2020-01-01', to: '2020-01-02' },
    });
    const { pages } = await collect(source.fetchPages({ searchQuery: query }));
    assert.equal(pages.length, 1);
    assert.equal(pages[0]?.papers.length, 0);
    assert.equal(pages[0]?.cursor, null);
    assert.equal(pages[0]?.note, `no papers match "${query}"`);
  });

  test('settings are checked up front', () => {
    assert.throws(
      () => createArxivApiSource({ pageSize: 5000 }),
      (error: unknown) =>
        error instanceof DigestError && error.code === 'USAGE' && /2000/.test(error.message),
    );
    assert.throws(
      () => createArxivApiSource({ baseUrl: 'export.arxiv.org/api/query' }),
      (error: unknown) =>
        error instanceof DigestError && error.code === 'CONFIG' && /ARXIV_API_URL/.test(error.message),
    );
    const source = createArxivApiSource();
    assert.equal(source.baseUrl, 'https://export.arxiv.org/api/query');
    assert.equal(source.pageSize, 100);
  });
});
