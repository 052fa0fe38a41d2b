import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { runCli, seedPapersFile, temporaryDirectory } from './helpers/cli.ts';

const seedIds = readFileSync(seedPapersFile, 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => (JSON.parse(line) as { id: string }).id);

function sections(post: string): {
  frontmatter: Record<string, unknown>;
  papers: string[];
  directions: string;
  trends: string;
} {
  const [, yaml = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(post) ?? [];
  const directionsAt = body.search(/^### (主要研究方向|Main research directions)$/m);
  const trendsAt = body.search(/^### (研究趋势分析|Research trends)$/m);
  return {
    frontmatter: parseYaml(yaml) as Record<string, unknown>,
    papers: body
      .slice(0, directionsAt)
      .split('\n\n')
      .filter((block) => block.trim()),
    directions: body.slice(directionsAt, trendsAt),
    trends: body.slice(trendsAt),
  };
}

describe('build --input seed-papers.jsonl --llm none (offline)', () => {
  const cwd = temporaryDirectory();
  const env = { ARXIV_DIGEST_DB: path.join(cwd, 'store.db') };

  for (const language of ['zh', 'en'] as const) {
    it(`writes the ${language} post: every paper once, 3-8 directions, measured trends, full frontmatter`, async () => {
      const result = await runCli(
        ['build', '--input', seedPapersFile, '--lang', language, '--llm', 'none', '--out', 'D', '--json'],
        { cwd, env },
      );
      assert.equal(result.code, 0, result.stderr);
      const report = JSON.parse(result.stdout) as {
        papers: number;
        directions: { name: string; papers: number }[];
        engine: string;
        check: { ok: boolean };
        outputs: { markdown: string; charts: string[] };
      };
      assert.equal(report.papers, 34);
      assert.equal(report.engine, 'extractive');
      assert.ok(report.check.ok, 'the built post passes the claim check');
      assert.ok(
        report.directions.length >= 3 && report.directions.length <= 8,
        `${report.directions.length} directions`,
      );
      assert.equal(
        report.directions.reduce((sum, direction) => sum + direction.papers, 0),
        34,
        'directions cover each paper once',
      );
      const post = readFileSync(path.join(cwd, report.outputs.markdown), 'utf8');
      const { frontmatter, papers, directions, trends } = sections(post);
      const linked = papers.map(
        (paragraph) => /\]\(https:\/\/arxiv\.org\/abs\/([^)\sv]+(?:\/\d+)?)(?:v\d+)?\)/.exec(paragraph)?.[1],
      );
      assert.deepEqual([...linked].sort(), [...seedIds].sort(), 'one paragraph per paper, each paper once');
      for (const paragraph of papers) {
        assert.match(paragraph, language === 'zh' ? / (等人的|的) \[/ : / et al\., \[|^[^[]+, \[/);
        assert.match(paragraph, /\*\*[^*]+\*\*/, 'the key innovation is bold');
        assert.doesNotMatch(paragraph, /\s\)/, 'no space before a closing parenthesis');
      }
      assert.equal((directions.match(/^\d+\. \*\*/gm) ?? []).length, report.directions.length);
      const statements = trends.split('\n').filter((line) => /^\d+\. /.test(line));
      assert.ok(statements.length >= 3);
      for (const statement of statements)
        assert.match(statement.replace(/^\d+\. /, ''), /\d/, `figure in: ${statement}`);
      assert.doesNotMatch(trends, /过去几年|近年来|past few years|recent years/);
      assert.equal(frontmatter.lang, language);
      assert.equal(frontmatter.generator, 'extractive');
      assert.equal(frontmatter.draft, false);
      assert.equal(frontmatter.featured, false);
      assert.ok(frontmatter.date instanceof Date || typeof frontmatter.date === 'string');
      assert.match(String(frontmatter.title), /2025-01-21 – 2025-11-26/);
      assert.ok(String(frontmatter.description).length > 10 && String(frontmatter.description) !== papers[0]);
      assert.ok(Array.isArray(frontmatter.tags) && frontmatter.tags.length > 0);
      assert.equal(
        report.outputs.charts.length,
        1,
        'the share chart (too little history for the monthly one)',
      );
    });
  }

  it('a second run writes byte-identical files', async () => {
    const before = new Map(
      readdirSync(path.join(cwd, 'D')).map((name) => [name, readFileSync(path.join(cwd, 'D', name))]),
    );
    for (const language of ['zh', 'en']) {
      const again = await runCli(
        ['build', '--input', seedPapersFile, '--lang', language, '--llm', 'none', '--out', 'D', '--quiet'],
        { cwd, env },
      );
      assert.equal(again.code, 0, again.stderr);
    }
    const after = readdirSync(path.join(cwd, 'D'));
    assert.deepEqual(after.sort(), [...before.keys()].sort());
    for (const name of after)
      assert.ok(readFileSync(path.join(cwd, 'D', name)).equals(before.get(name) as Buffer), name);
  });

  it('check passes the built post and names planted false claims', async () => {
    const postPath = path.join(
      cwd,
      'D',
      readdirSync(path.join(cwd, 'D')).find((name) => /^seed-papers-[\d-]+\.md$/.test(name)) as string,
    );
    const clean = await runCli(['check', postPath], { cwd, env });
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    const post = readFileSync(postPath, 'utf8');
    const planted = post.replace(
      /(\(https:\/\/arxiv\.org\/abs\/2511\.21691v1\)[^\n]*)/,
      '$1 该成果已被 CVPR 2026 接收。该方法将准确率提升了 37.3%。',
    );
    assert.notEqual(planted, post);
    const plantedPath = path.join(cwd, 'planted.md');
    writeFileSync(plantedPath, planted);
    const result = await runCli(['check', plantedPath, '--papers', seedPapersFile], { cwd, env });
    assert.equal(result.code, 1);
    assert.match(result.stdout, /2511\.21691\s+venue\s+.*CVPR 2026/);
    assert.match(result.stdout, /2511\.21691\s+number\s+.*37\.3%/);
  });
});
