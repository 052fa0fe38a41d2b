import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Direction } from '../src/core/digest.ts';
import { DigestError } from '../src/core/errors.ts';
import { resolveWindow } from '../src/pipeline/window.ts';
import { computeTrends } from '../src/trends/index.ts';

/**
 * The parts of history that publish-history.test.ts sees through the CLI, pinned down alone: how the
 * comparison with the previous digest names a renamed direction, the history span's words and days,
 * and the --since-last window (ends yesterday, or at --to).
 */

describe('comparison with the previous digest names a renamed direction', () => {
  const direction = (name: string, count: number, keywords: string[]): Direction => ({
    name,
    overview: '',
    keywords,
    paperIds: Array.from({ length: count }, (_, index) => `${name}-${index}`),
    representativeIds: [],
  });
  for (const [language, expected] of [
    ['en', /fading "Token pruning" \(40\.0% → 25\.0%\), "Tokens and video" last time/],
    ['zh', /减弱的方向“Token pruning”（上一期“Tokens and video”：40\.0% → 25\.0%）/],
  ] as const) {
    test(language, () => {
      const trends = computeTrends({
        language,
        topicName: 'multimodal',
        topicTitle: 'Multimodal',
        window: { from: '2025-11-20', to: '2025-11-26' },
        directions: [
          direction('Token pruning', 2, ['tokens', 'pruning']),
          direction('Safety', 6, ['safety']),
        ],
        totalPapers: 8,
        replacedCount: 0,
        versionPolicy: 'new-only',
        monthly: { all: [], topic: [], directions: [[], []] },
        previous: {
          window: { from: '2025-11-17', to: '2025-11-23' },
          directions: [{ name: 'Tokens and video', paperIds: [], share: 0.4, keywords: ['tokens', 'video'] }],
        },
      });
      const text = trends.statements.map((statement) => statement.text).join('\n');
      assert.match(text, expected);
      assert.doesNotMatch(
        text,
        /Safety[^;；]*last time|Safety[^;；]*上一期“/,
        'a new direction has no earlier name',
      );
    });
  }
});

test('one covered month of history is "1 month" in English, with the days the papers fall on', () => {
  const trends = computeTrends({
    language: 'en',
    topicName: 'multimodal',
    topicTitle: 'Multimodal',
    window: { from: '2025-11-20', to: '2025-11-26' },
    directions: [],
    totalPapers: 0,
    replacedCount: 0,
    versionPolicy: 'new-only',
    monthly: { all: [{ month: '2025-11', count: 4251 }], topic: [], directions: [] },
    storedDays: (months) => (months.join() === '2025-11' ? 16 : -1),
    previous: null,
  });
  const text = trends.statements.map((statement) => statement.text).join('\n');
  assert.match(text, /The store holds only 1 month of data \(2025-11 to 2025-11, 4251 papers\)/);
  assert.equal(trends.history.days, 16, 'the days with stored papers, not the 30 days of November');
});

describe('resolveWindow with --since-last', () => {
  const clock = { now: () => new Date('2026-11-30T10:00:00Z') };
  const usage = (pattern: RegExp) => (error: unknown) =>
    error instanceof DigestError && error.code === 'USAGE' && pattern.test(error.message);

  test('from the day after the previous end to yesterday, or to --to', () => {
    assert.deepEqual(resolveWindow({ sinceLast: '2025-11-26' }, clock), {
      from: '2025-11-27',
      to: '2026-11-29',
    });
    assert.deepEqual(resolveWindow({ sinceLast: '2025-11-26', to: '2025-12-03' }, clock), {
      from: '2025-11-27',
      to: '2025-12-03',
    });
    assert.deepEqual(resolveWindow({ sinceLast: '2025-11-26', to: '2025-11-27' }, clock), {
      from: '2025-11-27',
      to: '2025-11-27',
    });
  });

  test('usage errors: no earlier digest, nothing new, --to before the start, mixed with --from or --days', () => {
    assert.throws(() => resolveWindow({ sinceLast: null }, clock), usage(/no earlier digest/));
    assert.throws(
      () => resolveWindow({ sinceLast: '2026-11-29' }, clock),
      usage(/already reaches 2026-11-29$/),
    );
    assert.throws(
      () => resolveWindow({ sinceLast: '2025-11-26', to: '2025-11-26' }, clock),
      usage(/past --to 2025-11-26/),
    );
    assert.throws(() => resolveWindow({ sinceLast: '2025-11-26', to: '2025-13-01' }, clock), DigestError);
    assert.throws(
      () => resolveWindow({ sinceLast: '2025-11-26', from: '2025-11-20' }, clock),
      usage(/--from and --since-last cannot be combined/),
    );
    assert.throws(
      () => resolveWindow({ sinceLast: '2025-11-26', days: 7 }, clock),
      usage(/--days and --since-last cannot be combined/),
    );
    assert.throws(
      () => resolveWindow({ from: '2025-11-20', days: 7 }, clock),
      usage(/--from\/--to and --days cannot be combined/),
    );
  });
});
