import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DigestError } from '../src/core/errors.ts';
import { resolveLlmSettings } from '../src/llm/settings.ts';
import { createMemoryKeyValueArea } from '../src/summarize/cache.ts';
import { createSummaryEngine } from '../src/summarize/engine.ts';

const key = 'sk-test-settings-0123456789';

describe('resolveLlmSettings (--llm auto|none|llm)', () => {
  it('auto without key or base URL: extractive, and says why', () => {
    const resolved = resolveLlmSettings({}, undefined, {});
    assert.equal(resolved.mode, 'extractive');
    assert.match(resolved.reason, /neither OPENAI_API_KEY nor OPENAI_BASE_URL is set/);
    assert.equal(createSummaryEngine(resolved, { cache: createMemoryKeyValueArea() }).name, 'extractive');
  });

  it('auto with a key: the LLM, default model and concurrency; the reason never shows the key', () => {
    const resolved = resolveLlmSettings({ OPENAI_API_KEY: key }, {}, { llm: 'auto' });
    assert.equal(resolved.mode, 'llm');
    assert.equal(resolved.model, 'gpt-4o-mini');
    assert.equal(resolved.concurrency, 8);
    assert.equal(resolved.apiKey, key);
    assert.match(resolved.reason, /LLM engine, model gpt-4o-mini \(--llm auto: OPENAI_API_KEY is set\)/);
    assert.ok(!resolved.reason.includes(key));
  });

  it('auto with only a base URL (Ollama): the LLM at that URL', () => {
    const resolved = resolveLlmSettings(
      { OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', ARXIV_DIGEST_MODEL: 'qwen2.5:7b' },
      {},
      {},
    );
    assert.equal(resolved.mode, 'llm');
    assert.equal(resolved.model, 'qwen2.5:7b');
    assert.equal(resolved.apiKey, undefined);
    assert.match(resolved.reason, /qwen2\.5:7b at http:\/\/127\.0\.0\.1:11434\/v1/);
    assert.equal(createSummaryEngine(resolved, { cache: createMemoryKeyValueArea() }).name, 'llm');
  });

  it('none wins over a key; llm without key or URL is a configuration error', () => {
    assert.equal(resolveLlmSettings({ OPENAI_API_KEY: key }, {}, { llm: 'none' }).mode, 'extractive');
    assert.throws(
      () => resolveLlmSettings({}, {}, { llm: 'llm' }),
      (error: unknown) => error instanceof DigestError && error.code === 'CONFIG' && error.exitCode === 2,
    );
    assert.throws(
      () => resolveLlmSettings({}, {}, { llm: 'maybe' }),
      /--llm maybe is not one of auto, none, llm/,
    );
  });

  it('flags beat the environment, which beats the config file', () => {
    const config = {
      model: 'from-config',
      concurrency: 3,
      maxTokens: 1000,
      baseURL: 'http://config.example/v1',
    };
    const fromConfig = resolveLlmSettings({ OPENAI_API_KEY: key }, config, {});
    assert.deepEqual(
      [fromConfig.model, fromConfig.concurrency, fromConfig.maxTokens, fromConfig.baseURL],
      ['from-config', 3, 1000, 'http://config.example/v1'],
    );
    const fromEnv = resolveLlmSettings(
      { OPENAI_API_KEY: key, ARXIV_DIGEST_MODEL: 'from-env', OPENAI_BASE_URL: 'http://env.example/v1' },
      config,
      {},
    );
    assert.deepEqual([fromEnv.model, fromEnv.baseURL], ['from-env', 'http://env.example/v1']);
    const fromFlags = resolveLlmSettings({ OPENAI_API_KEY: key, ARXIV_DIGEST_MODEL: 'from-env' }, config, {
      model: 'from-flag',
      concurrency: '12',
      maxTokens: '5000',
    });
    assert.deepEqual([fromFlags.model, fromFlags.concurrency, fromFlags.maxTokens], ['from-flag', 12, 5000]);
  });

  it('reads the key from the variable the config names', () => {
    const resolved = resolveLlmSettings({ DEEPSEEK_API_KEY: key }, { apiKeyEnv: 'DEEPSEEK_API_KEY' }, {});
    assert.equal(resolved.apiKey, key);
    assert.match(resolved.reason, /DEEPSEEK_API_KEY is set/);
  });

  it('rejects bad values with the option named', () => {
    assert.throws(
      () => resolveLlmSettings({}, {}, { concurrency: '0' }),
      /--concurrency 0 is not a whole number/,
    );
    assert.throws(() => resolveLlmSettings({}, {}, { maxTokens: 'lots' }), /--max-tokens lots/);
    assert.throws(
      () => resolveLlmSettings({ OPENAI_BASE_URL: 'localhost:11434' }, {}, {}),
      /not an http\(s\) URL/,
    );
    assert.throws(
      () => resolveLlmSettings({}, { apiKey: key }, {}),
      (error: unknown) =>
        error instanceof DigestError && error.code === 'CONFIG' && !error.message.includes(key),
    );
  });
});
