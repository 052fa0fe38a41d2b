/**
 * LLM orchestration overhead: 200 real papers (arxiv-days 2025-11-24) through the LLM engine against
 * a local OpenAI-compatible server that answers each request after 200 ms, at concurrency 8.
 * Ideal: ceil(200 / 8) x 0.2 s = 5.0 s. Target: measured / ideal <= 1.15.
 * Measured: the median of 3 runs (fresh engine and cache each), after one warm-up run of 16 other
 * papers that loads modules and warms the JIT. Client and server share one process and its CPU.
 * Run: node --import tsx bench/llm-orchestration.ts   (prints figures; exit 1 when over target)
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Paper } from '../src/core/paper.ts';
import { createMemoryKeyValueArea } from '../src/summarize/cache.ts';
import { createLlmEngine } from '../src/summarize/engine.ts';
import { answers, startOpenAiServer } from '../test/helpers/openai-server.ts';
import { loadDayPapers } from '../test/helpers/summarize-papers.ts';

export interface LlmOrchestrationResult {
  papers: number;
  concurrency: number;
  delayMs: number;
  /** Median of the measured runs. */
  seconds: number;
  runs: number[];
  idealSeconds: number;
  ratio: number;
  target: number;
  requests: number;
  maxInFlight: number;
  fallbacks: number;
}

/** A valid answer built from the title alone (no digits or claims the checks would reject). */
function benchAnswer(paper: Paper) {
  const phrase = (paper.title.split(': ')[0] as string).replace(/[.?!]+$/, '');
  return answers.summary(
    `${phrase} is the subject of this paper. The benchmark server wrote this summary.`,
    phrase,
  );
}

export async function runLlmOrchestrationBench(
  options: { papers?: number; concurrency?: number; delayMs?: number; runs?: number } = {},
): Promise<LlmOrchestrationResult> {
  const count = options.papers ?? 200;
  const concurrency = options.concurrency ?? 8;
  const delayMs = options.delayMs ?? 200;
  const runCount = options.runs ?? 3;
  const available = loadDayPapers('2025-11-24').filter((paper) => paper.abstract !== null);
  const papers = available.slice(0, count);
  const warmUp = available.slice(count, count + 16);
  const byId = new Map([...papers, ...warmUp].map((paper) => [paper.id, paper]));
  let serverDelay = 0;
  const server = await startOpenAiServer({
    answer: (request) => {
      const paper = request.paperId ? byId.get(request.paperId) : undefined;
      return { ...(paper ? benchAnswer(paper) : answers.status(404, 'unknown paper')), delayMs: serverDelay };
    },
  });
  const summarize = (batch: Paper[]) =>
    createLlmEngine({
      baseURL: server.url,
      model: 'bench-model',
      concurrency,
      cache: createMemoryKeyValueArea(),
    }).summarizeAll(batch.map((paper) => ({ paper, language: 'en' as const })));
  try {
    await summarize(warmUp);
    serverDelay = delayMs;
    const runs: number[] = [];
    let requests = 0;
    let fallbacks = 0;
    let maxInFlight = 0;
    for (let run = 0; run < runCount; run++) {
      server.reset();
      const started = performance.now();
      const { stats } = await summarize(papers);
      runs.push((performance.now() - started) / 1000);
      requests = Math.max(requests, stats.requests);
      fallbacks = Math.max(fallbacks, stats.fallbacks.length);
      maxInFlight = Math.max(maxInFlight, server.maxInFlight);
    }
    const seconds = [...runs].sort((left, right) => left - right)[Math.floor(runs.length / 2)] as number;
    const idealSeconds = (Math.ceil(papers.length / concurrency) * delayMs) / 1000;
    return {
      papers: papers.length,
      concurrency,
      delayMs,
      seconds,
      runs,
      idealSeconds,
      ratio: seconds / idealSeconds,
      target: 1.15,
      requests,
      maxInFlight,
      fallbacks,
    };
  } finally {
    await server.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runLlmOrchestrationBench();
  console.log(
    `llm orchestration: ${result.papers} papers, concurrency ${result.concurrency}, server delay ${result.delayMs} ms: ` +
      `median ${result.seconds.toFixed(2)} s of [${result.runs.map((run) => run.toFixed(2)).join(', ')}] ` +
      `(ideal ${result.idealSeconds.toFixed(1)} s, ratio ${result.ratio.toFixed(3)}, ` +
      `target <= ${result.target}); ${result.requests} requests, max ${result.maxInFlight} in flight, ` +
      `${result.fallbacks} fallbacks`,
  );
  if (result.ratio > result.target || result.fallbacks > 0) process.exitCode = 1;
}
