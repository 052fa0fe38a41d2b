import type { Language } from '../core/digest.ts';
import { mathSpans } from '../core/math.ts';
import { sentences } from '../core/text.ts';
import { joinSentences } from '../verify/grounding.ts';

/**
 * Style repairs for LLM answers. Style never sends a grounded summary to the fallback: Markdown,
 * sentence count, an opening that repeats the paragraph's subject and a key phrase that is not
 * verbatim are fixed here, and each fix is reported as a note.
 */

export interface Repaired {
  text: string;
  notes: string[];
}

/** Plain text from what a model may write as Markdown; formulas ($…$) stay as written. */
export function plainText(text: string): Repaired {
  const notes: string[] = [];
  let result = text.replace(/\[([^\]]*)\]\((?:[^)\s]*)\)/g, (_match, label: string) => {
    notes.push('a Markdown link was reduced to its text');
    return label;
  });
  const withoutUrls = result.replace(/\s*\(?<?https?:\/\/[^\s)>，。]+>?\)?/g, '');
  if (withoutUrls !== result) notes.push('a URL was removed (links come from the metadata)');
  result = withoutUrls
    .replace(/\*\*|__/g, '')
    .replace(/^\s*#{1,6}\s+/gm, '')
    .replace(/^\s*(?:[-*•]|\d+[.)])\s+/gm, '')
    .replace(/`([^`\n]*)`/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  return { text: result, notes: [...new Set(notes)] };
}

// The paragraph frame already names the paper ("X 等人的 [Title](…) " / "X et al., [Title](…): "),
// so an answer that opens with its own subject would read "…[Title](…) 该研究提出了…".
const zhSubject =
  /^(?:在本文中|在这项工作中|本文中|该研究|本研究|这项研究|该项研究|本文|该文|该论文|本论文|这篇论文|此论文|该工作|本工作|这项工作|研究者|研究人员|作者|它|其)们?(?:[，,]\s*|\s+)?/;
const enSubject =
  /^(?:In this (?:paper|work|study),?\s+)?(?:(?:This|The|Our) (?:paper|work|study|article|research|report)|It|We|The authors|Authors)\s+/i;
const irregularVerbs: Record<string, string> = { have: 'has', do: 'does', are: 'is', were: 'was' };

function thirdPerson(verb: string): string {
  const lower = verb.toLowerCase();
  if (irregularVerbs[lower]) return irregularVerbs[lower];
  if (/(?:s|sh|ch|x|z|o)$/.test(lower)) return `${verb}es`;
  if (/[^aeiou]y$/.test(lower)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

/**
 * Makes the summary read on from its frame: "本文提出了…" -> "提出了…", "This paper proposes …" ->
 * "Proposes …", "We introduce …" -> "Introduces …". Later sentences keep their subjects.
 */
export function joinToFrame(text: string, language: Language): Repaired {
  if (language === 'zh') {
    const stripped = text.replace(zhSubject, '');
    if (stripped !== text && stripped.length > 0 && !/^[，。,.]/.test(stripped))
      return { text: stripped, notes: ['the opening subject was dropped (the frame names the paper)'] };
    return { text, notes: [] };
  }
  const match = enSubject.exec(text);
  if (!match) return { text, notes: [] };
  let rest = text.slice(match[0].length);
  const verb = /^([a-z]+)\b/.exec(rest)?.[1];
  if (!verb) return { text, notes: [] };
  // "We propose" -> "Proposes"; "This paper proposes" keeps its verb form.
  if (/^(?:we|the authors|authors)\s+$/i.test(match[0].replace(/^In this \w+,?\s+/i, '')))
    rest = thirdPerson(verb) + rest.slice(verb.length);
  return {
    text: rest.charAt(0).toUpperCase() + rest.slice(1),
    notes: ['the opening subject was dropped (the frame names the paper)'],
  };
}

/** At most `most` sentences, keeping the one with the key phrase. */
export function trimSentences(text: string, keyPhrase: string, most = 4): Repaired {
  const parts = sentences(text);
  if (parts.length <= most) return { text, notes: [] };
  const keyAt = parts.findIndex((part) => part.includes(keyPhrase));
  const kept = keyAt >= most ? [...parts.slice(0, most - 1), parts[keyAt] as string] : parts.slice(0, most);
  return {
    text: joinSentences(kept),
    notes: [`the summary had ${parts.length} sentences; kept ${most}`],
  };
}

const comparable = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s"'“”‘’「」『』`*.,;:!?。，；：！？、()（）-]/g, '');

function bigrams(text: string): Set<string> {
  const grams = new Set<string>();
  for (let index = 0; index + 2 <= text.length; index++) grams.add(text.slice(index, index + 2));
  return grams;
}

/** Clauses of the text (between ，。；,; marks), never cutting a formula. */
function clauses(text: string): { start: number; end: number }[] {
  const spans = mathSpans(text);
  const result: { start: number; end: number }[] = [];
  let start = 0;
  for (const match of text.matchAll(/[，。；;！？]|[,.!?](?=\s)/g)) {
    if (spans.some((span) => match.index > span.start && match.index < span.end)) continue;
    result.push({ start, end: match.index });
    start = match.index + match[0].length;
  }
  result.push({ start, end: text.length });
  return result
    .map(({ start: from, end }) => {
      const piece = text.slice(from, end);
      const lead = piece.length - piece.trimStart().length;
      return { start: from + lead, end: from + piece.trimEnd().length };
    })
    .filter((clause) => clause.end - clause.start >= 2);
}

/**
 * The key phrase as the summary spells it: verbatim, or the same words with other spacing, case or
 * punctuation, or else the clause of the summary closest to what the model named.
 */
export function keyPhraseIn(text: string, phrase: string): Repaired & { phrase: string } {
  if (phrase.length > 0 && text.includes(phrase) && phrase.length <= text.length * 0.8)
    return { text, phrase, notes: [] };
  const target = comparable(phrase);
  if (target.length > 0 && phrase.length <= text.length * 0.8) {
    // Map every comparable character back to its offset in the text.
    const offsets: number[] = [];
    let flat = '';
    for (let index = 0; index < text.length; index++) {
      const piece = comparable(text[index] as string);
      for (const char of piece) {
        flat += char;
        offsets.push(index);
      }
    }
    const at = flat.indexOf(target);
    if (at >= 0) {
      const start = offsets[at] as number;
      const end = (offsets[at + target.length - 1] as number) + 1;
      return { text, phrase: text.slice(start, end), notes: [] };
    }
  }
  const wanted = bigrams(target);
  let best: { start: number; end: number; score: number } | null = null;
  for (const clause of clauses(text)) {
    if (clause.end - clause.start > text.length * 0.8) continue;
    const grams = bigrams(comparable(text.slice(clause.start, clause.end)));
    let shared = 0;
    for (const gram of grams) if (wanted.has(gram)) shared += 1;
    const score = shared / Math.max(1, wanted.size + grams.size - shared);
    if (!best || score > best.score) best = { ...clause, score };
  }
  // No clause is short enough (one long sentence): the opening third, cut at a word or mark.
  const opening = text.slice(0, Math.max(2, Math.floor(text.length / 3))).replace(/[\s,，、：:]+\S*$/, '');
  // Hardly any shared letters: the first clause, where summaries state the contribution.
  if (best && best.score < 0.2)
    best = {
      ...(clauses(text).find((clause) => clause.end - clause.start <= text.length * 0.8) ?? best),
      score: best.score,
    };
  const chosen = best ? text.slice(best.start, best.end) : opening;
  return {
    text,
    phrase: chosen,
    notes: [`key_innovation "${phrase.slice(0, 60)}" is not in the summary; bolded "${chosen.slice(0, 60)}"`],
  };
}
