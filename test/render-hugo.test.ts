import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import type { Digest } from '../src/core/digest.ts';
import { mathSpans } from '../src/core/math.ts';
import { normalizeInline } from '../src/core/paper.ts';
import { renderPost } from '../src/render/markdown.ts';
import { arxivDaysLines, loadSeedPapers } from './helpers/arxiv-data.ts';
import { runCli, seedPapersFile } from './helpers/cli.ts';
import { escapeHtml } from './helpers/post-parts.ts';
import { sampleDigest } from './helpers/sample-digest.ts';

/**
 * A real static-site generator must build our posts: a minimal Hugo site (Debian's hugo 0.111,
 * goldmark with its default extensions: typographer, linkify, tables, strikethrough, footnotes,
 * definition lists) renders the zh and en posts, the hostile-title variants and a draft.
 */

const run = promisify(execFile);
const hugo = process.env.HUGO_BIN ?? 'hugo';

interface SitePost {
  file: string;
  digest: Digest;
}

function variant(digest: Digest, slug: string, change: (digest: Digest) => void = () => {}): Digest {
  const copy = structuredClone(digest);
  copy.slug = slug;
  change(copy);
  return copy;
}

const posts: SitePost[] = [
  { file: 'zh.md', digest: sampleDigest('zh') },
  { file: 'en.md', digest: sampleDigest('en') },
  { file: 'zh-hostile.md', digest: variant(sampleDigest('zh', { hostileTitle: true }), 'zh-hostile') },
  {
    file: 'en-hostile.md',
    digest: variant(sampleDigest('en', { hostileTitle: true }), 'en-hostile', (digest) => {
      // More things Hugo itself would act on: shortcodes, footnotes, HTML entities, a title: with quotes.
      const [first, second, third] = digest.papers;
      if (first) first.paper.title = '{{< param "title" >}} and {{% readfile "/etc/passwd" %}}';
      if (second) second.paper.title = 'Footnote[^1] ~~strike~~ &amp; www.example.com';
      if (third) third.paper.authors = ['# Not A Heading', 'Second Author'];
      digest.title = 'Digest: "quoted" --- title';
    }),
  },
  { file: 'draft.md', digest: variant(sampleDigest('en'), 'draft-post', (digest) => (digest.draft = true)) },
];

const config = `baseURL = "https://digest.example.org/"
languageCode = "en"
title = "arxiv-digest test site"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
enableGitInfo = false
`;

const singleLayout = `<!doctype html>
<html><head><title>{{ .Title }}</title></head>
<body>
<h1 class="title">{{ .Title }}</h1>
<time>{{ .Date.Format "2006-01-02" }}</time>
<p class="description">{{ .Description }}</p>
<ul class="tags">{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul>
<article>
{{ .Content }}
</article>
</body></html>
`;

const listLayout = `<!doctype html>
<html><body><ul>{{ range .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
`;

/** Hugo's typographer turns quotes and dashes into typographic ones; map them back before comparing. */
function undoTypographer(html: string): string {
  return html
    .replace(/&ldquo;|&rdquo;/g, '&quot;')
    .replace(/&lsquo;|&rsquo;/g, "'")
    .replace(/&mdash;/g, '---')
    .replace(/&ndash;/g, '--')
    .replace(/&hellip;/g, '...')
    .replace(/&laquo;/g, '&lt;&lt;')
    .replace(/&raquo;/g, '&gt;&gt;')
    .replace(/&#39;/g, "'")
    .replace(/&#34;/g, '&quot;');
}

/** Text of the HTML with tags removed (links unwrapped, as linkify may add some). */
function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, '');
}

describe('Hugo builds the rendered posts', () => {
  let root = '';
  let output = '';
  const pages = new Map<string, string>();

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'arxiv-digest-'));
    const site = path.join(root, 'site');
    output = path.join(root, 'public');
    fs.mkdirSync(path.join(site, 'content', 'posts'), { recursive: true });
    fs.mkdirSync(path.join(site, 'layouts', '_default'), { recursive: true });
    fs.writeFileSync(path.join(site, 'hugo.toml'), config);
    fs.writeFileSync(path.join(site, 'layouts', '_default', 'single.html'), singleLayout);
    fs.writeFileSync(path.join(site, 'layouts', '_default', 'list.html'), listLayout);
    for (const post of posts) {
      fs.writeFileSync(path.join(site, 'content', 'posts', post.file), renderPost(post.digest));
    }
    // No modules, themes or network: a local site, its own cache directory, no build lock file.
    await run(
      hugo,
      [
        '--quiet',
        '--source',
        site,
        '--destination',
        output,
        '--cacheDir',
        path.join(root, 'cache'),
        '--noBuildLock',
      ],
      {
        timeout: 60_000,
        env: { ...process.env, HUGO_ENVIRONMENT: 'production', HUGO_ENABLEGITINFO: 'false' },
      },
    );
    for (const post of posts) {
      const file = path.join(output, 'posts', post.digest.slug, 'index.html');
      if (fs.existsSync(file)) pages.set(post.digest.slug, fs.readFileSync(file, 'utf8'));
    }
  });

  after(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('every published post has a page under its slug; the draft has none', () => {
    for (const post of posts) {
      assert.equal(pages.has(post.digest.slug), !post.digest.draft, post.digest.slug);
    }
  });

  test('Hugo reads the frontmatter: title, date, description and tags', () => {
    for (const post of posts.filter((entry) => !entry.digest.draft)) {
      const html = undoTypographer(pages.get(post.digest.slug) ?? '');
      assert.ok(html.includes(`<h1 class="title">${escapeHtml(post.digest.title)}</h1>`), post.digest.slug);
      assert.ok(html.includes('<time>2025-11-28</time>'), `${post.digest.slug}: date read as a date`);
      assert.ok(html.includes(`<p class="description">${escapeHtml(post.digest.description)}</p>`));
      const tags = post.digest.tags.map((tag) => `<li>${escapeHtml(tag)}</li>`).join('');
      assert.ok(html.includes(`<ul class="tags">${tags}</ul>`), `${post.digest.slug}: tags`);
    }
  });

  test('every paper title appears as text, exactly as written, and nothing hostile becomes markup', () => {
    for (const post of posts.filter((entry) => !entry.digest.draft)) {
      const html = pages.get(post.digest.slug) ?? '';
      const article = html.slice(html.indexOf('<article>'), html.indexOf('</article>'));
      const text = undoTypographer(textOf(article));
      for (const entry of post.digest.papers) {
        const title = escapeHtml(normalizeInline(entry.paper.title));
        assert.ok(text.includes(title), `${post.digest.slug}: title of ${entry.paper.id}: ${title}`);
      }
      assert.ok(!/<img/i.test(article), 'no <img> element');
      assert.ok(!/<script/i.test(article), 'no <script> element');
      assert.ok(!/<del>|<sup|class="footnote/i.test(article), 'no strikethrough or footnote from titles');
      assert.equal(article.match(/<h[1-6][ >]/g)?.length, 2, 'only the two section headings');
      assert.ok(!/href="javascript:/i.test(article), 'no javascript: link');
      assert.ok(!article.includes('root:'), 'no shortcode ran');
      assert.ok(!article.includes('raw HTML omitted'), 'nothing was treated as raw HTML');
    }
  });

  test('each paper paragraph links its arXiv page, and the direction lists nest', () => {
    for (const post of posts.filter((entry) => !entry.digest.draft)) {
      const html = pages.get(post.digest.slug) ?? '';
      for (const entry of post.digest.papers) {
        const href = `href="https://arxiv.org/abs/${entry.paper.id}v${entry.paper.version}"`;
        const representatives = post.digest.directions.filter((direction) =>
          direction.representativeIds.includes(entry.paper.id),
        ).length;
        assert.equal(
          html.split(href).length - 1,
          1 + representatives,
          `${post.digest.slug}: links to ${entry.paper.id}`,
        );
      }
      const directionsList = html.slice(html.indexOf('<ol>'), html.indexOf('</ol>'));
      assert.match(directionsList, /<li>\s*(?:<p>)?<strong>[^<]+<\/strong>/);
      assert.match(directionsList, /<ul>\s*<li>[\s\S]*?<ul>\s*<li><em><a href="https:\/\/arxiv\.org\/abs\//);
      const strongCount = html.match(/<strong>/g)?.length ?? 0;
      const bolded = post.digest.papers.filter((entry) => entry.summary.keyInnovation !== '').length;
      assert.equal(strongCount, bolded + post.digest.directions.length, `${post.digest.slug}: bold spans`);
      assert.equal(html.match(/<ol>/g)?.length, 2, 'a directions list and a trends list');
    }
  });
});

/** Runs Hugo on a site directory with the test's isolation flags (no modules, own cache, no lock). */
async function hugoBuild(site: string, output: string, cacheDir: string): Promise<void> {
  await run(
    hugo,
    ['--quiet', '--source', site, '--destination', output, '--cacheDir', cacheDir, '--noBuildLock'],
    {
      timeout: 60_000,
      env: { ...process.env, HUGO_ENVIRONMENT: 'production', HUGO_ENABLEGITINFO: 'false' },
    },
  );
}

interface RealPost {
  file: string;
  slug: string;
  date: string;
  title: string;
  tags: string[];
  charts: string[];
}

/** `build --input seed-papers.jsonl --llm none` through the real CLI, as a user would run it. */
async function buildReal(cwd: string, language: 'zh' | 'en', out: string): Promise<RealPost> {
  const result = await runCli(
    ['build', '--input', seedPapersFile, '--lang', language, '--llm', 'none', '--out', out, '--json'],
    {
      cwd,
      env: { ARXIV_DIGEST_DB: path.join(cwd, 'store.db') },
    },
  );
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as { outputs: { markdown: string; charts: string[] } };
  const file = path.join(cwd, report.outputs.markdown);
  const frontmatter = parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(fs.readFileSync(file, 'utf8'))?.[1] ?? '') as {
    slug: string;
    date: string;
    title: string;
    tags: string[];
  };
  return { file, ...frontmatter, charts: report.outputs.charts.map((chart) => path.join(cwd, chart)) };
}

/**
 * The real posts `build` wrote, with their chart PNGs, in the two layouts that keep a post's
 * relative chart links working in Hugo: a page bundle per post (content/posts/<slug>/index.md, pretty
 * URLs), and `build --out content/posts` itself with `uglyURLs = true`.
 */
describe('Hugo builds the real posts of `build` with their charts', () => {
  let root = '';
  const seedTitles = loadSeedPapers().map((paper) => escapeHtml(normalizeInline(paper.title)));
  const layouts = new Map<
    string,
    { posts: RealPost[]; pageOf: (post: RealPost) => string; output: string }
  >();

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'arxiv-digest-'));
    const real = [await buildReal(root, 'zh', 'posts'), await buildReal(root, 'en', 'posts')];

    const bundles = path.join(root, 'bundles');
    for (const post of real) {
      const bundle = path.join(bundles, 'content', 'posts', post.slug);
      fs.mkdirSync(bundle, { recursive: true });
      fs.copyFileSync(post.file, path.join(bundle, 'index.md'));
      for (const chart of post.charts) fs.copyFileSync(chart, path.join(bundle, path.basename(chart)));
    }

    // The flat layout is what `build --out content/posts` writes: the post and its PNGs side by side.
    const flat = path.join(root, 'flat');
    fs.mkdirSync(path.join(flat, 'content', 'posts'), { recursive: true });
    for (const file of real.flatMap((post) => [post.file, ...post.charts]))
      fs.copyFileSync(file, path.join(flat, 'content', 'posts', path.basename(file)));

    for (const [name, site, posts, extraConfig, pageOf] of [
      ['bundles', bundles, real, '', (post: RealPost) => path.join('posts', post.slug, 'index.html')],
      ['flat', flat, real, 'uglyURLs = true\n', (post: RealPost) => path.join('posts', `${post.slug}.html`)],
    ] as const) {
      fs.mkdirSync(path.join(site, 'layouts', '_default'), { recursive: true });
      fs.writeFileSync(path.join(site, 'hugo.toml'), config + extraConfig);
      fs.writeFileSync(path.join(site, 'layouts', '_default', 'single.html'), singleLayout);
      fs.writeFileSync(path.join(site, 'layouts', '_default', 'list.html'), listLayout);
      const output = path.join(root, `public-${name}`);
      await hugoBuild(site, output, path.join(root, 'cache'));
      layouts.set(name, { posts, pageOf, output });
    }
  });

  after(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  for (const name of ['bundles', 'flat']) {
    test(`${name}: every post has its page, frontmatter read, every paper title as text, charts resolve`, () => {
      const layout = layouts.get(name);
      assert.ok(layout);
      assert.equal(layout.posts.length, 2);
      for (const post of layout.posts) {
        const page = path.join(layout.output, layout.pageOf(post));
        assert.ok(fs.existsSync(page), `${name}: ${post.slug} has a page`);
        const html = fs.readFileSync(page, 'utf8');
        assert.ok(
          undoTypographer(html).includes(`<h1 class="title">${escapeHtml(post.title)}</h1>`),
          post.slug,
        );
        assert.ok(html.includes(`<time>${post.date}</time>`), `${post.slug}: date read as a date`);
        const tags = post.tags.map((tag) => `<li>${escapeHtml(tag)}</li>`).join('');
        assert.ok(html.includes(`<ul class="tags">${tags}</ul>`), `${post.slug}: tags read as a list`);

        const article = html.slice(html.indexOf('<article>'), html.indexOf('</article>'));
        const text = undoTypographer(textOf(article));
        for (const title of seedTitles) assert.ok(text.includes(title), `${post.slug}: ${title}`);

        const sources = [...article.matchAll(/<img src="([^"]+)"/g)].map((match) => match[1] as string);
        assert.equal(sources.length, post.charts.length, `${post.slug}: one image per chart`);
        for (const [index, source] of sources.entries()) {
          // Resolve the relative link the way a browser does from the page's URL.
          const url = new URL(
            source,
            `https://digest.example.org/${layout.pageOf(post).replace(/index\.html$/, '')}`,
          );
          const published = path.join(layout.output, decodeURIComponent(url.pathname));
          assert.ok(fs.existsSync(published), `${post.slug}: ${source} is published at ${url.pathname}`);
          assert.ok(fs.readFileSync(published).equals(fs.readFileSync(post.charts[index] as string)), source);
        }
      }
    });
  }
});

/** Hugo's version as [major, minor]; passthrough (math left to the math renderer) arrived in 0.122. */
async function hugoVersion(): Promise<[number, number]> {
  const { stdout } = await run(hugo, ['version'], { timeout: 30_000 });
  const [, major = '0', minor = '0'] = /v(\d+)\.(\d+)/.exec(stdout) ?? [];
  return [Number(major), Number(minor)];
}

// The configuration README.md gives for math: our Markdown writes every formula as $…$ or $$…$$.
const passthroughConfig = `[markup.goldmark.extensions.passthrough]
enable = true
[markup.goldmark.extensions.passthrough.delimiters]
block = [['$$', '$$']]
inline = [['$', '$']]
`;

/**
 * Formulas through Hugo: a real math-heavy post (quant-ph papers of arxiv-days, built offline) in a
 * site configured with Goldmark's passthrough, as README.md says. Every formula of the post must
 * reach the HTML with its delimiters and TeX intact, for KaTeX/MathJax to typeset. Hugo before 0.122
 * has no passthrough and applies Markdown escapes inside formulas ("\%" -> "%"); there only the
 * formulas without such escapes are held to that, and the rest are counted.
 */
describe('Hugo keeps the TeX of a math-heavy post intact (passthrough)', () => {
  let root = '';
  let markdown = '';
  let html = '';
  let version: [number, number] = [0, 0];

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'arxiv-digest-'));
    const field = arxivDaysLines((category) => category === 'quant-ph');
    const input = path.join(root, 'quant-ph.jsonl');
    fs.writeFileSync(input, `${field.join('\n')}\n`);
    const result = await runCli(
      ['build', '--input', input, '--lang', 'en', '--llm', 'none', '--out', 'posts', '--json'],
      {
        cwd: root,
        env: { ARXIV_DIGEST_DB: path.join(root, 'store.db') },
      },
    );
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { outputs: { markdown: string } };
    markdown = fs.readFileSync(path.join(root, report.outputs.markdown), 'utf8');
    const slug = (parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(markdown)?.[1] ?? '') as { slug: string }).slug;

    const site = path.join(root, 'site');
    fs.mkdirSync(path.join(site, 'content', 'posts'), { recursive: true });
    fs.mkdirSync(path.join(site, 'layouts', '_default'), { recursive: true });
    fs.writeFileSync(path.join(site, 'hugo.toml'), config + passthroughConfig);
    fs.writeFileSync(path.join(site, 'layouts', '_default', 'single.html'), singleLayout);
    fs.writeFileSync(path.join(site, 'layouts', '_default', 'list.html'), listLayout);
    fs.writeFileSync(path.join(site, 'content', 'posts', 'quant-ph.md'), markdown);
    await hugoBuild(site, path.join(root, 'public'), path.join(root, 'cache'));
    html = fs.readFileSync(path.join(root, 'public', 'posts', slug, 'index.html'), 'utf8');
    version = await hugoVersion();
  });

  after(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('every formula reaches the HTML between its delimiters, TeX intact', (context) => {
    const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
    const formulas = mathSpans(body, { dollarsOnly: true }).map((span) => body.slice(span.start, span.end));
    assert.ok(formulas.length >= 50, `${formulas.length} formulas in the post`);
    const article = decodeEntities(html.slice(html.indexOf('<article>'), html.indexOf('</article>')));
    const hasPassthrough = version[0] > 0 || version[1] >= 122;
    // Markdown escapes (backslash + ASCII punctuation) are what Goldmark changes without passthrough.
    const escapesInside = (formula: string) => /\\[!-/:-@[-`{-~]/.test(formula);
    const held = hasPassthrough ? formulas : formulas.filter((formula) => !escapesInside(formula));
    const lost = held.filter((formula) => !article.includes(formula));
    assert.deepEqual(lost, [], 'formulas changed by Hugo');
    assert.ok(held.length >= 50, `${held.length} formulas checked`);
    context.diagnostic(
      `hugo ${version.join('.')}: ${held.length}/${formulas.length} formulas checked verbatim` +
        (hasPassthrough ? '' : ' (no passthrough before 0.122: formulas with Markdown escapes not checked)'),
    );
  });
});

function decodeEntities(html: string): string {
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
