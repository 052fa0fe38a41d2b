import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { slugify } from '../src/core/text.ts';
import { resolveInside } from '../src/pipeline/files.ts';
import { inputTopicName } from '../src/pipeline/input.ts';
import { startPreviewServer } from '../src/pipeline/serve.ts';
import { checkSitePath } from '../src/render/site.ts';
import { openStore } from '../src/store/index.ts';
import { type ChildCli, startCli } from './helpers/child-cli.ts';
import { runCli, seedPapersFile, temporaryDirectory } from './helpers/cli.ts';

/**
 * Issue 6, part 5: slugs and topic names cannot write outside --out (../, absolute paths, NUL
 * bytes), and `serve` binds 127.0.0.1 only and refuses path traversal, encoded forms too.
 */

const hostileNames = ['../x', '../../etc/passwd', '/abs/olute', 'a\0b', 'a/b', 'a\\b', '..', '.', ''];

/** Every path under `dir`, sorted (directories end with "/"). */
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((entry) => {
      const relative = path.relative(dir, path.join(entry.parentPath, entry.name));
      return entry.isDirectory() ? `${relative}/` : relative;
    })
    .sort();
}

describe('names become safe file names', () => {
  it('slugify: only [a-z0-9-], never empty, never a path', () => {
    const cases: [string, string][] = [
      ['../../etc/passwd', 'etc-passwd'],
      ['/abs/olute', 'abs-olute'],
      ['a\0b', 'a-b'],
      ['..\\..\\windows', 'windows'],
      ['..', 'digest'],
      ['', 'digest'],
      ['多模态', 'digest'],
      ['Vision–Language: A Survey!', 'vision-language-a-survey'],
    ];
    for (const [name, slug] of cases) assert.equal(slugify(name), slug, JSON.stringify(name));
    assert.ok(slugify('x'.repeat(500)).length <= 80);
  });

  it('an --input file name becomes a plain topic name', () => {
    assert.equal(inputTopicName('../../evil.jsonl'), 'evil');
    assert.equal(inputTopicName('/tmp/../.hidden.json.gz'), 'hidden');
    assert.equal(inputTopicName('..jsonl'), 'input');
    assert.equal(inputTopicName('a\0b.xml'), 'a-b');
  });

  it('resolveInside and checkSitePath refuse "..", absolute paths, separators and NUL', () => {
    const root = path.join(os.tmpdir(), 'site-root');
    for (const name of hostileNames) {
      assert.throws(() => resolveInside(root, name), { code: 'OUTPUT' }, JSON.stringify(name));
      // "a/b" is a fine site path (two segments); as one file name it is not.
      if (name !== 'a/b') assert.throws(() => checkSitePath(name), { code: 'OUTPUT' }, JSON.stringify(name));
    }
    assert.throws(() => checkSitePath('posts/../../x.html'), { code: 'OUTPUT' });
    assert.equal(resolveInside(root, 'posts', 'a.html'), path.join(root, 'posts', 'a.html'));
  });

  it('config: a topic named ../x, /abs or a\\0b is a config error naming the key (exit 2)', async () => {
    for (const name of ['../x', '/abs', 'a\\0b', 'a/b']) {
      const cwd = temporaryDirectory('arxiv-digest-paths-');
      writeFileSync(path.join(cwd, 'c.yaml'), `topics:\n  - name: "${name}"\n    query: abs:x\n`);
      const before = listing(cwd);
      const result = await runCli(['--config', 'c.yaml', 'build', '--topic', 'x', '--out', 'D'], {
        cwd,
        env: {},
      });
      assert.equal(result.code, 2, result.stderr);
      assert.match(
        result.stderr,
        /^arxiv-digest: c\.yaml: topics\.0\.name: use lowercase letters, digits and dashes/,
      );
      assert.equal(result.stderr.split('\n').length, 2, 'one line');
      assert.deepEqual(listing(cwd), before);
    }
  });
});

describe('build --input with odd file names writes only inside --out', () => {
  const root = temporaryDirectory('arxiv-digest-paths-');
  const cwd = path.join(root, 'a', 'b');
  const sample = readFileSync(seedPapersFile, 'utf8').split('\n').slice(0, 12).join('\n');
  const names = ['../../evil.jsonl', '..jsonl', '.hidden.jsonl', 'in.jsonl', 'back\\slash ..name.jsonl'];
  before(() => {
    mkdirSync(cwd, { recursive: true });
    for (const name of names) writeFileSync(path.join(cwd, name), `${sample}\n`);
  });

  it('every output lands under D/ with a plain slug; the claim check passes for each', async () => {
    const outside = listing(root).filter((entry) => !entry.startsWith('a/b/'));
    for (const name of names) {
      const result = await runCli(
        ['build', '--input', name, '--llm', 'none', '--out', 'D', '--site', 'S', '--html', '--json'],
        {
          cwd,
          env: { ARXIV_DIGEST_DB: path.join(cwd, 'store.db') },
        },
      );
      assert.equal(result.code, 0, `${name}: ${result.stderr}`);
      const report = JSON.parse(result.stdout) as {
        topic: string;
        check: { ok: boolean };
        outputs: { markdown: string; html: string; charts: string[] };
      };
      assert.match(report.topic, /^[a-z0-9]+(?:-[a-z0-9]+)*$/, name);
      for (const output of [report.outputs.markdown, report.outputs.html, ...report.outputs.charts]) {
        const resolved = path.resolve(cwd, output);
        assert.equal(path.dirname(resolved), path.join(cwd, 'D'), `${name}: ${output}`);
        assert.match(path.basename(resolved), /^[a-z0-9-]+\.(?:md|html|png)$/);
      }
      assert.ok(report.check.ok, `${name}: check`);
    }
    assert.deepEqual(
      listing(root).filter((entry) => !entry.startsWith('a/b/')),
      outside,
      'nothing written outside the working directory',
    );
    const written = listing(cwd).filter((entry) => !names.includes(entry) && !entry.startsWith('store.db'));
    for (const entry of written) assert.match(entry, /^(?:D|S)\//, entry);
  });

  it('publish: a stored run whose slug and topic were tampered with (../../x) writes nothing outside the site', async () => {
    const store = openStore({ path: path.join(cwd, 'store.db') });
    try {
      const run = store.listRuns()[0];
      assert.ok(run);
      const { id: _id, ...copy } = run;
      const digest = {
        ...run.digest,
        slug: '../../../escaped',
        topic: { ...run.digest.topic, name: '../../escaped' },
      };
      store.saveRun({ ...copy, topic: '../../escaped', digest });
    } finally {
      store.close();
    }
    const before = listing(root).filter(
      (entry) => !entry.startsWith('a/b/S/') && !entry.startsWith('a/b/store.db'),
    );
    const result = await runCli(['publish', 'S'], {
      cwd,
      env: { ARXIV_DIGEST_DB: path.join(cwd, 'store.db') },
    });
    assert.notEqual(result.code, 2);
    if (result.code !== 0) assert.match(result.stderr, /^arxiv-digest: refusing (site path|to write)/m);
    const after = listing(root).filter(
      (entry) => !entry.startsWith('a/b/S/') && !entry.startsWith('a/b/store.db'),
    );
    assert.deepEqual(after, before, 'no file appeared outside the site directory');
    assert.ok(
      result.code !== 0 || listing(root).some((entry) => entry.includes('escaped')),
      'the run was read',
    );
    // The site either refuses the run or files it under a plain name inside the site.
    for (const entry of listing(root).filter((name) => name.includes('escaped')))
      assert.match(entry, /^a\/b\/S\/(?:posts\/escaped\.html|topics\/escaped\/.*)$/);
  });
});

/** Sends the request target exactly as given (fetch would normalize it). */
function rawGet(port: number, target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body: rest.join('\r\n\r\n') });
    });
    socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
  });
}

/** The local addresses a TCP port listens on, from the kernel's table (hex "0100007F" = 127.0.0.1). */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) => {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A')
      .map((fields) => (fields[1] as string).split(':')[0] as string);
  });
}

describe('serve (the real CLI, as a child process)', () => {
  const root = temporaryDirectory('arxiv-digest-serve-');
  const secret = 'SECRET-BESIDE-THE-SITE';
  let child: ChildCli;
  let port = 0;

  before(async () => {
    const cwd = path.join(root, 'work');
    mkdirSync(cwd);
    writeFileSync(path.join(root, 'secret.txt'), secret);
    writeFileSync(path.join(cwd, 'secret.txt'), secret);
    const env = { ARXIV_DIGEST_DB: path.join(cwd, 'store.db') };
    const built = await runCli(
      ['build', '--input', seedPapersFile, '--llm', 'none', '--out', 'D', '--site', 'site'],
      { cwd, env },
    );
    assert.equal(built.code, 0, built.stderr);
    child = startCli(['serve', 'site', '--port', '0', '--json'], { cwd, env });
    for (let tries = 0; !child.stdout().includes('"port"') && tries < 400; tries += 1)
      await new Promise((resolve) => setTimeout(resolve, 25));
    port = (JSON.parse(child.stdout()) as { port: number }).port;
  });
  after(async () => {
    child?.process.kill('SIGTERM');
    await child?.exited;
  });

  it('listens on 127.0.0.1 only (the kernel table and a connection from another interface)', async (context) => {
    assert.ok(port > 0);
    const addresses = listeningAddresses(port);
    context.diagnostic(`listening sockets for port ${port}: ${addresses.join(', ') || 'no /proc/net/tcp'}`);
    if (addresses.length > 0) assert.deepEqual(addresses, ['0100007F']);
    const other = Object.values(os.networkInterfaces())
      .flat()
      .find((address) => address?.family === 'IPv4' && !address.internal);
    if (other) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = net.connect({ host: other.address, port }, () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      assert.equal(outcome, 'ECONNREFUSED', `via ${other.address}`);
    }
    assert.equal((await rawGet(port, '/')).status, 200, 'the site itself is served');
    // The library refuses any other address outright.
    for (const host of ['0.0.0.0', '::', '192.168.1.10'])
      await assert.rejects(startPreviewServer({ dir: root, port: 0, host }), { code: 'USAGE' }, host);
  });

  it('refuses path traversal, encoded and absolute forms included; never returns a file outside', async () => {
    const targets = [
      '/../secret.txt',
      '/../../work/secret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/%2E%2E%2F%2E%2E%2Fsecret.txt',
      '/%252e%252e/secret.txt',
      '/%252e%252e%252fsecret.txt',
      '/%25252e%25252e%25252fsecret.txt',
      '/..%5csecret.txt',
      '/..\\secret.txt',
      '/posts/..%2f..%2f..%2fsecret.txt',
      '/posts/%2e%2e/%2e%2e/secret.txt',
      '/%c0%ae%c0%ae/secret.txt',
      '/..%00/secret.txt',
      `http://127.0.0.1:${port}/../secret.txt`,
      'http://evil.example/../../secret.txt',
      '//etc/passwd',
      '/%2fetc%2fpasswd',
      '/etc/passwd',
      '/.arxiv-digest-site.json',
      'file:///etc/passwd',
    ];
    for (const target of targets) {
      const response = await rawGet(port, target);
      assert.ok([400, 403, 404].includes(response.status), `${target} -> ${response.status}`);
      assert.ok(!response.body.includes(secret) && !response.body.includes('root:x:0:0'), target);
    }
  });
});
