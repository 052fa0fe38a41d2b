import type { Language } from '../core/digest.ts';

/** What clustering needs of a paper: its id and the text the TF-IDF vectors are built from. */
export interface DirectionPaper {
  id: string;
  title: string;
  abstract: string | null;
  /** The arXiv primary category; the offline namer translates terms only as the paper's field uses them. */
  primaryCategory?: string | null;
}

export interface ClusteringOptions {
  /** Seed for k-means++ and the restarts (default 42). Same seed + same input => same output. */
  seed?: number;
  /** Force the number of clusters (the benchmark uses the number of categories). Capped at the paper count. */
  k?: number;
  /**
   * Candidate k for the silhouette search. Default `directionCountBounds(n)` (bounds.ts): 30 papers [4, 7],
   * 200 [5, 12], 1,200+ up to 20; below 8 papers [3, 8]. From 30 papers on, directions under 3 papers join
   * their nearest direction (not when k is forced).
   */
  kRange?: [number, number];
  /** Precomputed embeddings (same order as the papers) used instead of TF-IDF vectors; keywords still come from the text. */
  vectors?: number[][];
}

export interface Cluster {
  /** Members in input order (the pipeline passes papers by relevance, so the most relevant come first). */
  paperIds: string[];
  /** Up to 3 members nearest the centroid (cosine), best first. */
  representativeIds: string[];
  /**
   * c-TF-IDF keywords, best first, as readable surface words or phrases of 2-3 adjacent words ("generation",
   * "LLMs", "point cloud"), not stems.
   */
  keywords: string[];
}

export interface ClusteringResult {
  /** Ordered by size (largest first), then by the input position of the first member. */
  clusters: Cluster[];
  k: number;
  /** Mean cosine silhouette of the chosen clustering (null with fewer than 2 clusters or 3 papers). */
  silhouette: number | null;
  /** For each input paper, the index of its cluster in `clusters`. */
  assignments: number[];
}

/** Names and one-sentence overviews for clusters; the offline namer and the LLM namer implement it. */
export interface DirectionNamer {
  name(input: {
    clusters: Cluster[];
    papers: DirectionPaper[];
    language: Language;
  }): Promise<{ name: string; overview: string }[]>;
}
