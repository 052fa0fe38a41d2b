import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, test } from 'node:test';
import { openStore } from '../src/store/index.ts';
import { snippetOf } from '../src/store/snippet.ts';
import { loadDay, sharedDataUrl } from './helpers/arxiv-data.ts';
import { runCli } from './helpers/cli.ts';

/**
 * `search` snippets show the text as written, Chinese without the index's spaces between words,
 * with the matched terms marked. Real papers of 2025-11-26 with their real Chinese AI summaries
 * (anchor_ai) stored as summaries.
 */

const day = '2025-11-26';
const cwd = mkdtempSync(path.join(os.tmpdir(), 'arxiv-digest-snippets-'));
const env = { ARXIV_DIGEST_DB: path.join(cwd, 'store.db') };
/** Every original text a snippet may come from, whitespace collapsed. */
const originals: string[] = [];

interface AnchorRecord {
  id: string;
  anchor_ai?: Record<string, string>;
}

before(() => {
  const store = openStore({ path: env.ARXIV_DIGEST_DB });
  const papers = loadDay(day);
  store.upsertMany(papers);
  for (const paper of papers) originals.push(paper.title, paper.abstract ?? '', paper.authors.join(', '));
  const records = readFileSync(new URL(`arxiv-days/${day}.jsonl`, sharedDataUrl), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as AnchorRecord);
  for (const record of records) {
    if (!record.anchor_ai) continue;
    const fields = ['tldr', 'motivation', 'method', 'result', 'conclusion'];
    const text = fields.map((field) => record.anchor_ai?.[field] ?? '').join('');
    store.indexSummary(record.id, 'zh', text);
    originals.push(text);
  }
  store.close();
});

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The snippet without its marks and ellipses must be a piece of an original text. */
function assertFromOriginal(snippet: string): void {
  const pieces = snippet
    .replace(/[[\]]/g, '')
    .split('…')
    .map((piece) => piece.trim())
    .filter((piece) => piece.length > 0);
  assert.ok(pieces.length > 0, snippet);
  for (const piece of pieces) {
    assert.ok(
      originals.some((original) => collapse(original).includes(piece)),
      `not in any original text: ${piece}`,
    );
  }
}

async function search(query: string): Promise<{ id: string; snippet: string }[]> {
  const result = await runCli(['search', query, '--json', '--limit', '5'], { cwd, env });
  assert.equal(result.code, 0, result.stderr);
  return (JSON.parse(result.stdout) as { results: { id: string; snippet: string }[] }).results;
}

test('Chinese: the snippet is the stored summary as written, the match marked, no spaces between words', async () => {
  for (const query of ['强化学习', '视觉语言', '鲁棒性']) {
    const hits = await search(query);
    assert.ok(hits.length >= 3, `${query}: ${hits.length} hits`);
    // A paper may hold the query's words apart ("视觉" … "语言"): each is marked on its own.
    assert.ok(
      hits.some((hit) => hit.snippet.includes(`[${query}]`)),
      query,
    );
    for (const hit of hits) {
      const marked = [...hit.snippet.matchAll(/\[([^\]]+)\]/g)].map((match) => match[1] as string);
      assert.ok(marked.length > 0, hit.snippet);
      for (const word of marked) assert.ok(query.includes(word), `${query}: [${word}] in ${hit.snippet}`);
      assert.doesNotMatch(hit.snippet, /\p{Script=Han} \p{Script=Han}/u);
      assertFromOriginal(hit.snippet);
    }
  }
});

test('English: the snippet is the abstract as written, every matched word marked', async () => {
  const hits = await search('diffusion models');
  assert.ok(hits.length >= 3);
  for (const hit of hits) {
    assert.match(hit.snippet, /\[[Dd]iffusion\]/);
    assert.match(hit.snippet, /\[[Mm]odels?\]/);
    assertFromOriginal(hit.snippet);
  }
  // The plain output carries the same snippet under each hit.
  const plain = await runCli(['search', 'diffusion models', '--limit', '1'], { cwd, env });
  assert.equal(plain.stdout.split('\n')[1]?.trim(), hits[0]?.snippet);
});

test('a snippet never cuts a formula in two, nor marks words inside one', () => {
  const abstract =
    'For $N>4$, measurements generically generate an intermediate quasi-long-range ordered Coulomb phase with gapless photons and purification time $t_{\\#}\\sim \\mathcal{O}(L)$ for the generated state $\\rho_{generate}$.';
  for (let width = 30; width <= 200; width += 10) {
    const snippet = snippetOf(abstract, ['generate'], { latinWidth: width }) ?? '';
    assert.equal((snippet.match(/\$/g) ?? []).length % 2, 0, `width ${width}: ${snippet}`);
    assert.doesNotMatch(snippet, /\\rho_\{\[/);
  }
});
