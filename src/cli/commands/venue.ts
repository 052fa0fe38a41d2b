import { createInterface } from 'node:readline';
import type { VenueFact } from '../../core/digest.ts';
import { usageError } from '../../core/errors.ts';
import { describeIssue } from '../../core/schema.ts';
import type { venueSentence as VenueSentence } from '../../verify/venue-sentence.ts';
import type { RegisterCommand } from '../context.ts';

function describeFact(fact: VenueFact, venueSentence: typeof VenueSentence): string[] {
  if (!fact.venue && !fact.status) return ['no venue stated'];
  const parts = [
    [fact.venue ?? '(venue not named)', fact.year].filter((part) => part !== null).join(' '),
    fact.status ?? 'no status stated',
    fact.type,
    fact.track ? `track ${fact.track}` : null,
  ].filter((part): part is string => part !== null);
  const lines = [
    `${parts.join(' · ')}${fact.evidence ? `  — from "${fact.evidence.replace(/\s+/g, ' ')}"` : ''}`,
  ];
  for (const language of ['en', 'zh'] as const) {
    const sentence = venueSentence(fact, language);
    if (sentence) lines.push(`${language}: ${sentence}`);
  }
  return lines;
}

export const registerVenue: RegisterCommand = (program, context) => {
  program
    .command('venue')
    .description(
      'venue facts the authors state in comments / journal-ref (no TEXT: JSON lines on stdin -> JSON lines out)',
    )
    .argument('[text]', 'an arXiv comments string, e.g. "Accepted to AAAI 2026 (Oral)"')
    .option('--journal-ref <ref>', 'the journal-ref field, when there is one')
    .option('--doi <doi>', 'the DOI field, when there is one')
    .addHelpText(
      'after',
      `
Examples:
  $ arxiv-digest venue "Accepted to NeurIPS'25"
  $ arxiv-digest venue "Under review at ICLR 2026" --json
  $ echo '{"comments":"Accepted to AAAI 2026 (Oral)","journal_ref":null}' | arxiv-digest venue`,
    )
    .action(async (text: string | undefined, options: { journalRef?: string; doi?: string }, command) => {
      // Loaded when the command runs, not when it is registered (see commands/index.ts).
      const [{ extractVenue }, { venueSentence }] = await Promise.all([
        import('../../verify/venue.ts'),
        import('../../verify/venue-sentence.ts'),
      ]);
      if (text !== undefined || options.journalRef !== undefined) {
        const fact = extractVenue({
          comments: text ?? null,
          journalRef: options.journalRef ?? null,
          doi: options.doi ?? null,
        });
        context.report(command, fact, describeFact(fact, venueSentence));
        return;
      }
      // Nothing to read from a terminal: say how to use it instead of waiting.
      if ((context.io.stdin as { isTTY?: boolean }).isTTY === true) {
        throw usageError(
          'venue needs TEXT or JSON lines on stdin',
          'e.g. arxiv-digest venue "Accepted to AAAI 2026"',
        );
      }
      // Stream mode: one result line per input line, in order; a bad line gets an error line.
      const { venueRecordSchema } = await import('./venue-record.ts');
      const lines = createInterface({ input: context.io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
      let lineNumber = 0;
      let bad = 0;
      // The results of one input chunk leave in one write: thousands of tiny writes cost more than the
      // extraction. An interactive user still sees each answer at once (the flush runs when input pauses).
      let pending: string[] = [];
      let flushScheduled = false;
      const flush = (): void => {
        flushScheduled = false;
        if (pending.length > 0) context.io.stdout(pending.join(''));
        pending = [];
      };
      const emit = (text: string): void => {
        pending.push(text);
        if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(flush);
        }
      };
      try {
        await readRecords();
      } finally {
        flush();
      }
      async function readRecords(): Promise<void> {
        for await (const line of lines) {
          lineNumber += 1;
          if (!line.trim()) continue;
          let value: unknown;
          try {
            value = JSON.parse(line);
          } catch (error) {
            bad += 1;
            const message = `stdin:${lineNumber}: malformed JSON (${error instanceof Error ? error.message : String(error)})`;
            emit(`${JSON.stringify({ line: lineNumber, error: message })}\n`);
            continue;
          }
          const parsed = venueRecordSchema.safeParse(value);
          if (!parsed.success) {
            bad += 1;
            const message = `stdin:${lineNumber}: ${describeIssue(parsed.error)}`;
            emit(`${JSON.stringify({ line: lineNumber, error: message })}\n`);
            continue;
          }
          const record = parsed.data;
          const fact = extractVenue({
            comments: record.comments ?? null,
            journalRef: record.journal_ref ?? record.journalRef ?? null,
            doi: record.doi ?? null,
          });
          emit(`${JSON.stringify(record.id === undefined ? fact : { id: record.id, ...fact })}\n`);
        }
      }
      if (bad > 0) {
        context.warn(
          command,
          `${bad} of ${lineNumber} input lines could not be read (see their "error" lines)`,
        );
        context.setExitCode(1);
      }
    });
};
