import { maskMath } from '../core/math.ts';
import { isStopword } from '../core/text.ts';

/**
 * The key clause the renderer bolds: a short phrase (at most ~12 words) cut from a sentence at a
 * natural boundary, always a verbatim substring of its source.
 */

export const maxKeyPhraseWords = 12;
const minPreferredWords = 4;

// A phrase may end right before one of these words (the clause or modifier that follows is dropped).
const boundaryWords: ReadonlySet<string> = new Set([
  'that',
  'which',
  'who',
  'whose',
  'where',
  'to',
  'for',
  'by',
  'with',
  'into',
  'in',
  'on',
  'from',
  'via',
  'through',
  'using',
  'while',
  'across',
  'under',
  'over',
  'without',
  'as',
  'when',
  'at',
  'towards',
  'toward',
  'than',
  'so',
]);

// Where the contribution's object clearly ends: a colon/semicolon, a parenthesis, a dash, or a
// trailing participle/relative clause after a comma ("..., enabling users to ...").
const hardBoundary =
  /;|:\s|\s\(|\s[—–]\s|\s--\s|,\s(?:which|where|while|whereby|thereby|thus|and thus|so that)\b|,\s[a-z]+ing\b/;

// Discourse openers and leading adverbials that are not the content of a sentence.
const leadIn =
  /^(?:(?:in this (?:paper|work|study)|here|however|specifically|moreover|furthermore|finally|in addition|additionally|to this end|overall|(?:with|in|for|by|through|inspired by|building on|given|despite|although|while|as|since|unlike|beyond|after|to|from|based on|motivated by|following)\b[^,]{1,80}),\s+)/i;

const relativePronoun: ReadonlySet<string> = new Set(['that', 'which', 'who', 'whose', 'where']);

interface Token {
  word: string;
  start: number;
  end: number;
}

function tokenize(text: string): Token[] {
  return [...text.matchAll(/\S+/g)].map((match) => ({
    word: match[0],
    start: match.index,
    end: match.index + match[0].length,
  }));
}

const bare = (word: string) => word.toLowerCase().replace(/^[("'“‘]+|[)"'”’,.;:!?]+$/g, '');

/**
 * Cuts a key phrase from `source` (the object of a cue like "we propose ...", or a whole sentence
 * when `stripLeadIn`). Returns '' when nothing usable is left.
 */
export function keyPhrase(source: string, stripLeadIn = false): string {
  // A formula is one opaque word here, so no cut falls inside it ("$O(n \log n)$ time").
  const { masked, restore } = maskMath(source);
  return restore(cutKeyPhrase(masked, stripLeadIn));
}

function cutKeyPhrase(source: string, stripLeadIn: boolean): string {
  let text = source;
  if (stripLeadIn) text = text.replace(leadIn, '');
  text = text
    .slice(0, hardBoundaryIndex(text))
    .replace(/^(?:a|an|the)\s+/i, '')
    .replace(/[\s,.;:!?]+$/, '');
  const tokens = tokenize(text);
  if (tokens.length === 0) return '';
  const prefix = (length: number) => text.slice(0, (tokens[length - 1] as Token).end).replace(/[,;:]+$/, '');
  // A relative clause ("..., a unified framework that consolidates ...") is the first thing to drop.
  for (let length = 2; length < tokens.length && length <= maxKeyPhraseWords; length++) {
    if (relativePronoun.has(bare((tokens[length] as Token).word)) && balanced(prefix(length)))
      return prefix(length);
  }
  if (tokens.length <= maxKeyPhraseWords) return text;
  const cutsBefore = (length: number) => {
    const last = bare((tokens[length - 1] as Token).word);
    const next = bare((tokens[length] as Token).word);
    return boundaryWords.has(next) && !isStopword(last, false) && balanced(prefix(length));
  };
  // Prefer the first modifier boundary after a few words ("SARVLM-1M, a large-scale vision-language
  // dataset | with over one million ..."), unless the phrase would end on a participle ("paired").
  for (let length = minPreferredWords; length <= maxKeyPhraseWords; length++) {
    if (cutsBefore(length) && !/(?:ed|ing)$/.test(bare((tokens[length - 1] as Token).word)))
      return prefix(length);
  }
  for (let length = maxKeyPhraseWords; length >= 2; length--) {
    const last = bare((tokens[length - 1] as Token).word);
    const next = bare((tokens[length] as Token).word);
    if (boundaryWords.has(next) && !isStopword(last, false) && balanced(prefix(length)))
      return prefix(length);
  }
  let end = maxKeyPhraseWords;
  while (end > 1 && isStopword(bare((tokens[end - 1] as Token).word), false)) end -= 1;
  return prefix(end);
}

/**
 * Where the phrase must end at the latest. A parenthesis right after a short name is kept
 * ("CHMR (Cell-aware ...), a robust framework"); elsewhere it ends the phrase.
 */
function hardBoundaryIndex(text: string): number {
  const pattern = new RegExp(hardBoundary.source, 'g');
  for (const match of text.matchAll(pattern)) {
    if (match.index === 0) continue;
    const isParenthesis = match[0] === ' (';
    if (isParenthesis && text.slice(0, match.index).split(/\s+/).length < 3) continue;
    return match.index;
  }
  return text.length;
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const character of text) {
    if (character === '(') depth += 1;
    else if (character === ')') depth -= 1;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/** The main phrase of a title: the name before a colon ("UniGame: ..." -> "UniGame"), else a short cut. */
export function titlePhrase(title: string): string {
  const { masked, restore } = maskMath(title);
  const colon = masked.indexOf(': ');
  if (colon > 0) {
    const head = masked.slice(0, colon).trim();
    if (head.split(/\s+/).length <= 8) return restore(head);
  }
  return keyPhrase(title) || title;
}
