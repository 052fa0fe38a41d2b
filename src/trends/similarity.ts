import { terms } from '../core/text.ts';

/**
 * How alike two sets of directions are, by what their papers say: each direction is one document
 * (its members' titles and abstracts), weighted by TF-IDF over the directions of both digests, and
 * compared by cosine. Consecutive digests share no papers (featured ones are left out), so matching
 * a direction to last week's must rest on its content, not on shared ids or exact keywords.
 */
export function directionSimilarity(current: string[][], previous: string[][]): number[][] {
  const documents = [...current, ...previous].map((texts) => {
    const counts = new Map<string, number>();
    for (const text of texts) for (const term of terms(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
    return counts;
  });
  const documentFrequency = new Map<string, number>();
  for (const counts of documents)
    for (const term of counts.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const vectors = documents.map((counts) => {
    const vector = new Map<string, number>();
    let norm = 0;
    for (const [term, count] of counts) {
      const weight =
        (1 + Math.log(count)) * Math.log((1 + documents.length) / (1 + (documentFrequency.get(term) ?? 0)));
      if (weight <= 0) continue;
      vector.set(term, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [term, weight] of vector) vector.set(term, weight / norm);
    return vector;
  });
  return current.map((_, row) =>
    previous.map((__, column) => {
      const left = vectors[row] as Map<string, number>;
      const right = vectors[current.length + column] as Map<string, number>;
      let dot = 0;
      for (const [term, weight] of left) dot += weight * (right.get(term) ?? 0);
      return Math.round(dot * 1000) / 1000;
    }),
  );
}
