import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { type CliResult, runCli, seedPapersFile, temporaryDirectory } from './helpers/cli.ts';

/**
 * Bad input files (issue 6, part 4) through the real CLI: `import FILE`, `build --input FILE`,
 * `check POST` and `check --papers FILE`. Each must end in ONE stderr line that names the file (and
 * the line, for a bad record) and says what to do, exit 1 (a runtime failure, not a usage error), and
 * leave the working directory exactly as it was: no post, no half-written file, no temporary file,
 * and no database created for nothing. The database is left at its default place in the working
 * directory (.arxiv-digest/) on purpose, so creating it shows up in the snapshot.
 */

const seedLines = readFileSync(seedPapersFile, 'utf8')
  .split('\n')
  .filter((line) => line.trim());

/** Every file and directory under `dir`, with a hash of each file's bytes. */
function snapshot(dir: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(dir, full);
    entries.set(
      relative,
      entry.isDirectory() ? 'dir' : createHash('sha256').update(readFileSync(full)).digest('hex'),
    );
  }
  return entries;
}

/** The one line a failed command printed; fails unless stderr is exactly that line. */
function oneErrorLine(result: CliResult): string {
  const lines = result.stderr.split('\n');
  assert.equal(lines.at(-1), '', `stderr ends with a newline: ${JSON.stringify(result.stderr)}`);
  assert.equal(lines.length, 2, `exactly one stderr line, got:\n${result.stderr}`);
  const line = lines[0] as string;
  assert.match(line, /^(arxiv-digest: |error: )/);
  return line;
}

interface BadFile {
  name: string;
  /** The file (or directory) name given on the command line. */
  file: string;
  create: (cwd: string) => void;
  /** What the line must say happened (it must name the file too). */
  says: RegExp;
  /** What to do, in import's or build's words. */
  advice: RegExp;
}

const pngHeader = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]);

const badFiles: BadFile[] = [
  {
    name: 'a missing file',
    file: 'missing.jsonl',
    create: () => {},
    says: /missing\.jsonl: no such file/,
    advice: /check the path/,
  },
  {
    name: 'a directory given as a file',
    file: 'papers',
    create: (cwd) => mkdirSync(path.join(cwd, 'papers')),
    says: /papers: is a directory, not a file/,
    advice: /name the files inside it/,
  },
  {
    name: 'an empty file',
    file: 'empty.jsonl',
    create: (cwd) => writeFileSync(path.join(cwd, 'empty.jsonl'), ''),
    says: /empty\.jsonl: empty file/,
    advice: /check that the download finished/,
  },
  {
    name: 'binary junk',
    file: 'junk.jsonl',
    create: (cwd) => writeFileSync(path.join(cwd, 'junk.jsonl'), Buffer.concat([pngHeader, pngHeader])),
    says: /junk\.jsonl: binary data/,
    advice: /reads JSON lines/,
  },
  {
    name: 'a malformed JSON line (file:line)',
    file: 'malformed.jsonl',
    create: (cwd) =>
      writeFileSync(path.join(cwd, 'malformed.jsonl'), '{"id": "2511.21691", "title": oops}\n'),
    says: /malformed\.jsonl:1: malformed JSON/,
    advice: /import reads arXiv records|pass (--papers )?a JSONL\/JSON\/Atom\/OAI-PMH file/,
  },
  {
    name: 'valid JSON of the wrong shape (an object without an id)',
    file: 'shape.json',
    create: (cwd) => writeFileSync(path.join(cwd, 'shape.json'), '{"hello": "world", "papers": 3}\n'),
    says: /shape\.json:1: id: /,
    advice: /import reads arXiv records|pass (--papers )?a JSONL\/JSON\/Atom\/OAI-PMH file/,
  },
  {
    name: 'valid JSON of the wrong shape (an array of numbers)',
    file: 'numbers.json',
    create: (cwd) => writeFileSync(path.join(cwd, 'numbers.json'), '[1, 2, 3]\n'),
    says: /numbers\.json:1: item 1: expected an object/,
    advice: /import reads arXiv records|pass (--papers )?a JSONL\/JSON\/Atom\/OAI-PMH file/,
  },
];

/** Runs `argv` in a fresh directory holding the bad file; asserts the one-line error and no output. */
async function failsCleanly(bad: BadFile, argv: (file: string) => string[]): Promise<string> {
  const cwd = temporaryDirectory('arxiv-digest-bad-input-');
  bad.create(cwd);
  const before = snapshot(cwd);
  const result = await runCli(argv(bad.file), { cwd, env: {} });
  assert.equal(result.code, 1, `exit 1 for ${bad.name}; stderr: ${result.stderr}`);
  const line = oneErrorLine(result);
  assert.match(line, bad.says);
  assert.match(line, bad.advice);
  assert.equal(result.stdout, '');
  assert.deepEqual(snapshot(cwd), before, 'no file created or changed (no post, no temp file, no database)');
  return line;
}

describe('bad input files: one line naming the file and the fix, exit 1, no partial output', () => {
  for (const bad of badFiles) {
    it(`import: ${bad.name}`, async () => {
      await failsCleanly(bad, (file) => ['import', file]);
    });
    it(`build --input: ${bad.name}`, async () => {
      await failsCleanly(bad, (file) => ['build', '--input', file, '--llm', 'none', '--out', 'D']);
    });
    it(`check --papers: ${bad.name}`, async () => {
      const post = (cwd: string) => {
        bad.create(cwd);
        writeFileSync(path.join(cwd, 'post.md'), '[A](https://arxiv.org/abs/2511.21691v1) is a paper.\n');
      };
      await failsCleanly({ ...bad, create: post }, (file) => ['check', 'post.md', '--papers', file]);
    });
  }

  const badPosts: BadFile[] = [
    {
      ...(badFiles[0] as BadFile),
      file: 'missing.md',
      says: /missing\.md: no such file/,
      advice: /post \.md/,
    },
    { ...(badFiles[1] as BadFile), says: /papers is a directory, not a post/, advice: /post \.md/ },
    { ...(badFiles[2] as BadFile), says: /empty\.jsonl: empty file/, advice: /post \.md/ },
    { ...(badFiles[3] as BadFile), says: /junk\.jsonl: binary data, not a Markdown post/, advice: /UTF-8/ },
  ];
  for (const bad of badPosts) {
    it(`check POST: ${bad.name}`, async () => {
      await failsCleanly(bad, (file) => ['check', file]);
    });
  }

  it('import of several files: one bad file stops the run before any file is imported', async () => {
    const cwd = temporaryDirectory('arxiv-digest-bad-input-');
    const before = snapshot(cwd);
    const result = await runCli(['import', seedPapersFile, 'missing.jsonl'], { cwd, env: {} });
    assert.equal(result.code, 1);
    assert.match(oneErrorLine(result), /missing\.jsonl: no such file/);
    assert.deepEqual(snapshot(cwd), before, 'the good file was not imported either: no database');
  });

  it('--json: the error is also JSON on stdout, and stderr is still one line', async () => {
    const cwd = temporaryDirectory('arxiv-digest-bad-input-');
    const result = await runCli(['build', '--input', 'missing.jsonl', '--out', 'D', '--json'], {
      cwd,
      env: {},
    });
    assert.equal(result.code, 1);
    assert.match(oneErrorLine(result), /missing\.jsonl: no such file/);
    const report = JSON.parse(result.stdout) as { ok: boolean; error: { code: string; message: string } };
    assert.equal(report.ok, false);
    assert.equal(report.error.code, 'INPUT');
    assert.match(report.error.message, /missing\.jsonl/);
  });
});

describe('a file with some bad lines is not an error (import skips and counts them)', () => {
  const withBadLine = (cwd: string): string => {
    const file = path.join(cwd, 'mixed.jsonl');
    writeFileSync(file, `${seedLines[0]}\n{"id": "2511.00001", "title": oops}\n${seedLines[1]}\n`);
    return file;
  };

  it('import: exit 0, the bad line is a warning naming file:line, the good records are stored', async () => {
    const cwd = temporaryDirectory('arxiv-digest-bad-input-');
    withBadLine(cwd);
    const env = { ARXIV_DIGEST_DB: path.join(cwd, 'store.db') };
    const result = await runCli(['import', 'mixed.jsonl'], { cwd, env });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'mixed.jsonl: read 3, new 2, updated 0, unchanged 0, skipped 1\n');
    const warnings = result.stderr.trimEnd().split('\n');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] as string, /^warning: skipped .*mixed\.jsonl:2: malformed JSON/);
    const search = await runCli(['search', 'Canvas-to-Image', '--json'], { cwd, env });
    const hits = (JSON.parse(search.stdout) as { results: { id: string }[] }).results;
    assert.deepEqual(
      hits.map((hit) => hit.id),
      ['2511.21691'],
    );
  });

  it('import --strict: exit 1, one line naming file:line and how to go on', async () => {
    const cwd = temporaryDirectory('arxiv-digest-bad-input-');
    withBadLine(cwd);
    const result = await runCli(['import', '--strict', 'mixed.jsonl'], {
      cwd,
      env: { ARXIV_DIGEST_DB: path.join(cwd, 'store.db') },
    });
    assert.equal(result.code, 1);
    const line = oneErrorLine(result);
    assert.match(line, /mixed\.jsonl:2: malformed JSON/);
    assert.match(line, /run without --strict to skip bad records/);
  });

  it('import of a file whose every record is bad leaves the stored papers as they were', async () => {
    const cwd = temporaryDirectory('arxiv-digest-bad-input-');
    const env = { ARXIV_DIGEST_DB: path.join(cwd, 'store.db') };
    writeFileSync(path.join(cwd, 'good.jsonl'), `${seedLines[0]}\n`);
    writeFileSync(path.join(cwd, 'bad.jsonl'), '{"title": "no id"}\n{"id": 7}\n');
    assert.equal((await runCli(['import', 'good.jsonl'], { cwd, env })).code, 0);
    const result = await runCli(['import', 'bad.jsonl'], { cwd, env });
    assert.equal(result.code, 1);
    assert.match(oneErrorLine(result), /bad\.jsonl: no usable records \(2 bad; first: .*bad\.jsonl:1: id: /);
    const search = await runCli(['search', 'Canvas', '--json'], { cwd, env });
    assert.equal((JSON.parse(search.stdout) as { results: unknown[] }).results.length, 1);
  });

  it('build --input: exit 0, a warning naming file:line, a post from the good records', async () => {
    const cwd = temporaryDirectory('arxiv-digest-bad-input-');
    withBadLine(cwd);
    const result = await runCli(
      ['build', '--input', 'mixed.jsonl', '--llm', 'none', '--out', 'D', '--json'],
      {
        cwd,
        env: { ARXIV_DIGEST_DB: path.join(cwd, 'store.db') },
      },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^warning: skipped .*mixed\.jsonl:2: malformed JSON/m);
    const report = JSON.parse(result.stdout) as { papers: number; outputs: { markdown: string } };
    assert.equal(report.papers, 2);
    assert.ok(readFileSync(path.join(cwd, report.outputs.markdown), 'utf8').includes('2511.21691'));
  });
});
