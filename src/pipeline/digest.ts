import { addDays, type DateWindow } from '../core/dates.ts';
import type {
  Digest,
  DigestPaper,
  Direction,
  Language,
  PaperSummary,
  PreferenceReason,
  TrendsSection,
  VenueFact,
  VersionPolicy,
} from '../core/digest.ts';
import type { Paper } from '../core/paper.ts';
import type { Topic } from '../core/topic.ts';
import { postDescription, postSlug, postTitle } from '../render/frontmatter.ts';

/** The topic's title in the post language, or a plain one made from its name. */
export function topicTitle(topic: Topic, language: Language): string {
  const title = topic.title[language];
  if (title) return title;
  return language === 'zh' ? `${topic.name} 论文精选` : `${topic.name} paper digest`;
}

/**
 * Tags: the topic, its categories that the papers actually carry (most frequent first), and the
 * first keyword of each direction. Never empty; deterministic.
 */
export function digestTags(topic: Topic, papers: Paper[], directions: Direction[]): string[] {
  const categoryCounts = new Map<string, number>();
  for (const paper of papers) {
    if (paper.primaryCategory)
      categoryCounts.set(paper.primaryCategory, (categoryCounts.get(paper.primaryCategory) ?? 0) + 1);
  }
  const categories = [...categoryCounts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([category]) => category);
  const keywords = directions
    .flatMap((direction) => direction.keywords.slice(0, 1))
    .map((keyword) => keyword.toLowerCase());
  return [...new Set([topic.name, ...categories, ...keywords])];
}

export interface DigestParts {
  topic: Topic;
  language: Language;
  window: DateWindow;
  versionPolicy: VersionPolicy;
  papers: { paper: Paper; relevance: number }[];
  /** Why the reader's preferences moved papers up, by paper id (only with preferences). */
  preferences?: Map<string, PreferenceReason[]>;
  summaries: Map<string, PaperSummary>;
  venues: Map<string, VenueFact | null>;
  directions: Direction[];
  trends: TrendsSection;
}

/** Puts the stages' results together into the Digest the renderers take. Pure. */
export function assembleDigest(parts: DigestParts): Digest {
  const { topic, language, window } = parts;
  const title = topicTitle(topic, language);
  const date = addDays(window.to, 1);
  const directionOf = new Map<string, number>();
  parts.directions.forEach((direction, index) => {
    for (const id of direction.paperIds) directionOf.set(id, index);
  });
  const papers: DigestPaper[] = parts.papers.map(({ paper, relevance }) => {
    const summary = parts.summaries.get(paper.id);
    if (!summary) throw new Error(`no summary for ${paper.id}`);
    const preference = parts.preferences?.get(paper.id);
    return {
      paper,
      summary,
      venue: parts.venues.get(paper.id) ?? null,
      direction: directionOf.get(paper.id) ?? 0,
      relevance,
      // Only when set: without preferences the stored digest stays exactly what it was.
      ...(preference && preference.length > 0 ? { preference } : {}),
    };
  });
  const engines = new Set(papers.map((entry) => entry.summary.engine));
  const generator = engines.size > 1 ? 'mixed' : engines.has('llm') ? 'llm' : 'extractive';
  return {
    topic: { name: topic.name, title, tags: [topic.name] },
    language,
    window,
    date,
    title: postTitle(title, window, language),
    description: postDescription(
      { topicTitle: title, window, paperCount: papers.length, directionCount: parts.directions.length },
      language,
    ),
    slug: postSlug(topic.name, date, language),
    tags: digestTags(
      topic,
      papers.map((entry) => entry.paper),
      parts.directions,
    ),
    featured: false,
    draft: false,
    generator,
    versionPolicy: parts.versionPolicy,
    papers,
    directions: parts.directions,
    trends: parts.trends,
    frontmatterDefaults: topic.frontmatter,
  };
}
