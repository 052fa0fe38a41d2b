import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { judgeRequestPath, type PreviewServer, startPreviewServer } from '../src/pipeline/serve.ts';
import { writeSite } from '../src/pipeline/site.ts';
import { renderSite } from '../src/render/site.ts';
import { sampleDigest } from './helpers/sample-digest.ts';

const repository = fileURLToPath(new URL('..', import.meta.url));
const temporary = mkdtempSync(path.join(os.tmpdir(), 'arxiv-digest-'));
const siteDir = path.join(temporary, 'site');
// A secret next to the site: no request may ever return it.
const secretText = 'SECRET-NEXT-TO-THE-SITE';

interface RawResponse {
  status: number;
  headers: string;
  body: string;
}

/** Sends the request bytes exactly as given (fetch and http.request would normalize the path). */
function rawRequest(
  port: number,
  target: string,
  options: { method?: string; host?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head, body: rest.join('\r\n\r\n') });
    });
    socket.write(
      `${options.method ?? 'GET'} ${target} HTTP/1.1\r\nHost: ${options.host ?? `127.0.0.1:${port}`}\r\nConnection: close\r\n\r\n`,
    );
  });
}

let server: PreviewServer;

before(async () => {
  const files = await renderSite([
    { digest: sampleDigest('zh', { hostileTitle: true }), createdAt: '2025-11-28T00:00:00Z' },
    { digest: sampleDigest('en'), createdAt: '2025-11-28T00:00:00Z' },
  ]);
  writeSite(siteDir, files);
  writeFileSync(path.join(temporary, 'secret.txt'), secretText);
  mkdirSync(path.join(siteDir, 'links'), { recursive: true });
  symlinkSync(path.join(temporary, 'secret.txt'), path.join(siteDir, 'links', 'secret.html'));
  server = await startPreviewServer({ dir: siteDir, port: 0 });
});

after(async () => {
  await server?.close();
  rmSync(temporary, { recursive: true, force: true });
});

describe('startPreviewServer', () => {
  test('listens on 127.0.0.1 only', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(server.host, '127.0.0.1');
    const outside = Object.values(os.networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal);
    if (outside) {
      await assert.rejects(
        new Promise((resolve, reject) => {
          const socket = net.connect({ host: outside.address, port: server.port }, () => {
            socket.destroy();
            resolve('connected');
          });
          socket.on('error', reject);
        }),
        { code: 'ECONNREFUSED' },
        `not reachable on ${outside.address}`,
      );
    }
    await assert.rejects(startPreviewServer({ dir: siteDir, port: 0, host: '0.0.0.0' }), { code: 'USAGE' });
    await assert.rejects(startPreviewServer({ dir: path.join(temporary, 'missing'), port: 0 }), {
      code: 'USAGE',
    });
  });

  test('serves the index, posts (also without .html) and feeds', async () => {
    const index = await fetch(server.url);
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(index.headers.get('x-content-type-options'), 'nosniff');
    assert.match(await index.text(), /<h1>arXiv 研究周报<\/h1>/);
    const post = await fetch(new URL('posts/multimodal-2025-11-28-en', server.url));
    assert.equal(post.status, 200);
    assert.match(await post.text(), /<html lang="en">/);
    const feed = await fetch(new URL('topics/multimodal/feed.atom', server.url));
    assert.equal(feed.status, 200);
    assert.match(await feed.text(), /^<\?xml/);
    const topic = await fetch(new URL('topics/multimodal/', server.url));
    assert.equal(topic.status, 200);
    assert.equal((await fetch(new URL('nothing-here.html', server.url))).status, 404);
  });

  const traversals = [
    '/../secret.txt',
    '/../../../../etc/passwd',
    '/posts/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/%2E%2E/etc/passwd',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/posts%2F..%2F..%2Fsecret.txt',
    '/%252e%252e%252fsecret.txt',
    '/%25252e%25252e/etc/passwd',
    '/..\\secret.txt',
    '/..%5csecret.txt',
    '/%5c..%5c..%5cetc%5cpasswd',
    '/%c0%ae%c0%ae/secret.txt',
    '/posts/%00../secret.txt',
    '//etc/passwd',
    '/links/secret.html',
    '/links/secret',
    `/${'%2e%2e/'.repeat(8)}etc/passwd`,
  ];
  for (const target of traversals) {
    test(`refuses ${target}`, async () => {
      const response = await rawRequest(server.port, target);
      assert.ok([400, 403, 404].includes(response.status), `status ${response.status}`);
      assert.ok(!response.body.includes(secretText), 'never the secret next to the site');
      assert.ok(!response.body.includes('root:x:0:0'), 'never /etc/passwd');
    });
  }

  test('refuses dotfiles, other methods and foreign Host headers', async () => {
    assert.equal((await rawRequest(server.port, '/.arxiv-digest-site.json')).status, 404);
    assert.equal((await rawRequest(server.port, '/', { method: 'POST' })).status, 405);
    assert.equal((await rawRequest(server.port, '/', { method: 'DELETE' })).status, 405);
    assert.equal((await rawRequest(server.port, '/', { host: 'evil.example' })).status, 403);
    assert.equal((await rawRequest(server.port, '/', { host: 'localhost' })).status, 200);
  });

  test('files written while it runs are served without a restart', async () => {
    assert.equal((await fetch(new URL('late.html', server.url))).status, 404);
    writeFileSync(path.join(siteDir, 'late.html'), '<!doctype html><title>late</title>');
    const response = await fetch(new URL('late.html', server.url));
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '<!doctype html><title>late</title>');
  });

  test('judgeRequestPath decides on every decoding of the path', () => {
    assert.deepEqual(judgeRequestPath('/posts/a%20b.html?x=1'), {
      status: 200,
      decodedPath: '/posts/a b.html',
    });
    assert.equal(judgeRequestPath('/%252e%252e/x').status, 403);
    assert.equal(judgeRequestPath('/%E0%A4%A').status, 400);
    assert.equal(judgeRequestPath('relative').status, 400);
    assert.equal(judgeRequestPath('/.hidden').status, 404);
  });
});

describe('serve command', () => {
  let child: ChildProcess | undefined;
  after(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  test('prints the URL, serves the site, and stops cleanly on SIGTERM', async () => {
    child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/helpers/site-cli.ts', 'serve', siteDir, '--port', '0', '--json'],
      { cwd: repository, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    const started = await new Promise<{ url: string; ok: boolean }>((resolve, reject) => {
      child?.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        try {
          resolve(JSON.parse(stdout) as { url: string; ok: boolean });
        } catch {
          // not complete yet
        }
      });
      child?.on('exit', (code) => reject(new Error(`serve exited early with ${code}: ${stdout}`)));
    });
    assert.equal(started.ok, true);
    assert.match(started.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await fetch(started.url);
    assert.equal(response.status, 200);
    await response.text();
    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });

  test('a missing directory is a usage error (exit 2)', async () => {
    const missing = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/helpers/site-cli.ts', 'serve', path.join(temporary, 'nope'), '--port', '0'],
      { cwd: repository, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    missing.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const code = await new Promise<number | null>((resolve) =>
      missing.on('exit', (exitCode) => resolve(exitCode)),
    );
    assert.equal(code, 2);
    assert.match(stderr, /does not exist; build it first/);
  });
});
