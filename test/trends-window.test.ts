import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Digest } from '../src/core/digest.ts';
import { openStore } from '../src/store/index.ts';
import { runCli, sharedDataDirectory, temporaryDirectory } from './helpers/cli.ts';

/**
 * Trends are anchored at the window: a digest of 2025-06-02..06 built from a store that also holds
 * September and November listings of arxiv-days measures its history up to 2025-06-06,
 * so no later month shows up in its trend text, its history line or its charts' data.
 */

const cwd = temporaryDirectory();
const database = path.join(cwd, 'store.db');
const env = { ARXIV_DIGEST_DB: database };
after(() => rmSync(cwd, { recursive: true, force: true }));

// The June week, and one September and one November listing after it (enough to cover a month).
const dayFiles = readdirSync(path.join(sharedDataDirectory, 'arxiv-days'))
  .filter((name) => /^2025-06-0\d|^2025-09-15|^2025-11-2[01]/.test(name))
  .sort()
  .map((name) => path.join(sharedDataDirectory, 'arxiv-days', name));

// Every month after the window's end that the store holds, in the forms posts and charts write.
const laterMonths = ['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12'];
const englishNames = ['July', 'August', 'September', 'October', 'November', 'December'];
function laterMonthForms(): string[] {
  return laterMonths.flatMap((month, index) => [
    month,
    `2025年${Number(month.slice(5))}月`,
    `${englishNames[index]} 2025`,
  ]);
}

interface BuildReport {
  check: { ok: boolean };
  papers: number;
  outputs: { markdown: string; html: string };
}

function trendsSection(markdown: string): string {
  const at = markdown.search(/^### (研究趋势分析|Research trends)$/m);
  assert.ok(at > 0, 'the post has a trends section');
  return markdown.slice(at);
}

describe('trends of a past window never look past its end', () => {
  const reports = new Map<string, BuildReport>();

  before(async () => {
    const imported = await runCli(['import', ...dayFiles], { cwd, env });
    assert.equal(imported.code, 0, imported.stderr);
    for (const language of ['zh', 'en'] as const) {
      const result = await runCli(
        [
          'build',
          '--topic',
          'multimodal',
          '--from',
          '2025-06-02',
          '--to',
          '2025-06-06',
          '--lang',
          language,
          '--llm',
          'none',
          '--no-fetch',
          '--html',
          '--out',
          `D-${language}`,
          '--json',
        ],
        { cwd, env },
      );
      assert.equal(result.code, 0, result.stderr);
      reports.set(language, JSON.parse(result.stdout) as BuildReport);
    }
  });

  test('the store really holds the later months (the test could fail)', () => {
    const store = openStore({ path: database });
    try {
      const months = store.monthlyCounts(null).map((entry) => entry.month);
      assert.ok(months.includes('2025-09') && months.includes('2025-11'), months.join(', '));
      const untilJune = store.monthlyCounts(null, undefined, '2025-06-06').map((entry) => entry.month);
      assert.ok(untilJune.length > 0 && untilJune.every((month) => month <= '2025-06'), untilJune.join(', '));
    } finally {
      store.close();
    }
  });

  for (const language of ['zh', 'en'] as const) {
    test(`${language}: no month after 2025-06 in the trends, the history line or the charts`, () => {
      const report = reports.get(language);
      assert.ok(report && report.papers > 0, 'the window has papers');
      assert.ok(report.check.ok, 'the post passes its claim check');
      const markdown = readFileSync(path.join(cwd, report.outputs.markdown), 'utf8');
      const trends = trendsSection(markdown);
      assert.match(trends, language === 'zh' ? /2025年6月/ : /June 2025/, 'the history is named');
      for (const form of laterMonthForms()) assert.ok(!trends.includes(form), `"${form}" in: ${trends}`);

      const html = readFileSync(path.join(cwd, report.outputs.html), 'utf8');
      const charts = [...html.matchAll(/<figure class="chart"[\s\S]*?<\/figure>/g)].map((match) => match[0]);
      assert.ok(charts.length > 0, 'the page has charts');
      for (const form of laterMonthForms()) {
        assert.ok(!charts.some((chart) => chart.includes(form)), `"${form}" in a chart`);
      }
    });
  }

  test("the stored digests' trend data (history, monthly series, facts) ends at the window's month", () => {
    const store = openStore({ path: database });
    try {
      const runs = store.listRuns('multimodal');
      assert.equal(runs.length, 2);
      for (const run of runs) {
        const digest = run.digest as Digest;
        assert.equal(digest.trends.history.toMonth, '2025-06');
        assert.ok(digest.trends.history.days <= 5, `${digest.trends.history.days} days up to 2025-06-06`);
        const months = digest.trends.monthly.flatMap((series) => series.counts.map((count) => count.month));
        assert.ok(months.length > 0 && months.every((month) => month <= '2025-06'), months.join(', '));
        const figures = digest.trends.facts.flatMap((fact) => fact.figures);
        for (const month of laterMonths) assert.ok(!figures.includes(month), `${month} in the facts`);
      }
    } finally {
      store.close();
    }
  });
});
