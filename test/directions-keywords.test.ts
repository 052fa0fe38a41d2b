import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translateTerm } from '../src/directions/glossary.ts';
import { applyUsualCasing, clusterKeywords } from '../src/directions/keywords.ts';
import { clusterPhrases } from '../src/directions/phrases.ts';
import { buildTfidf } from '../src/directions/vectors.ts';
import { isNameHead, isPhraseWord, wordRole } from '../src/directions/word-roles.ts';

/** The phrases of one cluster holding every text, as "surface (count/documents)". */
function phrasesOf(texts: string[]): string[] {
  const [phrases] = clusterPhrases(buildTfidf(texts), texts, [texts.map((_, index) => index)], {
    minimumDocuments: () => 2,
  });
  return (phrases ?? []).map((phrase) => `${phrase.surface} (${phrase.count}/${phrase.documents})`).sort();
}

describe('candidate phrases', () => {
  it('finds adjacent content words in at least two documents, never across punctuation', () => {
    const phrases = phrasesOf([
      'We complete sparse point clouds. Lidar scans help.',
      'Registration of point clouds, lidar odometry and point clouds.',
      'A single point cloud here.',
    ]);
    assert.deepEqual(phrases, ['point clouds (4/3)']);
    // "clouds. Lidar" and "clouds, lidar" are no phrases; "sparse point clouds" is in one document only.
    assert.deepEqual(phrasesOf(['Point clouds. Lidar scans.', 'Point clouds; lidar scans.']), [
      'lidar scans (2/2)',
      'point clouds (2/2)',
    ]);
  });

  it('lets a longer phrase absorb the fragments it nearly always extends', () => {
    const phrases = phrasesOf([
      'Large language models reason. Large language models plan.',
      'We study large language models and their limits.',
    ]);
    assert.deepEqual(phrases, ['large language models (3/2)']);
  });

  it('drops a chunk that ends in a modifier noun ("3D point" before other nouns), not one before "models"', () => {
    const phrases = phrasesOf([
      '3D point positions matter. 3D point clouds too. Point cloud models are robust. Sparse point clouds vary.',
      '3D point features and 3D point colors. Point cloud models help. Point clouds differ.',
    ]);
    assert.deepEqual(phrases, ['point cloud models (2/2)', 'point clouds (5/2)']);
  });

  it('counts every phrase of a large corpus (past the first table size)', () => {
    const pairs = Array.from({ length: 1500 }, (_, index) => `kappa${index} lumen${index}.`).join(' ');
    const phrases = phrasesOf([pairs, pairs]);
    assert.equal(phrases.length, 1500);
    assert.ok(phrases.includes('kappa1499 lumen1499 (2/2)') && phrases.includes('kappa0 lumen0 (2/2)'));
  });

  it('reads a sample of a large cluster and scales its counts to the cluster', () => {
    const texts = ['Point clouds here.', 'Point clouds there.', 'Point clouds again.', 'Mesh grids only.'];
    const model = buildTfidf(texts);
    const [sampled] = clusterPhrases(model, texts, [[0, 1, 2, 3]], { minimumDocuments: () => 2, sample: 2 });
    // Two of four documents read, both with "point clouds": an estimated 4 occurrences in 4 documents.
    assert.deepEqual(
      sampled?.map((phrase) => [phrase.surface, phrase.count, phrase.documents, phrase.corpusCount]),
      [['point clouds', 4, 4, 4]],
    );
    const [whole] = clusterPhrases(model, texts, [[0, 1, 2, 3]], { minimumDocuments: () => 2 });
    assert.deepEqual(
      whole?.map((phrase) => [phrase.surface, phrase.count, phrase.documents]),
      [['point clouds', 3, 3]],
    );
  });

  it('counts only phrases holding an anchor word when anchors are given', () => {
    const texts = ['Point clouds and mesh grids.', 'Point clouds with mesh grids.'];
    const model = buildTfidf(texts);
    const anchor = model.vocabulary.indexOf('mesh');
    const [phrases] = clusterPhrases(model, texts, [[0, 1]], {
      minimumDocuments: () => 2,
      anchorTerms: [anchor],
    });
    assert.deepEqual(
      phrases?.map((phrase) => phrase.surface),
      ['mesh grids'],
    );
  });

  it('keeps verbs, adverbs and generic words out of phrases', () => {
    assert.deepEqual(
      phrasesOf(['Encoding jointly improves images.', 'Encoding jointly improves images.']),
      [],
    );
    assert.deepEqual(
      phrasesOf(['We use federated learning widely.', 'Federated learning protects privacy.']),
      ['federated learning (2/2)'],
    );
  });
});

describe('clusterKeywords with phrases', () => {
  const texts = [
    'Point cloud completion\nWe complete sparse point clouds from lidar scans.',
    'Point cloud registration\nRegistration of point clouds with lidar odometry.',
    'Video reasoning\nReasoning over long clips: video reasoning, reasoning chains and reasoning depth.',
    'Video reasoning benchmarks\nWe benchmark video reasoning, reasoning traces and reasoning steps.',
    'Speech synthesis\nNeural speech synthesis for speech.',
    'Speech recognition\nSpeech recognition of speech.',
  ];
  const members = [
    [0, 1],
    [2, 3],
    [4, 5],
  ];
  const keywords = clusterKeywords(buildTfidf(texts), texts, members);

  it('puts a phrase in the place of the words it covers', () => {
    // "point" and "cloud" only occur as "point cloud(s)": the phrase stands where they ranked.
    assert.deepEqual(keywords[0], ['point cloud', 'lidar']);
  });

  it('keeps a word that occurs mostly outside the phrase next to the phrase', () => {
    // "reasoning" (9 times) mostly stands alone; "video" (4) only ever occurs in "video reasoning" (4).
    assert.deepEqual(keywords[1], ['reasoning', 'video reasoning']);
  });

  it('is deterministic', () => {
    assert.deepEqual(clusterKeywords(buildTfidf(texts), texts, members), keywords);
  });
});

describe('word roles', () => {
  it('tells nouns from participles, verbs, adverbs and adjectives', () => {
    const roles = Object.fromEntries(
      [
        'cloud',
        'reasoning',
        'learning',
        'encoded',
        'fused',
        'integrating',
        'jointly',
        'anomaly',
        'multimodal',
        'interpretable',
        'latent',
        'understand',
        'offers',
        'fine-tuning',
        'fine-tuned',
        'llm-based',
        'x-ray',
      ].map((word) => [word, wordRole(word)]),
    );
    assert.deepEqual(roles, {
      cloud: 'noun',
      reasoning: 'noun',
      learning: 'noun',
      encoded: 'participle',
      fused: 'participle',
      integrating: 'verb',
      jointly: 'adverb',
      anomaly: 'noun',
      multimodal: 'modifier',
      interpretable: 'modifier',
      latent: 'modifier',
      understand: 'verb',
      offers: 'verb',
      'fine-tuning': 'noun',
      'fine-tuned': 'participle',
      'llm-based': 'modifier',
      'x-ray': 'noun',
    });
  });

  it('lets only nouns head a name, and keeps vague words from heading one alone', () => {
    for (const head of [
      'point cloud',
      'LLMs',
      'video reasoning',
      'reinforcement learning',
      'language models',
    ])
      assert.ok(isNameHead(head), head);
    for (const other of [
      'multimodal',
      'encoded',
      'latent',
      'shifts',
      'error',
      'dependencies',
      'models',
      'jointly',
    ])
      assert.ok(!isNameHead(other), other);
    assert.ok(isPhraseWord('federated', false) && !isPhraseWord('federated', true));
    assert.ok(isPhraseWord('models', true) && !isPhraseWord('models', false));
  });
});

describe('glossary phrases', () => {
  it('translates phrases whole or by their longest known pieces, never half', () => {
    assert.equal(translateTerm('point clouds'), '点云');
    assert.equal(translateTerm('video reasoning'), '视频推理');
    assert.equal(translateTerm('image generation'), '图像生成');
    assert.equal(translateTerm('reinforcement learning'), '强化学习');
    assert.equal(translateTerm('visual question answering'), '视觉问答');
    assert.equal(translateTerm('3D point clouds'), '三维点云');
    // "大语言模型" + "模型" would say "model" twice.
    assert.equal(translateTerm('large language models'), '大语言模型');
    assert.equal(translateTerm('vision-language models'), '视觉语言模型');
    assert.equal(translateTerm('zorblax reasoning'), null);
  });

  it('finds inflections by stem but not other words that share the stem', () => {
    assert.equal(translateTerm('modalities'), '模态');
    assert.equal(translateTerm('agents'), '智能体');
    // Porter gives "local" and "localization" one stem; "local" is no localisation.
    assert.equal(translateTerm('local'), null);
    assert.equal(translateTerm('localization'), '定位');
  });
});

describe('applyUsualCasing', () => {
  it('keeps inner capitals and capitals of names in running text, not title case', () => {
    const texts = [
      'Planar Gaussian Splatting\nWe fit planar Gaussian splatting with LLMs; the Gaussian primitives move.',
      'Video Reasoning\nVideo reasoning with LLMs. Reasoning over frames.',
    ];
    assert.deepEqual(applyUsualCasing(['planar gaussian splatting', 'llms', 'video reasoning'], texts), [
      'planar Gaussian splatting',
      'LLMs',
      'video reasoning',
    ]);
  });
});
