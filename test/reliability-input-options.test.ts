import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type ArxivApiServer, startArxivApiServer } from './helpers/arxiv-servers.ts';
import { type CliResult, runCli, seedPapersFile, temporaryDirectory } from './helpers/cli.ts';

/**
 * Bad options and config (issue 6, part 4) through the real CLI: dates, --from after --to, unknown
 * topic and language, --limit, an unwritable --out, an invalid config file and unknown options.
 * Each ends in ONE stderr line naming the option/key and the fix; exit 2 for usage and config
 * errors, 1 for runtime ones (an output directory that cannot be written); nothing is created in
 * the working directory (not even the default database), and fetch sends no request.
 */

/** Every path under `dir` (directories end with "/"). */
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((entry) => {
      const relative = path.relative(dir, path.join(entry.parentPath, entry.name));
      return entry.isDirectory() ? `${relative}/` : relative;
    })
    .sort();
}

function oneErrorLine(result: CliResult): string {
  const lines = result.stderr.split('\n');
  assert.equal(lines.length, 2, `exactly one stderr line, got:\n${result.stderr}`);
  assert.equal(lines[1], '');
  assert.match(lines[0] as string, /^(arxiv-digest: |error: )/);
  return lines[0] as string;
}

let api: ArxivApiServer;
before(async () => {
  api = await startArxivApiServer({ papers: [] });
});
after(() => api.close());

interface Case {
  name: string;
  argv: string[];
  code: 1 | 2;
  /** Must all match the one line: the input it names and what to do. */
  says: RegExp[];
  /** Files to create first (name -> content; a trailing "/" makes a directory). */
  files?: Record<string, string>;
}

/** Runs a case in a fresh directory: exit code, one line, nothing created, no request to arXiv. */
async function expectRefusal(entry: Case): Promise<void> {
  const cwd = temporaryDirectory('arxiv-digest-bad-option-');
  for (const [name, content] of Object.entries(entry.files ?? {})) {
    if (name.endsWith('/')) mkdirSync(path.join(cwd, name), { recursive: true });
    else writeFileSync(path.join(cwd, name), content);
  }
  const before = listing(cwd);
  const requests = api.requests.length;
  const result = await runCli(entry.argv, {
    cwd,
    env: { ARXIV_API_URL: api.url, ARXIV_MIN_INTERVAL_MS: '0' },
  });
  assert.equal(result.code, entry.code, `exit ${entry.code}; stderr: ${result.stderr}`);
  const line = oneErrorLine(result);
  for (const pattern of entry.says) assert.match(line, pattern);
  assert.equal(result.stdout, '');
  assert.deepEqual(listing(cwd), before, 'nothing created: no database, no --out, no temp file');
  assert.equal(api.requests.length, requests, 'no request reached arXiv');
}

const build = ['build', '--input', seedPapersFile, '--llm', 'none', '--out', 'D'];
const buildTopic = ['build', '--topic', 'multimodal', '--out', 'D'];
const fetch = ['fetch', '--topic', 'multimodal'];

const cases: Case[] = [
  // dates
  ...[
    ['build --input', build],
    ['build --topic', buildTopic],
    ['fetch', fetch],
  ].flatMap(([label, argv]) => [
    {
      name: `${label}: an invalid date`,
      argv: [...(argv as string[]), '--from', '21/11/2025'],
      code: 2 as const,
      says: [/--from "21\/11\/2025" is not a valid date/, /YYYY-MM-DD/],
    },
    {
      name: `${label}: an impossible date (30 February)`,
      argv: [...(argv as string[]), '--from', '2025-02-30', '--to', '2025-03-05'],
      code: 2 as const,
      says: [/--from "2025-02-30" is not a valid date/, /YYYY-MM-DD/],
    },
    {
      name: `${label}: an impossible date (month 13)`,
      argv: [...(argv as string[]), '--to', '2025-13-01'],
      code: 2 as const,
      says: [/--to "2025-13-01" is not a valid date/, /YYYY-MM-DD/],
    },
    {
      name: `${label}: --from after --to`,
      argv: [...(argv as string[]), '--from', '2025-11-27', '--to', '2025-11-21'],
      code: 2 as const,
      says: [/--from 2025-11-27 is after --to 2025-11-21/, /swap them/],
    },
  ]),
  // topic and language
  {
    name: 'build: unknown topic',
    argv: ['build', '--topic', 'quantum-gravity', '--out', 'D'],
    code: 2,
    says: [/unknown topic "quantum-gravity"/, /known topics: multimodal, llm-agents, robotics-learning/],
  },
  {
    name: 'fetch: unknown topic',
    argv: ['fetch', '--topic', 'quantum-gravity'],
    code: 2,
    says: [/unknown topic "quantum-gravity"/, /define it in arxiv-digest\.config\.yaml/],
  },
  {
    name: 'build: unknown language',
    argv: [...build, '--lang', 'fr'],
    code: 2,
    says: [/option '--lang <language>' argument 'fr' is invalid/, /Allowed choices are zh, en/],
  },
  {
    name: 'publish: unknown language',
    argv: ['publish', 'S', '--lang', 'fr'],
    code: 2,
    says: [/--lang fr is not supported/, /use one of zh, en/],
  },
  {
    name: 'config: unknown language of a topic (names the key)',
    argv: ['--config', 'c.yaml', 'build', '--topic', 'mine', '--out', 'D'],
    files: { 'c.yaml': 'topics:\n  - name: mine\n    query: abs:mine\n    languages: [fr]\n' },
    code: 2,
    says: [/c\.yaml: topics\.0\.languages\.0: /, /see the config example in README\.md/],
  },
  // --limit and friends
  ...['0', '-5', '2.5', 'ten'].map((value) => ({
    name: `build: --limit ${value}`,
    argv: [...build, '--limit', value],
    code: 2 as const,
    says: [new RegExp(`--limit must be a whole number of at least 1, not "${value}"`), /e\.g\. --limit 30/],
  })),
  {
    name: 'search: --limit 0',
    argv: ['search', 'multimodal', '--limit', '0'],
    code: 2,
    says: [/--limit must be a whole number of at least 1, not "0"/],
  },
  {
    name: 'fetch: --days 0',
    argv: [...fetch, '--days', '0'],
    code: 2,
    says: [/--days must be a whole number of at least 1, not "0"/, /e\.g\. --days 30/],
  },
  {
    name: 'build: --concurrency 0',
    argv: [...build, '--concurrency', '0'],
    code: 2,
    says: [/--concurrency 0 is not a whole number from 1 to 64/, /e\.g\. --concurrency 8/],
  },
  // unwritable --out / --site (runtime: exit 1). Running as root, permissions do not stop writes, so
  // the directory is made impossible: it is a file, or lies under one.
  {
    name: 'build: --out is a file',
    argv: [...build.slice(0, -1), 'taken'],
    files: { taken: 'a file, not a directory' },
    code: 1,
    says: [/--out .*taken: is a file, not a directory/, /pass a writable directory as --out/],
  },
  {
    name: 'build: --out under a file',
    argv: [...build.slice(0, -1), 'taken/posts'],
    files: { taken: 'a file, not a directory' },
    code: 1,
    says: [/--out .*taken\/posts: .*taken is a file, not a directory/, /pass a writable directory as --out/],
  },
  {
    name: 'build: --site under a file',
    argv: [...build, '--site', 'taken/site'],
    files: { taken: 'a file, not a directory' },
    code: 1,
    says: [/--site .*taken\/site: .*taken is a file/, /pass a writable directory as --site/],
  },
  // config files
  {
    name: 'config: a bad value (names the key)',
    argv: ['--config', 'c.yaml', 'build', '--topic', 'mine', '--out', 'D'],
    files: { 'c.yaml': 'topics:\n  - name: mine\n    query: abs:mine\n    limit: -3\n' },
    code: 2,
    says: [/c\.yaml: topics\.0\.limit: Too small/, /see the config example in README\.md/],
  },
  {
    name: 'config: an unknown key (names it)',
    argv: ['--config', 'c.yaml', 'build', '--topic', 'multimodal', '--out', 'D'],
    files: { 'c.yaml': 'outdir: posts\n' },
    code: 2,
    says: [/c\.yaml: Unrecognized key: "outdir"/],
  },
  {
    name: 'config: not YAML (names the line)',
    argv: ['--config', 'c.yaml', 'build', '--topic', 'multimodal', '--out', 'D'],
    files: { 'c.yaml': 'topics: [\n  - name: x\n' },
    code: 2,
    says: [/c\.yaml: not valid YAML \(.*line \d+/, /fix the YAML syntax/],
  },
  {
    name: 'config: an API key in the file is refused (names the key)',
    argv: ['--config', 'c.yaml', 'build', '--topic', 'multimodal', '--out', 'D'],
    files: { 'c.yaml': 'llm:\n  model: gpt-4o-mini\n  apiKey: sk-not-here-1234567890\n' },
    code: 2,
    says: [/c\.yaml: llm\.apiKey: API keys are not read from config files/, /set OPENAI_API_KEY/],
  },
  {
    name: 'config: --config names a missing file',
    argv: ['--config', 'nowhere.yaml', 'build', '--topic', 'multimodal', '--out', 'D'],
    code: 2,
    says: [/config file nowhere\.yaml not found/, /create it or drop --config/],
  },
  // unknown options and commands
  {
    name: 'build: unknown option --language suggests --lang',
    argv: [...build, '--language', 'en'],
    code: 2,
    says: [/^error: unknown option '--language' \(Did you mean --lang\?\)$/],
  },
  {
    name: 'build: unknown option --ouput suggests --out',
    argv: ['build', '--input', seedPapersFile, '--ouput', 'D'],
    code: 2,
    says: [/^error: unknown option '--ouput' \(Did you mean (one of --input, )?--out\?\)$/],
  },
  {
    name: 'import: unknown option --strictly suggests --strict',
    argv: ['import', seedPapersFile, '--strictly'],
    code: 2,
    says: [/^error: unknown option '--strictly' \(Did you mean --strict\?\)$/],
  },
  {
    name: 'global: unknown option --config-file suggests --config',
    argv: ['--config-file', 'c.yaml', 'search', 'multimodal'],
    code: 2,
    says: [/^error: unknown option '--config-file' \(Did you mean --config\?\)$/],
  },
  {
    name: 'unknown command suggests the right one',
    argv: ['biuld', '--topic', 'multimodal'],
    code: 2,
    says: [/^error: unknown command 'biuld' \(Did you mean build\?\)$/],
  },
];

describe('bad options and config: one line naming the input and the fix, the right exit code, nothing written', () => {
  for (const entry of cases) {
    it(entry.name, async () => {
      await expectRefusal(entry);
    });
  }
});
