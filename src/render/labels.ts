import type { Language, PreferenceReason } from '../core/digest.ts';

/**
 * Every user-visible string of the rendered outputs (post, page, feed), per language. Renderers take
 * words from here and never write them inline, so a new language is one more entry.
 *
 * Headings are plain text: the Markdown renderer adds `### `, the HTML renderer its own tags.
 * Month arguments are "YYYY-MM"; month names are spelled out here rather than taken from Intl so the
 * output does not change with the ICU data of the machine.
 */
export interface Labels {
  language: Language;
  /** BCP 47 tag for `<html lang>` and feeds. */
  htmlLang: string;

  // Post sections
  directionsHeading: string;
  trendsHeading: string;
  /** Before a direction's overview sentence, including its separator ("研究方向概述：", "Overview: "). */
  overview: string;
  /** Before the representative paper list ("代表性研究：", "Representative papers:"). */
  representatives: string;
  /** Between the arXiv month label and a venue label in a representative line. */
  labelSeparator: string;

  // Paper paragraphs
  /** "Yusuf Dalva 等人的" / "Yusuf Dalva et al.," (before the linked title). */
  authorsLead(firstAuthor: string, authorCount: number): string;
  /** The word after the first author of a multi-author paper: "等人" / "et al." (for lists, tables). */
  etAl: string;
  /** Frames abstract sentences quoted in English inside a zh post ("摘要要点："); empty in en. */
  quotedAbstractLead: string;
  /** Appended (in italics) to a summary the extractive engine wrote because the LLM failed for it. */
  fallbackNote: string;
  /** Summary text for a paper whose record has no abstract. */
  noAbstract: string;

  // Dates
  /** "2025-11" -> "2025年11月" / "November 2025". */
  month(month: string): string;
  /** A paper's v1 month as a label: "2025年11月发表于arXiv" / "arXiv, November 2025". */
  arxivMonth(month: string | null): string;
  /** "2025-11" .. "2025-12" -> "2025年11月至2025年12月" / "November 2025 to December 2025". */
  monthSpan(fromMonth: string, toMonth: string): string;
  /** A date window as a short range: "2025-11-21 – 2025-11-27". */
  dateRange(from: string, to: string): string;

  // Trends
  /** The line above the trend statements: which data they rest on. */
  trendsIntro(history: { fromMonth: string; toMonth: string; days: number; papers: number }): string;
  /** Shown instead of statements when the trends stage found nothing it could measure. */
  noTrends: string;
  /** Shown under the directions heading when the digest has none. */
  noDirections: string;

  // Page, feed and chart words (HTML renderer)
  papersHeading: string;
  /** "34 篇论文" / "34 papers". */
  paperCount(count: number): string;
  readOnArxiv: string;
  draftNotice: string;
  generatedBy(generator: 'llm' | 'extractive' | 'mixed'): string;
  chartMonthlyTitle: string;
  chartMonthAxis: string;
  chartPapersAxis: string;
  chartDirectionsTitle: string;
  chartShareAxis: string;
  feedTitle(topicTitle: string): string;
  feedDescription(topicTitle: string): string;
  archiveHeading: string;

  // Reader preferences
  /** Why a paper matches the reader: "★ 作者 Jane Doe", "★ keyword: diffusion", "★ similar to 'T' in your library (0.41)". */
  preferenceReason(reason: PreferenceReason): string;
  /** Between two reasons of one paper. */
  preferenceSeparator: string;
}

const englishMonths = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function monthParts(month: string): { year: number; month: number } {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const year = Number(match?.[1]);
  const number = Number(match?.[2]);
  if (!match || number < 1 || number > 12) return { year: Number.NaN, month: Number.NaN };
  return { year, month: number };
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

const zh: Labels = {
  language: 'zh',
  htmlLang: 'zh-CN',
  directionsHeading: '主要研究方向',
  trendsHeading: '研究趋势分析',
  overview: '研究方向概述：',
  representatives: '代表性研究：',
  labelSeparator: ' | ',
  authorsLead: (firstAuthor, authorCount) =>
    authorCount > 1 ? `${firstAuthor} 等人的` : `${firstAuthor} 的`,
  etAl: '等人',
  quotedAbstractLead: '摘要要点：',
  fallbackNote: '（此为抽取式摘要：该论文的 LLM 摘要生成失败）',
  noAbstract: '该版本的元数据中没有摘要，此处只列出标题与链接。',
  month: (month) => {
    const parts = monthParts(month);
    return Number.isNaN(parts.year) ? month : `${parts.year}年${parts.month}月`;
  },
  arxivMonth: (month) => (month ? `${zh.month(month)}发表于arXiv` : '发表于arXiv'),
  monthSpan: (fromMonth, toMonth) =>
    fromMonth === toMonth ? zh.month(fromMonth) : `${zh.month(fromMonth)}至${zh.month(toMonth)}`,
  dateRange: (from, to) => (from === to ? from : `${from} – ${to}`),
  trendsIntro: (history) =>
    `以下趋势基于${zh.monthSpan(history.fromMonth, history.toMonth)}的 ${history.papers} 篇论文（数据覆盖 ${history.days} 天）：`,
  noTrends: '本期数据不足以得出可度量的趋势。',
  noDirections: '本期论文未能归入研究方向。',
  papersHeading: '本期论文',
  paperCount: (count) => `${count} 篇论文`,
  readOnArxiv: '在 arXiv 上阅读',
  draftNotice: '草稿：本文的声明核查未通过，发布前请先查看核查报告。',
  generatedBy: (generator) =>
    generator === 'llm'
      ? '摘要由大语言模型撰写'
      : generator === 'extractive'
        ? '摘要为从原文摘要中抽取的句子'
        : '摘要由大语言模型撰写，部分为抽取式摘要',
  chartMonthlyTitle: '每月论文数',
  chartMonthAxis: '月份',
  chartPapersAxis: '论文数',
  chartDirectionsTitle: '各研究方向的论文占比',
  chartShareAxis: '占比',
  feedTitle: (topicTitle) => topicTitle,
  feedDescription: (topicTitle) => `${topicTitle}：arXiv 论文摘要、研究方向与趋势`,
  archiveHeading: '往期',
  preferenceReason: (reason) =>
    reason.kind === 'author'
      ? `★ 作者 ${reason.author}`
      : reason.kind === 'keyword'
        ? `★ 关键词：${reason.keyword}`
        : `★ 与你文献库中的《${reason.title}》相似（${reason.similarity.toFixed(2)}）`,
  preferenceSeparator: ' · ',
};

const en: Labels = {
  language: 'en',
  htmlLang: 'en',
  directionsHeading: 'Main research directions',
  trendsHeading: 'Research trends',
  overview: 'Overview: ',
  representatives: 'Representative papers:',
  labelSeparator: ' | ',
  authorsLead: (firstAuthor, authorCount) => (authorCount > 1 ? `${firstAuthor} et al.,` : `${firstAuthor},`),
  etAl: 'et al.',
  quotedAbstractLead: '',
  fallbackNote: '(Extractive summary: the LLM summary failed for this paper.)',
  noAbstract: 'The metadata of this version has no abstract; only the title and link are listed.',
  month: (month) => {
    const parts = monthParts(month);
    return Number.isNaN(parts.year) ? month : `${englishMonths[parts.month - 1]} ${parts.year}`;
  },
  arxivMonth: (month) => (month ? `arXiv, ${en.month(month)}` : 'arXiv'),
  monthSpan: (fromMonth, toMonth) =>
    fromMonth === toMonth ? en.month(fromMonth) : `${en.month(fromMonth)} to ${en.month(toMonth)}`,
  dateRange: (from, to) => (from === to ? from : `${from} – ${to}`),
  trendsIntro: (history) =>
    `Based on ${plural(history.papers, 'paper', 'papers')} from ${en.monthSpan(history.fromMonth, history.toMonth)} (${plural(history.days, 'day', 'days')} of data):`,
  noTrends: 'There is too little data for a measured trend in this digest.',
  noDirections: 'The papers of this digest could not be grouped into directions.',
  papersHeading: 'Papers',
  paperCount: (count) => plural(count, 'paper', 'papers'),
  readOnArxiv: 'Read on arXiv',
  draftNotice: 'Draft: the claim check of this post failed; read the check report before publishing.',
  generatedBy: (generator) =>
    generator === 'llm'
      ? 'Summaries written by a language model'
      : generator === 'extractive'
        ? 'Summaries are sentences extracted from the abstracts'
        : 'Summaries written by a language model, some extracted from the abstracts',
  chartMonthlyTitle: 'Papers per month',
  chartMonthAxis: 'Month',
  chartPapersAxis: 'Papers',
  chartDirectionsTitle: 'Share of papers per direction',
  chartShareAxis: 'Share',
  feedTitle: (topicTitle) => topicTitle,
  feedDescription: (topicTitle) => `${topicTitle}: arXiv paper summaries, research directions and trends`,
  archiveHeading: 'Earlier digests',
  preferenceReason: (reason) =>
    reason.kind === 'author'
      ? `★ author ${reason.author}`
      : reason.kind === 'keyword'
        ? `★ keyword: ${reason.keyword}`
        : `★ similar to '${reason.title}' in your library (${reason.similarity.toFixed(2)})`,
  preferenceSeparator: ' · ',
};

const byLanguage: Record<Language, Labels> = { zh, en };

/** The UI strings of one language. */
export function labels(language: Language): Labels {
  return byLanguage[language];
}
