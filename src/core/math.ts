/**
 * TeX math in arXiv titles and abstracts ($…$, $$…$$, \(…\), \[…\]) is content, not noise: text
 * code must never cut inside it, strip it or read its pieces as prose. This is the one place that
 * finds math; sentence splitting, LaTeX cleanup, number reading and rendering all ask it.
 */

export interface MathSpan {
  /** Offset of the opening delimiter in the text. */
  start: number;
  /** Offset just past the closing delimiter. */
  end: number;
  /** The TeX between the delimiters, as written. */
  tex: string;
  /** $$…$$ and \[…\] are display math; $…$ and \(…\) are inline. */
  display: boolean;
}

const closers: Record<string, string> = { $$: '$$', $: '$', '\\(': '\\)', '\\[': '\\]' };

/** An opening delimiter at `index`, or null. "\$" is an escaped dollar, not math. */
function openerAt(text: string, index: number, dollarsOnly: boolean): string | null {
  if (!dollarsOnly && text.startsWith('\\(', index)) return '\\(';
  if (!dollarsOnly && text.startsWith('\\[', index)) return '\\[';
  if (text[index] !== '$' || isEscaped(text, index)) return null;
  return text[index + 1] === '$' ? '$$' : '$';
}

function isEscaped(text: string, index: number): boolean {
  let backslashes = 0;
  for (let cursor = index - 1; cursor >= 0 && text[cursor] === '\\'; cursor--) backslashes++;
  return backslashes % 2 === 1;
}

function closerFrom(text: string, closer: string, from: number): number {
  for (let index = text.indexOf(closer, from); index >= 0; index = text.indexOf(closer, index + 1)) {
    if (closer.startsWith('$') && isEscaped(text, index)) continue;
    // "$$" must not close a "$" span early: "$a$$b$" is two inline spans.
    return index;
  }
  return -1;
}

export interface MathOptions {
  /**
   * Only $…$ and $$…$$ are math: in Markdown "\[" and "\(" are escaped brackets and parentheses,
   * and our Markdown writes every formula with dollars (dollarForm).
   */
  dollarsOnly?: boolean;
}

/**
 * Every math span of `text`, in order, non-overlapping. An opener without a closer is not math
 * ("costs $5 and more"), and neither is an inline "$…$" that runs over a blank line.
 */
export function mathSpans(text: string, options: MathOptions = {}): MathSpan[] {
  const spans: MathSpan[] = [];
  let index = 0;
  while (index < text.length) {
    const opener = openerAt(text, index, options.dollarsOnly === true);
    if (!opener) {
      index += text[index] === '\\' ? 2 : 1;
      continue;
    }
    const closer = closers[opener] as string;
    const close = closerFrom(text, closer, index + opener.length);
    const tex = close < 0 ? '' : text.slice(index + opener.length, close);
    if (close < 0 || tex.trim() === '' || (opener === '$' && /\n\s*\n/.test(tex))) {
      index += opener.length;
      continue;
    }
    spans.push({
      start: index,
      end: close + closer.length,
      tex,
      display: opener === '$$' || opener === '\\[',
    });
    index = close + closer.length;
  }
  return spans;
}

/** True when `offset` lies strictly inside a span (a cut there would split a formula). */
export function insideMath(spans: readonly MathSpan[], offset: number): boolean {
  return spans.some((span) => offset > span.start && offset < span.end);
}

export function hasMath(text: string): boolean {
  return mathSpans(text).length > 0;
}

/**
 * Replaces each math span by a placeholder that no text rule touches (private-use characters
 * around its index), so prose code can work on the rest; `restore` puts the spans back verbatim.
 */
export function maskMath(
  text: string,
  options: MathOptions = {},
): { masked: string; restore: (value: string) => string } {
  const spans = mathSpans(text, options);
  if (spans.length === 0) return { masked: text, restore: (value) => value };
  let masked = '';
  let last = 0;
  spans.forEach((span, position) => {
    masked += `${text.slice(last, span.start)}\uE000${position}\uE001`;
    last = span.end;
  });
  masked += text.slice(last);
  const originals = spans.map((span) => text.slice(span.start, span.end));
  return {
    masked,
    restore: (value) =>
      value.replace(/\uE000(\d+)\uE001/g, (_match, position: string) => originals[Number(position)] ?? ''),
  };
}

/** A piece of text: prose, or one formula (its TeX and whether it is display math). */
export type TextPiece =
  | { math: false; text: string }
  | { math: true; text: string; tex: string; display: boolean };

/** `text` cut into prose and formulas, in order; joining the pieces' `text` gives `text` back. */
export function splitMath(text: string, options: MathOptions = {}): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const span of mathSpans(text, options)) {
    if (span.start > last) pieces.push({ math: false, text: text.slice(last, span.start) });
    pieces.push({ math: true, text: text.slice(span.start, span.end), tex: span.tex, display: span.display });
    last = span.end;
  }
  if (last < text.length) pieces.push({ math: false, text: text.slice(last) });
  return pieces;
}

/**
 * The one written form of a formula in our text and Markdown: `$tex$` inline, `$$tex$$` display
 * (Hugo's passthrough and remark-math both read these; `\(…\)` would be a Markdown escape).
 * Whitespace runs become one space, so a formula wrapped across lines stays one inline span.
 */
export function dollarForm(tex: string, display: boolean): string {
  const fence = display ? '$$' : '$';
  let body = tex.replace(/\s+/g, ' ').trim();
  // "$d\rightarrow\ $": the trailing "\ " is a TeX space; without its blank the closer is escaped.
  if (isEscaped(body, body.length)) body += ' ';
  return `${fence}${body}${fence}`;
}
