import { z } from 'zod';
import { DigestError } from '../core/errors.ts';
import { seededRandom } from '../core/random.ts';
import { parseWith } from '../core/schema.ts';
import { directionCountBounds, mergeFrom, smallestDirection } from './bounds.ts';
import { clusterKeywords } from './keywords.ts';
import { sphericalKMeans } from './kmeans.ts';
import { cosineSilhouette } from './metrics.ts';
import type { Cluster, ClusteringOptions, ClusteringResult, DirectionPaper } from './types.ts';
import { buildTfidf, denseVectors, dotDense, type SparseVector } from './vectors.ts';

export const defaultSeed = 42;
const representativeCount = 3;

const optionsSchema = z
  .object({
    seed: z.number().int().optional(),
    k: z.number().int().positive().optional(),
    kRange: z
      .tuple([z.number().int().min(2), z.number().int().min(2)])
      .refine(([low, high]) => low <= high, 'the lower end must not exceed the upper end')
      .optional(),
    // zod 4 numbers are finite: NaN and Infinity from a broken provider are rejected here.
    vectors: z.array(z.array(z.number())).optional(),
  })
  .strict();

/** The default k range, `directionCountBounds` as a pair (see bounds.ts for the rule). */
export function defaultKRange(paperCount: number): [number, number] {
  const { min, max } = directionCountBounds(paperCount);
  return [min, max];
}

/** Title and abstract, the text both the vectors and the keywords are built from. */
export function paperText(paper: DirectionPaper): string {
  return paper.abstract ? `${paper.title}\n${paper.abstract}` : paper.title;
}

/**
 * Groups papers into directions: TF-IDF (or given embeddings), spherical k-means with seeded k-means++
 * restarts, k by best cosine silhouette within directionCountBounds (or the k range) unless forced, small
 * directions merged into their nearest from 30 papers on, c-TF-IDF keywords, members
 * nearest the centroid as representatives. Deterministic for the same input and seed. Fewer than 3
 * papers form one cluster (unless k is forced). Members keep input order; see ClusteringResult for the
 * cluster order.
 */
export function clusterPapers(papers: DirectionPaper[], options: ClusteringOptions = {}): ClusteringResult {
  const settings = parseWith(optionsSchema, options, 'clustering options', 'USAGE');
  checkPapers(papers, settings.vectors);
  const count = papers.length;
  if (count === 0) return { clusters: [], k: 0, silhouette: null, assignments: [] };

  const texts = papers.map(paperText);
  const model = buildTfidf(texts);
  const space = settings.vectors ? denseVectors(settings.vectors) : model;
  const random = seededRandom(settings.seed ?? defaultSeed);

  let labels: number[];
  let score: number | null | undefined;
  if (settings.k !== undefined || count < 3) {
    const k = Math.min(settings.k ?? 1, count);
    labels = k === 1 ? new Array<number>(count).fill(0) : kMeansLabels(space, k, random);
  } else {
    const bounds = directionCountBounds(count);
    const [low, high] = settings.kRange ?? [bounds.min, bounds.max];
    const chosen = chooseK(space, low, high, random);
    labels = chosen.labels;
    score = chosen.score;
  }

  const members = orderedMembers(joinLargest(labels, space.vectors));
  const assignments = new Array<number>(count);
  members.forEach((documents, cluster) => {
    for (const document of documents) assignments[document] = cluster;
  });
  const keywords = clusterKeywords(model, texts, members);
  const clusters: Cluster[] = members.map((documents, cluster) => ({
    paperIds: documents.map((document) => (papers[document] as DirectionPaper).id),
    representativeIds: nearestCentroid(space, documents).map(
      (document) => (papers[document] as DirectionPaper).id,
    ),
    keywords: keywords[cluster] as string[],
  }));
  const silhouette =
    members.length >= 2 && count >= 3
      ? (score ?? cosineSilhouette(space.vectors, space.dimension, assignments))
      : null;
  return { clusters, k: clusters.length, silhouette, assignments };
}

function checkPapers(papers: DirectionPaper[], vectors: number[][] | undefined): void {
  const seen = new Set<string>();
  for (const paper of papers) {
    if (seen.has(paper.id)) {
      throw new DigestError('INPUT', `paper ${paper.id} is given twice to clustering`, {
        hint: 'pass each paper once (deduplicate by arXiv id)',
      });
    }
    seen.add(paper.id);
  }
  if (vectors === undefined) return;
  const dimension = vectors[0]?.length ?? 0;
  if (
    vectors.length !== papers.length ||
    vectors.some((row) => row.length !== dimension) ||
    dimension === 0
  ) {
    throw new DigestError(
      'INPUT',
      `embeddings do not match the papers (${vectors.length} vectors for ${papers.length} papers, dimension ${dimension})`,
      { hint: 'pass one non-empty vector of the same dimension per paper, in paper order' },
    );
  }
}

/**
 * The clustering with the best cosine silhouette for k in [low, high] (capped at n - 1). From `mergeFrom`
 * papers on, directions under `smallestDirection` papers first join their nearest direction, and a k whose
 * merged result falls outside [low, high] is only taken when no k lands inside. Ties keep the smaller k
 * (fewer, broader directions read better).
 */
function chooseK(
  space: { vectors: SparseVector[]; dimension: number },
  low: number,
  high: number,
  random: () => number,
): { labels: number[]; score: number | null } {
  const count = space.vectors.length;
  const upper = Math.min(high, count - 1);
  const lower = Math.min(low, upper);
  let best: { labels: number[]; score: number; inside: boolean; k: number } | null = null;
  for (let k = lower; k <= upper; k++) {
    let candidate = kMeansLabels(space, k, random);
    if (count >= mergeFrom) candidate = mergeSmallDirections(candidate, space);
    const size = new Set(candidate).size;
    const inside = size >= lower && size <= upper;
    const score = cosineSilhouette(space.vectors, space.dimension, candidate) ?? Number.NEGATIVE_INFINITY;
    const better =
      best === null ||
      (inside && !best.inside) ||
      (inside === best.inside &&
        (inside ? score > best.score : size > best.k || (size === best.k && score > best.score)));
    if (better) best = { labels: candidate, score, inside, k: size };
  }
  const chosen = best as { labels: number[]; score: number };
  return { labels: chosen.labels, score: Number.isFinite(chosen.score) ? chosen.score : null };
}

/**
 * Directions under `smallestDirection` papers join the direction whose centroid is nearest to theirs
 * (cosine), smallest first, until none is left or one direction remains. Papers keep their labels
 * otherwise; labels may have gaps afterwards (orderedMembers renumbers).
 */
export function mergeSmallDirections(
  labels: readonly number[],
  space: { vectors: readonly SparseVector[]; dimension: number },
): number[] {
  const result = [...labels];
  for (;;) {
    const members = new Map<number, number[]>();
    result.forEach((label, index) => {
      const list = members.get(label);
      if (list) list.push(index);
      else members.set(label, [index]);
    });
    if (members.size < 2) return result;
    let smallest: number | null = null;
    for (const [label, list] of members) {
      const size = list.length;
      if (size >= smallestDirection) continue;
      if (smallest === null || size < (members.get(smallest) as number[]).length) smallest = label;
    }
    if (smallest === null) return result;
    const own = centroidOf(space, members.get(smallest) as number[]);
    let target = -1;
    let targetSimilarity = Number.NEGATIVE_INFINITY;
    for (const [label, list] of members) {
      if (label === smallest) continue;
      const similarity = cosineOfDense(own, centroidOf(space, list));
      if (similarity > targetSimilarity) {
        target = label;
        targetSimilarity = similarity;
      }
    }
    for (const index of members.get(smallest) as number[]) result[index] = target;
  }
}

function centroidOf(
  space: { vectors: readonly SparseVector[]; dimension: number },
  documents: number[],
): Float64Array {
  const centroid = new Float64Array(space.dimension);
  for (const document of documents) {
    const { indices, values } = space.vectors[document] as SparseVector;
    for (let position = 0; position < indices.length; position++) {
      const index = indices[position] as number;
      centroid[index] = (centroid[index] as number) + (values[position] as number);
    }
  }
  return centroid;
}

function cosineOfDense(left: Float64Array, right: Float64Array): number {
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  for (let index = 0; index < left.length; index++) {
    const a = left[index] as number;
    const b = right[index] as number;
    dot += a * b;
    leftNorm += a * a;
    rightNorm += b * b;
  }
  return leftNorm > 0 && rightNorm > 0 ? dot / Math.sqrt(leftNorm * rightNorm) : 0;
}

function kMeansLabels(
  space: { vectors: SparseVector[]; dimension: number },
  k: number,
  random: () => number,
): number[] {
  return Array.from(sphericalKMeans(space.vectors, space.dimension, k, { random }).assignments);
}

/**
 * Papers whose vector is zero (no term shared with any other paper) are similar to nothing; k-means puts
 * them in its first cluster by default. They join the largest cluster instead, the least surprising home.
 */
function joinLargest(labels: number[], vectors: readonly SparseVector[]): number[] {
  const isolated = (index: number) => (vectors[index] as SparseVector).values.every((value) => value === 0);
  const sizes = new Map<number, number>();
  labels.forEach((label, index) => {
    if (!isolated(index)) sizes.set(label, (sizes.get(label) ?? 0) + 1);
  });
  if (sizes.size === 0) return labels;
  let largest = -1;
  for (const [label, size] of sizes) {
    if (
      largest < 0 ||
      size > (sizes.get(largest) as number) ||
      (size === sizes.get(largest) && label < largest)
    ) {
      largest = label;
    }
  }
  return labels.map((label, index) => (isolated(index) ? largest : label));
}

/** Relabels clusters by size (largest first), then by the input position of their first member. */
function orderedMembers(labels: readonly number[]): number[][] {
  const groups = new Map<number, number[]>();
  labels.forEach((label, index) => {
    const group = groups.get(label);
    if (group) group.push(index);
    else groups.set(label, [index]);
  });
  return [...groups.values()].sort(
    (left, right) => right.length - left.length || (left[0] as number) - (right[0] as number),
  );
}

/** Members by cosine to the cluster's mean direction, best first; ties keep input order. */
function nearestCentroid(
  space: { vectors: SparseVector[]; dimension: number },
  documents: number[],
): number[] {
  const centroid = centroidOf(space, documents);
  return documents
    .map((document, order) => ({
      document,
      order,
      similarity: dotDense(space.vectors[document] as SparseVector, centroid),
    }))
    .sort((left, right) => right.similarity - left.similarity || left.order - right.order)
    .slice(0, representativeCount)
    .map((entry) => entry.document);
}
