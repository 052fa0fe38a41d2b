import { z } from 'zod';
import type { Language } from '../core/digest.ts';
import type { Paper } from '../core/paper.ts';
import { sentences, languageProblem as textLanguageProblem, withoutInstructions } from '../core/text.ts';

export { cjkShare } from '../core/text.ts';

import { unsupportedNumbers, withoutVenueSentences } from '../verify/grounding.ts';
import { stripLatex } from './latex.ts';
import { joinToFrame, keyPhraseIn, plainText, trimSentences } from './repair.ts';

/** What the model must answer for one paper. */
export const summaryAnswerSchema = z.object({
  summary: z.string(),
  key_innovation: z.string(),
});

/** The same shape as JSON Schema, for response_format json_schema (strict mode needs all of it). */
export const summaryAnswerJsonSchema: Record<string, unknown> = {
  type: 'object',
  properties: {
    summary: { type: 'string', description: '2-4 sentences of plain text in the requested language' },
    key_innovation: { type: 'string', description: 'short phrase copied verbatim from summary' },
  },
  required: ['summary', 'key_innovation'],
  additionalProperties: false,
};

/**
 * A checked answer. `notes` name the style repairs made (they never reject an answer); a rejection
 * is for a fact the metadata does not support, the wrong language, or no usable answer at all.
 */
export type AnswerCheck =
  | { ok: true; text: string; keyInnovation: string; notes: string[] }
  | { ok: false; reason: string };

// A summary never opens like this; a refusal does (whatever follows it).
const refusalOpening =
  /^\s*(?:I\s*(?:can't|cannot|can not|am unable|'m unable|won't|am not able)|I'm sorry|I am sorry|Sorry|As an AI|抱歉|对不起|很抱歉|我无法|我不能)/i;

export function languageName(language: Language): string {
  return language === 'zh' ? 'Simplified Chinese' : 'English';
}

/** Sentences by the one splitter (core/text.ts): 。！？ and . ! ? end them, ；does not. */
export function countSentences(text: string, _language?: Language): number {
  return sentences(text).length;
}

/** The one language test (core/text.ts), worded for a summary. */
export function languageProblem(text: string, language: Language): string | null {
  const problem = textLanguageProblem(text, language);
  return problem ? `the summary ${problem}` : null;
}

/** The text a summary may draw facts from: title, abstract and comments, without LaTeX markup. */
export function paperSourceText(paper: Paper): string {
  // Injected instructions in an abstract ground nothing: "... with 99% accuracy" there is not a result.
  return stripLatex(
    [paper.title, withoutInstructions(paper.abstract ?? ''), paper.comments ?? ''].join('\n'),
  );
}

const cleanPhrase = (text: string) =>
  text
    .replace(/\*\*|__/g, '')
    .replace(/^[\s"'“”‘’「」『』`*]+|[\s"'“”‘’「」『』`*.,;:。，；：]+$/g, '')
    .trim();

function parseAnswer(
  content: string | null,
  refusal: string | null,
): { summary: string; keyInnovation: string } | { reason: string } {
  if (refusal?.trim()) return { reason: `the model refused ("${refusal.trim().slice(0, 80)}")` };
  const raw = content?.trim() ?? '';
  if (raw.length === 0) return { reason: 'the answer was empty' };
  // Some models wrap JSON in a Markdown fence even in JSON mode.
  const unfenced = raw.replace(/^```(?:json)?\s*|\s*```$/g, '');
  let json: unknown;
  try {
    json = JSON.parse(unfenced);
  } catch {
    if (refusalOpening.test(unfenced)) return { reason: `the model refused ("${unfenced.slice(0, 80)}")` };
    return { reason: `the answer is not valid JSON (starts with "${unfenced.slice(0, 40)}")` };
  }
  const parsed = summaryAnswerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { reason: `the JSON does not match {"summary", "key_innovation"} (${where}${issue?.message})` };
  }
  return { summary: parsed.data.summary, keyInnovation: parsed.data.key_innovation };
}

/**
 * Checks the model's answer. Facts decide: a number the metadata does not support in any form, or
 * the wrong language, rejects it (the reason is quoted in the re-ask). Style is repaired: Markdown
 * and links become plain text, venue sentences are dropped (venues come from the metadata), an
 * opening that repeats the frame's subject is joined, more than 4 sentences are cut to 4, and a key
 * phrase that is not verbatim becomes the summary's own closest clause.
 */
export function checkSummaryAnswer(
  content: string | null,
  refusal: string | null,
  paper: Paper,
  language: Language,
): AnswerCheck {
  const answer = parseAnswer(content, refusal);
  if ('reason' in answer) return { ok: false, reason: answer.reason };
  const plain = plainText(answer.summary);
  const notes = [...plain.notes];
  if (plain.text.length === 0) return { ok: false, reason: 'the summary is empty' };
  if (refusalOpening.test(plain.text))
    return { ok: false, reason: `the model refused ("${plain.text.slice(0, 80)}")` };
  const wrongLanguage = languageProblem(plain.text, language);
  if (wrongLanguage) return { ok: false, reason: wrongLanguage };
  const venueFree = withoutVenueSentences(plain.text, paper);
  if (venueFree.removed.length > 0)
    notes.push(`dropped ${venueFree.removed.length} venue sentence(s); venues come from the metadata`);
  if (venueFree.text.length === 0)
    return { ok: false, reason: 'the summary only states a venue; describe the paper instead' };
  const joined = joinToFrame(venueFree.text, language);
  notes.push(...joined.notes);
  const numbers = unsupportedNumbers(joined.text, paper).filter(
    (finding) => finding.severity === 'unsupported',
  );
  if (numbers.length > 0) {
    const shown = numbers
      .slice(0, 5)
      .map((finding) => /"([^"]+)"/.exec(finding.reason)?.[1] ?? finding.claim);
    return { ok: false, reason: `the summary has numbers not in the abstract: ${shown.join(', ')}` };
  }
  // A key phrase copied from the opening carries the subject the join dropped ("本文提出了X").
  const phrase = cleanPhrase(answer.keyInnovation);
  const key = keyPhraseIn(
    joined.text,
    joined.text.includes(phrase) ? phrase : joinToFrame(phrase, language).text,
  );
  notes.push(...key.notes);
  if (key.phrase.length === 0) return { ok: false, reason: 'key_innovation is empty' };
  const trimmed = trimSentences(joined.text, key.phrase);
  notes.push(...trimmed.notes);
  return { ok: true, text: trimmed.text, keyInnovation: key.phrase, notes };
}
