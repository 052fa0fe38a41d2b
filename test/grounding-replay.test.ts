import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Paper } from '../src/core/paper.ts';
import { isRecordProblem, parseJsonLine } from '../src/sources/parse/json-line.ts';
import { checkSummaryAnswer } from '../src/summarize/output.ts';
import { checkPost } from '../src/verify/check.ts';
import { unsupportedFacts } from '../src/verify/grounding.ts';
import { parsePost } from '../src/verify/post.ts';
import { sharedDataUrl } from './helpers/arxiv-data.ts';
import { seedPapers, seedPostUrl } from './helpers/verify-data.ts';

/**
 * Acceptance replays of real LLM text through the answer check and the grounding core: the 4,912
 * DeepSeek summaries stored under `anchor_ai` in arxiv-days, and the seed post's own paragraphs.
 * Every rejection is listed with why (reviewed by hand against title, abstract and comments), so a
 * new false rejection, or a lost true one, fails the test.
 */

interface AnchorRecord {
  line: string;
  origin: string;
  summary: string;
  keyPhrase: string;
}

function anchorRecords(): AnchorRecord[] {
  const folder = new URL('arxiv-days/', sharedDataUrl);
  const records: AnchorRecord[] = [];
  for (const name of readdirSync(folder)
    .filter((file) => file.endsWith('.jsonl'))
    .sort()) {
    const lines = readFileSync(new URL(name, folder), 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (!line.includes('"anchor_ai"')) return;
      const raw = JSON.parse(line) as { anchor_ai?: { tldr?: string; result?: string } | null };
      if (!raw.anchor_ai) return;
      // The answer a model would give: tldr + result as the summary, a clause of it as the key phrase.
      const summary = `${raw.anchor_ai.tldr ?? ''}${raw.anchor_ai.result ?? ''}`;
      const keyPhrase = (
        summary.split(/[，。；]/).find((clause) => clause.trim().length >= 4) ?? summary
      ).trim();
      records.push({ line, origin: `${name}:${index + 1}`, summary, keyPhrase });
    });
  }
  return records;
}

function paperOf(line: string, origin: string): Paper {
  const parsed = parseJsonLine(line, 'jsonl', origin);
  if (isRecordProblem(parsed)) throw new Error(`${origin}: ${parsed.message}`);
  return parsed;
}

/** Every rejection of the replay, reviewed: the reason the check gives and why it is right. */
const expectedRejections: Record<string, [reason: string, why: string]> = {
  '2505.24826': ['numbers not in the abstract: 72亿', 'wrong: "72 billion" is 720亿, not 72亿'],
  '2506.00320': ['numbers not in the abstract: 50%', 'derived: the abstract says "2x less tokens"'],
  '2509.09962': ['numbers not in the abstract: 8.7%', 'absent: the abstract gives no F1 gain figure'],
  '2509.09990': ['numbers not in the abstract: 20万, 20万', 'derived: a sum of 100,000 + 50,000 + 50,000'],
  '2509.10279': ['numbers not in the abstract: 85%', 'derived: 100% minus the "15% of tests" selected'],
  '2509.12329': ['numbers not in the abstract: 77.7亿', 'wrong: "77.7 billion" is 777亿, not 77.7亿'],
  '2509.13047': ['numbers not in the abstract: 2.1万', 'truncated: 21,543 rounds to 2.2万'],
  '2511.13245': ['numbers not in the abstract: 12, 12', 'derived: the abstract lists 12 countries by name'],
  '2511.14361': ['numbers not in the abstract: 97.6%', 'absent: no F1 score in the abstract'],
  '2511.15910': ['numbers not in the abstract: 50%', 'derived: the abstract says "by $2\\times$"'],
  '2511.17232': ['numbers not in the abstract: 六', 'derived: one cubic + five quartic kernels'],
  '2511.19816': ['numbers not in the abstract: 35,000', 'derived: a sum of 10k + 25k entries'],
  '2511.20742': [
    'numbers not in the abstract: 12.8',
    'absent as written: the abstract reads "30.9212.8" (± lost)',
  ],
  '2511.21651': ['numbers not in the abstract: 300倍', 'derived: 10 minutes against 50 hours'],
  '2509.10541': ['not written in Chinese', 'the stored summary is "ErrorError"'],
  '2509.12087': ['not written in Chinese', 'the stored summary is "ErrorError"'],
  '2511.10704': ['not written in Chinese', 'the stored summary is "Summary generation failed…"'],
  '2511.11422': ['not written in Chinese', 'the stored summary is "Summary generation failed…"'],
  '2511.15210': ['not written in Chinese', 'the stored summary is "Summary generation failed…"'],
  '2511.16673': ['not written in Chinese', 'the stored summary is "Summary generation failed…"'],
  '2511.16814': ['not written in Chinese', 'the stored summary is "Summary generation failed…"'],
  '2511.19747': ['not written in Chinese', 'the stored summary is "Summary generation failed…"'],
  '2511.20272': ['not written in Chinese', 'the stored summary is "Summary generation failed…"'],
  '2511.21098': ['not written in Chinese', 'the stored summary is "Summary generation failed…"'],
  '2511.21460': ['not written in Chinese', 'the stored summary is English ("generate a too long; …")'],
};

test('4,912 real DeepSeek summaries (anchor_ai): only the reviewed rejections, no supported number rejected', (t) => {
  const records = anchorRecords();
  assert.equal(records.length, 4912);
  const rejected: Record<string, string> = {};
  const reasons = new Map<string, number>();
  let accepted = 0;
  let repaired = 0;
  for (const record of records) {
    const paper = paperOf(record.line, record.origin);
    const answer = JSON.stringify({ summary: record.summary, key_innovation: record.keyPhrase });
    const check = checkSummaryAnswer(answer, null, paper, 'zh');
    if (!check.ok) {
      rejected[paper.id] = check.reason.replace(/^the summary (?:has |is )?/, '');
      const kind = check.reason.replace(/:.*$/, '');
      reasons.set(kind, (reasons.get(kind) ?? 0) + 1);
      continue;
    }
    // What the build's grounding step and `check` ask of the published text: the same core.
    assert.deepEqual(unsupportedFacts(check.text, paper), [], `${paper.id}: ${check.text}`);
    assert.ok(check.text.includes(check.keyInnovation), paper.id);
    accepted += 1;
    if (check.notes.length > 0) repaired += 1;
  }
  t.diagnostic(
    `replayed ${records.length}: accepted ${accepted} (${repaired} with style repairs), rejected ${records.length - accepted}`,
  );
  for (const [kind, count] of reasons) t.diagnostic(`rejected ${count}: ${kind}`);
  for (const [id, [reason, why]] of Object.entries(expectedRejections))
    t.diagnostic(`${id}: ${reason} (${why})`);
  assert.deepEqual(
    rejected,
    Object.fromEntries(Object.entries(expectedRejections).map(([id, [reason]]) => [id, reason])),
  );
});

test('the seed post paragraphs as answers: venue sentences dropped, converted numbers kept, only what check flags rejected', (t) => {
  const markdown = readFileSync(seedPostUrl, 'utf8');
  const papers = new Map(seedPapers().map((paper) => [paper.id, paper]));
  const flagged = new Set(
    checkPost({ markdown, papers })
      .unsupported.filter((finding) => finding.kind === 'number')
      .map((finding) => finding.paperId),
  );
  const paragraphs = parsePost(markdown).paragraphs;
  assert.equal(paragraphs.length, 34);
  const published = new Map<string, string>();
  const rejected: string[] = [];
  let dropped = 0;
  for (const paragraph of paragraphs) {
    const id = /(\d{4}\.\d{4,5})/.exec(paragraph.link.url)?.[1] ?? assert.fail(paragraph.link.url);
    const line = markdown.split('\n').find((candidate) => candidate.includes(`abs/${id}`)) ?? '';
    const keyPhrase = /\*\*([^*]+)\*\*/.exec(line)?.[1] ?? '';
    const paper = papers.get(id) ?? assert.fail(id);
    const answer = JSON.stringify({ summary: paragraph.summary, key_innovation: keyPhrase });
    const check = checkSummaryAnswer(answer, null, paper, 'zh');
    if (!check.ok) {
      rejected.push(id);
      t.diagnostic(`${id} rejected: ${check.reason}`);
      continue;
    }
    published.set(id, check.text);
    if (check.notes.some((note) => /venue sentence/.test(note))) dropped += 1;
    // Venues come from the metadata only: no venue or acceptance sentence is published.
    assert.doesNotMatch(check.text, /发表于|接收|录用|INFOCOM|AAAI|NeurIPS|CVPR/, id);
  }
  t.diagnostic(
    `published ${published.size}, venue sentences dropped from ${dropped}, rejected ${rejected.length}`,
  );
  assert.ok(dropped >= 10, `only ${dropped} paragraphs had a venue sentence dropped`);
  // Numbers written the way Chinese prose writes them stay: 125K = 12.5万, 5,037 = 5037, one million = 100万.
  for (const written of ['12.5万', '5037', '100万'])
    assert.ok(
      [...published.values()].some((text) => text.includes(written)),
      `${written} was published`,
    );
  // The two INFOCOM papers lose their invented venue sentence and keep their grounded text.
  for (const id of ['2511.19413', '2511.20994']) assert.ok(published.has(id), id);
  // Only claims `check` also flags are rejected.
  assert.deepEqual(rejected.sort(), ['2506.00979', '2511.20785']);
  for (const id of rejected) assert.ok(flagged.has(id), `${id} is rejected but check does not flag it`);
});
