import katex from 'katex';
import type MarkdownIt from 'markdown-it';

type Markdown = InstanceType<typeof MarkdownIt>;
type InlineRule = Parameters<Markdown['inline']['ruler']['before']>[2];

import type { Digest } from '../core/digest.ts';
import { hasMath, splitMath } from '../core/math.ts';

/**
 * Formulas in HTML: typeset on the server with KaTeX, so a page needs its stylesheet and fonts
 * (shipped beside it, see `katexAssets`) and no script. Bad TeX never fails a build
 * (`throwOnError: false`): KaTeX shows it as source, marked as an error.
 */

/** Where the KaTeX stylesheet sits, relative to the site root or to a standalone page. */
export const katexStylesheetPath = 'katex/katex.min.css';

export function texHtml(tex: string, display: boolean): string {
  return katex.renderToString(tex, {
    displayMode: display,
    throwOnError: false,
    // Abstracts use TeX that KaTeX tolerates with a warning (unicode text in math); no console noise.
    strict: 'ignore',
    // \href, \url, \htmlClass... stay inert: an abstract must not add links or attributes to the page.
    trust: false,
    maxExpand: 1000,
    output: 'htmlAndMathml',
  });
}

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEscapes[character] as string);
}

/** Plain text (a title) as HTML: prose escaped, formulas typeset; "\$" in prose is a dollar. */
export function textWithMathHtml(text: string): string {
  return splitMath(text)
    .map((piece) =>
      piece.math ? texHtml(piece.tex, piece.display) : escapeHtml(piece.text.replace(/\\\$/g, '$')),
    )
    .join('');
}

/** The closing delimiter of a formula opened at `start`, or -1; "\$" inside TeX is not one. */
function closingDollar(source: string, from: number, fence: string): number {
  for (let index = source.indexOf(fence, from); index >= 0; index = source.indexOf(fence, index + 1)) {
    let backslashes = 0;
    for (let cursor = index - 1; source[cursor] === '\\'; cursor--) backslashes++;
    if (backslashes % 2 === 0) return index;
  }
  return -1;
}

/**
 * markdown-it inline rule for the formulas our Markdown writes (`$tex$`, `$$tex$$`, see escape.ts):
 * a dollar in prose is escaped there, so every unescaped dollar opens a formula. The TeX inside is
 * taken as is (no emphasis, no escapes), like Hugo's passthrough and remark-math read it.
 */
const mathInline: InlineRule = (state, silent) => {
  const { src, pos } = state;
  if (src[pos] !== '$') return false;
  const fence = src.startsWith('$$', pos) ? '$$' : '$';
  const close = closingDollar(src, pos + fence.length, fence);
  if (close < 0 || src.slice(pos + fence.length, close).trim() === '') return false;
  if (!silent) {
    const token = state.push('math_inline', 'math', 0);
    token.content = src.slice(pos + fence.length, close);
    token.markup = fence;
  }
  state.pos = close + fence.length;
  return true;
};

/** Adds server-side math to a markdown-it instance. */
export function useMath(markdown: Markdown): void {
  markdown.inline.ruler.before('escape', 'math_inline', mathInline);
  markdown.renderer.rules.math_inline = (tokens, index) => {
    const token = tokens[index];
    return token ? texHtml(token.content, token.markup === '$$') : '';
  };
}

/** True when a digest's page shows a formula (titles or summaries), so it needs the KaTeX assets. */
export function digestHasMath(digest: Digest): boolean {
  return digest.papers.some((entry) => hasMath(entry.paper.title) || hasMath(entry.summary.text));
}
