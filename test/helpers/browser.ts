import { mkdirSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Screenshots go here (gitignored), for a person to look at. */
export const screenshotDirectory = new URL('../../test-output/', import.meta.url).pathname;

/**
 * Debian's Chromium, headless, with the flags this sandbox needs: no background networking (the
 * machine's network is closed), no sandbox (tests run as root), no GPU.
 */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(screenshotDirectory, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  });
}
