import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadDay } from './helpers/arxiv-data.ts';
import { type ArxivApiServer, startArxivApiServer } from './helpers/arxiv-servers.ts';
import { startCli } from './helpers/child-cli.ts';
import { runCli, seedPapersFile, temporaryDirectory } from './helpers/cli.ts';
import {
  asksForChinese,
  type ChatRequestInfo,
  directionNamesAnswer,
  type OpenAiServer,
  type ServerAnswer,
  startOpenAiServer,
} from './helpers/openai-server.ts';

/**
 * Issue 6, part 5: API keys are read from the environment only and never appear in logs, --json
 * output, error messages, the database, caches or generated files. Every command runs with a
 * recognisable fake key against local servers, some LLM answers fail (echoing the key back, as a
 * careless proxy might), and then stdout, stderr and every byte of every file under the working
 * directory are searched for the key, its random part (any 12 characters of it), and its base64
 * and hex forms.
 */

const secret = randomBytes(12).toString('hex');
/** A command line written as one string (no argument holds a space). */
const words = (line: string): string[] => line.split(' ');
const key = `sk-test-CANARY-${secret}`;

/** Every form of the key a leak could take. */
function needles(): string[] {
  const forms = [key, Buffer.from(key).toString('hex')];
  for (let shift = 0; shift < 3; shift += 1) {
    // base64 of the key at each byte alignment, without the characters its neighbours would change.
    const encoded = Buffer.from(`${'\0'.repeat(shift)}${key}`).toString('base64');
    forms.push(encoded.slice(Math.ceil((shift * 8) / 6) + 1, -4));
  }
  for (let start = 0; start + 12 <= secret.length; start += 1) forms.push(secret.slice(start, start + 12));
  return forms;
}

function occurrences(haystack: Buffer, forms: string[]): number {
  let count = 0;
  for (const form of forms) {
    for (let at = haystack.indexOf(form); at !== -1; at = haystack.indexOf(form, at + 1)) count += 1;
  }
  return count;
}

/** Occurrences of the key in every file under `dir`, by file. */
function scanFiles(dir: string, forms: string[]): { files: number; hits: Map<string, number> } {
  const hits = new Map<string, number>();
  let files = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files += 1;
    const file = path.join(entry.parentPath, entry.name);
    const found = occurrences(readFileSync(file), forms);
    if (found > 0) hits.set(path.relative(dir, file), found);
  }
  return { files, hits };
}

const seedTitles = new Map(
  readFileSync(seedPapersFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { id: string; title: string })
    .map((record) => [record.id, record.title]),
);

/** Papers whose answers fail, each in its own way, every one carrying the key it was sent. */
const echoes500 = '2511.21691';
const echoesInJson = '2511.21678';
const echoesInRefusal = '2511.21120';
/** Answers well-formed JSON whose summary carries the key: it must be rejected, not published. */
const echoesInSummary = '2511.21500';

function answer(request: ChatRequestInfo): ServerAnswer {
  const authorization = String(request.headers.authorization ?? '');
  const chinese = asksForChinese(request);
  const names = directionNamesAnswer(request, (index, chinese) => ({
    name: chinese
      ? `方向${'一二三四五六七八九十'[index] ?? '十'}`
      : `Direction ${'ABCDEFGHIJ'[index] ?? 'K'}`,
    overview: chinese
      ? `这一方向的论文研究相近的问题 ${authorization}。`
      : `Papers on related questions, ${authorization}.`,
  }));
  if (names) return names;
  if (request.paperId === echoes500)
    return { status: 500, message: `upstream refused ${authorization}`, retryAfterMs: 5 };
  if (request.paperId === echoesInJson) return { content: `{"summary": "key ${authorization}` };
  if (request.paperId === echoesInRefusal)
    return { content: `I'm sorry, I cannot help; your key ${authorization} is logged.` };
  if (request.paperId === echoesInSummary) {
    const summary = `The work presents a method. The request came with ${authorization} attached.`;
    return { content: JSON.stringify({ summary, key_innovation: 'a method' }) };
  }
  const short = (seedTitles.get(request.paperId ?? '') ?? 'the method').split(':')[0]?.slice(0, 40).trim();
  return chinese
    ? {
        content: JSON.stringify({
          summary: `该工作提出了 ${short}。作者在公开基准上验证了它。`,
          key_innovation: `${short}`,
        }),
      }
    : {
        content: JSON.stringify({
          summary: `The work presents ${short}. The authors evaluate it on public benchmarks.`,
          key_innovation: `${short}`,
        }),
      };
}

describe('the API key never leaves the environment', () => {
  const cwd = temporaryDirectory('arxiv-digest-keys-');
  const outputs: string[] = [];
  let llm: OpenAiServer;
  let refusing: OpenAiServer;
  let arxiv: ArxivApiServer;
  let env: Record<string, string>;

  before(async () => {
    llm = await startOpenAiServer({ answer });
    refusing = await startOpenAiServer({
      answer: (request) => ({
        status: 401,
        message: `Incorrect API key provided: ${String(request.headers.authorization).replace('Bearer ', '')}.`,
        type: 'invalid_request_error',
      }),
    });
    arxiv = await startArxivApiServer({ papers: [...loadDay('2025-11-20'), ...loadDay('2025-11-21')] });
    env = {
      OPENAI_API_KEY: key,
      OPENAI_BASE_URL: llm.url,
      ARXIV_DIGEST_MODEL: 'test-model',
      ARXIV_DIGEST_DB: path.join(cwd, 'store.db'),
      ARXIV_API_URL: arxiv.url,
      ARXIV_MIN_INTERVAL_MS: '0',
    };
  });
  after(async () => {
    await Promise.all([llm.close(), refusing.close(), arxiv.close()]);
  });

  /** Runs the CLI in-process and keeps everything it printed for the final search. */
  const cli = async (argv: string[], extraEnv: Record<string, string> = {}) => {
    const result = await runCli(argv, { cwd, env: { ...env, ...extraEnv } });
    outputs.push(result.stdout, result.stderr);
    return result;
  };

  it('import, fetch, build (LLM, failing answers), check, search, publish, serve, with and without --json', async () => {
    for (const json of [[], ['--json']]) {
      assert.equal((await cli(['import', seedPapersFile, ...json])).code, 0);
      const fetched = await cli([
        ...words('fetch --topic multimodal --from 2025-11-18 --to 2025-11-21'),
        ...json,
      ]);
      assert.equal(fetched.code, 0, fetched.stderr);
    }
    const built = await cli([
      'build',
      '--input',
      seedPapersFile,
      ...words('--lang en --out posts --html --json'),
    ]);
    assert.equal(built.code, 0, built.stderr);
    const report = JSON.parse(built.stdout) as {
      outputs: { markdown: string };
      llm: { fallbacks: { paperId: string; reason: string }[] };
    };
    const failed = report.llm.fallbacks.map((fallback) => fallback.paperId);
    for (const id of [echoes500, echoesInJson, echoesInRefusal, echoesInSummary])
      assert.ok(failed.includes(id), `${id} fell back`);
    assert.match(built.stderr, /HTTP 500/, 'the failures were logged (so the log is worth searching)');
    const zh = await cli(['build', '--input', seedPapersFile, ...words('--lang zh --out posts --site site')]);
    assert.equal(zh.code, 0, zh.stderr);
    const topic = await cli(
      words(
        'build --topic multimodal --from 2025-11-18 --to 2025-11-21 --limit 8 --lang en --out posts --site site --json',
      ),
    );
    assert.equal(topic.code, 0, topic.stderr);
    for (const json of [[], ['--json']]) {
      await cli(['check', report.outputs.markdown, ...json]);
      await cli(['check', report.outputs.markdown, '--papers', seedPapersFile, ...json]);
      assert.equal((await cli(['search', 'multimodal', ...json])).code, 0);
      assert.equal((await cli(['publish', 'site', ...json])).code, 0);
    }
    const serve = startCli(['serve', 'site', '--port', '0', '--json'], { cwd, env });
    for (let tries = 0; !serve.stdout().includes('"url"') && tries < 200; tries += 1)
      await new Promise((resolve) => setTimeout(resolve, 25));
    const { url } = JSON.parse(serve.stdout()) as { url: string };
    assert.equal((await fetch(url)).status, 200);
    serve.process.kill('SIGTERM');
    const served = await serve.exited;
    outputs.push(served.stdout, served.stderr);
    // The key was really sent where it belongs (the scan below would be worthless otherwise).
    assert.ok(llm.requests.some((request) => request.headers.authorization === `Bearer ${key}`));
  });

  it('a 401 that echoes the key: the one-line error and the --json error do not contain it', async () => {
    for (const json of [[], ['--json']]) {
      const result = await cli(
        ['build', '--input', seedPapersFile, '--lang', 'en', '--out', 'refused', '--llm', 'llm', ...json],
        { OPENAI_BASE_URL: refusing.url },
      );
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /^arxiv-digest: the LLM endpoint refused the request .*HTTP 401/m);
      assert.match(result.stderr, /Incorrect API key provided: \[redacted\]/);
    }
    assert.ok(refusing.requests.some((request) => request.headers.authorization === `Bearer ${key}`));
  });

  it('0 occurrences of the key in stdout, stderr, the database, caches, posts, pages, feeds and reports', (context) => {
    const forms = needles();
    // The search itself works: a planted copy of each form is found.
    const control = temporaryDirectory('arxiv-digest-keys-control-');
    writeFileSync(path.join(control, 'planted.bin'), forms.join('\n'));
    assert.ok((scanFiles(control, forms).hits.get('planted.bin') ?? 0) >= forms.length);

    const printed = occurrences(Buffer.from(outputs.join('\n')), forms);
    const { files, hits } = scanFiles(cwd, forms);
    const names = readdirSync(cwd, { recursive: true, encoding: 'utf8' });
    assert.ok(names.includes('store.db') && names.some((name) => name.endsWith('.html')) && files > 20);
    context.diagnostic(
      `searched ${outputs.length} outputs and ${files} files for ${forms.length} forms of the key`,
    );
    context.diagnostic(
      `key occurrences found: ${printed + [...hits.values()].reduce((sum, n) => sum + n, 0)}`,
    );
    const leakedLines = outputs
      .flatMap((output) => output.split('\n'))
      .filter((line) => occurrences(Buffer.from(line), forms) > 0);
    assert.deepEqual(leakedLines, [], 'printed lines with the key');
    assert.equal(printed, 0, 'key in printed output');
    assert.deepEqual([...hits], [], 'key in files');
  });
});
