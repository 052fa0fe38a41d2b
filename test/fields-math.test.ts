import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { dollarForm, mathSpans, splitMath } from '../src/core/math.ts';
import { unescapeMarkdown } from '../src/render/escape.ts';
import { mathSafeSentences } from '../src/summarize/extractive.ts';
import { stripLatex } from '../src/summarize/latex.ts';
import { arxivDaysLines } from './helpers/arxiv-data.ts';
import { runCli, temporaryDirectory } from './helpers/cli.ts';

/**
 * Fields outside cs.CV/cs.CL, where abstracts are full of TeX, built offline in zh and en through
 * the real CLI from each field's papers (by primary category, every listing day of arxiv-days):
 * the post passes its own check, every formula of a sentence it copies from an abstract is there
 * whole, and no TeX command shows outside math.
 */

const fields: { name: string; matches: (category: string) => boolean }[] = [
  { name: 'quant-ph', matches: (category) => category === 'quant-ph' },
  { name: 'math.OC', matches: (category) => category === 'math.OC' },
  { name: 'stat.ME', matches: (category) => category === 'stat.ME' },
  { name: 'cond-mat', matches: (category) => category.startsWith('cond-mat.') },
  { name: 'eess.SY', matches: (category) => category === 'eess.SY' },
];

interface RawRecord {
  id: string;
  title: string;
  abstract: string;
  primary_category: string;
}

const cwd = temporaryDirectory();
after(() => rmSync(cwd, { recursive: true, force: true }));

interface BuildReport {
  papers: number;
  directions: { name: string; papers: number }[];
  check: { ok: boolean; unsupported: number };
  outputs: { markdown: string; report: string | null };
}

/** The body of a post, split into its paper paragraphs (link + summary) by arXiv id. */
function paperParagraphs(body: string): Map<string, string> {
  const directionsAt = body.search(/^### (主要研究方向|Main research directions)$/m);
  const paragraphs = new Map<string, string>();
  for (const block of body.slice(0, directionsAt).split('\n\n')) {
    const id = /\]\(https:\/\/arxiv\.org\/abs\/([\d.]+?)(?:v\d+)?\)/.exec(block)?.[1];
    if (id) paragraphs.set(id, block);
  }
  return paragraphs;
}

/**
 * What a reader of the Markdown reads: bold markers and Markdown escapes gone from the prose, each
 * formula as written. A literal dollar of the prose is "\$", as in the summary text.
 */
function readerText(markdown: string): string {
  return splitMath(markdown, { dollarsOnly: true })
    .map((piece) =>
      piece.math
        ? piece.text
        : unescapeMarkdown(piece.text.replace(/(?<!\\)\*\*/g, '')).replace(/\$/g, '\\$'),
    )
    .join('');
}

function proseOnly(markdown: string): string {
  return splitMath(markdown, { dollarsOnly: true })
    .filter((piece) => !piece.math)
    .map((piece) => unescapeMarkdown(piece.text))
    .join(' ');
}

describe('math-heavy fields build offline in zh and en (real CLI, arxiv-days)', () => {
  for (const field of fields) {
    const records = arxivDaysLines(field.matches);
    const papers = new Map(
      records.map((line) => {
        const record = JSON.parse(line) as RawRecord;
        return [record.id, record] as const;
      }),
    );
    const input = path.join(cwd, `${field.name}.jsonl`);
    writeFileSync(input, `${records.join('\n')}\n`);

    for (const language of ['zh', 'en'] as const) {
      test(`${field.name} (${language}): not a draft, formulas whole, no TeX outside math`, async (context) => {
        assert.ok(papers.size >= 50, `${field.name} has ${papers.size} papers`);
        const result = await runCli(
          [
            'build',
            '--input',
            input,
            '--lang',
            language,
            '--llm',
            'none',
            '--out',
            `out-${language}`,
            '--json',
          ],
          { cwd, env: { ARXIV_DIGEST_DB: path.join(cwd, `${field.name}.db`) } },
        );
        assert.equal(result.code, 0, result.stderr);
        const report = JSON.parse(result.stdout) as BuildReport;
        const post = readFileSync(path.join(cwd, report.outputs.markdown), 'utf8');
        const [, yaml = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(post) ?? [];
        const frontmatter = parseYaml(yaml) as { draft: boolean };
        const failed = report.outputs.report
          ? readFileSync(path.join(cwd, report.outputs.report), 'utf8')
          : '';
        context.diagnostic(
          `${field.name} ${language}: ${report.papers} papers, draft ${frontmatter.draft}, directions ${report.directions
            .map((direction) => `${direction.name} (${direction.papers})`)
            .join(' / ')}`,
        );
        assert.equal(frontmatter.draft, false, `the post passes its own check: ${failed.slice(0, 2000)}`);
        assert.ok(report.check.ok);
        assert.equal(report.papers, papers.size);
        const names = report.directions.map((direction) => direction.name);
        assert.equal(new Set(names).size, names.length, `direction names distinct: ${names.join(' / ')}`);

        // No TeX command outside math: "\frac", "\mathcal", "\textbf" ... only ever inside a formula.
        const prose = proseOnly(body);
        assert.doesNotMatch(prose, /\\[a-zA-Z]+/, 'a TeX command outside math');

        // Every formula of a copied sentence is there whole, and only whole formulas are there.
        const paragraphs = paperParagraphs(body);
        assert.equal(paragraphs.size, papers.size, 'one paragraph per paper');
        let copiedWithMath = 0;
        for (const [id, paragraph] of paragraphs) {
          const record = papers.get(id);
          assert.ok(record, `${id} is one of the field's papers`);
          const abstract = stripLatex(record.abstract).replace(/\s*\n\s*/g, ' ');
          const formulas = new Set(
            [...mathSpans(record.abstract), ...mathSpans(record.title)].map((span) =>
              dollarForm(span.tex, span.display),
            ),
          );
          const text = readerText(paragraph);
          for (const span of mathSpans(text, { dollarsOnly: true })) {
            const written = text.slice(span.start, span.end);
            assert.ok(formulas.has(written), `${id}: "${written}" is not a formula of its abstract or title`);
          }
          for (const sentence of mathSafeSentences(abstract)) {
            const spans = mathSpans(sentence);
            const firstFormula = spans[0];
            if (!firstFormula) continue;
            // A sentence whose opening words are in the post was copied: all of it must be, formulas too.
            const opening = sentence.slice(0, Math.max(firstFormula.start, 0)).trim();
            const copied = text.includes(sentence);
            if (copied) copiedWithMath += 1;
            else if (opening.length >= 30) {
              assert.ok(
                !text.includes(opening),
                `${id}: a sentence with math is cut or stripped: ${sentence}`,
              );
            }
          }
        }
        assert.ok(copiedWithMath > 0, `${field.name}: some copied sentences carry formulas`);
      });
    }
  }
});
