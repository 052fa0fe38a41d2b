import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { cosineSilhouette, normalizedMutualInformation } from '../src/directions/metrics.ts';
import { buildTfidf, denseVectors, type SparseVector } from '../src/directions/vectors.ts';

const seedFile = new URL('../../shared/data/seed-papers.jsonl', import.meta.url);

describe('normalizedMutualInformation', () => {
  it('matches a hand computation: MI = (2/3) ln 2, H = ln 2 and ln 3', () => {
    // Contingency {a0: b0 2, b1 1; a1: b1 1, b2 2} of 6 points.
    const expected = ((2 / 3) * Math.log(2)) / ((Math.log(2) + Math.log(3)) / 2);
    const value = normalizedMutualInformation([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]);
    assert.ok(Math.abs(value - expected) < 1e-12, `${value} vs ${expected}`);
    // scikit-learn 1.2.1 normalized_mutual_info_score on the same input.
    assert.ok(Math.abs(value - 0.5158037429793888) < 1e-12);
  });

  it('is symmetric and ignores label names', () => {
    const a = ['cs.CV', 'cs.CV', 'cs.CL', 'cs.CL', 'quant-ph', 'quant-ph'];
    const b = [1, 1, 1, 2, 2, 2];
    assert.ok(Math.abs(normalizedMutualInformation(a, b) - 0.5158037429793888) < 1e-12);
    assert.equal(normalizedMutualInformation(a, b), normalizedMutualInformation(b, a));
  });

  it('is 1 for the same partition under other names, 0 for independent ones', () => {
    assert.equal(normalizedMutualInformation([0, 0, 1, 1, 2], [7, 7, 3, 3, 9]), 1);
    assert.equal(normalizedMutualInformation([0, 0, 1, 1], [0, 1, 0, 1]), 0);
    assert.equal(normalizedMutualInformation([0, 0, 0, 0], [0, 1, 2, 3]), 0);
  });

  it('follows scikit-learn on single-class edge cases and rejects unequal lengths', () => {
    assert.equal(normalizedMutualInformation([0, 0, 0], [5, 5, 5]), 1);
    assert.equal(normalizedMutualInformation([], []), 1);
    assert.throws(() => normalizedMutualInformation([0, 1], [0]), RangeError);
  });
});

/** The textbook silhouette over all pairs, to check the linear-time formula against. */
function bruteForceSilhouette(vectors: SparseVector[], dimension: number, labels: number[]): number {
  const dense = vectors.map((vector) => {
    const row = new Float64Array(dimension);
    vector.indices.forEach((index, position) => {
      row[index] = vector.values[position] as number;
    });
    return row;
  });
  const distance = (left: number, right: number) => {
    let dot = 0;
    for (let index = 0; index < dimension; index++) {
      dot += (dense[left]?.[index] as number) * (dense[right]?.[index] as number);
    }
    return 1 - dot;
  };
  let total = 0;
  for (let point = 0; point < labels.length; point++) {
    const sums = new Map<number, { sum: number; count: number }>();
    for (let other = 0; other < labels.length; other++) {
      if (other === point) continue;
      const entry = sums.get(labels[other] as number) ?? { sum: 0, count: 0 };
      entry.sum += distance(point, other);
      entry.count += 1;
      sums.set(labels[other] as number, entry);
    }
    const own = sums.get(labels[point] as number);
    if (!own) continue;
    const within = own.sum / own.count;
    const nearest = Math.min(
      ...[...sums].filter(([label]) => label !== labels[point]).map(([, entry]) => entry.sum / entry.count),
    );
    total += (nearest - within) / Math.max(within, nearest);
  }
  return total / labels.length;
}

describe('cosineSilhouette', () => {
  it('matches scikit-learn silhouette_score(metric="cosine") on a small 2-D case', () => {
    const { vectors, dimension } = denseVectors([
      [1, 0],
      [0.96, 0.28],
      [0, 1],
      [0.28, 0.96],
      [0.6, 0.8],
    ]);
    const value = cosineSilhouette(vectors, dimension, [0, 0, 1, 1, 1]);
    assert.ok(value !== null && Math.abs(value - 0.8378198177795484) < 1e-9, String(value));
  });

  it('equals the all-pairs definition on the TF-IDF vectors of the real seed papers', () => {
    const texts = fs
      .readFileSync(seedFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { title: string; abstract: string | null })
      .map((paper) => `${paper.title}\n${paper.abstract ?? ''}`);
    const model = buildTfidf(texts);
    // A fixed labelling with a singleton cluster (scores 0) and uneven sizes.
    const labels = texts.map((_, index) => (index === 5 ? 3 : index % 3));
    const fast = cosineSilhouette(model.vectors, model.dimension, labels);
    const slow = bruteForceSilhouette(model.vectors, model.dimension, labels);
    assert.ok(fast !== null && Math.abs(fast - slow) < 1e-9, `${fast} vs ${slow}`);
  });

  it('is null for one cluster or one cluster per point', () => {
    const { vectors, dimension } = denseVectors([
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    assert.equal(cosineSilhouette(vectors, dimension, [0, 0, 0]), null);
    assert.equal(cosineSilhouette(vectors, dimension, [0, 1, 2]), null);
  });
});
