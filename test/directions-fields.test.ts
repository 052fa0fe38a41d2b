import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Direction, Language } from '../src/core/digest.ts';
import type { Paper } from '../src/core/paper.ts';
import { containsCjk } from '../src/core/text.ts';
import { directionCountBounds } from '../src/directions/bounds.ts';
import { clusterPapers } from '../src/directions/cluster.ts';
import { nameDirections } from '../src/directions/directions.ts';
import { translateTerm } from '../src/directions/glossary.ts';
import { nameProblems } from '../src/directions/invariants.ts';
import type { DirectionPaper } from '../src/directions/types.ts';
import { loadArxivDays, loadSeedPapers } from './helpers/arxiv-data.ts';

/**
 * Directions offline, in zh and en, for fields the multimodal tuning never saw (issue 10): sized by
 * directionCountBounds, no direction under 3 papers from 30 papers on, names distinct and specific, no
 * translation from the wrong field, keyword lists in one language.
 */

const allPapers: Paper[] = (() => {
  const seen = new Set<string>();
  return loadArxivDays().filter((paper) => {
    if (seen.has(paper.id)) return false;
    seen.add(paper.id);
    return true;
  });
})();

const asDirectionPapers = (papers: readonly Paper[]): DirectionPaper[] =>
  papers.map((paper) => ({
    id: paper.id,
    title: paper.title,
    abstract: paper.abstract,
    primaryCategory: paper.primaryCategory,
  }));

function byPrimary(match: (category: string) => boolean, limit = Number.POSITIVE_INFINITY): Paper[] {
  return allPapers
    .filter((paper) => paper.primaryCategory !== null && match(paper.primaryCategory))
    .slice(0, limit);
}

const multimodalCategories = new Set(['cs.CV', 'cs.CL', 'cs.MM', 'cs.SD', 'eess.AS', 'eess.IV']);
const multimodalText = /multimodal|multi-modal|vision-language|audio-visual|text-to-image|video/i;

const cases: { label: string; papers: Paper[] }[] = [
  { label: 'quant-ph', papers: byPrimary((category) => category === 'quant-ph') },
  { label: 'math.OC', papers: byPrimary((category) => category === 'math.OC') },
  { label: 'stat.ME', papers: byPrimary((category) => category === 'stat.ME') },
  { label: 'cond-mat', papers: byPrimary((category) => category.startsWith('cond-mat')) },
  { label: 'eess.SY', papers: byPrimary((category) => category === 'eess.SY') },
  {
    label: 'multimodal week (2025-06-02..06, 30 papers)',
    papers: allPapers
      .filter(
        (paper) =>
          paper.announced !== null &&
          paper.announced >= '2025-06-02' &&
          paper.announced <= '2025-06-06' &&
          paper.primaryCategory !== null &&
          multimodalCategories.has(paper.primaryCategory) &&
          multimodalText.test(`${paper.title} ${paper.abstract ?? ''}`),
      )
      .slice(0, 30),
  },
  { label: 'seed papers (34)', papers: loadSeedPapers() },
  { label: 'quant-ph, 200 papers', papers: byPrimary((category) => category === 'quant-ph', 200) },
];

/** Chinese that a field's papers must never get: the computing meaning of their words. */
const wrongInField: Record<string, readonly string[]> = {
  'quant-ph': ['代码', '加速器', '建图'],
  'cond-mat': ['代码', '定位', '加速器'],
  'math.OC': ['代码', '加速器', '建图', '分布式'],
  'stat.ME': ['代码', '偏见', '分布式', '加速器'],
};

/** A lowercase English word; acronyms and names ("QKD", "Wasserstein") may stand in Chinese text. */
const lowercaseWord = /(?:^|[^A-Za-z])[a-z]{2,}/;

/** The terms of a zh overview's keyword list ("本方向 N 篇论文，关键词：A、B。"). */
function overviewTerms(overview: string): string[] {
  const list = /关键词：(.+)。$/.exec(overview)?.[1];
  assert.ok(list, `no keyword list in "${overview}"`);
  return list.split('、');
}

function checkOneLanguage(direction: Direction, where: string): void {
  const terms = overviewTerms(direction.overview);
  assert.ok(terms.length > 0, where);
  const chinese = terms.filter(containsCjk);
  // English words written in lowercase: technical terms left untranslated (acronyms and names excepted).
  const english = terms.filter((term) => !containsCjk(term) && /^[a-z]/.test(term));
  for (const term of chinese) assert.doesNotMatch(term, lowercaseWord, `${where}: half-translated "${term}"`);
  if (chinese.length > 0) assert.ok(english.length <= 1, `${where}: mixed list ${terms.join('、')}`);
}

describe('directions in fields outside cs.CV / cs.CL, offline, zh and en', () => {
  let codesSeen = 0;
  for (const { label, papers } of cases) {
    it(`${label}: sized, distinct, right for the field`, async () => {
      const count = papers.length;
      assert.ok(count >= 30, `${label}: only ${count} papers`);
      const inputs = asDirectionPapers(papers);
      const clustering = clusterPapers(inputs);
      const bounds = directionCountBounds(count);
      assert.ok(
        clustering.k >= bounds.min && clustering.k <= bounds.max,
        `${label}: k = ${clustering.k} outside [${bounds.min}, ${bounds.max}] for ${count} papers`,
      );
      for (const cluster of clustering.clusters)
        assert.ok(cluster.paperIds.length >= 3, `${label}: a direction of ${cluster.paperIds.length} papers`);

      for (const language of ['zh', 'en'] as const satisfies readonly Language[]) {
        // nameDirections runs the invariants too (names among them).
        const directions = await nameDirections(clustering, inputs, language);
        assert.equal(directions.length, clustering.k);
        const names = directions.map((direction) => direction.name);
        assert.deepEqual(nameProblems(names, language), [], `${label} ${language}: ${names.join(' / ')}`);
        assert.equal(new Set(names).size, names.length);
        if (language === 'en') {
          for (const direction of directions)
            assert.ok(!containsCjk(`${direction.name}${direction.overview}`));
          continue;
        }
        const wrong = wrongInField[label.split(',')[0] as string] ?? [];
        directions.forEach((direction) => {
          const where = `${label} zh "${direction.name}"`;
          checkOneLanguage(direction, where);
          for (const word of wrong) {
            assert.ok(
              !direction.name.includes(word) && !direction.overview.includes(word),
              `${where}: "${word}" is the wrong field's word (${direction.overview})`,
            );
          }
          if (
            label.startsWith('quant-ph') &&
            direction.keywords.slice(0, 5).some((keyword) => /^codes?$/.test(keyword))
          ) {
            codesSeen++;
            assert.match(direction.overview, /码/, `${where}: quantum codes are 码 (${direction.overview})`);
          }
        });
      }
    });
  }

  it('met quantum "codes" among the top keywords (so the 码 check above ran)', () => {
    assert.ok(codesSeen > 0);
  });
});

describe('field-aware glossary', () => {
  it('translates a term only as the field uses it', () => {
    assert.equal(translateTerm('code', ['cs']), '代码');
    assert.equal(translateTerm('codes', ['physics']), '码');
    assert.equal(translateTerm('codes', ['cs', 'physics']), null, 'fields disagree: English stays');
    assert.equal(translateTerm('localization', ['cs']), '定位');
    assert.equal(translateTerm('localization', ['cond-mat']), '局域化');
    assert.equal(translateTerm('bias', ['cs']), '偏见');
    assert.equal(translateTerm('bias', ['stat']), '偏差');
    assert.equal(translateTerm('operator', ['math']), '算子');
    assert.equal(translateTerm('operators', ['physics']), '算符');
    // A base entry outside the neutral list stays English in other fields.
    assert.equal(translateTerm('captioning', ['math']), null);
    assert.equal(translateTerm('video', ['math']), '视频');
  });

  it('does not translate through a stem shared with a different word', () => {
    assert.equal(translateTerm('distribution', ['cs']), null, 'not 分布式 (distributed)');
    assert.equal(translateTerm('distribution', ['stat']), '分布');
    assert.equal(translateTerm('acceleration', ['cs']), null, 'not 加速器 (accelerator)');
    assert.equal(translateTerm('acceleration', ['math']), '加速');
    assert.equal(translateTerm('point clouds'), '点云');
  });
});

describe('nameProblems', () => {
  it('flags shared terms, generic terms and names that restate themselves', () => {
    assert.deepEqual(nameProblems(['点云与激光雷达', '视频推理与训练'], 'zh'), []);
    assert.equal(nameProblems(['声音与音频', '语音与音频'], 'zh').length, 1);
    assert.equal(nameProblems(['AVSR and Audio-Visual speech recognition'], 'en').length, 1);
    assert.equal(nameProblems(['Vision and learning'], 'en').length, 1);
    assert.equal(nameProblems(['Private and differential privacy'], 'en').length, 1);
    assert.equal(nameProblems(['Language and LLMs'], 'en').length, 1);
    assert.equal(nameProblems(['优化与鲁棒优化'], 'zh').length, 1);
    assert.equal(nameProblems(['FDR控制与错误发现率'], 'zh').length, 1);
    assert.equal(nameProblems(['FDR control and false discovery rate'], 'en').length, 1);
    assert.equal(nameProblems(['Videos and audio', 'Video reasoning', 'Video and text'], 'en').length, 1);
    assert.deepEqual(nameProblems(['Point cloud and lidar', 'Video reasoning and training'], 'en'), []);
    // A term inside a longer one is a more specific direction, not the same one.
    assert.deepEqual(nameProblems(['Reasoning and knowledge', 'Video reasoning and training'], 'en'), []);
  });
});
