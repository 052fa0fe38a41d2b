/**
 * arXiv author names are typed in TeX: "C. Bal\'azs", "J. Kr{\"o}ger", "P. Erd\H{o}s", "{\AA}berg".
 * Readers need "C. Balázs". This converts the common accent commands and special letters to
 * Unicode; anything else is left as typed (it is still readable, and guessing would be worse).
 */

/** Accent command -> Unicode combining mark; NFC then merges letter + mark into one character. */
const combiningMarks: Record<string, string> = {
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '"': '\u0308',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  u: '\u0306',
  v: '\u030C',
  H: '\u030B',
  c: '\u0327',
  k: '\u0328',
  r: '\u030A',
  d: '\u0323',
  b: '\u0331',
};

const specialLetters: Record<string, string> = {
  ss: 'ß',
  o: 'ø',
  O: 'Ø',
  aa: 'å',
  AA: 'Å',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  l: 'ł',
  L: 'Ł',
  i: 'ı',
  j: 'ȷ',
};

// \'a  \'{a}  \' a  \'{\i}  — symbol accents may touch their letter directly.
const symbolAccent = /\\(['`^"~=.])\s*(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))/g;
// \v{c}  \v c  \H{o}  — letter accents need braces or a space, else "\vc" would be a command name.
const letterAccent = /\\([uvHckrdb])(?:\s*\{\s*(\\[ij]|[A-Za-z])\s*\}|\s+([A-Za-z]))/g;
const specialLetter = /\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j)(?![A-Za-z])(?:\{\})?\s?/g;
// {á} or {\AA}berg after conversion: TeX grouping braces around one character carry no meaning here.
const singleCharacterGroup = /\{(\p{L}\p{M}*)\}/gu;

function accented(mark: string, base: string): string {
  const letter = base === '\\i' ? 'i' : base === '\\j' ? 'j' : base;
  return `${letter}${combiningMarks[mark] ?? ''}`;
}

export function texToUnicode(text: string): string {
  if (!text.includes('\\') && !text.includes('{')) return text;
  return text
    .replace(symbolAccent, (_whole, mark: string, braced?: string, bare?: string) =>
      accented(mark, braced ?? bare ?? ''),
    )
    .replace(letterAccent, (_whole, mark: string, braced?: string, bare?: string) =>
      accented(mark, braced ?? bare ?? ''),
    )
    .replace(specialLetter, (whole, name: string) => {
      const letter = specialLetters[name];
      if (!letter) return whole;
      // "\o " keeps the word going ("Bj\o rn" -> "Bjørn"); the space only ended the command.
      return letter;
    })
    .replace(singleCharacterGroup, '$1')
    .normalize('NFC');
}
