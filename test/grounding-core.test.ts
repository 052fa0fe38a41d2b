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
