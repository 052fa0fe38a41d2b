import { addInto, dotColumn, similaritiesTo } from './kernels.ts';
import type { SparseVector } from './vectors.ts';

/**
 * Greedy k-means++ as in scikit-learn: each step samples 2 + ln(k) candidates in proportion to the
 * squared distance to the nearest seed and keeps the one that lowers the total most. For unit vectors the
 * squared Euclidean distance is 2(1 - cosine); the factor 2 cancels. The candidates of a step are scored
 * together in one pass over the vectors, like k centroids.
 */
export function kMeansPlusPlus(
  vectors: readonly SparseVector[],
  dimension: number,
  k: number,
  random: () => number,
): number[] {
  return seedClusters(vectors, dimension, k, random).seeds;
}

/**
 * The k-means++ seeds, and what the first Lloyd pass (centroids = the seeds) would compute from them: each
 * vector's nearest seed (the first of equals), the cosine to it and the best cosine to any other seed. The
 * scoring passes already take every one of those dot products, in the same order as the Lloyd kernel does,
 * so the values are bitwise the same and that pass need not run again.
 */
export interface Seeding {
  seeds: number[];
  nearest: Int32Array;
  nearestSimilarity: Float64Array;
  secondSimilarity: Float64Array;
}

export function seedClusters(
  vectors: readonly SparseVector[],
  dimension: number,
  k: number,
  random: () => number,
): Seeding {
  const count = vectors.length;
  const trials = 2 + Math.floor(Math.log(k));
  // Slots padded to a multiple of 4 so the candidates are scored in whole four-wide passes.
  const stride = Math.ceil(trials / 4) * 4;
  const candidates = new Float64Array(dimension * stride);
  const similarities = new Float64Array(stride);
  const trialSimilarities = new Float64Array(count * trials);
  const nearest = new Int32Array(count);
  const nearestSimilarity = new Float64Array(count);
  const secondSimilarity = new Float64Array(count).fill(Number.NEGATIVE_INFINITY);

  const seeds = [Math.floor(random() * count)];
  const closest = new Float64Array(count);
  addInto(candidates, stride, 0, vectors[seeds[0] as number] as SparseVector, 1);
  for (let index = 0; index < count; index++) {
    const vector = vectors[index] as SparseVector;
    const similarity = dotColumn(vector, candidates, stride, 0);
    nearestSimilarity[index] = similarity;
    // A zero vector (a paper sharing no term with any other) is far from everything but a useless seed.
    closest[index] = isZero(vector) ? 0 : Math.max(0, 1 - similarity);
  }
  addInto(candidates, stride, 0, vectors[seeds[0] as number] as SparseVector, -1);

  while (seeds.length < k) {
    let potential = 0;
    for (const distance of closest) potential += distance;
    const drawn: number[] = [];
    for (let trial = 0; trial < trials; trial++) {
      const candidate = potential > 0 ? sampleProportional(closest, potential, random()) : trial % count;
      drawn.push(candidate);
      addInto(candidates, stride, trial, vectors[candidate] as SparseVector, 1);
    }
    const potentials = new Float64Array(trials);
    for (let index = 0; index < count; index++) {
      similaritiesTo(vectors[index] as SparseVector, candidates, stride, similarities);
      const nearby = closest[index] as number;
      for (let trial = 0; trial < trials; trial++) {
        const similarity = similarities[trial] as number;
        trialSimilarities[trial * count + index] = similarity;
        potentials[trial] = (potentials[trial] as number) + Math.min(nearby, Math.max(0, 1 - similarity));
      }
    }
    let best = 0;
    for (let trial = 1; trial < trials; trial++) {
      if ((potentials[trial] as number) < (potentials[best] as number)) best = trial;
    }
    const cluster = seeds.length;
    seeds.push(drawn[best] as number);
    const offset = best * count;
    for (let index = 0; index < count; index++) {
      const similarity = trialSimilarities[offset + index] as number;
      closest[index] = Math.min(closest[index] as number, Math.max(0, 1 - similarity));
      // As the Lloyd pass picks: a later seed wins only when strictly nearer.
      if (similarity > (nearestSimilarity[index] as number)) {
        secondSimilarity[index] = nearestSimilarity[index] as number;
        nearestSimilarity[index] = similarity;
        nearest[index] = cluster;
      } else {
        secondSimilarity[index] = Math.max(secondSimilarity[index] as number, similarity);
      }
    }
    // Clear the candidate buffer; subtracting restores exact zeros because each slot held one value.
    drawn.forEach((candidate, trial) => {
      addInto(candidates, stride, trial, vectors[candidate] as SparseVector, -1);
    });
  }
  return { seeds, nearest, nearestSimilarity, secondSimilarity };
}

function sampleProportional(weights: Float64Array, total: number, draw: number): number {
  let remaining = draw * total;
  let last = 0;
  for (let index = 0; index < weights.length; index++) {
    const weight = weights[index] as number;
    if (weight <= 0) continue;
    last = index;
    remaining -= weight;
    if (remaining < 0) return index;
  }
  return last;
}

function isZero(vector: SparseVector): boolean {
  for (const value of vector.values) if (value !== 0) return false;
  return true;
}
