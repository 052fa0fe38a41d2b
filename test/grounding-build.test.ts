import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { languageProblem } from '../src/core/text.ts';
import { sharedDataUrl } from './helpers/arxiv-data.ts';
import { runCli, temporaryDirectory } from './helpers/cli.ts';
import {
  answers,
  type ChatRequestInfo,
  directionNamesAnswer,
  type OpenAiServer,
  type ServerAnswer,
  startOpenAiServer,
} from './helpers/openai-server.ts';

/**
 * One real `build` (zh) over one real day (2025-11-28) through the OpenAI stand-in, answering with
 * the stored DeepSeek summaries: proves the wiring of the answer check, the grounding step and the
 * checked namer. The model names direction 1 "Canvas-to-Image" (English) every time it is asked,
 * and one paper's answer carries a planted venue and a planted number.
 */

const dayFile = fileURLToPath(new URL('arxiv-days/2025-11-28.jsonl', sharedDataUrl));
const anchors = new Map<string, string>();
for (const line of readFileSync(dayFile, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const record = JSON.parse(line) as { id: string; anchor_ai?: { tldr?: string; result?: string } | null };
  if (record.anchor_ai)
    anchors.set(record.id, `${record.anchor_ai.tldr ?? ''}${record.anchor_ai.result ?? ''}`);
}
const planted = [...anchors.keys()][0] ?? '';
const plantedVenue = '该成果已被 CVPR 2026 接收。';
const plantedNumber = '在基准上准确率达到 97.3%。';

function answer(request: ChatRequestInfo): ServerAnswer {
  const names = directionNamesAnswer(request, (index) => ({
    name: index === 0 ? 'Canvas-to-Image' : `多模态研究方向${'一二三四五六七八九十'[index] ?? index}`,
    overview: '这一方向的论文研究相近的问题。',
  }));
  if (names) return names;
  const id = request.paperId ?? '';
  const stored = anchors.get(id) ?? '提出了一种方法。作者在公开基准上验证了它。';
  const summary = id === planted ? `${stored}${plantedVenue}${plantedNumber}` : stored;
  const keyPhrase = (summary.split(/[，。；]/).find((clause) => clause.trim().length >= 4) ?? summary).trim();
  return answers.summary(summary, keyPhrase);
}

let server: OpenAiServer;
const cwd = temporaryDirectory();
before(async () => {
  server = await startOpenAiServer({ answer });
});
after(() => server.close());

interface Report {
  llm: { fallbacks: { paperId: string; reason: string }[] };
  check: { ok: boolean };
  directions: { name: string; overview: string }[];
  outputs: { markdown: string };
}

test('a zh build whose model names a direction in English exits 0 with a Chinese name; planted claims stay out', async (t) => {
  assert.ok(anchors.size >= 10, `only ${anchors.size} stored summaries`);
  const result = await runCli(['build', '--input', dayFile, '--lang', 'zh', '--out', 'posts', '--json'], {
    cwd,
    env: {
      OPENAI_BASE_URL: server.url,
      ARXIV_DIGEST_DB: path.join(cwd, 'store.db'),
      ARXIV_DIGEST_MODEL: 'test-model',
    },
  });
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as Report;
  assert.ok(report.directions.length >= 2, `${report.directions.length} directions`);
  for (const direction of report.directions) {
    assert.equal(languageProblem(direction.name, 'zh'), null, direction.name);
    assert.notEqual(direction.name, 'Canvas-to-Image');
  }
  // Asked once more with the reason, then replaced and reported.
  const namingRequests = server
    .chatRequests()
    .filter((request) => (request.body.messages?.[0]?.content ?? '').includes('research directions'));
  assert.equal(namingRequests.length, 2);
  assert.match(
    namingRequests[1]?.body.messages?.at(-1)?.content ?? '',
    /direction 1: the name "Canvas-to-Image" is not written in Chinese/,
  );
  assert.match(result.stderr, /offline names for direction\(s\) 1/);
  t.diagnostic(`direction 1 is now "${report.directions[0]?.name}"`);

  const post = readFileSync(path.join(cwd, report.outputs.markdown), 'utf8');
  const paragraph = post.split('\n').find((line) => line.includes(`abs/${planted}`)) ?? assert.fail(planted);
  assert.doesNotMatch(post, /CVPR 2026|97\.3/);
  // The venue sentence is dropped; the planted number is refused, so the paper falls back, reported.
  const fallback = report.llm.fallbacks.find((entry) => entry.paperId === planted);
  assert.match(fallback?.reason ?? '', /numbers not in the abstract: 97\.3%/);
  assert.match(paragraph, /抽取式摘要|Extractive summary/);
  const published = Object.keys(Object.fromEntries(anchors)).filter((id) => id !== planted);
  const fellBack = report.llm.fallbacks.map((entry) => entry.paperId).filter((id) => id !== planted);
  t.diagnostic(
    `${published.length - fellBack.length} of ${published.length} stored summaries published as written or repaired`,
  );
  assert.ok(report.check.ok, 'the post passes the claim check');
});
