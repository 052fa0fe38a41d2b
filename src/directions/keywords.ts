import { stem } from '../core/text.ts';
import type { TfidfModel } from './vectors.ts';

// Words that say how good or new a paper is, not what it is about; they make poor direction names.
// Only keywords skip them: the vectors keep them (they are spread evenly and barely move clusters).
const genericWords = [
  'advanced',
  'improve',
  'improvement',
  'enable',
  'effective',
  'effectiveness',
  'leverage',
  'capture',
  'correct',
  'better',
  'high',
  'low',
  'large',
  'small',
  'key',
  'critical',
  'crucial',
  'important',
  'significant',
  'challenge',
  'challenging',
  'problem',
  'issue',
  'address',
  'remain',
  'limited',
  'limitation',
  'prior',
  'recent',
  'current',
  'previous',
  'often',
  'strong',
  'simple',
  'specific',
  'general',
  'diverse',
  'multiple',
  'different',
  'including',
  'provide',
  'achieved',
  'evaluate',
  'outperform',
  'compared',
  'comparison',
  'enhance',
  'gain',
  'accuracy',
  'accurate',
  'superior',
  'competitive',
  'promising',
  'potential',
  'novelty',
  'overall',
  'despite',
  'substantial',
  'consistently',
  'furthermore',
  'moreover',
  'specifically',
  'respectively',
  'additionally',
  'comprehensive',
  'systematic',
  'typically',
  'require',
  'requires',
  'allow',
  'make',
  'need',
  'without',
  'within',
  'toward',
  'towards',
  // function words the general stopword list lacks
  'its',
  'itself',
  'upon',
  'whose',
  'thus',
  'hence',
  'among',
  'yet',
  'either',
  'whether',
  'although',
  'though',
  'unlike',
  'beyond',
  'along',
  'per',
  'less',
  'least',
  'even',
  'already',
  'rather',
  'instead',
  'therefore',
  'thereby',
  'whereas',
  'due',
  'given',
  'able',
  'second',
  'third',
  'several',
  'every',
  'around',
  'above',
  'below',
  'etc',
];
const genericStems: ReadonlySet<string> = new Set(genericWords.map(stem));

const casingSample = 50;

/** Above this share of all papers a term describes the whole digest, not one direction. */
const digestWideShare = 0.5;

export interface KeywordSettings {
  /** Keywords per cluster (default 10). */
  top?: number;
}

/**
 * Class-based TF-IDF (BERTopic's c-TF-IDF): the members of a cluster form one document, and a term's
 * weight is its share of that document's words times ln(1 + A / f), where A is the average number of words
 * per cluster and f the term's frequency over all clusters. A keyword must occur in at least two members
 * (when the cluster has two), so one long abstract cannot name a direction alone. Stems are shown as the
 * cluster's most frequent surface word, in its usual casing ("LLMs", "diffusion").
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

  const termCounts = new Float64Array(termTotal);
  const documentsWith = new Float64Array(termTotal);
  return members.map((documents) => {
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
    const minimumDocuments = Math.min(2, documents.length);
    const scored: { term: number; weight: number }[] = [];
    for (let term = 0; term < termTotal; term++) {
      const count = termCounts[term] as number;
      if (count === 0 || (documentsWith[term] as number) < minimumDocuments) continue;
      if (genericStems.has(model.vocabulary[term] as string)) continue;
      // Only with several clusters: one cluster is the whole digest, and its top terms are all it has.
      if (members.length > 1 && (documentFrequency[term] as number) > digestWideShare * documentTotal)
        continue;
      const weight =
        (count / (clusterWords || 1)) * Math.log(1 + averageWords / (corpusFrequency[term] as number));
      scored.push({ term, weight });
    }
    scored.sort(
      (left, right) =>
        right.weight - left.weight ||
        compareStrings(model.vocabulary[left.term] as string, model.vocabulary[right.term] as string),
    );

    const keywords: string[] = [];
    // Surface words are looked up for a few candidates at a time: most clusters need only the first batch.
    for (let start = 0; start < scored.length && keywords.length < top; start += top * 3) {
      const batch = scored.slice(start, start + top * 3).map((entry) => entry.term);
      const surfaces = surfaceWords(model, documents, batch);
      for (const term of batch) {
        const surface = surfaces.get(term) as string;
        if (surface.length < 3 || /^\d+$/.test(surface) || keywords.includes(surface)) continue;
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

/** The most frequent surface word of each term among the documents (ties: the alphabetically first). */
function surfaceWords(
  model: TfidfModel,
  documents: readonly number[],
  terms: readonly number[],
): Map<number, string> {
  const wanted = new Map<number, Map<number, number>>(terms.map((term) => [term, new Map()]));
  for (const document of documents) {
    const tokens = model.tokens[document] as TfidfModel['tokens'][number];
    for (let position = 0; position < tokens.terms.length; position++) {
      const forms = wanted.get(tokens.terms[position] as number);
      if (!forms) continue;
      const surface = tokens.surfaces[position] as number;
      forms.set(surface, (forms.get(surface) ?? 0) + 1);
    }
  }
  const result = new Map<number, string>();
  for (const [term, forms] of wanted) {
    let best = model.vocabulary[term] as string;
    let bestCount = 0;
    for (const [surface, count] of forms) {
      const word = model.surfaceWords[surface] as string;
      if (count > bestCount || (count === bestCount && word < best)) {
        best = word;
        bestCount = count;
      }
    }
    result.set(term, best);
  }
  return result;
}

/** Code-unit order, independent of the machine's locale. */
function compareStrings(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Keeps a keyword lowercase unless the texts mostly write it with inner capitals ("LLMs", "3DGS",
 * "mmWave"); a capital first letter alone (titles, sentence starts) does not count.
 */
export function applyUsualCasing(keywords: readonly string[], texts: readonly string[]): string[] {
  const wanted = new Set(keywords);
  const casings = new Map<string, Map<string, number>>();
  for (const text of texts) {
    for (const token of text.match(/[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*/g) ?? []) {
      const lower = token.toLowerCase();
      if (!wanted.has(lower)) continue;
      let forms = casings.get(lower);
      if (!forms) {
        forms = new Map();
        casings.set(lower, forms);
      }
      const plain = token === lower || token === lower.charAt(0).toUpperCase() + lower.slice(1);
      const form = plain ? lower : token;
      forms.set(form, (forms.get(form) ?? 0) + 1);
    }
  }
  return keywords.map((keyword) => {
    let best = keyword;
    let bestCount = 0;
    for (const [form, count] of casings.get(keyword) ?? []) {
      // Ties keep the plain lowercase form: it is the safe reading.
      if (count > bestCount || (count === bestCount && form === keyword)) {
        best = form;
        bestCount = count;
      }
    }
    return best;
  });
}
