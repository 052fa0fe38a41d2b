import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { type PreviewServer, startPreviewServer } from '../src/pipeline/serve.ts';
import { sitePaths } from '../src/render/html.ts';
import { katexStylesheetPath } from '../src/render/math-html.ts';
import { arxivDaysLines } from './helpers/arxiv-data.ts';
import { launchBrowser, screenshotDirectory } from './helpers/browser.ts';
import { runCli, temporaryDirectory } from './helpers/cli.ts';

/**
 * A math-heavy digest in a real browser: the quant-ph papers of arxiv-days built offline into a
 * site (`build --site`), served by the preview server. Formulas are typeset on the server by KaTeX,
 * so the page shows `.katex` elements and no raw TeX, loads KaTeX's stylesheet and fonts from the
 * site itself, runs no script and logs no error.
 */

const cwd = temporaryDirectory();
let server: PreviewServer;
let browser: Browser;
let slug = '';

before(async () => {
  const lines = arxivDaysLines((category) => category === 'quant-ph');
  writeFileSync(path.join(cwd, 'quant-ph.jsonl'), `${lines.join('\n')}\n`);
  const result = await runCli(
    [
      'build',
      '--input',
      'quant-ph.jsonl',
      '--lang',
      'zh',
      '--llm',
      'none',
      '--site',
      'S',
      '--out',
      'D',
      '--json',
    ],
    { cwd, env: { ARXIV_DIGEST_DB: path.join(cwd, 'store.db') } },
  );
  assert.equal(result.code, 0, result.stderr);
  const markdown = (JSON.parse(result.stdout) as { outputs: { markdown: string } }).outputs.markdown;
  slug = /slug: "?([^"\n]+)"?/.exec(readFileSync(path.join(cwd, markdown), 'utf8'))?.[1] ?? '';
  server = await startPreviewServer({ dir: path.join(cwd, 'S'), port: 0 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(cwd, { recursive: true, force: true });
});

describe('a math-heavy post in chromium', () => {
  test('the site ships KaTeX: its stylesheet and woff2 fonts', () => {
    const site = path.join(cwd, 'S');
    assert.ok(existsSync(path.join(site, katexStylesheetPath)));
    const fonts = readdirSync(path.join(site, path.dirname(katexStylesheetPath), 'fonts'));
    assert.ok(fonts.includes('KaTeX_Main-Regular.woff2') && fonts.includes('KaTeX_Math-Italic.woff2'));
  });

  test('formulas are typeset by KaTeX: .katex elements, no raw TeX in the text, no errors', async () => {
    assert.ok(slug, 'the post has a slug');
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const problems: string[] = [];
    const failed: string[] = [];
    const fontResponses: { url: string; status: number }[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('requestfailed', (request) => failed.push(request.url()));
    page.on('response', (response) => {
      if (response.url().endsWith('.woff2'))
        fontResponses.push({ url: response.url(), status: response.status() });
    });
    try {
      const response = await page.goto(new URL(sitePaths.post(slug), server.url).href, { waitUntil: 'load' });
      assert.equal(response?.status(), 200);
      // Expressions as strings: the tests' TypeScript has no DOM types.
      await page.evaluate('document.fonts.ready.then(() => true)');

      const formulas = await page.locator('.katex').count();
      assert.ok(formulas >= 50, `${formulas} typeset formulas`);
      // The site's only scripts are its search box (Pagefind); nothing of KaTeX runs in the browser.
      const scripts = (await page.evaluate(
        `[...document.querySelectorAll('script')].map((element) => element.getAttribute('src') ?? 'inline')`,
      )) as string[];
      assert.deepEqual(
        scripts.filter((source) => !/(^|\/)(pagefind\/pagefind-ui\.js|assets\/search\.js)$/.test(source)),
        [],
        'no script but the search box: KaTeX ran on the server',
      );

      // What a reader sees: the page text without KaTeX's hidden MathML copy (it keeps the TeX for
      // screen readers and copy-paste).
      const visible = String(
        await page.evaluate(`(() => {
          const copy = document.body.cloneNode(true);
          for (const hidden of copy.querySelectorAll('.katex-mathml')) hidden.remove();
          return copy.textContent;
        })()`),
      );
      assert.ok(!visible.includes('\\frac') && !visible.includes('\\mathrm'), 'no raw \\frac or \\mathrm');
      const commands = visible.match(/\\[a-zA-Z]{2,}/g) ?? [];
      assert.deepEqual(commands, [], 'no TeX command in the visible text');

      const family = String(
        await page.evaluate(`getComputedStyle(document.querySelector('.katex')).fontFamily`),
      );
      assert.match(family, /KaTeX_Main/, 'the KaTeX stylesheet applies');
      assert.ok(fontResponses.length > 0, 'KaTeX fonts are requested');
      assert.ok(
        fontResponses.every((font) => font.status === 200 && font.url.startsWith(server.url)),
        JSON.stringify(fontResponses),
      );
      const loaded = await page.evaluate(`document.fonts.check('16px KaTeX_Main')`);
      assert.equal(loaded, true, 'KaTeX_Main is loaded');

      const screenshot = path.join(screenshotDirectory, 'browser-math.png');
      // A paper with formulas, for a person to look at.
      await page.locator('article.paper:has(.katex)').nth(2).screenshot({ path: screenshot });
      assert.ok(statSync(screenshot).size > 10_000);
      assert.deepEqual(failed, [], 'no request failed');
      assert.deepEqual(problems, [], 'no console errors or warnings');
    } finally {
      await page.close();
    }
  });
});
