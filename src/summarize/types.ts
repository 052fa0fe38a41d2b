import type { Language, PaperSummary, SummaryEngineName } from '../core/digest.ts';
import type { Paper } from '../core/paper.ts';

export interface SummaryJob {
  paper: Paper;
  language: Language;
}

export interface SummaryStats {
  engine: SummaryEngineName;
  /** HTTP requests sent to the LLM endpoint (re-asks and SDK retries included). */
  requests: number;
  /** Papers answered from the cache, without a request. */
  cached: number;
  /** Re-asks sent after an invalid answer. */
  reasks: number;
  promptTokens: number;
  completionTokens: number;
  /** Papers that got the extractive summary instead of the LLM's, and why. */
  fallbacks: { paperId: string; reason: string }[];
  /** Papers not sent because the token budget was spent (they carry the extractive summary). */
  leftUndone: string[];
}

export interface SummarizeOptions {
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface SummaryEngine {
  readonly name: SummaryEngineName;
  /** Summaries keyed by paper id, in job order. One language per call is the intended use. */
  summarizeAll(
    jobs: SummaryJob[],
    options?: SummarizeOptions,
  ): Promise<{ summaries: Map<string, PaperSummary>; stats: SummaryStats }>;
  /** Re-ask for one paper with the reason its summary was rejected (claim checker); falls back to extractive. */
  resummarize(job: SummaryJob, rejected: PaperSummary, reason: string): Promise<PaperSummary>;
  /** Everything this engine did so far (all summarizeAll and resummarize calls). */
  totals(): SummaryStats;
}

export function emptyStats(engine: SummaryEngineName): SummaryStats {
  return {
    engine,
    requests: 0,
    cached: 0,
    reasks: 0,
    promptTokens: 0,
    completionTokens: 0,
    fallbacks: [],
    leftUndone: [],
  };
}
