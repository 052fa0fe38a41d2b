import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { sitePaths } from '../src/render/html.ts';
import { pageLabels } from '../src/render/templates/page-labels.ts';
import { launchBrowser } from './helpers/browser.ts';
import { runCli, seedPapersFile, temporaryDirectory } from './helpers/cli.ts';

/**
 * Acceptance of the published site from real builds: `build --input seed-papers.jsonl --site S` in
 * zh and en (plus a small topic whose paper title is an <img onerror> payload), then the real
 * `bin/arxiv-digest serve S` in a child process, and headless Chromium on the index and both posts.
 * Screenshots go to test-output/e2e-*.png for a person to look at.
 */

const repository = fileURLToPath(new URL('../', import.meta.url));
// The sources through tsx (bin/arxiv-digest-dev), never a possibly stale dist/.
const bin = path.join(repository, 'bin', 'arxiv-digest-dev');
const outputDirectory = path.join(repository, 'test-output');
const cwd = temporaryDirectory();
const env = { ARXIV_DIGEST_DB: path.join(cwd, 'store.db') };
const hostileTitle = '<img src=x onerror=alert(1)>';

interface Built {
  markdown: string;
  charts: string[];
  directions: { name: string; papers: number }[];
  title: string;
  slug: string;
  ids: string[];
}

async function buildSite(input: string, language: 'zh' | 'en'): Promise<Built> {
  const result = await runCli(
    ['build', '--input', input, '--lang', language, '--llm', 'none', '--out', 'D', '--site', 'S', '--json'],
    { cwd, env },
  );
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as {
    check: { ok: boolean };
    directions: Built['directions'];
    outputs: { markdown: string; charts: string[] };
  };
  assert.ok(report.check.ok, 'the post passes its claim check');
  const markdown = readFileSync(path.join(cwd, report.outputs.markdown), 'utf8');
  const frontmatter = parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(markdown)?.[1] ?? '') as Record<
    string,
    string
  >;
  const papers = markdown.slice(0, markdown.search(/^### /m));
  return {
    markdown,
    charts: report.outputs.charts,
    directions: report.directions,
    title: frontmatter.title as string,
    slug: frontmatter.slug as string,
    ids: [...papers.matchAll(/\]\(https:\/\/arxiv\.org\/abs\/([\d.]+?)(?:v\d+)?\)/g)].map(
      (match) => match[1] as string,
    ),
  };
}

/** A second topic: four seed records, one of them under a new id with a script-bearing title. */
function writeHostileInput(): string {
  const lines = readFileSync(seedPapersFile, 'utf8').split('\n').filter(Boolean).slice(0, 4);
  const record = JSON.parse(lines[0] as string) as Record<string, unknown>;
  lines[0] = JSON.stringify({ ...record, id: '2511.99901', title: hostileTitle });
  const file = path.join(cwd, 'hostile-titles.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Starts `bin/arxiv-digest serve S --port 0 --json` and resolves with its URL. */
function startServe(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [bin, 'serve', 'S', '--port', '0', '--json'], {
    cwd,
    env: { PATH: process.env.PATH, HOME: cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      try {
        resolve({ child, url: (JSON.parse(stdout) as { url: string }).url });
      } catch {
        // the JSON line is not complete yet
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stdout}${stderr}`)));
  });
}

let built: Record<'zh' | 'en' | 'hostile', Built>;
let serve: { child: ChildProcess; url: string };
let browser: Browser;

before(async () => {
  built = {
    zh: await buildSite(seedPapersFile, 'zh'),
    en: await buildSite(seedPapersFile, 'en'),
    hostile: await buildSite(writeHostileInput(), 'en'),
  };
  serve = await startServe();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (serve && serve.child.exitCode === null) serve.child.kill('SIGKILL');
  rmSync(cwd, { recursive: true, force: true });
});

interface Watched {
  page: Page;
  problems: string[];
  dialogs: string[];
  foreignRequests: string[];
}

/** Opens a site path, recording console errors/warnings, page errors, dialogs and requests elsewhere. */
async function open(sitePath: string): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const watched: Watched = { page, problems: [], dialogs: [], foreignRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') watched.problems.push(message.text());
  });
  page.on('pageerror', (error) => watched.problems.push(error.message));
  page.on('dialog', (dialog) => {
    watched.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(serve.url)) watched.foreignRequests.push(request.url());
  });
  const response = await page.goto(new URL(sitePath, serve.url).href, { waitUntil: 'load' });
  assert.equal(response?.status(), 200, `${sitePath} is served`);
  return watched;
}

async function finish(watched: Watched, screenshot: string | null): Promise<void> {
  try {
    if (screenshot) {
      const file = path.join(outputDirectory, screenshot);
      await watched.page.screenshot({ path: file, fullPage: true });
      assert.ok(statSync(file).size > 10_000, `${screenshot} has content`);
    }
    assert.deepEqual(watched.dialogs, [], 'no dialog fired');
    assert.deepEqual(watched.problems, [], 'no console errors or warnings');
    assert.deepEqual(watched.foreignRequests, [], 'nothing is loaded from elsewhere');
  } finally {
    await watched.page.close();
  }
}

describe('a site built from the seed papers, served by `serve`, in chromium', () => {
  test('the index lists both seed digests and the second topic', async () => {
    const watched = await open('/');
    const { page } = watched;
    assert.equal(await page.title(), pageLabels('zh').siteTitle);
    const links = await page.$$eval('.digest-list a', (anchors) =>
      anchors.map((anchor) => anchor.getAttribute('href')),
    );
    for (const digest of [built.zh, built.en, built.hostile]) {
      assert.ok(links.includes(sitePaths.post(digest.slug)), `index links ${digest.slug}`);
    }
    const titles = await page.$$eval('.digest-list a', (anchors) =>
      anchors.map((anchor) => anchor.textContent),
    );
    for (const digest of [built.zh, built.en]) assert.ok(titles.includes(digest.title), digest.title);
    await finish(watched, 'e2e-index.png');
  });

  for (const language of ['zh', 'en'] as const) {
    test(`the ${language} post: its title, all 34 papers in order, the charts as SVG with marks`, async () => {
      const digest = built[language];
      const watched = await open(sitePaths.post(digest.slug));
      const { page } = watched;
      assert.equal(await page.title(), digest.title);
      assert.equal(await page.textContent('h1'), digest.title);
      assert.equal(await page.getAttribute('html', 'lang'), language === 'zh' ? 'zh-CN' : 'en');
      const ids = await page.$$eval('article.paper', (items) =>
        items.map((item) => item.getAttribute('data-arxiv-id')),
      );
      assert.equal(ids.length, 34);
      assert.deepEqual(ids, digest.ids, 'every paper of the Markdown post, in its order');
      const charts = await page.$$eval('figure.chart > svg', (svgs) =>
        svgs.map((svg) => ({
          bars: svg.querySelectorAll('path[aria-roledescription="bar"]').length,
          marks: svg.querySelectorAll('[aria-roledescription$="mark"], [aria-roledescription="bar"]').length,
          width: svg.getBoundingClientRect().width,
        })),
      );
      assert.equal(charts.length, digest.charts.length, 'one inline SVG per chart the post has as PNG');
      assert.equal(charts[0]?.bars, digest.directions.length, 'the share chart: one bar per direction');
      for (const chart of charts) {
        assert.ok(chart.marks > 0 && chart.width > 300, 'each chart draws marks at a readable size');
      }
      await finish(watched, `e2e-${language}.png`);
    });
  }

  test('a paper titled <img src=x onerror=alert(1)> shows as text and fires nothing', async () => {
    const watched = await open(sitePaths.post(built.hostile.slug));
    const { page } = watched;
    assert.equal(await page.textContent('#paper-2511\\.99901 a'), hostileTitle);
    assert.equal(await page.locator('img').count(), 0, 'no img element anywhere');
    // The only scripts are the site's own search files (Pagefind's UI and its starter), none inline.
    const scripts = await page.$$eval('script', (elements) =>
      elements.map((element) => ({ src: element.getAttribute('src'), inline: element.textContent ?? '' })),
    );
    assert.deepEqual(
      scripts.map((script) => script.src),
      ['../pagefind/pagefind-ui.js', '../assets/search.js'],
    );
    assert.ok(
      scripts.every((script) => script.inline.trim() === ''),
      'no inline script',
    );
    assert.equal(await page.locator('article.paper').count(), 4);
    await finish(watched, null);
  });

  test('serve stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => serve.child.on('exit', (code) => resolve(code)));
    serve.child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});
