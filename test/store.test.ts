import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { makePaper, type Paper } from '../src/core/paper.ts';
import { groupsExpression } from '../src/store/fts.ts';
import { openStore } from '../src/store/index.ts';
import { loadDay } from './helpers/arxiv-data.ts';

const temporaryDatabase = (): string =>
  path.join(mkdtempSync(path.join(os.tmpdir(), 'arxiv-digest-')), 'store.db');

const canvas = (overrides: Partial<Paper> = {}): Paper =>
  makePaper({
    id: '2511.21691',
    version: 1,
    title: 'Canvas-to-Image: Compositional Image Generation with Multimodal Controls',
    authors: ['Yusuf Dalva', 'Guocheng Gordon Qian'],
    abstract: 'We introduce Canvas-to-Image, a unified framework for compositional image generation.',
    categories: ['cs.CV'],
    published: '2025-11-26',
    ...overrides,
  });

const unigame = makePaper({
  id: '2511.19413',
  version: 2,
  title: 'UniGame: Turning a Unified Multimodal Model Into Its Own Adversary',
  authors: ['Zhaolong Su'],
  abstract: 'Unified Multimodal Models face a structural tension between understanding and generation.',
  categories: ['cs.LG', 'cs.CV'],
  announced: '2025-11-25',
});

test('upsert: new, then the same record is unchanged', () => {
  const store = openStore({ path: temporaryDatabase() });
  assert.deepEqual(store.upsertMany([canvas(), unigame]), { new: 2, updated: 0, unchanged: 0 });
  assert.deepEqual(store.upsertMany([canvas(), unigame]), { new: 0, updated: 0, unchanged: 2 });
  assert.equal(store.count(), 2);
  assert.deepEqual(store.get('2511.21691'), canvas());
  store.close();
});

test('a newer version replaces the record and keeps the history; an older one changes nothing', () => {
  const store = openStore({ path: temporaryDatabase() });
  store.upsert(canvas());
  const v2 = canvas({ version: 2, title: 'Canvas-to-Image v2', published: null, updated: '2025-12-02' });
  assert.equal(store.upsert(v2), 'updated');
  const current = store.get('2511.21691');
  assert.equal(current?.version, 2);
  assert.equal(current?.title, 'Canvas-to-Image v2');
  assert.equal(current?.published, '2025-11-26', 'the v1 date survives a source that lacks it');
  assert.deepEqual(
    store.versionHistory('2511.21691').map((record) => [record.version, record.paper.title]),
    [
      [1, canvas().title],
      [2, 'Canvas-to-Image v2'],
    ],
  );
  assert.equal(store.upsert(canvas()), 'unchanged', 'v1 arriving after v2 does not win');
  assert.equal(store.get('2511.21691')?.version, 2);
  store.close();
});

test('same version from a poorer source does not erase fields', () => {
  const store = openStore({ path: temporaryDatabase() });
  store.upsert(canvas({ comments: '24 pages', doi: '10.1/x' }));
  assert.equal(
    store.upsert(canvas({ comments: null, doi: null, announced: '2025-11-27', announceType: 'new' })),
    'updated',
  );
  const merged = store.get('2511.21691');
  assert.equal(merged?.comments, '24 pages');
  assert.equal(merged?.announceType, 'new');
  store.close();
});

test('full-text search ranks by bm25 and returns snippets; Chinese summaries are searchable', () => {
  const store = openStore({ path: temporaryDatabase() });
  store.upsertMany([canvas(), unigame]);
  const hits = store.search('compositional image generation canvas');
  assert.equal(hits[0]?.paper.id, '2511.21691');
  assert.match(hits[0]?.snippet ?? '', /\[/);
  assert.equal(store.search('adversary understanding')[0]?.paper.id, '2511.19413');
  // FTS5 syntax in user input is taken as plain words, never as operators (no syntax errors).
  assert.deepEqual(store.search('title: NEAR(* "zzz'), []);
  assert.equal(store.search('structural OR NOT tension')[0]?.paper.id, '2511.19413');
  store.indexSummary('2511.19413', 'zh', '该研究提出了一种自对抗训练框架，提升统一多模态模型的鲁棒性。');
  assert.equal(store.search('自对抗训练')[0]?.paper.id, '2511.19413');
  assert.equal(store.search('鲁棒性')[0]?.paper.id, '2511.19413');
  store.close();
});

test('window, monthly counts and categories', () => {
  const store = openStore({ path: temporaryDatabase() });
  store.upsertMany([
    canvas(),
    unigame,
    makePaper({ id: '2401.00001', title: 'Old multimodal work', categories: ['cs.CL'] }),
  ]);
  assert.deepEqual(
    store.papersInWindow({ from: '2025-11-21', to: '2025-11-27' }).map((paper) => paper.id),
    ['2511.19413', '2511.21691'],
  );
  assert.deepEqual(
    store
      .papersInWindow({ from: '2025-11-21', to: '2025-11-27', categories: ['cs.LG'] })
      .map((paper) => paper.id),
    ['2511.19413'],
  );
  assert.deepEqual(store.monthlyCounts(null), [
    { month: '2024-01', count: 1 },
    { month: '2025-11', count: 2 },
  ]);
  assert.deepEqual(store.monthlyCounts('multimodal'), [
    { month: '2024-01', count: 1 },
    { month: '2025-11', count: 2 },
  ]);
  assert.deepEqual(store.monthlyCounts('multimodal', ['cs.CV']), [{ month: '2025-11', count: 2 }]);
  store.close();
});

test('key-value areas and runs persist across connections', () => {
  const databasePath = temporaryDatabase();
  const store = openStore({ path: databasePath });
  store.kv('cursors').set('q', { start: 200 });
  assert.deepEqual(store.kv('cursors').get('q'), { start: 200 });
  assert.equal(store.kv('other').get('q'), undefined);
  store.close();
  const reopened = openStore({ path: databasePath });
  assert.deepEqual(reopened.kv('cursors').get('q'), { start: 200 });
  reopened.kv('cursors').delete('q');
  assert.equal(reopened.kv('cursors').get('q'), undefined);
  reopened.close();
});

test('WAL mode and a clear error for a file that is not a database', async () => {
  const databasePath = temporaryDatabase();
  openStore({ path: databasePath }).close();
  const raw = new Database(databasePath);
  assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
  raw.close();
  const junk = path.join(path.dirname(databasePath), 'junk.db');
  (await import('node:fs')).writeFileSync(junk, 'this is not sqlite at all, just text '.repeat(200));
  assert.throws(
    () => openStore({ path: junk }),
    (error: Error & { code?: string }) => {
      assert.equal(error.code, 'STORE');
      assert.match(error.message, /junk\.db/);
      return true;
    },
  );
});

test('a second writer waiting past the busy timeout gets "database is busy"', () => {
  const databasePath = temporaryDatabase();
  const first = openStore({ path: databasePath });
  const holder = new Database(databasePath);
  holder.exec('BEGIN IMMEDIATE');
  const second = openStore({ path: databasePath, busyTimeoutMs: 50 });
  assert.throws(
    () => second.upsert(canvas()),
    (error: Error & { code?: string }) => {
      assert.equal(error.code, 'BUSY');
      assert.match(error.message, /database is busy/);
      return true;
    },
  );
  holder.exec('ROLLBACK');
  holder.close();
  assert.equal(second.upsert(canvas()), 'new');
  first.close();
  second.close();
});

test('monthly counts by groups of phrases (OR of ANDs)', () => {
  const store = openStore({ path: temporaryDatabase() });
  store.upsertMany([canvas(), unigame]);
  assert.deepEqual(store.monthlyCounts([['image generation', 'canvas']]), [{ month: '2025-11', count: 1 }]);
  assert.deepEqual(store.monthlyCounts([['image generation', 'adversary'], ['structural tension']]), [
    { month: '2025-11', count: 1 },
  ]);
  assert.deepEqual(store.monthlyCounts([['nothing like this']]), []);
  store.close();
});

test('the full-text index stays consistent with the papers through updates and summaries', () => {
  const databasePath = temporaryDatabase();
  const store = openStore({ path: databasePath });
  store.upsertMany([canvas(), unigame]);
  store.upsert(
    canvas({ version: 2, title: 'Canvas-to-Image revised', abstract: 'A new abstract about layouts.' }),
  );
  store.indexSummary('2511.21691', 'zh', '该方法把多种控制信号编码到一张画布中。');
  store.indexSummary('2511.21691', 'en', 'Encodes controls into one canvas.');
  store.indexSummary('2511.21691', 'zh', '该方法把多种控制信号编码为画布图像。');
  assert.equal(store.search('layouts')[0]?.paper.id, '2511.21691');
  assert.deepEqual(store.search('compositional'), [], 'the old abstract is no longer indexed');
  assert.equal(store.search('画布图像')[0]?.paper.id, '2511.21691');
  assert.equal(store.search('Dalva')[0]?.snippet, 'Yusuf [Dalva], Guocheng Gordon Qian');
  store.close();
  const raw = new Database(databasePath);
  raw.prepare("INSERT INTO papers_fts (papers_fts) VALUES ('integrity-check')").run();
  raw.close();
});

test('key-value areas also report a busy database as "database is busy"', () => {
  const databasePath = temporaryDatabase();
  openStore({ path: databasePath }).close();
  const holder = new Database(databasePath);
  holder.exec('BEGIN IMMEDIATE');
  const store = openStore({ path: databasePath, busyTimeoutMs: 50 });
  assert.throws(
    () => store.kv('summaries').set('key', { text: 'x' }),
    (error: Error & { code?: string }) => {
      assert.equal(error.code, 'BUSY');
      return true;
    },
  );
  holder.exec('ROLLBACK');
  holder.close();
  store.close();
});

test('window and category filters follow a paper whose newer version changes its categories', () => {
  const store = openStore({ path: temporaryDatabase() });
  store.upsertMany([canvas()]);
  const window = { from: '2025-11-21', to: '2025-11-27' };
  const inCategory = (category: string): string[] =>
    store.papersInWindow({ ...window, categories: [category] }).map((paper) => paper.id);
  assert.deepEqual(inCategory('cs.CV'), ['2511.21691']);
  store.upsertMany([canvas({ version: 2, categories: ['cs.LG'], updated: '2025-12-03' })]);
  assert.deepEqual(inCategory('cs.CV'), []);
  assert.deepEqual(inCategory('cs.LG'), ['2511.21691']);
  assert.deepEqual(store.monthlyCounts('canvas', ['cs.LG']), [{ month: '2025-11', count: 1 }]);
  assert.deepEqual(store.monthlyCounts('canvas', ['cs.CV']), []);
  store.close();
});

test('a product of groups (every topic phrase times every keyword pair) is factored without changing the matches', () => {
  const databasePath = temporaryDatabase();
  const store = openStore({ path: databasePath });
  store.upsertMany(loadDay('2025-11-18'));
  const groups = ['multimodal', 'vision-language', 'vision language', 'language model'].flatMap((phrase) => [
    [phrase, 'model', 'image'],
    [phrase, 'model', 'reasoning'],
    [phrase, 'image', 'reasoning'],
  ]);
  const expression = groupsExpression(groups);
  assert.equal(
    expression,
    '("multimodal" OR "vision language" OR "language model") AND (("image" AND "reasoning") OR ("model" AND "image") OR ("model" AND "reasoning"))',
  );
  const quote = (phrase: string): string => `"${phrase.replace(/-/g, ' ')}"`;
  const naive = groups.map((group) => `(${group.map(quote).join(' AND ')})`).join(' OR ');
  store.close();
  const database = new Database(databasePath, { readonly: true });
  const count = (match: string): number =>
    (
      database.prepare('SELECT count(*) AS total FROM papers_fts WHERE papers_fts MATCH ?').get(match) as {
        total: number;
      }
    ).total;
  assert.ok(count(naive) > 0);
  assert.equal(count(expression as string), count(naive));
  database.close();
});

test('a store from before paper_facets migrates: the facets are filled from the papers already there', () => {
  const databasePath = temporaryDatabase();
  const store = openStore({ path: databasePath });
  store.upsertMany([canvas(), unigame]);
  store.close();
  // Take the database back to schema 1, as an older arxiv-digest left it.
  const old = new Database(databasePath);
  old.exec(`DROP TRIGGER papers_facets_insert; DROP TRIGGER papers_facets_update; DROP TRIGGER papers_facets_delete;
    DROP TABLE paper_facets; DROP INDEX papers_by_updated; DROP TABLE deliveries; PRAGMA user_version = 1;`);
  old.close();
  const reopened = openStore({ path: databasePath });
  assert.deepEqual(
    reopened
      .papersInWindow({ from: '2025-11-21', to: '2025-11-27', categories: ['cs.LG'] })
      .map((paper) => paper.id),
    ['2511.19413'],
  );
  assert.deepEqual(reopened.monthlyCounts('multimodal', ['cs.CV']), [{ month: '2025-11', count: 2 }]);
  reopened.close();
  const migrated = new Database(databasePath, { readonly: true });
  assert.equal(migrated.pragma('user_version', { simple: true }), 4);
  assert.deepEqual(
    migrated.prepare('SELECT rowid, categories, first_version FROM paper_facets ORDER BY rowid').all(),
    [
      { rowid: 1, categories: ' cs.CV ', first_version: 1 },
      { rowid: 2, categories: ' cs.LG cs.CV ', first_version: 0 },
    ],
  );
  migrated.close();
});
