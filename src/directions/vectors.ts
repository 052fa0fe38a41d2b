import { isStopword, stem, wordText } from '../core/text.ts';
import { createWordTable } from './word-table.ts';

/** A sparse vector: ascending term indices and their weights. Dense embeddings use every index. */
export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

export interface TfidfSettings {
  /**
   * Terms in fewer documents than this carry no similarity between papers, only noise in the norms, so
   * they are left out of the vectors (default 2). They still count for keywords.
   */
  minDocumentFrequency?: number;
}

export interface TfidfModel {
  /** Every stemmed term seen, by index. */
  vocabulary: string[];
  /** Raw term counts per document, indexed by vocabulary position (for c-TF-IDF keywords). */
  counts: SparseVector[];
  /**
   * Sublinear, smoothed-idf, l2-normalised TF-IDF vectors over the features: the terms at or above the
   * document-frequency floor, numbered 0..dimension-1 in vocabulary order.
   */
  vectors: SparseVector[];
  dimension: number;
  /** Each document's kept tokens in order: vocabulary index and surface word (index into surfaceWords). */
  tokens: { terms: Int32Array; surfaces: Int32Array }[];
  /** Every distinct lowercase word behind a term, so keywords can be shown as words rather than stems. */
  surfaceWords: string[];
}

/**
 * TF-IDF over the same terms as `terms()` (stemmed, stopwords removed): tf = 1 + ln(count), idf = ln((1 + n) / (1 + df)) + 1
 * (the smoothed form scikit-learn uses), rows l2-normalised so a dot product is the cosine.
 */
export function buildTfidf(texts: readonly string[], settings: TfidfSettings = {}): TfidfModel {
  const minDocumentFrequency = settings.minDocumentFrequency ?? 2;
  const termIndex = new Map<string, number>();
  const vocabulary: string[] = [];
  const documentFrequency: number[] = [];
  const counts: SparseVector[] = [];

  // Per distinct word (its surface index): the term it counts for (-1 when terms() would drop it).
  const table = createWordTable();
  const surfaceWords = table.words;
  const surfaceTerm: number[] = [];
  const tokens: TfidfModel['tokens'] = [];
  const termCount: number[] = [];
  let documentTerms = new Int32Array(1024);
  let documentSurfaces = new Int32Array(1024);
  let seen = new Int32Array(1024);

  for (const text of texts) {
    const list = table.scan(wordText(text));
    if (list.length > documentTerms.length) {
      documentTerms = new Int32Array(list.length * 2);
      documentSurfaces = new Int32Array(list.length * 2);
      seen = new Int32Array(list.length * 2);
    }
    let kept = 0;
    let distinct = 0;
    for (let position = 0; position < list.length; position++) {
      const surface = list[position] as number;
      if (surface === surfaceTerm.length) {
        const word = surfaceWords[surface] as string;
        // The filter and stemming of terms() (core/text.ts), done once per distinct word so one
        // tokenisation pass serves both the vectors and the readable keywords.
        let index = -1;
        if (!(word.length < 2 || /^\d+$/.test(word) || isStopword(word))) {
          const term = stem(word);
          index = termIndex.get(term) ?? -1;
          if (index < 0) {
            index = vocabulary.length;
            termIndex.set(term, index);
            vocabulary.push(term);
            documentFrequency.push(0);
            termCount.push(0);
          }
        }
        surfaceTerm.push(index);
      }
      const index = surfaceTerm[surface] as number;
      if (index < 0) continue;
      if (termCount[index] === 0) seen[distinct++] = index;
      termCount[index] = (termCount[index] as number) + 1;
      documentTerms[kept] = index;
      documentSurfaces[kept] = surface;
      kept++;
    }
    tokens.push({ terms: documentTerms.slice(0, kept), surfaces: documentSurfaces.slice(0, kept) });
    const indices = seen.slice(0, distinct).sort();
    const values = new Float64Array(distinct);
    for (let position = 0; position < distinct; position++) {
      const index = indices[position] as number;
      values[position] = termCount[index] as number;
      termCount[index] = 0;
      documentFrequency[index] = (documentFrequency[index] as number) + 1;
    }
    counts.push({ indices, values });
  }

  const documentCount = texts.length;
  const inverseFrequency = documentFrequency.map(
    (frequency) => Math.log((1 + documentCount) / (1 + frequency)) + 1,
  );
  // Kept terms get compact feature numbers (in vocabulary order, so indices stay ascending): the centroids
  // span only these, which halves their size on abstracts.
  const feature = new Int32Array(vocabulary.length).fill(-1);
  let dimension = 0;
  documentFrequency.forEach((frequency, index) => {
    if (frequency >= minDocumentFrequency) feature[index] = dimension++;
  });
  // 1 + ln(count) for the small counts almost every term has, so Math.log runs once per distinct count.
  const sublinear: number[] = [];
  const vectors = counts.map((count) => {
    const { indices: terms, values: termCounts } = count;
    let size = 0;
    for (let source = 0; source < terms.length; source++)
      if ((feature[terms[source] as number] as number) >= 0) size++;
    const indices = new Int32Array(size);
    const values = new Float64Array(size);
    let position = 0;
    for (let source = 0; source < terms.length; source++) {
      const index = terms[source] as number;
      const kept = feature[index] as number;
      if (kept < 0) continue;
      const termCount = termCounts[source] as number;
      let weight = sublinear[termCount];
      if (weight === undefined) {
        weight = 1 + Math.log(termCount);
        sublinear[termCount] = weight;
      }
      indices[position] = kept;
      values[position] = weight * (inverseFrequency[index] as number);
      position++;
    }
    return normalize({ indices, values });
  });

  return { vocabulary, counts, vectors, dimension, tokens, surfaceWords };
}

/** Dense embeddings as l2-normalised "sparse" vectors over all dimensions, so one k-means serves both. */
export function denseVectors(rows: readonly (readonly number[])[]): {
  vectors: SparseVector[];
  dimension: number;
} {
  const dimension = rows[0]?.length ?? 0;
  const indices = new Int32Array(dimension);
  for (let index = 0; index < dimension; index++) indices[index] = index;
  const vectors = rows.map((row) => normalize({ indices, values: Float64Array.from(row) }));
  return { vectors, dimension };
}

/** Scales to unit length in place; a zero vector stays zero (it is similar to nothing). */
export function normalize(vector: SparseVector): SparseVector {
  let sum = 0;
  for (const value of vector.values) sum += value * value;
  if (sum > 0) {
    const scale = 1 / Math.sqrt(sum);
    for (let position = 0; position < vector.values.length; position++) {
      vector.values[position] = (vector.values[position] as number) * scale;
    }
  }
  return vector;
}

/** Dot product of a sparse vector with a dense one. */
export function dotDense(vector: SparseVector, dense: Float64Array): number {
  let sum = 0;
  const { indices, values } = vector;
  for (let position = 0; position < indices.length; position++) {
    sum += (values[position] as number) * (dense[indices[position] as number] as number);
  }
  return sum;
}

/** Writes `vector` into `dense` (all zeros beforehand), to take many dot products against it. */
export function scatter(vector: SparseVector, dense: Float64Array): void {
  for (let position = 0; position < vector.indices.length; position++) {
    dense[vector.indices[position] as number] = vector.values[position] as number;
  }
}

/** Undoes `scatter`, cheaper than clearing the whole dense array. */
export function unscatter(vector: SparseVector, dense: Float64Array): void {
  for (let position = 0; position < vector.indices.length; position++)
    dense[vector.indices[position] as number] = 0;
}
