import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';
import { containsCjk } from '../core/text.ts';

/**
 * Full-text helpers. SQLite's unicode61 tokenizer sees a run of Chinese characters as one token, so
 * Chinese text is segmented into words with jieba before it is indexed, and queries are segmented
 * the same way. jieba loads its dictionary lazily (~190 ms): only when Chinese text shows up.
 */

let jieba: Jieba | undefined;

function segmenter(): Jieba {
  if (!jieba) {
    // The native module is CommonJS; the dictionary ships as a separate entry point.
    const require = createRequire(import.meta.url);
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict.js') as { dict: Uint8Array };
    jieba = JiebaClass.withDict(dict);
  }
  return jieba;
}

/** Text as stored in the index: unchanged unless it contains CJK, then space-separated words. */
export function indexableText(text: string): string {
  if (!containsCjk(text)) return text;
  return segmenter()
    .cutForSearch(text, true)
    .filter((word) => word.trim().length > 0)
    .join(' ');
}

/**
 * Builds an FTS5 MATCH expression from what a user typed. Every word becomes a quoted string (so
 * FTS5 operators and punctuation in the input cannot break the query); "quoted phrases" stay
 * phrases. `mode` 'all' requires every term, 'any' ORs them.
 */
export function matchExpression(query: string, mode: 'all' | 'any' = 'all'): string | null {
  const parts: string[] = [];
  const phrasePattern = /"([^"]+)"|(\S+)/g;
  for (const match of query.matchAll(phrasePattern)) {
    const phrase = match[1];
    const word = match[2];
    if (phrase !== undefined) {
      const tokens = tokensOf(phrase);
      if (tokens.length > 0) parts.push(`"${tokens.join(' ')}"`);
    } else if (word !== undefined) {
      for (const token of tokensOf(word)) parts.push(`"${token}"`);
    }
  }
  if (parts.length === 0) return null;
  return parts.join(mode === 'all' ? ' AND ' : ' OR ');
}

/** The index tokens a query looks for (Chinese segmented as the index is), for marking them in snippets. */
export function queryTokens(query: string): string[] {
  return [...new Set(tokensOf(query.replace(/"/g, ' ')))];
}

function tokensOf(text: string): string[] {
  const segmented = containsCjk(text) ? indexableText(text) : text;
  return segmented.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** OR of phrases: ["vision-language", "multimodal"] -> "vision language" OR "multimodal" (null: none). */
export function phrasesExpression(phrases: readonly string[]): string | null {
  return groupsExpression(phrases.map((phrase) => [phrase]));
}

/** OR of AND-groups of phrases: [["vision language"], ["video", "reasoning"]] -> ("vision language") OR ("video" AND "reasoning"). */
export function groupsExpression(groups: string[][]): string | null {
  const quoted = groups
    .map((group) =>
      group
        .map((phrase) => tokensOf(phrase))
        .filter((tokens) => tokens.length > 0)
        .map((tokens) => `"${tokens.join(' ')}"`),
    )
    .filter((group) => group.length > 0);
  if (quoted.length === 0) return null;
  // "vision-language" and "vision language" are one phrase to FTS5: one group each.
  const unique = [...new Map(quoted.map((group) => [group.join(' AND '), group])).values()];
  return factored(unique) ?? unique.map((group) => `(${group.join(' AND ')})`).join(' OR ');
}

/**
 * (a AND x) OR (a AND y) OR (b AND x) OR (b AND y) -> (a OR b) AND ((x) OR (y)): the same papers,
 * but FTS5 reads each phrase's postings once instead of once per group (trends' direction groups
 * are every topic phrase times every keyword pair: seconds on a million papers). Null when the
 * groups are not such a product.
 */
function factored(groups: string[][]): string | null {
  const rests = new Map<string, string[]>();
  for (const [first, ...rest] of groups) {
    if (first === undefined || rest.length === 0) return null;
    const list = rests.get(first) ?? [];
    list.push(rest.join(' AND '));
    rests.set(first, list);
  }
  if (rests.size < 2) return null;
  const [tails, ...others] = [...rests.values()].map((list) => [...new Set(list)].sort());
  const same = (list: string[]): boolean => list.join('\n') === tails?.join('\n');
  if (!tails || !others.every(same) || tails.length * rests.size !== groups.length) return null;
  return `(${[...rests.keys()].join(' OR ')}) AND (${tails.map((tail) => `(${tail})`).join(' OR ')})`;
}
