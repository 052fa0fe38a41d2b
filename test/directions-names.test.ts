import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import type { Direction } from '../src/core/digest.ts';
import { DigestError } from '../src/core/errors.ts';
import { containsCjk, stem } from '../src/core/text.ts';
import { clusterPapers } from '../src/directions/cluster.ts';
import { buildDirections, nameDirections } from '../src/directions/directions.ts';
import { glossaryEntries, translateTerm } from '../src/directions/glossary.ts';
import { assertDirectionInvariants, nameProblems } from '../src/directions/invariants.ts';
import { createOfflineNamer, offlineDirectionNames } from '../src/directions/offline-namer.ts';
import type { Cluster, DirectionNamer, DirectionPaper } from '../src/directions/types.ts';

const seedPapers: DirectionPaper[] = fs
  .readFileSync(new URL('../../shared/data/seed-papers.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as DirectionPaper)
  .map(({ id, title, abstract }) => ({ id, title, abstract }));
const clustering = clusterPapers(seedPapers);

describe('offline namer on the real seed papers', () => {
  it('writes English names from keywords, without CJK, and count + keyword overviews', async () => {
    const names = await createOfflineNamer().name({
      clusters: clustering.clusters,
      papers: seedPapers,
      language: 'en',
    });
    assert.equal(names.length, clustering.clusters.length);
    names.forEach(({ name, overview }, index) => {
      const cluster = clustering.clusters[index] as Cluster;
      assert.ok(!containsCjk(name) && !containsCjk(overview), name);
      assert.match(name, /^[A-Z]/, 'capitalised');
      // One or two of the cluster's own keywords (words or phrases), nothing else, in sentence case.
      const parts = name.split(' and ');
      assert.ok(parts.length >= 1 && parts.length <= 2, name);
      parts.forEach((part, position) => {
        const keyword = position === 0 ? part.charAt(0).toLowerCase() + part.slice(1) : part;
        assert.ok(
          cluster.keywords.some((candidate) => candidate === keyword || candidate === part),
          `"${part}" in ${name} is not a keyword of the cluster: ${cluster.keywords.join(', ')}`,
        );
      });
      const count = cluster.paperIds.length;
      assert.equal(overview, `${count} papers; key terms: ${cluster.keywords.slice(0, 5).join(', ')}.`);
    });
    assert.equal(new Set(names.map((entry) => entry.name)).size, names.length, 'names are distinct');
  });

  it('writes Chinese names (with CJK) and overviews that state only the count and keywords', async () => {
    const names = await createOfflineNamer().name({
      clusters: clustering.clusters,
      papers: seedPapers,
      language: 'zh',
    });
    // The loop below checks nothing on an empty list.
    assert.ok(clustering.clusters.length > 0);
    assert.equal(names.length, clustering.clusters.length);
    names.forEach(({ name, overview }, index) => {
      const cluster = clustering.clusters[index] as Cluster;
      assert.ok(containsCjk(name), name);
      assert.match(overview, new RegExp(`^本方向 ${cluster.paperIds.length} 篇论文，关键词：[^。]+。$`));
    });
  });

  it('names a direction by a keyword phrase written side by side ("point cloud" -> 点云)', () => {
    const papers: DirectionPaper[] = [
      {
        id: '1',
        title: 'Point cloud completion',
        abstract: 'We complete sparse point clouds from lidar scans.',
      },
      {
        id: '2',
        title: 'Point cloud registration',
        abstract: 'Registration of point clouds with lidar odometry.',
      },
    ];
    const { clusters } = clusterPapers(papers);
    assert.deepEqual(clusters[0]?.keywords, ['point cloud', 'lidar']);
    const [english] = offlineDirectionNames(clusters, papers, 'en');
    const [chinese] = offlineDirectionNames(clusters, papers, 'zh');
    assert.equal(english?.name, 'Point cloud and lidar');
    assert.equal(chinese?.name, '点云与激光雷达');
    assert.equal(chinese?.overview, '本方向 2 篇论文，关键词：点云、激光雷达。');
    assert.equal(english?.overview, '2 papers; key terms: point cloud, lidar.');
  });

  it('falls back to a template around an unknown English keyword in Chinese', () => {
    const papers: DirectionPaper[] = [{ id: '1', title: 'Zorblax flux', abstract: null }];
    const cluster: Cluster = { paperIds: ['1'], representativeIds: ['1'], keywords: ['zorblax', 'flux'] };
    const [chinese] = offlineDirectionNames([cluster], papers, 'zh');
    assert.equal(chinese?.name, '“zorblax” 相关研究');
    assert.equal(chinese?.overview, '本方向 1 篇论文，关键词：zorblax、flux。');
    const [english] = offlineDirectionNames([cluster], papers, 'en');
    assert.equal(english?.overview, '1 paper; key terms: zorblax, flux.');
    const [empty] = offlineDirectionNames([{ ...cluster, keywords: [] }], papers, 'zh');
    assert.equal(empty?.name, '其他研究甲');
    // Two such directions still get distinct names that break no rule.
    const two = offlineDirectionNames(
      [
        { ...cluster, keywords: [] },
        { ...cluster, paperIds: ['2'], representativeIds: ['2'], keywords: ['learning'] },
      ],
      [...papers, { id: '2', title: 'Learning', abstract: null }],
      'en',
    ).map((entry) => entry.name);
    assert.deepEqual(two, ['Other papers A', 'Other papers B']);
    assert.deepEqual(nameProblems(two, 'en'), []);
  });

  it('tells apart clusters whose top keywords are the same', () => {
    const papers: DirectionPaper[] = [
      { id: '1', title: 'Video reasoning', abstract: null },
      { id: '2', title: 'Video reasoning again', abstract: null },
    ];
    const clusters: Cluster[] = [
      { paperIds: ['1'], representativeIds: ['1'], keywords: ['video', 'reasoning', 'agents', 'memory'] },
      { paperIds: ['2'], representativeIds: ['2'], keywords: ['video', 'reasoning', 'agents', 'audio'] },
    ];
    const names = offlineDirectionNames(clusters, papers, 'en').map((entry) => entry.name);
    assert.notEqual(names[0], names[1]);
    const zh = offlineDirectionNames(clusters, papers, 'zh').map((entry) => entry.name);
    assert.notEqual(zh[0], zh[1]);
  });
});

describe('glossary', () => {
  it('translates exact words, plurals by stem and hyphenated compounds', () => {
    assert.equal(translateTerm('multimodal'), '多模态');
    assert.equal(translateTerm('Videos'), '视频');
    assert.equal(translateTerm('agents'), '智能体');
    assert.equal(translateTerm('benchmark'), '基准评测');
    assert.equal(translateTerm('video-language'), '视频语言');
    assert.equal(translateTerm('zorblax'), null);
    assert.equal(translateTerm('video-zorblax'), null);
  });

  it('does not guess through a stem two entries disagree on', () => {
    // "generation" (生成) and "generalization" (泛化) share the Porter stem "gener".
    assert.equal(stem('generalize'), stem('generation'));
    assert.equal(translateTerm('generalization'), '泛化');
    assert.equal(translateTerm('generation'), '生成');
    assert.equal(translateTerm('generalize'), null);
  });

  it('has a few hundred unique lowercase keys with Chinese values', () => {
    assert.ok(glossaryEntries.length >= 300, String(glossaryEntries.length));
    const keys = glossaryEntries.map(([key]) => key);
    assert.equal(new Set(keys).size, keys.length, 'duplicate keys');
    for (const [key, value] of glossaryEntries) {
      assert.equal(key, key.toLowerCase());
      assert.ok(containsCjk(value) || /^[A-Z0-9][A-Za-z0-9]*$/.test(value), `${key} -> ${value}`);
    }
  });
});

describe('nameDirections', () => {
  it('builds directions that hold every invariant, in both languages', async () => {
    for (const language of ['zh', 'en'] as const) {
      const directions = await nameDirections(clustering, seedPapers, language);
      assert.equal(directions.length, clustering.k);
      directions.forEach((direction, index) => {
        const cluster = clustering.clusters[index] as Cluster;
        assert.deepEqual(direction.paperIds, cluster.paperIds);
        assert.deepEqual(direction.representativeIds, cluster.representativeIds);
        assert.deepEqual(direction.keywords, cluster.keywords);
      });
      assert.equal(
        directions.reduce((sum, direction) => sum + direction.paperIds.length, 0),
        seedPapers.length,
      );
    }
  });

  it('uses another namer (the LLM one) and collapses whitespace in its answer', async () => {
    const namer: DirectionNamer = {
      async name({ clusters }) {
        return clusters.map((_, index) => ({
          name: ` Direction\n${index + 1} `,
          overview: 'One  sentence.',
        }));
      },
    };
    const directions = await nameDirections(clustering, seedPapers, 'en', namer);
    assert.equal(directions[0]?.name, 'Direction 1');
    assert.equal(directions[0]?.overview, 'One sentence.');
  });

  it('rejects a namer answer of the wrong length or in the wrong language', async () => {
    const short: DirectionNamer = { name: async () => [{ name: 'Only one', overview: 'One.' }] };
    await assert.rejects(
      nameDirections(clustering, seedPapers, 'en', short),
      (error: unknown) => error instanceof DigestError && error.code === 'LLM',
    );
    const english: DirectionNamer = {
      name: async ({ clusters }) =>
        clusters.map((_, index) => ({ name: `Video reasoning ${index + 1}`, overview: 'Some papers.' })),
    };
    await assert.rejects(
      nameDirections(clustering, seedPapers, 'zh', english),
      (error: unknown) =>
        error instanceof DigestError && error.code === 'INTERNAL' && error.details?.invariant === 'language',
    );
  });
});

describe('names that break the naming rules', () => {
  it('give way to the offline names, which hold every rule', async () => {
    // A model naming two directions "… and audio" (a shared term) and one "Vision and learning".
    const sharing: DirectionNamer = {
      name: async ({ clusters }) =>
        clusters.map((_, index) => ({
          name: index === 0 ? 'Vision and learning' : `Speech ${index + 1} and audio`,
          overview: 'Some papers.',
        })),
    };
    assert.ok(clustering.clusters.length >= 3);
    const directions = await nameDirections(clustering, seedPapers, 'en', sharing);
    const offline = offlineDirectionNames(clustering.clusters, seedPapers, 'en');
    assert.deepEqual(
      directions.map((direction) => direction.name),
      offline.map((entry) => entry.name),
    );
    assert.deepEqual(
      nameProblems(
        directions.map((direction) => direction.name),
        'en',
      ),
      [],
    );
  });

  it('break the invariants when they reach them', () => {
    const direction = (name: string, id: string): Direction => ({
      name,
      overview: 'Some papers.',
      keywords: [],
      paperIds: [id],
      representativeIds: [id],
    });
    assert.throws(
      () =>
        assertDirectionInvariants(
          [direction('Sound and audio', '1'), direction('Speech and audio', '2')],
          ['1', '2'],
          'en',
        ),
      (error: unknown) =>
        error instanceof DigestError && error.code === 'INTERNAL' && error.details?.invariant === 'names',
    );
  });
});

describe('assertDirectionInvariants', () => {
  const valid: Direction[] = [
    {
      name: 'Video',
      overview: '2 papers.',
      keywords: ['video'],
      paperIds: ['a', 'b'],
      representativeIds: ['a'],
    },
    { name: 'Audio', overview: '1 paper.', keywords: ['audio'], paperIds: ['c'], representativeIds: ['c'] },
  ];
  const ids = ['a', 'b', 'c'];
  const broken = (directions: Direction[], invariant: string, paperIds = ids, language: 'zh' | 'en' = 'en') =>
    assert.throws(
      () => assertDirectionInvariants(directions, paperIds, language),
      (error: unknown) =>
        error instanceof DigestError && error.code === 'INTERNAL' && error.details?.invariant === invariant,
    );

  it('accepts valid directions', () => {
    assertDirectionInvariants(valid, ids, 'en');
    assertDirectionInvariants(
      valid.map((direction) => ({ ...direction, name: `${direction.name}方向`, overview: '本方向论文。' })),
      ids,
      'zh',
    );
  });

  it('names each broken invariant', () => {
    broken(valid, 'exactly-one-direction', [...ids, 'd']);
    broken(
      [valid[0] as Direction, { ...(valid[1] as Direction), paperIds: ['c', 'a'] }],
      'exactly-one-direction',
    );
    broken(
      [...valid, { ...(valid[1] as Direction), name: 'X', paperIds: ['z'], representativeIds: ['z'] }],
      'known-papers',
    );
    broken(
      [{ ...(valid[0] as Direction), representativeIds: ['c'] }, valid[1] as Direction],
      'representatives',
    );
    broken([{ ...(valid[0] as Direction), representativeIds: [] }, valid[1] as Direction], 'representatives');
    broken([{ ...(valid[0] as Direction), paperIds: [] }, valid[1] as Direction], 'non-empty');
    broken(valid, 'language', ids, 'zh');
    broken([{ ...(valid[0] as Direction), name: '视频' }, valid[1] as Direction], 'language');
    broken([{ ...(valid[0] as Direction), overview: 'two\nlines' }, valid[1] as Direction], 'language');
  });

  it('holds for directions built by hand from a clustering', () => {
    const names = clustering.clusters.map((_, index) => ({
      name: `Direction ${index + 1}`,
      overview: 'A sentence.',
    }));
    assertDirectionInvariants(
      buildDirections(clustering, names),
      seedPapers.map((paper) => paper.id),
      'en',
    );
  });
});
