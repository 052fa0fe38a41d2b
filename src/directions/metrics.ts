import { similaritiesTo } from './kernels.ts';
import type { SparseVector } from './vectors.ts';

function entropy(counts: Iterable<number>, total: number): number {
  let sum = 0;
  for (const count of counts) {
    if (count > 0) sum -= (count / total) * Math.log(count / total);
  }
  return sum;
}

/**
 * Normalised mutual information with arithmetic-mean normalisation, MI / ((H(a) + H(b)) / 2) - the
 * default of scikit-learn's normalized_mutual_info_score, including its edge cases (both labelings a
 * single class: 1; no shared information: 0).
 */
export function normalizedMutualInformation(
  labelsA: readonly (string | number)[],
  labelsB: readonly (string | number)[],
): number {
  if (labelsA.length !== labelsB.length) {
    throw new RangeError(`NMI needs labelings of equal length (${labelsA.length} vs ${labelsB.length})`);
  }
  const total = labelsA.length;
  const codesA = toCodes(labelsA);
  const codesB = toCodes(labelsB);
  if ((codesA.classes === 1 && codesB.classes === 1) || total === 0) return 1;

  const countsA = new Float64Array(codesA.classes);
  const countsB = new Float64Array(codesB.classes);
  const joint = new Float64Array(codesA.classes * codesB.classes);
  for (let index = 0; index < total; index++) {
    const a = codesA.codes[index] as number;
    const b = codesB.codes[index] as number;
    countsA[a] = (countsA[a] as number) + 1;
    countsB[b] = (countsB[b] as number) + 1;
    const cell = a * codesB.classes + b;
    joint[cell] = (joint[cell] as number) + 1;
  }
  let mutualInformation = 0;
  for (let a = 0; a < codesA.classes; a++) {
    for (let b = 0; b < codesB.classes; b++) {
      const count = joint[a * codesB.classes + b] as number;
      if (count === 0) continue;
      const expected = ((countsA[a] as number) * (countsB[b] as number)) / (total * total);
      mutualInformation += (count / total) * Math.log(count / total / expected);
    }
  }
  if (mutualInformation <= 0) return 0;
  const normaliser = (entropy(countsA, total) + entropy(countsB, total)) / 2;
  return Math.min(1, mutualInformation / Math.max(normaliser, Number.EPSILON));
}

function toCodes(labels: readonly (string | number)[]): { codes: Int32Array; classes: number } {
  const seen = new Map<string | number, number>();
  const codes = new Int32Array(labels.length);
  labels.forEach((label, index) => {
    let code = seen.get(label);
    if (code === undefined) {
      code = seen.size;
      seen.set(label, code);
    }
    codes[index] = code;
  });
  return { codes, classes: seen.size };
}

/**
 * Mean silhouette with cosine distance (1 - dot, the vectors being unit length or zero), exact and in
 * O(n * k * nnz) rather than O(n^2): the distance is linear in the other point, so the mean distance from
 * x to a cluster C is 1 - x . sum(C) / |C| (minus x's own term inside its cluster). A point alone in its
 * cluster scores 0, as in scikit-learn. Null unless there are 2..n-1 clusters.
 */
export function cosineSilhouette(
  vectors: readonly SparseVector[],
  dimension: number,
  labels: readonly number[],
): number | null {
  const size = labels.length;
  const clusterCount = new Set(labels).size;
  if (clusterCount < 2 || clusterCount >= size) return null;
  const k = Math.max(...labels) + 1;
  const sizes = new Float64Array(k);
  // Term-major sums (sums[term * k + cluster]), as in the k-means.
  const sums = new Float64Array(dimension * k);
  labels.forEach((label, index) => {
    sizes[label] = (sizes[label] as number) + 1;
    const { indices, values } = vectors[index] as SparseVector;
    for (let position = 0; position < indices.length; position++) {
      const slot = (indices[position] as number) * k + label;
      sums[slot] = (sums[slot] as number) + (values[position] as number);
    }
  });
  const dots = new Float64Array(k);
  let total = 0;
  for (let index = 0; index < size; index++) {
    const own = labels[index] as number;
    if ((sizes[own] as number) < 2) continue;
    const vector = vectors[index] as SparseVector;
    // The k-means kernel: each label's sum is taken in the same order as a plain loop would.
    similaritiesTo(vector, sums, k, dots);
    let selfDot = 0;
    for (const value of vector.values) selfDot += value * value;
    const within = 1 - ((dots[own] as number) - selfDot) / ((sizes[own] as number) - 1);
    let nearest = Number.POSITIVE_INFINITY;
    for (let label = 0; label < k; label++) {
      if (label === own || sizes[label] === 0) continue;
      nearest = Math.min(nearest, 1 - (dots[label] as number) / (sizes[label] as number));
    }
    const spread = Math.max(within, nearest);
    total += spread > 0 ? (nearest - within) / spread : 0;
  }
  return total / size;
}
