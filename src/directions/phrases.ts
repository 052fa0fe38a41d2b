import { stem } from '../core/text.ts';
import { gap, heads, leads, phraseTokens } from './phrase-tokens.ts';
import type { TfidfModel } from './vectors.ts';

/**
 * Candidate keyword phrases: runs of two or three adjacent content words ("point cloud", "video
 * reasoning", "vision-language models") inside one clause. Counted per cluster and over all documents,
 * so c-TF-IDF can weigh a phrase like a word.
 */

export interface ClusterPhrase {
  /** The stems of the phrase's words ("point cloud" -> ["point", "cloud"]). */
  stems: string[];
  /** Occurrences in the cluster's documents. */
  count: number;
  /** Cluster documents containing it. */
  documents: number;
  /** Occurrences over all clusters' documents. */
  corpusCount: number;
  /** Documents of all clusters containing it. */
  corpusDocuments: number;
  /** The phrase as most often written in the cluster, lowercase ("point clouds"). */
  surface: string;
}

/** A phrase extended by the same word in at least this share of its occurrences is part of a longer one. */
const fragmentShare = 0.6;
/**
 * A phrase followed by some further noun in at least this share of its occurrences ends in a modifier
 * ("3D point" before "cloud", "positions"), so it is no name of its own.
 */
const continuedShare = 2 / 3;

interface Occurrences {
  count: number;
  documents: number;
  lastDocument: number;
}

/** What is tallied only for phrases frequent enough to be keywords. */
interface Details {
  /** Words (stem id * 2 + side) extending the phrase to a longer valid one. */
  extensions: Map<number, Occurrences>;
  /** Occurrences followed by a word that could continue the phrase ("models" does not count). */
  continued: number;
  surfaces: Map<string, number>;
}

export interface PhraseOptions {
  /** Documents of a cluster of this size a phrase must occur in. */
  minimumDocuments: (clusterSize: number) => number;
  /** Model term indices; when given, only phrases holding one of them are counted. */
  anchorTerms?: readonly number[];
  /**
   * Reads at most this many documents of a cluster (its first members) and scales their counts up to the
   * cluster's size: phrases show in a sample, and large digests need not be read whole.
   */
  sample?: number;
  /**
   * Keeps only each cluster's `limit` best phrases by `score` for the closer look (fragments, surfaces),
   * which costs an allocation or two per occurrence.
   */
  shortlist?: {
    limit: number;
    score: (
      cluster: number,
      phrase: { count: number; corpusCount: number; corpusDocuments: number },
    ) => number;
  };
}

/**
 * The phrases found in at least `minimumDocuments(size)` documents of each cluster that are not mostly a
 * fragment of a longer phrase ("large language" of "large language models") or a modifier chunk ("3D
 * point" of "3D point clouds"). `members` partition the documents (the corpus is their union). Given
 * `anchorTerms` (model term indices), only phrases holding one of them are counted.
 */
export function clusterPhrases(
  model: TfidfModel,
  texts: readonly string[],
  members: readonly (readonly number[])[],
  options: PhraseOptions,
): ClusterPhrase[][] {
  const { minimumDocuments, anchorTerms, shortlist } = options;
  const sampled = members.map((documents) => documents.slice(0, options.sample ?? documents.length));
  // Each read document stands for this many of its cluster.
  const scale = members.map(
    (documents, cluster) => documents.length / Math.max(1, sampled[cluster]?.length ?? 1),
  );
  const { documents: tokens, words, stemIds, roles, stemCount } = phraseTokens(model, texts, sampled.flat());
  // Phrases without an anchor word are not counted at all (no anchors given: every phrase is).
  const anchors = new Uint8Array(stemCount).fill(anchorTerms ? 0 : 1);
  for (const term of anchorTerms ?? []) anchors[term] = 1;
  const base = stemCount;
  // Numeric keys: bigrams below base², trigrams above. Past ~200k distinct stems a trigram key would
  // lose precision, so such corpora get bigrams only.
  const longest = base * base * base + base * base < Number.MAX_SAFE_INTEGER ? 3 : 2;
  const can = (word: number | undefined, role: number) =>
    word !== undefined && word !== gap && ((roles[word] as number) & role) !== 0;

  // First look: count every anchored phrase, and note where each occurrence is (document, start, length,
  // phrase slot) so the second look visits only the occurrences of candidates.
  const tally = createTally();
  let seen = new Int32Array(4096);
  let seenLength = 0;
  const clusterSeen: number[] = [];
  const candidates = members.map((documents, cluster) => {
    clusterSeen.push(seenLength);
    tally.touched.length = 0;
    const weight = scale[cluster] as number;
    for (const document of sampled[cluster] as number[]) {
      const list = tokens[document] as Int32Array;
      for (let start = 0; start + 1 < list.length; start++) {
        const first = list[start] as number;
        if (first === gap || ((roles[first] as number) & leads) === 0) continue;
        let key = stemIds[first] as number;
        let anchored = anchors[key] === 1;
        for (let length = 2; length <= longest && start + length <= list.length; length++) {
          const word = list[start + length - 1] as number;
          if (word === gap) break;
          const stemId = stemIds[word] as number;
          key = key * base + stemId;
          anchored ||= anchors[stemId] === 1;
          const role = roles[word] as number;
          if (anchored && (role & heads) !== 0) {
            const phrase = tally.add(length === 2 ? key : key + base * base, cluster, document, weight);
            if (seenLength + 4 > seen.length) {
              const grown = new Int32Array(seen.length * 2);
              grown.set(seen);
              seen = grown;
            }
            seen[seenLength++] = document;
            seen[seenLength++] = start;
            seen[seenLength++] = length;
            seen[seenLength++] = phrase;
          }
          if ((role & leads) === 0) break;
        }
      }
    }
    // A phrase must be in enough of the documents read (a sample of a large cluster holds fewer).
    const needed = Math.min(minimumDocuments(documents.length), (sampled[cluster] as number[]).length);
    // Read now: a later cluster reuses the slots' cluster counts.
    return tally.touched
      .filter((phrase) => (tally.clusterDocuments[phrase] as number) >= needed)
      .map((phrase) => ({
        phrase,
        count: tally.clusterCount[phrase] as number,
        documents: tally.clusterDocuments[phrase] as number,
      }));
  });
  clusterSeen.push(seenLength);

  return members.map((documents, cluster) => {
    const needed = Math.min(minimumDocuments(documents.length), (sampled[cluster] as number[]).length);
    const weight = scale[cluster] as number;
    const details = new Map<number, Details & { phrase: number; count: number; documents: number }>();
    let chosen = candidates[cluster] ?? [];
    if (shortlist && chosen.length > shortlist.limit) {
      const scored = chosen.map((candidate) => ({
        candidate,
        score: shortlist.score(cluster, {
          count: candidate.count * weight,
          corpusCount: tally.count[candidate.phrase] as number,
          corpusDocuments: tally.documents[candidate.phrase] as number,
        }),
      }));
      scored.sort(
        (left, right) =>
          right.score - left.score ||
          (tally.keys[left.candidate.phrase] as number) - (tally.keys[right.candidate.phrase] as number),
      );
      chosen = scored.slice(0, shortlist.limit).map((entry) => entry.candidate);
    }
    for (const candidate of chosen) {
      details.set(candidate.phrase, {
        ...candidate,
        extensions: new Map(),
        continued: 0,
        surfaces: new Map(),
      });
    }
    for (let at = clusterSeen[cluster] as number; at < (clusterSeen[cluster + 1] as number); at += 4) {
      const detail = details.get(seen[at + 3] as number);
      if (!detail) continue;
      const document = seen[at] as number;
      const start = seen[at + 1] as number;
      const length = seen[at + 2] as number;
      const list = tokens[document] as Int32Array;
      const before = list[start - 1];
      const last = list[start + length - 1] as number;
      const after = list[start + length];
      if (can(before, leads)) count(detail.extensions, (stemIds[before as number] as number) * 2, document);
      if (can(after, heads) && can(last, leads)) {
        count(detail.extensions, (stemIds[after as number] as number) * 2 + 1, document);
        // "models" ends phrases but continues none: "point cloud models" leaves "point cloud" whole.
        if (can(after, leads)) detail.continued++;
      }
      const surface = Array.from(list.subarray(start, start + length), (word) => words[word]).join(' ');
      detail.surfaces.set(surface, (detail.surfaces.get(surface) ?? 0) + 1);
    }
    const phrases: ClusterPhrase[] = [];
    for (const detail of details.values()) {
      // Only a longer phrase that could itself be a keyword (in enough documents) absorbs this one.
      let widest = 0;
      for (const extension of detail.extensions.values()) {
        if (extension.documents >= needed) widest = Math.max(widest, extension.count);
      }
      if (widest >= fragmentShare * detail.count || detail.continued >= continuedShare * detail.count)
        continue;
      const surface = mostFrequent(detail.surfaces);
      phrases.push({
        stems: surface.split(' ').map(stem),
        count: detail.count * weight,
        documents: detail.documents * weight,
        corpusCount: tally.count[detail.phrase] as number,
        corpusDocuments: tally.documents[detail.phrase] as number,
        surface,
      });
    }
    return phrases;
  });
}

/**
 * Phrase counts in typed arrays, one slot per distinct phrase (an object per phrase would be hundreds of
 * thousands of allocations on a large digest). Clusters are counted one after another and partition the
 * documents, so one slot holds a phrase's corpus totals and its count in the cluster being counted.
 */
function createTally() {
  const ids = new Map<number, number>();
  const tally = {
    keys: [] as number[],
    count: new Float64Array(1024),
    documents: new Float64Array(1024),
    lastDocument: new Int32Array(1024).fill(-1),
    cluster: new Int32Array(1024).fill(-1),
    clusterCount: new Int32Array(1024),
    clusterDocuments: new Int32Array(1024),
    /** The slots the cluster being counted has touched so far. */
    touched: [] as number[],
    /** Counts one occurrence; returns the phrase's slot. */
    add(key: number, cluster: number, document: number, weight: number): number {
      let phrase = ids.get(key);
      if (phrase === undefined) {
        phrase = tally.keys.length;
        ids.set(key, phrase);
        tally.keys.push(key);
        if (phrase === tally.count.length) grow();
      }
      if (tally.cluster[phrase] !== cluster) {
        tally.cluster[phrase] = cluster;
        tally.clusterCount[phrase] = 0;
        tally.clusterDocuments[phrase] = 0;
        tally.touched.push(phrase);
      }
      tally.count[phrase] = (tally.count[phrase] as number) + weight;
      (tally.clusterCount[phrase] as number)++;
      if (tally.lastDocument[phrase] !== document) {
        tally.lastDocument[phrase] = document;
        tally.documents[phrase] = (tally.documents[phrase] as number) + weight;
        (tally.clusterDocuments[phrase] as number)++;
      }
      return phrase;
    },
  };
  const grow = () => {
    tally.count = doubled(tally.count, 0);
    tally.documents = doubled(tally.documents, 0);
    tally.lastDocument = doubled(tally.lastDocument, -1);
    tally.cluster = doubled(tally.cluster, -1);
    tally.clusterCount = doubled(tally.clusterCount, 0);
    tally.clusterDocuments = doubled(tally.clusterDocuments, 0);
  };
  return tally;
}

/** A copy twice as long, the new half filled with `fill`. */
function doubled<Column extends Int32Array | Float64Array>(column: Column, fill: number): Column {
  const grown = new (column.constructor as new (length: number) => Column)(column.length * 2);
  grown.fill(fill, column.length);
  grown.set(column);
  return grown;
}

function count<Key>(table: Map<Key, Occurrences>, key: Key, document: number): void {
  let occurrences = table.get(key);
  if (!occurrences) {
    occurrences = { count: 0, documents: 0, lastDocument: -1 };
    table.set(key, occurrences);
  }
  occurrences.count++;
  if (occurrences.lastDocument !== document) {
    occurrences.documents++;
    occurrences.lastDocument = document;
  }
}

/** The most frequent form (ties: the code-unit-first, so the result does not depend on Map order). */
function mostFrequent(forms: ReadonlyMap<string, number>): string {
  let best = '';
  let bestCount = 0;
  for (const [form, occurrences] of forms) {
    if (occurrences > bestCount || (occurrences === bestCount && form < best)) {
      best = form;
      bestCount = occurrences;
    }
  }
  return best;
}
