import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { CliIo } from '../src/cli/context.ts';
import type { Digest } from '../src/core/digest.ts';
import { openStore } from '../src/store/index.ts';
import { sampleDigest } from './helpers/sample-digest.ts';
import { runSiteCli } from './helpers/site-cli.ts';

const temporary = mkdtempSync(path.join(os.tmpdir(), 'arxiv-digest-'));
after(() => rmSync(temporary, { recursive: true, force: true }));

function captureIo(env: Record<string, string | undefined> = {}) {
  const output = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: (text) => {
      output.stdout += text;
    },
    stderr: (text) => {
      output.stderr += text;
    },
    env,
    cwd: temporary,
    stderrIsTty: false,
    stdin: process.stdin,
  };
  return { io, output };
}

function saveDigest(databasePath: string, digest: Digest): void {
  const store = openStore({ path: databasePath });
  try {
    store.saveRun({
      topic: digest.topic.name,
      language: digest.language,
      window: digest.window,
      createdAt: '2025-11-28T08:00:00.000Z',
      paperIds: digest.papers.map((entry) => entry.paper.id),
      directions: [],
      trendFacts: digest.trends.facts,
      history: digest.trends.history,
      outputs: {},
      digest,
    });
  } finally {
    store.close();
  }
}

describe('publish command', () => {
  const database = path.join(temporary, 'runs.db');
  saveDigest(database, sampleDigest('zh'));
  saveDigest(database, sampleDigest('en'));

  test('rebuilds the site from the store and reports what it wrote (--json)', async () => {
    const { io, output } = captureIo();
    const code = await runSiteCli(
      ['--db', database, '--json', 'publish', 'public', '--site-url', 'https://example.org/d'],
      io,
    );
    assert.equal(code, 0, output.stderr);
    const report = JSON.parse(output.stdout) as {
      ok: boolean;
      digests: number;
      topics: string[];
      written: string[];
    };
    assert.equal(report.ok, true);
    assert.equal(report.digests, 2);
    assert.deepEqual(report.topics, ['multimodal']);
    assert.ok(report.written.includes('index.html'));
    const rss = readFileSync(path.join(temporary, 'public/topics/multimodal/feed.rss'), 'utf8');
    assert.ok(rss.includes('<link>https://example.org/d/posts/multimodal-2025-11-28.html</link>'));

    const again = captureIo();
    assert.equal(await runSiteCli(['--db', database, 'publish', 'public'], again.io), 0);
    assert.match(
      again.output.stdout,
      /Published 2 digests in 1 topic to .*public\n {2}\d+ written, \d+ unchanged, 0 removed/,
    );
  });

  test('takes the site URL from ARXIV_DIGEST_SITE_URL and the directory from the default', async () => {
    const { io, output } = captureIo({ ARXIV_DIGEST_SITE_URL: 'https://env.example.net/' });
    assert.equal(await runSiteCli(['--db', database, 'publish'], io), 0, output.stderr);
    const atom = readFileSync(path.join(temporary, 'site/topics/multimodal/feed.atom'), 'utf8');
    assert.ok(atom.includes('https://env.example.net/posts/'));
  });

  test('bad options are usage errors (exit 2) with a hint', async () => {
    const badUrl = captureIo();
    assert.equal(
      await runSiteCli(['--db', database, 'publish', 'x', '--site-url', 'ftp://nope'], badUrl.io),
      2,
    );
    assert.match(badUrl.output.stderr, /not an absolute http\(s\) URL; pass something like/);
    const badLanguage = captureIo();
    assert.equal(await runSiteCli(['--db', database, 'publish', 'x', '--lang', 'fr'], badLanguage.io), 2);
    assert.match(badLanguage.output.stderr, /--lang fr is not supported/);
    assert.ok(!existsSync(path.join(temporary, 'x')), 'nothing written on a usage error');
  });

  test('an empty store publishes an index and says how to get digests', async () => {
    const { io, output } = captureIo();
    assert.equal(
      await runSiteCli(['--db', path.join(temporary, 'empty.db'), 'publish', 'empty-site'], io),
      0,
    );
    assert.match(output.stdout, /Published 0 digests in 0 topics/);
    assert.match(output.stdout, /no stored runs yet/);
    assert.ok(existsSync(path.join(temporary, 'empty-site/index.html')));
  });
});
