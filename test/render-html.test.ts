import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Digest, Language } from '../src/core/digest.ts';
import { renderChartsSvg } from '../src/render/charts.ts';
import { paperAnchor, renderHtmlPage } from '../src/render/html.ts';
import { labels } from '../src/render/labels.ts';
import { hostileTitles, sampleDigest } from './helpers/sample-digest.ts';

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** Every `<tag` name in the page outside the inline SVG and the stylesheet. */
function tagNames(html: string): Set<string> {
  const withoutSvg = html.replace(/<svg[\s\S]*?<\/svg>/g, '').replace(/<style>[\s\S]*?<\/style>/g, '');
  return new Set(
    [...withoutSvg.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)/g)].map((match) => (match[1] ?? '').toLowerCase()),
  );
}

for (const language of ['zh', 'en'] as Language[]) {
  describe(`renderHtmlPage (${language})`, async () => {
    const digest = sampleDigest(language, { hostileTitle: true });
    const charts = await renderChartsSvg(digest);
    const html = renderHtmlPage(digest, { charts, siteRoot: '../' });
    const text = labels(language);

    test('is a complete page in the post language with a strict CSP and no scripts or remote resources', () => {
      assert.ok(html.startsWith('<!doctype html>\n'));
      assert.ok(html.includes(`<html lang="${language === 'zh' ? 'zh-CN' : 'en'}">`));
      assert.ok(
        html.includes(
          `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:;`,
        ),
      );
      assert.ok(html.includes('<meta charset="utf-8">'));
      const tags = tagNames(html);
      for (const forbidden of ['script', 'img', 'iframe', 'object', 'embed', 'form', 'base']) {
        assert.ok(!tags.has(forbidden), `no <${forbidden}>`);
      }
      assert.ok(!/<link[^>]+rel="stylesheet"/.test(html), 'styles are inline');
      assert.ok(!/<[a-zA-Z][^>]*\son[a-z]+\s*=/.test(html), 'no event handler attributes');
      assert.ok(html.includes('prefers-color-scheme: dark'), 'dark mode');
      assert.ok(html.includes('"WenQuanYi Micro Hei"') && html.includes('"PingFang SC"'), 'CJK font stack');
      assert.equal(html.includes(`<title>${digest.title}</title>`), true);
    });

    test('lists every paper with its link, authors, categories and summary', () => {
      assert.equal(count(html, /<article class="paper" /g), digest.papers.length);
      for (const entry of digest.papers) {
        const { paper } = entry;
        const version = paper.version ? `v${paper.version}` : '';
        assert.ok(html.includes(`id="${paperAnchor(paper.id)}"`), `${paper.id} has an entry`);
        assert.ok(
          html.includes(`href="https://arxiv.org/abs/${paper.id}${version}"`),
          `${paper.id} links arXiv`,
        );
        const firstAuthor = paper.authors[0];
        if (firstAuthor) assert.ok(html.includes(firstAuthor.replace(/'/g, '&#39;')), `${paper.id} authors`);
        for (const category of paper.categories) assert.ok(html.includes(`<li>${category}</li>`));
      }
      // The key innovation is bold (the page and the Markdown post mark the same phrase).
      const withKey = digest.papers.find((entry) => entry.summary.keyInnovation.length > 0);
      assert.ok(withKey && html.includes('<strong>'), 'a bold key innovation');
    });

    test('states venues only from venue facts', () => {
      const venues = count(html, /<p class="venue">/g);
      assert.equal(venues, digest.papers.filter((entry) => entry.venue !== null).length);
      assert.ok(html.includes(language === 'zh' ? 'AAAI 2026' : 'Accepted at AAAI 2026 (Oral).'));
      assert.ok(!html.includes('INFOCOM'), 'never the invented venue of the example post');
    });

    test('has a table of contents whose anchors all exist', () => {
      const targets = [...html.matchAll(/href="#([^"]+)"/g)].map((match) => match[1] ?? '');
      assert.ok(targets.length >= digest.papers.length + digest.directions.length + 3);
      for (const target of new Set(targets)) assert.ok(html.includes(`id="${target}"`), `#${target} exists`);
      for (const heading of [text.papersHeading, text.directionsHeading, text.trendsHeading]) {
        assert.ok(html.includes(`<a href="#`) && html.includes(`>${heading}</a>`), `TOC entry ${heading}`);
      }
      for (const direction of digest.directions) assert.ok(html.includes(`>${direction.name}</a>`));
    });

    test('has the trends with both charts inline as SVG', () => {
      for (const statement of digest.trends.statements) {
        assert.ok(
          html.includes(statement.text.replace(/"/g, '&quot;').replace(/'/g, '&#39;')),
          'statement present',
        );
      }
      assert.ok(html.includes('<figure class="chart" id="chart-share"><svg '));
      assert.ok(html.includes('<figure class="chart" id="chart-monthly"><svg '));
    });

    test('escapes hostile titles: an <img> title is text, a Markdown link in a title is no link', () => {
      assert.ok(!html.includes('<img src=x'), 'no live img tag');
      assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the title shows as text');
      assert.ok(!html.includes('href="javascript:'), 'no javascript: link');
      assert.ok(html.includes('[brackets](javascript:alert(1))'), 'the bracket title shows literally');
      assert.equal(hostileTitles['2511.21691'], '<img src=x onerror=alert(1)>');
    });

    test('links the site (index, topic, feeds) when in a site, and stands alone otherwise', () => {
      assert.ok(html.includes('<a href="../index.html">'));
      assert.ok(html.includes('<a href="../topics/multimodal/index.html">'));
      assert.ok(html.includes('<link rel="alternate" type="application/atom+xml"'));
      const alone = renderHtmlPage(digest, { charts });
      assert.ok(!alone.includes('<header class="site-header">') && !alone.includes('rel="alternate"'));
    });

    test('is deterministic', async () => {
      const again = renderHtmlPage(digest, { charts: await renderChartsSvg(digest), siteRoot: '../' });
      assert.equal(again, html);
    });
  });
}

describe('renderHtmlPage edge cases', () => {
  test('a draft shows the notice; charts with too little data are left out', () => {
    const digest: Digest = { ...sampleDigest('en'), draft: true };
    const html = renderHtmlPage(digest, { charts: { share: null, monthly: null } });
    assert.ok(html.includes(labels('en').draftNotice));
    assert.ok(!html.includes('<figure'), 'no empty chart frames');
  });

  test('summary text with Markdown or HTML syntax renders as literal text', () => {
    const digest = sampleDigest('en');
    const first = digest.papers[0];
    assert.ok(first);
    const hostileSummary = '**not bold** <script>alert(1)</script> [x](javascript:alert(1)) `code` & done';
    const changed: Digest = {
      ...digest,
      papers: [
        { ...first, summary: { ...first.summary, text: hostileSummary, keyInnovation: 'done' } },
        ...digest.papers.slice(1),
      ],
    };
    const html = renderHtmlPage(changed, { charts: { share: null, monthly: null } });
    assert.ok(
      html.includes(
        '**not bold** &lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1)) `code` &amp; <strong>done</strong>',
      ),
    );
    assert.ok(!html.includes('<script>'));
  });
});
