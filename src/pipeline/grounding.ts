import type { Language, PaperSummary } from '../core/digest.ts';
import type { Paper } from '../core/paper.ts';
import { extractiveSummary } from '../summarize/engine.ts';
import type { SummaryEngine } from '../summarize/types.ts';
import { checkSummary } from '../verify/check.ts';

export interface GroundingOutcome {
  summaries: Map<string, PaperSummary>;
  /** Papers whose first summary made an unsupported claim and was re-asked. */
  reasked: { paperId: string; reason: string }[];
  /** Papers whose summary still failed and now carry the extractive one. */
  replaced: { paperId: string; reason: string }[];
}

/**
 * Holds every summary to the grounding rules before it reaches the post: a summary that states a
 * venue or a number the metadata does not support is re-asked once with the reason; if it still
 * fails it is replaced by the extractive summary (whose sentences come from the abstract itself)
 * and the run reports it. Extractive summaries are checked too: a failure there is reported.
 */
export async function groundSummaries(
  papers: Paper[],
  summaries: Map<string, PaperSummary>,
  engine: SummaryEngine,
  language: Language,
): Promise<GroundingOutcome> {
  const result = new Map(summaries);
  const reasked: GroundingOutcome['reasked'] = [];
  const replaced: GroundingOutcome['replaced'] = [];
  for (const paper of papers) {
    const summary = result.get(paper.id);
    if (summary?.engine !== 'llm') continue;
    const findings = checkSummary({ text: summary.text, paper, language });
    if (findings.length === 0) continue;
    const reason = findings.map((finding) => `${finding.claim}: ${finding.reason}`).join('; ');
    reasked.push({ paperId: paper.id, reason });
    const retried = await engine.resummarize({ paper, language }, summary, reason);
    const retryFindings =
      retried.engine === 'llm' ? checkSummary({ text: retried.text, paper, language }) : [];
    if (retryFindings.length === 0) {
      result.set(paper.id, retried);
      if (retried.engine !== 'llm') replaced.push({ paperId: paper.id, reason });
      continue;
    }
    const fallbackReason = `unsupported claim after a re-ask: ${retryFindings.map((finding) => finding.claim).join('; ')}`;
    result.set(paper.id, { ...extractiveSummary(paper, language), fallbackReason });
    replaced.push({ paperId: paper.id, reason: fallbackReason });
  }
  return { summaries: result, reasked, replaced };
}
