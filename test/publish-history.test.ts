import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { addDays, toIsoDate } from '../src/core/dates.ts';
import type { Paper } from '../src/core/paper.ts';
import { loadDay } from './helpers/arxiv-data.ts';
import { runCli, sharedDataDirectory, temporaryDirectory } from './helpers/cli.ts';

/**
 * History across digests, through the real CLI on real listings (2025-11-17..27 imported into the
 * store): a second digest over an overlapping window leaves out what the first featured, its trends
 * compare with the first, --since-last continues where the last one ended, and the site's feeds
 * list both digests. Builds are store-based (no --input), offline (--no-fetch, --llm none).
 * publish-history-units.test.ts pins the same rules down without the CLI.
 */

const days = readdirSync(path.join(sharedDataDirectory, 'arxiv-days'))
  .map((name) => name.replace(/\.jsonl$/, ''))
  .filter((day) => day >= '2025-11-17' && day <= '2025-11-27')
  .sort();
const listed = new Map<string, Paper>(days.flatMap((day) => loadDay(day).map((paper) => [paper.id, paper])));

const cwd = temporaryDirectory();
const database = path.join(cwd, 'store.db');
// No LLM settings in the environment: --llm none anyway, and nothing leaks in from the shell.
const env = { ARXIV_DIGEST_DB: database };
after(() => rmSync(cwd, { recursive: true, force: true }));

interface BuildReport {
  window: { from: string; to: string };
  papers: number;
  directions: { name: string; papers: number }[];
  check: { ok: boolean };
  dropped: { seen: number };
  warnings: string[];
  outputs: { markdown: string };
}

async function build(
  args: string[],
  databasePath = database,
  moreEnv: Record<string, string> = {},
): Promise<BuildReport> {
  const result = await runCli(
    ['build', '--topic', 'multimodal', '--lang', 'zh', '--llm', 'none', '--no-fetch', '--json', ...args],
    { cwd, env: { ARXIV_DIGEST_DB: databasePath, ...moreEnv } },
  );
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as BuildReport;
}

/** A copy of a store (closed by then, so no WAL is pending) for a branch of history. */
function copyStore(name: string, source = database): string {
  const copy = path.join(cwd, name);
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(source + suffix)) copyFileSync(source + suffix, copy + suffix);
  }
  return copy;
}

interface Post {
  ids: string[];
  /** The line that says what history the trends rest on. */
  intro: string;
  trends: string[];
}

/** The paper ids (papers section, in order) and the numbered trend statements of a built post. */
function readPost(relative: string): Post {
  const markdown = readFileSync(path.join(cwd, relative), 'utf8');
  const directionsAt = markdown.search(/^### 主要研究方向$/m);
  const trendsAt = markdown.search(/^### 研究趋势分析$/m);
  assert.ok(directionsAt > 0 && trendsAt > directionsAt, `${relative}: both sections`);
  const ids = [
    ...markdown.slice(0, directionsAt).matchAll(/\]\(https:\/\/arxiv\.org\/abs\/([\d.]+?)(?:v\d+)?\)/g),
  ];
  return {
    ids: ids.map((match) => match[1] as string),
    intro: /^以下趋势基于.*$/m.exec(markdown.slice(trendsAt))?.[0] ?? '',
    trends: markdown
      .slice(trendsAt)
      .split('\n')
      .filter((line) => /^\d+\. /.test(line)),
  };
}

/** When a listed paper was first submitted (v1 date) or, without one, announced. */
function firstDate(id: string): string {
  const paper = listed.get(id);
  assert.ok(paper, `${id} is one of the imported listings`);
  return (paper.published ?? paper.announced) as string;
}

const percentOf = (count: number, total: number): string =>
  `${(Math.round((count / total) * 1000) / 10).toFixed(1)}%`;

describe('history across digests of one topic (real listings, store-based builds)', () => {
  let first: BuildReport;
  let second: BuildReport;
  let firstPost: Post;
  let secondPost: Post;
  let afterFirst = '';
  let afterSecond = '';

  before(async () => {
    const files = days.map((day) => path.join(sharedDataDirectory, 'arxiv-days', `${day}.jsonl`));
    const imported = await runCli(['import', ...files], { cwd, env });
    assert.equal(imported.code, 0, imported.stderr);
    first = await build(['--from', '2025-11-17', '--to', '2025-11-23', '--out', 'D', '--site', 'S']);
    afterFirst = copyStore('after-first.db');
    second = await build(['--from', '2025-11-20', '--to', '2025-11-26', '--out', 'D', '--site', 'S']);
    afterSecond = copyStore('after-second.db');
    firstPost = readPost(first.outputs.markdown);
    secondPost = readPost(second.outputs.markdown);
  });

  test('each digest takes new submissions of its own window and passes its claim check', () => {
    assert.equal(days.length, 10, 'ten listing days (no 2025-11-23 file)');
    for (const [report, post] of [
      [first, firstPost],
      [second, secondPost],
    ] as const) {
      assert.ok(report.check.ok);
      assert.equal(post.ids.length, report.papers);
      assert.equal(report.papers, 30, "the topic's limit");
      for (const id of post.ids) {
        const date = firstDate(id);
        assert.ok(
          date >= report.window.from && date <= report.window.to,
          `${id} (${date}) in ${report.window.from}..`,
        );
      }
    }
    assert.deepEqual(first.window, { from: '2025-11-17', to: '2025-11-23' });
    assert.equal(first.outputs.markdown, 'D/multimodal-2025-11-24.md');
    assert.equal(second.outputs.markdown, 'D/multimodal-2025-11-27.md');
  });

  test('the second digest leaves out every paper the first one featured', () => {
    // Not vacuous: the first digest featured papers of the shared days 2025-11-20..23.
    const sharedDays = firstPost.ids.filter((id) => firstDate(id) >= '2025-11-20');
    assert.ok(sharedDays.length > 0, 'the first digest has papers of the overlapping days');
    assert.equal(second.dropped.seen, sharedDays.length, 'exactly those were left out');
    assert.ok(second.warnings.some((warning) => /^\d+ papers left out: already featured/.test(warning)));
    const repeated = secondPost.ids.filter((id) => firstPost.ids.includes(id));
    assert.deepEqual(repeated, []);
    assert.equal(first.dropped.seen, 0, 'nothing was featured before the first digest');
  });

  test('--include-seen keeps the papers the first digest featured', async () => {
    const kept = await build(
      ['--from', '2025-11-20', '--to', '2025-11-26', '--out', 'E', '--include-seen'],
      afterFirst,
    );
    const post = readPost(kept.outputs.markdown);
    const repeated = post.ids.filter((id) => firstPost.ids.includes(id));
    assert.ok(repeated.length > 0, 'some papers of the first digest are featured again');
    assert.equal(kept.dropped.seen, 0);
    assert.ok(!kept.warnings.some((warning) => warning.includes('already featured')));
  });

  test("the second digest's trends compare with the first: its window, each direction's status and share", () => {
    assert.ok(!firstPost.trends.some((line) => line.includes('上一期')), 'no earlier digest to compare with');
    const comparison = secondPost.trends.find((line) => line.includes('与上一期'));
    assert.ok(comparison, secondPost.trends.join('\n'));
    const [, parts = ''] = /^\d+\. 与上一期（2025-11-17 至 2025-11-23）相比：(.+)。$/.exec(comparison) ?? [];
    assert.ok(parts, comparison);
    const current = new Map(second.directions.map((direction) => [direction.name, direction.papers]));
    const previous = new Map(first.directions.map((direction) => [direction.name, direction.papers]));
    const named = new Set<string>();
    for (const part of parts.split('；')) {
      const now =
        /^(新出现|增长|减弱|持平)的方向“(.+?)”（(?:(?:上一期“(.+)”：)?([\d.]+%) → )?([\d.]+%)）$/.exec(part);
      const gone = /^上一期的“(.+)”（([\d.]+%)）本期没有对应方向$/.exec(part);
      assert.ok(now || gone, `a statement with its figures: ${part}`);
      if (now) {
        const [, status, name = '', previousName, before, share] = now;
        assert.equal(
          share,
          percentOf(current.get(name) ?? -1, second.papers),
          `${name}: share of this digest`,
        );
        assert.equal(
          status === '新出现',
          before === undefined,
          `${part}: only a matched direction has a before`,
        );
        if (before !== undefined) {
          // The matched direction of the first digest, by its name there (named when it differs).
          const earlier = previousName ?? name;
          assert.equal(
            before,
            percentOf(previous.get(earlier) ?? -1, first.papers),
            `${part}: share last time`,
          );
        }
        named.add(name);
      } else if (gone) {
        const [, name = '', share] = gone;
        assert.equal(share, percentOf(previous.get(name) ?? -1, first.papers), `${name}: share last time`);
      }
    }
    assert.deepEqual(
      [...named].sort(),
      [...current.keys()].sort(),
      'every direction of this digest is named',
    );
  });

  test('with one month of stored data the trends claim no growth and say why', () => {
    // The store holds November 2025 papers on a few days (v1 date, else listing date), not 30 days;
    // each digest's history ends at its own window's end (no look into its future).
    for (const [report, post] of [
      [first, firstPost],
      [second, secondPost],
    ] as const) {
      const november = [...listed.values()]
        .map((paper) => (paper.published ?? paper.announced) as string)
        .filter((date) => date.startsWith('2025-11') && date <= report.window.to);
      const storedDays = new Set(november).size;
      assert.ok(storedDays < 20, `${storedDays} days`);
      assert.equal(
        post.intro,
        `以下趋势基于2025年11月的 ${november.length} 篇论文（数据覆盖 ${storedDays} 天）：`,
      );
      const text = post.trends.join('\n');
      assert.match(text, /库中只有 2025-11 至 2025-11 共 1 个月的数据（\d+ 篇），不足以判断增长趋势/);
      assert.doesNotMatch(text, /为此前的|\d\.\dx|过去|近年|几年/);
    }
  });

  test('check passes both posts against the store', async () => {
    for (const report of [first, second]) {
      const result = await runCli(['check', report.outputs.markdown], { cwd, env });
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /check: 30 papers, \d+ claims, 0 unsupported/);
    }
  });

  test('the topic feeds list both digests, newest first, with their dates and links', () => {
    const topic = path.join(cwd, 'S', 'topics', 'multimodal');
    for (const file of ['feed.atom', 'feed.rss']) {
      const lint = spawnSync('xmllint', ['--noout', path.join(topic, file)], { encoding: 'utf8' });
      assert.equal(lint.status, 0, `${file}: ${lint.stderr}`);
    }
    const posts = ['posts/multimodal-2025-11-27.html', 'posts/multimodal-2025-11-24.html'];
    const atom = parseAtomFeed(readFileSync(path.join(topic, 'feed.atom'), 'utf8'));
    assert.deepEqual(
      atom.entries?.map((entry) => [
        entry.updated,
        entry.links?.[0]?.href?.replace(/^.*?\/posts\//, 'posts/'),
      ]),
      [
        ['2025-11-27T00:00:00.000Z', posts[0]],
        ['2025-11-24T00:00:00.000Z', posts[1]],
      ],
    );
    assert.equal(atom.entries?.[1]?.title?.value, '多模态研究周报 · 2025-11-17 – 2025-11-23');
    const rss = parseRssFeed(readFileSync(path.join(topic, 'feed.rss'), 'utf8'));
    assert.deepEqual(
      rss.items?.map((item) => item.pubDate),
      ['Thu, 27 Nov 2025 00:00:00 GMT', 'Mon, 24 Nov 2025 00:00:00 GMT'],
    );
    assert.ok(rss.items?.[0]?.link?.endsWith(posts[0] as string));
    const json = parseJsonFeed(JSON.parse(readFileSync(path.join(topic, 'feed.json'), 'utf8')));
    assert.deepEqual(
      json.items?.map((item) => [item.date_published, item.title]),
      [
        ['2025-11-27T00:00:00.000Z', '多模态研究周报 · 2025-11-20 – 2025-11-26'],
        ['2025-11-24T00:00:00.000Z', '多模态研究周报 · 2025-11-17 – 2025-11-23'],
      ],
    );
    // Every featured paper of the newest digest is linked from its feed entry.
    const content = json.items?.[0]?.content_html ?? '';
    for (const id of secondPost.ids) assert.ok(content.includes(`https://arxiv.org/abs/${id}`), id);
  });

  test('publish rebuilds the same site from the stored runs, byte for byte', async () => {
    const result = await runCli(['publish', 'P'], { cwd, env: { ARXIV_DIGEST_DB: afterSecond } });
    assert.equal(result.code, 0, result.stderr);
    const files = (dir: string): string[] =>
      (
        readdirSync(path.join(cwd, dir), {
          recursive: true,
          withFileTypes: true,
        }) as import('node:fs').Dirent[]
      )
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(path.join(cwd, dir), path.join(entry.parentPath, entry.name)))
        .sort();
    assert.deepEqual(files('P'), files('S'));
    for (const file of files('S')) {
      assert.ok(
        readFileSync(path.join(cwd, 'P', file)).equals(readFileSync(path.join(cwd, 'S', file))),
        file,
      );
    }
  });

  test('--since-last --to continues the day after the previous digest and compares with it', async () => {
    const next = await build(
      ['--since-last', '--to', '2025-11-27', '--out', 'F', '--site', 'T'],
      copyStore('since-last-to.db', afterSecond),
      { ARXIV_DIGEST_SITE_URL: 'https://digest.example.org/weekly/' },
    );
    assert.deepEqual(next.window, { from: '2025-11-27', to: '2025-11-27' });
    assert.equal(next.outputs.markdown, 'F/multimodal-2025-11-28.md');
    const post = readPost(next.outputs.markdown);
    assert.deepEqual(
      post.ids.filter((id) => firstPost.ids.includes(id) || secondPost.ids.includes(id)),
      [],
    );
    for (const id of post.ids) assert.equal(firstDate(id), '2025-11-27', id);
    assert.ok(post.trends.some((line) => line.includes('与上一期（2025-11-20 至 2025-11-26）相比')));
    // The site rebuilt by this build takes its feed links from ARXIV_DIGEST_SITE_URL, as `publish` does.
    const rss = parseRssFeed(readFileSync(path.join(cwd, 'T', 'topics', 'multimodal', 'feed.rss'), 'utf8'));
    assert.deepEqual(
      rss.items?.map((item) => item.link),
      ['2025-11-28', '2025-11-27', '2025-11-24'].map(
        (date) => `https://digest.example.org/weekly/posts/multimodal-${date}.html`,
      ),
    );
  });

  test('--since-last alone ends at yesterday by the real clock; it cannot be mixed with --from', async () => {
    const yesterdayBefore = addDays(toIsoDate(new Date()), -1);
    const caughtUp = copyStore('since-last.db', afterSecond);
    const open = await build(['--since-last', '--out', 'G'], caughtUp);
    const yesterdayAfter = addDays(toIsoDate(new Date()), -1);
    assert.equal(open.window.from, '2025-11-27');
    assert.ok([yesterdayBefore, yesterdayAfter].includes(open.window.to), open.window.to);

    // Run again: the store is caught up to yesterday, which is "nothing new" (exit 0), not an error.
    const again = await build(['--since-last', '--out', 'G'], caughtUp);
    assert.deepEqual(again as unknown, {
      ok: true,
      nothingToBuild: true,
      language: 'zh',
      topic: 'multimodal',
      upToDate: open.window.to,
      fetch: null,
    });

    const mixed = await runCli(
      [
        'build',
        '--topic',
        'multimodal',
        '--lang',
        'zh',
        '--since-last',
        '--from',
        '2025-11-27',
        '--no-fetch',
      ],
      { cwd, env: { ARXIV_DIGEST_DB: afterSecond } },
    );
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /--from and --since-last cannot be combined/);
    const behind = await runCli(
      ['build', '--topic', 'multimodal', '--lang', 'zh', '--since-last', '--to', '2025-11-25', '--no-fetch'],
      { cwd, env: { ARXIV_DIGEST_DB: afterSecond } },
    );
    assert.equal(behind.code, 2);
    assert.match(behind.stderr, /the previous digest already reaches 2025-11-26, past --to 2025-11-25/);
  });
});
