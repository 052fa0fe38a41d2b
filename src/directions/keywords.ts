import { translateTerm } from './glossary.ts';
import { clusterPhrases } from './phrases.ts';
import type { TfidfModel } from './vectors.ts';
import { isGenericStem, isWeakStem, wordRole } from './word-roles.ts';

const casingSample = 50;

/** Above this share of all papers a term describes the whole digest, not one direction. */
const digestWideShare = 0.5;

/**
 * A phrase takes the place of a word (or shorter phrase) inside it when it accounts for at least this share
 * of that part's occurrences in the cluster: "point" mostly occurs as "point cloud(s)".
 */
const coverShare = 0.5;

/**
 * Only phrases holding one of a cluster's strongest words (by weight) or most frequent words (by count) are
 * counted: a phrase that could rank among the keywords has such a word in it (every word of a phrase is at
 * least as frequent as the phrase), and skipping the rest keeps phrases cheap on large digests.
 */
const anchorsByWeight = 40;
const anchorsByCount = 15;
/** Members of a cluster read for phrases (the first, i.e. most relevant, ones); counts are scaled up. */
const phraseSample = 60;
/** Phrases per cluster weighed closely (fragments, surfaces): far more than ever reach the keywords. */
const phraseShortlist = 60;

export interface KeywordSettings {
  /** Keywords per cluster (default 10). */
  top?: number;
}

interface Candidate {
  /** Stems, one per word ("point cloud" -> ["point", "cloud"]). */
  stems: string[];
  /** The stems joined by spaces. */
  key: string;
  weight: number;
  count: number;
  /** The vocabulary index of a single word; -1 for a phrase. */
  term: number;
  /** A phrase's lowercase surface; a word's is looked up later (only for the few that are shown). */
  surface: string | null;
}

/**
 * Class-based TF-IDF (BERTopic's c-TF-IDF): the members of a cluster form one document, and a term's
 * weight is its share of that document's words times ln(1 + A / f), where A is the average number of words
 * per cluster and f the term's frequency over all clusters. Terms are words and phrases of two or three
 * adjacent content words ("point cloud", "video reasoning"), weighed the same way; a phrase replaces the
 * words it mostly accounts for. A keyword must occur in at least two members (when the cluster has two), so
 * one long abstract cannot name a direction alone. Generic words ("improve"), vague ones alone ("error"),
 * verb forms ("encoded", "integrating") and adverbs are left out. Stems are shown as the cluster's most
 * frequent surface word, in its usual casing ("LLMs", "diffusion").
 */
export function clusterKeywords(
  model: TfidfModel,
  texts: readonly string[],
  members: readonly (readonly number[])[],
  settings: KeywordSettings = {},
): string[][] {
  const top = settings.top ?? 10;
  const termTotal = model.vocabulary.length;
  const corpusFrequency = new Float64Array(termTotal);
  const documentFrequency = new Float64Array(termTotal);
  for (const { indices, values } of model.counts) {
    for (let position = 0; position < indices.length; position++) {
      const term = indices[position] as number;
      corpusFrequency[term] = (corpusFrequency[term] as number) + (values[position] as number);
      documentFrequency[term] = (documentFrequency[term] as number) + 1;
    }
  }
  let wordTotal = 0;
  for (const frequency of corpusFrequency) wordTotal += frequency;
  const averageWords = wordTotal / Math.max(1, members.length);
  const documentTotal = model.counts.length;
  const digestWide = (documents: number) => members.length > 1 && documents > digestWideShare * documentTotal;

  // Words first: their weights also say which phrases are worth counting (those with a strong word).
  const termCounts = new Float64Array(termTotal);
  const documentsWith = new Float64Array(termTotal);
  const words = members.map((documents) => {
    termCounts.fill(0);
    documentsWith.fill(0);
    let clusterWords = 0;
    for (const document of documents) {
      const { indices, values } = model.counts[document] as TfidfModel['counts'][number];
      for (let position = 0; position < indices.length; position++) {
        const term = indices[position] as number;
        termCounts[term] = (termCounts[term] as number) + (values[position] as number);
        documentsWith[term] = (documentsWith[term] as number) + 1;
        clusterWords += values[position] as number;
      }
    }
    const weigh = (count: number, corpusCount: number) =>
      (count / (clusterWords || 1)) * Math.log(1 + averageWords / corpusCount);
    const minimumDocuments = Math.min(2, documents.length);
    const candidates: Candidate[] = [];
    // Words that may anchor a phrase: weak ones ("error" in "error correction") and digest-wide ones
    // ("learning" in "multimodal learning") too, since the phrase itself can be rare.
    const anchors: { term: number; weight: number; count: number }[] = [];
    for (let term = 0; term < termTotal; term++) {
      const count = termCounts[term] as number;
      if (count === 0 || (documentsWith[term] as number) < minimumDocuments) continue;
      const stem = model.vocabulary[term] as string;
      if (isGenericStem(stem)) continue;
      const weight = weigh(count, corpusFrequency[term] as number);
      anchors.push({ term, weight, count });
      if (!isWeakStem(stem) && !digestWide(documentFrequency[term] as number))
        candidates.push({ stems: [stem], key: stem, weight, count, term, surface: null });
    }
    return { candidates, weigh, anchors: phraseAnchorTerms(anchors) };
  });
  const phrases = clusterPhrases(model, texts, members, {
    minimumDocuments: (size) => Math.min(2, size),
    anchorTerms: words.flatMap((entry) => entry.anchors),
    sample: phraseSample,
    shortlist: {
      limit: phraseShortlist,
      score: (cluster, phrase) =>
        digestWide(phrase.corpusDocuments)
          ? Number.NEGATIVE_INFINITY
          : (words[cluster] as (typeof words)[number]).weigh(phrase.count, phrase.corpusCount),
    },
  });

  return members.map((documents, cluster) => {
    const { candidates, weigh } = words[cluster] as (typeof words)[number];
    for (const phrase of phrases[cluster] as ReturnType<typeof clusterPhrases>[number]) {
      if (digestWide(phrase.corpusDocuments)) continue;
      const weight = weigh(phrase.count, phrase.corpusCount);
      candidates.push({
        stems: phrase.stems,
        key: phrase.stems.join(' '),
        weight,
        count: phrase.count,
        term: -1,
        surface: phrase.surface,
      });
    }
    const ranked = preferPhrases(candidates);

    const keywords: string[] = [];
    // Surface words are looked up for a few candidates at a time: most clusters need only the first batch.
    for (let start = 0; start < ranked.length && keywords.length < top; start += top * 3) {
      const batch = ranked.slice(start, start + top * 3);
      const surfaces = surfaceWords(
        model,
        documents,
        batch.flatMap((candidate) => (candidate.term >= 0 ? [candidate.term] : [])),
      );
      for (const candidate of batch) {
        const surface = candidate.surface ?? surfaces.get(candidate.term);
        if (!surface || surface.length < 3 || /^\d+$/.test(surface) || keywords.includes(surface)) continue;
        // An adjective alone is a keyword only when it names a field the glossary knows ("medical",
        // "adversarial"), not when it rates or describes ("essential", "impressive").
        if (candidate.term >= 0 && wordRole(surface) === 'modifier' && translateTerm(surface) === null)
          continue;
        keywords.push(surface);
        if (keywords.length === top) break;
      }
    }
    // How a word is usually written shows in a few dozen abstracts; large clusters need not be read whole.
    return applyUsualCasing(
      keywords,
      documents.slice(0, casingSample).map((document) => texts[document] as string),
    );
  });
}

function phraseAnchorTerms(words: { term: number; weight: number; count: number }[]): number[] {
  const byWeight = [...words].sort((left, right) => right.weight - left.weight || left.term - right.term);
  const byCount = words.sort((left, right) => right.count - left.count || left.term - right.term);
  return [
    ...byWeight.slice(0, anchorsByWeight).map((word) => word.term),
    ...byCount.slice(0, anchorsByCount).map((word) => word.term),
  ];
}

/**
 * Ranks candidates by weight, then lets each phrase take the place of the words and shorter phrases it
 * covers (it accounts for at least `coverShare` of their occurrences): the phrase moves up to the best rank
 * among them and they leave the list. So "point", "cloud" become "point cloud" where "point" stood.
 */
function preferPhrases(candidates: Candidate[]): Candidate[] {
  const key = (candidate: Candidate) => candidate.key;
  candidates.sort((left, right) => right.weight - left.weight || compareStrings(key(left), key(right)));
  const rankOf = new Map(candidates.map((candidate, rank) => [key(candidate), rank]));
  const covered = new Set<string>();
  const rankFor = new Map<Candidate, number>();
  // Longer phrases first, so a trigram claims its bigrams before they claim their words.
  const phrases = candidates
    .filter((candidate) => candidate.term < 0)
    .sort((left, right) => right.stems.length - left.stems.length);
  for (const phrase of phrases) {
    if (covered.has(key(phrase))) continue;
    let rank = rankOf.get(key(phrase)) as number;
    for (const part of parts(phrase.stems)) {
      const partRank = rankOf.get(part);
      if (partRank === undefined || covered.has(part)) continue;
      if (phrase.count < coverShare * (candidates[partRank] as Candidate).count) continue;
      covered.add(part);
      rank = Math.min(rank, partRank);
    }
    rankFor.set(phrase, rank);
  }
  return candidates
    .filter((candidate) => !covered.has(key(candidate)))
    .map((candidate, order) => ({
      candidate,
      rank: rankFor.get(candidate) ?? rankOf.get(key(candidate)),
      order,
    }))
    .sort((left, right) => (left.rank as number) - (right.rank as number) || left.order - right.order)
    .map((entry) => entry.candidate);
}

/** The words and shorter phrases inside a phrase, as stem keys ("a b c" -> "a", "b", "c", "a b", "b c"). */
function parts(stems: readonly string[]): string[] {
  const result: string[] = [];
  for (let length = stems.length - 1; length >= 1; length--) {
    for (let start = 0; start + length <= stems.length; start++) {
      result.push(stems.slice(start, start + length).join(' '));
    }
  }
  return result;
}

/**
 * The most frequent surface word of each term among the documents that may stand as a keyword (not a verb
 * form or adverb: "encoder" rather than "encoded"; ties: the alphabetically first). Terms written only as
 * verb forms or adverbs get none.
 */
function surfaceWords(
  model: TfidfModel,
  documents: readonly number[],
  terms: readonly number[],
): Map<number, string> {
  const wanted = new Map<number, Map<number, number>>(terms.map((term) => [term, new Map()]));
  // A typed-array mark per term: most tokens are of unwanted terms and cost one read, not a Map lookup.
  const isWanted = new Uint8Array(model.vocabulary.length);
  for (const term of terms) isWanted[term] = 1;
  for (const document of documents) {
    const tokens = model.tokens[document] as TfidfModel['tokens'][number];
    for (let position = 0; position < tokens.terms.length; position++) {
      const term = tokens.terms[position] as number;
      if (isWanted[term] === 0) continue;
      const forms = wanted.get(term) as Map<number, number>;
      const surface = tokens.surfaces[position] as number;
      forms.set(surface, (forms.get(surface) ?? 0) + 1);
    }
  }
  const result = new Map<number, string>();
  for (const [term, forms] of wanted) {
    let best: string | null = null;
    let bestCount = 0;
    for (const [surface, count] of forms) {
      const word = model.surfaceWords[surface] as string;
      const role = wordRole(word);
      if (role !== 'noun' && role !== 'modifier') continue;
      if (count > bestCount || (count === bestCount && best !== null && word < best)) {
        best = word;
        bestCount = count;
      }
    }
    if (best !== null) result.set(term, best);
  }
  return result;
}

/** Code-unit order, independent of the machine's locale. */
function compareStrings(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Keeps each word of a keyword lowercase unless the texts mostly write it otherwise: with inner capitals
 * ("LLMs", "3DGS", "mmWave"), or capitalised in running text ("Gaussian", "Bayesian"). A capital first
 * letter after a capitalised word or at a sentence start (titles, "Moreover, Video ...") does not count.
 * Phrases are cased word by word ("LLM agents").
 */
export function applyUsualCasing(keywords: readonly string[], texts: readonly string[]): string[] {
  const wanted = new Set(keywords.flatMap((keyword) => keyword.split(' ')));
  const casings = new Map<string, Map<string, number>>();
  for (const text of texts) {
    let previous = '';
    for (const token of text.match(/[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*|[.!?:;]/g) ?? []) {
      const before = previous;
      previous = token;
      const lower = token.toLowerCase();
      if (!wanted.has(lower)) continue;
      const capitalised = token === lower.charAt(0).toUpperCase() + lower.slice(1) && token !== lower;
      // Only a capital after a lowercase word says the word is a name; elsewhere it may be title case.
      if (capitalised && !/^[a-z]/.test(before)) continue;
      let forms = casings.get(lower);
      if (!forms) {
        forms = new Map();
        casings.set(lower, forms);
      }
      forms.set(token, (forms.get(token) ?? 0) + 1);
    }
  }
  const usual = (word: string) => {
    let best = word;
    let bestCount = 0;
    for (const [form, count] of casings.get(word) ?? []) {
      // Ties keep the plain lowercase form: it is the safe reading.
      if (count > bestCount || (count === bestCount && form === word)) {
        best = form;
        bestCount = count;
      }
    }
    return best;
  };
  return keywords.map((keyword) => keyword.split(' ').map(usual).join(' '));
}
