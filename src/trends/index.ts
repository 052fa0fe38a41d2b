import type { Language, TrendsSection } from '../core/digest.ts';
import { measureTrends, type TrendInputs } from './facts.ts';
import { trendStatements } from './statements.ts';

export { measureTrends, type PreviousDigest, percent, type TrendInputs } from './facts.ts';
export { trendStatements } from './statements.ts';

/** Measures the trends and writes the statements for one language. */
export function computeTrends(
  inputs: TrendInputs & { language: Language; topicTitle: string },
): TrendsSection {
  const measured = measureTrends(inputs);
  const statements = trendStatements({
    language: inputs.language,
    topicTitle: inputs.topicTitle,
    versionPolicy: inputs.versionPolicy,
    window: inputs.window,
    previousWindow: inputs.previous?.window ?? null,
    facts: measured.section.facts,
  });
  return { ...measured.section, statements };
}
