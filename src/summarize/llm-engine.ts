import pLimit from 'p-limit';
import type { PaperSummary } from '../core/digest.ts';
import { DigestError } from '../core/errors.ts';
import { createJsonChat } from '../llm/chat.ts';
import { createLlmConnection, type LlmConnectionSettings } from '../llm/client.ts';
import type { KeyValueArea } from '../store/types.ts';
import { readCachedSummary, summaryCacheKey, writeCachedSummary } from './cache.ts';
import { extractiveSummary } from './extractive.ts';
import { summaryPromptVersion } from './prompts.ts';
import { askForSummary, type CallContext, type CallOutcome, createTokenBudget } from './summary-call.ts';
import { emptyStats, type SummaryEngine, type SummaryJob, type SummaryStats } from './types.ts';

export interface LlmEngineSettings extends LlmConnectionSettings {
  model: string;
  /** Calls in flight at once (default 8). */
  concurrency?: number | undefined;
  /** Token budget (prompt + completion) for this engine's life; unset: no limit. */
  maxTokens?: number | undefined;
  /** The summaries cache, e.g. store.kv('summaries'). */
  cache: KeyValueArea;
  /** Progress and per-paper problems, one redacted line each. */
  log?: ((line: string) => void) | undefined;
}

const defaultConcurrency = 8;

/**
 * Summaries from any OpenAI-compatible endpoint. Per paper: cache, else a call (+ one re-ask when
 * the answer is invalid), else the extractive summary marked with the reason. The run never
 * publishes placeholder text and never calls twice for a paper the cache already has.
 */
export function createLlmEngine(settings: LlmEngineSettings): SummaryEngine {
  const concurrency = settings.concurrency ?? defaultConcurrency;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new DigestError('USAGE', `--concurrency ${concurrency} is not a positive whole number`, {
      hint: 'e.g. --concurrency 8',
    });
  }
  const connection = createLlmConnection(settings);
  const chat = createJsonChat(connection, settings.model);
  const budget = createTokenBudget(settings.maxTokens);
  const totals = emptyStats('llm');
  const log = (line: string) => settings.log?.(connection.redact(`[llm] ${line}`));
  let warnedAboutUsage = false;

  const context = (stats: SummaryStats[], signal: AbortSignal | undefined): CallContext => ({
    chat,
    budget,
    stats,
    log,
    signal,
    redact: connection.redact,
  });

  const fallback = (
    job: SummaryJob,
    rawReason: string,
    stats: SummaryStats[],
    list: 'fallbacks' | 'leftUndone',
  ) => {
    // Reasons quote the model's answer ("the model refused (...)"), which may echo the key; they end
    // up in --json output, warnings and the stored digest.
    const reason = connection.redact(rawReason);
    for (const entry of stats) {
      if (list === 'fallbacks') entry.fallbacks.push({ paperId: job.paper.id, reason });
      else entry.leftUndone.push(job.paper.id);
    }
    if (list === 'fallbacks') log(`${job.paper.id}: extractive summary instead (${reason})`);
    return { ...extractiveSummary(job.paper, job.language), fallbackReason: reason };
  };

  /** Only validated answers are cached, with their usage, so a re-run asks nothing for them. */
  const remember = (
    key: string,
    job: SummaryJob,
    outcome: Extract<CallOutcome, { kind: 'ok' }>,
  ): PaperSummary => {
    writeCachedSummary(settings.cache, key, {
      paperId: job.paper.id,
      version: job.paper.version,
      promptVersion: summaryPromptVersion,
      model: settings.model,
      language: job.language,
      text: outcome.summary.text,
      keyInnovation: outcome.summary.keyInnovation,
      usage: outcome.usage,
    });
    return outcome.summary;
  };

  const summarizeOne = async (
    job: SummaryJob,
    stats: SummaryStats[],
    signal?: AbortSignal,
  ): Promise<PaperSummary> => {
    const key = summaryCacheKey(job.paper, summaryPromptVersion, settings.model, job.language);
    const cached = readCachedSummary(settings.cache, key, job.paper);
    if (cached) {
      for (const entry of stats) entry.cached += 1;
      return cached;
    }
    // Without an abstract the model could only invent; the honest extractive note stands in.
    if (!job.paper.abstract) return fallback(job, 'no abstract in the stored metadata', stats, 'fallbacks');
    const outcome = await askForSummary(context(stats, signal), job);
    if (outcome.kind === 'budget') return fallback(job, outcome.reason, stats, 'leftUndone');
    if (outcome.kind === 'failed') return fallback(job, outcome.reason, stats, 'fallbacks');
    if (outcome.usage.promptTokens + outcome.usage.completionTokens === 0 && !warnedAboutUsage) {
      warnedAboutUsage = true;
      log('the server reports no token usage; token counts and --max-tokens cannot be enforced');
    }
    return remember(key, job, outcome);
  };

  return {
    name: 'llm',
    async summarizeAll(jobs, options = {}) {
      const { signal, onProgress } = options;
      const stats = emptyStats('llm');
      const requestsBefore = connection.httpRequests();
      const results: (PaperSummary | undefined)[] = Array.from({ length: jobs.length }, () => undefined);
      const limit = pLimit(concurrency);
      let fatal: unknown;
      let done = 0;
      await Promise.all(
        jobs.map((job, index) =>
          limit(async () => {
            // After a fatal error (bad key) or an abort, queued papers are not started.
            if (fatal !== undefined || signal?.aborted) return;
            try {
              results[index] = await summarizeOne(job, [stats, totals], signal);
            } catch (error) {
              fatal ??= error;
              return;
            }
            done += 1;
            onProgress?.(done, jobs.length);
          }),
        ),
      );
      stats.requests = connection.httpRequests() - requestsBefore;
      if (signal?.aborted) throw signal.reason;
      if (fatal !== undefined) throw fatal;
      const summaries = new Map<string, PaperSummary>();
      jobs.forEach((job, index) => {
        const summary = results[index];
        if (summary) summaries.set(job.paper.id, summary);
      });
      return { summaries, stats };
    },

    async resummarize(job, rejected, reason) {
      const stats = [totals];
      const key = summaryCacheKey(job.paper, summaryPromptVersion, settings.model, job.language);
      const claimReason = `the claim check rejected it: ${reason}`;
      if (!job.paper.abstract) return fallback(job, 'no abstract in the stored metadata', stats, 'fallbacks');
      const earlier = {
        answer: JSON.stringify({ summary: rejected.text, key_innovation: rejected.keyInnovation }),
        reason: claimReason,
      };
      const outcome = await askForSummary(context(stats, undefined), job, earlier);
      if (outcome.kind !== 'ok') {
        // The rejected answer must not come back from the cache on the next run.
        settings.cache.delete(key);
        return fallback(job, `${claimReason}; ${outcome.reason}`, stats, 'fallbacks');
      }
      return remember(key, job, outcome);
    },

    totals: () => ({
      ...totals,
      requests: connection.httpRequests(),
      fallbacks: [...totals.fallbacks],
      leftUndone: [...totals.leftUndone],
    }),
  };
}
