import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { boldFirst, escapeMarkdown, oneLine, strong, unescapeMarkdown } from '../src/render/escape.ts';
import { escapeHtml } from './helpers/post-parts.ts';
import { hostileTitles, loadSeedPapers } from './helpers/sample-digest.ts';

// The strict CommonMark preset and the default one (GFM tables, strikethrough, linkify on).
const commonmark = new MarkdownIt('commonmark', { html: false });
const renderers = [commonmark, new MarkdownIt({ html: false, linkify: true })];

const hostile = [
  ...Object.values(hostileTitles),
  '# Heading?',
  '1. looks like a list',
  '2) also a list',
  '- dash item',
  '+ plus item',
  '> quote',
  '=== setext',
  '---',
  '***',
  '    indented code',
  '`code` and ``double``',
  '<script>alert(1)</script>',
  '<https://example.com> autolink',
  '![image](https://example.com/x.png)',
  '[ref]: https://example.com',
  '[^footnote] and [link][ref]',
  '| a | b |',
  '~~strike~~ and ~single~',
  '&amp; &#60; &#x3C; &copy; Q&A',
  'back\\slash \\* \\',
  '{{< shortcode >}} {{% other %}}',
  '**bold** __bold__ *em* _em_ snake_case_name',
  '\u0000null\u0007bell\u202eoverride',
  'line one\nline two\r\n\tline three',
  'a\\\nhard break',
  'trailing spaces  \nnext',
  '$\\mu$P and 23.5% (12/34) e.g. Video-R4',
];

// Deterministic fuzz: strings drawn from Markdown's special characters (fixed-seed LCG).
function fuzzStrings(count: number, seed: number): string[] {
  const alphabet = [
    '\\',
    '`',
    '*',
    '_',
    '[',
    ']',
    '(',
    ')',
    '<',
    '>',
    '#',
    '+',
    '-',
    '.',
    '!',
    '|',
    '~',
    '&',
    '{',
    '}',
    ':',
    '=',
    '"',
    "'",
    '1',
    'a',
    ' ',
    '\n',
    'amp;',
    'x',
    '中',
  ];
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + (next() % 24) }, () => alphabet[next() % alphabet.length]).join(''),
  );
}

const corpus = [...hostile, ...fuzzStrings(2000, 20251128), ...loadSeedPapers().map((paper) => paper.title)];

describe('escapeMarkdown', () => {
  test('every string renders back as exactly its own text, as a paragraph and as a list item', () => {
    for (const markdown of renderers) {
      for (const input of corpus) {
        const expected = oneLine(input);
        if (expected.length === 0) continue;
        const escaped = escapeMarkdown(input);
        assert.ok(!escaped.includes('\n'), 'one line');
        const linkified = markdown.options.linkify;
        // linkify may turn example.com into a link; compare the text only then.
        const strip = (html: string) => (linkified ? html.replace(/<a href="[^"]*">|<\/a>/g, '') : html);
        assert.equal(
          strip(markdown.render(escaped)),
          `<p>${escapeHtml(expected)}</p>\n`,
          JSON.stringify(input),
        );
        assert.equal(
          strip(markdown.render(`1. ${escaped}`)),
          `<ol>\n<li>${escapeHtml(expected)}</li>\n</ol>\n`,
        );
        assert.equal(
          strip(markdown.renderInline(`[${escaped}](https://arxiv.org/abs/2511.21691v1)`)),
          linkified
            ? escapeHtml(expected)
            : `<a href="https://arxiv.org/abs/2511.21691v1">${escapeHtml(expected)}</a>`,
        );
      }
    }
  });

  test('leaves ordinary text readable: no escapes in the seed titles but for real specials', () => {
    const titles = loadSeedPapers().map((paper) => paper.title);
    const changed = titles.filter((title) => escapeMarkdown(title) !== title);
    assert.deepEqual(changed, []);
    assert.equal(escapeMarkdown('23.5% (12/34) of Video-R4'), '23.5% (12/34) of Video-R4');
    assert.equal(escapeMarkdown('<img src=x onerror=alert(1)>'), '\\<img src=x onerror=alert(1)\\>');
    assert.equal(escapeMarkdown('# x'), '\\# x');
    assert.equal(escapeMarkdown('12. x'), '12\\. x');
    assert.equal(escapeMarkdown('--- x'), '\\--- x');
    assert.equal(escapeMarkdown('-based'), '-based');
    assert.equal(escapeMarkdown('Q&A &amp;'), 'Q&A \\&amp;');
  });

  test('unescapeMarkdown inverts it', () => {
    for (const input of corpus) assert.equal(unescapeMarkdown(escapeMarkdown(input)), oneLine(input));
  });
});

describe('boldFirst', () => {
  test('bolds the first occurrence only and keeps the rest as text', () => {
    const markdown = commonmark;
    const html = markdown.renderInline(boldFirst('a CHMR b CHMR c', 'CHMR'));
    assert.equal(html, 'a <strong>CHMR</strong> b CHMR c');
  });

  test('punctuation at the phrase ends stays outside the bold, so CommonMark still sees it', () => {
    const markdown = commonmark;
    assert.equal(
      boldFirst('we propose "Thinking with Images", a way', '"Thinking with Images",'),
      'we propose "**Thinking with Images**", a way',
    );
    assert.equal(
      markdown.renderInline(boldFirst('提出了“统一画布”方法', '“统一画布”')),
      '提出了“<strong>统一画布</strong>”方法',
    );
    assert.equal(
      markdown.renderInline(boldFirst('a <b>*x*</b> z', '<b>*x*</b>')),
      'a &lt;<strong>b&gt;*x*&lt;/b</strong>&gt; z',
    );
  });

  test('renders one <strong> holding the phrase for hostile texts and phrases', () => {
    const markdown = commonmark;
    for (const input of corpus.slice(0, 400)) {
      const line = oneLine(input);
      const words = line.split(' ');
      const phrase = words.slice(Math.floor(words.length / 2)).join(' ');
      const core = phrase.replace(/^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu, '');
      const html = markdown.renderInline(boldFirst(input, phrase));
      if (core.length === 0) {
        assert.ok(!html.includes('<strong>'));
        continue;
      }
      assert.equal(html.match(/<strong>/g)?.length, 1, JSON.stringify(input));
      assert.equal(html.replace(/<\/?strong>/g, ''), escapeHtml(line), JSON.stringify(input));
      assert.ok(html.includes(`<strong>${escapeHtml(core)}</strong>`), JSON.stringify(input));
    }
  });

  test('a phrase that is not in the text gives the escaped text without bold', () => {
    assert.equal(boldFirst('plain *text*', 'missing'), 'plain \\*text\\*');
    assert.equal(boldFirst('plain text', ''), 'plain text');
  });

  test('strong() bolds a whole label', () => {
    assert.equal(strong('「多模态」'), '「**多模态**」');
    assert.equal(strong('Safety, robustness'), '**Safety, robustness**');
  });
});
