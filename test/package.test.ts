import assert from 'node:assert/strict';
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { seedPapersFile, temporaryDirectory } from './helpers/cli.ts';

/**
 * The package as a user gets it: `npm pack` (which runs `prepare`, so dist/ is compiled fresh from
 * src/), the tarball unpacked into an empty app's node_modules, then the CLI through npx and the
 * library from plain JavaScript and from TypeScript. Tests never reach the registry and
 * better-sqlite3 is native, so instead of `npm install` downloading and compiling, the tarball's
 * declared `dependencies` (and nothing else: a missing one fails here) are linked from this
 * repository's node_modules, and its bin is linked into node_modules/.bin as npm would.
 */

const repository = fileURLToPath(new URL('../', import.meta.url));
const loadTrace = fileURLToPath(new URL('./helpers/load-trace.mjs', import.meta.url));
/** What `--help`, `--version`, `venue` and `search` must never load. */
const heavyPackages = [
  'vega',
  'vega-lite',
  '@resvg/resvg-js',
  '@node-rs/jieba',
  'openai',
  'katex',
  'nodemailer',
  'markdown-it',
  'feed',
];

// temp/app is the user's folder; temp/shared points at the real shared/ so the README's
// `../shared/data/...` paths work there unchanged.
const temporary = temporaryDirectory('arxiv-digest-package-');
const app = path.join(temporary, 'app');
const installed = path.join(app, 'node_modules', 'arxiv-digest');
const cleanEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: temporary, npm_config_offline: 'true' };
let packedFiles: string[] = [];

function run(
  command: string,
  argv: string[],
  options: { input?: string; env?: Record<string, string> } = {},
) {
  const result: SpawnSyncReturns<string> = spawnSync(command, argv, {
    cwd: app,
    encoding: 'utf8',
    env: { ...cleanEnv, ...options.env },
    input: options.input ?? '',
    timeout: 240_000,
  });
  if (result.error) throw result.error;
  return result;
}

/** The packages a run of the installed CLI loaded (node_modules/<name>/ in the trace). */
function tracedPackages(
  argv: string[],
  input = '',
  entry = 'dist/cli/main.js',
): { packages: Set<string>; result: SpawnSyncReturns<string> } {
  const traceFile = path.join(temporary, `trace-${Math.random().toString(36).slice(2)}.txt`);
  const result = run(process.execPath, ['--import', loadTrace, ...argv], {
    input,
    env: { LOAD_TRACE_FILE: traceFile },
  });
  const trace = existsSync(traceFile) ? readFileSync(traceFile, 'utf8') : '';
  const packages = new Set(
    [...trace.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((match) => match[1] as string),
  );
  assert.ok(trace.includes(`/node_modules/arxiv-digest/${entry}`), `the trace saw ${entry} load`);
  return { packages, result };
}

function assertLight(packages: Set<string>, what: string): void {
  assert.ok(packages.has('commander'), `${what}: the trace is empty`);
  const loaded = heavyPackages.filter((name) => packages.has(name));
  assert.deepEqual(loaded, [], `${what} loaded ${loaded.join(', ')}`);
}

function link(target: string, linkPath: string): void {
  mkdirSync(path.dirname(linkPath), { recursive: true });
  symlinkSync(target, linkPath);
}

before(() => {
  const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', temporary], {
    cwd: repository,
    encoding: 'utf8',
    env: { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' },
    timeout: 300_000,
  });
  assert.equal(packed.status, 0, `npm pack: ${packed.stderr}`);
  // prepare's own output may come before npm's JSON.
  const report = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('\n[') + 1)) as {
    filename: string;
    files: { path: string }[];
  }[];
  const tarball = path.join(temporary, report[0]?.filename ?? 'missing.tgz');
  packedFiles = (report[0]?.files ?? []).map((file) => file.path);

  mkdirSync(installed, { recursive: true });
  writeFileSync(path.join(app, 'package.json'), '{ "name": "app", "private": true, "type": "module" }\n');
  symlinkSync(path.resolve(repository, '../shared'), path.join(temporary, 'shared'));
  const unpacked = spawnSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  assert.equal(unpacked.status, 0, `tar: ${unpacked.stderr}`);
  const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    bin: Record<string, string>;
  };
  for (const name of Object.keys(manifest.dependencies)) {
    link(path.join(repository, 'node_modules', name), path.join(app, 'node_modules', name));
  }
  // Only for the TypeScript consumer below, as any TypeScript project has it.
  link(path.join(repository, 'node_modules/@types/node'), path.join(app, 'node_modules/@types/node'));
  for (const [name, file] of Object.entries(manifest.bin)) {
    link(path.join('..', 'arxiv-digest', file), path.join(app, 'node_modules', '.bin', name));
  }
});

describe('the packed tarball', () => {
  it('holds dist/ (JavaScript + types), prompts/, the bin, README and LICENSE, and nothing else', () => {
    for (const file of [
      'package.json',
      'README.md',
      'LICENSE',
      'bin/arxiv-digest',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli/main.js',
      'dist/pipeline/import-worker.js',
      'dist/render/templates/post.eta',
      'prompts/summary.v1.md',
      'prompts/directions.v1.md',
    ]) {
      assert.ok(packedFiles.includes(file), `${file} is not in the tarball`);
    }
    const stray = packedFiles.filter(
      (file) =>
        !/^(?:package\.json|README\.md|LICENSE|bin\/arxiv-digest|prompts\/[^/]+\.md|dist\/.+\.(?:js|d\.ts|eta))$/.test(
          file,
        ) || /(?:^|\/)(?:src|test|bench|fixtures)\/|\.test\.|\.map$|\.ts$(?<!\.d\.ts)/.test(file),
    );
    assert.deepEqual(stray, []);
  });

  it('npx arxiv-digest build --input <seed file> --llm none writes a checked post, on plain Node', () => {
    const result = run('npx', [
      'arxiv-digest',
      'build',
      '--input',
      seedPapersFile,
      '--llm',
      'none',
      '--out',
      'posts',
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(
      result.stdout,
      /^build: 34 papers, \d+ directions, engine extractive, .* check passed -> posts\//m,
    );
    const posts = readdirSync(path.join(app, 'posts')).filter((file) => file.endsWith('.md'));
    assert.equal(posts.length, 1);
    const post = readFileSync(path.join(app, 'posts', posts[0] as string), 'utf8');
    assert.match(post, /^---\ntitle: /);
    assert.ok((post.match(/\]\(https:\/\/arxiv\.org\/abs\/\d{4}\.\d{5}v\d+\)/g) ?? []).length >= 34);
  });

  it('--help, --version, venue and search load none of the heavy packages (jieba only for a Chinese query)', () => {
    const bin = path.join(app, 'node_modules', '.bin', 'arxiv-digest');
    const version = tracedPackages([bin, '--version']);
    assert.equal(
      version.result.stdout.trim(),
      JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')).version,
    );
    assertLight(version.packages, '--version');
    const help = tracedPackages([bin, '--help']);
    assert.match(help.result.stdout, /Usage: arxiv-digest/);
    assertLight(help.packages, '--help');
    const venue = tracedPackages([bin, 'venue', 'Accepted to AAAI 2026 (Oral)']);
    assert.match(venue.result.stdout, /^AAAI 2026 · accepted/m);
    assertLight(venue.packages, 'venue TEXT');
    const lines = tracedPackages(
      [bin, 'venue'],
      '{"id":"a","comments":"Accepted at ICLR 2026"}\n{"id":"b","comments":"12 pages"}\n',
    );
    assert.equal(lines.result.stdout.trim().split('\n').length, 2, lines.result.stderr);
    assertLight(lines.packages, 'venue (stdin)');
    // The build above stored the seed papers in the default database of the app folder.
    const search = tracedPackages([bin, 'search', 'image generation', '--limit', '3']);
    assert.equal(search.result.status, 0, search.result.stderr);
    assert.match(search.result.stdout, /^3 results for "image generation"$/m);
    assert.ok(search.packages.has('better-sqlite3'), 'the trace sees CommonJS packages too');
    assertLight(search.packages, 'search');
    const chinese = tracedPackages([bin, 'search', '图像生成']);
    assert.equal(chinese.result.status, 0, chinese.result.stderr);
    assert.ok(chinese.packages.has('@node-rs/jieba'), 'a Chinese query segments with jieba');
  });

  it("runs the README's library example verbatim from plain JavaScript (ESM)", () => {
    const readme = readFileSync(path.join(installed, 'README.md'), 'utf8');
    const example = /## Library[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    assert.match(example, /from 'arxiv-digest'/);
    writeFileSync(path.join(app, 'example.mjs'), example);
    rmSync(path.join(app, 'posts'), { recursive: true, force: true });
    const traced = tracedPackages(['example.mjs'], '', 'dist/index.js');
    assert.equal(traced.result.status, 0, traced.result.stderr);
    assert.deepEqual(traced.result.stdout.trim().split('\n'), [
      `34 papers -> ${path.join(app, 'posts')}/${readdirSync(path.join(app, 'posts')).find((file) => file.endsWith('-en.md'))}`,
      'USAGE: unknown topic "no-such-topic"',
      'AAAI',
    ]);
    // The tracer does see the heavy packages when a build needs them.
    assert.ok(traced.packages.has('vega') && traced.packages.has('@resvg/resvg-js'));
  });

  it('types resolve for a TypeScript consumer (strict, NodeNext, library .d.ts checked)', () => {
    writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2023',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
        },
        files: ['consumer.ts'],
      }),
    );
    writeFileSync(
      path.join(app, 'consumer.ts'),
      `import { type BuildResult, buildDigest, checkPost, createStore, DigestError, type ErrorCode, extractVenue } from 'arxiv-digest';

const store = createStore({ path: ':memory:' });
const result: BuildResult | null = await buildDigest({ store, topic: 'multimodal', llm: 'none', outDir: 'posts' });
const code: ErrorCode = new DigestError('INPUT', 'no such file').code;
const venue: string | null = extractVenue({ comments: 'Accepted to AAAI 2026', journalRef: null }).venue;
const unsupported: number = checkPost({ markdown: '', papers: [] }).unsupported.length;
// @ts-expect-error llm is 'auto' | 'llm' | 'none': an any-typed import would not complain
await buildDigest({ store, topic: 'multimodal', llm: 'sometimes', outDir: 'posts' });
console.log(result?.runId, code, venue, unsupported);
`,
    );
    const tsc = path.join(repository, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = run(process.execPath, [tsc, '-p', app]);
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  });
});
