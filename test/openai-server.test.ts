import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type OpenAiServer, startOpenAiServer } from './helpers/openai-server.ts';

/** The stand-in refuses what a real provider refuses, so a malformed request cannot pass a test. */

const schema = {
  type: 'object',
  properties: { summary: { type: 'string' }, key_innovation: { type: 'string' } },
  required: ['summary', 'key_innovation'],
  additionalProperties: false,
};
const good = {
  model: 'm',
  messages: [
    { role: 'system', content: 'Reply with JSON.' },
    { role: 'user', content: 'arXiv: 2511.21691' },
  ],
  response_format: { type: 'json_schema', json_schema: { name: 'paper_summary', strict: true, schema } },
};

describe('the OpenAI stand-in validates requests like a provider', () => {
  let server: OpenAiServer;
  before(async () => {
    server = await startOpenAiServer();
  });
  after(() => server.close());

  const post = async (body: unknown) => {
    const response = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      json: (await response.json()) as { error?: { message: string; type: string; param: string | null } },
    };
  };

  it('accepts a well-formed structured-output request', async () => {
    const { status } = await post(good);
    assert.equal(status, 200);
  });

  const bad: [string, unknown, string, RegExp][] = [
    ['no model', { ...good, model: undefined }, 'model', /model parameter/],
    ['empty messages', { ...good, messages: [] }, 'messages', /non-empty array/],
    [
      'an unknown role',
      { ...good, messages: [{ role: 'robot', content: 'x' }] },
      'messages[0].role',
      /Invalid value/,
    ],
    [
      'content that is a number',
      { ...good, messages: [{ role: 'user', content: 5 }] },
      'messages[0].content',
      /Invalid type/,
    ],
    [
      'a schema name with spaces',
      {
        ...good,
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'paper summary', strict: true, schema },
        },
      },
      'response_format.json_schema.name',
      /name/,
    ],
    [
      'a strict schema without additionalProperties: false',
      {
        ...good,
        response_format: {
          type: 'json_schema',
          json_schema: { name: 's', strict: true, schema: { ...schema, additionalProperties: true } },
        },
      },
      'response_format',
      /additionalProperties/,
    ],
    [
      'a strict schema that does not require every property',
      {
        ...good,
        response_format: {
          type: 'json_schema',
          json_schema: { name: 's', strict: true, schema: { ...schema, required: ['summary'] } },
        },
      },
      'response_format',
      /Missing 'key_innovation'/,
    ],
    [
      'json_object without the word json in the messages',
      {
        ...good,
        messages: [{ role: 'user', content: 'Summarize.' }],
        response_format: { type: 'json_object' },
      },
      'messages',
      /must contain the word 'json'/,
    ],
  ];
  for (const [name, body, param, message] of bad) {
    it(`answers 400 to ${name}, with an OpenAI error body`, async () => {
      const { status, json } = await post(body);
      assert.equal(status, 400);
      assert.equal(json.error?.type, 'invalid_request_error');
      assert.equal(json.error?.param, param);
      assert.match(json.error?.message ?? '', message);
    });
  }
});
