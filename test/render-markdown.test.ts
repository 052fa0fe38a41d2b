import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Language } from '../src/core/digest.ts';
import { frontmatterKeys, postSlug } from '../src/render/frontmatter.ts';
import { labels } from '../src/render/labels.ts';
import { monthLabel, renderPost } from '../src/render/markdown.ts';
import { arxivLink, markdownLinks, paperParagraphs, splitPost } from './helpers/post-parts.ts';
import { loadSeedPapers, sampleDigest } from './helpers/sample-digest.ts';

const markdown = new MarkdownIt({ html: false });

for (const language of ['zh', 'en'] as Language[]) {
  describe(`renderPost (${language})`, () => {
    const digest = sampleDigest(language);
    const post = renderPost(digest);
    const text = labels(language);

    test('has frontmatter, one paragraph per paper, then the two sections in order', () => {
      assert.ok(post.startsWith('---\n'));
      assert.ok(post.endsWith('\n') && !post.endsWith('\n\n'), 'ends with exactly one newline');
      assert.ok(!post.includes('\r'), 'LF only');
      const directionsAt = post.indexOf(`\n### ${text.directionsHeading}\n`);
      const trendsAt = post.indexOf(`\n### ${text.trendsHeading}\n`);
      assert.ok(directionsAt > 0 && trendsAt > directionsAt, 'directions heading, then trends heading');
      assert.equal(paperParagraphs(post, digest).length, digest.papers.length);
      const tokens = markdown.parse(splitPost(post).body, {});
      const headings = tokens.filter((token) => token.type === 'heading_open').map((token) => token.tag);
      assert.deepEqual(headings, ['h3', 'h3']);
    });

    test('every paper appears once, in digest order, with a canonical https link', () => {
      const paragraphs = paperParagraphs(post, digest);
      digest.papers.forEach((entry, index) => {
        const paragraph = paragraphs[index] ?? '';
        const url = `https://arxiv.org/abs/${entry.paper.id}v${entry.paper.version}`;
        assert.ok(paragraph.includes(`](${url})`), `paragraph ${index} links ${url}`);
        const occurrences = paragraphs.filter((block) => block.includes(`/abs/${entry.paper.id}v`)).length;
        assert.equal(occurrences, 1, `${entry.paper.id} has exactly one paragraph`);
      });
      const links = markdownLinks(post);
      assert.ok(links.length >= digest.papers.length);
      for (const link of links) assert.match(link, arxivLink);
      assert.ok(!post.includes('http://'), 'no plain http links');
      assert.ok(!/ \)/.test(post), 'no space before a closing parenthesis of a link');
    });

    test('each paragraph starts with the first author and the et-al form of the language', () => {
      const paragraphs = paperParagraphs(post, digest);
      digest.papers.forEach((entry, index) => {
        const [first] = entry.paper.authors;
        assert.ok(first);
        const expected =
          language === 'zh'
            ? `${first} ${entry.paper.authors.length > 1 ? '等人的' : '的'} [`
            : `${first}${entry.paper.authors.length > 1 ? ' et al.,' : ','} [`;
        assert.ok(
          paragraphs[index]?.startsWith(expected),
          `${entry.paper.id}: "${paragraphs[index]?.slice(0, 60)}"`,
        );
      });
      // The seed has a one-author paper (2511.20531); it must not say "et al.".
      const single = paragraphs.find((paragraph) => paragraph.includes('2511.20531v1'));
      assert.ok(single?.startsWith(language === 'zh' ? 'Shamima Hossain 的 [' : 'Shamima Hossain, ['));
    });

    test('the key innovation is bold exactly once per paper (none when there is no phrase)', () => {
      const paragraphs = paperParagraphs(post, digest);
      digest.papers.forEach((entry, index) => {
        const paragraph = paragraphs[index] ?? '';
        const bold = [...paragraph.matchAll(/\*\*(.+?)\*\*/g)].map((match) => match[1] ?? '');
        if (entry.summary.keyInnovation === '') {
          assert.equal(bold.length, 0, `${entry.paper.id} has no bold`);
          return;
        }
        assert.equal(bold.length, 1, `${entry.paper.id} has one bold span`);
        assert.ok(
          entry.summary.keyInnovation.includes(bold[0] ?? '\u0000'),
          `${entry.paper.id} bolds its phrase`,
        );
        const html = markdown.render(paragraph);
        assert.equal(html.match(/<strong>/g)?.length, 1, `${entry.paper.id} renders one <strong>`);
      });
      assert.ok(digest.papers.filter((entry) => entry.summary.keyInnovation !== '').length >= 30);
    });

    test('venue sentences only where the venue extractor found a fact', () => {
      const paragraphs = paperParagraphs(post, digest);
      const withVenue = paragraphs.filter((paragraph) => /AAAI|NeurIPS 2025|接收|Accepted/.test(paragraph));
      assert.equal(withVenue.length, 2);
      const aaai = paragraphs.find((paragraph) => paragraph.includes('2511.21120v1')) ?? '';
      assert.ok(
        aaai.endsWith(
          language === 'zh' ? '该成果已被 AAAI 2026 接收（Oral）。' : 'Accepted at AAAI 2026 (Oral).',
        ),
        aaai,
      );
      assert.ok(!post.includes('INFOCOM'));
    });

    test('directions: numbered, bold names, nested lists with month and venue labels', () => {
      const { body } = splitPost(post);
      const section = body.slice(
        body.indexOf(`### ${text.directionsHeading}`),
        body.indexOf(`### ${text.trendsHeading}`),
      );
      digest.directions.forEach((direction, index) => {
        assert.ok(
          section.includes(`${index + 1}. **${direction.name}**\n   - ${text.overview}`),
          direction.name,
        );
      });
      const expectedRepresentative =
        language === 'zh'
          ? '     - *[MANGO: Multimodal Attention-based Normalizing Flow Approach to Fusion Learning](https://arxiv.org/abs/2508.10133v2)* (2025年8月发表于arXiv | NeurIPS 2025)'
          : '     - *[MANGO: Multimodal Attention-based Normalizing Flow Approach to Fusion Learning](https://arxiv.org/abs/2508.10133v2)* (arXiv, August 2025 | NeurIPS 2025)';
      assert.ok(section.split('\n').includes(expectedRepresentative));
      // markdown-it must see an ordered list whose items hold a bullet list holding a bullet list.
      const html = markdown.render(section);
      assert.equal(html.match(/<ol>/g)?.length, 1);
      const representativeCount = digest.directions.reduce(
        (sum, item) => sum + item.representativeIds.length,
        0,
      );
      assert.equal(html.match(/<li><em><a href="https:\/\/arxiv\.org\/abs\//g)?.length, representativeCount);
      assert.match(html, /<ol>\s*<li>[\s\S]*<ul>\s*<li>[\s\S]*<ul>\s*<li><em><a /);
    });

    test('trends: an intro with the span covered, then the statements as a numbered list', () => {
      const { body } = splitPost(post);
      const section = body.slice(body.indexOf(`### ${text.trendsHeading}`));
      const intro =
        language === 'zh'
          ? '以下趋势基于2025年11月的 34 篇论文（数据覆盖 7 天）：'
          : 'Based on 34 papers from November 2025 (7 days of data):';
      assert.ok(section.includes(`\n\n${intro}\n\n1. `), 'intro line stating the span');
      digest.trends.statements.forEach((statement, index) => {
        assert.ok(section.includes(`\n${index + 1}. ${statement.text}`), statement.text);
      });
      assert.ok(!/过去几年|past few years/i.test(post));
    });

    test('frontmatter round-trips in YAML 1.2 and 1.1 and satisfies an Astro-like schema', () => {
      const { yamlText } = splitPost(post);
      const strict = parseYaml(yamlText, { version: '1.2' }) as Record<string, unknown>;
      const legacy = parseYaml(yamlText, { version: '1.1' }) as Record<string, unknown>;
      assert.deepEqual(Object.keys(strict), [...frontmatterKeys]);
      assert.equal(strict.title, digest.title);
      assert.equal(strict.description, digest.description);
      assert.equal(strict.date, '2025-11-28', 'YAML 1.2 core: a plain date string');
      assert.ok(legacy.date instanceof Date, 'YAML 1.1: a timestamp');
      assert.equal((legacy.date as Date).toISOString(), '2025-11-28T00:00:00.000Z');
      assert.match(yamlText, /^date: 2025-11-28$/m);
      assert.equal(strict.lang, language);
      assert.equal(strict.slug, postSlug('multimodal', '2025-11-28', language));
      assert.equal(strict.slug, language === 'zh' ? 'multimodal-2025-11-28' : 'multimodal-2025-11-28-en');
      assert.deepEqual(strict.tags, digest.tags);
      assert.equal(strict.draft, false);
      assert.equal(strict.featured, false);
      assert.equal(strict.generator, 'extractive');
      const astroSchema = z.object({
        title: z.string().min(1),
        description: z.string().min(1),
        date: z.coerce.date(),
        tags: z.array(z.string()).min(1),
        draft: z.boolean(),
        featured: z.boolean(),
        lang: z.string(),
        slug: z.string(),
      });
      for (const data of [strict, legacy]) {
        const parsed = astroSchema.parse(data);
        assert.equal(parsed.date.toISOString().slice(0, 10), '2025-11-28');
      }
    });

    test('byte-identical when rendered twice, also from a fresh sample', () => {
      assert.equal(renderPost(digest), post);
      assert.equal(renderPost(sampleDigest(language)), post);
    });
  });
}

test('monthLabel uses the v1 date, else the month in the id', () => {
  const papers = loadSeedPapers();
  const mango = papers.find((paper) => paper.id === '2508.10133');
  const canvas = papers.find((paper) => paper.id === '2511.21691');
  assert.ok(mango && canvas);
  assert.equal(mango.published, '2025-08-13');
  assert.equal(monthLabel(mango, 'zh'), '2025年8月发表于arXiv');
  assert.equal(monthLabel(mango, 'en'), 'arXiv, August 2025');
  assert.equal(canvas.published, null);
  assert.equal(monthLabel(canvas, 'zh'), '2025年11月发表于arXiv');
  assert.equal(monthLabel({ ...canvas, id: 'hep-th/9901001' }, 'en'), 'arXiv, January 1999');
});

test('loadSeedPapers reads the 34 real seed papers', () => {
  const papers = loadSeedPapers();
  assert.equal(papers.length, 34);
  assert.equal(papers[0]?.id, '2511.21691');
  assert.equal(papers.filter((paper) => paper.abstract === null).length, 3);
  assert.equal(papers.find((paper) => paper.id === '2511.21120')?.comments, 'Accepted to AAAI 2026 (Oral)');
});

test('the sample digest is consistent: a partition, verbatim phrases, figures from facts', () => {
  for (const language of ['zh', 'en'] as Language[]) {
    const digest = sampleDigest(language);
    assert.equal(digest.papers.length, 34);
    const members = digest.directions.flatMap((direction) => direction.paperIds).sort();
    assert.deepEqual(
      members,
      digest.papers.map((entry) => entry.paper.id).sort(),
      'each paper in one direction',
    );
    for (const direction of digest.directions) {
      for (const id of direction.representativeIds) assert.ok(direction.paperIds.includes(id));
    }
    digest.papers.forEach((entry) => {
      assert.ok(entry.summary.text.includes(entry.summary.keyInnovation), entry.paper.id);
      assert.equal(
        entry.paper.id,
        digest.directions[entry.direction]?.paperIds.find((id) => id === entry.paper.id),
      );
    });
    const facts = new Map(digest.trends.facts.map((fact) => [fact.id, fact]));
    for (const statement of digest.trends.statements) {
      const figures = statement.factIds.flatMap((id) => facts.get(id)?.figures ?? []);
      let rest = statement.text;
      for (const figure of figures) rest = rest.split(figure).join(' ');
      assert.doesNotMatch(rest, /\d/, `every number is a figure: ${statement.text}`);
    }
    assert.ok(
      digest.trends.monthly.every((series) => series.counts.length >= 3),
      'charts have months to draw',
    );
  }
});
