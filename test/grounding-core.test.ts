import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePaper } from '../src/core/paper.ts';
import { languageProblem, sentences } from '../src/core/text.ts';
import { unsupportedNumbers } from '../src/verify/grounding.ts';

/** The one sentence splitter, the one language test and the number rule of the grounding core. */

describe('one sentence splitter', () => {
  const cases: [string, string[]][] = [
    ['It was shown by Smith et al. Our method wins.', ['It was shown by Smith et al.', 'Our method wins.']],
    ['Smith et al. proposed it. It works.', ['Smith et al. proposed it.', 'It works.']],
    ['本文提出方法；效果很好。它快。', ['本文提出方法；效果很好。', '它快。']],
    [
      'We use e.g. GPT-4 and i.e. CLIP. Fig. 3 shows 9.4% gains vs. Baseline.',
      ['We use e.g. GPT-4 and i.e. CLIP.', 'Fig. 3 shows 9.4% gains vs. Baseline.'],
    ],
    ['The bound is $O(d^3). Next$ holds. Yes.', ['The bound is $O(d^3). Next$ holds.', 'Yes.']],
    ['它有两点：1. 建立框架；2. 利用动量。', ['它有两点：1. 建立框架；2. 利用动量。']],
    ['A wrapped\nline. Next one.', ['A wrapped line.', 'Next one.']],
  ];
  for (const [text, expected] of cases)
    it(JSON.stringify(text), () => assert.deepEqual(sentences(text), expected));
});

describe('one language test', () => {
  it('a zh name must be mostly Chinese; an en text has no CJK', () => {
    for (const name of ['GRPO 1', 'Canvas-to-Image', 'Multimodal LLM Agents'])
      assert.match(languageProblem(name, 'zh') ?? '', /not written in Chinese/, name);
    for (const name of ['基于 GRPO 的强化学习', '“reinforcement” 相关研究', '视频推理与训练'])
      assert.equal(languageProblem(name, 'zh'), null, name);
    assert.match(languageProblem('Video 推理', 'en') ?? '', /not written in English/);
    assert.equal(languageProblem('Video reasoning with $\\alpha$', 'en'), null);
  });
});

describe('numbers in every standard form', () => {
  const paper = makePaper({
    id: '2501.00001',
    title: 'A test paper',
    abstract:
      'We collect 3,119 videos and 10225 images in seven languages, 1.22 million pairs and 125K samples from ' +
      '247.9K clips over one million frames; accuracy of 0.9812, up to eighty percent fewer steps, twice as fast, ' +
      'a dozen tasks, fleets of 5 to 20 million cars, a $O(d^3)$ cost at a rate of $10^{-3}$ and $25.9\\%$ gains.',
  });
  const supported = [
    '3119 个视频',
    '10,225 张图像',
    '7种语言',
    '七种语言',
    '122万对',
    '12.5万个样本',
    '约24.8万个片段',
    '100万帧',
    '准确率98.12%',
    '准确率98.1%',
    '减少80%的步骤',
    '快2倍',
    '12个任务',
    '500万至2000万辆车',
    '代价为$O(d^3)$，学习率$10^{-3}$',
    '提升25.9%',
  ];
  for (const text of supported)
    it(`supports ${text}`, () => assert.deepEqual(unsupportedNumbers(text, paper), [], text));
  const unsupported = ['24.7万个片段', '3118 个视频', '九种语言', '准确率97.3%', '代价为$O(d^2)$', '快9倍'];
  for (const text of unsupported)
    it(`rejects ${text}`, () => assert.equal(unsupportedNumbers(text, paper).length, 1, text));
});

describe('the checked namer holds every label to the direction invariants', () => {
  const clusters = [
    { paperIds: ['a', 'b'], representativeIds: ['a'], keywords: ['reinforcement learning', 'reasoning'] },
    { paperIds: ['c'], representativeIds: ['c'], keywords: ['video', 'generation'] },
    { paperIds: ['d'], representativeIds: ['d'], keywords: ['robot', 'policy'] },
  ];
  const papers = ['a', 'b', 'c', 'd'].map((id) => ({ id, title: `Paper ${id}`, abstract: null }));
  const fixed = (labels: { name: string; overview: string }[]) => ({ name: async () => labels });
  const offline = fixed([
    { name: '强化学习与推理', overview: '这些论文研究强化学习与推理。' },
    { name: '视频生成', overview: '这些论文研究视频生成。' },
    { name: '机器人策略', overview: '这些论文研究机器人策略。' },
  ]);

  it('"GRPO 1" and "Canvas-to-Image" in a zh post get the offline names, and are reported', async () => {
    const { createCheckedNamer, directionLabelProblem } = await import('../src/pipeline/checked-namer.ts');
    const lines: string[] = [];
    const namer = createCheckedNamer(
      fixed([
        { name: 'GRPO 1', overview: '这些论文研究强化学习。' },
        { name: 'Canvas-to-Image', overview: '这些论文研究图像生成。' },
        { name: '机器人操作', overview: '这些论文研究机器人操作。' },
      ]),
      offline,
      (line) => lines.push(line),
    );
    const input = { clusters, papers, language: 'zh' as const };
    const labels = await namer.name(input);
    assert.deepEqual(
      labels.map((label) => label.name),
      ['强化学习与推理', '视频生成', '机器人操作'],
    );
    assert.deepEqual(
      namer.replacements().map((entry) => [entry.direction, entry.rejected, entry.replacement]),
      [
        [1, 'GRPO 1', '强化学习与推理'],
        [2, 'Canvas-to-Image', '视频生成'],
      ],
    );
    assert.equal(lines.length, 2);
    // The same rule the invariants apply: the problem is the invariant's own message.
    assert.match(
      directionLabelProblem(input, [{ name: 'GRPO 1', overview: '研究。' }], 0) ?? '',
      /name "GRPO 1" is not written in Chinese/,
    );
  });

  it('an offline name that breaks a rule too becomes a numbered name', async () => {
    const { createCheckedNamer } = await import('../src/pipeline/checked-namer.ts');
    const english = fixed(clusters.map((_, index) => ({ name: `Topic ${index}`, overview: 'Papers.' })));
    const labels = await createCheckedNamer(english, english).name({ clusters, papers, language: 'zh' });
    assert.deepEqual(
      labels.map((label) => label.name),
      ['研究方向1', '研究方向2', '研究方向3'],
    );
  });
});
