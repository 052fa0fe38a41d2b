/**
 * Escaping of untrusted text (titles, author names, abstract and model sentences) for the Markdown
 * post, so that it renders as the same text in markdown-it, Hugo (goldmark) and Astro (remark).
 *
 * What is escaped, and why only that:
 *  - always: \ ` * _ [ ] < > { } | ~ — emphasis, code, links, images, footnotes, raw HTML, autolinks,
 *    Hugo shortcodes ({{< >}}, {{% %}}), attributes, tables and strikethrough all need one of them;
 *  - `&` only where it would start a character reference (`&amp;`, `&#60;`);
 *  - # + - = : and "1." / "1)" only at the start of the text and only where they would open a
 *    heading, list, setext underline, thematic break or definition.
 *  ( ) ! . - elsewhere stay as they are: without an unescaped `[`/`]` no link or image can form, and
 *  the source stays readable ("Video-R4", "(12/34)", "23.5%") for people and for `check`, which
 *  reads the figures back. Typographic substitutions a site enables (smart quotes, dashes) are left
 *  to the site.
 * Line breaks and other whitespace collapse to single spaces; control characters are dropped.
 *
 * Formulas (core/math.ts) are not text to escape: they are written verbatim in their dollar form
 * (`$\frac{a}{b}$`), which Hugo's passthrough extension and Astro's remark-math hand to the math
 * renderer untouched; escaping inside them would change the TeX. A dollar in prose is escaped
 * (`\$`), so only our formulas open math.
 */

import { dollarForm, mathSpans, splitMath } from '../core/math.ts';

const alwaysEscaped = /[\\`*_[\]<>{}|~$]/g;
const characterReference = /&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)/g;
// A heading, list item, setext underline, thematic break or definition opens only when a space, the
// end, or (for - and =) the same character follows; "23.5%" or "-based" open nothing.
const blockStart = /^(?:#{1,6}(?=\s|$)|[+:](?=\s|$)|-(?=[\s-]|$)|=(?=[\s=]|$)|\d{1,9}[.)](?=\s|$))/;
// C0/C1 controls except tab/newline/CR (those collapse as whitespace), and the bidi overrides.
// biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters is the point.
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// Punctuation or symbol at either end of a bold span keeps `**` from opening or closing (CommonMark
// flanking rules), so the bold span is shrunk to the letters inside (a formula at an end stays whole).
const edgeCharacter = /[\p{P}\p{S}\s]/u;

function trimEdgePunctuation(text: string): string {
  const spans = mathSpans(text);
  let start = 0;
  let end = text.length;
  while (
    start < end &&
    edgeCharacter.test(text[start] as string) &&
    !spans.some((span) => span.start === start)
  )
    start += 1;
  while (
    end > start &&
    edgeCharacter.test(text[end - 1] as string) &&
    !spans.some((span) => span.end === end)
  )
    end -= 1;
  return text.slice(start, end);
}

/** Text on one line: control characters dropped, whitespace runs (newlines too) as one space, trimmed. */
export function oneLine(text: string): string {
  return text.replace(controlCharacters, '').replace(/\s+/g, ' ').trim();
}

function escapeRun(text: string, atStart: boolean): string {
  return splitMath(text)
    .map((piece, index) =>
      piece.math ? dollarForm(piece.tex, piece.display) : escapeProse(piece.text, atStart && index === 0),
    )
    .join('');
}

function escapeProse(text: string, atStart: boolean): string {
  // "\$" is how our text writes a literal dollar (summarize/latex.ts); here it is one escaped "$".
  let escaped = text.replace(/\\\$/g, '$').replace(alwaysEscaped, '\\$&').replace(characterReference, '\\&');
  if (atStart) {
    const marker = blockStart.exec(escaped);
    if (marker) {
      // "12." -> "12\.", "## x" -> "\## x": the one character that opens the block.
      const at = /^\d/.test(marker[0]) ? marker[0].length - 1 : 0;
      escaped = `${escaped.slice(0, at)}\\${escaped.slice(at)}`;
    }
  }
  return escaped;
}

/** Escapes untrusted text for inline Markdown (see the module comment). Safe at the start of a line. */
export function escapeMarkdown(text: string): string {
  return escapeRun(oneLine(text), true);
}

/** Removes backslash escapes (the inverse of escapeMarkdown for text on one line). */
export function unescapeMarkdown(markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/**
 * Escapes `text` and puts `phrase` in bold at its first occurrence. Leading and trailing punctuation
 * of the phrase stays outside the `**` (CommonMark would not see the delimiters otherwise). When the
 * phrase is empty or not in the text, the text comes back escaped without bold.
 */
export function boldFirst(text: string, phrase: string): string {
  const line = oneLine(text);
  const core = trimEdgePunctuation(oneLine(phrase));
  const index = core.length > 0 ? line.indexOf(core) : -1;
  if (index < 0) return escapeRun(line, true);
  const before = line.slice(0, index);
  const after = line.slice(index + core.length);
  return `${escapeRun(before, true)}**${escapeRun(core, before.length === 0)}**${escapeRun(after, false)}`;
}

/** Bold around a whole label (a direction name), robust to punctuation at its ends. */
export function strong(text: string): string {
  const line = oneLine(text);
  const core = trimEdgePunctuation(line);
  return core.length > 0 ? boldFirst(line, core) : escapeMarkdown(line);
}
