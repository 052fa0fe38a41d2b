import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createReadStream, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { writeKaggleFixture } from '../bench/kaggle-fixture.ts';
import { loadDay, sortedIds } from './helpers/arxiv-data.ts';
import { startArxivApiServer } from './helpers/arxiv-servers.ts';
import {
  type ChildCli,
  databaseHealth,
  readDatabase,
  startCli,
  storedCursors,
  storedIds,
  temporaryFiles,
  waitFor,
} from './helpers/child-cli.ts';
import { runCli, seedPapersFile, temporaryDirectory } from './helpers/cli.ts';
import { type OpenAiServer, startOpenAiServer } from './helpers/openai-server.ts';

/**
 * Issue 6.2: kill -9 the real CLI (a child process) in the middle of `fetch`, `import` and `build`.
 * Afterwards the database opens cleanly (integrity_check and the FTS5 integrity-check pass), output
 * files are the old or the new version and never partial, and the same command run again completes
 * without losing a paper or repeating an LLM call whose answer had been stored.
 */

const figures = { papersLost: 0, partialFiles: 0, staleTemporaryFiles: 0, repeatedLlmCalls: 0 };
const closers: (() => Promise<void>)[] = [];
const children: ChildCli[] = [];
after(async () => {
  for (const child of children) child.process.kill('SIGKILL');
  for (const close of closers) await close();
  console.log(
    `# crash figures: papers lost ${figures.papersLost}, partial files ${figures.partialFiles}, ` +
      `stale temporary files left by the kills ${figures.staleTemporaryFiles} (the rerun must remove them), ` +
      `repeated LLM calls ${figures.repeatedLlmCalls}`,
  );
});

function start(argv: string[], cwd: string, env: Record<string, string>): ChildCli {
  const child = startCli(argv, { cwd, env });
  children.push(child);
  return child;
}

function assertHealthy(database: string): ReturnType<typeof databaseHealth> {
  const health = databaseHealth(database);
  assert.equal(health.integrity, 'ok', 'PRAGMA integrity_check');
  assert.equal(health.ftsProblem, null, 'FTS5 integrity-check');
  assert.equal(health.distinctIds, health.papers, 'no paper twice');
  return health;
}

function countLost(expected: string[], stored: string[]): number {
  const have = new Set(stored);
  const lost = expected.filter((id) => !have.has(id)).length;
  figures.papersLost += lost;
  return lost;
}

describe('kill -9 during fetch', () => {
  test('pages stored before the kill stay; the rerun continues at the stored start and completes', async () => {
    const papers = [...loadDay('2025-11-22'), ...loadDay('2025-11-24')];
    // Request 4 never answers: the kill lands while the child waits for page 4.
    const server = await startArxivApiServer({ papers, faults: [{ on: 4, kind: 'stall' }] });
    closers.push(() => server.close());
    const cwd = temporaryDirectory('arxiv-digest-crash-fetch-');
    const database = path.join(cwd, 'store.db');
    const env = { ARXIV_API_URL: server.url, ARXIV_MIN_INTERVAL_MS: '20', ARXIV_DIGEST_DB: database };
    const argv = [
      'fetch',
      '--categories',
      'cs.CV',
      '--from',
      '2025-11-22',
      '--to',
      '2025-11-24',
      '--page-size',
      '20',
    ];
    const child = start(argv, cwd, env);
    await waitFor(() => server.requests.length >= 4, 'the request for page 4', { child });
    const exit = await child.kill9();
    assert.equal(exit.signal, 'SIGKILL');

    assertHealthy(database);
    assert.equal(storedIds(database).length, 60, 'pages 1-3 were committed');
    assert.deepEqual(storedCursors(database), [{ source: 'arxiv-api', cursor: { start: 60 } }]);

    const before = server.requests.length;
    const again = await runCli([...argv, '--json'], { cwd, env });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(server.requests[before]?.params.get('start'), '60', 'the rerun asks for start=60, not 0');
    const report = JSON.parse(again.stdout) as { unchanged: number; resumedFrom: unknown };
    assert.deepEqual(report.resumedFrom, { start: 60 });
    assert.equal(report.unchanged, 0, 'no page fetched twice');
    const expected = sortedIds(server.matching(server.requests[0]?.params.get('search_query') ?? ''));
    const stored = storedIds(database);
    assert.equal(countLost(expected, stored), 0, 'papers lost');
    assert.deepEqual(stored, expected);
    assertHealthy(database);
  });
});

describe('kill -9 during import', () => {
  test('a 20k-record import killed after its first batches: sound database, the rerun stores every record once', async () => {
    const cwd = temporaryDirectory('arxiv-digest-crash-import-');
    // Tens of megabytes (fixture and database): not left behind in the temporary directory.
    closers.push(async () => rmSync(cwd, { recursive: true, force: true }));
    const file = path.join(cwd, 'kaggle.jsonl');
    const total = 20_000;
    await writeKaggleFixture(file, total);
    const database = path.join(cwd, 'store.db');
    const env = { ARXIV_DIGEST_DB: database };
    const count = () =>
      readDatabase(database, (db) => db.prepare('SELECT count(*) FROM papers').pluck().get()) as
        | number
        | null;
    const child = start(['import', file], cwd, env);
    await waitFor(() => (count() ?? 0) >= 4000, 'two committed batches', {
      child,
      timeoutMs: 60_000,
      intervalMs: 20,
    });
    const exit = await child.kill9();
    assert.equal(exit.signal, 'SIGKILL', 'killed before it finished');

    const afterKill = assertHealthy(database);
    assert.ok(afterKill.papers >= 4000 && afterKill.papers < total, `${afterKill.papers} papers kept`);

    const again = await runCli(['import', file, '--json'], { cwd, env });
    assert.equal(again.code, 0, again.stderr);
    const totals = (JSON.parse(again.stdout) as { totals: Record<string, number> }).totals;
    assert.equal(totals.read, total);
    assert.equal(totals.unchanged, afterKill.papers, 'what was committed is unchanged');
    assert.equal(totals.new, total - afterKill.papers);

    const expected: string[] = [];
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity }))
      if (line.trim()) expected.push((JSON.parse(line) as { id: string }).id);
    const stored = storedIds(database);
    assert.equal(countLost(expected, stored), 0, 'papers lost');
    assert.equal(stored.length, total);
    assertHealthy(database);
  });
});

describe('kill -9 during build', () => {
  const cwd = temporaryDirectory('arxiv-digest-crash-build-');
  const database = path.join(cwd, 'store.db');
  const posts = path.join(cwd, 'posts');
  const slug = 'seed-papers-2025-11-27-en';
  const argv = ['build', '--input', seedPapersFile, '--lang', 'en', '--out', 'posts'];
  let server: OpenAiServer;
  let env: Record<string, string>;

  const snapshot = () =>
    new Map(readdirSync(posts).map((name) => [name, readFileSync(path.join(posts, name))]));
  const cachedPaperIds = () =>
    (
      readDatabase(database, (db) =>
        db.prepare("SELECT value FROM kv WHERE area = 'summaries'").pluck().all(),
      ) ?? []
    ).map((value) => (JSON.parse(String(value)) as { paperId: string }).paperId);

  test('mid-LLM calls: old files untouched, no temporary files, the rerun repeats no answered call', async () => {
    server = await startOpenAiServer({ delayMs: 250 });
    closers.push(() => server.close());
    env = { ARXIV_DIGEST_DB: database, OPENAI_BASE_URL: server.url, ARXIV_DIGEST_MODEL: 'test-model' };
    // The old version: an extractive post of the same slug.
    const old = await runCli([...argv, '--llm', 'none'], { cwd, env: { ARXIV_DIGEST_DB: database } });
    assert.equal(old.code, 0, old.stderr);
    const oldFiles = snapshot();

    const child = start([...argv, '--llm', 'llm', '--concurrency', '2'], cwd, env);
    await waitFor(() => cachedPaperIds().length >= 6, 'six stored answers', {
      child,
      timeoutMs: 60_000,
      intervalMs: 20,
    });
    await child.kill9();
    const answered = new Set(
      server
        .chatRequests()
        .filter((request) => request.status === 200)
        .map((request) => request.paperId),
    );
    const cached = cachedPaperIds();
    assert.ok(cached.length >= 6);
    for (const id of cached) assert.ok(answered.has(id), `${id} was cached only after the server answered`);

    assertHealthy(database);
    assert.deepEqual(snapshot(), oldFiles, 'the old post, charts and all, byte for byte');
    assert.deepEqual(temporaryFiles(posts), []);

    server.reset();
    const rerun = await runCli([...argv, '--llm', 'llm', '--json'], { cwd, env });
    assert.equal(rerun.code, 0, rerun.stderr);
    const repeated = cached.filter((id) => server.chatRequests(id).length > 0);
    figures.repeatedLlmCalls += repeated.length;
    assert.deepEqual(repeated, [], 'no second request for a paper answered before the kill');
    assert.equal((JSON.parse(rerun.stdout) as { llm: { cached: number } }).llm.cached, cached.length);
    const post = readFileSync(path.join(posts, `${slug}.md`), 'utf8');
    assert.match(post, /summarized by a test server/, 'the new version');
    assertHealthy(database);
  });

  test('while writing the post: every visible file is the old or a complete new version; the rerun removes stale temporary files', async () => {
    const oldFiles = snapshot();
    // A leftover of a writer that no longer exists, and one of a live process (this one): only the first goes.
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    const staleName = `.${slug}.md.${dead}.0123456789ab.tmp`;
    const liveName = `.${slug}.md.${process.pid}.ba9876543210.tmp`;
    writeFileSync(path.join(posts, staleName), '---\ntitle: "half a po');
    writeFileSync(path.join(posts, liveName), '---\ntitle: "half a po');

    // --llm none: a different (extractive) version of the same post, written with HTML beside it.
    const child = start([...argv, '--llm', 'none', '--html'], cwd, { ARXIV_DIGEST_DB: database });
    let killed = false;
    const watcher = watch(posts, (_event, name) => {
      // The first temporary file of the child (not the two planted ones): kill -9 right then.
      if (!killed && name && /\.tmp$/.test(name) && name !== staleName && name !== liveName) {
        killed = true;
        child.process.kill('SIGKILL');
      }
    });
    const exit = await child.exited;
    watcher.close();
    assert.ok(killed, `the child wrote a temporary file before exiting (exit ${exit.code})`);

    // Partial files: any visible file that is neither its old bytes nor a complete new file.
    const now = snapshot();
    const complete = (name: string, bytes: Buffer): boolean => {
      if (name.endsWith('.png')) return bytes.subarray(-8).toString('latin1').startsWith('IEND');
      if (name.endsWith('.html')) return bytes.toString('utf8').trimEnd().endsWith('</html>');
      if (name.endsWith('.md')) {
        const text = bytes.toString('utf8');
        const front = /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1];
        return front !== undefined && typeof parseYaml(front) === 'object' && text.endsWith('\n');
      }
      return false;
    };
    const partial = [...now].filter(
      ([name, bytes]) =>
        !name.endsWith('.tmp') && !oldFiles.get(name)?.equals(bytes) && !complete(name, bytes),
    );
    figures.partialFiles += partial.length;
    assert.deepEqual(
      partial.map(([name]) => name),
      [],
      'partial files',
    );
    const leftBehind = temporaryFiles(posts).filter((name) => name !== staleName && name !== liveName);
    figures.staleTemporaryFiles += leftBehind.length;
    assertHealthy(database);

    const rerun = await runCli([...argv, '--llm', 'none', '--html'], {
      cwd,
      env: { ARXIV_DIGEST_DB: database },
    });
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.deepEqual(temporaryFiles(posts), [liveName], "dead writers' temporary files are removed");
    const rebuilt = snapshot();
    for (const [name, bytes] of rebuilt) if (!name.endsWith('.tmp')) assert.ok(complete(name, bytes), name);
    assert.match(
      rebuilt.get(`${slug}.md`)?.toString('utf8') ?? '',
      /Extractive summary|generator: "extractive"/,
    );
  });
});
