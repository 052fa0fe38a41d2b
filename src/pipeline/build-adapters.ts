import { DigestError } from '../core/errors.ts';
import { createOfflineNamer } from '../directions/index.ts';
import type { DirectionNamer } from '../directions/types.ts';
import { createEmbeddingsClient } from '../llm/embeddings.ts';
import { resolveLlmSettings } from '../llm/settings.ts';
import type { PaperStore } from '../store/types.ts';
import { createLlmDirectionNamer } from '../summarize/direction-namer.ts';
import { createSummaryEngine } from '../summarize/engine.ts';
import { directionsPromptVersion } from '../summarize/prompts.ts';
import type { SummaryEngine } from '../summarize/types.ts';
import { createCachedNamer } from './cached-namer.ts';
import { createCheckedNamer, directionLabelProblem } from './checked-namer.ts';
import type { Config } from './config.ts';

export interface BuildAdapters {
  engine: SummaryEngine;
  namer: DirectionNamer;
  embed: ((texts: string[]) => Promise<number[][]>) | undefined;
  /** Which engine and why, for the run log (never the key). */
  reason: string;
}

/**
 * The composition root of `build`: picks the summary engine (LLM or extractive), the direction namer
 * and the embeddings client from flags, environment and config. Summaries are cached in the store.
 */
export function createBuildAdapters(input: {
  env: Record<string, string | undefined>;
  config: Config;
  flags: { llm: string; model?: string; concurrency?: string; maxTokens?: string; embeddings?: boolean };
  store: PaperStore;
  log: (line: string) => void;
}): BuildAdapters {
  const { embeddingsModel, ...llmConfig } = input.config.llm;
  const resolved = resolveLlmSettings(input.env, llmConfig, input.flags);
  const engine = createSummaryEngine(resolved, { cache: input.store.kv('summaries'), log: input.log });
  const offline = createOfflineNamer();
  const connection = {
    apiKey: resolved.apiKey,
    baseURL: resolved.baseURL,
    timeoutMs: resolved.timeoutMs,
    maxRetries: resolved.maxRetries,
  };
  // Every namer's answer is held to the direction invariants before it reaches the post.
  const namer: DirectionNamer = createCheckedNamer(
    resolved.mode === 'llm'
      ? createCachedNamer(
          createLlmDirectionNamer({
            ...connection,
            model: resolved.model,
            fallback: offline,
            log: input.log,
            check: directionLabelProblem,
          }),
          input.store.kv('direction-names'),
          `${resolved.baseURL ?? 'openai'} ${resolved.model} ${directionsPromptVersion}`,
        )
      : offline,
    offline,
    input.log,
  );
  let embed: BuildAdapters['embed'];
  if (input.flags.embeddings) {
    if (resolved.mode !== 'llm') {
      throw new DigestError('USAGE', '--embeddings needs an embeddings provider', {
        hint: 'set OPENAI_API_KEY or OPENAI_BASE_URL (and not --llm none), or drop --embeddings',
      });
    }
    const client = createEmbeddingsClient({ ...connection, model: embeddingsModel });
    embed = (texts) => client.embed(texts);
  }
  return { engine, namer, embed, reason: resolved.reason };
}
