import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { allTopics, loadConfig, resolveTopic } from '../src/pipeline/config.ts';
import { temporaryDirectory } from './helpers/cli.ts';

function configIn(text: string, name = 'arxiv-digest.config.yaml'): string {
  const directory = temporaryDirectory();
  writeFileSync(path.join(directory, name), text);
  return directory;
}

async function configError(directory: string): Promise<{ code: string; message: string; hint?: string }> {
  try {
    await loadConfig(undefined, directory);
  } catch (error) {
    return error as { code: string; message: string; hint?: string };
  }
  throw new Error('expected a config error');
}

describe('config file', () => {
  it('without a file: the built-in presets, multimodal first', async () => {
    const config = await loadConfig(undefined, temporaryDirectory());
    const multimodal = resolveTopic(config, 'multimodal');
    assert.deepEqual(multimodal.languages, ['zh', 'en']);
    assert.ok(multimodal.categories.includes('cs.CV'));
    assert.match(multimodal.query, /multimodal/);
    assert.equal(multimodal.limit, 30);
  });

  it('YAML topics are validated, get defaults, and may override a preset by name', async () => {
    const directory = configIn(`
topics:
  - name: robots
    title: { en: Robot learning weekly }
    query: 'abs:"robot learning"'
    categories: [cs.RO]
    languages: [en]
    exclude: [survey]
    limit: 12
    outDir: content/posts
    frontmatter: { author: Bot }
  - name: multimodal
    query: 'abs:multimodal'
llm: { model: deepseek-chat, baseURL: 'https://api.deepseek.com/v1', concurrency: 4, maxTokens: 100000 }
outDir: posts
`);
    const config = await loadConfig(undefined, directory);
    const robots = resolveTopic(config, 'robots');
    assert.deepEqual(
      { ...robots },
      {
        name: 'robots',
        title: { en: 'Robot learning weekly' },
        query: 'abs:"robot learning"',
        categories: ['cs.RO'],
        languages: ['en'],
        include: [],
        exclude: ['survey'],
        limit: 12,
        outDir: 'content/posts',
        frontmatter: { author: 'Bot' },
      },
    );
    assert.equal(
      resolveTopic(config, 'multimodal').query,
      'abs:multimodal',
      'the config wins over the preset',
    );
    assert.equal(allTopics(config).filter((topic) => topic.name === 'multimodal').length, 1);
    assert.equal(config.llm.model, 'deepseek-chat');
    assert.equal(config.outDir, 'posts');
  });

  it('a TypeScript config exports its settings as the default export', async () => {
    const directory = configIn(
      "export default { topics: [{ name: 'graphs', query: 'abs:graph', categories: ['cs.LG'] }] };\n",
      'arxiv-digest.config.ts',
    );
    const config = await loadConfig(undefined, directory);
    assert.equal(resolveTopic(config, 'graphs').categories[0], 'cs.LG');
  });

  it('errors name the file and the key, and exit as configuration errors', async () => {
    const cases: [string, RegExp][] = [
      [
        'topics:\n  - name: x\n    query: q\n    categories: [not a category]\n',
        /topics\.0\.categories\.0: expected an arXiv category/,
      ],
      ['topics:\n  - name: x\n    query: q\n    limt: 3\n', /topics\.0: Unrecognized key: "limt"/],
      ['topics:\n  - name: ../evil\n    query: q\n', /topics\.0\.name: use lowercase letters/],
      ['topics:\n  - name: x\n    query: q\n    limit: 0\n', /topics\.0\.limit/],
      ['llm:\n  apiKey: sk-123\n', /llm\.apiKey: API keys are not read from config files/],
      [
        'topics:\n  - { name: x, query: q }\n  - { name: x, query: r }\n',
        /topics\.1\.name: "x" is defined twice/,
      ],
      ['topics: [\n', /not valid YAML/],
    ];
    for (const [text, pattern] of cases) {
      const error = await configError(configIn(text));
      assert.equal(error.code, 'CONFIG', text);
      assert.match(error.message, /arxiv-digest\.config\.yaml: /);
      assert.match(error.message, pattern);
      assert.ok(error.hint);
    }
  });

  it('an unknown topic lists the known ones; a missing --config file is a config error', async () => {
    const config = await loadConfig(undefined, temporaryDirectory());
    assert.throws(
      () => resolveTopic(config, 'astrophysics'),
      (error: Error & { code: string; hint: string }) => {
        assert.equal(error.code, 'USAGE');
        assert.match(error.hint, /multimodal/);
        return true;
      },
    );
    await assert.rejects(
      loadConfig('missing.yaml', temporaryDirectory()),
      /config file missing\.yaml not found/,
    );
  });
});
