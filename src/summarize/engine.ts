/**
 * The summarize stage's public face: one engine interface, two engines (LLM and extractive), and
 * the rule that picks one (`--llm auto|none|llm`).
 *
 * Extractive summaries are the abstract's own English sentences, also for zh posts: the renderer
 * writes the Chinese frame around them, and the post's frontmatter says `generator: extractive`.
 */

import type { ResolvedLlmSettings } from '../llm/settings.ts';
import type { KeyValueArea } from '../store/types.ts';
import { createExtractiveEngine } from './extractive.ts';
import { createLlmEngine } from './llm-engine.ts';
import type { SummaryEngine } from './types.ts';

export {
  type LlmConfig,
  type LlmFlags,
  llmConfigSchema,
  type ResolvedLlmSettings,
  resolveLlmSettings,
} from '../llm/settings.ts';
export { createMemoryKeyValueArea, summaryCacheKey } from './cache.ts';
export {
  createLlmDirectionNamer,
  type DirectionLabel,
  type DirectionNamerLike,
  type DirectionNamingInput,
  type LlmDirectionNamerSettings,
} from './direction-namer.ts';
export { createExtractiveEngine, extractiveSummary } from './extractive.ts';
export { createLlmEngine, type LlmEngineSettings } from './llm-engine.ts';
export { summaryPromptVersion } from './prompts.ts';
export type { SummarizeOptions, SummaryEngine, SummaryJob, SummaryStats } from './types.ts';

/** The engine `resolveLlmSettings` chose, wired with the run's cache (store.kv('summaries')). */
export function createSummaryEngine(
  resolved: ResolvedLlmSettings,
  adapters: { cache: KeyValueArea; fetch?: typeof fetch; log?: (line: string) => void },
): SummaryEngine {
  if (resolved.mode === 'extractive') return createExtractiveEngine();
  return createLlmEngine({
    apiKey: resolved.apiKey,
    baseURL: resolved.baseURL,
    model: resolved.model,
    concurrency: resolved.concurrency,
    maxTokens: resolved.maxTokens,
    timeoutMs: resolved.timeoutMs,
    maxRetries: resolved.maxRetries,
    cache: adapters.cache,
    fetch: adapters.fetch,
    log: adapters.log,
  });
}
