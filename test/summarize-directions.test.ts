import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DigestError } from '../src/core/errors.ts';
import {
  createLlmDirectionNamer,
  type DirectionNamerLike,
  type DirectionNamingInput,
} from '../src/summarize/direction-namer.ts';
import { answers, type ServerAnswer, startOpenAiServer } from './helpers/openai-server.ts';
import { loadSeedPapers } from './helpers/summarize-papers.ts';

const seed = loadSeedPapers();
const input: DirectionNamingInput = {
  language: 'en',
  papers: seed.map((paper) => ({ id: paper.id, title: paper.title, abstract: paper.abstract })),
  clusters: [
    {
      paperIds: ['2511.21691', '2511.21146'],
      representativeIds: ['2511.21691'],
      keywords: ['generation', 'diffusion', 'editing'],
    },
    {
      paperIds: ['2511.15848', '2511.21395', '2511.17490'],
      representativeIds: ['2511.21395'],
      keywords: ['reasoning', 'audio', 'video'],
    },
    {
      paperIds: ['2511.20994', '2511.21574'],
      representativeIds: ['2511.20994'],
      keywords: ['safety', 'robustness', 'adversarial'],
    },
  ],
};

const offlineCalls: DirectionNamingInput[] = [];
const offline: DirectionNamerLike = {
  async name(given) {
    offlineCalls.push(given);
    return given.clusters.map((cluster) => ({
      name: cluster.keywords.slice(0, 2).join(' / '),
      overview: 'Offline overview.',
    }));
  },
};

const directionsAnswer = (entries: { index: number; name: string; overview: string }[]): ServerAnswer => ({
  content: JSON.stringify({ directions: entries }),
});

async function nameWith(script: ServerAnswer[], given = input) {
  const server = await startOpenAiServer({
    answer: (request) => script[Math.min(request.attempt, script.length) - 1] as ServerAnswer,
  });
  offlineCalls.length = 0;
  try {
    const namer = createLlmDirectionNamer({ baseURL: server.url, model: 'm', fallback: offline });
    return { labels: await namer.name(given), requests: server.chatRequests() };
  } finally {
    await server.close();
  }
}

const good = [
  {
    index: 1,
    name: 'Controllable Image and Audio Generation',
    overview: 'These papers steer diffusion generators with many controls.',
  },
  {
    index: 2,
    name: 'Multimodal Reasoning',
    overview: 'These papers teach models to reason over audio, images and video.',
  },
  {
    index: 3,
    name: 'Safety and Robustness',
    overview: 'These papers audit and harden multimodal models against attacks.',
  },
];

describe('LLM direction namer', () => {
  it('uses the model names when they pass, sending keywords and titles fenced as data', async () => {
    const { labels, requests } = await nameWith([directionsAnswer(good)]);
    assert.deepEqual(
      labels,
      good.map(({ name, overview }) => ({ name, overview })),
    );
    assert.equal(requests.length, 1);
    assert.equal(offlineCalls.length, 0);
    const user = requests[0]?.body.messages?.[1]?.content ?? '';
    assert.match(
      user,
      /^<directions>\nDirection 1\nKeywords: generation, diffusion, editing\nPapers:\n- Canvas-to-Image/,
    );
    assert.match(requests[0]?.body.messages?.[0]?.content ?? '', /exactly 3 entries/);
  });

  it('falls back per direction for names that fail the checks, after one re-ask', async () => {
    const bad = [
      good[0] as (typeof good)[number],
      { index: 2, name: 'Reasoning', overview: 'Accepted at NeurIPS 2025 with 99% accuracy.' },
      { index: 3, name: 'Multimodal Reasoning', overview: 'Duplicate of direction two.' },
    ];
    const { labels, requests } = await nameWith([directionsAnswer(bad)]);
    assert.equal(requests.length, 2);
    assert.match(requests[1]?.body.messages?.[3]?.content ?? '', /direction 2: .*venue/);
    assert.equal(labels[0]?.name, good[0]?.name);
    assert.deepEqual(labels[1], { name: 'reasoning / audio', overview: 'Offline overview.' });
    assert.equal(labels[2]?.name, 'Multimodal Reasoning');
    assert.equal(offlineCalls.length, 1);
  });

  it('invalid JSON twice or a failing server: every direction keeps its offline name', async () => {
    const invalid = await nameWith([answers.invalidJson()]);
    assert.equal(invalid.requests.length, 2);
    assert.deepEqual(
      invalid.labels.map((label) => label.name),
      ['generation / diffusion', 'reasoning / audio', 'safety / robustness'],
    );
    const failing = await nameWith([answers.status(503, 'down', 1)]);
    assert.equal(failing.labels.length, 3);
    assert.equal(failing.labels[2]?.overview, 'Offline overview.');
  });

  it('checks the language of zh overviews', async () => {
    const zh = [
      { index: 1, name: '可控生成', overview: '这些论文用多种控制信号引导扩散模型生成图像和音频。' },
      { index: 2, name: '多模态推理', overview: 'These papers reason.' },
      { index: 3, name: '安全与鲁棒性', overview: '这些论文审计并加固多模态模型。' },
    ];
    const { labels } = await nameWith([directionsAnswer(zh)], { ...input, language: 'zh' });
    assert.equal(labels[0]?.name, '可控生成');
    assert.equal(labels[1]?.overview, 'Offline overview.');
    assert.equal(labels[2]?.name, '安全与鲁棒性');
  });

  it('a rejected key fails the run', async () => {
    await assert.rejects(
      nameWith([answers.status(401, 'bad key')]),
      (error: unknown) => error instanceof DigestError && error.code === 'CONFIG',
    );
  });
});
