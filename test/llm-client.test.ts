import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DigestError } from '../src/core/errors.ts';
import { ChatCallError, createJsonChat } from '../src/llm/chat.ts';
import { createLlmConnection } from '../src/llm/client.ts';
import { redactSecrets } from '../src/llm/redact.ts';
import { answers, startOpenAiServer } from './helpers/openai-server.ts';

const schema = { type: 'object', properties: {}, additionalProperties: false };
// Real prompts name JSON: providers refuse json_object mode otherwise.
const messages = [{ role: 'user' as const, content: 'arXiv: 2511.21691 say hi as a JSON object' }];

describe('redactSecrets', () => {
  it('removes the given key and key-shaped strings', () => {
    const key = 'abc-DEF-1234567890';
    assert.equal(redactSecrets(`key ${key} end`, [key]), 'key [redacted] end');
    assert.equal(redactSecrets('Authorization: Bearer xyzxyzxyzxyz'), 'Authorization: Bearer [redacted]');
    assert.equal(redactSecrets('Bearer xyzxyzxyzxyz here'), 'Bearer [redacted] here');
    assert.equal(redactSecrets('use sk-proj-abcdefghijkl now'), 'use [redacted] now');
    assert.equal(redactSecrets('"api_key": "qwertyuiop"'), '"api_key": "[redacted]"');
    assert.equal(redactSecrets('a normal sentence stays'), 'a normal sentence stays');
  });
});

describe('OpenAI-compatible connection and JSON chat', () => {
  it('needs a key or a base URL', () => {
    assert.throws(
      () => createLlmConnection({}),
      (error: unknown) => error instanceof DigestError && error.code === 'CONFIG',
    );
  });

  it('sends a placeholder key to keyless local servers and the real key otherwise', async () => {
    const server = await startOpenAiServer();
    try {
      const local = createJsonChat(createLlmConnection({ baseURL: server.url }), 'llama');
      await local.complete({ messages, schemaName: 's', schema });
      assert.equal(server.requests[0]?.headers.authorization, 'Bearer not-needed');
      const keyed = createJsonChat(
        createLlmConnection({ baseURL: server.url, apiKey: 'sk-test-abcdefgh' }),
        'm',
      );
      const answer = await keyed.complete({ messages, schemaName: 's', schema });
      assert.equal(server.requests[1]?.headers.authorization, 'Bearer sk-test-abcdefgh');
      assert.equal(server.requests[1]?.body.model, 'm');
      assert.ok(answer.usage && answer.usage.promptTokens > 0);
      assert.equal(answer.finishReason, 'stop');
    } finally {
      await server.close();
    }
  });

  it('remembers json_object after one json_schema rejection', async () => {
    const server = await startOpenAiServer({ rejectJsonSchema: true });
    try {
      const chat = createJsonChat(createLlmConnection({ baseURL: server.url }), 'm');
      assert.equal(chat.mode(), 'json_schema');
      await chat.complete({ messages, schemaName: 's', schema });
      await chat.complete({ messages, schemaName: 's', schema });
      assert.equal(chat.mode(), 'json_object');
      assert.deepEqual(
        server.requests.map((request) => [request.status, request.body.response_format?.type]),
        [
          [400, 'json_schema'],
          [200, 'json_object'],
          [200, 'json_object'],
        ],
      );
    } finally {
      await server.close();
    }
  });

  it('honours retry-after-ms on 429 and reports the tries when they run out', async () => {
    const server = await startOpenAiServer({ answer: () => answers.status(429, 'slow down', 40) });
    try {
      const connection = createLlmConnection({ baseURL: server.url, maxRetries: 2 });
      const chat = createJsonChat(connection, 'm');
      await assert.rejects(
        chat.complete({ messages, schemaName: 's', schema }),
        (error: unknown) =>
          error instanceof ChatCallError && error.message === 'HTTP 429 after 3 tries: slow down',
      );
      assert.equal(connection.httpRequests(), 3);
      const [first, second, third] = server.requests;
      // The SDK waited at least what the server asked for between tries.
      assert.ok((second?.startedAt ?? 0) - (first?.endedAt ?? 0) >= 35);
      assert.ok((third?.startedAt ?? 0) - (second?.endedAt ?? 0) >= 35);
    } finally {
      await server.close();
    }
  });

  it('marks 401/404 as fatal and a malformed completion as a protocol problem', async () => {
    let status = 401;
    const server = await startOpenAiServer({ answer: () => answers.status(status, 'nope') });
    try {
      const chat = createJsonChat(createLlmConnection({ baseURL: server.url, maxRetries: 0 }), 'm');
      for (status of [401, 403, 404]) {
        await assert.rejects(
          chat.complete({ messages, schemaName: 's', schema }),
          (error: unknown) => error instanceof ChatCallError && error.described.fatal,
        );
      }
    } finally {
      await server.close();
    }
    const odd = await startOpenAiServer();
    try {
      // A server that answers 200 with something that is not a chat completion.
      const chat = createJsonChat(
        createLlmConnection({
          baseURL: odd.url,
          fetch: async () =>
            new Response(JSON.stringify({ choices: [] }), {
              headers: { 'content-type': 'application/json' },
            }),
        }),
        'm',
      );
      await assert.rejects(
        chat.complete({ messages, schemaName: 's', schema }),
        (error: unknown) => error instanceof ChatCallError && /not a chat completion/.test(error.message),
      );
    } finally {
      await odd.close();
    }
  });
});
