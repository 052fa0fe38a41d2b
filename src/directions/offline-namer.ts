import type { Language } from '../core/digest.ts';
import { stem, words } from '../core/text.ts';
import { paperText } from './cluster.ts';
import { translateTerm } from './glossary.ts';
import type { Cluster, DirectionNamer, DirectionPaper } from './types.ts';

/**
 * Names directions from their c-TF-IDF keywords alone, with no model: English names join the top
 * keywords ("Image generation and diffusion"), Chinese names translate them through the glossary
 * ("图像生成与扩散") or quote the English keyword ("“diffusion” 相关研究"). Overviews state only the count
 * and the keywords, so nothing in them can be wrong about the papers.
 */
export function createOfflineNamer(): DirectionNamer {
  return {
    async name({ clusters, papers, language }) {
      return offlineDirectionNames(clusters, papers, language);
    },
  };
}

export function offlineDirectionNames(
  clusters: readonly Cluster[],
  papers: readonly DirectionPaper[],
  language: Language,
): { name: string; overview: string }[] {
  const byId = new Map(papers.map((paper) => [paper.id, paper]));
  const used = new Set<string>();
  return clusters.map((cluster) => {
    const texts = cluster.paperIds.flatMap((id) => {
      const paper = byId.get(id);
      return paper ? [paperText(paper)] : [];
    });
    const phrase = adjacentPair(cluster.keywords.slice(0, 3), texts);
    let name =
      language === 'zh' ? chineseName(cluster.keywords, phrase) : englishName(cluster.keywords, phrase);
    // Two clusters can share their top keywords; the next keyword tells them apart.
    for (let extra = 3; used.has(name) && extra < cluster.keywords.length; extra++) {
      const keyword = cluster.keywords[extra] as string;
      name = language === 'zh' ? `${name}（${translateTerm(keyword) ?? keyword}）` : `${name} (${keyword})`;
    }
    used.add(name);
    return { name, overview: overview(cluster, language) };
  });
}

/**
 * Two of the keywords written side by side ("image generation", "point clouds") in at least two members
 * (one if alone). Compared by stem, so plurals count.
 */
function adjacentPair(keywords: readonly string[], texts: readonly string[]): [number, number] | null {
  const stems = keywords.map((keyword) => stem(keyword.toLowerCase()));
  const needed = Math.min(2, texts.length);
  const counts = new Map<string, number>();
  for (const text of texts) {
    const tokens = words(text).map(stem);
    const seen = new Set<string>();
    for (let position = 0; position + 1 < tokens.length; position++) {
      const first = stems.indexOf(tokens[position] as string);
      const second = stems.indexOf(tokens[position + 1] as string);
      if (first >= 0 && second >= 0 && first !== second) seen.add(`${first},${second}`);
    }
    for (const key of seen) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let best: [number, number] | null = null;
  let bestCount = 0;
  // Pairs of the strongest keywords first, so the choice does not depend on Map order.
  for (let first = 0; first < keywords.length; first++) {
    for (let second = 0; second < keywords.length; second++) {
      const count = counts.get(`${first},${second}`) ?? 0;
      if (count >= needed && count > bestCount) {
        best = [first, second];
        bestCount = count;
      }
    }
  }
  return best;
}

function capitalize(text: string): string {
  // "LLMs" and "mmWave" keep their casing; only an all-lowercase first word is capitalised.
  const firstWord = text.split(/[\s,]/, 1)[0] as string;
  return /^[a-z]/.test(firstWord) && firstWord === firstWord.toLowerCase()
    ? text.charAt(0).toUpperCase() + text.slice(1)
    : text;
}

function joinEnglish(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function englishName(keywords: readonly string[], phrase: [number, number] | null): string {
  const top = keywords.slice(0, 3);
  if (top.length === 0) return 'Other papers';
  const parts = phrase
    ? [`${top[phrase[0]]} ${top[phrase[1]]}`, ...top.filter((_, index) => !phrase.includes(index))]
    : top;
  return capitalize(joinEnglish(parts));
}

function chineseName(keywords: readonly string[], phrase: [number, number] | null): string {
  const parts: string[] = [];
  const consumed = new Set<number>();
  if (phrase) {
    const first = keywords[phrase[0]] as string;
    const second = keywords[phrase[1]] as string;
    const together = translateTerm(`${first} ${second}`);
    const apart = [translateTerm(first), translateTerm(second)];
    const joined = together ?? (apart[0] && apart[1] ? `${apart[0]}${apart[1]}` : null);
    if (joined) {
      parts.push(joined);
      consumed.add(phrase[0]).add(phrase[1]);
    }
  }
  for (let index = 0; index < Math.min(5, keywords.length) && parts.length < 3; index++) {
    if (consumed.has(index)) continue;
    const translated = translateTerm(keywords[index] as string);
    if (translated && !parts.some((part) => part.includes(translated))) parts.push(translated);
  }
  if (parts.length === 0) return keywords[0] ? `“${keywords[0]}” 相关研究` : '其他研究';
  if (parts.length === 1) return `${parts[0]}相关研究`;
  return `${parts.slice(0, -1).join('、')}与${parts[parts.length - 1]}`;
}

function overview(cluster: Cluster, language: Language): string {
  const count = cluster.paperIds.length;
  const top = cluster.keywords.slice(0, 5);
  if (language === 'zh') {
    const terms = [...new Set(top.map((keyword) => translateTerm(keyword) ?? keyword))];
    return terms.length > 0
      ? `本方向 ${count} 篇论文，关键词：${terms.join('、')}。`
      : `本方向 ${count} 篇论文。`;
  }
  const papers = count === 1 ? '1 paper' : `${count} papers`;
  return top.length > 0 ? `${papers}; key terms: ${top.join(', ')}.` : `${papers}.`;
}
