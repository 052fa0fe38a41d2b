import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshotDirectory } from './helpers/browser.ts';
import { buildSeedPost, runCli, temporaryDirectory } from './helpers/cli.ts';
import { type SmtpCapture, startSmtpServer } from './helpers/delivery-servers.ts';

/**
 * The email as a reader's client shows it: the captured message (SMTP), parsed with mailparser,
 * its HTML part rendered in headless Chromium with the CID chart resolved, and a screenshot kept in
 * test-output/ for a person to look at.
 */
describe('deliver --to email: the newsletter in a browser', () => {
  const cwd = temporaryDirectory('arxiv-digest-email-');
  let smtp: SmtpCapture;
  let browser: Browser;

  before(async () => {
    smtp = await startSmtpServer('digest', 'mail-password-1');
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await smtp.close();
  });

  for (const language of ['zh', 'en'] as const) {
    it(`${language}: title, 34 papers with bold key phrases, and the chart image`, async (t) => {
      const env = {
        ARXIV_DIGEST_DB: path.join(cwd, 'store.db'),
        SMTP_URL: `smtp://digest:mail-password-1@127.0.0.1:${smtp.port}`,
        ARXIV_DIGEST_MAIL_FROM: 'Digest <digest@example.org>',
        ARXIV_DIGEST_MAIL_TO: 'reader@example.org',
      };
      const postPath = await buildSeedPost(language, { cwd, env });
      const sent = await runCli(['deliver', postPath, '--to', 'email'], { cwd, env });
      assert.equal(sent.code, 0, sent.stderr);
      assert.match(sent.stdout, /^email: sent 1 of 1 messages$/m);

      const mail = await simpleParser(smtp.messages.at(-1) as string, { keepCidLinks: true });
      assert.match(smtp.messages.at(-1) as string, /multipart\/alternative/, 'text and HTML alternatives');
      assert.ok((mail.text ?? '').length > 1000, 'a plain-text part');
      let html = String(mail.html);
      const images = mail.attachments.filter(
        (attachment) => attachment.cid && attachment.contentType.startsWith('image/'),
      );
      assert.equal(images.length, 1, 'the share chart, inline');
      // A mail client resolves cid: from the message's parts; the browser gets the same bytes as data: URLs.
      for (const image of images) {
        assert.ok(html.includes(`cid:${image.cid}`));
        html = html
          .split(`cid:${image.cid}`)
          .join(`data:${image.contentType};base64,${image.content.toString('base64')}`);
      }
      const page = await browser.newPage({ viewport: { width: 720, height: 1200 } });
      t.after(() => page.close());
      await page.setContent(html, { waitUntil: 'load' });
      // Runs in the page (a string, so the test's types need no DOM library).
      const shown = (await page.evaluate(`(() => {
        const image = document.querySelector('img');
        return {
          title: document.querySelector('h1')?.textContent ?? '',
          strong: [...document.querySelectorAll('p strong')].map((element) => element.textContent ?? ''),
          paperLinks: document.querySelectorAll('p > a[href^="https://arxiv.org/abs/"]').length,
          image: image ? { width: image.naturalWidth, height: image.naturalHeight, shownWidth: image.getBoundingClientRect().width } : null,
          styleSheets: document.querySelectorAll('style, link[rel=stylesheet]').length,
        };
      })()`)) as {
        title: string;
        strong: string[];
        paperLinks: number;
        image: { width: number; height: number; shownWidth: number } | null;
        styleSheets: number;
      };
      assert.equal(shown.title, mail.subject);
      assert.equal(shown.paperLinks, 34);
      assert.ok(
        shown.strong.length >= 34 && shown.strong.every((text) => text.trim().length > 0),
        `${shown.strong.length} bold key phrases`,
      );
      assert.ok(
        shown.image && shown.image.width > 100 && shown.image.height > 50 && shown.image.shownWidth > 100,
        'the chart decoded and shown',
      );
      assert.equal(shown.styleSheets, 0, 'inline styles only');
      const file = path.join(screenshotDirectory, `deliver-email-${language}.png`);
      await page.screenshot({ path: file, fullPage: true });
    });
  }
});
