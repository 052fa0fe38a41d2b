import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insideMath, maskMath, mathSpans } from '../src/core/math.ts';
import { loadArxivDays } from './helpers/arxiv-data.ts';

test('finds inline, display and bracket math; an escaped or unclosed dollar is not math', () => {
  const text = 'Costs \\$5. We show $n = O(d^3)$ and $$\\sum_i x_i$$ with \\(k\\) and \\[a+b\\]; $5 alone';
  const spans = mathSpans(text);
  assert.deepEqual(
    spans.map((span) => [span.tex, span.display]),
    [
      ['n = O(d^3)', false],
      ['\\sum_i x_i', true],
      ['k', false],
      ['a+b', true],
    ],
  );
  const first = spans[0];
  assert.ok(first && insideMath(spans, first.start + 3) && !insideMath(spans, first.start));
});

test('masking hides formulas from prose rules and restores them verbatim', () => {
  const text = 'Error $\\varepsilon = 10^{-3}$. Then $\\log^2(n)$ rounds.';
  const { masked, restore } = maskMath(text);
  assert.ok(!masked.includes('$') && !masked.includes('\\'));
  assert.equal(restore(masked), text);
});

test('every real abstract with math masks and restores to itself, spans balanced', () => {
  const papers = loadArxivDays();
  let withMath = 0;
  for (const paper of papers) {
    for (const text of [paper.title, paper.abstract ?? '']) {
      const spans = mathSpans(text);
      if (spans.length > 0) withMath++;
      const { masked, restore } = maskMath(text);
      assert.equal(restore(masked), text);
      for (const span of spans) assert.equal(text.slice(span.start, span.end).includes(span.tex), true);
    }
  }
  assert.ok(withMath > 600, `only ${withMath} texts with math`);
});
