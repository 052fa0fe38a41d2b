import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { parse as parseYaml } from 'yaml';
import type { Digest, Language } from '../src/core/digest.ts';
import { DigestError } from '../src/core/errors.ts';
import { normalizeInline } from '../src/core/paper.ts';
import { labels } from '../src/render/labels.ts';
import { renderPost } from '../src/render/markdown.ts';
import { arxivLink, escapeHtml, paperParagraphs, splitPost } from './helpers/post-parts.ts';
import { hostileTitles, sampleDigest } from './helpers/sample-digest.ts';

const markdown = new MarkdownIt({ html: false });

function clone(digest: Digest): Digest {
  return structuredClone(digest);
}

describe('renderPost with hostile input', () => {
  for (const language of ['zh', 'en'] as Language[]) {
    test(`hostile titles render as text (${language})`, () => {
      const digest = sampleDigest(language, { hostileTitle: true });
      const post = renderPost(digest);
      const { body } = splitPost(post);
      const html = markdown.render(body);
      assert.ok(!/<img/i.test(html), 'no <img> element');
      assert.ok(!/href="javascript:/i.test(html), 'no javascript: link');
      assert.ok(!/<em>stars<\/em>|<em>under<\/em>/.test(html), 'no emphasis from the title');
      const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1] ?? '');
      for (const href of hrefs) assert.match(href, arxivLink);
      for (const title of Object.values(hostileTitles)) {
        const expected = escapeHtml(normalizeInline(title));
        assert.ok(html.includes(`>${expected}</a>`), `title shown as text: ${expected}`);
      }
      // The newline in the title must not split the paragraph (it would break the link).
      assert.equal(paperParagraphs(post, digest).length, digest.papers.length);
    });
  }

  test('hostile strings in the frontmatter survive a YAML round-trip', () => {
    const digest = sampleDigest('zh');
    digest.title = 'A title: with "quotes"\n---\nand a fake end of frontmatter';
    digest.description = "it's #1 --- \\ {{< shortcode >}} [x](javascript:alert(1)) yes";
    digest.tags = ['no', 'on', '2025-11-28', 'a: b', 'null'];
    digest.frontmatterDefaults = {
      title: 'must not override',
      draft: true,
      author: 'Ada\nLovelace',
      yes: 'a key YAML 1.1 reads as a boolean',
      'two words': 1,
      categories: ['research', 'weekly'],
      undefinedValue: undefined,
    };
    const post = renderPost(digest);
    const { yamlText } = splitPost(post);
    assert.equal(post.match(/^---$/gm)?.length, 2, 'exactly two delimiter lines');
    for (const version of ['1.1', '1.2'] as const) {
      const data = parseYaml(yamlText, { version }) as Record<string, unknown>;
      assert.equal(data.title, 'A title: with "quotes" --- and a fake end of frontmatter');
      assert.equal(data.description, digest.description);
      assert.deepEqual(data.tags, digest.tags);
      assert.equal(data.draft, false, 'defaults never override the fixed keys');
      assert.equal(data.author, 'Ada Lovelace');
      assert.equal(data.yes, 'a key YAML 1.1 reads as a boolean');
      assert.equal(data['two words'], 1);
      assert.deepEqual(data.categories, ['research', 'weekly']);
      assert.ok(!('undefinedValue' in data));
      assert.deepEqual(
        Object.keys(data).slice(9),
        ['author', 'yes', 'two words', 'categories'],
        'config order',
      );
    }
  });

  test('empty tags fall back to the topic name', () => {
    const digest = sampleDigest('en');
    digest.tags = [];
    const data = parseYaml(splitPost(renderPost(digest)).yamlText) as { tags: string[] };
    assert.deepEqual(data.tags, ['multimodal']);
  });
});

describe('renderPost edge cases', () => {
  test('an LLM fallback summary carries a note; a missing version gives a bare link', () => {
    const digest = clone(sampleDigest('en'));
    const [first, second] = digest.papers;
    assert.ok(first && second);
    first.summary = { ...first.summary, engine: 'extractive', fallbackReason: 'LLM call failed twice' };
    second.paper.version = null;
    const post = renderPost(digest);
    const paragraphs = paperParagraphs(post, digest);
    assert.ok(paragraphs[0]?.endsWith(`*${labels('en').fallbackNote}*`));
    assert.ok(paragraphs[1]?.includes(`](https://arxiv.org/abs/${second.paper.id}):`));
    assert.equal(paragraphs.filter((paragraph) => paragraph.includes(labels('en').fallbackNote)).length, 1);
  });

  test('zh frames English extractive sentences, but not Chinese summaries', () => {
    const digest = clone(sampleDigest('zh'));
    const [first] = digest.papers;
    assert.ok(first);
    first.summary = {
      text: '本文提出统一画布框架，把多种控制信号编码为一张合成画布图像。',
      keyInnovation: '把多种控制信号编码为一张合成画布图像',
      engine: 'llm',
      fallbackReason: null,
      model: 'test-model',
    };
    const paragraphs = paperParagraphs(renderPost(digest), digest);
    assert.ok(
      paragraphs[0]?.endsWith(') 本文提出统一画布框架，**把多种控制信号编码为一张合成画布图像**。'),
      paragraphs[0],
    );
    assert.ok(paragraphs[1]?.includes(`) ${labels('zh').quotedAbstractLead}`));
    assert.equal(
      markdown.render(paragraphs[0] ?? '').match(/<strong>/g)?.length,
      1,
      'bold works between CJK',
    );
  });

  test('ten or more directions indent their nested lists by the wider marker', () => {
    const digest = clone(sampleDigest('en'));
    const template = digest.directions[0];
    assert.ok(template);
    while (digest.directions.length < 11)
      digest.directions.push({ ...template, name: `Copy ${digest.directions.length}` });
    const post = renderPost(digest);
    assert.ok(post.includes('\n10. **Copy 9**\n    - Overview: '));
    assert.ok(post.includes('\n      - *[Learning Cell-Aware'));
    const html = markdown.render(splitPost(post).body);
    assert.equal(html.match(/<ol>/g)?.length, 2, 'directions list and trends list, no stray lists');
  });

  test('a direction naming a paper outside the digest is a bug, reported as INTERNAL', () => {
    const digest = clone(sampleDigest('en'));
    digest.directions[0]?.representativeIds.push('2401.00001');
    assert.throws(
      () => renderPost(digest),
      (error) => error instanceof DigestError && error.code === 'INTERNAL',
    );
  });

  test('no directions and no statements still give both sections, with a sentence', () => {
    const digest = clone(sampleDigest('zh'));
    digest.directions = [];
    digest.trends.statements = [];
    const post = renderPost(digest);
    assert.ok(post.includes(`### ${labels('zh').directionsHeading}\n\n${labels('zh').noDirections}\n\n`));
    assert.ok(post.endsWith(`${labels('zh').noTrends}\n`));
  });

  test('trend statements are escaped like any other text', () => {
    const digest = clone(sampleDigest('en'));
    digest.trends.statements = [{ text: '# not a heading <b>12</b> [x](javascript:alert(1))', factIds: [] }];
    const html = markdown.render(splitPost(renderPost(digest)).body);
    assert.ok(html.includes('<li># not a heading &lt;b&gt;12&lt;/b&gt; [x](javascript:alert(1))</li>'));
  });
});
