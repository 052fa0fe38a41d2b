import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSupportedNumber, numberClaims, sourceNumbers } from '../src/verify/numbers.ts';
import { recordsOf } from './helpers/verify-data.ts';

const claimed = (text: string) => numberClaims(text).map((claim) => claim.text);

test('identifiers, model names, years and list markers are not numeric claims', () => {
  const text =
    "GPT-4 与 Qwen2.5-VL-7B、R1、3D、Video-R4、Monet-SFT-125K、SE(3)、NeurIPS'25、AAAI-26、" +
    'arXiv:2410.06273、超越Gemini 2.5 Pro，接近 Gemini 3 Pro；(1) 模态缺失；该成果于2025年11月发表于 AAAI 2026。';
  assert.deepEqual(claimed(text), []);
});

test('percentages, points, factors, counts and scaled counts are claims with their values', () => {
  const claims = numberClaims(
    '提升+4.6%，达到 9.4 %，1.8x 更快，2 倍，17.9个百分点，5037条，12.5万条，1.1万张，17k 数据，7B 参数',
  );
  assert.deepEqual(
    claims.map((claim) => [claim.text, claim.value, claim.unit]),
    [
      ['+4.6%', 4.6, '%'],
      ['9.4 %', 9.4, '%'],
      ['1.8x', 1.8, 'x'],
      ['2 倍', 2, 'x'],
      ['17.9个百分点', 17.9, 'pp'],
      ['5037', 5037, null],
      ['12.5万', 125000, null],
      ['1.1万', 11000, null],
      ['17k', 17000, null],
      ['7B', 7e9, null],
    ],
  );
});

test('claims match the same number written another way in the paper, and nothing else', () => {
  const sources = sourceNumbers(
    'we construct Monet-SFT-125K and 1,280 QA pairs from 247.9K samples over one million pairs; ' +
      'improvements of 17.9 points, 9.4\\% and $2\\times$ faster on nine benchmarks; 11,000 images',
  );
  const supported = (text: string) => isSupportedNumber(numberClaims(text)[0] ?? assert.fail(text), sources);
  for (const text of [
    '12.5万',
    '1280个',
    '17.9个百分点',
    '9.4%',
    '9.4 %',
    '2倍',
    '100万',
    '9个',
    '1.1万',
    '11K',
    '11,000',
  ])
    assert.ok(supported(text), `${text} should be supported`);
  // 247.9K is 24.8万 rounded; 24.7万 is a different number. Percentages are not counts.
  for (const text of ['24.7万', '1281个', '9.5%', '3倍', '17.9万', '125%'])
    assert.ok(!supported(text), `${text} should not be`);
});

test('every percentage of the seed abstracts supports itself, also after LaTeX escaping', () => {
  let checked = 0;
  for (const record of recordsOf('seed-papers.jsonl').values()) {
    const abstract = typeof record.abstract === 'string' ? record.abstract : null;
    if (!abstract) continue;
    const sources = sourceNumbers(abstract);
    for (const claim of numberClaims(abstract.replace(/\\%/g, '%'))) {
      if (claim.unit !== '%') continue;
      checked += 1;
      assert.ok(isSupportedNumber(claim, sources), `${record.id}: ${claim.text}`);
    }
  }
  assert.ok(checked >= 15, `only ${checked} percentages`);
});
