import type { PaperSummary } from '../core/digest.ts';
import { ChatCallError, type JsonChat, type TokenUsage } from '../llm/chat.ts';
import { fatalLlmError } from '../llm/client.ts';
import { checkSummaryAnswer, summaryAnswerJsonSchema } from './output.ts';
import { reaskMessages, summaryMessages, summaryPromptVersion } from './prompts.ts';
import type { SummaryJob, SummaryStats } from './types.ts';

/** Tokens spent so far against the run's --max-tokens. */
export interface TokenBudget {
  readonly limit: number | undefined;
  spent(): number;
  exhausted(): boolean;
  add(usage: TokenUsage): void;
  /** "token budget of 20000 reached" */
  describe(): string;
}

export function createTokenBudget(limit: number | undefined): TokenBudget {
  let spent = 0;
  return {
    limit,
    spent: () => spent,
    exhausted: () => limit !== undefined && spent >= limit,
    add(usage) {
      spent += usage.promptTokens + usage.completionTokens;
    },
    describe: () => `token budget of ${limit} reached`,
  };
}

export interface CallContext {
  chat: JsonChat;
  budget: TokenBudget;
  /** Every stats object that counts this call (the current run's and the engine's totals). */
  stats: SummaryStats[];
  log: (line: string) => void;
  signal?: AbortSignal | undefined;
  /** Removes the API key and key-shaped strings; an answer it changes carries a secret. */
  redact?: ((text: string) => string) | undefined;
}

export type CallOutcome =
  | { kind: 'ok'; summary: PaperSummary; usage: TokenUsage }
  /** Not sent (or not re-sent) because the budget is spent. */
  | { kind: 'budget'; reason: string }
  | { kind: 'failed'; reason: string };

export interface EarlierAnswer {
  /** The rejected answer as the model would have written it (JSON). */
  answer: string;
  reason: string;
}

const label = (job: SummaryJob) =>
  job.paper.version ? `${job.paper.id}v${job.paper.version}` : job.paper.id;

/**
 * Asks for one paper's summary: one call, and after an invalid answer one re-ask that quotes the
 * reason. With `earlier` (a summary the claim checker rejected) the first call already is the re-ask.
 * Throws only for fatal endpoint errors (bad key, unknown model) and aborts.
 */
export async function askForSummary(
  context: CallContext,
  job: SummaryJob,
  earlier?: EarlierAnswer,
): Promise<CallOutcome> {
  const { chat, budget, stats, log } = context;
  const first = summaryMessages(job.paper, job.language);
  let messages = earlier ? reaskMessages(first, earlier.answer, earlier.reason, summaryPromptVersion) : first;
  const attempts = earlier ? 1 : 2;
  const total: TokenUsage = { promptTokens: 0, completionTokens: 0 };
  let lastReason = earlier?.reason ?? '';
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (budget.exhausted()) {
      return attempt === 0
        ? { kind: 'budget', reason: budget.describe() }
        : { kind: 'failed', reason: `${lastReason}; not asked again: ${budget.describe()}` };
    }
    if (attempt > 0 || earlier) for (const entry of stats) entry.reasks += 1;
    let answer: Awaited<ReturnType<JsonChat['complete']>>;
    try {
      answer = await chat.complete({
        messages,
        schemaName: 'paper_summary',
        schema: summaryAnswerJsonSchema,
        signal: context.signal,
      });
    } catch (error) {
      if (!(error instanceof ChatCallError)) throw error;
      if (error.described.fatal) throw fatalLlmError(error.described, chat.model);
      return { kind: 'failed', reason: `the LLM call failed: ${error.message}` };
    }
    if (answer.usage) {
      budget.add(answer.usage);
      total.promptTokens += answer.usage.promptTokens;
      total.completionTokens += answer.usage.completionTokens;
      for (const entry of stats) {
        entry.promptTokens += answer.usage.promptTokens;
        entry.completionTokens += answer.usage.completionTokens;
      }
    }
    // A secret echoed back (a key in the summary) is never published, however grounded the rest.
    const leaks =
      context.redact !== undefined && (answer.content ?? '') !== context.redact(answer.content ?? '');
    const check = leaks
      ? { ok: false as const, reason: 'the answer contains the API key or a key-shaped secret' }
      : checkSummaryAnswer(answer.content, answer.refusal, job.paper, job.language);
    if (check.ok) {
      // Style repairs never reject an answer; the run log says what was changed.
      if (check.notes.length > 0) log(`${label(job)}: repaired: ${check.notes.join('; ')}`);
      const summary: PaperSummary = {
        text: check.text,
        keyInnovation: check.keyInnovation,
        engine: 'llm',
        fallbackReason: null,
        model: chat.model,
      };
      return { kind: 'ok', summary, usage: total };
    }
    lastReason = check.reason;
    if (attempt + 1 < attempts) {
      log(`${label(job)}: ${check.reason}; asking once more`);
      messages = reaskMessages(first, answer.content ?? '', check.reason, summaryPromptVersion);
    }
  }
  return {
    kind: 'failed',
    reason: earlier
      ? `the re-ask was rejected too: ${lastReason}`
      : `invalid answer after one re-ask: ${lastReason}`,
  };
}
