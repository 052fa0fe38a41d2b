import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Paper } from '../src/core/paper.ts';
import { loadDay, sortedIds } from './helpers/arxiv-data.ts';
import { type FakeServer, type Fault, startArxivApiServer } from './helpers/arxiv-servers.ts';
import { storedCursors, storedIds } from './helpers/child-cli.ts';
import {
  assertExactlyStored,
  countRetries,
  fetchSetUp,
  onlyLine,
  printNetworkFigures,
} from './helpers/fetch-faults.ts';

/**
 * Issue 6.1, arXiv API side, end to end: the real `fetch` command against a local arXiv API server
 * that misbehaves on chosen requests (OAI-PMH and RSS: reliability-network-feeds.test.ts). Each test
 * checks the promise the user relies on: the run either completes with exactly the server's papers
 * (none twice), or stops with one line naming the endpoint, the page and what to do, keeps what it
 * stored, and the same command continues from there.
 */

const corpus: Paper[] = [...loadDay('2025-11-22'), ...loadDay('2025-11-24')];
const apiArgs = [
  'fetch',
  '--categories',
  'cs.CV',
  '--from',
  '2025-11-22',
  '--to',
  '2025-11-24',
  '--page-size',
  '20',
];
const pageSize = 20;
const noCounts = { pages: 0, read: 0, new: 0, updated: 0, unchanged: 0, problems: 0, deleted: 0 };

const servers: FakeServer[] = [];
after(async () => {
  for (const server of servers) await server.close();
  printNetworkFigures('arXiv API faults');
});

async function apiServer(faults: Fault[]) {
  const server = await startArxivApiServer({ papers: corpus, faults });
  servers.push(server);
  return server;
}

function expectedApiIds(server: Awaited<ReturnType<typeof apiServer>>): string[] {
  const query = server.requests[0]?.params.get('search_query') ?? '';
  return sortedIds(server.matching(query));
}

/** The waits the client logged for Retry-After, in seconds, in order. */
function retryAfterWaits(stderr: string): number[] {
  return [...stderr.matchAll(/waiting ([\d.]+)s \(Retry-After\)/g)].map((match) => Number(match[1]));
}

function startsOf(server: FakeServer, from = 0): number[] {
  return server.requests.slice(from).map((request) => Number(request.params.get('start')));
}

describe('arXiv API faults through `fetch`', () => {
  test('429 with Retry-After in seconds: waits at least that long, retries, stores every paper once', async () => {
    const server = await apiServer([{ on: 2, kind: 'status', status: 429, retryAfter: '1' }]);
    const { fetch, database } = fetchSetUp('429', { api: server.url });
    const result = await fetch(apiArgs);
    assert.equal(result.code, 0, result.stderr);
    const expected = expectedApiIds(server);
    assert.equal(result.json.new, expected.length);
    assert.equal(result.json.read, expected.length, 'every paper delivered once');
    // The client's own wait (the injected-clock tests in sources-http prove it sleeps that long);
    // server arrival times would add network jitter to the assertion.
    assert.deepEqual(retryAfterWaits(result.stderr), [1]);
    assert.match(result.stderr, /\[arxiv-api\] HTTP 429 \(try 1 of 5\); waiting 1(\.0)?s \(Retry-After\)/);
    assert.equal(countRetries(startsOf(server).map(String)), 1);
    assertExactlyStored(database, expected);
  });

  test('503 with Retry-After as an HTTP date: the retry comes no earlier than that date', async () => {
    // The next whole second at least 1.5 s away: an HTTP date has no milliseconds.
    const date = Math.ceil((Date.now() + 1500) / 1000) * 1000;
    const retryAfter = new Date(date).toUTCString();
    const server = await apiServer([{ on: 1, kind: 'status', status: 503, retryAfter }]);
    const { fetch, database } = fetchSetUp('503-date', { api: server.url });
    const result = await fetch(apiArgs);
    assert.equal(result.code, 0, result.stderr);
    // The client computed its wait from the date: between 0.5 s and 2.5 s ahead when it was set.
    const [wait] = retryAfterWaits(result.stderr);
    assert.ok(wait !== undefined && wait > 0 && wait <= 2.5, `waited ${wait}s for the date`);
    assert.match(result.stderr, /HTTP 503 \(try 1 of 5\); waiting [\d.]+s \(Retry-After\) before page 1/);
    assert.equal(countRetries(startsOf(server).map(String)), 1);
    assertExactlyStored(database, expectedApiIds(server));
  });

  test('connection reset before the answer: backs off, retries the same page', async () => {
    const server = await apiServer([{ on: 2, kind: 'reset' }]);
    const { fetch, database } = fetchSetUp('reset', { api: server.url });
    const result = await fetch(apiArgs);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /connection reset .*\(try 1 of 5\); waiting [\d.]+s \(backoff\) before page 2/,
    );
    assert.deepEqual(startsOf(server).slice(0, 3), [0, 20, 20]);
    assert.equal(countRetries(startsOf(server).map(String)), 1);
    assertExactlyStored(database, expectedApiIds(server));
  });

  test('a response that stalls past ARXIV_TIMEOUT_MS is abandoned and asked again', async () => {
    const server = await apiServer([{ on: 3, kind: 'stall', phase: 'body' }]);
    const { fetch, database } = fetchSetUp('stall', { api: server.url });
    const result = await fetch(apiArgs);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /timed out after 1\.5s \(try 1 of 5\); waiting [\d.]+s \(backoff\) before page 3/,
    );
    assert.deepEqual(startsOf(server).slice(0, 4), [0, 20, 40, 40]);
    assert.equal(countRetries(startsOf(server).map(String)), 1);
    assertExactlyStored(database, expectedApiIds(server));
  });

  test('truncated XML (a complete HTTP answer cut in half) is fetched again', async () => {
    const server = await apiServer([{ on: 3, kind: 'truncate' }]);
    const { fetch, database } = fetchSetUp('truncate', { api: server.url });
    const result = await fetch(apiArgs);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /unusable response .*\(try 1 of 5\).* before page 3/);
    assert.equal(countRetries(startsOf(server).map(String)), 1);
    assertExactlyStored(database, expectedApiIds(server));
  });

  test('an empty page mid-paging is asked again, not taken as the end', async () => {
    const server = await apiServer([{ on: 3, kind: 'empty-page' }]);
    const { fetch, database } = fetchSetUp('empty-page', { api: server.url });
    const result = await fetch(apiArgs);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /page 3 .* came back empty although totalResults is \d+; asking again \(1 of 3\)/,
    );
    assert.deepEqual(startsOf(server).slice(0, 4), [0, 20, 40, 40]);
    assert.equal(countRetries(startsOf(server).map(String)), 1);
    assertExactlyStored(database, expectedApiIds(server));
  });

  test('503 on every try for page 3: one line naming endpoint, page and advice; the rerun continues at start=40', async () => {
    const server = await apiServer([{ on: [3, 4, 5, 6, 7], kind: 'status', status: 503, retryAfter: '0' }]);
    const { fetch, database } = fetchSetUp('503-exhausted', { api: server.url });
    const failed = await fetch(apiArgs, ['--quiet']);
    assert.equal(failed.code, 1);
    const line = onlyLine(failed.stderr);
    assert.match(line, /^arxiv-digest: \[arxiv-api\] HTTP 503 after 5 tries for page 3 of "cat:cs\.CV AND /);
    assert.match(line, /; retry later or use --source oai$/);
    assert.deepEqual(failed.json.error?.fetched, { ...noCounts, pages: 2, read: 40, new: 40 });
    assert.equal(storedIds(database).length, 2 * pageSize, 'pages 1 and 2 stay stored');
    assert.deepEqual(storedCursors(database), [{ source: 'arxiv-api', cursor: { start: 40 } }]);

    const before = server.requests.length;
    const again = await fetch(apiArgs);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(startsOf(server, before)[0], 40, 'the rerun asks for start=40, not 0');
    assert.ok(!startsOf(server, before).includes(0));
    const expected = expectedApiIds(server);
    assert.equal(again.json.new, expected.length - 40);
    assert.equal(again.json.unchanged, 0, 'no page fetched twice');
    assert.deepEqual(again.json.resumedFrom, { start: 40 });
    assert.deepEqual(storedCursors(database), [], 'the cursor is gone once complete');
    countRetries(startsOf(server).map(String));
    assertExactlyStored(database, expected);
  });

  test('a page that stays empty: one line with the resume advice; the rerun continues from that page', async () => {
    const server = await apiServer([{ on: [4, 5, 6, 7], kind: 'empty-page' }]);
    const { fetch, database } = fetchSetUp('empty-exhausted', { api: server.url });
    const failed = await fetch(apiArgs, ['--quiet']);
    assert.equal(failed.code, 1);
    const line = onlyLine(failed.stderr);
    assert.match(line, /^arxiv-digest: \[arxiv-api\] page 4 of ".*" \(start=60\) stayed empty after 4 tries/);
    assert.match(line, /run the same fetch later to resume from this page$/);
    assert.equal(storedIds(database).length, 60);
    const before = server.requests.length;
    const again = await fetch(apiArgs);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(startsOf(server, before)[0], 60);
    countRetries(startsOf(server).map(String));
    assertExactlyStored(database, expectedApiIds(server));
  });
});
