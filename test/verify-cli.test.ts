import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { run } from '../src/cli/main.ts';
import type { Digest } from '../src/core/digest.ts';
import { renderPost } from '../src/render/markdown.ts';
import { openStore } from '../src/store/index.ts';
import { extractVenue } from '../src/verify/venue.ts';
import { captureIo, runCli } from './helpers/cli.ts';
import { sampleDigest } from './helpers/sample-digest.ts';
import { seedPapers, seedPostUrl, sharedDataUrl } from './helpers/verify-data.ts';

const temporary = mkdtempSync(path.join(os.tmpdir(), 'arxiv-digest-'));
after(() => rmSync(temporary, { recursive: true, force: true }));

const seedPost = fileURLToPath(seedPostUrl);
const seedPapersFile = fileURLToPath(new URL('seed-papers.jsonl', sharedDataUrl));

test('check on the seed post with --papers: exit 1, the INFOCOM claims, one summary line', async () => {
  const result = await runCli(['check', seedPost, '--papers', seedPapersFile], { cwd: temporary });
  assert.equal(result.code, 1, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  assert.match(lines.at(-1) ?? '', /^check: 34 papers, \d+ claims, \d+ unsupported, 4 unverifiable$/);
  const infocom = lines.filter((line) => line.includes('INFOCOM'));
  assert.equal(infocom.length, 4);
  assert.ok(
    infocom.includes(
      '2511.19413  venue  "该成果于2024年9月发表于 IEEE INFOCOM。"  — metadata states no venue (comments: none); 2024 is before the paper\'s first arXiv version (2025-11)',
    ),
  );
  assert.ok(lines.some((line) => line.startsWith('-  trend  "过去几年')));
  assert.ok(!lines.some((line) => /^2511\.21120 {2}venue/.test(line)));
});

test('check --json reports every finding with paper id, claim and reason', async () => {
  const result = await runCli(['check', seedPost, '--papers', seedPapersFile, '--json'], { cwd: temporary });
  assert.equal(result.code, 1);
  const report = JSON.parse(result.stdout) as {
    ok: boolean;
    papersChecked: number;
    unsupported: { paperId: string | null; kind: string; claim: string; reason: string; severity: string }[];
    unverifiable: unknown[];
  };
  assert.equal(report.ok, false);
  assert.equal(report.papersChecked, 34);
  // Three papers without an abstract, and "五类" (five kinds) in one of them: unverifiable, not false.
  assert.equal(report.unverifiable.length, 4);
  const venue = report.unsupported.find(
    (finding) => finding.paperId === '2511.20994' && finding.kind === 'venue',
  );
  assert.equal(venue?.severity, 'unsupported');
  assert.match(venue?.claim ?? '', /INFOCOM/);
});

function builtDigest(): Digest {
  const digest = sampleDigest('zh');
  return {
    ...digest,
    papers: digest.papers.map((entry) => {
      const fact = extractVenue({ comments: entry.paper.comments, journalRef: entry.paper.journalRef });
      return { ...entry, venue: fact.venue ? fact : null };
    }),
  };
}

test('check without --papers reads papers and the run (trend facts) from the store', async () => {
  const databasePath = path.join(temporary, 'store.db');
  const postPath = path.join(temporary, 'posts', 'multimodal-2025-11-28.md');
  const digest = builtDigest();
  const store = openStore({ path: databasePath });
  try {
    store.upsertMany(seedPapers());
    store.saveRun({
      topic: digest.topic.name,
      language: digest.language,
      window: digest.window,
      createdAt: '2025-11-28T00:00:00.000Z',
      paperIds: digest.papers.map((entry) => entry.paper.id),
      directions: [],
      trendFacts: digest.trends.facts,
      history: digest.trends.history,
      outputs: { markdown: postPath },
      digest,
    });
  } finally {
    store.close();
  }
  const markdown = renderPost(digest);
  mkdirSync(path.dirname(postPath), { recursive: true });
  writeFileSync(postPath, markdown);
  const clean = await runCli(['check', 'posts/multimodal-2025-11-28.md', '--db', databasePath, '--json'], {
    cwd: temporary,
  });
  assert.equal(clean.code, 0, clean.stdout);
  const report = JSON.parse(clean.stdout) as { ok: boolean; run: number | null; papersChecked: number };
  assert.equal(report.ok, true);
  assert.equal(report.papersChecked, 34);
  assert.equal(typeof report.run, 'number');
  // The trend figures are checked against the stored run: a changed figure fails.
  writeFileSync(postPath, markdown.replace('35.3%（12/34）', '53.3%（12/34）'));
  const changed = await runCli(['check', postPath], {
    cwd: temporary,
    env: { ARXIV_DIGEST_DB: databasePath },
  });
  assert.equal(changed.code, 1);
  assert.match(changed.stdout, /- {2}trend {2}".*53\.3%.*" {2}— 53\.3 is not a figure the build computed/);
});

test('check: a missing post or a missing database is one clear line and exit 1', async () => {
  const missing = await runCli(['check', 'nope.md', '--papers', seedPapersFile], { cwd: temporary });
  assert.equal(missing.code, 1);
  assert.equal(missing.stdout, '');
  assert.match(
    missing.stderr,
    /^arxiv-digest: .*nope\.md: no such file; give the path of a post \.md file\n$/,
  );
  const noDatabase = await runCli(['check', seedPost, '--db', path.join(temporary, 'absent.db')], {
    cwd: temporary,
  });
  assert.equal(noDatabase.code, 1);
  assert.match(
    noDatabase.stderr,
    /no database at .*absent\.db.*import the papers first, or pass --papers FILE/,
  );
});

test('venue TEXT prints one fact; --json prints it as JSON', async () => {
  const human = await runCli(['venue', 'Accepted to AAAI 2026 (Oral)'], { cwd: temporary });
  assert.equal(human.code, 0);
  assert.equal(
    human.stdout,
    'AAAI 2026 · accepted · conference · track Oral  — from "Accepted to AAAI 2026 (Oral)"\n' +
      'en: Accepted at AAAI 2026 (Oral).\nzh: 该成果已被 AAAI 2026 接收（Oral）。\n',
  );
  const json = await runCli(['venue', '13 pages, 4 figures, under review at AAAI 2026', '--json'], {
    cwd: temporary,
  });
  assert.deepEqual(JSON.parse(json.stdout), {
    venue: 'AAAI',
    year: 2026,
    status: 'under_review',
    type: 'conference',
    track: null,
    evidence: 'under review at AAAI 2026',
  });
  const none = await runCli(['venue', '24 pages, 9 figures'], { cwd: temporary });
  assert.equal(none.stdout, 'no venue stated\n');
});

test('venue with no TEXT reads JSON lines on stdin and writes one result per line', async () => {
  const input = readFileSync(seedPapersFile, 'utf8');
  const result = await runCli(['venue'], { cwd: temporary, stdin: input });
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.equal(lines.length, 34);
  const byId = new Map(lines.map((line) => [line.id, line]));
  assert.equal(byId.get('2511.21120')?.venue, 'AAAI');
  assert.equal(byId.get('2511.20531')?.type, 'workshop');
  assert.equal(byId.get('2511.19413')?.venue, null);
  const bad = await runCli(['venue'], {
    cwd: temporary,
    stdin: '{"comments":"Submitted to ICASSP 2026","journal_ref":null}\nnot json\n{"comments":3}\n',
  });
  assert.equal(bad.code, 1);
  const [first, second, third] = bad.stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.equal(first.status, 'submitted');
  assert.match(second.error, /^stdin:2: malformed JSON/);
  assert.match(third.error, /^stdin:3: comments: /);
  assert.match(bad.stderr, /2 of 3 input lines could not be read/);
  const terminal = await runCli(['venue'], { cwd: temporary, stdinIsTty: true });
  assert.equal(terminal.code, 2);
  assert.match(terminal.stderr, /^arxiv-digest: venue needs TEXT or JSON lines on stdin; e\.g\. /);
});

test('a post written by `build` passes `check`; the same post with a planted venue and number fails', async () => {
  const databasePath = path.join(temporary, 'build.db');
  const env = { ARXIV_DIGEST_DB: databasePath };
  const { io, output } = captureIo({ cwd: temporary, env });
  const built = await run(
    ['build', '--input', seedPapersFile, '--lang', 'en', '--llm', 'none', '--out', 'built', '--json'],
    io,
  );
  assert.equal(built, 0, output().stderr);
  const posts = readdirSync(path.join(temporary, 'built')).filter((name) => name.endsWith('.md'));
  assert.equal(posts.length, 1, posts.join(', '));
  const postPath = path.join(temporary, 'built', posts[0] as string);
  const clean = await runCli(['check', postPath], { cwd: temporary, env });
  assert.equal(clean.code, 0, clean.stdout);
  assert.match(clean.stdout, /^check: 34 papers, \d+ claims, 0 unsupported, 0 unverifiable\n$/);
  const markdown = readFileSync(postPath, 'utf8');
  const paragraph = markdown.split('\n').find((line) => line.includes('abs/2511.21691v1)'));
  assert.ok(paragraph);
  writeFileSync(
    postPath,
    markdown.replace(paragraph, `${paragraph} Accepted at CVPR 2026. It improves accuracy by 37.3%.`),
  );
  const planted = await runCli(['check', postPath], { cwd: temporary, env });
  assert.equal(planted.code, 1);
  assert.match(
    planted.stdout,
    /^2511\.21691 {2}venue {2}"Accepted at CVPR 2026\." {2}— metadata states no venue/m,
  );
  assert.match(
    planted.stdout,
    /^2511\.21691 {2}number {2}"It improves accuracy by 37\.3%\." {2}— "37\.3%" is not in the abstract or comments$/m,
  );
  assert.match(planted.stdout, /check: 34 papers, \d+ claims, 2 unsupported, 0 unverifiable\n$/);
});
