import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Direction } from '../src/core/digest.ts';
import { computeTrends } from '../src/trends/index.ts';

const direction = (name: string, count: number, keywords: string[]): Direction => ({
  name,
  overview: '',
  keywords,
  paperIds: Array.from({ length: count }, (_, index) => `${name}-${index}`),
  representativeIds: [],
});

const directions = [
  direction('Video reasoning', 8, ['video', 'reasoning']),
  direction('Safety', 4, ['safety', 'attack']),
];

const numbersIn = (text: string): string[] => text.match(/\d+(?:\.\d+)?/g) ?? [];

test('one week of data: shares only, no growth, and no multi-year words', () => {
  const trends = computeTrends({
    language: 'zh',
    topicName: 'multimodal',
    topicTitle: '多模态',
    window: { from: '2025-11-21', to: '2025-11-27' },
    directions,
    totalPapers: 12,
    replacedCount: 0,
    versionPolicy: 'new-only',
    monthly: {
      all: [{ month: '2025-11', count: 12 }],
      topic: [{ month: '2025-11', count: 12 }],
      directions: [[], []],
    },
    previous: null,
  });
  assert.deepEqual(trends.history, {
    fromMonth: '2025-11',
    toMonth: '2025-11',
    months: 0,
    days: 7,
    papers: 12,
  });
  const text = trends.statements.map((statement) => statement.text).join('\n');
  assert.match(text, /“Video reasoning”，占 66\.7%（8\/12 篇）/);
  assert.match(text, /无法判断增长趋势/);
  assert.doesNotMatch(text, /几年|近年|years/);
  assert.equal(trends.facts.filter((fact) => fact.kind === 'growth').length, 0);
  // Every number a statement prints is a figure of the facts it names.
  const byId = new Map(trends.facts.map((fact) => [fact.id, fact]));
  let checkedFigures = 0;
  for (const statement of trends.statements) {
    // Whole numbers only: "6" is not a figure because "66.7" is one.
    const allowed = new Set(
      statement.factIds.flatMap((id) => (byId.get(id)?.figures ?? []).flatMap(numbersIn)),
    );
    const printed = numbersIn(statement.text.replace(/v2/g, ''));
    checkedFigures += printed.length;
    for (const number of printed) assert.ok(allowed.has(number), `${number} in "${statement.text}"`);
  }
  assert.ok(checkedFigures >= 3, `only ${checkedFigures} figures checked`);
});

test('covered months give growth facts; the previous digest gives new/growing/fading', () => {
  const months = ['2025-06', '2025-09', '2025-11'];
  const trends = computeTrends({
    language: 'en',
    topicName: 'multimodal',
    topicTitle: 'Multimodal',
    window: { from: '2025-11-21', to: '2025-11-27' },
    directions,
    totalPapers: 12,
    replacedCount: 2,
    versionPolicy: 'include-replaced',
    monthly: {
      all: months.map((month) => ({ month, count: 1000 })),
      topic: [
        { month: '2025-06', count: 40 },
        { month: '2025-09', count: 60 },
        { month: '2025-11', count: 100 },
      ],
      directions: [
        [
          { month: '2025-06', count: 10 },
          { month: '2025-09', count: 12 },
          { month: '2025-11', count: 40 },
        ],
        [{ month: '2025-11', count: 2 }],
      ],
    },
    previous: {
      window: { from: '2025-11-14', to: '2025-11-20' },
      directions: [
        {
          name: 'Video understanding',
          paperIds: [],
          share: 0.3,
          keywords: ['video', 'reasoning', 'temporal'],
        },
        { name: 'Medical', paperIds: [], share: 0.2, keywords: ['medical', 'clinical'] },
      ],
    },
  });
  assert.equal(trends.history.months, 3);
  assert.equal(trends.history.papers, 3000);
  const growth = trends.facts.find((fact) => fact.id === 'growth:topic');
  assert.deepEqual(growth?.values.ratio, 2);
  assert.equal(growth?.values.recentShare, 10);
  assert.equal(growth?.values.earlierShare, 5);
  assert.equal(
    trends.facts.find((fact) => fact.id === 'growth:1'),
    undefined,
    'too few papers for a growth claim',
  );
  const text = trends.statements.map((statement) => statement.text).join('\n');
  assert.match(text, /10\.0% of all papers in 2025-11 against 5\.0% before \(2025-06 to 2025-09\): 2\.0x/);
  assert.match(text, /growing "Video reasoning" \(30\.0% → 66\.7%\)/);
  assert.match(text, /new direction "Safety" \(33\.3%\)/);
  assert.match(text, /"Medical" \(20\.0% last time\) has no counterpart now/);
  assert.equal(trends.monthly[0]?.counts.length, 6, 'charts get every month of the span, gaps as 0');
});

test('direction similarity rests on what the papers say, not on shared ids or keywords', async () => {
  const { directionSimilarity } = await import('../src/trends/similarity.ts');
  const video = [
    'Temporal grounding in long video with frame sampling',
    'Video question answering over long videos and frames',
  ];
  const videoAgain = [
    'Long video understanding by sampling key frames',
    'Frame selection for video question answering',
  ];
  const safety = [
    'Jailbreak attacks on vision-language models',
    'Safety alignment against adversarial jailbreak prompts',
  ];
  const matrix = directionSimilarity([videoAgain], [video, safety]);
  assert.ok((matrix[0]?.[0] ?? 0) > 0.2, `video vs video ${matrix[0]?.[0]}`);
  assert.ok((matrix[0]?.[1] ?? 1) < 0.05, `video vs safety ${matrix[0]?.[1]}`);
});
