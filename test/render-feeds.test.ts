import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { addDays } from '../src/core/dates.ts';
import type { Digest, Language } from '../src/core/digest.ts';
import { type FeedEntry, renderTopicFeeds, xmlSafe } from '../src/render/feeds.ts';
import { postSlug, postTitle } from '../src/render/frontmatter.ts';
import { sampleDigest } from './helpers/sample-digest.ts';

const siteUrl = 'https://digests.example.org/site/';
const feedOptions = {
  siteUrl,
  topicUrl: `${siteUrl}topics/multimodal/`,
  feedUrls: {
    atom: `${siteUrl}topics/multimodal/feed.atom`,
    rss: `${siteUrl}topics/multimodal/feed.rss`,
    json: `${siteUrl}topics/multimodal/feed.json`,
  },
};

/** The sample digest moved `weeks` weeks later (its own date, slug and title). */
function weekLater(language: Language, weeks: number, options: { hostileTitle?: boolean } = {}): Digest {
  const digest = sampleDigest(language, options);
  const window = { from: addDays(digest.window.from, 7 * weeks), to: addDays(digest.window.to, 7 * weeks) };
  const date = addDays(digest.date, 7 * weeks);
  return {
    ...digest,
    window,
    date,
    slug: postSlug(digest.topic.name, date, language),
    title: postTitle(digest.topic.title, window, language),
  };
}

function entry(digest: Digest): FeedEntry {
  return { digest, url: `${siteUrl}posts/${digest.slug}.html` };
}

function xmllint(xml: string): { status: number | null; stderr: string } {
  const result = spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

describe('renderTopicFeeds', () => {
  // Given out of order on purpose: feeds sort newest first.
  const digests = [weekLater('zh', 0), weekLater('zh', 2), weekLater('en', 1), weekLater('zh', 1)];
  const feeds = renderTopicFeeds(digests.map(entry), feedOptions);
  const newestFirst = ['2025-12-12', '2025-12-05', '2025-12-05', '2025-11-28'];

  test('Atom parses with feedsmith: one entry per digest, newest first, dates and links right', () => {
    const atom = parseAtomFeed(feeds.atom);
    assert.equal(atom.entries?.length, 4);
    assert.deepEqual(
      atom.entries?.map((item) => item.updated?.slice(0, 10)),
      newestFirst,
    );
    assert.equal(atom.updated, '2025-12-12T00:00:00.000Z', 'updated = the newest digest, not now');
    assert.equal(atom.id, feedOptions.topicUrl);
    const first = atom.entries?.[0];
    assert.equal(first?.id, `${siteUrl}posts/multimodal-2025-12-12.html`);
    assert.equal(first?.links?.[0]?.href, first?.id);
    assert.equal(first?.title?.value, '多模态研究周报 · 2025-12-05 – 2025-12-11');
    assert.equal(first?.summary?.value, digests[1]?.description);
    // zh before en on the same date.
    assert.ok(atom.entries?.[1]?.id?.endsWith('multimodal-2025-12-05.html'));
    assert.ok(atom.entries?.[2]?.id?.endsWith('multimodal-2025-12-05-en.html'));
    assert.equal(atom.title?.value, '多模态研究周报 / Multimodal research digest');
  });

  test('RSS 2.0 parses with feedsmith with the same items and RFC 822 dates', () => {
    const rss = parseRssFeed(feeds.rss);
    assert.equal(rss.items?.length, 4);
    assert.deepEqual(
      rss.items?.map((item) => item.pubDate),
      [
        'Fri, 12 Dec 2025 00:00:00 GMT',
        'Fri, 05 Dec 2025 00:00:00 GMT',
        'Fri, 05 Dec 2025 00:00:00 GMT',
        'Fri, 28 Nov 2025 00:00:00 GMT',
      ],
    );
    assert.equal(rss.items?.[3]?.link, `${siteUrl}posts/multimodal-2025-11-28.html`);
    assert.equal(rss.items?.[3]?.title, '多模态研究周报 · 2025-11-21 – 2025-11-27');
    assert.equal(rss.lastBuildDate, 'Fri, 12 Dec 2025 00:00:00 GMT');
  });

  test('JSON Feed 1.1 parses with feedsmith', () => {
    const document = JSON.parse(feeds.json) as { version: string; language?: string };
    assert.equal(document.version, 'https://jsonfeed.org/version/1.1');
    assert.equal(document.language, undefined, 'mixed languages: no feed-wide language');
    const json = parseJsonFeed(document);
    assert.equal(json.items?.length, 4);
    assert.deepEqual(
      json.items?.map((item) => item.date_published),
      newestFirst.map((date) => `${date}T00:00:00.000Z`),
    );
    assert.equal(json.items?.[2]?.title, 'Multimodal research digest · 2025-11-28 – 2025-12-04');
    assert.equal(json.feed_url, feedOptions.feedUrls.json);
  });

  test('Atom and RSS are well-formed XML for xmllint', () => {
    for (const xml of [feeds.atom, feeds.rss]) {
      const result = xmllint(xml);
      assert.equal(result.status, 0, result.stderr);
    }
  });

  test('a one-language feed declares its language', () => {
    const zhOnly = renderTopicFeeds([entry(weekLater('zh', 0))], feedOptions);
    assert.ok(zhOnly.rss.includes('<language>zh-CN</language>'));
    assert.equal((JSON.parse(zhOnly.json) as { language: string }).language, 'zh-CN');
  });

  test('the same entries give byte-identical feeds whatever their order', () => {
    const again = renderTopicFeeds([...digests].reverse().map(entry), feedOptions);
    assert.deepEqual(again, feeds);
  });
});

describe('renderTopicFeeds with hostile metadata', () => {
  const digest = weekLater('en', 0, { hostileTitle: true });
  const hostile: Digest = {
    ...digest,
    title: 'Digest <script>alert(1)</script> ]]> & \u0001\u0008 end',
    description: 'Description with <b>tags</b>, ]]> and a control \u001b character',
    tags: ['multimodal', '<tag>'],
  };
  const feeds = renderTopicFeeds([entry(hostile)], feedOptions);

  test('XML stays valid (control characters dropped, CDATA terminators split)', () => {
    for (const xml of [feeds.atom, feeds.rss]) {
      const result = xmllint(xml);
      assert.equal(result.status, 0, result.stderr);
      assert.ok(!['\u0001', '\u0008', '\u001b'].some((character) => xml.includes(character)));
    }
    assert.equal(xmlSafe('a\u0000b\uFFFEc\uD800d😀'), 'abcd😀');
  });

  test('fields readers treat as HTML carry escaped text, never live tags', () => {
    const atom = parseAtomFeed(feeds.atom);
    const item = atom.entries?.[0];
    assert.equal(item?.title?.value, 'Digest &lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp;  end');
    assert.ok(!item?.content?.value?.includes('<img'), 'hostile paper title escaped in content');
    assert.ok(item?.content?.value?.includes('&lt;img src=x onerror=alert(1)&gt;'));
    const rss = parseRssFeed(feeds.rss);
    assert.ok(!rss.items?.[0]?.description?.includes('<b>'));
    assert.ok(!rss.items?.[0]?.title?.includes('<script'));
  });

  test('JSON Feed keeps plain-text fields as text and escapes content_html', () => {
    const json = parseJsonFeed(JSON.parse(feeds.json));
    assert.equal(json.items?.[0]?.title, 'Digest <script>alert(1)</script> ]]> &  end');
    assert.ok(!json.items?.[0]?.content_html?.includes('<img'));
  });
});
