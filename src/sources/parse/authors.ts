import { texToUnicode } from './tex.ts';

const suffixOnly = /^(?:jr|sr|ii|iii|iv)\.?$/i;

/**
 * Splits an arXiv author string ("A. One, B. Two and C. Three (MIT)") into names, in order.
 * Used where arXiv gives authors as one string: arXivRaw, and Kaggle records without authors_parsed.
 * Parenthesised affiliations are dropped; commas and the word "and" separate names, except inside
 * TeX braces or parentheses; a lone "Jr." joins the name before it.
 */
export function splitAuthorList(text: string): string[] {
  const names: string[] = [];
  let current = '';
  let braceDepth = 0;
  let parenthesisDepth = 0;
  const flush = () => {
    const name = current.replace(/\s+/g, ' ').trim();
    current = '';
    if (!name) return;
    const previous = names.length - 1;
    if (suffixOnly.test(name) && previous >= 0) names[previous] = `${names[previous]} ${name}`;
    else names.push(name);
  };
  const flat = text.replace(/\s+/g, ' ');
  for (let index = 0; index < flat.length; index += 1) {
    const character = flat[index] as string;
    if (character === '{') braceDepth += 1;
    else if (character === '}') braceDepth = Math.max(0, braceDepth - 1);
    if (braceDepth === 0 && character === '(') {
      parenthesisDepth += 1;
      continue;
    }
    if (braceDepth === 0 && character === ')' && parenthesisDepth > 0) {
      parenthesisDepth -= 1;
      continue;
    }
    if (parenthesisDepth > 0) continue;
    if (braceDepth === 0 && character === ',') {
      flush();
      continue;
    }
    if (braceDepth === 0 && character === ' ' && flat.startsWith(' and ', index)) {
      flush();
      index += 4;
      continue;
    }
    current += character;
  }
  flush();
  return names.map(texToUnicode);
}

/** "Sander" + "Uijlen" (+ "Jr") -> "Sander Uijlen Jr"; a keyname alone for collaborations. */
export function personName(forenames: string | null, keyname: string | null, suffix: string | null): string {
  return texToUnicode(
    [forenames, keyname, suffix]
      .map((part) => part?.trim() ?? '')
      .filter((part) => part.length > 0)
      .join(' '),
  );
}
