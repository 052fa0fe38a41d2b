import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadSeedPapers } from './helpers/arxiv-data.ts';
import { runCli, seedPapersFile, temporaryDirectory } from './helpers/cli.ts';
import {
  answers,
  type ChatRequestInfo,
  directionNamesAnswer,
  type OpenAiServer,
  type ServerAnswer,
  startOpenAiServer,
} from './helpers/openai-server.ts';

/**
 * Issue 6.1, LLM side, end to end: one real `build` of the 34 seed papers against a local
 * OpenAI-compatible server that plays a different fault for each of eleven papers. The promise: the SDK
 * retries HTTP failures, an invalid answer gets exactly one re-ask quoting the reason, and what still
 * fails gets the extractive summary, marked in the post and counted in the run summary; never
 * placeholder text. Fallbacks are not cached, so the next run asks again for those papers only.
 */

const seeds = loadSeedPapers();
const noAbstract = seeds.filter((seed) => !seed.abstract).map((seed) => seed.id);

type Fault = (request: ChatRequestInfo) => ServerAnswer | null;

/** Paper -> the fault it plays; null from a fault means "answer well this time". */
const faults = new Map<string, { name: string; play: Fault; requests: number; reason: RegExp | null }>([
  [
    '2511.21678',
    {
      name: '429 once',
      play: (r) => (r.attempt === 1 ? answers.status(429) : null),
      requests: 2,
      reason: null,
    },
  ],
  [
    '2511.21574',
    {
      name: '500 always',
      play: () => answers.status(500, 'upstream exploded'),
      requests: 3,
      reason: /the LLM call failed: HTTP 500 after 3 tries/,
    },
  ],
  [
    '2511.21500',
    {
      name: 'timeout always',
      play: () => answers.hang(5000),
      requests: 3,
      reason: /the LLM call failed: timed out after 1500 ms \(3 tries\)/,
    },
  ],
  [
    '2511.21194',
    {
      name: 'timeout once',
      play: (r) => (r.attempt === 1 ? answers.hang(5000) : null),
      requests: 2,
      reason: null,
    },
  ],
  [
    '2511.15848',
    {
      name: 'invalid JSON',
      play: () => answers.invalidJson(),
      requests: 2,
      reason: /invalid answer after one re-ask: .*JSON/i,
    },
  ],
  [
    '2511.21422',
    {
      name: 'JSON failing the schema',
      play: () => answers.schemaFailing(),
      requests: 2,
      reason: /invalid answer after one re-ask: .*(summary|key_innovation)/,
    },
  ],
  [
    '2511.21397',
    {
      name: 'wrong language',
      play: () => answers.wrongLanguage(),
      requests: 2,
      reason: /invalid answer after one re-ask: .*(English|language)/i,
    },
  ],
  [
    '2511.21395',
    {
      name: 'empty answer',
      play: () => answers.empty(),
      requests: 2,
      reason: /invalid answer after one re-ask: .*empty/i,
    },
  ],
  [
    '2511.21364',
    {
      name: 'refusal in the content',
      play: () => answers.refusal(),
      requests: 2,
      reason: /invalid answer after one re-ask: the model refused/,
    },
  ],
  [
    '2511.21331',
    {
      name: 'structured refusal',
      play: () => answers.structuredRefusal(),
      requests: 2,
      reason: /invalid answer after one re-ask: .*refus/i,
    },
  ],
  [
    '2510.22665',
    {
      name: 'invalid once, valid re-ask',
      play: (r) => (r.attempt === 1 ? answers.invalidJson() : null),
      requests: 2,
      reason: null,
    },
  ],
]);
const failing = [...faults].filter(([, fault]) => fault.reason !== null).map(([id]) => id);

/** Heals the server for the rerun. */
let healed = false;

function goodSummary(id: string): ServerAnswer {
  const title = seeds.find((seed) => seed.id === id)?.title ?? id;
  const key = (title.split(':')[0] ?? title).slice(0, 40).trim();
  return answers.summary(
    `Server summary: the work presents ${key} for the problem it studies. The authors evaluate it on public benchmarks.`,
    key,
  );
}

function answer(request: ChatRequestInfo): ServerAnswer {
  const _system = request.body.messages?.[0]?.content ?? '';
  const names = directionNamesAnswer(request, (index) => ({
    name: `Server direction ${'ABCDEFGHIJ'[index]}`,
    overview: 'The papers of this direction study related questions.',
  }));
  if (names) return names;
  const id = request.paperId ?? '';
  const played = healed ? null : (faults.get(id)?.play(request) ?? null);
  return played ?? goodSummary(id);
}

interface Report {
  engine: string;
  papers: number;
  llm: { requests: number; cached: number; reasks: number; fallbacks: { paperId: string; reason: string }[] };
  warnings: string[];
  check: { ok: boolean };
  outputs: { markdown: string };
}

/** The post's paragraph about a paper. */
function paragraphOf(post: string, id: string): string {
  return post.split('\n\n').find((block) => block.includes(`(https://arxiv.org/abs/${id}`)) ?? '';
}

describe('LLM faults through `build` (one run, a fault per paper)', () => {
  let server: OpenAiServer;
  const cwd = temporaryDirectory('arxiv-digest-llm-faults-');
  const env = {
    OPENAI_BASE_URL: '',
    ARXIV_DIGEST_DB: path.join(cwd, 'store.db'),
    ARXIV_DIGEST_MODEL: 'test-model',
  };
  const argv = [
    'build',
    '--input',
    seedPapersFile,
    '--lang',
    'en',
    '--llm',
    'llm',
    '--out',
    'posts',
    '--json',
  ];
  before(async () => {
    server = await startOpenAiServer({ answer });
    env.OPENAI_BASE_URL = server.url;
    // A short timeout (with headroom: a loaded machine must not time out a normal answer) and the
    // SDK's default two retries, from the config file as a user would set them.
    writeFileSync(path.join(cwd, 'arxiv-digest.config.yaml'), 'llm:\n  timeoutMs: 1500\n  maxRetries: 2\n');
  });
  after(() => server.close());

  it('retries, re-asks once with the reason, falls back (marked, counted), never placeholder text', async () => {
    const result = await runCli(argv, { cwd, env });
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as Report;
    assert.equal(report.engine, 'mixed');
    assert.equal(report.papers, seeds.length);
    assert.ok(report.check.ok, 'the post passes the claim check');

    // Counted in the run summary, each with its reason.
    const fallbacks = new Map(report.llm.fallbacks.map((entry) => [entry.paperId, entry.reason]));
    assert.deepEqual([...fallbacks.keys()].sort(), [...failing, ...noAbstract].sort());
    for (const id of failing) {
      const fault = faults.get(id);
      assert.match(fallbacks.get(id) ?? '', fault?.reason as RegExp, `${fault?.name}: ${fallbacks.get(id)}`);
      assert.ok(
        report.warnings.some((warning) => warning.startsWith(`${id}: extractive summary (`)),
        `${id} is among the warnings`,
      );
      assert.ok(
        result.stderr.includes(`warning: ${id}: extractive summary (`),
        `${id} is reported on stderr`,
      );
    }
    // Six papers answered junk twice, one answered junk once: seven re-asks, no more.
    assert.equal(report.llm.reasks, 7);

    // SDK retries for HTTP failures, one re-ask for invalid answers, nothing more.
    for (const [id, fault] of faults) {
      assert.equal(server.chatRequests(id).length, fault.requests, `${fault.name} (${id}): requests`);
    }
    for (const seed of seeds) {
      if (faults.has(seed.id)) continue;
      assert.equal(server.chatRequests(seed.id).length, noAbstract.includes(seed.id) ? 0 : 1, seed.id);
    }
    // The re-ask quotes the reason the answer was rejected.
    for (const id of [
      '2511.15848',
      '2511.21422',
      '2511.21397',
      '2511.21395',
      '2511.21364',
      '2511.21331',
      '2510.22665',
    ]) {
      const reask = server.chatRequests(id)[1]?.body.messages ?? [];
      const last = reask.at(-1)?.content ?? '';
      const rejected = reask.at(-2);
      assert.equal(rejected?.role, 'assistant', `${id}: the rejected answer is quoted`);
      assert.ok(last.length > 0 && !last.includes(id), `${id}: the re-ask is a short follow-up`);
      const reason = (fallbacks.get(id) ?? '').replace(/^invalid answer after one re-ask: /, '');
      if (reason) assert.ok(last.includes(reason), `${id}: the re-ask states "${reason}"`);
    }

    const post = readFileSync(path.join(cwd, report.outputs.markdown), 'utf8');
    for (const id of failing) {
      const paragraph = paragraphOf(post, id);
      assert.match(paragraph, /Extractive summary: the LLM summary failed for this paper/, `${id} is marked`);
      assert.doesNotMatch(paragraph, /Server summary|本文|I'm sorry|abstract_summary/, `${id}: no junk`);
    }
    for (const id of ['2511.21678', '2511.21194', '2510.22665']) {
      assert.match(paragraphOf(post, id), /Server summary: the work presents \*\*/, `${id}: the LLM answer`);
    }
    assert.doesNotMatch(
      post,
      /\bplaceholder\b|[Ll]orem ipsum|\bTODO\b|\bundefined\b|\bnull\b|\[object Object\]|\bNaN\b/,
    );
  });

  it('the rerun asks again only for the papers that fell back; the summary line counts the fallbacks', async () => {
    healed = true;
    server.reset();
    const result = await runCli(
      argv.filter((arg) => arg !== '--json'),
      { cwd, env },
    );
    assert.equal(result.code, 0, result.stderr);
    const asked = [...new Set(server.chatRequests().map((request) => request.paperId))]
      .filter((id): id is string => id !== null && seeds.some((seed) => seed.id === id))
      .sort();
    assert.deepEqual(asked, [...failing].sort(), 'cached summaries are not asked again');
    const cached = seeds.length - noAbstract.length - failing.length;
    assert.match(
      result.stdout,
      new RegExp(
        `^build: 34 papers, .*LLM calls ${failing.length} made / ${cached} cached, ${noAbstract.length} extractive fallbacks, `,
      ),
    );
    const post = readFileSync(path.join(cwd, 'posts', 'seed-papers-2025-11-27-en.md'), 'utf8');
    for (const id of failing) assert.match(paragraphOf(post, id), /Server summary/);
  });
});
