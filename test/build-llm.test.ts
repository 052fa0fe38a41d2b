import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadSeedPapers } from './helpers/arxiv-data.ts';
import { runCli, seedPapersFile, temporaryDirectory } from './helpers/cli.ts';
import {
  answers,
  asksForChinese,
  type ChatRequestInfo,
  directionNamesAnswer,
  type OpenAiServer,
  type ServerAnswer,
  startOpenAiServer,
} from './helpers/openai-server.ts';

const seeds = loadSeedPapers();
const badPaper = '2511.21678';

/** The server's summary for a paper (a fixed table by id): prose around the paper's short title. */
function summaryFor(id: string, chinese: boolean): { summary: string; key: string } {
  const title = seeds.find((seed) => seed.id === id)?.title ?? id;
  const key = (title.split(':')[0] ?? title).slice(0, 40).trim();
  const summary = chinese
    ? `服务器摘要：该工作提出了 ${key}，用于解决相关的研究问题。作者在公开的基准上验证了该方法的效果。`
    : `Server summary: the work presents ${key} for the problem it studies. The authors evaluate it on public benchmarks.`;
  return { summary, key };
}

/** When set, this paper's answers are invalid JSON, every time. */
let invalidPaper: string | null = null;

function answer(request: ChatRequestInfo): ServerAnswer {
  const chinese = asksForChinese(request);
  const names = directionNamesAnswer(request, (index, chinese) => ({
    name: chinese
      ? `服务器方向${'一二三四五六七八九十'[index] ?? index + 1}`
      : `Server direction ${'ABCDEFGHIJ'[index]}`,
    overview: chinese
      ? '这一方向的论文研究相近的多模态问题。'
      : 'The papers of this direction study related questions.',
  }));
  if (names) return names;
  if (request.paperId === invalidPaper) return answers.invalidJson();
  const { summary, key } = summaryFor(request.paperId ?? '', chinese);
  return answers.summary(summary, key);
}

describe('build with an OpenAI-compatible server (OPENAI_BASE_URL)', () => {
  let server: OpenAiServer;
  const cwd = temporaryDirectory();
  let env: Record<string, string>;
  before(async () => {
    server = await startOpenAiServer({ answer, delayMs: 150 });
    env = {
      OPENAI_BASE_URL: server.url,
      ARXIV_DIGEST_DB: path.join(cwd, 'store.db'),
      ARXIV_DIGEST_MODEL: 'test-model',
    };
  });
  after(() => server.close());

  it("uses the server's summaries and runs calls concurrently; a second run makes 0 requests", async () => {
    const result = await runCli(
      ['build', '--input', seedPapersFile, '--lang', 'zh', '--out', 'D', '--json'],
      { cwd, env },
    );
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as Report;
    assert.ok(server.maxInFlight >= 4, `max in flight ${server.maxInFlight}`);
    assert.ok(report.llm.requests >= 31, `requests ${report.llm.requests}`);
    assert.ok(report.check.ok);
    assert.ok(report.directions.every((direction) => direction.name.startsWith('服务器方向')));
    const post = readFileSync(path.join(cwd, report.outputs.markdown), 'utf8');
    assert.match(post, /服务器摘要：该工作提出了 \*\*Canvas-to-Image\*\*/);
    // The three papers without an abstract in the metadata are not sent: they get the honest extractive note.
    assert.deepEqual(report.llm.fallbacks.map((fallback) => fallback.paperId).sort(), noAbstract);

    server.reset();
    const again = await runCli(['build', '--input', seedPapersFile, '--lang', 'zh', '--out', 'D', '--json'], {
      cwd,
      env,
    });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(server.requests.length, 0, 'summaries and direction names come from the cache');
    assert.equal((JSON.parse(again.stdout) as Report).llm.cached, 31);
    assert.ok(readFileSync(path.join(cwd, report.outputs.markdown)).equals(Buffer.from(post)));
  });

  it('a paper whose answer is invalid JSON twice is reported and gets the extractive summary', async () => {
    invalidPaper = badPaper;
    server.reset();
    const result = await runCli(
      ['build', '--input', seedPapersFile, '--lang', 'en', '--out', 'D', '--json'],
      { cwd, env },
    );
    invalidPaper = null;
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as Report;
    assert.equal(report.engine, 'mixed');
    assert.equal(server.chatRequests(badPaper).length, 2, 'one request and one re-ask');
    assert.deepEqual(
      report.llm.fallbacks.map((fallback) => fallback.paperId).sort(),
      [badPaper, ...noAbstract].sort(),
    );
    assert.match(
      report.llm.fallbacks.find((fallback) => fallback.paperId === badPaper)?.reason ?? '',
      /JSON/i,
    );
    assert.match(result.stderr, new RegExp(`${badPaper.replace('.', '\\.')}: extractive summary`));
    const post = readFileSync(path.join(cwd, report.outputs.markdown), 'utf8');
    const paragraph = post.split('\n\n').find((block) => block.includes(`abs/${badPaper}`)) ?? '';
    assert.doesNotMatch(paragraph, /Server summary/);
    assert.match(paragraph, /We thus introduce/, 'sentences of the abstract');
    assert.match(paragraph, /Extractive summary/i, 'marked as the fallback');
    assert.match(post, /Server summary: the work presents \*\*Canvas-to-Image\*\*/);
  });
});

interface Report {
  engine: string;
  llm: { requests: number; cached: number; fallbacks: { paperId: string; reason: string }[] };
  check: { ok: boolean };
  directions: { name: string }[];
  outputs: { markdown: string };
}

const noAbstract = ['2501.12422', '2502.14914', '2506.09738'];

describe('build --embeddings and --max-tokens against the local server', () => {
  let server: OpenAiServer;
  const cwd = temporaryDirectory();
  before(async () => {
    server = await startOpenAiServer({ answer });
  });
  after(() => server.close());

  it("clusters on the provider's /embeddings vectors", async () => {
    const env = { OPENAI_BASE_URL: server.url, ARXIV_DIGEST_DB: path.join(cwd, 'embeddings.db') };
    const result = await runCli(
      ['build', '--input', seedPapersFile, '--lang', 'en', '--embeddings', '--out', 'E', '--json'],
      { cwd, env },
    );
    assert.equal(result.code, 0, result.stderr);
    const embeddingRequests = server.requests.filter((request) => request.kind === 'embeddings');
    assert.ok(embeddingRequests.length >= 1, 'the vectors came from /v1/embeddings');
    assert.equal(embeddingRequests[0]?.body.encoding_format, 'float');
    const report = JSON.parse(result.stdout) as Report;
    assert.ok(report.directions.length >= 3 && report.directions.length <= 8);
  });

  it('--max-tokens stops spending at the budget and says which papers were left undone', async () => {
    server.reset();
    const env = { OPENAI_BASE_URL: server.url, ARXIV_DIGEST_DB: path.join(cwd, 'budget.db') };
    const result = await runCli(
      [
        'build',
        '--input',
        seedPapersFile,
        '--lang',
        'en',
        '--max-tokens',
        '1',
        '--concurrency',
        '1',
        '--out',
        'B',
        '--json',
      ],
      { cwd, env },
    );
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as Report & { llm: { leftUndone: string[] } };
    assert.ok(report.llm.leftUndone.length >= 25, `${report.llm.leftUndone.length} left undone`);
    assert.ok(report.llm.requests <= 2, `${report.llm.requests} requests after the budget of 1 token`);
    assert.match(result.stderr, /token budget reached: \d+ papers left to the extractive engine/);
  });
});
