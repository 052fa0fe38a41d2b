import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makePaper } from '../src/core/paper.ts';
import { topicSchema } from '../src/core/topic.ts';
import { queryPhrases } from '../src/select/query-terms.ts';
import { isReplacement, selectPapers } from '../src/select/select.ts';

const topic = topicSchema.parse({
  name: 'multimodal',
  query: 'ti:multimodal OR abs:"vision-language" AND cat:cs.CV',
  include: ['multimodal', 'vision-language'],
  exclude: ['quantum'],
});

const paper = (
  id: string,
  title: string,
  fields: Parameters<typeof makePaper>[0] extends infer T ? Partial<T> : never = {},
) =>
  makePaper({
    id,
    title,
    abstract: `${title}. More text about images.`,
    published: '2025-11-24',
    version: 1,
    ...fields,
  });

test('query phrases come out of arXiv syntax without fields, operators or categories', () => {
  assert.deepEqual(queryPhrases(topic.query), ['multimodal', 'vision-language']);
  assert.deepEqual(
    queryPhrases('all:"audio visual" ANDNOT ti:survey submittedDate:[202501010000 TO 202501312359]'),
    ['audio visual', 'survey'],
  );
});

test('window, version policy, seen, include/exclude and ranking', () => {
  const candidates = [
    paper('2511.00003', 'A multimodal model for vision-language reasoning'),
    paper('2511.00001', 'Multimodal fusion'),
    paper('2511.00002', 'Quantum multimodal sensing'),
    paper('2511.00004', 'Graph coloring'),
    paper('2510.00005', 'Multimodal old paper v2', {
      published: '2025-10-01',
      updated: '2025-11-24',
      version: 2,
    }),
    paper('2511.00006', 'Multimodal outside window', { published: '2025-11-01' }),
    paper('2511.00007', 'Multimodal already featured'),
  ];
  const window = { from: '2025-11-21', to: '2025-11-27' };
  const selection = selectPapers(candidates, {
    topic,
    window,
    limit: 30,
    includeReplaced: false,
    seenIds: new Set(['2511.00007']),
    asGiven: false,
  });
  assert.deepEqual(
    selection.papers.map((entry) => entry.paper.id),
    ['2511.00003', '2511.00001'],
  );
  assert.ok((selection.papers[0]?.relevance ?? 0) > (selection.papers[1]?.relevance ?? 0));
  assert.deepEqual(selection.dropped, {
    outsideWindow: 1,
    replaced: 1,
    seen: 1,
    excluded: 1,
    offTopic: 1,
    overLimit: 0,
  });
  assert.equal(selection.policy, 'new-only');

  const withReplaced = selectPapers(candidates, {
    topic,
    window,
    limit: 1,
    includeReplaced: true,
    seenIds: new Set(),
    asGiven: false,
  });
  assert.equal(withReplaced.policy, 'include-replaced');
  assert.equal(withReplaced.papers.length, 1);
  assert.equal(withReplaced.dropped.overLimit, 3);
});

test('--input papers are taken as given, in order, with replaced versions counted', () => {
  const candidates = [
    paper('2511.00004', 'Graph coloring', { version: 3 }),
    paper('2511.00001', 'Multimodal fusion'),
  ];
  const selection = selectPapers(candidates, {
    topic,
    window: null,
    limit: null,
    includeReplaced: false,
    seenIds: new Set(),
    asGiven: true,
  });
  assert.deepEqual(
    selection.papers.map((entry) => entry.paper.id),
    ['2511.00004', '2511.00001'],
  );
  assert.equal(selection.replacedCount, 1);
  assert.equal(selection.policy, 'as-given');
});

test('replacement detection', () => {
  const window = { from: '2025-11-21', to: '2025-11-27' };
  assert.equal(isReplacement(paper('2511.1', 'x', { published: '2025-11-22', version: 3 }), window), false);
  assert.equal(
    isReplacement(paper('2511.2', 'x', { published: null, announceType: 'replace' }), window),
    true,
  );
  assert.equal(isReplacement(paper('2511.3', 'x', { published: null, version: 2 }), window), true);
  assert.equal(
    isReplacement(paper('2511.4', 'x', { published: null, version: null, announceType: 'new' }), window),
    false,
  );
});
