import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { venueStatuses, venueTypes } from '../src/core/digest.ts';
import { makePaper } from '../src/core/paper.ts';
import { checkVenueClaim } from '../src/verify/check-paper.ts';
import { venueClaims } from '../src/verify/claims.ts';
import { emptyVenueFact, extractVenue } from '../src/verify/venue.ts';
import { venueSentence } from '../src/verify/venue-sentence.ts';
import { recordsOf, sharedDataUrl } from './helpers/verify-data.ts';

/**
 * The labelled set: real comments / journal_ref strings from /work/shared/data, read by id (the
 * label file holds only ids and the expected facts, labelled by hand from the strings).
 * Label rules: `venue` is the table's canonical name, else the acronym the authors give, else the
 * name as written without article/ordinal/year; a workshop's venue is its host when named.
 * Venue names compare case- and punctuation-insensitively.
 */
interface Label {
  id: string;
  field: 'comments' | 'journal_ref';
  source: string;
  /** "holdout": labelled after the extractor was written, as a check on over-fitting. */
  set?: 'holdout';
  expected: { venue: string | null; year: number | null; status: string | null; type: string | null };
}

const labels: Label[] = readFileSync(new URL('./fixtures/venue-labels.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as Label);

const comparable = (name: string | null) =>
  name === null ? null : name.toLowerCase().replace(/[^a-z0-9&]+/g, '');

function inputOf(label: Label): { comments: string | null; journalRef: string | null; text: string } {
  const record = recordsOf(label.source).get(label.id);
  assert.ok(record, `${label.id} is not in ${label.source}`);
  const text = record[label.field];
  assert.equal(typeof text, 'string', `${label.id} has no ${label.field} in ${label.source}`);
  const value = text as string;
  return label.field === 'comments'
    ? { comments: value, journalRef: null, text: value }
    : { comments: null, journalRef: value, text: value };
}

test('the labelled set is large and covers every case the issue names', () => {
  assert.ok(labels.length >= 100, `only ${labels.length} labels`);
  const statuses = new Set(labels.map((label) => label.expected.status));
  for (const status of venueStatuses) assert.ok(statuses.has(status), `no ${status} label`);
  assert.ok(statuses.has(null));
  const types = new Set(labels.map((label) => label.expected.type));
  for (const type of venueTypes) assert.ok(types.has(type), `no ${type} label`);
  assert.ok(labels.some((label) => label.field === 'journal_ref'));
  const pagesOnly = labels.filter((label) => /^\s*\d+\s*pages/i.test(inputOf(label).text));
  assert.ok(pagesOnly.length >= 5);
});

test('venue, year and status are right for at least 95% of the labelled strings', () => {
  let allRight = 0;
  let typeRight = 0;
  let holdoutRight = 0;
  const wrong: string[] = [];
  for (const label of labels) {
    const input = inputOf(label);
    const fact = extractVenue(input);
    const venueOk = comparable(fact.venue) === comparable(label.expected.venue);
    const yearOk = fact.year === label.expected.year;
    const statusOk = fact.status === label.expected.status;
    if (venueOk && yearOk && statusOk) {
      allRight += 1;
      if (label.set === 'holdout') holdoutRight += 1;
    } else
      wrong.push(
        `${label.id} ${JSON.stringify(input.text.slice(0, 90))}: got ${fact.venue}/${fact.year}/${fact.status}, ` +
          `want ${label.expected.venue}/${label.expected.year}/${label.expected.status}`,
      );
    if (fact.type === label.expected.type) typeRight += 1;
    // Evidence is always a verbatim part of the input.
    if (fact.evidence !== null)
      assert.ok(input.text.includes(fact.evidence), `${label.id}: evidence not in input`);
  }
  const share = allRight / labels.length;
  const holdout = labels.filter((label) => label.set === 'holdout').length;
  console.log(
    `venue labels: ${allRight}/${labels.length} (${(share * 100).toFixed(1)}%) venue+year+status right ` +
      `(holdout ${holdoutRight}/${holdout}); type right ${typeRight}/${labels.length}`,
  );
  for (const line of wrong) console.log(`  miss ${line}`);
  assert.ok(share >= 0.95, `${(share * 100).toFixed(1)}% < 95%`);
});

test('no submitted or under-review string is reported as accepted or published', () => {
  const notYet = labels.filter(
    (label) => label.expected.status === 'submitted' || label.expected.status === 'under_review',
  );
  assert.ok(notYet.length >= 30, `only ${notYet.length} submitted/under-review labels`);
  for (const label of notYet) {
    const fact = extractVenue(inputOf(label));
    assert.ok(
      fact.status === 'submitted' || fact.status === 'under_review' || fact.status === null,
      `${label.id}: ${fact.status} from ${JSON.stringify(inputOf(label).text)}`,
    );
  }
});

test('every submitted / under-review comment in the whole corpus stays not-accepted', () => {
  // Beyond the labels: any comment whose only statements are submission or review.
  const files = ['seed-papers.jsonl', ...readdirDays()];
  let checked = 0;
  for (const file of files) {
    for (const record of recordsOf(file).values()) {
      const comments = typeof record.comments === 'string' ? record.comments : null;
      if (!comments || !/submitted|under\s*review/i.test(comments)) continue;
      if (
        /accept|appear|published|proceedings|presented|camera|oral|spotlight|poster|in press/i.test(comments)
      )
        continue;
      checked += 1;
      const fact = extractVenue({ comments, journalRef: null });
      assert.ok(fact.status !== 'accepted' && fact.status !== 'published', `${record.id}: ${comments}`);
    }
  }
  assert.ok(checked > 150, `only ${checked} comments checked`);
});

function readdirDays(): string[] {
  const directory = new URL('arxiv-days/', sharedDataUrl);
  return readdirSync(directory)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .map((name) => `arxiv-days/${name}`);
}

test('journal_ref wins over comments; ACL Anthology and IEEE DOIs name venue and year', () => {
  assert.deepEqual(
    extractVenue({
      comments: 'Submitted to ICASSP 2025',
      journalRef: 'IEEE Transactions on Multimedia, 2025',
    }),
    {
      venue: 'IEEE TMM',
      year: 2025,
      status: 'published',
      type: 'journal',
      track: null,
      evidence: 'IEEE Transactions on Multimedia, 2025',
    },
  );
  const anthology = extractVenue({
    comments: null,
    journalRef: null,
    doi: '10.18653/v1/2023.findings-emnlp.12',
  });
  assert.deepEqual(
    [anthology.venue, anthology.year, anthology.status, anthology.track],
    ['EMNLP', 2023, 'published', 'Findings'],
  );
  const ieee = extractVenue({ comments: '12 pages', journalRef: null, doi: '10.1109/TPAMI.2024.3367329' });
  assert.deepEqual([ieee.venue, ieee.year, ieee.type], ['IEEE TPAMI', 2024, 'journal']);
  // A DOI of a publisher that does not name the venue says nothing.
  assert.deepEqual(
    extractVenue({ comments: null, journalRef: null, doi: '10.1016/j.patcog.2025.1' }),
    emptyVenueFact,
  );
});

test('canonical names: NeurIPS for NIPS, "Advances in Neural ...", NeurIPS2025; years from \'25 and -26', () => {
  const cases: [string, string, number | null][] = [
    ["Accepted to NeurIPS'25", 'NeurIPS', 2025],
    ['Accepted at NIPS 2017', 'NeurIPS', 2017],
    ['Published in Advances in Neural Information Processing Systems 37 (2024)', 'NeurIPS', 2024],
    ['accepted by NeurIPS2025', 'NeurIPS', 2025],
    ['Accepted by AAAI-26', 'AAAI', 2026],
    ['Accepted to the International AAAI Conference on Web and Social Media (ICWSM 2026)', 'ICWSM', 2026],
    ['Accepted by IEEE Robotics and Automation Letters (RA-L)', 'IEEE RA-L', null],
    ['Accepted to ACM Multimedia 2025', 'ACM MM', 2025],
  ];
  for (const [comments, venue, year] of cases) {
    const fact = extractVenue({ comments, journalRef: null });
    assert.deepEqual(
      [fact.venue, fact.year, fact.status === 'accepted' || fact.status === 'published'],
      [venue, year, true],
      comments,
    );
  }
});

test("the post's own venue sentences and labels pass the checker for every fact in the corpus", () => {
  let checked = 0;
  for (const file of ['seed-papers.jsonl', ...readdirDays()]) {
    for (const record of recordsOf(file).values()) {
      const comments = typeof record.comments === 'string' ? record.comments : null;
      if (!comments) continue;
      const paper = makePaper({ id: record.id, title: 'T', authors: ['A B'], abstract: 'x', comments });
      const fact = extractVenue({ comments, journalRef: null });
      for (const language of ['zh', 'en'] as const) {
        const sentence = venueSentence(fact, language);
        if (!sentence) continue;
        checked += 1;
        const findings = venueClaims(sentence).flatMap((claim) => checkVenueClaim(claim, paper, fact));
        assert.deepEqual(findings, [], `${record.id} ${language}: ${sentence}`);
        assert.equal(venueClaims(sentence).length, 1, `${record.id} ${language}: ${sentence} names no venue`);
      }
    }
  }
  assert.ok(checked > 2000, `only ${checked} sentences`);
});
