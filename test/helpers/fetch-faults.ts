import assert from 'node:assert/strict';
import path from 'node:path';
import { databaseHealth, storedIds } from './child-cli.ts';
import { runCli, temporaryDirectory } from './cli.ts';

/**
 * The scaffolding of the network fault tests (test/reliability-network*.test.ts): the real `fetch`
 * command in-process against local arXiv servers, and the end-to-end promises checked after it.
 */

/** The closing figures of the issue, summed over a test file. */
export const networkFigures = { requestsRetried: 0, papersLost: 0 };

export interface FetchOutcome {
  code: number;
  stderr: string;
  json: Record<string, unknown> & { error?: Record<string, unknown> };
}

/** A fresh working directory and database, and `fetch` (always --json) pointed at the given servers. */
export function fetchSetUp(name: string, url: { api?: string; oai?: string; rss?: string }) {
  const cwd = temporaryDirectory(`arxiv-digest-net-${name}-`);
  const database = path.join(cwd, 'store.db');
  const env = {
    ARXIV_DIGEST_DB: database,
    ARXIV_MIN_INTERVAL_MS: '5',
    // Short enough for the stall tests, long enough that a loaded machine never times out a normal answer.
    ARXIV_TIMEOUT_MS: '1500',
    ...(url.api ? { ARXIV_API_URL: url.api } : {}),
    ...(url.oai ? { ARXIV_OAI_URL: url.oai } : {}),
    ...(url.rss ? { ARXIV_RSS_URL: url.rss } : {}),
  };
  const fetch = async (argv: string[], extra: string[] = []): Promise<FetchOutcome> => {
    const result = await runCli([...argv, '--json', ...extra], { cwd, env });
    return { code: result.code, stderr: result.stderr, json: JSON.parse(result.stdout) };
  };
  return { cwd, database, env, fetch };
}

/** The run stored exactly the server's papers, each once, and the database is sound. */
export function assertExactlyStored(database: string, expected: string[]): void {
  const stored = storedIds(database);
  const lost = expected.filter((id) => !stored.includes(id));
  networkFigures.papersLost += lost.length;
  assert.deepEqual(lost, [], 'papers lost');
  assert.deepEqual(stored, expected, 'exactly the server papers');
  const health = databaseHealth(database);
  assert.equal(health.integrity, 'ok');
  assert.equal(health.ftsProblem, null);
  assert.equal(health.distinctIds, health.papers, 'no paper twice');
}

/** Counts requests that repeat the one before them (same page key): the retries. */
export function countRetries(keys: string[]): number {
  const retried = keys.filter((key, index) => index > 0 && key === keys[index - 1]).length;
  networkFigures.requestsRetried += retried;
  return retried;
}

/** With --quiet, stderr must be exactly the one error line. */
export function onlyLine(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => line.length > 0);
  assert.equal(lines.length, 1, `exactly one stderr line with --quiet:\n${stderr}`);
  return lines[0] as string;
}

export function printNetworkFigures(file: string): void {
  // Visible with --test-reporter=spec (and as a comment line in TAP).
  console.log(
    `# ${file}: requests retried ${networkFigures.requestsRetried}, papers lost ${networkFigures.papersLost}`,
  );
}
