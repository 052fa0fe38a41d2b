import type { Language } from '../core/digest.ts';
import { stem } from '../core/text.ts';

/**
 * What makes a set of direction names usable, whoever wrote them (the offline namer or a model). A name
 * is one or two terms ("Point cloud and lidar", "点云与激光雷达"); the rules are about those terms:
 *
 * - distinct: no two names share a term ("声音与音频" beside "语音与音频" both say 音频);
 * - specific: no term a reader learns nothing from alone ("learning", "models", "学习", "算法");
 * - no restating: the terms of one name say different things ("AVSR and audio-visual speech
 *   recognition", "Private and differential privacy", "优化与鲁棒优化" say one thing twice).
 */

const genericEnglish = new Set(
  `learning network model method algorithm approach framework system data theory analysis structure
  function value state order equation problem result performance task study application technique true
  random process property condition paper research work tool setting`
    .split(/\s+/)
    .map((word) => stem(word)),
);

const genericChinese = new Set(
  '学习 网络 模型 方法 算法 理论 系统 数据 分析 结构 函数 方程 问题 结果 性能 任务 研究 应用 技术 态 条件 过程 框架'.split(
    ' ',
  ),
);

/** Expansions of acronyms that names pair with their own spelled-out form. */
const acronyms: Readonly<Record<string, { en: string; zh: string }>> = {
  llm: { en: 'large language model', zh: '大语言模型' },
  mllm: { en: 'multimodal large language model', zh: '多模态大模型' },
  vlm: { en: 'vision language model', zh: '视觉语言模型' },
  lvlm: { en: 'large vision language model', zh: '视觉语言大模型' },
  gnn: { en: 'graph neural network', zh: '图神经网络' },
  rl: { en: 'reinforcement learning', zh: '强化学习' },
  mpc: { en: 'model predictive control', zh: '模型预测控制' },
  qkd: { en: 'quantum key distribution', zh: '量子密钥分发' },
  fdr: { en: 'false discovery rate', zh: '错误发现率' },
  asr: { en: 'automatic speech recognition', zh: '语音识别' },
  avsr: { en: 'audio visual speech recognition', zh: '视听语音识别' },
  nlp: { en: 'natural language processing', zh: '自然语言处理' },
  rag: { en: 'retrieval augmented generation', zh: '检索增强生成' },
};

/** The terms of a name: "A and B" / "A与B", without a disambiguating "(…)" or a "相关研究" frame. */
export function nameTerms(name: string, language: Language): string[] {
  if (language === 'zh') {
    const core = name
      .replace(/（[^）]*）/g, '')
      .replace(/相关研究$/, '')
      .replace(/[“”"]/g, '')
      .trim();
    return core
      .split('与')
      .map((term) => term.trim())
      .filter(Boolean);
  }
  const core = name
    .replace(/\s*\([^)]*\)/g, '')
    .replace(/ papers$/i, '')
    .trim();
  return core
    .split(/\s+and\s+/i)
    .map((term) => term.trim())
    .filter(Boolean);
}

function words(term: string): string[] {
  return term
    .toLowerCase()
    .split(/[\s-]+/)
    .filter(Boolean);
}

/** How two names are compared: stems for English ("Videos" = "video"), the text itself for Chinese. */
export function termKey(term: string, language: Language): string {
  return language === 'zh' ? term.replace(/\s+/g, '') : words(term).map(stem).join(' ');
}

/**
 * Whether two names' terms name the same thing: the same term, inflections aside ("Videos" / "video").
 * A term inside a longer one is fine ("reasoning" beside "video reasoning"): the longer one is the more
 * specific direction, and refusing it would push the specific name out for the broad one.
 */
export function sharesTerm(left: string, right: string, language: Language): boolean {
  return termKey(left, language) === termKey(right, language);
}

/** A term too vague to name a direction alone ("learning", "Algorithms", "学习"). */
export function isGenericTerm(term: string, language: Language): boolean {
  if (language === 'zh') return genericChinese.has(term.trim());
  const parts = words(term);
  return parts.length === 1 && genericEnglish.has(stem(parts[0] as string));
}

/** Two words that are one word in two forms ("private" / "privacy", "optimal" / "optimization"). */
function sameRoot(left: string, right: string): boolean {
  if (left === right) return true;
  if (left.length < 5 || right.length < 5) return stem(left) === stem(right);
  let shared = 0;
  while (shared < left.length && left[shared] === right[shared]) shared++;
  return shared >= Math.max(5, Math.min(left.length, right.length) - 2);
}

/** An acronym as names write it: "LLM", "LLMs", "3DGS". */
const acronymPattern = /^[A-Z0-9]*[A-Z][A-Z0-9]*s?$/;

function expansion(term: string, language: Language): string | null {
  const trimmed = term.trim();
  if (trimmed.length < 2 || !acronymPattern.test(trimmed)) return null;
  return acronyms[trimmed.replace(/s$/, '').toLowerCase()]?.[language] ?? null;
}

function initials(term: string): string {
  return words(term)
    .map((word) => word.charAt(0))
    .join('');
}

/** The term with every known acronym in it spelled out ("FDR控制" -> "错误发现率控制"). */
function spelledOut(term: string, language: Language): string {
  return term.replace(/[A-Za-z0-9]+/g, (word) => expansion(word, language) ?? word);
}

/** Whether two terms of one name say the same thing. */
export function restates(left: string, right: string, language: Language): boolean {
  if (language === 'zh') {
    const [a, b] = [left, right].map((term) => spelledOut(term, 'zh').replace(/\s+/g, '')) as [
      string,
      string,
    ];
    return a.includes(b) || b.includes(a);
  }
  // "AVSR" beside "audio-visual speech recognition": an acronym whose letters end in the other's initials.
  for (const [short, long] of [
    [left, right],
    [right, left],
  ] as const) {
    if (words(long).length < 2) continue;
    for (const word of short.trim().split(/\s+/)) {
      if (acronymPattern.test(word) && word.replace(/s$/, '').toLowerCase().endsWith(initials(long)))
        return true;
    }
  }
  const leftWords = words(spelledOut(left, 'en'));
  const rightWords = words(spelledOut(right, 'en'));
  return leftWords.some((word) => rightWords.some((other) => sameRoot(word, other)));
}

/**
 * Every naming rule over a whole set of names, in the post language: one line per problem, empty when the
 * names are usable. The offline namer never produces a problem; a model's names are checked with it.
 */
export function nameProblems(names: readonly string[], language: Language): string[] {
  const problems: string[] = [];
  const earlierTerms: { term: string; index: number }[] = [];
  names.forEach((name, index) => {
    const terms = nameTerms(name, language);
    if (terms.length === 0) {
      problems.push(`name ${index + 1} ("${name}") has no term`);
      return;
    }
    for (const term of terms) {
      if (isGenericTerm(term, language))
        problems.push(`name ${index + 1} ("${name}"): "${term}" is too generic`);
      const earlier = earlierTerms.find((entry) => sharesTerm(entry.term, term, language));
      if (earlier !== undefined) {
        problems.push(
          `names ${earlier.index + 1} and ${index + 1} ("${names[earlier.index]}", "${name}") share "${term}"`,
        );
      }
    }
    for (const term of terms) earlierTerms.push({ term, index });
    for (let first = 0; first < terms.length; first++) {
      for (let second = first + 1; second < terms.length; second++) {
        if (restates(terms[first] as string, terms[second] as string, language)) {
          problems.push(`name ${index + 1} ("${name}") says "${terms[first]}" twice ("${terms[second]}")`);
        }
      }
    }
  });
  return problems;
}
