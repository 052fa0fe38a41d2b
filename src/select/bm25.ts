import { terms } from '../core/text.ts';

export interface RankableDocument {
  id: string;
  title: string;
  abstract: string | null;
}

export interface Bm25Options {
  k1?: number;
  b?: number;
  /** The title counts this many times (a cheap BM25F: title words say more about the topic). */
  titleWeight?: number;
}

/**
 * Okapi BM25 of each document against the query terms, with IDF taken over the given documents
 * (the candidates of one digest). Returns scores in document order.
 */
export function bm25Scores(
  documents: RankableDocument[],
  queryText: string,
  options: Bm25Options = {},
): number[] {
  const k1 = options.k1 ?? 1.2;
  const b = options.b ?? 0.75;
  const titleWeight = options.titleWeight ?? 2;
  const queryTerms = [...new Set(terms(queryText))];
  if (queryTerms.length === 0 || documents.length === 0) return documents.map(() => 0);
  const frequencies = documents.map((document) => {
    const counts = new Map<string, number>();
    const titleTerms = terms(document.title);
    for (let repeat = 0; repeat < titleWeight; repeat += 1) {
      for (const term of titleTerms) counts.set(term, (counts.get(term) ?? 0) + 1);
    }
    let length = titleTerms.length * titleWeight;
    for (const term of terms(document.abstract ?? '')) {
      counts.set(term, (counts.get(term) ?? 0) + 1);
      length += 1;
    }
    return { counts, length };
  });
  const averageLength = frequencies.reduce((sum, entry) => sum + entry.length, 0) / documents.length || 1;
  const inverseFrequency = new Map<string, number>();
  for (const term of queryTerms) {
    const containing = frequencies.filter((entry) => entry.counts.has(term)).length;
    inverseFrequency.set(term, Math.log(1 + (documents.length - containing + 0.5) / (containing + 0.5)));
  }
  return frequencies.map(({ counts, length }) => {
    let score = 0;
    for (const term of queryTerms) {
      const frequency = counts.get(term) ?? 0;
      if (frequency === 0) continue;
      const idf = inverseFrequency.get(term) ?? 0;
      score += (idf * frequency * (k1 + 1)) / (frequency + k1 * (1 - b + (b * length) / averageLength));
    }
    return score;
  });
}
