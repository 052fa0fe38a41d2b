import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePaper, type Paper } from '../src/core/paper.ts';
import { sentences } from '../src/core/text.ts';
import { createExtractiveEngine, extractiveSummary } from '../src/summarize/engine.ts';
import { keyPhrase, titlePhrase } from '../src/summarize/key-phrase.ts';
import { stripLatex } from '../src/summarize/latex.ts';
import { loadDayPapers, loadSeedPapers } from './helpers/summarize-papers.ts';

const seed = loadSeedPapers();

describe('extractive summaries of the 34 seed papers', () => {
  for (const language of ['en', 'zh'] as const) {
    it(`${language}: key innovation verbatim, 1-3 abstract sentences, deterministic`, () => {
      for (const paper of seed) {
        const summary = extractiveSummary(paper, language);
        const again = extractiveSummary(paper, language);
        assert.deepEqual(summary, again, paper.id);
        assert.equal(summary.engine, 'extractive');
        assert.equal(summary.fallbackReason, null);
        assert.equal(summary.model, null);
        assert.ok(summary.keyInnovation.length > 0, paper.id);
        assert.ok(summary.text.includes(summary.keyInnovation), `${paper.id}: "${summary.keyInnovation}"`);
        assert.ok(summary.keyInnovation.split(/\s+/).length <= 12, `${paper.id}: "${summary.keyInnovation}"`);
        assert.doesNotMatch(summary.text, /\\[a-zA-Z]|\$|\*\*/, paper.id);
        if (paper.abstract === null) continue;
        const chosen = sentences(summary.text);
        assert.ok(chosen.length >= 1 && chosen.length <= 3, `${paper.id}: ${chosen.length} sentences`);
        assert.ok(summary.text.split(/\s+/).length <= 100, paper.id);
        // Every sentence is the abstract's own (after LaTeX markup is removed).
        const abstract = stripLatex(paper.abstract).replace(/\s*\n\s*/g, ' ');
        for (const sentence of chosen) assert.ok(abstract.includes(sentence), `${paper.id}: ${sentence}`);
      }
    });
  }

  it('zh keeps the English sentences (the renderer writes the Chinese frame)', () => {
    for (const paper of seed.filter((candidate) => candidate.abstract !== null)) {
      assert.equal(extractiveSummary(paper, 'zh').text, extractiveSummary(paper, 'en').text);
    }
  });

  it('picks the contribution sentence and its object as the key clause', () => {
    const canvas = extractiveSummary(seed[0] as Paper, 'en');
    assert.match(canvas.text, /^We introduce Canvas-to-Image, a unified framework/);
    assert.equal(canvas.keyInnovation, 'Canvas-to-Image, a unified framework');
    const expected: Record<string, string> = {
      '2511.21678': 'ViLoMem, a dual-stream memory framework',
      '2511.19413': 'UniGame, a self-adversarial post-training framework',
      '2511.21120': 'CHMR (Cell-aware Hierarchical Multi-modal Representations), a robust framework',
      '2510.22665': 'SARVLM-1M, a large-scale vision-language dataset',
    };
    for (const [id, phrase] of Object.entries(expected)) {
      const paper = seed.find((candidate) => candidate.id === id);
      assert.ok(paper);
      assert.equal(extractiveSummary(paper, 'en').keyInnovation, phrase);
    }
  });

  it('skips link and code-availability sentences', () => {
    const monet = seed.find((paper) => paper.id === '2511.21395');
    assert.ok(monet);
    assert.ok(monet.abstract?.includes('https://github.com'));
    assert.doesNotMatch(extractiveSummary(monet, 'en').text, /https?:|github/i);
  });

  it('null abstract: an honest note that still contains the key phrase, in both languages', () => {
    const missing = seed.filter((paper) => paper.abstract === null);
    assert.equal(missing.length, 3);
    for (const paper of missing) {
      const en = extractiveSummary(paper, 'en');
      const zh = extractiveSummary(paper, 'zh');
      assert.match(
        en.text,
        /^The stored arXiv metadata has no abstract for .+, so no summary is given here\.$/,
      );
      assert.match(zh.text, /^arXiv 元数据中没有 .+ 的摘要，因此这里不作概述。$/);
      assert.ok(en.text.includes(en.keyInnovation) && zh.text.includes(zh.keyInnovation));
    }
    const unigameLike = makePaper({
      id: '2511.00001',
      title: 'UniGame: Turning a Unified Multimodal Model Into Its Own Adversary',
    });
    assert.equal(extractiveSummary(unigameLike, 'en').keyInnovation, 'UniGame');
  });

  it('holds on 500 real papers of one listing day (wrapped 2025-06 abstracts)', () => {
    for (const paper of [...loadDayPapers('2025-06-03', 250), ...loadDayPapers('2025-11-25', 250)]) {
      const summary = extractiveSummary(paper, 'en');
      assert.ok(summary.text.length > 0, paper.id);
      assert.ok(summary.text.includes(summary.keyInnovation), `${paper.id}: "${summary.keyInnovation}"`);
      assert.doesNotMatch(summary.text, /\n/, paper.id);
    }
  });

  it('the engine returns every paper in job order with zero requests', async () => {
    const engine = createExtractiveEngine();
    const progress: number[] = [];
    const { summaries, stats } = await engine.summarizeAll(
      seed.map((paper) => ({ paper, language: 'en' as const })),
      { onProgress: (done) => progress.push(done) },
    );
    assert.deepEqual(
      [...summaries.keys()],
      seed.map((paper) => paper.id),
    );
    assert.equal(stats.engine, 'extractive');
    assert.equal(stats.requests, 0);
    assert.equal(progress.length, seed.length);
    const rejected = summaries.get(seed[0]?.id as string);
    assert.ok(rejected);
    assert.deepEqual(
      await engine.resummarize({ paper: seed[0] as Paper, language: 'en' }, rejected, 'any'),
      rejected,
    );
  });
});

describe('LaTeX and key phrases', () => {
  it('strips markup and keeps content', () => {
    assert.equal(
      stripLatex('We scale $\\mu$P by 10\\% with \\textbf{Ours}.'),
      'We scale μP by 10% with Ours.',
    );
    assert.equal(
      stripLatex('Cost \\$5, $\\alpha=0.5$, \\emph{\\textbf{deep}} nets\\footnote{Work at X.}.'),
      'Cost $5, α=0.5, deep nets.',
    );
  });

  it('cuts at relative clauses, participles and modifiers, never past 12 words', () => {
    assert.equal(keyPhrase('X-Net, a fast model that does things, enabling more.'), 'X-Net, a fast model');
    assert.equal(
      keyPhrase(
        'a simple but efficient learning mechanism for improving the robust alignment between visual and textual modalities',
      ),
      'simple but efficient learning mechanism',
    );
    assert.equal(keyPhrase('To address this, we do stuff', true), 'we do stuff');
    assert.equal(
      titlePhrase('Canvas-to-Image: Compositional Image Generation with Multimodal Controls'),
      'Canvas-to-Image',
    );
  });
});
