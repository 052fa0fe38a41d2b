import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { makePaper } from '../src/core/paper.ts';
import { presetTopics, type Topic, topicSchema } from '../src/core/topic.ts';
import { selectFromStore } from '../src/select/from-store.ts';
import { selectPapers } from '../src/select/select.ts';
import { openStore } from '../src/store/index.ts';
import type { PaperStore } from '../src/store/types.ts';
import { loadArxivDays } from './helpers/arxiv-data.ts';

/**
 * Selection in SQL (src/select/from-store.ts) against selection in memory (selectPapers over the
 * whole window), on the 7,719 real papers of arxiv-days: the SQL path is forced with loadUpTo 0.
 */

let store: PaperStore;
const window = { from: '2025-09-01', to: '2025-11-30' };

before(() => {
  store = openStore({ path: ':memory:' });
  store.upsertMany(loadArxivDays());
  // The real listings hold no replacements inside this window: three made-up ones, each a different rule.
  store.upsertMany([
    makePaper({
      id: '2508.99991',
      version: 2,
      title: 'A multimodal model revised',
      abstract: 'Multimodal vision-language pretraining, second version.',
      categories: ['cs.CV'],
      published: '2025-08-01',
      updated: '2025-10-02',
    }),
    makePaper({
      id: '2510.99992',
      title: 'Multimodal replacement announced',
      abstract: 'A multimodal audio-visual model.',
      categories: ['cs.CV'],
      announced: '2025-10-03',
      announceType: 'replace',
    }),
    makePaper({
      id: '2510.99993',
      version: 3,
      title: 'Multimodal third version without a v1 date',
      abstract: 'Cross-modal multimodal retrieval.',
      categories: ['cs.CL'],
      announced: '2025-10-04',
    }),
  ]);
});

const topicNamed = (name: string, extra: Partial<Topic> = {}): Topic =>
  topicSchema.parse({ ...presetTopics.find((topic) => topic.name === name), ...extra });

function bothWays(topic: Topic, includeReplaced: boolean, seenIds: ReadonlySet<string> = new Set()) {
  const options = { topic, window, limit: 30, includeReplaced, seenIds };
  return {
    memory: selectFromStore(store, { ...options, loadUpTo: Number.POSITIVE_INFINITY }),
    sql: selectFromStore(store, { ...options, loadUpTo: 0 }),
  };
}

const ids = (selection: { papers: { paper: { id: string } }[] }): string[] =>
  selection.papers.map((entry) => entry.paper.id);

test('a window within loadUpTo is selected in memory, exactly as selectPapers over the window', () => {
  const topic = topicNamed('multimodal');
  const fromStore = selectFromStore(store, {
    topic,
    window,
    limit: 30,
    includeReplaced: false,
    seenIds: new Set(),
  });
  const direct = selectPapers(store.papersInWindow({ ...window, categories: topic.categories }), {
    topic,
    window,
    limit: 30,
    includeReplaced: false,
    seenIds: new Set(),
    asGiven: false,
  });
  assert.equal(fromStore.papers.length, 30);
  assert.deepEqual(fromStore, direct);
});

test('SQL selection finds the same best papers and accounts for every paper of the window', () => {
  for (const name of ['multimodal', 'llm-agents', 'robotics-learning']) {
    const topic = topicNamed(name, { exclude: ['survey'] });
    const first = bothWays(topic, false).memory;
    // Ten papers already featured: left out by both, and counted as such.
    const seenIds = new Set(ids(first).slice(0, 10));
    for (const includeReplaced of [false, true]) {
      const { memory, sql } = bothWays(topic, includeReplaced, seenIds);
      assert.equal(sql.papers.length, 30, name);
      const shared = ids(sql).filter((id) => ids(memory).includes(id)).length;
      assert.ok(shared >= 27, `${name}: ${shared} of 30 papers in common`);
      assert.equal(ids(sql).filter((id) => seenIds.has(id)).length, 0);
      assert.equal(sql.policy, memory.policy);
      assert.equal(sql.dropped.seen, 10, name);
      assert.equal(sql.dropped.replaced, memory.dropped.replaced, name);
      assert.equal(sql.dropped.excluded, memory.dropped.excluded, name);
      // Phrases match as FTS5 tokens in SQL, as substrings in memory ("agent" in "reagent").
      assert.ok(Math.abs(sql.dropped.offTopic - memory.dropped.offTopic) <= 10, name);
      const accounted = (selection: typeof sql): number =>
        selection.papers.length + Object.values(selection.dropped).reduce((sum, count) => sum + count, 0);
      assert.equal(accounted(sql), accounted(memory), name);
      const relevances = sql.papers.map((entry) => entry.relevance);
      assert.deepEqual(
        relevances,
        [...relevances].sort((a, b) => b - a),
      );
    }
  }
});

test('the version policy is applied in SQL: new-only leaves out each kind of replacement', () => {
  const topic = topicNamed('multimodal');
  const newOnly = bothWays(topic, false);
  assert.equal(newOnly.memory.dropped.replaced, 3);
  assert.equal(newOnly.sql.dropped.replaced, 3);
  const withReplaced = bothWays(topic, true);
  assert.equal(withReplaced.sql.dropped.replaced, 0);
  assert.equal(withReplaced.sql.policy, 'include-replaced');
});

test('a topic without words to rank by takes the window by id', () => {
  const topic = topicSchema.parse({ name: 'everything', query: 'cat:cs.CV', categories: ['cs.CV'] });
  const { memory, sql } = bothWays(topic, false);
  assert.equal(sql.papers.length, 30);
  assert.deepEqual(ids(sql), ids(memory));
  assert.deepEqual(sql.dropped, memory.dropped);
});

test('left uncut for a later step (preferences), a large window still loads only a pool sized for the digest', () => {
  const topic = topicNamed('multimodal');
  const options = {
    topic,
    window,
    includeReplaced: false,
    seenIds: new Set<string>(),
    loadUpTo: 0,
    poolSize: 50,
  };
  const cut = selectFromStore(store, { ...options, limit: 30 });
  const uncut = selectFromStore(store, { ...options, limit: null, eventualLimit: 30 });
  // The pool is 30 × 20 = 600 of SQL's best, not the window's thousands; none of it is cut here.
  const windowSize = store.windowSize({ ...window, categories: topic.categories });
  assert.ok(windowSize > 1000, `${windowSize} papers in the window`);
  assert.ok(uncut.papers.length > 30 && uncut.papers.length <= 600, `${uncut.papers.length} papers loaded`);
  assert.deepEqual(ids(uncut).slice(0, 30), ids(cut));
});
