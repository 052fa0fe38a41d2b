import type { Language } from '../core/digest.ts';
import { containsCjk, stem } from '../core/text.ts';
import { translateTerm } from './glossary.ts';
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

export function offlineDirectionNames(
  clusters: readonly Cluster[],
  // Names come from the keywords alone; the papers stay in the signature for namers that read them.
  _papers: readonly DirectionPaper[],
  language: Language,
): { name: string; overview: string }[] {
  const used = new Set<string>();
  return clusters.map((cluster) => {
    const candidates = headCandidates(cluster.keywords);
    let name =
      language === 'zh'
        ? chineseName(cluster.keywords, candidates)
        : englishName(cluster.keywords, candidates);
    // Two clusters can share their top keywords; a further keyword tells them apart.
    const unused = cluster.keywords.filter((keyword) => !name.toLowerCase().includes(keyword.toLowerCase()));
    // In Chinese a translatable keyword tells them apart without mixing in English.
    const translatable = unused.filter((keyword) => chineseTerm(keyword) !== null);
    const extras = language === 'zh' && translatable.length > 0 ? translatable : unused;
    for (let extra = 0; used.has(name) && extra < extras.length; extra++) {
      const keyword = extras[extra] as string;
      name = language === 'zh' ? `${name}（${chineseTerm(keyword) ?? keyword}）` : `${name} (${keyword})`;
    }
    used.add(name);
    return { name, overview: overview(cluster, language) };
  });
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
 * language models" one translation), so names never say a thing twice.
 */
function pickParts(candidates: readonly string[], accept: (candidate: string) => boolean): string[] {
  const parts: string[] = [];
  const words = new Set<string>();
  const meanings = new Set<string>();
  for (const candidate of candidates) {
    // Parts of compounds count: "cross-modal interaction" already says "modality".
    const stems = candidate.split(/[\s-]/).map(stemOf);
    const meaning = translateTerm(candidate) ?? stems.join(' ');
    if (stems.some((word) => words.has(word)) || meanings.has(meaning) || !accept(candidate)) continue;
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

function englishName(keywords: readonly string[], candidates: readonly string[]): string {
  const parts = pickParts(candidates, () => true);
  if (parts.length > 0) return capitalize(parts.join(' and '));
  // Only adjectives or verb-like words: say they describe the papers rather than pretend to be a topic.
  return keywords[0] ? `${capitalize(keywords[0])} papers` : 'Other papers';
}

/** An acronym or name kept as written in Chinese text ("SAR", "GRPO", "3DGS"). */
const keptAsWritten = /^[A-Z0-9][A-Z0-9-]*[A-Z0-9]s?$/;

/** The Chinese for a keyword: the glossary's, with acronyms kept as written; null when unknown. */
function chineseTerm(keyword: string): string | null {
  const whole = translateTerm(keyword);
  if (whole !== null) return whole;
  const words = keyword.split(' ');
  const pieces = words.map((word) => translateTerm(word) ?? (keptAsWritten.test(word) ? word : null));
  if (pieces.some((piece) => piece === null)) return null;
  // Chinese needs no spaces, but two Latin pieces side by side do ("SAR VLM").
  return (pieces as string[]).reduce((text, piece) =>
    /[A-Za-z0-9]$/.test(text) && /^[A-Za-z0-9]/.test(piece) ? `${text} ${piece}` : text + piece,
  );
}

function chineseName(keywords: readonly string[], candidates: readonly string[]): string {
  const parts = pickParts(candidates, (candidate) => chineseTerm(candidate) !== null).map(
    (candidate) => chineseTerm(candidate) as string,
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
  const known = keywords.map(chineseTerm).find((term) => term !== null && containsCjk(term));
  if (known) return `${known}相关研究`;
  const fallback = candidates[0] ?? keywords[0];
  return fallback ? `“${fallback}” 相关研究` : '其他研究';
}

function overview(cluster: Cluster, language: Language): string {
  const count = cluster.paperIds.length;
  const top = cluster.keywords.slice(0, 5);
  if (language === 'zh') {
    // Known terms in Chinese, the rest as the English technical terms they are; never half of each.
    const terms = [...new Set(top.map((keyword) => chineseTerm(keyword) ?? keyword))];
    return terms.length > 0
      ? `本方向 ${count} 篇论文，关键词：${terms.join('、')}。`
      : `本方向 ${count} 篇论文。`;
  }
  const papers = count === 1 ? '1 paper' : `${count} papers`;
  return top.length > 0 ? `${papers}; key terms: ${top.join(', ')}.` : `${papers}.`;
}
