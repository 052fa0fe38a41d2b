import { Document, isMap, isScalar, isSeq, parse } from 'yaml';
import type { DateWindow } from '../core/dates.ts';
import type { Digest, Language } from '../core/digest.ts';
import { normalizeInline } from '../core/paper.ts';
import { labels } from './labels.ts';

/**
 * The post's YAML frontmatter, written by the `yaml` library (never by string concatenation) so that
 * quotes, ": ", "---" or newlines in a title cannot break it.
 *
 * Choices that static-site generators depend on:
 *  - `date` is an unquoted YAML date (`date: 2025-11-28`): Hugo, Astro (`z.coerce.date()` or
 *    `z.date()`) and YAML 1.1 parsers read a date, YAML 1.2 core parsers a plain string.
 *  - every string is double-quoted on one line (lineWidth 0): no folding, no plain scalars that
 *    YAML 1.1 would read as booleans ("no", "on") or numbers.
 *  - `tags` is a flow list, never empty (the topic name stands in when the digest has no tags).
 */

/** Keys the post always writes; `frontmatterDefaults` may add keys but never replace these. */
export const frontmatterKeys = [
  'title',
  'description',
  'date',
  'lang',
  'slug',
  'tags',
  'featured',
  'draft',
  'generator',
] as const;

/**
 * The post slug. Rule: zh, the default language, has none (`multimodal-2025-11-28`); every other
 * language appends its code (`multimodal-2025-11-28-en`) so both posts of one digest can share a
 * content folder.
 */
export function postSlug(topicName: string, date: string, language: Language): string {
  return language === 'zh' ? `${topicName}-${date}` : `${topicName}-${date}-${language}`;
}

/** Human title: the topic's title and the window ("多模态研究周报 · 2025-11-21 – 2025-11-27"). */
export function postTitle(topicTitle: string, window: DateWindow, language: Language): string {
  return `${topicTitle} · ${labels(language).dateRange(window.from, window.to)}`;
}

/** One-sentence overview for `description`. */
export function postDescription(
  facts: { topicTitle: string; window: DateWindow; paperCount: number; directionCount: number },
  language: Language,
): string {
  const { topicTitle, window, paperCount, directionCount } = facts;
  if (language === 'zh') {
    return `${topicTitle}：${window.from} 至 ${window.to} 的 ${paperCount} 篇 arXiv 论文，归为 ${directionCount} 个研究方向。`;
  }
  const papers = paperCount === 1 ? '1 arXiv paper' : `${paperCount} arXiv papers`;
  const directions = directionCount === 1 ? '1 research direction' : `${directionCount} research directions`;
  return `${topicTitle}: ${papers} from ${window.from} to ${window.to}, grouped into ${directions}.`;
}

/** A YAML-1.2-safe value for a default: strings on one line, nested values kept as they are. */
function cleanDefault(value: unknown): unknown {
  if (typeof value === 'string') return normalizeInline(value);
  return value;
}

function dateValue(isoDate: string): Date {
  // Midnight UTC: the timestamp tag then prints the bare date (2025-11-28), no time part.
  return new Date(`${isoDate}T00:00:00.000Z`);
}

/** The frontmatter block, from the opening `---` to the closing `---` line (with its newline). */
export function renderFrontmatter(digest: Digest): string {
  const tags = uniqueNonEmpty(digest.tags.map(normalizeInline));
  const fields: Record<string, unknown> = {
    title: normalizeInline(digest.title),
    description: normalizeInline(digest.description),
    date: dateValue(digest.date),
    lang: digest.language,
    slug: digest.slug,
    tags: tags.length > 0 ? tags : [digest.topic.name],
    featured: digest.featured,
    draft: digest.draft,
    generator: digest.generator,
  };
  const reserved = new Set<string>(frontmatterKeys);
  // In the order the topic config lists them (deterministic: the same config gives the same bytes).
  for (const key of Object.keys(digest.frontmatterDefaults)) {
    const value = digest.frontmatterDefaults[key];
    if (reserved.has(key) || value === undefined || typeof value === 'function') continue;
    fields[key] = cleanDefault(value);
  }

  const document = new Document(fields, { customTags: ['timestamp'] });
  const tagsNode = document.get('tags', true);
  if (isSeq(tagsNode)) tagsNode.flow = true;
  if (isMap(document.contents)) {
    for (const pair of document.contents.items) {
      if (isScalar(pair.key) && !isPlainKeySafe(String(pair.key.value))) pair.key.type = 'QUOTE_DOUBLE';
    }
  }
  const yamlText = document.toString({
    defaultStringType: 'QUOTE_DOUBLE',
    defaultKeyType: 'PLAIN',
    lineWidth: 0,
    flowCollectionPadding: false,
  });
  return `---\n${yamlText}---\n`;
}

/** A key may stay unquoted when YAML 1.1 and 1.2 both read it back as the same string ("yes" is a boolean in 1.1). */
function isPlainKeySafe(key: string): boolean {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) return false;
  return (['1.1', '1.2'] as const).every((version) => parse(key, { version }) === key);
}

function uniqueNonEmpty(values: string[]): string[] {
  return [...new Set(values.filter((value) => value.length > 0))];
}
