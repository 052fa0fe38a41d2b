import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { DigestError } from '../src/core/errors.ts';
import { words } from '../src/core/text.ts';
import { directionCountBounds } from '../src/directions/bounds.ts';
import { clusterPapers, defaultKRange, paperText } from '../src/directions/cluster.ts';
import { normalizedMutualInformation } from '../src/directions/metrics.ts';
import type { ClusteringResult, DirectionPaper } from '../src/directions/types.ts';

interface Record_ {
  id: string;
  title: string;
  abstract: string | null;
  primary_category: string | null;
}

function readJsonl(name: string): Record_[] {
  const file = new URL(`../../shared/data/${name}`, import.meta.url);
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record_);
}

const toPaper = ({ id, title, abstract }: Record_): DirectionPaper => ({ id, title, abstract });
const seeds = readJsonl('seed-papers.jsonl');
const seedPapers = seeds.map(toPaper);

/** Structural checks every clustering must pass. */
function assertWellFormed(result: ClusteringResult, papers: DirectionPaper[]): void {
  assert.equal(result.k, result.clusters.length);
  assert.equal(result.assignments.length, papers.length);
  const seen = new Map<string, number>();
  result.clusters.forEach((cluster, index) => {
    assert.ok(cluster.paperIds.length > 0, `cluster ${index} is empty`);
    for (const id of cluster.paperIds) {
      assert.ok(!seen.has(id), `${id} is in two clusters`);
      seen.set(id, index);
    }
    const members = new Set(cluster.paperIds);
    assert.ok(cluster.representativeIds.length >= 1 && cluster.representativeIds.length <= 3);
    assert.equal(cluster.representativeIds.length, Math.min(3, cluster.paperIds.length));
    for (const id of cluster.representativeIds)
      assert.ok(members.has(id), `representative ${id} not a member`);
    // Members keep input order.
    const positions = cluster.paperIds.map((id) => papers.findIndex((paper) => paper.id === id));
    assert.deepEqual(
      positions,
      [...positions].sort((a, b) => a - b),
    );
  });
  assert.equal(seen.size, papers.length, 'every paper is in a cluster');
  papers.forEach((paper, index) => {
    assert.equal(result.assignments[index], seen.get(paper.id));
  });
  for (let index = 1; index < result.clusters.length; index++) {
    const previous = result.clusters[index - 1]?.paperIds.length as number;
    assert.ok(previous >= (result.clusters[index]?.paperIds.length as number), 'clusters ordered by size');
  }
}

describe('clusterPapers on the 34 real seed papers (3 without abstract)', () => {
  const result = clusterPapers(seedPapers);

  it('finds 3-8 well-formed directions', () => {
    assert.ok(seedPapers.filter((paper) => paper.abstract === null).length === 3);
    assert.ok(result.k >= 3 && result.k <= 8, `k = ${result.k}`);
    assertWellFormed(result, seedPapers);
    assert.ok(result.silhouette !== null && result.silhouette > -1 && result.silhouette < 1);
  });

  it('is deterministic: the same input gives deep-equal output', () => {
    assert.deepEqual(clusterPapers(seedPapers), result);
    assert.deepEqual(clusterPapers(seedPapers, { seed: 42 }), result);
  });

  it('gives keywords that are surface words or adjacent-word phrases of the members, not stems or numbers', () => {
    for (const cluster of result.clusters) {
      assert.ok(cluster.keywords.length >= 3, `few keywords: ${cluster.keywords}`);
      const memberTexts = cluster.paperIds.map((id) =>
        words(paperText(seedPapers.find((paper) => paper.id === id) as DirectionPaper)),
      );
      const memberWords = new Set(memberTexts.flat());
      // Phrases are matched as consecutive words ("point cloud" is in "... sparse point cloud ...").
      const memberSequence = ` ${memberTexts.map((list) => list.join(' ')).join(' | ')} `;
      for (const keyword of cluster.keywords) {
        assert.ok(keyword.length >= 3 && !/^\d+$/.test(keyword), keyword);
        const lower = keyword.toLowerCase();
        if (lower.includes(' ')) {
          assert.ok(lower.split(' ').length <= 3, `"${keyword}" is longer than three words`);
          assert.ok(memberSequence.includes(` ${lower} `), `"${keyword}" is not a phrase of the members`);
        } else {
          assert.ok(memberWords.has(lower), `"${keyword}" is not a word of the members`);
        }
      }
      assert.equal(new Set(cluster.keywords).size, cluster.keywords.length);
    }
    const all = result.clusters.flatMap((cluster) => cluster.keywords);
    assert.ok(!all.includes('gener') && !all.includes('multimod'), 'stems leaked into keywords');
  });

  it('puts the two video-reasoning seeds together', () => {
    // 2511.20785 and 2511.17490 are both about reasoning over video with multimodal models.
    const first = result.assignments[seedPapers.findIndex((paper) => paper.id === '2511.20785')];
    const second = result.assignments[seedPapers.findIndex((paper) => paper.id === '2511.17490')];
    assert.equal(first, second);
  });
});

describe('clusterPapers on real daily listings', () => {
  const folder = new URL('../../shared/data/arxiv-days/', import.meta.url);
  const november = fs
    .readdirSync(folder)
    .filter((name) => name.startsWith('2025-11') && name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) => readJsonl(`arxiv-days/${name}`));
  const fields = ['quant-ph', 'cs.CR', 'cs.RO'];
  const sample = fields.flatMap((category) =>
    november.filter((record) => record.primary_category === category && record.abstract).slice(0, 40),
  );
  const papers = sample.map(toPaper);
  const categories = sample.map((record) => record.primary_category as string);

  /** The most common category of each cluster. */
  const majorities = (result: ClusteringResult) =>
    result.clusters.map((cluster) => {
      const counts = new Map<string, number>();
      for (const id of cluster.paperIds) {
        const category = categories[papers.findIndex((paper) => paper.id === id)] as string;
        counts.set(category, (counts.get(category) ?? 0) + 1);
      }
      return [...counts].sort((left, right) => right[1] - left[1])[0]?.[0];
    });

  it('gives each of three distinct fields its own direction when k = 3', () => {
    assert.equal(papers.length, 120);
    const result = clusterPapers(papers, { k: 3 });
    assert.equal(result.k, 3);
    assertWellFormed(result, papers);
    assert.deepEqual([...majorities(result)].sort(), [...fields].sort());
    // scikit-learn's TfidfVectorizer + KMeans scores 0.35-0.48 here over random states 0-7.
    const nmi = normalizedMutualInformation(categories, result.assignments);
    assert.ok(nmi > 0.3, `NMI ${nmi.toFixed(3)} against quant-ph / cs.CR / cs.RO`);
    const quantum = result.clusters[majorities(result).indexOf('quant-ph')];
    assert.ok(quantum?.keywords.includes('quantum'), `quantum keywords: ${quantum?.keywords}`);
  });

  it('chooses k in the default range when k is automatic', () => {
    const result = clusterPapers(papers);
    const [low, high] = defaultKRange(papers.length);
    assert.ok(result.k >= low && result.k <= high, `k = ${result.k}`);
    assertWellFormed(result, papers);
    assert.ok(new Set(majorities(result)).size >= 3, 'the three fields lead different directions');
  });

  it('honours a custom k range', () => {
    const result = clusterPapers(papers, { kRange: [4, 5] });
    assert.ok(result.k === 4 || result.k === 5, `k = ${result.k}`);
  });

  it('scales the default range with the number of papers (directionCountBounds)', () => {
    assert.deepEqual(defaultKRange(5), [3, 8], 'below 8 papers: the old range');
    assert.deepEqual(defaultKRange(30), [4, 7]);
    assert.deepEqual(defaultKRange(200), [5, 12]);
    assert.deepEqual(defaultKRange(1200), [7, 20]);
    assert.deepEqual(defaultKRange(7719), [8, 20]);
    assert.deepEqual(directionCountBounds(30), { min: 4, max: 7 });
    let previous = directionCountBounds(8);
    for (let count = 9; count <= 10_000; count++) {
      const bounds = directionCountBounds(count);
      assert.ok(bounds.min <= bounds.max, `${count}: ${bounds.min} > ${bounds.max}`);
      assert.ok(bounds.min >= previous.min && bounds.max >= previous.max, `${count}: the bounds shrink`);
      previous = bounds;
    }
  });
});

describe('clusterPapers edge cases', () => {
  const few = seedPapers.slice(0, 3);

  it('returns nothing for no papers, one cluster for one or two', () => {
    assert.deepEqual(clusterPapers([]), { clusters: [], k: 0, silhouette: null, assignments: [] });
    const one = clusterPapers(few.slice(0, 1));
    assert.equal(one.k, 1);
    assert.deepEqual(one.clusters[0]?.paperIds, [few[0]?.id]);
    assert.deepEqual(one.clusters[0]?.representativeIds, [few[0]?.id]);
    assert.ok((one.clusters[0]?.keywords.length ?? 0) > 0);
    const two = clusterPapers(few.slice(0, 2));
    assert.equal(two.k, 1);
    assert.deepEqual(two.assignments, [0, 0]);
    assert.equal(two.silhouette, null);
  });

  it('splits three papers into two clusters (k is capped at n - 1 for the silhouette)', () => {
    const result = clusterPapers(few);
    assert.equal(result.k, 2);
    assertWellFormed(result, few);
  });

  it('caps a forced k at the number of papers', () => {
    const result = clusterPapers(few, { k: 10 });
    assert.equal(result.k, 3);
    assertWellFormed(result, few);
    assert.equal(clusterPapers(seedPapers, { k: 1 }).k, 1);
    assert.equal(clusterPapers(seedPapers, { k: 5 }).k, 5);
  });

  it('puts a paper that shares no term with the others into the largest direction', () => {
    const loner: DirectionPaper = { id: '9999.00001', title: 'Zorblax quuxification', abstract: null };
    const papers = [...seedPapers, loner];
    const result = clusterPapers(papers);
    assertWellFormed(result, papers);
    assert.equal(result.assignments[papers.length - 1], 0, 'cluster 0 is the largest');
  });

  it('rejects duplicate ids and bad options with DigestErrors', () => {
    const duplicate = [...few, { ...(few[0] as DirectionPaper) }];
    assert.throws(
      () => clusterPapers(duplicate),
      (error: unknown) =>
        error instanceof DigestError && error.code === 'INPUT' && /given twice/.test(error.message),
    );
    assert.throws(
      () => clusterPapers(few, { k: 0 }),
      (error: unknown) => error instanceof DigestError && error.code === 'USAGE' && /k/.test(error.message),
    );
    assert.throws(
      () => clusterPapers(few, { kRange: [6, 3] }),
      (error: unknown) => error instanceof DigestError && error.code === 'USAGE',
    );
  });
});

describe('clusterPapers with given embeddings', () => {
  const papers = seedPapers.slice(0, 12);
  // Three planted groups that ignore the text: paper i points along axis i % 3, with a small
  // deterministic wobble so no two vectors are equal.
  const planted = papers.map((_, index) => index % 3);
  const vectors = papers.map((_, index) => {
    const row = [0.05 * ((index * 7) % 5), 0.05 * ((index * 3) % 4), 0.05 * ((index * 5) % 3), 0.1];
    row[index % 3] = 1;
    return row;
  });

  it('clusters by the vectors, not the text, and picks k = 3 by silhouette', () => {
    const result = clusterPapers(papers, { vectors, kRange: [2, 6] });
    assert.equal(result.k, 3);
    assert.equal(normalizedMutualInformation(planted, result.assignments), 1);
    assertWellFormed(result, papers);
    assert.ok((result.silhouette ?? 0) > 0.8);
    // Keywords still come from the text.
    assert.ok(result.clusters.every((cluster) => cluster.keywords.length > 0));
  });

  it('rejects vectors that do not match the papers', () => {
    assert.throws(
      () => clusterPapers(papers, { vectors: vectors.slice(1) }),
      (error: unknown) =>
        error instanceof DigestError && error.code === 'INPUT' && /embeddings/.test(error.message),
    );
    const ragged = vectors.map((row, index) => (index === 4 ? row.slice(1) : row));
    assert.throws(() => clusterPapers(papers, { vectors: ragged }), DigestError);
    const notFinite = vectors.map((row, index) => (index === 2 ? [Number.NaN, ...row.slice(1)] : row));
    assert.throws(() => clusterPapers(papers, { vectors: notFinite }), DigestError);
  });
});
