import { z } from 'zod';
import { DigestError } from '../core/errors.ts';
import { seededRandom } from '../core/random.ts';
import { parseWith } from '../core/schema.ts';
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

/** The default k range: [3, 8] up to 40 papers, then the upper end grows as sqrt(n / 2), at most 20. */
export function defaultKRange(paperCount: number): [number, number] {
  return [3, Math.min(20, Math.max(8, Math.round(Math.sqrt(paperCount / 2))))];
}

/** Title and abstract, the text both the vectors and the keywords are built from. */
export function paperText(paper: DirectionPaper): string {
  return paper.abstract ? `${paper.title}\n${paper.abstract}` : paper.title;
}

/**
 * Groups papers into directions: TF-IDF (or given embeddings), spherical k-means with seeded k-means++
 * restarts, k by best cosine silhouette over the k range unless forced, c-TF-IDF keywords, members
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
  if (settings.k !== undefined || count < 3) {
    const k = Math.min(settings.k ?? 1, count);
    labels = k === 1 ? new Array<number>(count).fill(0) : kMeansLabels(space, k, random);
  } else {
    const [low, high] = settings.kRange ?? defaultKRange(count);
    const upper = Math.min(high, count - 1);
    const lower = Math.min(low, upper);
    let best: { labels: number[]; score: number } | null = null;
    for (let k = lower; k <= upper; k++) {
      const candidate = kMeansLabels(space, k, random);
      const score = cosineSilhouette(space.vectors, space.dimension, candidate) ?? Number.NEGATIVE_INFINITY;
      // Strictly better only: ties keep the smaller k (fewer, broader directions read better).
      if (best === null || score > best.score) best = { labels: candidate, score };
    }
    labels = (best as { labels: number[] }).labels;
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
    members.length >= 2 && count >= 3 ? cosineSilhouette(space.vectors, space.dimension, assignments) : null;
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
  const centroid = new Float64Array(space.dimension);
  for (const document of documents) {
    const { indices, values } = space.vectors[document] as SparseVector;
    for (let position = 0; position < indices.length; position++) {
      const index = indices[position] as number;
      centroid[index] = (centroid[index] as number) + (values[position] as number);
    }
  }
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
