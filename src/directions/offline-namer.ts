import type { Language } from '../core/digest.ts';
import { containsCjk, stem } from '../core/text.ts';
import { type FieldGroup, fieldOfCategory } from './field-glossary.ts';
import { translateTerm } from './glossary.ts';
import { isGenericTerm, nameTerms, restates, sharesTerm } from './name-rules.ts';
import type { Cluster, DirectionNamer, DirectionPaper } from './types.ts';
import { isNameHead } from './word-roles.ts';

/**
 * Names directions from their c-TF-IDF keywords alone, with no model. A name is one or two keywords that
 * can head a noun phrase ("Point cloud and encoder", "Video reasoning and training"): phrases are
 * preferred over the words inside them, and verb forms or bare adjectives never lead. Chinese names
 * translate those keywords through the glossary ("视频推理与训练"), keep acronyms as written, and fall
 * back to quoting the English keyword ("“diffusion” 相关研究"). Overviews state only the count and the
 * keywords, so nothing in them can be wrong about the papers.
 */
export function createOfflineNamer(): DirectionNamer {
  return {
    async name({ clusters, papers, language }) {
      return offlineDirectionNames(clusters, papers, language);
    },
  };
}

const partsPerName = 2;
const chineseOrdinals = '甲乙丙丁戊己庚辛壬癸';
const latinOrdinals = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function offlineDirectionNames(
  clusters: readonly Cluster[],
  papers: readonly DirectionPaper[],
  language: Language,
): { name: string; overview: string }[] {
  const fieldOf = new Map(
    papers.map((paper) => [paper.id, paper.primaryCategory ? fieldOfCategory(paper.primaryCategory) : null]),
  );
  // Terms already naming an earlier direction: no two names share one (name-rules.ts).
  const taken: string[] = [];
  return clusters.map((cluster, index) => {
    const fields = clusterFields(cluster, fieldOf);
    const translate = (keyword: string) => chineseTerm(keyword, fields);
    const free = (term: string) =>
      !isGenericTerm(term, language) && !taken.some((other) => sharesTerm(other, term, language));
    const candidates = headCandidates(cluster.keywords).filter((candidate) => free(capitalize(candidate)));
    const name =
      language === 'zh'
        ? chineseName(cluster.keywords, candidates, translate, free)
        : englishName(cluster.keywords, candidates, free);
    const terms = nameTerms(name, language);
    // Last resort when every keyword is generic or taken; a letter, not a number the claim check would read.
    const fallback =
      language === 'zh'
        ? `其他研究${chineseOrdinals[index] ?? latinOrdinals[index] ?? index + 1}`
        : `Other papers ${latinOrdinals[index] ?? index + 1}`;
    const chosen = terms.length > 0 && terms.every(free) ? name : fallback;
    taken.push(...nameTerms(chosen, language));
    return { name: chosen, overview: overview(cluster, language, translate) };
  });
}

/**
 * The fields a cluster's terms must be right in: every field group holding at least a quarter of its
 * papers (papers without a category count for nothing; none known means computing, as before).
 */
function clusterFields(cluster: Cluster, fieldOf: ReadonlyMap<string, FieldGroup | null>): FieldGroup[] {
  const counts = new Map<FieldGroup, number>();
  for (const id of cluster.paperIds) {
    const field = fieldOf.get(id);
    if (field) counts.set(field, (counts.get(field) ?? 0) + 1);
  }
  const known = [...counts.values()].reduce((sum, count) => sum + count, 0);
  const fields = [...counts].filter(([, count]) => count >= known / 4).map(([field]) => field);
  return fields.length > 0 ? fields : ['cs'];
}

/** A phrase this near the top may stand in for a word it contains even if its other words are no keywords. */
const phraseReach = 6;

/**
 * The keywords that can head a name, best first, each word replaced by a keyword phrase that contains it
 * ("reasoning" -> "video reasoning"): a phrase ranks below its words because it is rarer, yet it says
 * more. Only a phrase near the top, or one whose other words are keywords too, speaks for the cluster: a
 * broad "learning" cluster is not "reinforcement learning". No repeats.
 */
function headCandidates(keywords: readonly string[]): string[] {
  const keywordStems = new Set(keywords.filter((keyword) => !keyword.includes(' ')).map(stemOf));
  const result: string[] = [];
  for (const keyword of keywords) {
    if (!isNameHead(keyword)) continue;
    const word = stemOf(keyword);
    const phrase = keyword.includes(' ')
      ? keyword
      : (keywords.find((candidate, index) => {
          if (!candidate.includes(' ') || !isNameHead(candidate)) return false;
          const stems = candidate.split(' ').map(stemOf);
          if (!stems.includes(word)) return false;
          return index < phraseReach || stems.every((other) => other === word || keywordStems.has(other));
        }) ?? keyword);
    if (!result.includes(phrase)) result.push(phrase);
  }
  return result;
}

function stemOf(word: string): string {
  return stem(word.toLowerCase());
}

/**
 * Up to `partsPerName` candidates that share no word and no meaning (the glossary gives "LLMs" and "large
 * language models" one translation) and do not restate each other (name-rules.ts), so names never say a
 * thing twice.
 */
function pickParts(
  candidates: readonly string[],
  accept: (candidate: string) => boolean,
  shown: (candidate: string) => string,
  language: Language,
): string[] {
  const parts: string[] = [];
  const words = new Set<string>();
  const meanings = new Set<string>();
  for (const candidate of candidates) {
    // Parts of compounds count: "cross-modal interaction" already says "modality".
    const stems = candidate.split(/[\s-]/).map(stemOf);
    const meaning = translateTerm(candidate) ?? stems.join(' ');
    if (stems.some((word) => words.has(word)) || meanings.has(meaning) || !accept(candidate)) continue;
    if (parts.some((part) => restates(shown(part), shown(candidate), language))) continue;
    parts.push(candidate);
    for (const word of stems) words.add(word);
    meanings.add(meaning);
    if (parts.length === partsPerName) break;
  }
  return parts;
}

function capitalize(text: string): string {
  // "LLMs" and "mmWave" keep their casing; only an all-lowercase first word is capitalised.
  const firstWord = text.split(/[\s,]/, 1)[0] as string;
  return /^[a-z]/.test(firstWord) && firstWord === firstWord.toLowerCase()
    ? text.charAt(0).toUpperCase() + text.slice(1)
    : text;
}

function englishName(
  keywords: readonly string[],
  candidates: readonly string[],
  free: (term: string) => boolean,
): string {
  const parts = pickParts(candidates, () => true, capitalize, 'en');
  if (parts.length > 0) return capitalize(parts.join(' and '));
  // Only adjectives or verb-like words: say they describe the papers rather than pretend to be a topic.
  const described = keywords.find((keyword) => free(capitalize(keyword)));
  return described ? `${capitalize(described)} papers` : '';
}

/**
 * An acronym or name kept as written in Chinese text ("SAR", "GRPO", "3DGS", "Wasserstein", "Hamiltonian"):
 * keywords keep their usual casing, so a capital shows a name.
 */
const keptAsWritten = /^(?:[A-Z0-9][A-Z0-9-]*[A-Z0-9]s?|[A-Z][a-z]+(?:-[A-Z][a-z]+)*)$/;

/** The Chinese for a keyword in the papers' fields: the glossary's, with acronyms kept as written; null when unknown. */
function chineseTerm(keyword: string, fields: readonly FieldGroup[]): string | null {
  const whole = translateTerm(keyword, fields);
  if (whole !== null) return whole;
  if (keptAsWritten.test(keyword)) return keyword;
  const words = keyword.split(' ');
  const pieces = words.map((word) => translateTerm(word, fields) ?? (keptAsWritten.test(word) ? word : null));
  if (pieces.some((piece) => piece === null)) return null;
  // Chinese needs no spaces, but two Latin pieces side by side do ("SAR VLM").
  return (pieces as string[]).reduce((text, piece) =>
    /[A-Za-z0-9]$/.test(text) && /^[A-Za-z0-9]/.test(piece) ? `${text} ${piece}` : text + piece,
  );
}

function chineseName(
  keywords: readonly string[],
  candidates: readonly string[],
  translate: (keyword: string) => string | null,
  free: (term: string) => boolean,
): string {
  const usable = (candidate: string) => {
    const term = translate(candidate);
    return term !== null && free(term);
  };
  const parts = pickParts(candidates, usable, (candidate) => translate(candidate) ?? candidate, 'zh').map(
    (candidate) => translate(candidate) as string,
  );
  // Two keywords can share a translation ("fusion", "fused representations" -> 融合...).
  const distinct = parts.filter(
    (part, index) => !parts.slice(0, index).some((earlier) => earlier.includes(part)),
  );
  const first = distinct[0];
  if (first !== undefined && containsCjk(distinct.join(''))) {
    return distinct.length === 1 ? `${first}相关研究` : distinct.join('与');
  }
  // Acronyms only ("SAR", "GRPO"): the frame makes the name Chinese.
  if (first !== undefined) return `${distinct.join('与')}相关研究`;
  // No noun to head the name: a known keyword of any kind still says what the papers are about.
  const known = keywords.map(translate).find((term) => term !== null && containsCjk(term) && free(term));
  if (known) return `${known}相关研究`;
  const fallback = [...candidates, ...keywords].find((keyword) => free(keyword));
  return fallback ? `“${fallback}” 相关研究` : '';
}

/** Keywords a Chinese list may show in English before it is better shown wholly in English. */
const untranslatedAllowed = 1;

function overview(
  cluster: Cluster,
  language: Language,
  translate: (keyword: string) => string | null,
): string {
  const count = cluster.paperIds.length;
  const top = cluster.keywords.slice(0, 5);
  if (language === 'zh') {
    // One language per list: Chinese terms (one English term among them is fine), else the English
    // technical terms as they are; never "algorithm、Hamiltonian、学习、高效、bounds".
    const translated = top.map((keyword) => translate(keyword));
    const missing = translated.filter((term) => term === null).length;
    const shown =
      missing <= untranslatedAllowed ? top.map((keyword, index) => translated[index] ?? keyword) : top;
    const terms = [...new Set(shown)];
    return terms.length > 0
      ? `本方向 ${count} 篇论文，关键词：${terms.join('、')}。`
      : `本方向 ${count} 篇论文。`;
  }
  const papers = count === 1 ? '1 paper' : `${count} papers`;
  return top.length > 0 ? `${papers}; key terms: ${top.join(', ')}.` : `${papers}.`;
}
