import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addDays, toIsoDate } from '../src/core/dates.ts';
import type { Paper } from '../src/core/paper.ts';
import { loadDay } from './helpers/arxiv-data.ts';
import { type ArxivApiServer, startArxivApiServer } from './helpers/arxiv-servers.ts';
import { runCli, temporaryDirectory } from './helpers/cli.ts';
import { gapsBetween, recordingFetch } from './helpers/fake-http-server.ts';

/**
 * `build --topic multimodal --days 7` fetches and builds in one command. The local arXiv API server
 * serves real listings (2025-11-24 .. 11-27) whose submission dates are moved into the last seven
 * days, because --days counts back from today.
 */
describe('build --topic multimodal --days 7 against a local arXiv API server', () => {
  let server: ArxivApiServer;
  const cwd = temporaryDirectory();
  const yesterday = addDays(toIsoDate(new Date()), -1);
  const days = ['2025-11-24', '2025-11-25', '2025-11-26', '2025-11-27'];
  const papers: Paper[] = days.flatMap((day, index) =>
    loadDay(day).map((paper) => ({ ...paper, published: addDays(yesterday, -2 * index), announced: null })),
  );
  before(async () => {
    server = await startArxivApiServer({ papers });
  });
  after(() => server.close());

  it('fetches the window page by page, politely, then builds the post from what it stored', async () => {
    const env = {
      ARXIV_API_URL: server.url,
      ARXIV_MIN_INTERVAL_MS: '40',
      ARXIV_DIGEST_DB: path.join(cwd, 'store.db'),
    };
    // The CLI runs in this process: wrapping the global fetch records when the client starts each
    // request (politeness is the client's; server arrival times would add network jitter).
    const recorder = recordingFetch();
    const realFetch = globalThis.fetch;
    globalThis.fetch = recorder.fetch;
    let result: Awaited<ReturnType<typeof runCli>>;
    try {
      result = await runCli(
        [
          'build',
          '--topic',
          'multimodal',
          '--days',
          '7',
          '--lang',
          'en',
          '--llm',
          'none',
          '--out',
          'posts',
          '--json',
        ],
        {
          cwd,
          env,
        },
      );
    } finally {
      globalThis.fetch = realFetch;
    }
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as {
      papers: number;
      window: { from: string; to: string };
      outputs: { markdown: string };
      fetch: { pages: number; read: number; new: number };
    };
    assert.deepEqual(report.window, { from: addDays(yesterday, -6), to: yesterday });
    const query = server.requests[0]?.params.get('search_query') ?? '';
    assert.match(query, /submittedDate:\[\d{8}0000 TO \d{8}2359\]/);
    assert.match(query, /cat:cs\.CV/);
    const matching = server.matching(query);
    assert.ok(matching.length > 100, `${matching.length} papers match the topic query`);
    assert.equal(server.requests.length, Math.ceil(matching.length / 100), 'one request per page of 100');
    const arxivStarts = recorder.starts.filter((start) => start.url.startsWith(server.url));
    assert.equal(arxivStarts.length, server.requests.length, 'every request went through the client');
    for (const gap of gapsBetween(arxivStarts))
      assert.ok(gap >= 40, `requests are spaced: ${gap} ms >= 40 ms`);
    assert.match(
      result.stderr,
      new RegExp(`fetch: ${server.requests.length} pages, read ${matching.length}, new ${matching.length}`),
    );
    assert.deepEqual(
      { pages: report.fetch.pages, read: report.fetch.read, new: report.fetch.new },
      { pages: server.requests.length, read: matching.length, new: matching.length },
    );
    assert.equal(report.papers, 30, 'the topic limit');
    const post = readFileSync(path.join(cwd, report.outputs.markdown), 'utf8');
    const served = new Set(matching.map((paper) => paper.id));
    const linked = [...post.matchAll(/\]\(https:\/\/arxiv\.org\/abs\/(\d{4}\.\d{5})/g)].map(
      (match) => match[1] as string,
    );
    assert.ok(linked.length >= 30);
    for (const id of linked) assert.ok(served.has(id), `${id} was served by the API`);
  });
});
