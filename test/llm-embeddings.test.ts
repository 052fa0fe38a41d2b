import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DigestError } from '../src/core/errors.ts';
import { createEmbeddingsClient } from '../src/llm/embeddings.ts';
import { hashEmbedding, startOpenAiServer } from './helpers/openai-server.ts';
import { loadSeedPapers } from './helpers/summarize-papers.ts';

const texts = loadSeedPapers()
  .slice(0, 10)
  .map((paper) => `${paper.title}\n${paper.abstract ?? ''}`);

describe('embeddings client', () => {
  it('asks for float vectors in batches and returns them in input order', async () => {
    const server = await startOpenAiServer();
    try {
      const client = createEmbeddingsClient({ baseURL: server.url, model: 'embed-test', batchSize: 4 });
      const vectors = await client.embed(texts);
      assert.equal(server.requests.length, 3);
      assert.deepEqual(
        server.requests.map((request) => (request.body.input as string[]).length),
        [4, 4, 2],
      );
      for (const request of server.requests) {
        assert.equal(request.body.encoding_format, 'float');
        assert.equal(request.body.model, 'embed-test');
        assert.equal(request.path, '/v1/embeddings');
      }
      assert.equal(vectors.length, texts.length);
      texts.forEach((text, index) => {
        const expected = hashEmbedding(text);
        assert.equal(vectors[index]?.length, expected.length);
        vectors[index]?.forEach((value, at) => {
          assert.ok(Math.abs(value - (expected[at] ?? 0)) < 1e-12);
        });
      });
      assert.ok(client.usage().promptTokens > 0);
      assert.deepEqual(await client.embed([]), []);
    } finally {
      await server.close();
    }
  });

  it('puts vectors back by index when the server answers out of order', async () => {
    const server = await startOpenAiServer();
    try {
      const reversed: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        const body = (await response.json()) as { data: unknown[] };
        body.data.reverse();
        return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
      };
      const client = createEmbeddingsClient({ baseURL: server.url, fetch: reversed });
      const vectors = await client.embed(texts.slice(0, 3));
      assert.deepEqual(vectors[0], hashEmbedding(texts[0] as string));
      assert.deepEqual(vectors[2], hashEmbedding(texts[2] as string));
    } finally {
      await server.close();
    }
  });

  it('rejects malformed answers, empty texts and failing servers with DigestErrors', async () => {
    const short = await startOpenAiServer({
      embed: (all) => all.slice(1).map((text) => hashEmbedding(text)),
    });
    try {
      const client = createEmbeddingsClient({ baseURL: short.url });
      await assert.rejects(
        client.embed(['a', 'b']),
        (error: unknown) => error instanceof DigestError && error.code === 'PROTOCOL',
      );
      await assert.rejects(
        client.embed(['a', ' ']),
        (error: unknown) => error instanceof DigestError && error.code === 'INTERNAL',
      );
    } finally {
      await short.close();
    }
    const client = createEmbeddingsClient({
      baseURL: 'http://127.0.0.1:9/v1',
      maxRetries: 0,
      timeoutMs: 2_000,
    });
    await assert.rejects(
      client.embed(['a']),
      (error: unknown) => error instanceof DigestError && error.code === 'LLM',
    );
  });
});
