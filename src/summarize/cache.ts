import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Language, PaperSummary } from '../core/digest.ts';
import type { Paper } from '../core/paper.ts';
import type { KeyValueArea } from '../store/types.ts';

/**
 * The summary cache: only validated LLM answers, keyed by everything that changes the answer
 * (paper id + version, prompt version, model, language). Fallbacks are never stored, so a later
 * run tries the LLM again for them.
 */

const cachedSummarySchema = z.object({
  paperId: z.string(),
  version: z.number().nullable(),
  promptVersion: z.string(),
  model: z.string(),
  language: z.string(),
  text: z.string().min(1),
  keyInnovation: z.string().min(1),
  usage: z.object({ promptTokens: z.number(), completionTokens: z.number() }),
});

export type CachedSummary = z.infer<typeof cachedSummarySchema>;

export function summaryCacheKey(
  paper: Paper,
  promptVersion: string,
  model: string,
  language: Language,
): string {
  const identity = JSON.stringify([paper.id, paper.version, promptVersion, model, language]);
  return `summary:${createHash('sha256').update(identity).digest('hex')}`;
}

/** A cached summary, or undefined when missing or unreadable (then the paper is asked again). */
export function readCachedSummary(area: KeyValueArea, key: string, paper: Paper): PaperSummary | undefined {
  const parsed = cachedSummarySchema.safeParse(area.get(key));
  if (!parsed.success || parsed.data.paperId !== paper.id) return undefined;
  const { text, keyInnovation, model } = parsed.data;
  if (!text.includes(keyInnovation)) return undefined;
  return { text, keyInnovation, engine: 'llm', fallbackReason: null, model };
}

export function writeCachedSummary(area: KeyValueArea, key: string, entry: CachedSummary): void {
  area.set(key, entry);
}

/** A Map-backed KeyValueArea (tests, or runs without a store). Values are copied like JSON would be. */
export function createMemoryKeyValueArea(): KeyValueArea & {
  size(): number;
  entries(): [string, unknown][];
} {
  const values = new Map<string, string>();
  return {
    get: <T>(key: string) => {
      const value = values.get(key);
      return value === undefined ? undefined : (JSON.parse(value) as T);
    },
    set: (key, value) => {
      values.set(key, JSON.stringify(value));
    },
    delete: (key) => {
      values.delete(key);
    },
    size: () => values.size,
    entries: () => [...values].map(([key, value]) => [key, JSON.parse(value)]),
  };
}
