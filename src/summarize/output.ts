import { z } from 'zod';
import type { Language } from '../core/digest.ts';
import type { Paper } from '../core/paper.ts';
import { containsCjk, sentences, withoutInstructions } from '../core/text.ts';
import { stripLatex } from './latex.ts';

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

export type AnswerCheck = { ok: true; text: string; keyInnovation: string } | { ok: false; reason: string };

// A summary never opens like this; a refusal does (whatever follows it).
const refusalOpening =
  /^\s*(?:I\s*(?:can't|cannot|can not|am unable|'m unable|won't|am not able)|I'm sorry|I am sorry|Sorry|As an AI|抱歉|对不起|很抱歉|我无法|我不能)/i;
const markdownLink = /\[[^\]]*\]\([^)]*\)/;
// Acceptance/publication statements; "the method presented in this paper" must not trip it.
const venueClaim = new RegExp(
  [
    String.raw`\b(?:is|was|were|are|been|being)\s+(?:accepted|published)\b`,
    String.raw`\b(?:[Aa]ccepted|[Tt]o appear|[Pp]ublished|[Pp]resented)\s+(?:at|in|to|by|as|for)\s+(?:the\s+)?(?:[A-Z]{2,}|[A-Z][a-z]+\s+(?:Conference|Workshop|Journal|Symposium|Transactions))`,
    String.raw`\b(?:[Oo]ral|[Ss]potlight|[Pp]oster) (?:paper|presentation)\b`,
    '(?:被|已被).{0,30}(?:接收|录用|收录)|发表(?:于|在)|录用',
  ].join('|'),
);
// Venue names: only allowed when the paper's own title/abstract names them (e.g. a NeurIPS dataset).
const venueNames =
  /\b(?:NeurIPS|NIPS|ICML|ICLR|CVPR|ICCV|ECCV|ACL|EMNLP|NAACL|COLING|AAAI|IJCAI|KDD|SIGIR|WWW|INFOCOM|TPAMI|IJCV|TIP|TMLR|JMLR|MICCAI|ICRA|IROS|CoRL|RSS|ICASSP|INTERSPEECH|SIGGRAPH)\b/g;

export function languageName(language: Language): string {
  return language === 'zh' ? 'Simplified Chinese' : 'English';
}

/** Sentences by the rule of the language: 。！？ end Chinese sentences; English uses the shared splitter. */
export function countSentences(text: string, language: Language): number {
  if (language === 'zh' && containsCjk(text)) {
    return text.split(/[。！？!?]+/).filter((piece) => piece.trim().length > 0).length;
  }
  return sentences(text).length;
}

/** Share of CJK characters among letters (a Latin letter counts as one, like a CJK character). */
export function cjkShare(text: string): number {
  const cjk = text.match(/[\u3400-\u9fff\uf900-\ufaff]/g)?.length ?? 0;
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0;
  return cjk + latin === 0 ? 0 : cjk / (cjk + latin);
}

export function languageProblem(text: string, language: Language): string | null {
  if (language === 'zh' && cjkShare(text) < 0.3) return 'the summary is not written in Chinese';
  if (language === 'en' && containsCjk(text)) return 'the summary is not written in English';
  return null;
}

/** The text a summary may draw facts from: title, abstract and comments, without LaTeX markup. */
export function paperSourceText(paper: Paper): string {
  // Injected instructions in an abstract ground nothing: "... with 99% accuracy" there is not a result.
  return stripLatex(
    [paper.title, withoutInstructions(paper.abstract ?? ''), paper.comments ?? ''].join('\n'),
  );
}

/** Digit groups in `text` that occur nowhere in `source`. */
export function ungroundedNumbers(text: string, source: string): string[] {
  const numbers = text.match(/\d+(?:[.,]\d+)*/g) ?? [];
  return [...new Set(numbers.filter((number) => !source.includes(number)))];
}

/** Venue statements, or venue names that `source` does not name outside a venue statement. */
export function venueProblem(text: string, source: string): string | null {
  if (venueClaim.test(text)) return 'it states a venue or acceptance, which come from the metadata only';
  // An abstract may name a venue ("the NeurIPS 2023 challenge data"), but its own acceptance
  // sentences ("this paper was accepted at NeurIPS 2025", or an injected instruction to say so)
  // ground no venue name: venues come from comments/journal_ref only.
  const neutral = sentences(source)
    .filter((sentence) => !venueClaim.test(sentence))
    .join('\n');
  for (const name of text.match(venueNames) ?? []) {
    if (!neutral.includes(name)) return `it names the venue ${name}, which comes from the metadata only`;
  }
  return null;
}

const cleanPhrase = (text: string) =>
  text
    .replace(/\*\*|__/g, '')
    .replace(/^[\s"'“”‘’「」『』`*]+|[\s"'“”‘’「」『』`*.,;:。，；：]+$/g, '')
    .trim();

/** Strict checks of the model's answer; a reason comes back in words the re-ask can quote. */
export function checkSummaryAnswer(
  content: string | null,
  refusal: string | null,
  paper: Paper,
  language: Language,
): AnswerCheck {
  if (refusal?.trim()) return { ok: false, reason: `the model refused ("${refusal.trim().slice(0, 80)}")` };
  const raw = content?.trim() ?? '';
  if (raw.length === 0) return { ok: false, reason: 'the answer was empty' };
  // Some models wrap JSON in a Markdown fence even in JSON mode.
  const unfenced = raw.replace(/^```(?:json)?\s*|\s*```$/g, '');
  let json: unknown;
  try {
    json = JSON.parse(unfenced);
  } catch {
    if (refusalOpening.test(unfenced))
      return { ok: false, reason: `the model refused ("${unfenced.slice(0, 80)}")` };
    return { ok: false, reason: `the answer is not valid JSON (starts with "${unfenced.slice(0, 40)}")` };
  }
  const parsed = summaryAnswerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return {
      ok: false,
      reason: `the JSON does not match {"summary", "key_innovation"} (${where}${issue?.message})`,
    };
  }
  // The text is plain: bold markers the model adds are dropped (the renderer bolds the key phrase).
  const text = parsed.data.summary
    .replace(/\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  let keyInnovation = cleanPhrase(parsed.data.key_innovation);
  if (text.length === 0) return { ok: false, reason: 'the summary is empty' };
  if (refusalOpening.test(text)) {
    return { ok: false, reason: `the model refused ("${text.slice(0, 80)}")` };
  }
  if (markdownLink.test(text) || /https?:\/\//.test(text)) {
    return { ok: false, reason: 'the summary contains a link' };
  }
  const wrongLanguage = languageProblem(text, language);
  if (wrongLanguage) return { ok: false, reason: wrongLanguage };
  const count = countSentences(text, language);
  if (count < 2 || count > 4) {
    return { ok: false, reason: `the summary has ${count} sentences; write 2 to 4` };
  }
  if (keyInnovation.length === 0) return { ok: false, reason: 'key_innovation is empty' };
  if (!text.includes(keyInnovation)) {
    // Accept a case difference, but return the summary's own spelling so it stays verbatim.
    const at = text.toLowerCase().indexOf(keyInnovation.toLowerCase());
    if (at < 0)
      return { ok: false, reason: `key_innovation "${keyInnovation}" does not occur verbatim in summary` };
    keyInnovation = text.slice(at, at + keyInnovation.length);
  }
  if (keyInnovation.length > text.length * 0.8) {
    return { ok: false, reason: 'key_innovation is nearly the whole summary; give a short phrase' };
  }
  const source = paperSourceText(paper);
  // Comments often name the venue ("Accepted to NeurIPS 2025"); the summary still may not.
  const venue = venueProblem(
    text,
    stripLatex(`${paper.title}\n${withoutInstructions(paper.abstract ?? '')}`),
  );
  if (venue) return { ok: false, reason: `the summary ${venue}` };
  const numbers = ungroundedNumbers(text, source);
  if (numbers.length > 0) {
    return {
      ok: false,
      reason: `the summary has numbers not in the abstract: ${numbers.slice(0, 5).join(', ')}`,
    };
  }
  return { ok: true, text, keyInnovation };
}
