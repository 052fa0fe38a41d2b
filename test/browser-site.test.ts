import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { Language } from '../src/core/digest.ts';
import { type PreviewServer, startPreviewServer } from '../src/pipeline/serve.ts';
import { writeSite } from '../src/pipeline/site.ts';
import { sitePaths } from '../src/render/html.ts';
import { renderSite } from '../src/render/site.ts';
import { launchBrowser } from './helpers/browser.ts';
import { hostileTitles, sampleDigest } from './helpers/sample-digest.ts';

/**
 * The built site in a real browser (Debian's chromium through playwright-core), served by the
 * preview server: pages render, every paper is there, charts are SVG with marks, the CSP blocks
 * nothing we need (no console errors), and a hostile title is inert text.
 */

const outputDirectory = fileURLToPath(new URL('../test-output/', import.meta.url));
const temporary = mkdtempSync(path.join(os.tmpdir(), 'arxiv-digest-'));
const digests = {
  zh: sampleDigest('zh', { hostileTitle: true }),
  en: sampleDigest('en', { hostileTitle: true }),
};

let server: PreviewServer;
let browser: Browser;

before(async () => {
  const files = await renderSite([
    { digest: digests.zh, createdAt: '2025-11-28T00:00:00Z' },
    { digest: digests.en, createdAt: '2025-11-28T00:00:00Z' },
  ]);
  writeSite(path.join(temporary, 'site'), files);
  server = await startPreviewServer({ dir: path.join(temporary, 'site'), port: 0 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(temporary, { recursive: true, force: true });
});

interface Watched {
  page: Page;
  problems: string[];
  dialogs: string[];
  requests: string[];
}

/** The computed background colour of the root element (the test's TS lib has no DOM types). */
function backgroundOf(page: Page): Promise<string> {
  return page.$eval('html', (element) => {
    const view = element.ownerDocument.defaultView;
    return view ? view.getComputedStyle(element).backgroundColor : '';
  });
}

/** A page that records console errors, page errors, dialogs and every request it makes. */
async function openWatched(url: string): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const watched: Watched = { page, problems: [], dialogs: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') watched.problems.push(message.text());
  });
  page.on('pageerror', (error) => watched.problems.push(error.message));
  page.on('dialog', (dialog) => {
    watched.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => watched.requests.push(request.url()));
  const response = await page.goto(url, { waitUntil: 'load' });
  assert.equal(response?.status(), 200, `${url} loads`);
  return watched;
}

for (const language of ['zh', 'en'] as Language[]) {
  describe(`post page in chromium (${language})`, () => {
    const digest = digests[language];

    test('renders every paper, both charts with marks, inert hostile titles and no errors', async () => {
      const url = new URL(sitePaths.post(digest.slug), server.url).href;
      const { page, problems, dialogs, requests } = await openWatched(url);
      try {
        assert.equal(await page.title(), digest.title);
        assert.equal(await page.getAttribute('html', 'lang'), language === 'zh' ? 'zh-CN' : 'en');

        const ids = await page.$$eval('article.paper', (items) =>
          items.map((item) => item.getAttribute('data-arxiv-id')),
        );
        assert.deepEqual(
          ids,
          digest.papers.map((entry) => entry.paper.id),
        );

        const charts = await page.$$eval('figure.chart > svg', (svgs) =>
          svgs.map((svg) => ({
            bars: svg.querySelectorAll('path[aria-roledescription="bar"]').length,
            lines: svg.querySelectorAll('path[aria-roledescription="line mark"]').length,
            width: svg.getBoundingClientRect().width,
          })),
        );
        assert.equal(charts.length, 2, 'two inline SVG charts');
        assert.equal(charts[0]?.bars, digest.directions.length, 'one bar per direction');
        assert.equal(charts[1]?.lines, digest.directions.length + 1, 'one line per direction plus the total');
        assert.ok(
          charts.every((chart) => chart.width > 100),
          'charts have a size on screen',
        );

        const hostile = hostileTitles['2511.21691'];
        const titleText = await page.textContent('#paper-2511\\.21691 a');
        assert.equal(titleText, hostile, 'the <img> title shows as text');
        assert.equal(await page.locator('img').count(), 0, 'no img element anywhere');
        assert.equal(await page.locator('script').count(), 0);
        const brackets = await page.textContent('#paper-2511\\.21120 a');
        assert.ok(brackets?.includes('[brackets](javascript:alert(1))'));

        // The first TOC link leads to an element that exists; the page has the three sections.
        for (const section of ['papers', 'directions', 'trends']) {
          assert.equal(await page.locator(`#${section}`).count(), 1);
        }

        await page.emulateMedia({ colorScheme: 'dark' });
        const darkBackground = await backgroundOf(page);
        await page.emulateMedia({ colorScheme: 'light' });
        const lightBackground = await backgroundOf(page);
        assert.equal(lightBackground, 'rgb(255, 255, 255)');
        assert.equal(darkBackground, 'rgb(20, 23, 27)', 'dark mode follows prefers-color-scheme');

        const screenshot = path.join(outputDirectory, `browser-${language}.png`);
        await page.screenshot({ path: screenshot, fullPage: true });
        assert.ok(statSync(screenshot).size > 10_000);

        assert.deepEqual(dialogs, [], 'no dialog fired');
        assert.deepEqual(problems, [], 'no console errors or warnings');
        assert.deepEqual(
          requests.filter((request) => !request.startsWith(server.url)),
          [],
          'no request leaves the preview server',
        );
      } finally {
        await page.close();
      }
    });
  });
}

describe('index and topic pages in chromium', () => {
  test('the index links both posts and the topic page; following them works', async () => {
    const { page, problems, dialogs } = await openWatched(server.url);
    try {
      const links = await page.$$eval('.digest-list a', (anchors) =>
        anchors.map((anchor) => anchor.getAttribute('href')),
      );
      assert.deepEqual(links, [sitePaths.post(digests.zh.slug), sitePaths.post(digests.en.slug)]);
      await page.click(`a[href="${sitePaths.topic('multimodal')}"]`);
      await page.waitForLoadState('load');
      assert.ok(page.url().endsWith('/topics/multimodal/index.html'));
      assert.equal(await page.locator('.digest-list li').count(), 2);
      await page.click(`a[href="../../${sitePaths.post(digests.en.slug)}"]`);
      await page.waitForLoadState('load');
      assert.equal(await page.title(), digests.en.title);
      assert.deepEqual(dialogs, []);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
});
