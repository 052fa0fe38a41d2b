import type { Language } from '../../core/digest.ts';

/**
 * Words of the HTML pages and the site that src/render/labels.ts does not have (yet). Kept beside
 * the templates so the page renderer writes no words inline; candidates to move into Labels.
 */
export interface PageLabels {
  siteTitle: string;
  siteDescription: string;
  contents: string;
  allDigests: string;
  topics: string;
  /** Before the feed links, with its separator ("订阅：", "Feeds: "). */
  feeds: string;
  authors: string;
  categories: string;
  window: string;
  /** The language's own name, for the badge next to a digest in mixed-language lists. */
  languageName: string;
  /** Link text of the Markdown source of a post. */
  markdownSource: string;
  /** Shown on the index when no digest has been built yet. */
  noDigests: string;
  /** Legend name of the topic-wide line in the monthly chart. */
  chartTotalSeries: string;
  /** Badge of a digest whose claim check failed. */
  draftBadge: string;
  /** Names of the search filters (shown by the search box). */
  topicFilter: string;
  languageFilter: string;
  directionFilter: string;
  categoryFilter: string;
}

const zh: PageLabels = {
  siteTitle: 'arXiv 研究周报',
  siteDescription: '按主题整理的 arXiv 论文摘要、研究方向与趋势。',
  contents: '目录',
  allDigests: '全部周报',
  topics: '主题',
  feeds: '订阅：',
  authors: '作者',
  categories: '分类',
  window: '论文时间范围',
  languageName: '中文',
  markdownSource: 'Markdown 原文',
  noDigests: '还没有生成任何周报。',
  chartTotalSeries: '全部论文',
  draftBadge: '草稿',
  topicFilter: '主题',
  languageFilter: '语言',
  directionFilter: '研究方向',
  categoryFilter: 'arXiv 分类',
};

const en: PageLabels = {
  siteTitle: 'arXiv research digests',
  siteDescription: 'Summaries, research directions and trends of arXiv papers, by topic.',
  contents: 'Contents',
  allDigests: 'All digests',
  topics: 'Topics',
  feeds: 'Feeds: ',
  authors: 'Authors',
  categories: 'Categories',
  window: 'Papers from',
  languageName: 'English',
  markdownSource: 'Markdown source',
  noDigests: 'No digest has been built yet.',
  chartTotalSeries: 'All papers',
  draftBadge: 'draft',
  topicFilter: 'Topic',
  languageFilter: 'Language',
  directionFilter: 'Direction',
  categoryFilter: 'arXiv category',
};

const byLanguage: Record<Language, PageLabels> = { zh, en };

export function pageLabels(language: Language): PageLabels {
  return byLanguage[language];
}
