import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Paper } from '../src/core/paper.ts';
import { loadDay, recordedOai503Body, sortedIds } from './helpers/arxiv-data.ts';
import { type FakeServer, type Fault, startOaiServer, startRssServer } from './helpers/arxiv-servers.ts';
import { datestampOf } from './helpers/arxiv-xml.ts';
import { storedCursors, storedIds } from './helpers/child-cli.ts';
import {
  assertExactlyStored,
  countRetries,
  fetchSetUp,
  onlyLine,
  printNetworkFigures,
} from './helpers/fetch-faults.ts';

/**
 * Issue 6.1, OAI-PMH and RSS side, end to end: the real `fetch --source oai|rss` against local
 * servers that misbehave on chosen requests (the arXiv API: reliability-network.test.ts). Complete
 * with exactly the server's records, or one line naming endpoint, page and advice, and a rerun that
 * continues from the stored resumption token (or starts over when the token is dead).
 */

const corpus: Paper[] = [...loadDay('2025-11-22'), ...loadDay('2025-11-24')];
const window = ['--from', '2025-11-22', '--to', '2025-11-24'];

const servers: FakeServer[] = [];
after(async () => {
  for (const server of servers) await server.close();
  printNetworkFigures('OAI-PMH and RSS faults');
});

const oaiArgs = ['fetch', '--source', 'oai', '--categories', 'cs.CV', ...window];
/** What the OAI server lists for set cs over the window (datestamps are the last-change dates). */
const expectedOaiIds = sortedIds(
  corpus.filter(
    (paper) =>
      datestampOf(paper) >= '2025-11-22' &&
      datestampOf(paper) <= '2025-11-24' &&
      paper.categories.some((category) => category.startsWith('cs.')),
  ),
);

async function oaiServer(faults: Fault[]) {
  const server = await startOaiServer({ papers: corpus, pageSize: 10, faults });
  servers.push(server);
  return server;
}

/** The token each request carried ('' for the first request of a list). */
function tokensOf(server: FakeServer, from = 0): string[] {
  return server.requests.slice(from).map((request) => request.params.get('resumptionToken') ?? '');
}

describe('OAI-PMH faults through `fetch --source oai`', () => {
  test("503 with Retry-After (arXiv's recorded 503 page) mid-list: waits, then continues with the same token", async () => {
    const server = await oaiServer([
      { on: 2, kind: 'status', status: 503, retryAfter: '1', body: recordedOai503Body() },
    ]);
    const { fetch, database } = fetchSetUp('oai-503', { oai: server.url });
    const result = await fetch(oaiArgs);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(expectedOaiIds.length > 20, `${expectedOaiIds.length} papers over several pages`);
    assert.equal(result.json.read, expectedOaiIds.length);
    const tokens = tokensOf(server);
    assert.equal(tokens[1], tokens[2], 'the retry carries the same resumption token');
    // The client's own logged wait, not server arrival times (network jitter).
    assert.deepEqual(
      [...result.stderr.matchAll(/waiting ([\d.]+)s \(Retry-After\)/g)].map((match) => Number(match[1])),
      [1],
    );
    assert.equal(countRetries(tokens), 1);
    assertExactlyStored(database, expectedOaiIds);
  });

  test('connection reset mid-body and truncated XML: each page is fetched again', async () => {
    const server = await oaiServer([
      { on: 2, kind: 'reset', phase: 'mid-body' },
      { on: 4, kind: 'truncate' },
    ]);
    const { fetch, database } = fetchSetUp('oai-reset', { oai: server.url });
    const result = await fetch(oaiArgs);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /\[oai-pmh\] connection reset/);
    assert.match(result.stderr, /\[oai-pmh\] unusable response/);
    assert.equal(countRetries(tokensOf(server)), 2);
    assert.equal(result.json.read, expectedOaiIds.length, 'no record twice');
    assertExactlyStored(database, expectedOaiIds);
  });

  test('badResumptionToken: one line naming the token and advising a rerun; the rerun starts over and completes', async () => {
    const server = await oaiServer([{ on: 3, kind: 'bad-token' }]);
    const { fetch, database } = fetchSetUp('oai-bad-token', { oai: server.url });
    const failed = await fetch(oaiArgs, ['--quiet']);
    assert.equal(failed.code, 1);
    const line = onlyLine(failed.stderr);
    const token = server.issuedTokens[1] as string;
    assert.match(
      line,
      /^arxiv-digest: \[oai-pmh\] the server rejected resumption token "[^"]+" \(badResumptionToken\)/,
    );
    assert.ok(line.includes(`"${token}"`), 'names the token of the page');
    assert.match(line, /run the fetch again to start over without resuming \(stored papers are kept\)$/);
    assert.equal(storedIds(database).length, 20, 'the two pages before it stay stored');
    assert.deepEqual(storedCursors(database), [], 'the useless token is not kept');
    assert.equal(server.requests.length, 3, 'an OAI error answer is not retried');

    const before = server.requests.length;
    const again = await fetch(oaiArgs);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(tokensOf(server, before)[0], '', 'starts over without a token');
    assert.equal(again.json.unchanged, 20, 'the repeated pages change nothing');
    assert.equal(again.json.new, expectedOaiIds.length - 20);
    assertExactlyStored(database, expectedOaiIds);
  });

  test('503 on every try: one line naming the page; the rerun resumes with the stored token', async () => {
    const server = await oaiServer([{ on: [3, 4, 5, 6, 7], kind: 'status', status: 503, retryAfter: '0' }]);
    const { fetch, database } = fetchSetUp('oai-503-exhausted', { oai: server.url });
    const failed = await fetch(oaiArgs, ['--quiet']);
    assert.equal(failed.code, 1);
    const line = onlyLine(failed.stderr);
    assert.match(
      line,
      /^arxiv-digest: \[oai-pmh\] HTTP 503 after 5 tries for ListRecords page 3 \(set cs, 2025-11-22 to 2025-11-24, arXiv\)/,
    );
    assert.match(line, /; retry later \(arXiv OAI-PMH is often busy\) or use --source api$/);
    const token = server.issuedTokens[1] as string;
    assert.deepEqual(storedCursors(database), [
      {
        source: 'oai-pmh',
        cursor: {
          resumptionToken: token,
          params: { metadataPrefix: 'arXiv', from: '2025-11-22', until: '2025-11-24', set: 'cs' },
        },
      },
    ]);
    const before = server.requests.length;
    const again = await fetch(oaiArgs);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(tokensOf(server, before)[0], token, 'the rerun continues with the stored token');
    assert.equal(again.json.unchanged, 0);
    countRetries(tokensOf(server));
    assertExactlyStored(database, expectedOaiIds);
  });
});

// ---------------------------------------------------------------------------------------------- RSS

describe('RSS faults through `fetch --source rss`', () => {
  const day = loadDay('2025-11-28');
  const categories = ['cs.LG', 'quant-ph'];
  const rssArgs = ['fetch', '--source', 'rss', '--categories', categories.join(',')];

  async function rssServer(faults: Fault[]) {
    const server = await startRssServer({ papers: day, announced: '2025-11-28', faults });
    servers.push(server);
    return server;
  }

  test('a stall past the timeout, then 429 with Retry-After: both retried; exactly the listed papers', async () => {
    const server = await rssServer([
      { on: 1, kind: 'stall' },
      { on: 2, kind: 'status', status: 429, retryAfter: '1' },
    ]);
    const { fetch, database } = fetchSetUp('rss-429', { rss: server.url });
    const result = await fetch(rssArgs);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(server.requests.length, 3);
    assert.match(
      result.stderr,
      /\[rss\] timed out after 1\.5s \(try 1 of 5\); waiting [\d.]+s \(backoff\) before the RSS feed cs\.LG\+quant-ph/,
    );
    assert.match(result.stderr, /\[rss\] HTTP 429 \(try 2 of 5\); waiting 1(\.0)?s \(Retry-After\)/);
    // The client's own logged wait, not server arrival times (network jitter).
    assert.deepEqual(
      [...result.stderr.matchAll(/waiting ([\d.]+)s \(Retry-After\)/g)].map((match) => Number(match[1])),
      [1],
    );
    countRetries(server.requests.map((request) => request.path));
    const expected = sortedIds(server.listed(categories));
    assert.ok(expected.length > 15, `${expected.length} papers listed`);
    assert.equal(result.json.read, expected.length, 'a paper listed in both categories comes once');
    assertExactlyStored(database, expected);
  });

  test('503 on every try: one line naming the feed and the advice; nothing half-stored', async () => {
    const server = await rssServer([{ on: [1, 2, 3, 4, 5], kind: 'status', status: 503, retryAfter: '0' }]);
    const { fetch, database } = fetchSetUp('rss-503', { rss: server.url });
    const failed = await fetch(rssArgs, ['--quiet']);
    assert.equal(failed.code, 1);
    assert.equal(
      onlyLine(failed.stderr),
      'arxiv-digest: [rss] HTTP 503 after 5 tries for the RSS feed cs.LG+quant-ph; retry later or use --source api',
    );
    assert.equal(storedIds(database).length, 0);
    countRetries(server.requests.map((request) => request.path));
    const again = await fetch(rssArgs);
    assert.equal(again.code, 0, again.stderr);
    assertExactlyStored(database, sortedIds(server.listed(categories)));
  });
});
