import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Digest } from '../src/core/digest.ts';
import { type PreviewServer, startPreviewServer } from '../src/pipeline/serve.ts';
import { publishSite } from '../src/pipeline/site.ts';
import { sitePaths } from '../src/render/html.ts';
import type { RunRecord } from '../src/store/types.ts';
import { parsePost } from '../src/verify/post.ts';
import { launchBrowser, screenshotDirectory } from './helpers/browser.ts';
import { sampleDigest } from './helpers/sample-digest.ts';

/**
 * The readers' side of the site in Chromium: Pagefind search over a site with a zh and an en digest
 * (of two topics), and the pages on a 390 px phone: no sideways scrolling, no serious or critical
 * axe-core violations in light and dark mode. The zh digest carries the real Chinese summaries of
 * the seed post (/work/shared/seed/multimodal.md), so the Chinese query searches real Chinese text.
 */

// Page functions run in the browser; the test's TypeScript lib has no DOM, so name what they use.
interface DomElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
}
declare const document: {
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement> & { length: number };
  documentElement: { scrollWidth: number };
};
declare const window: object;
declare function getComputedStyle(element: unknown): { backgroundColor: string };

const seedPostFile = new URL('../../shared/seed/multimodal.md', import.meta.url);
const temporary = mkdtempSync(path.join(os.tmpdir(), 'arxiv-digest-readers-'));
const siteDirectory = path.join(temporary, 'site');

/** The seed post's Chinese paragraph for each paper, by arXiv id. */
function chineseSummaries(): Map<string, string> {
  const post = parsePost(readFileSync(seedPostFile, 'utf8'));
  const summaries = new Map<string, string>();
  for (const paragraph of post.paragraphs) {
    const id = /abs\/([^v\s)]+)/.exec(paragraph.link.url)?.[1];
    if (id) summaries.set(id, paragraph.summary);
  }
  return summaries;
}

function zhDigest(): Digest {
  const digest = sampleDigest('zh');
  const summaries = chineseSummaries();
  assert.ok(summaries.size >= 30, `${summaries.size} Chinese summaries in the seed post`);
  const papers = digest.papers.map((entry, index) => ({
    ...entry,
    // Phones must wrap what has no break opportunity: a long URL in a title, a long token in a summary.
    ...(index === 2
      ? {
          paper: {
            ...entry.paper,
            title: `${entry.paper.title} https://github.com/example-organisation/an-extremely-long-repository-name-without-any-breaks-0123456789`,
          },
        }
      : {}),
    summary: {
      ...entry.summary,
      text: `${summaries.get(entry.paper.id) ?? entry.summary.text}${index === 3 ? ' Supercalifragilisticexpialidocious_token_without_breaks_ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789' : ''}`,
      keyInnovation: '',
    },
    // Two preferred papers, so the ★ line is on the phone pages too.
    ...(index < 2
      ? {
          preference: [
            { kind: 'author' as const, author: entry.paper.authors[1] ?? '' },
            { kind: 'keyword' as const, keyword: 'multimodal' },
          ],
        }
      : {}),
  }));
  return { ...digest, papers };
}

function enDigest(): Digest {
  const digest = sampleDigest('en');
  // A second topic, so the topic filter has something to narrow.
  return {
    ...digest,
    topic: { name: 'vision-language', title: 'Vision-Language Digest', tags: ['vision-language'] },
  };
}

const digests = { zh: zhDigest(), en: enDigest() };

function run(id: number, digest: Digest): RunRecord {
  return {
    id,
    topic: digest.topic.name,
    language: digest.language,
    window: digest.window,
    createdAt: '2025-11-28T00:00:00Z',
    paperIds: digest.papers.map((entry) => entry.paper.id),
    directions: [],
    trendFacts: digest.trends.facts,
    history: digest.trends.history,
    outputs: {},
    digest,
  };
}

let server: PreviewServer;
let browser: Browser;

before(async () => {
  const published = await publishSite({
    store: { listRuns: () => [run(1, digests.zh), run(2, digests.en)] },
    dir: siteDirectory,
  });
  assert.equal(published.digests, 2);
  assert.ok(
    published.written.some((file) => file.startsWith('pagefind/')),
    'the search index is written',
  );
  server = await startPreviewServer({ dir: siteDirectory, port: 0 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(temporary, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  problems: string[];
}

async function open(
  sitePath: string,
  viewport = { width: 1000, height: 900 },
  options: { bypassCSP?: boolean } = {},
): Promise<Opened> {
  // bypassCSP only where axe-core is injected with addScriptTag (an inline script the CSP refuses).
  const page = await browser.newPage({ viewport, ...options });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  const response = await page.goto(new URL(sitePath, server.url).href, { waitUntil: 'load' });
  assert.equal(response?.status(), 200, `${sitePath} loads`);
  return { page, problems };
}

/** Types into Pagefind's search box and waits for the result list to settle on at least one result. */
async function search(page: Page, query: string): Promise<{ pages: string[]; links: string[] }> {
  const input = page.locator('#site-search input[type="text"], #site-search input[type="search"]').first();
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(query);
  await page.waitForFunction(
    (expected) => {
      const message = document.querySelector('.pagefind-ui__message');
      return (
        document.querySelectorAll('.pagefind-ui__result').length > 0 &&
        (message?.textContent ?? '').includes(expected)
      );
    },
    query,
    { timeout: 15_000 },
  );
  return resultLinks(page);
}

/** The results once each has loaded (a result shows as a placeholder until its data arrives). */
async function resultLinks(page: Page): Promise<{ pages: string[]; links: string[] }> {
  let found = { pages: [''], links: [] as string[] };
  for (let attempt = 0; attempt < 50 && found.pages.includes(''); attempt++) {
    await page.waitForTimeout(200);
    found = await page.$$eval('.pagefind-ui__result', (results) => ({
      pages: results.map(
        (result) => result.querySelector('.pagefind-ui__result-title a')?.getAttribute('href') ?? '',
      ),
      links: results.flatMap((result) =>
        [...result.querySelectorAll('a')].map((anchor) => anchor.getAttribute('href') ?? ''),
      ),
    }));
  }
  return found;
}

const postPath = (digest: Digest) => `/${sitePaths.post(digest.slug)}`;

describe('site search (Pagefind) in chromium', () => {
  test('a Chinese query finds the paper in the zh digest and the link opens it', async () => {
    const { page, problems } = await open(sitePaths.index);
    try {
      assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
      // From the seed post's summary of Canvas-to-Image (2511.21691): "…整合到单一画布界面中".
      const { links } = await search(page, '画布界面');
      const target = `${postPath(digests.zh)}#paper-2511.21691`;
      assert.ok(links.includes(target), `a result links to ${target}: ${links.join(' ')}`);
      await page.click(`.pagefind-ui__result a[href="${target}"]`);
      await page.waitForURL(/#paper-2511\.21691$/);
      const heading = await page.textContent('#paper-2511\\.21691');
      assert.equal(heading?.trim(), digests.zh.papers[0]?.paper.title);
      await page.screenshot({ path: path.join(screenshotDirectory, 'search-zh.png') });
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  test('an English query finds the paper in both digests; filtering by topic narrows to one', async () => {
    const { page, problems } = await open(sitePaths.topic('vision-language'));
    try {
      const { pages, links } = await search(page, 'Canvas-to-Image');
      for (const digest of [digests.zh, digests.en]) {
        const target = `${postPath(digest)}#paper-2511.21691`;
        assert.ok(links.includes(target), `a result links to ${target}: ${links.join(' ')}`);
      }
      assert.deepEqual([...new Set(pages)].sort(), [postPath(digests.zh), postPath(digests.en)].sort());
      // The topic filter (Pagefind's filter panel): tick "vision-language" (the site's filter names are zh).
      await page
        .locator('input.pagefind-ui__filter-checkbox[name="主题"][value="vision-language"]')
        .dispatchEvent('click');
      // Pagefind re-runs the search when a filter changes; wait until the results show one digest.
      let filtered = await resultLinks(page);
      for (let attempt = 0; attempt < 50 && new Set(filtered.pages).size !== 1; attempt++)
        filtered = await resultLinks(page);
      assert.deepEqual([...new Set(filtered.pages)], [postPath(digests.en)]);
      assert.ok(filtered.links.includes(`${postPath(digests.en)}#paper-2511.21691`));
      await page.screenshot({ path: path.join(screenshotDirectory, 'search-filtered.png') });
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
});

const phonePages = [
  { name: 'index', sitePath: sitePaths.index },
  { name: 'topic', sitePath: sitePaths.topic('multimodal') },
  { name: 'post-zh', sitePath: sitePaths.post(digests.zh.slug) },
  { name: 'post-en', sitePath: sitePaths.post(digests.en.slug) },
];

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: unknown[] }[];
}

const axeSource = readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  assert.ok(await page.evaluate(() => 'axe' in window), 'axe-core is loaded');
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (options: object) => Promise<{ violations: unknown }> } })
      .axe;
    const result = await axe.run({ resultTypes: ['violations'] });
    return result.violations;
  })) as AxeViolation[];
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${JSON.stringify(violation.nodes.slice(0, 3).map((node) => node.target))}`,
    );
}

describe('phones (390×844) and accessibility', () => {
  for (const { name, sitePath } of phonePages) {
    test(`${name}: no sideways scrolling, wide content wraps, 0 serious/critical axe violations`, async () => {
      const { page, problems } = await open(sitePath, { width: 390, height: 844 }, { bypassCSP: true });
      try {
        await page.locator('#site-search input').first().waitFor({ state: 'visible', timeout: 15_000 });
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(width <= 390, `${name} (${scheme}): scrollWidth ${width} > 390`);
          assert.deepEqual(await seriousViolations(page), [], `${name} (${scheme})`);
          const file = path.join(screenshotDirectory, `phone-${name}-${scheme}.png`);
          await page.screenshot({ path: file, fullPage: true });
          assert.ok(statSync(file).size > 5_000);
        }
        const background = await page.evaluate(
          () => getComputedStyle(document.documentElement).backgroundColor,
        );
        assert.equal(background, 'rgb(20, 23, 27)', 'dark mode follows the system');
        // Links that stand alone (navigation, lists, headings) are at least 24 px tall to tap.
        const small = await page.$$eval(
          '.site-header a, .toc a, .digest-list a, .feeds a, .paper h3 a',
          (anchors) =>
            anchors
              .map((anchor) => ({
                text: anchor.textContent ?? '',
                height: anchor.getBoundingClientRect().height,
              }))
              .filter((box) => box.height > 0 && box.height < 24),
        );
        assert.deepEqual(small, [], 'tap targets of 24 px or more');
        if (name.startsWith('post')) {
          const charts = await page.$$eval('figure.chart svg', (svgs) =>
            svgs.map((svg) => svg.getBoundingClientRect().right),
          );
          assert.ok(charts.length > 0, 'the post has charts');
          assert.ok(
            charts.every((right) => right <= 390),
            `charts scale to the screen: ${charts.join(', ')}`,
          );
        }
        if (name === 'post-zh')
          assert.ok((await page.locator('.preference').count()) === 2, 'the ★ lines show');
        assert.deepEqual(problems, []);
      } finally {
        await page.close();
      }
    });
  }
});
