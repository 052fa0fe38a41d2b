import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { DigestError } from '../src/core/errors.ts';
import type { Paper } from '../src/core/paper.ts';
import { createArxivApiSource } from '../src/sources/arxiv-api.ts';
import type { PoliteClientSettings } from '../src/sources/http.ts';
import { buildSearchQuery } from '../src/sources/query.ts';
import { type FetchProgress, runFetch } from '../src/sources/run-fetch.ts';
import { openStore } from '../src/store/index.ts';
import type { KeyValueArea, PaperStore } from '../src/store/types.ts';
import { loadDay, sortedIds } from './helpers/arxiv-data.ts';
import { type ArxivApiServer, startArxivApiServer } from './helpers/arxiv-servers.ts';

const corpus = [...loadDay('2025-11-22'), ...loadDay('2025-11-24')];
const searchQuery = buildSearchQuery({
  categories: ['cs.CV'],
  window: { from: '2025-11-22', to: '2025-11-24' },
});
const pageSize = 20;
const fast: PoliteClientSettings = {
  minIntervalMs: 10,
  backoffBaseMs: 10,
  backoffMaxMs: 20,
  timeoutMs: 2000,
};
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'arxiv-digest-'));

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
  fs.rmSync(directory, { recursive: true, force: true });
});

async function setUp(
  name: string,
): Promise<{ server: ArxivApiServer; store: PaperStore; expected: string[] }> {
  const server = await startArxivApiServer({ papers: corpus });
  const store = openStore({ path: path.join(directory, `${name}.db`) });
  cleanups.push(
    () => server.close(),
    () => store.close(),
  );
  return { server, store, expected: sortedIds(server.matching(searchQuery)) };
}

function sourceFor(server: ArxivApiServer) {
  return createArxivApiSource({ baseUrl: server.url, pageSize, http: fast }).forQuery(searchQuery);
}

function starts(server: ArxivApiServer, from = 0): number[] {
  return server.requests.slice(from).map((request) => Number(request.params.get('start')));
}

describe('resumable fetch into the store', () => {
  test('a fetch interrupted after two pages resumes at start=40, not 0', async () => {
    const { server, store, expected } = await setUp('interrupted');
    assert.ok(expected.length > 3 * pageSize, `${expected.length} papers`);
    const cursors = store.kv('fetch-cursors');
    const source = sourceFor(server);
    const controller = new AbortController();
    const progress: FetchProgress[] = [];
    await assert.rejects(
      runFetch({
        source,
        store,
        cursors,
        signal: controller.signal,
        onProgress: (step) => {
          progress.push(step);
          if (step.pages === 2) controller.abort();
        },
      }),
      (error: unknown) => error instanceof Error && error.name === 'AbortError',
    );
    assert.equal(store.count(), 2 * pageSize);
    assert.deepEqual(cursors.get(source.key), { source: 'arxiv-api', cursor: { start: 2 * pageSize } });
    assert.equal(progress[1]?.new, 2 * pageSize);

    const before = server.requests.length;
    const lines: string[] = [];
    const result = await runFetch({ source, store, cursors, log: (line) => lines.push(line) });
    assert.equal(starts(server, before)[0], 2 * pageSize);
    assert.ok(!starts(server, before).includes(0));
    assert.deepEqual(result.resumedFrom, { start: 2 * pageSize });
    assert.equal(result.new, expected.length - 2 * pageSize);
    assert.equal(result.unchanged, 0);
    assert.deepEqual(sortedIds(store.getMany(expected)), expected);
    assert.equal(store.count(), expected.length);
    assert.equal(cursors.get(source.key), undefined, 'the cursor is gone once the fetch completed');
    assert.ok(lines.some((line) => line.includes('resuming an interrupted fetch from {"start":40}')));
  });

  test('dying between storing a page and saving its cursor repeats that page and loses nothing', async () => {
    const { server, store, expected } = await setUp('crash');
    const real = store.kv('fetch-cursors');
    let saves = 0;
    // The process "dies" right after page 2's transaction, before page 2's cursor is written.
    const dying: KeyValueArea = {
      get: (key) => real.get(key),
      delete: (key) => real.delete(key),
      set: (key, value) => {
        saves += 1;
        if (saves === 2) throw new DigestError('STORE', 'simulated kill -9');
        real.set(key, value);
      },
    };
    const source = sourceFor(server);
    await assert.rejects(runFetch({ source, store, cursors: dying }), /simulated kill -9/);
    assert.equal(store.count(), 2 * pageSize, 'page 2 was committed');
    assert.deepEqual(real.get(source.key), { source: 'arxiv-api', cursor: { start: pageSize } });

    const before = server.requests.length;
    const result = await runFetch({ source, store, cursors: real });
    assert.equal(starts(server, before)[0], pageSize, 'page 2 is fetched again');
    assert.equal(result.unchanged, pageSize, 'the repeated page changes nothing');
    assert.equal(result.new, expected.length - 2 * pageSize);
    assert.equal(store.count(), expected.length);
    assert.deepEqual(sortedIds(store.getMany(expected)), expected);
  });

  test('dying inside a page transaction keeps the cursor before that page', async () => {
    const { server, store, expected } = await setUp('crash-in-transaction');
    const cursors = store.kv('fetch-cursors');
    let transactions = 0;
    const dying = {
      upsertMany: (papers: Iterable<Paper>) => {
        transactions += 1;
        if (transactions === 2) throw new DigestError('STORE', 'simulated kill -9 during the transaction');
        return store.upsertMany(papers);
      },
    };
    const source = sourceFor(server);
    await assert.rejects(runFetch({ source, store: dying, cursors }), /simulated kill -9/);
    assert.equal(store.count(), pageSize);
    assert.deepEqual(cursors.get(source.key), { source: 'arxiv-api', cursor: { start: pageSize } });
    const before = server.requests.length;
    await runFetch({ source, store, cursors });
    assert.equal(starts(server, before)[0], pageSize);
    assert.deepEqual(sortedIds(store.getMany(expected)), expected, 'page 2 was not lost');
  });

  test('resume: false starts over and drops the stored cursor', async () => {
    const { server, store, expected } = await setUp('restart');
    const cursors = store.kv('fetch-cursors');
    const source = sourceFor(server);
    cursors.set(source.key, { source: 'arxiv-api', cursor: { start: 60 } });
    const result = await runFetch({ source, store, cursors, resume: false });
    assert.equal(starts(server)[0], 0);
    assert.equal(result.resumedFrom, null);
    assert.equal(result.read, expected.length);
    assert.equal(result.new, expected.length);
    assert.equal(result.pages, Math.ceil(expected.length / pageSize));
    assert.equal(cursors.get(source.key), undefined);
  });

  test('a cursor stored by another source, or unreadable, is not used', async () => {
    const { server, store } = await setUp('foreign');
    const cursors = store.kv('fetch-cursors');
    const source = sourceFor(server);
    cursors.set(source.key, { source: 'oai-pmh', cursor: { resumptionToken: 'x', params: {} } });
    await runFetch({ source, store, cursors });
    assert.equal(starts(server)[0], 0);
    const lines: string[] = [];
    const logged = createArxivApiSource({
      baseUrl: server.url,
      pageSize,
      http: fast,
      log: (l) => lines.push(l),
    });
    cursors.set(source.key, { source: 'arxiv-api', cursor: { start: -5 } });
    const before = server.requests.length;
    const result = await runFetch({ source: logged.forQuery(searchQuery), store, cursors });
    assert.equal(starts(server, before)[0], 0);
    assert.ok(lines.includes('[arxiv-api] ignoring an unreadable stored cursor; starting over'));
    assert.equal(result.unchanged, result.read);
    assert.equal(cursors.get(source.key), undefined);
  });

  test('an error carries what was stored before it', async () => {
    const server = await startArxivApiServer({
      papers: corpus,
      faults: [{ on: [2, 3], kind: 'status', status: 500 }],
    });
    const store = openStore({ path: ':memory:' });
    cleanups.push(
      () => server.close(),
      () => store.close(),
    );
    const source = createArxivApiSource({
      baseUrl: server.url,
      pageSize,
      http: { ...fast, maxAttempts: 2 },
    }).forQuery(searchQuery);
    await assert.rejects(
      runFetch({ source, store, cursors: store.kv('fetch-cursors') }),
      (error: unknown) => {
        assert.ok(error instanceof DigestError);
        assert.equal(error.code, 'HTTP');
        assert.match(error.message, /^\[arxiv-api\] HTTP 500 after 2 tries for page 2 of /);
        assert.deepEqual(error.details?.fetched, {
          pages: 1,
          read: pageSize,
          new: pageSize,
          updated: 0,
          unchanged: 0,
          problems: 0,
          deleted: 0,
        });
        return true;
      },
    );
  });
});
