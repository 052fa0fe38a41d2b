import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Digest, Language } from '../src/core/digest.ts';
import { makePaper, type Paper } from '../src/core/paper.ts';
import { renderPost } from '../src/render/markdown.ts';
import { type CheckReport, checkPost, checkSummary } from '../src/verify/check.ts';
import type { CheckFinding } from '../src/verify/check-paper.ts';
import { extractVenue } from '../src/verify/venue.ts';
import { sampleDigest } from './helpers/sample-digest.ts';
import { seedPapers, seedPostUrl } from './helpers/verify-data.ts';

const seedPost = readFileSync(seedPostUrl, 'utf8');
const papers = new Map(seedPapers().map((paper) => [paper.id, paper]));

const findingsOf = (report: CheckReport, paperId: string | null, kind?: CheckFinding['kind']) =>
  [...report.unsupported, ...report.unverifiable].filter(
    (finding) => finding.paperId === paperId && (kind === undefined || finding.kind === kind),
  );

/** A digest as `build` makes it: venue facts from the extractor for every paper. */
function builtDigest(language: Language): Digest {
  const digest = sampleDigest(language);
  return {
    ...digest,
    papers: digest.papers.map((entry) => {
      const fact = extractVenue({
        comments: entry.paper.comments,
        journalRef: entry.paper.journalRef,
        doi: entry.paper.doi,
      });
      return { ...entry, venue: fact.venue ? fact : null };
    }),
  };
}

function checkBuilt(
  language: Language,
  edit: (markdown: string) => string = (markdown) => markdown,
): CheckReport {
  const digest = builtDigest(language);
  const markdown = edit(renderPost(digest));
  return checkPost({
    markdown,
    papers: new Map(digest.papers.map((entry) => [entry.paper.id, entry.paper])),
    run: { trendFacts: digest.trends.facts, history: digest.trends.history },
  });
}

/** Appends text to the paragraph of one paper. */
function appendToParagraph(markdown: string, id: string, text: string): string {
  const lines = markdown.split('\n');
  const index = lines.findIndex((line) => !line.trimStart().startsWith('-') && line.includes(`abs/${id}v`));
  assert.ok(index >= 0, `no paragraph for ${id}`);
  lines[index] = `${lines[index]} ${text}`;
  return lines.join('\n');
}

test('the seed post: the invented INFOCOM venues are unsupported, with the impossible year', () => {
  const report = checkPost({ markdown: seedPost, papers });
  assert.equal(report.ok, false);
  for (const id of ['2511.19413', '2511.20994']) {
    const venue = findingsOf(report, id, 'venue');
    // The paragraph's sentence and the directions entry.
    assert.equal(venue.length, 2, id);
    for (const finding of venue) {
      assert.match(finding.claim, /INFOCOM/);
      assert.match(finding.reason, /metadata states no venue \(comments: none\)/);
      assert.match(finding.reason, /2024 is before the paper's first arXiv version \(2025-11\)/);
    }
  }
});

test('the seed post: every link is reported once per paper (http and the space before ")")', () => {
  const report = checkPost({ markdown: seedPost, papers });
  const links = report.unsupported.filter((finding) => finding.kind === 'link');
  assert.equal(links.length, 34);
  assert.equal(new Set(links.map((finding) => finding.paperId)).size, 34);
  for (const finding of links) {
    assert.match(finding.reason, /stray whitespace before '\)'/);
    assert.match(finding.reason, /http:\/\/ instead of https:\/\//);
  }
});

test('the seed post: "过去几年" from eleven months of papers is unsupported trend wording', () => {
  const report = checkPost({ markdown: seedPost, papers });
  const wording = report.unsupported.filter(
    (finding) => finding.kind === 'trend' && /过去几年/.test(finding.claim),
  );
  assert.equal(wording.length, 1);
  assert.match(
    wording[0]?.reason ?? '',
    /needs data over several years; .* covers 2025-01\.\.2025-11 \(11 months\)/,
  );
});

test('the seed post: supported venue claims are not flagged; for two papers only the month is', () => {
  const report = checkPost({ markdown: seedPost, papers });
  for (const id of ['2511.21120', '2508.10133', '2508.14264']) {
    assert.deepEqual(
      findingsOf(report, id).filter((finding) => finding.kind !== 'link'),
      [],
      `${id} has findings beyond its link`,
    );
  }
  for (const id of ['2511.20490', '2511.20531']) {
    const venueFindings = findingsOf(report, id).filter(
      (finding) => finding.kind === 'venue' || finding.kind === 'date',
    );
    assert.ok(venueFindings.length >= 1, id);
    for (const finding of venueFindings) {
      assert.equal(finding.kind, 'date', `${id}: ${finding.reason}`);
      assert.match(finding.reason, /metadata gives no month/);
    }
  }
});

test('the seed post: claims about papers whose metadata states no venue say so', () => {
  const report = checkPost({ markdown: seedPost, papers });
  for (const id of ['2511.21500', '2511.21364', '2502.14914', '2501.12422', '2506.09738', '2511.20871']) {
    const venue = findingsOf(report, id, 'venue');
    assert.ok(venue.length >= 1, id);
    for (const finding of venue) assert.match(finding.reason, /metadata states no venue/);
  }
});

test('the seed post: numbers not in the abstract are flagged, numbers in it are not', () => {
  const report = checkPost({ markdown: seedPost, papers });
  const numbers = report.unsupported.filter((finding) => finding.kind === 'number');
  const flagged = numbers.map((finding) => /^"([^"]+)"/.exec(finding.reason)?.[1]);
  // 24.7万 vs "247.9K", 106K/5K vs "150,000"/"18,700", 86.88%/96.32% appear nowhere in the v1 abstract.
  assert.deepEqual(flagged.sort(), ['106K', '24.7万', '5K', '86.88%', '96.32%'].sort());
  // A paper without an abstract: its numbers cannot be checked, and are not called clean.
  const unverifiable = report.unverifiable.filter(
    (finding) => finding.paperId === '2502.14914' && finding.kind === 'number',
  );
  assert.equal(unverifiable.length, 3);
});

test('the seed post: authors — initials are fine, a wrong first author and a lone "等人" are not', () => {
  const report = checkPost({ markdown: seedPost, papers });
  assert.deepEqual(findingsOf(report, '2511.17490', 'author'), []);
  assert.match(
    findingsOf(report, '2506.00979', 'author')[0]?.reason ?? '',
    /author 2 of 6; the first author is Wayne Zhang/,
  );
  assert.match(findingsOf(report, '2511.20531', 'author')[0]?.reason ?? '', /single author/);
});

test('a built post passes the check, in Chinese and in English', () => {
  for (const language of ['zh', 'en'] as const) {
    const report = checkBuilt(language);
    assert.deepEqual(report.unsupported, [], language);
    assert.deepEqual(report.unverifiable, [], language);
    assert.equal(report.ok, true);
    assert.equal(report.papersChecked, 34);
    assert.ok(report.claimsChecked > 100, `${report.claimsChecked} claims`);
  }
});

test('hostile titles (escaped brackets, a javascript: link text) do not confuse the paragraph parser', () => {
  for (const language of ['zh', 'en'] as const) {
    const digest = sampleDigest(language, { hostileTitle: true });
    const report = checkPost({
      markdown: renderPost(digest),
      papers: new Map(digest.papers.map((entry) => [entry.paper.id, entry.paper])),
      run: { trendFacts: digest.trends.facts, history: digest.trends.history },
    });
    assert.equal(report.papersChecked, 34, language);
    assert.deepEqual(report.unsupported, [], language);
  }
});

test('a built post with a planted false venue, year or number fails with that claim named', () => {
  const cases: [string, Language, (markdown: string) => string, string, CheckFinding['kind'], RegExp][] = [
    [
      'false venue',
      'zh',
      (md) => appendToParagraph(md, '2511.21691', '该成果已被 CVPR 2025 接收。'),
      '2511.21691',
      'venue',
      /no venue/,
    ],
    [
      'wrong year',
      'zh',
      (md) => md.replace('AAAI 2026 接收（Oral）', 'AAAI 2025 接收（Oral）'),
      '2511.21120',
      'venue',
      /says 2026/,
    ],
    [
      'wrong venue',
      'en',
      (md) => md.replace('Accepted at NeurIPS 2025.', 'Accepted at ICML 2025.'),
      '2508.10133',
      'venue',
      /NeurIPS 2025/,
    ],
    [
      'invented number',
      'zh',
      (md) => appendToParagraph(md, '2511.21395', '准确率提升了 42.7%。'),
      '2511.21395',
      'number',
      /42\.7%/,
    ],
    [
      'invented count',
      'en',
      (md) => appendToParagraph(md, '2511.21364', 'It uses 6,037 posts.'),
      '2511.21364',
      'number',
      /6,037/,
    ],
    [
      'wrong author',
      'en',
      (md) => md.replace('Yusuf Dalva et al.,', 'Kfir Aberman et al.,'),
      '2511.21691',
      'author',
      /first author is Yusuf Dalva/,
    ],
    [
      'oral invented',
      'en',
      (md) => md.replace('Accepted at NeurIPS 2025.', 'Accepted at NeurIPS 2025 (Oral).'),
      '2508.10133',
      'venue',
      /no Oral/,
    ],
    [
      'arXiv month',
      'zh',
      (md) => md.replace('(2025年11月发表于arXiv | AAAI 2026)', '(2025年10月发表于arXiv | AAAI 2026)'),
      '2511.21120',
      'date',
      /2025-11/,
    ],
    [
      'label year',
      'en',
      (md) => md.replace('(arXiv, November 2025 | AAAI 2026)', '(arXiv, November 2025 | AAAI 2025)'),
      '2511.21120',
      'venue',
      /says 2026/,
    ],
    [
      'https link',
      'en',
      (md) => md.replace('(https://arxiv.org/abs/2511.21691v1)', '(http://arxiv.org/abs/2511.21691v1 )'),
      '2511.21691',
      'link',
      /http:\/\//,
    ],
  ];
  for (const [name, language, edit, id, kind, reason] of cases) {
    const report = checkBuilt(language, edit);
    assert.equal(report.ok, false, name);
    const found = report.unsupported.filter((finding) => finding.paperId === id && finding.kind === kind);
    assert.equal(found.length, 1, `${name}: ${JSON.stringify(report.unsupported)}`);
    assert.match(found[0]?.reason ?? '', reason, name);
    assert.equal(report.unsupported.length, 1, `${name}: only the planted claim fails`);
  }
});

test('trend figures must be the run facts, wording must fit the span, representatives must be in the post', () => {
  const figure = checkBuilt('zh', (md) => md.replace('35.3%（12/34）', '45.3%（12/34）'));
  assert.match(figure.unsupported[0]?.reason ?? '', /45\.3 is not a figure the build computed/);
  const wording = checkBuilt('en', (md) =>
    md.replace('### Research trends\n', '### Research trends\n\nIn recent years, interest grew.\n'),
  );
  assert.match(
    wording.unsupported[0]?.reason ?? '',
    /"in recent years" needs data over several years; the stored run covers 2025-11\.\.2025-11 \(1 month\)/i,
  );
  const bare = checkBuilt('en', (md) =>
    md.replace(/(### Research trends[\s\S]*?\n)1\. [^\n]*/, '$11. Multimodal fusion keeps growing.'),
  );
  assert.match(bare.unsupported[0]?.reason ?? '', /without the measured figure/);
  const stranger = checkBuilt('en', (md) =>
    md.replace(
      '   - Representative papers:\n',
      '   - Representative papers:\n     - *[A paper](https://arxiv.org/abs/2511.21120v1)* (arXiv, November 2025)\n     - *[Elsewhere](https://arxiv.org/abs/2511.99999v1)* (arXiv, November 2025)\n',
    ),
  );
  assert.ok(
    stranger.unsupported.some(
      (finding) => finding.paperId === '2511.99999' && finding.kind === 'representative',
    ),
  );
  assert.ok(
    stranger.unverifiable.some((finding) => finding.paperId === '2511.99999' && finding.kind === 'link'),
  );
});

test('papers without metadata are listed as unverifiable, not passed as clean', () => {
  const digest = builtDigest('en');
  const markdown = renderPost(digest);
  const some = new Map(digest.papers.slice(0, 30).map((entry) => [entry.paper.id, entry.paper]));
  const report = checkPost({
    markdown,
    papers: some,
    run: { trendFacts: digest.trends.facts, history: digest.trends.history },
  });
  assert.equal(report.papersChecked, 30);
  const missing = report.unverifiable.filter((finding) => /no metadata/.test(finding.reason));
  assert.deepEqual(
    missing.map((finding) => finding.paperId).sort(),
    digest.papers
      .slice(30)
      .map((entry) => entry.paper.id)
      .sort(),
  );
  assert.equal(report.ok, true);
});

test('"submitted" and "under review" papers may not be called accepted', () => {
  const submitted = makePaper({
    id: '2509.11539',
    title: 'A',
    authors: ['Ann Lee', 'Bo Li'],
    abstract: 'We study A.',
    comments: 'Submitted to ICASSP 2026',
  });
  const reviewed = makePaper({
    id: '2506.03645',
    title: 'B',
    authors: ['Cy Wu'],
    abstract: 'We study B.',
    comments: '17 pages, TPAMI under review',
  });
  const check = (paper: Paper, text: string, language: Language) => checkSummary({ text, paper, language });
  assert.match(
    check(submitted, '该成果已被 ICASSP 2026 接收。', 'zh')[0]?.reason ?? '',
    /says submitted .* not accepted/,
  );
  assert.match(check(reviewed, 'Published in IEEE TPAMI.', 'en')[0]?.reason ?? '', /says under_review/);
  // The post's own venue sentence for them is fine in a post (not accepted, as the metadata says).
  const post = `Ann Lee et al., [A](https://arxiv.org/abs/2509.11539v1): We study A. Submitted to ICASSP 2026 (not yet accepted).\n`;
  const report = checkPost({ markdown: post, papers: new Map([[submitted.id, submitted]]) });
  assert.deepEqual(report.unsupported, []);
});

test('checkSummary: a summary may not state a venue or an unsupported number; copied sentences may', () => {
  const paper = papers.get('2511.21120') as Paper;
  assert.deepEqual(
    checkSummary({ text: 'CHMR 在 728 项任务上平均提升 3.6% 和 17.2%。', paper, language: 'zh' }),
    [],
  );
  const venue = checkSummary({ text: 'CHMR 已被 AAAI 2026 接收。', paper, language: 'zh' });
  assert.equal(venue.length, 1);
  assert.match(venue[0]?.reason ?? '', /must not state a venue/);
  const number = checkSummary({ text: 'CHMR improves regression by 19.2%.', paper, language: 'en' });
  assert.equal(number[0]?.kind, 'number');
  assert.match(number[0]?.reason ?? '', /"19\.2%" is not in the abstract/);
  const copied = checkSummary({
    text: (paper.abstract ?? '').split('. ').slice(4, 5).join(''),
    paper,
    language: 'en',
  });
  assert.deepEqual(copied, []);
});

test('links: canonical new and old ids pass; pdf, http, mirrors and stray characters do not', () => {
  const paper = (id: string) => makePaper({ id, title: 'T', authors: ['Ann Lee'], abstract: 'We study T.' });
  const known = new Map([paper('2511.21691'), paper('hep-th/9901001')].map((entry) => [entry.id, entry]));
  const post = (url: string) => `Ann Lee, [T](${url}): We study T.\n`;
  for (const url of [
    'https://arxiv.org/abs/2511.21691v1',
    'https://arxiv.org/abs/2511.21691',
    'https://arxiv.org/abs/hep-th/9901001v2',
  ]) {
    assert.deepEqual(checkPost({ markdown: post(url), papers: known }).unsupported, [], url);
  }
  const defects: [string, RegExp][] = [
    ['https://arxiv.org/pdf/2511.21691v1', /PDF link/],
    ['http://arxiv.org/abs/2511.21691v1', /http:\/\/ instead of https:\/\//],
    ['https://export.arxiv.org/abs/2511.21691v1', /mirror host/],
    ['https://arxiv.org/abs/2511.21691v1 ', /stray whitespace before '\)'/],
    ['https://arxiv.org/abs/2511.21691v1.', /not of the form/],
  ];
  for (const [url, reason] of defects) {
    const report = checkPost({ markdown: post(url), papers: known });
    assert.equal(report.unsupported.length, 1, url);
    assert.equal(report.unsupported[0]?.kind, 'link');
    assert.equal(report.unsupported[0]?.paperId, '2511.21691', url);
    assert.match(report.unsupported[0]?.reason ?? '', reason, url);
  }
});
