import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { loadDay, sortedIds } from './helpers/arxiv-data.ts';
import { startArxivApiServer } from './helpers/arxiv-servers.ts';
import {
  type ChildExit,
  databaseHealth,
  readDatabase,
  runCliChild,
  runModuleChild,
  storedIds,
  temporaryFiles,
} from './helpers/child-cli.ts';
import { seedPapersFile, temporaryDirectory } from './helpers/cli.ts';
import {
  answers,
  type ChatRequestInfo,
  type ServerAnswer,
  startOpenAiServer,
} from './helpers/openai-server.ts';

/**
 * Issue 6.3: two processes on one database at the same time (a cron job overlapping a manual run).
 * Both must finish, or one must stop with a clear "database is busy" line; either way nothing is
 * corrupted or lost. The database is fresh, so both also race to create and migrate it.
 */

const closers: (() => Promise<void>)[] = [];
after(async () => {
  for (const close of closers) await close();
});

const titles = new Map(
  readFileSync(seedPapersFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { id: string; title: string })
    .map((seed) => [seed.id, seed.title]),
);

/** A valid summary in the language the prompt asks for, built around the paper's short title. */
function summaryInTheAskedLanguage(request: ChatRequestInfo): ServerAnswer {
  const title = titles.get(request.paperId ?? '') ?? 'the method';
  const key = (title.split(':')[0] ?? title).slice(0, 40).trim();
  return (request.body.messages?.[0]?.content ?? '').includes('Chinese')
    ? answers.summary(
        `该工作提出了 ${key}，用于解决相关的研究问题。作者在公开的基准上验证了该方法的效果。`,
        key,
      )
    : answers.summary(
        `The work presents ${key} for the problem it studies. The authors evaluate it on public benchmarks.`,
        key,
      );
}

/** Both exited 0, or one exited 1 saying the database is busy; returns the ones that must run again. */
function assertBothFinishedOrBusy(exits: ChildExit[]): number[] {
  const failed = exits.flatMap((exit, index) => (exit.code === 0 ? [] : [index]));
  assert.ok(failed.length <= 1, `at most one may fail:\n${exits.map((exit) => exit.stderr).join('\n---\n')}`);
  for (const index of failed) {
    const exit = exits[index] as ChildExit;
    assert.equal(exit.code, 1, exit.stderr);
    assert.match(exit.stderr, /^arxiv-digest: database is busy: another process is writing .*; wait for it/m);
  }
  return failed;
}

function assertSound(database: string): void {
  const health = databaseHealth(database);
  assert.equal(health.integrity, 'ok');
  assert.equal(health.ftsProblem, null);
  assert.equal(health.distinctIds, health.papers);
}

describe('two processes on one database', () => {
  test('two `fetch` runs of different windows at once: both stored completely', async () => {
    const papers = ['2025-11-20', '2025-11-21', '2025-11-22', '2025-11-24'].flatMap((day) => loadDay(day));
    const server = await startArxivApiServer({ papers });
    closers.push(() => server.close());
    const cwd = temporaryDirectory('arxiv-digest-concurrent-fetch-');
    const database = path.join(cwd, 'store.db');
    const env = { ARXIV_API_URL: server.url, ARXIV_MIN_INTERVAL_MS: '5', ARXIV_DIGEST_DB: database };
    const fetch = (from: string, to: string) =>
      ['fetch', '--categories', 'cs.CV,cs.LG', '--from', from, '--to', to, '--page-size', '10'] as string[];
    const runs = [fetch('2025-11-19', '2025-11-21'), fetch('2025-11-22', '2025-11-24')];
    const exits = await Promise.all(runs.map((argv) => runCliChild(argv, { cwd, env })));
    for (const index of assertBothFinishedOrBusy(exits)) {
      const again = await runCliChild(runs[index] as string[], { cwd, env });
      assert.equal(again.code, 0, again.stderr);
    }
    const queries = [...new Set(server.requests.map((request) => request.params.get('search_query') ?? ''))];
    assert.equal(queries.length, 2);
    const expected = sortedIds(queries.flatMap((query) => server.matching(query)));
    assert.ok(expected.length > 100, `${expected.length} papers in the two windows`);
    assert.deepEqual(storedIds(database), [...new Set(expected)].sort(), 'all papers of both, none lost');
    assertSound(database);
  });

  test('two `build` runs (zh and en, LLM summaries, one --out) at once: both posts, runs and caches kept', async () => {
    const server = await startOpenAiServer({ answer: summaryInTheAskedLanguage, delayMs: 30 });
    closers.push(() => server.close());
    const cwd = temporaryDirectory('arxiv-digest-concurrent-build-');
    const database = path.join(cwd, 'store.db');
    const env = { ARXIV_DIGEST_DB: database, OPENAI_BASE_URL: server.url, ARXIV_DIGEST_MODEL: 'test-model' };
    const build = (language: string) => [
      'build',
      '--input',
      seedPapersFile,
      '--lang',
      language,
      '--out',
      'posts',
    ];
    const runs = [build('zh'), build('en')];
    const exits = await Promise.all(runs.map((argv) => runCliChild(argv, { cwd, env })));
    for (const index of assertBothFinishedOrBusy(exits)) {
      const again = await runCliChild(runs[index] as string[], { cwd, env });
      assert.equal(again.code, 0, again.stderr);
    }
    assertSound(database);
    const runCount = readDatabase(database, (db) => db.prepare('SELECT count(*) FROM runs').pluck().get());
    assert.equal(runCount, 2, 'both runs stored');
    const cached = readDatabase(database, (db) =>
      db.prepare("SELECT count(*) FROM kv WHERE area = 'summaries'").pluck().get(),
    );
    assert.equal(cached, 2 * 31, 'every answer of both runs cached');
    for (const [language, slug] of [
      ['zh', 'seed-papers-2025-11-27'],
      ['en', 'seed-papers-2025-11-27-en'],
    ]) {
      const post = readFileSync(path.join(cwd, 'posts', `${slug}.md`), 'utf8');
      const front = parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(post)?.[1] ?? '') as { lang: string };
      assert.equal(front.lang, language);
      assert.equal((post.match(/\]\(https:\/\/arxiv\.org\/abs\//g) ?? []).length >= 34, true, 'every paper');
    }
    assert.deepEqual(temporaryFiles(path.join(cwd, 'posts')), []);
  });
  test('two processes indexing summaries at once wait for each other instead of failing "database is busy"', async () => {
    // The end of every build: store.indexSummary for each paper. It reads before it writes; as a
    // deferred transaction it failed at once with SQLITE_BUSY whenever the other process was writing.
    const cwd = temporaryDirectory('arxiv-digest-concurrent-index-');
    const database = path.join(cwd, 'store.db');
    const module = (relative: string) => JSON.stringify(new URL(relative, import.meta.url).pathname);
    const code = `
      const { openStore } = await import(${module('../src/store/index.ts')});
      const { loadSeedPapers } = await import(${module('./helpers/arxiv-data.ts')});
      const [database, language] = process.argv.slice(1);
      const store = openStore({ path: database });
      const papers = loadSeedPapers();
      store.upsertMany(papers);
      let busy = 0;
      for (let round = 0; round < 15; round++)
        for (const paper of papers) {
          try { store.indexSummary(paper.id, language, 'summary ' + round + ' of ' + paper.title); }
          catch (error) { if (/database is busy/.test(error.message)) busy++; else throw error; }
        }
      store.close();
      console.log(JSON.stringify({ busy }));`;
    const repository = new URL('..', import.meta.url).pathname;
    const exits = await Promise.all(
      ['zh', 'en'].map((language) => runModuleChild(code, [database, language], repository)),
    );
    for (const exit of exits) {
      assert.equal(exit.code, 0, exit.stderr);
      assert.deepEqual(JSON.parse(exit.stdout), { busy: 0 });
    }
    assertSound(database);
    const texts = readDatabase(database, (db) =>
      db.prepare('SELECT count(*) FROM summary_texts').pluck().get(),
    );
    assert.equal(texts, 2 * 34, 'every summary of both processes stored');
  });
});
