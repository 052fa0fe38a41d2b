import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { parseAtomFeed } from 'feedsmith';
import { addDays } from '../src/core/dates.ts';
import type { Digest, Language } from '../src/core/digest.ts';
import { publishSite, siteEntriesFromRuns, siteManifestName, writeSite } from '../src/pipeline/site.ts';
import { postSlug, postTitle } from '../src/render/frontmatter.ts';
import { renderSite, type SiteEntry } from '../src/render/site.ts';
import { openStore } from '../src/store/index.ts';
import type { NewRunRecord, RunRecord } from '../src/store/types.ts';
import { sampleDigest } from './helpers/sample-digest.ts';

const temporary = mkdtempSync(path.join(os.tmpdir(), 'arxiv-digest-'));
after(() => rmSync(temporary, { recursive: true, force: true }));

/** The sample digest of another topic and/or week. */
function variant(
  language: Language,
  options: { topic?: string; weeks?: number; hostileTitle?: boolean } = {},
): Digest {
  const digest = sampleDigest(language, { hostileTitle: options.hostileTitle ?? false });
  const weeks = options.weeks ?? 0;
  const name = options.topic ?? digest.topic.name;
  const topicTitle = options.topic
    ? `${options.topic} ${language === 'zh' ? '周报' : 'digest'}`
    : digest.topic.title;
  const window = { from: addDays(digest.window.from, 7 * weeks), to: addDays(digest.window.to, 7 * weeks) };
  const date = addDays(digest.date, 7 * weeks);
  return {
    ...digest,
    topic: { ...digest.topic, name, title: topicTitle },
    window,
    date,
    slug: postSlug(name, date, language),
    title: postTitle(topicTitle, window, language),
  };
}

function entry(digest: Digest, createdAt = `${digest.date}T08:00:00.000Z`): SiteEntry {
  return { digest, createdAt };
}

function runOf(digest: Digest, createdAt: string): NewRunRecord {
  return {
    topic: digest.topic.name,
    language: digest.language,
    window: digest.window,
    createdAt,
    paperIds: digest.papers.map((item) => item.paper.id),
    directions: [],
    trendFacts: digest.trends.facts,
    history: digest.trends.history,
    outputs: {},
    digest,
  };
}

function text(files: Map<string, string | Uint8Array>, key: string): string {
  const value = files.get(key);
  assert.equal(typeof value, 'string', `${key} exists`);
  return value as string;
}

describe('renderSite', async () => {
  const digests = [
    variant('zh'),
    variant('en'),
    variant('zh', { weeks: 1 }),
    variant('zh', { topic: 'llm-agents' }),
    variant('en', { topic: 'llm-agents', weeks: 2 }),
  ];
  const files = await renderSite(
    digests.map((digest) => entry(digest)),
    { siteUrl: 'https://example.org/d' },
  );

  test('writes the index, a page and three feeds per topic, and a page per digest', () => {
    assert.deepEqual([...files.keys()].sort(), [
      'index.html',
      'posts/llm-agents-2025-11-28.html',
      'posts/llm-agents-2025-12-12-en.html',
      'posts/multimodal-2025-11-28-en.html',
      'posts/multimodal-2025-11-28.html',
      'posts/multimodal-2025-12-05.html',
      'topics/llm-agents/feed.atom',
      'topics/llm-agents/feed.json',
      'topics/llm-agents/feed.rss',
      'topics/llm-agents/index.html',
      'topics/multimodal/feed.atom',
      'topics/multimodal/feed.json',
      'topics/multimodal/feed.rss',
      'topics/multimodal/index.html',
    ]);
  });

  test('the index lists every digest under its topic, newest first', () => {
    const index = text(files, 'index.html');
    const items = [...index.matchAll(/data-topic="([^"]+)" data-date="([^"]+)" data-lang="([^"]+)"/g)].map(
      (match) => `${match[1]} ${match[2]} ${match[3]}`,
    );
    assert.deepEqual(items, [
      'llm-agents 2025-12-12 en',
      'llm-agents 2025-11-28 zh',
      'multimodal 2025-12-05 zh',
      'multimodal 2025-11-28 zh',
      'multimodal 2025-11-28 en',
    ]);
    for (const digest of digests) assert.ok(index.includes(`href="posts/${digest.slug}.html"`), digest.slug);
    assert.ok(index.includes('href="topics/multimodal/index.html"'));
    assert.ok(index.includes('href="topics/llm-agents/feed.atom"'));
  });

  test('topic pages link their digests relatively and announce their feeds', () => {
    const topic = text(files, 'topics/multimodal/index.html');
    assert.ok(topic.includes('href="../../posts/multimodal-2025-12-05.html"'));
    assert.ok(topic.includes('<link rel="alternate" type="application/atom+xml"'));
    assert.ok(topic.includes('href="feed.rss"'));
    assert.ok(!topic.includes('llm-agents-2025'), 'only its own digests');
  });

  test('feeds use the site URL and hold one entry per digest of the topic', () => {
    const atom = parseAtomFeed(text(files, 'topics/multimodal/feed.atom'));
    assert.deepEqual(
      atom.entries?.map((item) => item.id),
      [
        'https://example.org/d/posts/multimodal-2025-12-05.html',
        'https://example.org/d/posts/multimodal-2025-11-28.html',
        'https://example.org/d/posts/multimodal-2025-11-28-en.html',
      ],
    );
  });

  test('every page link points at a file of the site', () => {
    for (const [sitePath, content] of files) {
      if (!sitePath.endsWith('.html')) continue;
      for (const match of (content as string).matchAll(/href="([^"#]+)"/g)) {
        const href = match[1] ?? '';
        if (/^(https?:|data:)/.test(href)) continue;
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(sitePath), href));
        assert.ok(!target.startsWith('..'), `${sitePath} -> ${href} stays inside`);
        assert.ok(files.has(target), `${sitePath} -> ${href} exists`);
      }
    }
  });

  test('a rebuilt digest replaces the older run of the same page', async () => {
    const older = { ...variant('zh'), description: 'older build' };
    const newer = { ...variant('zh'), description: 'newer build' };
    const rebuilt = await renderSite([
      entry(newer, '2025-11-29T00:00:00Z'),
      entry(older, '2025-11-28T00:00:00Z'),
    ]);
    const index = text(rebuilt, 'topics/multimodal/index.html');
    assert.ok(index.includes('newer build') && !index.includes('older build'));
  });

  test('refuses paths and URLs that would escape or clash', async () => {
    const digest = variant('zh');
    for (const htmlPath of [
      '../outside.html',
      '/etc/passwd.html',
      'posts/..\\x.html',
      'index.html',
      'topics/a/b.html',
    ]) {
      await assert.rejects(renderSite([{ ...entry(digest), htmlPath }]), { code: 'OUTPUT' }, htmlPath);
    }
    await assert.rejects(renderSite([entry(digest)], { siteUrl: 'javascript:alert(1)' }), { code: 'USAGE' });
    const sneaky = { ...digest, slug: '../../etc/passwd', topic: { ...digest.topic, name: '../../x' } };
    const safe = await renderSite([entry(sneaky)]);
    for (const key of safe.keys()) assert.ok(!key.includes('..'), key);
  });

  test('the same entries give byte-identical files, whatever their order', async () => {
    const again = await renderSite(
      [...digests].reverse().map((digest) => entry(digest)),
      {
        siteUrl: 'https://example.org/d',
      },
    );
    assert.deepEqual(again, files);
  });

  test('an empty site still has an index', async () => {
    const empty = await renderSite([]);
    assert.deepEqual([...empty.keys()], ['index.html']);
  });
});

describe('writeSite', () => {
  test('writes inside the directory, keeps unchanged files, removes only files it wrote before', async () => {
    const dir = path.join(temporary, 'write');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'CNAME'), 'example.org\n');
    const twoTopics = await renderSite([entry(variant('zh')), entry(variant('zh', { topic: 'llm-agents' }))]);
    const first = writeSite(dir, twoTopics);
    assert.equal(first.written.length, twoTopics.size);
    assert.ok(existsSync(path.join(dir, 'topics/llm-agents/feed.atom')));
    const mtime = statSync(path.join(dir, 'index.html')).mtimeMs;

    const again = writeSite(dir, twoTopics);
    assert.equal(again.written.length, 0);
    assert.equal(again.unchanged.length, twoTopics.size);
    assert.equal(statSync(path.join(dir, 'index.html')).mtimeMs, mtime, 'unchanged files are not rewritten');

    const oneTopic = await renderSite([entry(variant('zh'))]);
    const third = writeSite(dir, oneTopic);
    assert.ok(third.removed.includes('topics/llm-agents/feed.atom'));
    assert.ok(!existsSync(path.join(dir, 'topics/llm-agents')), 'emptied folders go too');
    assert.equal(readFileSync(path.join(dir, 'CNAME'), 'utf8'), 'example.org\n', 'foreign files stay');
    const manifest = JSON.parse(readFileSync(path.join(dir, siteManifestName), 'utf8')) as {
      files: string[];
    };
    assert.deepEqual(manifest.files, [...oneTopic.keys()].sort());
  });

  test('a tampered manifest cannot make it delete outside the directory', () => {
    const dir = path.join(temporary, 'tampered');
    mkdirSync(dir, { recursive: true });
    const victim = path.join(temporary, 'victim.txt');
    writeFileSync(victim, 'keep me');
    writeFileSync(
      path.join(dir, siteManifestName),
      JSON.stringify({ generator: 'arxiv-digest', files: ['../victim.txt', '/etc/hostname'] }),
    );
    const result = writeSite(dir, new Map([['index.html', '<!doctype html>']]));
    assert.deepEqual(result.removed, []);
    assert.equal(readFileSync(victim, 'utf8'), 'keep me');
  });

  test('refuses file paths outside the directory', () => {
    const dir = path.join(temporary, 'refuse');
    assert.throws(() => writeSite(dir, new Map([['../escape.html', 'x']])), { code: 'OUTPUT' });
    assert.throws(() => writeSite(dir, new Map([['a/../../escape.html', 'x']])), { code: 'OUTPUT' });
    assert.ok(!existsSync(path.join(temporary, 'escape.html')));
  });
});

describe('publishSite from the store', () => {
  test('rebuilds the site from stored runs, newest run per page, skipping unusable ones', async () => {
    const store = openStore({ path: path.join(temporary, 'publish.db') });
    try {
      store.saveRun(runOf({ ...variant('zh'), description: 'first build' }, '2025-11-28T08:00:00.000Z'));
      store.saveRun(runOf({ ...variant('zh'), description: 'second build' }, '2025-11-28T09:00:00.000Z'));
      store.saveRun(runOf(variant('en'), '2025-11-28T08:30:00.000Z'));
      store.saveRun(runOf(variant('zh', { topic: 'llm-agents', weeks: 1 }), '2025-12-05T08:00:00.000Z'));
      const broken = {
        ...runOf(variant('zh'), '2025-11-30T00:00:00.000Z'),
        digest: { title: 'no' } as unknown as Digest,
      };
      store.saveRun(broken);
      const dir = path.join(temporary, 'published');
      const result = await publishSite({ store, dir, siteUrl: 'https://example.org/' });
      assert.equal(result.digests, 3);
      assert.deepEqual(result.topics, ['llm-agents', 'multimodal']);
      assert.equal(result.skipped.length, 1);
      assert.match(result.skipped[0]?.reason ?? '', /stored digest is invalid/);
      const page = readFileSync(path.join(dir, 'topics/multimodal/index.html'), 'utf8');
      assert.ok(page.includes('second build') && !page.includes('first build'));
      assert.ok(
        readFileSync(path.join(dir, 'topics/multimodal/feed.rss'), 'utf8').includes(
          'https://example.org/posts/',
        ),
      );
    } finally {
      store.close();
    }
  });

  test('siteEntriesFromRuns keeps valid stored digests as they are', () => {
    const digest = variant('en');
    const run: RunRecord = { ...runOf(digest, '2025-11-28T00:00:00Z'), id: 7 };
    const { entries, skipped } = siteEntriesFromRuns([run]);
    assert.equal(skipped.length, 0);
    assert.equal(entries[0]?.digest, digest);
  });
});
