import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Paper } from '../src/core/paper.ts';
import { topicSchema } from '../src/core/topic.ts';
import { loadPreferences } from '../src/pipeline/preferences.ts';
import { parseLibrary } from '../src/select/library.ts';
import {
  applyPreferences,
  matchingAuthor,
  matchPreferences,
  mentionsKeyword,
} from '../src/select/preferences.ts';
import { selectPapers } from '../src/select/select.ts';
import { loadSeedPapers } from './helpers/arxiv-data.ts';
import { runCli, seedPapersFile, temporaryDirectory } from './helpers/cli.ts';

/**
 * Reader preferences on the real seed papers: a preferred author (one paper's second author), a
 * keyword ("point cloud") and a 20-entry BibTeX library made from other seed papers' titles move
 * the matching papers first, each with its grounded reason, in the post, the page and the feeds.
 */

const seed = loadSeedPapers();
const keyword = 'point cloud';
const keywordPapers = seed.filter((paper) => mentionsKeyword(paper, keyword));
// A second author who wrote no other seed paper, on a paper that does not mention the keyword.
const authorPaper = seed.find(
  (paper) =>
    paper.authors.length >= 2 &&
    !mentionsKeyword(paper, keyword) &&
    seed.filter((other) => matchingAuthor(other, paper.authors[1] as string)).length === 1,
) as Paper;
const preferredAuthor = authorPaper.authors[1] as string;
const libraryPapers = seed
  .filter((paper) => paper.id !== authorPaper.id && !keywordPapers.includes(paper))
  .slice(-20);

/** BibTeX-escapes a title for a braced field: TeX specials get a backslash. */
function bibtexTitle(title: string): string {
  return title.replace(/([&%#_$])/g, '\\$1');
}

function libraryBib(papers: Paper[]): string {
  return papers
    .map(
      (paper, index) =>
        `@article{ref${index + 1},\n  title = {${bibtexTitle(paper.title)}},\n  author = {Reader, A.},\n  year = {2025}\n}\n`,
    )
    .join('\n');
}

/** The post's body split into blocks (paragraphs) before the directions heading. */
function paperBlocks(post: string): string[] {
  const body = post.replace(/^---\n[\s\S]*?\n---\n/, '');
  const end = body.search(/^### /m);
  return body
    .slice(0, end)
    .split('\n\n')
    .map((block) => block.trim())
    .filter(Boolean);
}

function idOf(block: string): string | null {
  return /\]\(https:\/\/arxiv\.org\/abs\/([^)\sv]+)(?:v\d+)?\)/.exec(block)?.[1] ?? null;
}

/** Paper id -> the ★ line that follows its paragraph (null when none does), in post order. */
function reasonsInOrder(post: string): { id: string; reasons: string | null }[] {
  const result: { id: string; reasons: string | null }[] = [];
  for (const block of paperBlocks(post)) {
    const id = idOf(block);
    if (id) result.push({ id, reasons: null });
    else if (block.startsWith('★')) {
      const last = result.at(-1);
      assert.ok(last, 'a ★ line follows a paper paragraph');
      last.reasons = block;
    }
  }
  return result;
}

function writeConfig(file: string, prefer: string): void {
  writeFileSync(
    file,
    `topics:\n  - name: seed\n    query: multimodal\n    languages: [zh, en]\n${prefer ? `    prefer:\n${prefer}` : ''}`,
  );
}

interface BuildReport {
  papers: number;
  check: { ok: boolean };
  outputs: { markdown: string; html: string };
}

/** `build --input seed-papers.jsonl --topic seed --llm none --json` plus `extra`, in its own store. */
async function buildSeed(
  cwd: string,
  name: string,
  extra: string[],
): Promise<{ report: BuildReport; post: string; markdownPath: string }> {
  const result = await runCli(
    [
      'build',
      '--input',
      seedPapersFile,
      '--topic',
      'seed',
      '--llm',
      'none',
      '--out',
      `out-${name}`,
      '--json',
      ...extra,
    ],
    // One store per build: a run stored by another build would change the trend comparison.
    { cwd, env: { ARXIV_DIGEST_DB: path.join(cwd, `${name}.db`) } },
  );
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as BuildReport;
  const markdownPath = path.join(cwd, report.outputs.markdown);
  return { report, post: readFileSync(markdownPath, 'utf8'), markdownPath };
}

describe('build with reader preferences (seed papers)', () => {
  const cwd = temporaryDirectory();
  writeFileSync(path.join(cwd, 'library.bib'), libraryBib(libraryPapers));
  writeConfig(
    path.join(cwd, 'preferred.yaml'),
    `      authors: [${JSON.stringify(preferredAuthor)}]\n      keywords: [${keyword}]\n`,
  );

  it('the data has what the test needs', () => {
    assert.equal(seed.length, 34);
    assert.ok(keywordPapers.length >= 1, 'some seed paper mentions point cloud');
    assert.ok(authorPaper, 'a paper whose second author wrote no other seed paper');
    assert.equal(libraryPapers.length, 20);
  });

  for (const language of ['zh', 'en'] as const) {
    it(`${language}: matched papers come first, each with its reason; the post passes check`, async () => {
      const { report, post } = await buildSeed(cwd, `preferred-${language}`, [
        '--config',
        'preferred.yaml',
        '--library',
        'library.bib',
        '--lang',
        language,
        '--html',
        '--site',
        `site-${language}`,
      ]);
      assert.equal(report.papers, 34);
      assert.ok(report.check.ok, 'the claim check accepts the ★ lines');
      const order = reasonsInOrder(post);
      assert.equal(order.length, 34);
      const firstPlain = order.findIndex((entry) => entry.reasons === null);
      const matched = order.slice(0, firstPlain);
      assert.ok(
        order.slice(firstPlain).every((entry) => entry.reasons === null),
        'every paper with a reason comes before every paper without one',
      );
      const byId = new Map(order.map((entry) => [entry.id, entry.reasons]));
      const text =
        language === 'zh'
          ? {
              author: `★ 作者 ${preferredAuthor}`,
              keyword: `★ 关键词：${keyword}`,
              library: (title: string) => `★ 与你文献库中的《${title}》相似（`,
            }
          : {
              author: `★ author ${preferredAuthor}`,
              keyword: `★ keyword: ${keyword}`,
              library: (title: string) => `★ similar to '${title}' in your library (`,
            };
      assert.equal(byId.get(authorPaper.id), text.author);
      for (const paper of keywordPapers) assert.ok(byId.get(paper.id)?.includes(text.keyword), paper.id);
      const withoutEscapes = (line: string) => line.replace(/\\([!-/:-@[-`{-~])/g, '$1');
      for (const paper of libraryPapers) {
        const reasons = withoutEscapes(byId.get(paper.id) ?? '');
        assert.ok(reasons.startsWith(text.library(paper.title)), `${paper.id}: ${reasons}`);
        assert.match(reasons, /[（(](0\.[2-9]\d|1\.00)[）)]$/, 'the similarity is printed');
      }
      assert.equal(matched.length, 1 + keywordPapers.length + libraryPapers.length);

      const checked = await runCli(['check', report.outputs.markdown, '--papers', seedPapersFile, '--json'], {
        cwd,
        env: { ARXIV_DIGEST_DB: path.join(cwd, `preferred-${language}.db`) },
      });
      assert.equal(checked.code, 0, checked.stdout);

      const html = readFileSync(path.join(cwd, report.outputs.html), 'utf8');
      const escapedAuthor = preferredAuthor.replace(/&/g, '&amp;').replace(/'/g, '&#39;');
      assert.ok(
        html.includes(
          `<p class="preference"><span>${text.author.replace(preferredAuthor, escapedAuthor)}</span></p>`,
        ),
      );
      const atom = readFileSync(path.join(cwd, `site-${language}`, 'topics', 'seed', 'feed.atom'), 'utf8');
      assert.ok(atom.includes(text.keyword), 'the feed entry carries the reasons');
    });
  }

  it('a false ★ claim fails check (the reasons are checked, not waved through)', async () => {
    const { post, markdownPath: file } = await buildSeed(cwd, 'forged', ['--config', 'preferred.yaml']);
    assert.ok(post.includes(`★ 作者 ${preferredAuthor}`));
    writeFileSync(file, post.replace(`★ 作者 ${preferredAuthor}`, '★ 作者 Jane Doe'));
    const checked = await runCli(['check', file, '--papers', seedPapersFile, '--json'], { cwd, env: {} });
    assert.equal(checked.code, 1);
    assert.match(checked.stdout, /Jane Doe is not among the paper's authors/);
  });

  it('without preferences the post is byte-identical; preferences that match nothing change nothing', async () => {
    writeConfig(path.join(cwd, 'plain.yaml'), '');
    writeConfig(
      path.join(cwd, 'unmatched.yaml'),
      '      authors: [Nobody Atall]\n      keywords: [zebrafish]\n',
    );
    const posts: string[] = [];
    for (const config of ['plain.yaml', 'unmatched.yaml']) {
      posts.push((await buildSeed(cwd, `same-${config}`, ['--config', config])).post);
    }
    assert.ok((posts[0] as string).length > 1000);
    assert.ok(!(posts[0] as string).includes('★'));
    assert.equal(posts[1], posts[0]);
  });

  it('malformed BibTeX: one line naming the file and the line of the broken entry, exit 2', async () => {
    const lines = libraryBib(libraryPapers.slice(0, 3)).split('\n');
    // Entry 2 starts on line 7 (each entry is 5 lines plus a blank one); drop its closing brace.
    assert.match(lines[6] as string, /^@article\{ref2,/);
    lines[7] = (lines[7] as string).replace(/\},$/, ',');
    writeFileSync(path.join(cwd, 'broken.bib'), lines.join('\n'));
    const result = await runCli(
      ['build', '--input', seedPapersFile, '--library', 'broken.bib', '--llm', 'none', '--out', 'never'],
      { cwd, env: { ARXIV_DIGEST_DB: path.join(cwd, 'broken.db') } },
    );
    assert.equal(result.code, 2);
    const message = result.stderr.trim();
    assert.equal(message.split('\n').length, 1, message);
    assert.match(message, /broken\.bib:7: malformed BibTeX entry/);
  });
});

describe('library files', () => {
  it('reads CSL-JSON titles and abstracts, and names the line of broken JSON', () => {
    const entries = parseLibrary(
      JSON.stringify([
        { type: 'article', title: 'A', abstract: 'B' },
        { type: 'book', title: 'C' },
        { id: 'x' },
      ]),
      'my.json',
      'csl-json',
    );
    assert.deepEqual(entries, [
      { title: 'A', abstract: 'B' },
      { title: 'C', abstract: null },
    ]);
    assert.throws(
      () => parseLibrary('[\n{"title": "A"},\n{title: 1}\n]', 'my.json', 'csl-json'),
      /my\.json:3: not valid JSON/,
    );
    assert.throws(
      () => parseLibrary('{"title": "A"}', 'my.json', 'csl-json'),
      /my\.json: not a CSL-JSON library/,
    );
  });

  it('reads BibTeX through the parser: TeX accents and braces become text', () => {
    const entries = parseLibrary(
      "@inproceedings{k, title = {{Point} Cloud Learning for Caf\\'{e}s}, abstract = {We \\emph{study}.}}",
      'x.bib',
      'bibtex',
    );
    assert.deepEqual(entries, [{ title: 'Point Cloud Learning for Cafés', abstract: 'We study.' }]);
  });
});

describe('ranking by preference', () => {
  const topic = topicSchema.parse({ name: 'multimodal', query: 'abs:multimodal', include: ['multimodal'] });
  const base = {
    topic,
    window: null,
    includeReplaced: true,
    seenIds: new Set<string>(),
    asGiven: false,
  };

  it('a keyword brings a paper the limit would cut into the digest, first', async () => {
    const plain = selectPapers(seed, { ...base, limit: 5 });
    const outside = keywordPapers.filter(
      (paper) => !plain.papers.some((entry) => entry.paper.id === paper.id),
    );
    assert.ok(outside.length > 0, 'topic relevance alone leaves a point cloud paper out');
    const unlimited = selectPapers(seed, { ...base, limit: null });
    const preferred = await applyPreferences(
      unlimited,
      { keywords: [keyword], authors: [], weight: 1, library: [] },
      { limit: 5 },
    );
    assert.equal(preferred.selection.papers.length, 5);
    const first = preferred.selection.papers.slice(0, keywordPapers.length).map((entry) => entry.paper.id);
    assert.deepEqual(first.sort(), keywordPapers.map((paper) => paper.id).sort());
    assert.equal(preferred.selection.dropped.overLimit, unlimited.papers.length - 5);
    for (const id of first) assert.deepEqual(preferred.reasons.get(id), [{ kind: 'keyword', keyword }]);
    // The rest keep topic relevance order.
    const rest = preferred.selection.papers.slice(keywordPapers.length).map((entry) => entry.paper.id);
    const relevanceOrder = unlimited.papers
      .map((entry) => entry.paper.id)
      .filter((id) => !first.includes(id))
      .slice(0, rest.length);
    assert.deepEqual(rest, relevanceOrder);
  });

  it('weight 0 keeps the order and still says why', async () => {
    const unlimited = selectPapers(seed, { ...base, limit: null });
    const preferred = await applyPreferences(
      unlimited,
      { keywords: [keyword], authors: [], weight: 0, library: [] },
      { limit: null },
    );
    assert.deepEqual(
      preferred.selection.papers.map((entry) => entry.paper.id),
      unlimited.papers.map((entry) => entry.paper.id),
    );
    assert.equal(preferred.reasons.size, keywordPapers.length);
  });

  it('uses the embeddings when configured (cosine of the vectors the provider returns)', async () => {
    const papers = seed.slice(0, 3);
    const library = [{ title: 'Library paper', abstract: null }];
    const texts: string[][] = [];
    // Paper 0 points the same way as the library entry, paper 1 half-way, paper 2 away.
    const embed = async (batch: string[]) => {
      texts.push(batch);
      return [
        [1, 0],
        [0.6, 0.8],
        [0, 1],
        [1, 0],
      ];
    };
    const matches = await matchPreferences(
      papers,
      { keywords: [], authors: [], weight: 1, library },
      { embed },
    );
    assert.equal(texts[0]?.length, 4, 'papers and library entries in one call');
    assert.deepEqual(matches.get(papers[0]?.id as string)?.reasons, [
      { kind: 'library', title: 'Library paper', similarity: 1 },
    ]);
    assert.deepEqual(matches.get(papers[1]?.id as string)?.reasons, [
      { kind: 'library', title: 'Library paper', similarity: 0.6 },
    ]);
    assert.equal(matches.has(papers[2]?.id as string), false, 'below 0.5 is no reason with embeddings');
  });

  it('prefer.library in the topic config is read relative to the working directory', () => {
    const cwd = temporaryDirectory();
    writeFileSync(path.join(cwd, 'mine.json'), JSON.stringify([{ title: 'A kept paper' }]));
    const withLibrary = topicSchema.parse({ ...topic, prefer: { library: 'mine.json' } });
    const loaded = loadPreferences(withLibrary, undefined, cwd);
    assert.deepEqual(loaded?.library, [{ title: 'A kept paper', abstract: null }]);
    assert.equal(loadPreferences(topic, undefined, cwd), null, 'no preferences: nothing to apply');
    assert.throws(
      () => loadPreferences(topic, 'missing.bib', cwd),
      /--library: library file missing\.bib not found/,
    );
  });
});
