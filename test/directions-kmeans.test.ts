import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { seededRandom } from '../src/core/random.ts';
import { sphericalKMeans } from '../src/directions/kmeans.ts';
import { kMeansPlusPlus } from '../src/directions/seeding.ts';
import { buildTfidf, type SparseVector } from '../src/directions/vectors.ts';

// 300 real abstracts from one daily listing.
const texts = fs
  .readFileSync(new URL('../../shared/data/arxiv-days/2025-09-16.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .slice(0, 300)
  .map((line) => JSON.parse(line) as { title: string; abstract: string })
  .map((paper) => `${paper.title}\n${paper.abstract}`);
const model = buildTfidf(texts);

function toDense(vector: SparseVector, dimension: number): Float64Array {
  const dense = new Float64Array(dimension);
  vector.indices.forEach((index, position) => {
    dense[index] = vector.values[position] as number;
  });
  return dense;
}

/** Textbook spherical Lloyd from the same seeds, without bounds or incremental sums. */
function plainLloyd(vectors: SparseVector[], dimension: number, k: number, seed: number): Int32Array {
  const dense = vectors.map((vector) => toDense(vector, dimension));
  const seeds = kMeansPlusPlus(vectors, dimension, k, seededRandom(seed));
  let centroids = seeds.map((index) => Float64Array.from(dense[index] as Float64Array));
  const assignments = new Int32Array(vectors.length).fill(-1);
  for (let iteration = 0; iteration < 100; iteration++) {
    let changed = 0;
    dense.forEach((row, index) => {
      let chosen = 0;
      let best = Number.NEGATIVE_INFINITY;
      centroids.forEach((centroid, cluster) => {
        let dot = 0;
        for (let term = 0; term < dimension; term++)
          dot += (row[term] as number) * (centroid[term] as number);
        if (dot > best) {
          best = dot;
          chosen = cluster;
        }
      });
      if (assignments[index] !== chosen) changed++;
      assignments[index] = chosen;
    });
    if (changed <= Math.floor(vectors.length * 0.005)) break;
    centroids = centroids.map((_, cluster) => {
      const sum = new Float64Array(dimension);
      dense.forEach((row, index) => {
        if (assignments[index] !== cluster) return;
        for (let term = 0; term < dimension; term++)
          sum[term] = (sum[term] as number) + (row[term] as number);
      });
      const norm = Math.sqrt(sum.reduce((total, value) => total + value * value, 0)) || 1;
      return sum.map((value) => value / norm);
    });
  }
  return assignments;
}

describe('sphericalKMeans', () => {
  it('gives the same clusters as plain Lloyd from the same seeds (the bounds only skip work)', () => {
    for (const [k, seed] of [
      [4, 7],
      [6, 42],
    ] as const) {
      const fast = sphericalKMeans(model.vectors, model.dimension, k, {
        random: seededRandom(seed),
        restarts: 1,
      });
      const plain = plainLloyd(model.vectors, model.dimension, k, seed);
      assert.deepEqual(Array.from(fast.assignments), Array.from(plain), `k=${k} seed=${seed}`);
      assert.ok(fast.iterations > 1);
    }
  });

  it('reports the objective as the sum of cosines to the final centroids', () => {
    const result = sphericalKMeans(model.vectors, model.dimension, 5, { random: seededRandom(3) });
    const sums = Array.from({ length: 5 }, () => new Float64Array(model.dimension));
    model.vectors.forEach((vector, index) => {
      const sum = sums[result.assignments[index] as number] as Float64Array;
      vector.indices.forEach((term, position) => {
        sum[term] = (sum[term] as number) + (vector.values[position] as number);
      });
    });
    let objective = 0;
    model.vectors.forEach((vector, index) => {
      const sum = sums[result.assignments[index] as number] as Float64Array;
      const norm = Math.sqrt(sum.reduce((total, value) => total + value * value, 0));
      vector.indices.forEach((term, position) => {
        objective += ((vector.values[position] as number) * (sum[term] as number)) / norm;
      });
    });
    // The last iteration may leave up to 0.5% of the vectors one step from their best centroid.
    assert.ok(
      Math.abs(result.objective - objective) / objective < 0.01,
      `${result.objective} vs ${objective}`,
    );
  });

  it('keeps the best of its restarts and is deterministic for a seed', () => {
    const single = sphericalKMeans(model.vectors, model.dimension, 6, {
      random: seededRandom(11),
      restarts: 1,
    });
    const many = sphericalKMeans(model.vectors, model.dimension, 6, {
      random: seededRandom(11),
      restarts: 10,
    });
    assert.ok(many.objective >= single.objective - 1e-9);
    const again = sphericalKMeans(model.vectors, model.dimension, 6, {
      random: seededRandom(11),
      restarts: 10,
    });
    assert.deepEqual(again, many);
  });

  it('never leaves a cluster empty while there are vectors to spare', () => {
    // Twelve copies of three vectors asked for five clusters: two clusters must be refilled.
    const base = model.vectors.slice(0, 3);
    const vectors = Array.from({ length: 12 }, (_, index) => base[index % 3] as SparseVector);
    const result = sphericalKMeans(vectors, model.dimension, 5, { random: seededRandom(1), restarts: 2 });
    assert.equal(new Set(result.assignments).size, 5);
  });
});
