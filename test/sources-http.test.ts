import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { DigestError } from '../src/core/errors.ts';
import { seededRandom } from '../src/core/random.ts';
import {
  arxivMinIntervalMs,
  backoffMs,
  createPoliteClient,
  defaultUserAgent,
  normalizePoliteSettings,
  type PoliteClientSettings,
  parseRetryAfter,
  politeIntervalMs,
} from '../src/sources/http.ts';
import {
  type FakeServer,
  type Fault,
  gapsBetween,
  recordingFetch,
  startFakeServer,
} from './helpers/arxiv-servers.ts';

const okBody = '<ok/>';
const servers: FakeServer[] = [];
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function server(faults: Fault[] = []): Promise<FakeServer> {
  const started = await startFakeServer(() => ({ status: 200, body: okBody }), faults);
  servers.push(started);
  return started;
}

/** A clock that only moves when the client sleeps: waits are recorded, never spent. */
function fakeTime(startIso = '2025-11-28T12:00:00Z') {
  let now = Date.parse(startIso);
  const sleeps: number[] = [];
  return {
    clock: { now: () => new Date(now) },
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
    nowMs: () => now,
  };
}

const fastRetries: PoliteClientSettings = {
  minIntervalMs: 20,
  backoffBaseMs: 20,
  backoffMaxMs: 50,
  timeoutMs: 2000,
};

function get(client: ReturnType<typeof createPoliteClient>, url: string, what = 'page 2 of "cat:cs.CV"') {
  return client.request({
    url,
    endpoint: 'arxiv-api',
    what,
    hint: 'retry later or use --source oai',
    parse: (body) => body,
  });
}

describe('settings', () => {
  test('arXiv hosts never get less than 3 s; other hosts keep the configured interval', () => {
    for (const url of [
      'https://export.arxiv.org/api/query',
      'https://arxiv.org/list',
      'https://oaipmh.arxiv.org/oai',
      'https://rss.arxiv.org/rss/cs.CV',
      'HTTPS://EXPORT.ARXIV.ORG./api',
    ]) {
      assert.equal(politeIntervalMs(200, url), arxivMinIntervalMs, url);
      assert.equal(politeIntervalMs(5000, url), 5000, url);
    }
    for (const url of [
      'http://127.0.0.1:8080/api/query',
      'https://notarxiv.org/',
      'https://arxiv.org.example.com/',
    ]) {
      assert.equal(politeIntervalMs(200, url), 200, url);
    }
  });

  test('defaults and validation', () => {
    const settings = normalizePoliteSettings();
    assert.equal(settings.minIntervalMs, 3000);
    assert.equal(settings.maxAttempts, 5);
    assert.equal(settings.maxRetryAfterMs, 300_000);
    assert.equal(settings.userAgent, defaultUserAgent);
    assert.match(settings.userAgent, /^arxiv-digest\/0\.1 \(\+https:\/\/github\.com\/.+\)$/);
    assert.throws(
      () => normalizePoliteSettings({ maxAttempts: 0 }),
      (error: unknown) =>
        error instanceof DigestError && error.code === 'CONFIG' && /maxAttempts/.test(error.message),
    );
  });

  test('Retry-After: delta seconds and HTTP-date relative to the given clock', () => {
    const now = Date.parse('2025-11-28T12:00:00Z');
    assert.equal(parseRetryAfter('10', now), 10_000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.equal(parseRetryAfter('Fri, 28 Nov 2025 12:00:07 GMT', now), 7000);
    assert.equal(parseRetryAfter('Fri, 28 Nov 2025 11:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), null);
    assert.equal(parseRetryAfter('-5', now), null);
    assert.equal(parseRetryAfter(null, now), null);
  });

  test('backoff grows exponentially with seeded jitter, within [half, full] of the ceiling', () => {
    const settings = normalizePoliteSettings({ backoffBaseMs: 1000, backoffMaxMs: 8000 });
    const first = seededRandom(7);
    const second = seededRandom(7);
    const waits = [1, 2, 3, 4, 5].map((attempt) => backoffMs(settings, attempt, first));
    assert.deepEqual(
      waits,
      [1, 2, 3, 4, 5].map((attempt) => backoffMs(settings, attempt, second)),
    );
    const ceilings = [1000, 2000, 4000, 8000, 8000];
    waits.forEach((wait, index) => {
      const ceiling = ceilings[index] as number;
      assert.ok(wait >= ceiling / 2 && wait <= ceiling, `${wait} within [${ceiling / 2}, ${ceiling}]`);
    });
    const other = [1, 2, 3, 4, 5].map((attempt) => backoffMs(settings, attempt, seededRandom(8)));
    assert.notDeepEqual(waits, other);
  });
});

describe('requests against a local server', () => {
  test('sends the user agent and returns the parsed body', async () => {
    const local = await server();
    const client = createPoliteClient({ minIntervalMs: 0 });
    assert.equal(await get(client, `${local.origin}/x`), okBody);
    assert.equal(local.requests[0]?.headers['user-agent'], defaultUserAgent);
  });

  test('one request at a time, starts at least minIntervalMs apart, even when called together', async () => {
    const local = await server();
    const recorder = recordingFetch();
    const client = createPoliteClient({ minIntervalMs: 200, fetch: recorder.fetch });
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) => get(client, `${local.origin}/${n}`, `request ${n}`)),
    );
    assert.deepEqual(results, [okBody, okBody, okBody, okBody]);
    assert.equal(local.maxInFlight, 1);
    assert.deepEqual(
      local.requests.map((request) => request.path),
      ['/1', '/2', '/3', '/4'],
    );
    for (const gap of gapsBetween(recorder.starts)) assert.ok(gap >= 200, `gap ${gap} ms >= 200 ms`);
  });

  test('503 with Retry-After in seconds: the retry starts at least that long after', async () => {
    const local = await server([{ on: 1, kind: 'status', status: 503, retryAfter: '1' }]);
    const recorder = recordingFetch();
    const lines: string[] = [];
    const client = createPoliteClient({
      ...fastRetries,
      fetch: recorder.fetch,
      log: (line) => lines.push(line),
    });
    assert.equal(await get(client, `${local.origin}/p`), okBody);
    assert.equal(local.requests.length, 2);
    const [gap] = gapsBetween(recorder.starts);
    assert.ok(gap !== undefined && gap >= 1000, `gap ${gap} ms >= 1000 ms`);
    assert.ok(
      lines.includes(
        '[arxiv-api] HTTP 503 (try 1 of 5); waiting 1s (Retry-After) before page 2 of "cat:cs.CV"',
      ),
      lines.join('\n'),
    );
  });

  test('429 with an HTTP-date Retry-After waits until that date on the injected clock', async () => {
    const time = fakeTime('2025-11-28T12:00:00Z');
    const local = await server([
      { on: 1, kind: 'status', status: 429, retryAfter: 'Fri, 28 Nov 2025 12:00:07 GMT' },
      { on: 2, kind: 'status', status: 503, retryAfter: '2' },
    ]);
    const client = createPoliteClient({ ...fastRetries, clock: time.clock, sleep: time.sleep });
    assert.equal(await get(client, `${local.origin}/p`), okBody);
    assert.deepEqual(time.sleeps, [7000, 2000]);
    assert.equal(local.requests.length, 3);
  });

  test('Retry-After beyond maxRetryAfterMs stops at once with a clear error', async () => {
    const local = await server([{ on: 1, kind: 'status', status: 503, retryAfter: '3600' }]);
    const client = createPoliteClient({ ...fastRetries, maxRetryAfterMs: 300_000 });
    await assert.rejects(get(client, `${local.origin}/p`), (error: unknown) => {
      assert.ok(error instanceof DigestError);
      assert.equal(error.code, 'HTTP');
      assert.equal(
        error.toOneLine(),
        '[arxiv-api] HTTP 503 asks to wait 3600s (Retry-After) before page 2 of "cat:cs.CV", more than the 300s limit; arXiv is overloaded or limiting this address; retry later',
      );
      return true;
    });
    assert.equal(local.requests.length, 1);
  });

  test('retries exhausted: one line naming endpoint, page, tries and what to do', async () => {
    const local = await server([{ on: [1, 2, 3], kind: 'status', status: 503 }]);
    const client = createPoliteClient({ ...fastRetries, maxAttempts: 3 });
    await assert.rejects(get(client, `${local.origin}/p`, 'page 3 of "all:multimodal"'), (error: unknown) => {
      assert.ok(error instanceof DigestError);
      assert.equal(error.code, 'HTTP');
      assert.equal(
        error.toOneLine(),
        '[arxiv-api] HTTP 503 after 3 tries for page 3 of "all:multimodal"; retry later or use --source oai',
      );
      assert.equal(error.details?.attempts, 3);
      return true;
    });
    assert.equal(local.requests.length, 3);
  });

  test('backoff waits (no Retry-After) come from the seeded jitter and respect the interval', async () => {
    const time = fakeTime();
    const local = await server([{ on: [1, 2], kind: 'status', status: 502 }]);
    const settings = { minIntervalMs: 10, backoffBaseMs: 1000, backoffMaxMs: 60_000, seed: 3 };
    const client = createPoliteClient({ ...settings, clock: time.clock, sleep: time.sleep });
    assert.equal(await get(client, `${local.origin}/p`), okBody);
    const random = seededRandom(3);
    const expected = [1, 2].map((attempt) => backoffMs(normalizePoliteSettings(settings), attempt, random));
    assert.deepEqual(time.sleeps, expected);
  });

  test('connection reset before and during the body is retried', async () => {
    const local = await server([
      { on: 1, kind: 'reset' },
      { on: 2, kind: 'reset', phase: 'mid-body' },
    ]);
    const lines: string[] = [];
    const client = createPoliteClient({ ...fastRetries, log: (line) => lines.push(line) });
    assert.equal(await get(client, `${local.origin}/p`), okBody);
    assert.equal(local.requests.length, 3);
    assert.equal(lines.filter((line) => line.includes('(backoff)')).length, 2, lines.join('\n'));
  });

  test('a stall before the headers and a stalled body both time out and are retried', async () => {
    const local = await server([
      { on: 1, kind: 'stall' },
      { on: 2, kind: 'stall', phase: 'body' },
    ]);
    const lines: string[] = [];
    const client = createPoliteClient({ ...fastRetries, timeoutMs: 300, log: (line) => lines.push(line) });
    assert.equal(await get(client, `${local.origin}/p`), okBody);
    assert.equal(local.requests.length, 3);
    assert.equal(lines.filter((line) => line.includes('timed out after 0.3s')).length, 2, lines.join('\n'));
  });

  test('network failures exhausted give a NETWORK error', async () => {
    const local = await server([{ on: [1, 2], kind: 'reset' }]);
    const client = createPoliteClient({ ...fastRetries, maxAttempts: 2 });
    await assert.rejects(get(client, `${local.origin}/p`), (error: unknown) => {
      assert.ok(error instanceof DigestError);
      assert.equal(error.code, 'NETWORK');
      assert.match(
        error.toOneLine(),
        /^\[arxiv-api\] connection reset \([A-Z_]+\) after 2 tries for page 2 of "cat:cs\.CV"; retry later or use --source oai$/,
      );
      return true;
    });
  });

  test('a truncated 2xx body that the parser rejects is fetched again', async () => {
    const local = await startFakeServer(
      () => ({ status: 200, body: '<feed><entry>complete</entry></feed>' }),
      [{ on: 1, kind: 'truncate' }],
    );
    servers.push(local);
    const client = createPoliteClient(fastRetries);
    const body = await client.request({
      url: `${local.origin}/feed`,
      endpoint: 'arxiv-api',
      what: 'page 1',
      parse: (text) => {
        if (!text.endsWith('</feed>')) throw new DigestError('PROTOCOL', 'truncated XML');
        return text;
      },
    });
    assert.equal(body, '<feed><entry>complete</entry></feed>');
    assert.equal(local.requests.length, 2);
  });

  test('404 is not retried and names the URL', async () => {
    const local = await server([{ on: 1, kind: 'status', status: 404 }]);
    const client = createPoliteClient(fastRetries);
    await assert.rejects(get(client, `${local.origin}/missing`), (error: unknown) => {
      assert.ok(error instanceof DigestError);
      assert.equal(error.code, 'HTTP');
      assert.equal(
        error.toOneLine(),
        `[arxiv-api] HTTP 404 for page 2 of "cat:cs.CV"; check the URL ${local.origin}/missing`,
      );
      return true;
    });
    assert.equal(local.requests.length, 1);
  });

  test('the caller can cancel while the client waits', async () => {
    const local = await server();
    const client = createPoliteClient({ minIntervalMs: 60_000 });
    await get(client, `${local.origin}/first`);
    const controller = new AbortController();
    const pending = client.request({
      url: `${local.origin}/second`,
      endpoint: 'rss',
      what: 'the feed',
      signal: controller.signal,
      parse: (body) => body,
    });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending, (error: unknown) => error instanceof Error && error.name === 'AbortError');
    assert.equal(local.requests.length, 1);
  });
});
