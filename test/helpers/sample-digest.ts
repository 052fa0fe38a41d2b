import { monthOfId } from '../../src/core/arxiv-id.ts';
import { monthRange } from '../../src/core/dates.ts';
import type {
  Digest,
  DigestPaper,
  Direction,
  Language,
  MonthlyCount,
  PaperSummary,
  TrendFact,
  TrendStatement,
  VenueFact,
} from '../../src/core/digest.ts';
import type { Paper } from '../../src/core/paper.ts';
import { sentences } from '../../src/core/text.ts';
import { postDescription, postSlug, postTitle } from '../../src/render/frontmatter.ts';
import { labels } from '../../src/render/labels.ts';
import { loadSeedPapers } from './arxiv-data.ts';

/**
 * A realistic, deterministic Digest over the 34 real seed papers, for renderer tests (Markdown, HTML,
 * feeds, charts). It is what the offline (extractive) pipeline would hand the renderers: English
 * abstract sentences as summaries in both languages, four hand-assigned directions, venue facts only
 * where the real arXiv comments state one, and trend facts measured from the sample itself.
 */

export const seedPapersUrl = new URL('../../../shared/data/seed-papers.jsonl', import.meta.url);

/** The hostile titles `sampleDigest(language, { hostileTitle: true })` puts in. */
export const hostileTitles = {
  '2511.21691': '<img src=x onerror=alert(1)>',
  '2511.21120': 'Title with [brackets](javascript:alert(1)) *stars* _under_ --- : "quotes"\nnewline',
} as const;

export { loadSeedPapers };

const ids = (list: string): string[] => list.split(' ');

// Four directions partitioning the 34 papers (hand-assigned by reading the titles).
const directionPlan: {
  name: Record<Language, string>;
  overview: Record<Language, string>;
  keywords: string[];
  paperIds: string[];
  representativeIds: string[];
}[] = [
  {
    name: { zh: '多模态融合与领域表示学习', en: 'Multimodal fusion and domain representations' },
    overview: {
      zh: '研究如何对齐和融合不同模态的信号，并把多模态表示用于遥感、生物医学、教育等具体领域。',
      en: 'How signals from different modalities are aligned and fused, and how the resulting representations serve fields such as remote sensing, biomedicine and education.',
    },
    keywords: ['fusion', 'alignment', 'representation', 'contrastive'],
    paperIds: ids(
      '2511.21500 2511.21422 2511.21364 2511.21331 2510.22665 2511.21194 2511.21120 2507.20783 2511.20871 2508.10133 2508.14264 2506.09738',
    ),
    representativeIds: ['2511.21120', '2508.10133', '2511.21194'],
  },
  {
    name: { zh: '多模态推理与视频理解', en: 'Multimodal reasoning and video understanding' },
    overview: {
      zh: '研究多模态大模型如何在图像、音频和长视频上进行多步推理，以及如何用强化学习和工具调用加强推理。',
      en: 'How multimodal large models reason in several steps over images, audio and long videos, and how reinforcement learning and tool calls strengthen that reasoning.',
    },
    keywords: ['reasoning', 'video', 'reinforcement', 'grounding'],
    paperIds: ids(
      '2511.21678 2511.15848 2511.21397 2511.21395 2511.00396 2511.21064 2511.17490 2508.01533 2511.20785 2504.03151 2511.20531',
    ),
    representativeIds: ['2511.21395', '2511.17490', '2511.20785'],
  },
  {
    name: { zh: '安全、鲁棒性与评测基准', en: 'Safety, robustness and benchmarks' },
    overview: {
      zh: '研究多模态模型的对抗鲁棒性与不安全内容检测，并构建评测描述、检测和临床决策能力的基准。',
      en: 'Adversarial robustness and unsafe-content detection for multimodal models, and benchmarks that measure captioning, detection and clinical decision making.',
    },
    keywords: ['safety', 'benchmark', 'detection', 'robustness'],
    paperIds: ids('2511.21574 2502.14914 2506.00979 2511.20994 2501.12422 2511.20490'),
    representativeIds: ['2511.20994', '2502.14914', '2511.21574'],
  },
  {
    name: { zh: '可控生成与统一多模态模型', en: 'Controllable generation and unified models' },
    overview: {
      zh: '研究在多种控制信号下生成图像和音效，以及统一的理解—生成模型中两种能力如何相互影响。',
      en: 'Image and sound generation under several control signals, and how understanding and generation affect each other inside unified models.',
    },
    keywords: ['generation', 'editing', 'unified', 'reward'],
    paperIds: ids('2511.21691 2511.21146 2511.20651 2511.19413 2511.20561'),
    representativeIds: ['2511.21691', '2511.19413'],
  },
];

// Venue facts the extractor finds in the real comments of these papers (nothing else states a venue).
const venueFacts: Record<string, VenueFact> = {
  '2511.21120': {
    venue: 'AAAI',
    year: 2026,
    status: 'accepted',
    type: 'conference',
    track: 'Oral',
    evidence: 'Accepted to AAAI 2026 (Oral)',
  },
  '2508.10133': {
    venue: 'NeurIPS',
    year: 2025,
    status: 'accepted',
    type: 'conference',
    track: null,
    evidence: "Accepted to NeurIPS'25",
  },
};

const window = { from: '2025-11-21', to: '2025-11-27' };
const digestDate = '2025-11-28';
const topic = {
  name: 'multimodal',
  titles: { zh: '多模态研究周报', en: 'Multimodal research digest' } as Record<Language, string>,
  tags: ['multimodal', 'cs.CV'],
};

const contribution = /\b(?:we|this paper|this work|our)\b[^.]*?\b(?:introduce|propose|present|develop|idea)/i;

/**
 * One or two abstract sentences on one line, as an extractive engine would pick them: the first
 * sentence, plus the first sentence that states the contribution ("We introduce ...") when it differs.
 */
function extractiveText(abstract: string): string {
  const all = sentences(abstract.replace(/\n/g, ' '));
  const first = all[0] ?? '';
  const stated = all.find((sentence) => contribution.test(sentence));
  const text = stated && stated !== first ? `${first} ${stated}` : first;
  return text.replace(/\s+/g, ' ').trim();
}

/** A verbatim phrase of the text: what "we introduce/propose/present" names, else the first words. */
function keyPhrase(text: string): string {
  const match = /\b(?:introduce|propose|present|develop)[sd]?\s+([^,.;:()]{3,160})/i.exec(text);
  const candidate = match?.[1] ?? text;
  const phrase = candidate.trim().split(' ').slice(0, 8).join(' ');
  return text.includes(phrase) ? phrase : '';
}

function summaryOf(paper: Paper, language: Language): PaperSummary {
  if (!paper.abstract) {
    return {
      text: labels(language).noAbstract,
      keyInnovation: '',
      engine: 'extractive',
      fallbackReason: null,
      model: null,
    };
  }
  const text = extractiveText(paper.abstract);
  return { text, keyInnovation: keyPhrase(text), engine: 'extractive', fallbackReason: null, model: null };
}

function v1Month(paper: Paper): string {
  return paper.published?.slice(0, 7) ?? monthOfId(paper.id) ?? '2025-11';
}

function monthlyCounts(papers: Paper[], months: string[]): MonthlyCount[] {
  return months.map((month) => ({ month, count: papers.filter((paper) => v1Month(paper) === month).length }));
}

function percent(count: number, total: number): string {
  return `${(Math.round((count / total) * 1000) / 10).toFixed(1)}%`;
}

function shareStatement(language: Language, name: string, fact: TrendFact, largest: boolean): string {
  const [share, ratio] = fact.figures;
  if (language === 'zh') {
    return largest
      ? `「${name}」方向的论文最多，占本期的 ${share}（${ratio}）。`
      : `「${name}」方向占本期论文的 ${share}（${ratio}）。`;
  }
  return largest
    ? `${name} has the most papers: ${share} of this digest (${ratio}).`
    : `${name} accounts for ${share} of this digest's papers (${ratio}).`;
}

/**
 * The sample digest. Slug rule (see postSlug): zh, the default language, has no suffix
 * (`multimodal-2025-11-28`); every other language appends its code (`multimodal-2025-11-28-en`).
 */
export function sampleDigest(language: Language, options: { hostileTitle?: boolean } = {}): Digest {
  const seed = loadSeedPapers();
  const byId = new Map(seed.map((paper) => [paper.id, paper]));
  const directionOf = new Map<string, number>();
  directionPlan.forEach((plan, index) => {
    for (const id of plan.paperIds) directionOf.set(id, index);
  });

  const papers: DigestPaper[] = seed.map((original) => {
    const hostile = options.hostileTitle
      ? hostileTitles[original.id as keyof typeof hostileTitles]
      : undefined;
    // Set after makePaper on purpose: the renderer, not the model, must cope with the newline.
    const paper = hostile ? { ...original, title: hostile } : original;
    const direction = directionOf.get(paper.id);
    if (direction === undefined) throw new Error(`sample digest: ${paper.id} has no direction`);
    return {
      paper,
      summary: summaryOf(original, language),
      venue: venueFacts[paper.id] ?? null,
      direction,
      relevance: 0,
    };
  });

  const directions: Direction[] = directionPlan.map((plan) => ({
    name: plan.name[language],
    overview: plan.overview[language],
    keywords: [...plan.keywords],
    paperIds: [...plan.paperIds],
    representativeIds: [...plan.representativeIds],
  }));

  const total = papers.length;
  const facts: TrendFact[] = directions.map((direction, index) => ({
    id: `share:${index}`,
    kind: 'share',
    subject: direction.name,
    values: {
      count: direction.paperIds.length,
      total,
      percent: Number(percent(direction.paperIds.length, total).slice(0, -1)),
    },
    figures: [percent(direction.paperIds.length, total), `${direction.paperIds.length}/${total}`],
  }));
  const history = { fromMonth: '2025-11', toMonth: '2025-11', months: 1, days: 7, papers: total };
  facts.push({
    id: 'span:topic',
    kind: 'span',
    subject: topic.name,
    values: { days: history.days, papers: history.papers, months: history.months },
    figures: [String(history.days), String(history.papers)],
  });
  const largest = Math.max(...directions.map((direction) => direction.paperIds.length));
  const statements: TrendStatement[] = directions.map((direction, index) => ({
    text: shareStatement(
      language,
      direction.name,
      facts[index] as TrendFact,
      direction.paperIds.length === largest,
    ),
    factIds: [`share:${index}`],
  }));
  statements.push({
    text:
      language === 'zh'
        ? `本期 ${history.papers} 篇论文只覆盖 ${history.days} 天的数据，跨度太短，无法判断长期增减。`
        : `The ${history.papers} papers cover only ${history.days} days of data, too short a span to tell long-term growth or decline.`,
    factIds: ['span:topic'],
  });

  // Monthly counts by v1 month of the sample's own papers, so charts have several months to draw.
  const allPapers = papers.map((entry) => entry.paper);
  const months = monthRange(allPapers.map(v1Month).sort()[0] ?? '2025-11', '2025-11');
  const monthly = [
    { subject: topic.name, counts: monthlyCounts(allPapers, months) },
    ...directions.map((direction) => ({
      subject: direction.name,
      counts: monthlyCounts(
        direction.paperIds.map((id) => byId.get(id)).filter((paper): paper is Paper => paper !== undefined),
        months,
      ),
    })),
  ];

  const topicTitle = topic.titles[language];
  return {
    topic: { name: topic.name, title: topicTitle, tags: [...topic.tags] },
    language,
    window: { ...window },
    date: digestDate,
    title: postTitle(topicTitle, window, language),
    description: postDescription(
      { topicTitle, window, paperCount: total, directionCount: directions.length },
      language,
    ),
    slug: postSlug(topic.name, digestDate, language),
    tags: [...topic.tags, 'reasoning', 'fusion', 'generation', 'safety'],
    featured: false,
    draft: false,
    generator: 'extractive',
    versionPolicy: 'as-given',
    papers,
    directions,
    trends: { history, monthly, facts, statements },
    frontmatterDefaults: {},
  };
}
