import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { dollarForm, mathSpans } from '../src/core/math.ts';
import { boldFirst, escapeMarkdown, strong } from '../src/render/escape.ts';
import { renderTopicFeeds } from '../src/render/feeds.ts';
import { texHtml, textWithMathHtml, useMath } from '../src/render/math-html.ts';
import { extractiveSummary, mathSafeSentences } from '../src/summarize/extractive.ts';
import { keyPhrase } from '../src/summarize/key-phrase.ts';
import { stripLatex } from '../src/summarize/latex.ts';
import { loadArxivDays } from './helpers/arxiv-data.ts';
import { sampleDigest } from './helpers/sample-digest.ts';

/**
 * Math in the text path, on the real abstracts of arxiv-days that carry TeX: LaTeX cleanup keeps
 * every formula, sentences and key phrases never cut one, the Markdown writes them verbatim, HTML
 * typesets them, feeds carry their source.
 */

const withMath = loadArxivDays().filter(
  (paper) => mathSpans(`${paper.title}\n${paper.abstract ?? ''}`).length > 0,
);
const formulasOf = (text: string): string[] =>
  mathSpans(text).map((span) => dollarForm(span.tex, span.display));
/** The text outside formulas. */
const prose = (text: string): string => {
  let result = '';
  let last = 0;
  for (const span of mathSpans(text)) {
    result += `${text.slice(last, span.start)} `;
    last = span.end;
  }
  return result + text.slice(last);
};

describe('stripLatex and the extractive engine on real abstracts with TeX', () => {
  test('there are hundreds of them (the tests below are not vacuous)', () => {
    assert.ok(withMath.length >= 600, `${withMath.length} papers with math`);
  });

  test('stripLatex keeps every formula, in order, and leaves no TeX command in the prose', () => {
    for (const paper of withMath) {
      const abstract = paper.abstract ?? '';
      const stripped = stripLatex(abstract);
      assert.deepEqual(formulasOf(stripped), formulasOf(abstract), paper.id);
      assert.doesNotMatch(prose(stripped), /\\[a-zA-Z]+/, `${paper.id}: ${prose(stripped)}`);
    }
  });

  test('sentences never cut a formula: together they hold every formula of the abstract', () => {
    for (const paper of withMath) {
      const abstract = stripLatex(paper.abstract ?? '').replace(/\s*\n\s*/g, ' ');
      const pieces = mathSafeSentences(abstract);
      assert.deepEqual(pieces.flatMap(formulasOf), formulasOf(abstract), paper.id);
    }
  });

  test('summaries and key phrases hold whole formulas of their abstract only', () => {
    let formulas = 0;
    for (const paper of withMath) {
      for (const language of ['zh', 'en'] as const) {
        const summary = extractiveSummary(paper, language);
        const allowed = new Set(formulasOf(stripLatex(paper.abstract ?? '')));
        for (const formula of formulasOf(summary.text)) {
          assert.ok(allowed.has(formula), `${paper.id}: ${formula}`);
          formulas += 1;
        }
        assert.ok(summary.text.includes(summary.keyInnovation), `${paper.id}: key phrase in the text`);
        // An odd number of unescaped dollars would mean a formula cut in two.
        const dollars = summary.keyInnovation.match(/(?<!\\)\$/g)?.length ?? 0;
        assert.equal(dollars % 2, 0, `${paper.id}: ${summary.keyInnovation}`);
      }
    }
    assert.ok(formulas > 500, `${formulas} formulas in summaries`);
  });

  test('a key phrase ends before or after a formula, never inside it', () => {
    assert.equal(
      keyPhrase('an algorithm with $O(n \\log n + k)$ time and space for sparse inputs that we analyse'),
      'algorithm with $O(n \\log n + k)$ time and space for sparse inputs',
    );
    assert.equal(
      stripLatex('with \\textbf{error} $\\varepsilon = 10^{-3}$.'),
      'with error $\\varepsilon = 10^{-3}$.',
    );
    // "\ " before the closing dollar is a TeX space; the written formula keeps it.
    assert.equal(stripLatex('3$d\\rightarrow\\ $2$p$'), '3$d\\rightarrow\\ $2$p$');
    assert.equal(stripLatex('cost \\(x^2\\) and \\[y\\]'), 'cost $x^2$ and $$y$$');
    // The formulas issue 10 saw mangled ("n =O( (d^3kε^2, d^2ε^2 ) )", "^2(n)") stay whole.
    const bound =
      '$n = O\\left(\\max\\left(\\frac{d^3}{\\sqrt{k}\\varepsilon^2}, \\frac{d^2}{\\varepsilon^2}\\right)\\right)$';
    assert.equal(
      stripLatex(`We show that ${bound} samples suffice.`),
      `We show that ${bound} samples suffice.`,
    );
    assert.equal(stripLatex('in $\\log^2(n)$ rounds'), 'in $\\log^2(n)$ rounds');
  });
});

describe('Markdown, HTML and feeds', () => {
  test('Markdown writes formulas verbatim and escapes dollars and markup of the prose', () => {
    assert.equal(
      escapeMarkdown('with $a_1 * b_{2}$ and *bold* at \\$5 or $5'),
      'with $a_1 * b_{2}$ and \\*bold\\* at \\$5 or \\$5',
    );
    assert.equal(escapeMarkdown('$k$-means [1]'), '$k$-means \\[1\\]');
    assert.equal(
      boldFirst('We get $O(\\log n)$ rounds.', '$O(\\log n)$ rounds'),
      'We get **$O(\\log n)$ rounds**.',
    );
    assert.equal(strong('$k$-designs'), '**$k$-designs**');
  });

  test('HTML typesets formulas with KaTeX; bad TeX shows as its source; a dollar stays a dollar', () => {
    const markdown = new MarkdownIt({ html: false });
    useMath(markdown);
    const html = markdown.renderInline(
      escapeMarkdown('rate $\\frac{1}{2}$ for \\$5, $\\badcommand{x}$ and $x^{$'),
    );
    assert.equal(html.match(/class="katex"/g)?.length, 2, 'two typeset formulas');
    assert.match(html, /#cc0000;">\\badcommand</, 'an unknown command shows as its source');
    assert.match(
      html,
      /class="katex-error"[^>]*>x\^\{<\/span>/,
      'TeX that does not parse shows as its source',
    );
    assert.ok(html.includes('for $5, '));
    assert.match(texHtml('x^2', true), /class="katex-display"/);
    const title = textWithMathHtml('Unitary $k$-designs <b>');
    assert.ok(title.startsWith('Unitary <span class="katex">') && title.endsWith('-designs &lt;b&gt;'));
  });

  test('feeds carry the TeX source as text', () => {
    const digest = sampleDigest('en');
    const first = digest.papers[0];
    assert.ok(first);
    first.paper.title = 'Unitary $k$-designs in $O(\\log^2 n)$ depth';
    const feeds = renderTopicFeeds([{ digest, url: 'https://example.org/posts/x.html' }], {
      siteUrl: 'https://example.org/',
      topicUrl: 'https://example.org/topics/multimodal/',
      feedUrls: {
        atom: 'https://example.org/a.xml',
        rss: 'https://example.org/r.xml',
        json: 'https://example.org/f.json',
      },
    });
    for (const feed of [feeds.atom, feeds.rss, feeds.json]) {
      assert.ok(
        feed.includes(
          'Unitary $k$-designs in $O(\\log^2 n)$ depth'.replaceAll('\\', feed === feeds.json ? '\\\\' : '\\'),
        ),
      );
      assert.ok(!feed.includes('katex'));
    }
  });
});
