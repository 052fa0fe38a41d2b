import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 for tests: POST /v1/chat/completions (and
 * /chat/completions) and /v1/embeddings, with the real response shapes. It records every request
 * (body, headers, start/end) and the most requests in flight at once, and can play faults: error
 * statuses with Retry-After, answers slower than the client's timeout, invalid JSON, JSON that fails
 * the schema, the wrong language, empty content, refusals, and a 400 for response_format json_schema.
 * Like a real provider it answers 400 (OpenAI error body) to a request without a model, with
 * malformed messages, or with a response_format strict mode refuses (chatRequestProblem).
 */

export interface ChatRequestBody {
  model?: string;
  messages?: { role: string; content: string }[];
  response_format?: { type?: string; json_schema?: { name?: string; schema?: unknown; strict?: boolean } };
  stream?: boolean;
  [key: string]: unknown;
}

export interface ChatRequestInfo {
  body: ChatRequestBody;
  headers: IncomingHttpHeaders;
  /** The first arXiv id in the last user message ("2511.21691"), or null. */
  paperId: string | null;
  /** Every arXiv id in the user messages, in order of appearance. */
  paperIds: string[];
  /** 1 for the first request about paperId, 2 for the next ... (HTTP retries included). */
  attempt: number;
  responseFormat: string | undefined;
}

export interface ContentAnswer {
  /** The assistant message content; null is sent as JSON null. */
  content: string | null;
  refusal?: string | null;
  finishReason?: string;
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** Wait before answering (overrides the server's delayMs). */
  delayMs?: number;
}

export interface StatusAnswer {
  status: number;
  message?: string;
  type?: string;
  /** The request field the error is about (OpenAI's error.param). */
  param?: string;
  /** Sent as retry-after-ms (the SDK honours it, keeping tests fast). */
  retryAfterMs?: number;
  /** Sent as retry-after (seconds or HTTP date). */
  retryAfter?: string;
  delayMs?: number;
}

export interface HangAnswer {
  /** Answer only after this long (longer than the client's timeout). */
  hangMs: number;
  then?: ContentAnswer;
}

export type ServerAnswer = ContentAnswer | StatusAnswer | HangAnswer;

export interface RecordedRequest {
  path: string;
  kind: 'chat' | 'embeddings' | 'other';
  body: ChatRequestBody;
  headers: IncomingHttpHeaders;
  paperId: string | null;
  startedAt: number;
  /** When the response was finished or the connection closed; null while in flight. */
  endedAt: number | null;
  status: number | null;
}

export interface OpenAiServerOptions {
  answer?: (request: ChatRequestInfo) => ServerAnswer | Promise<ServerAnswer>;
  /** Delay before every answer, in ms (default 0). */
  delayMs?: number;
  /** Answer 400 to response_format json_schema, like providers without structured outputs. */
  rejectJsonSchema?: boolean;
  /** Vectors for /v1/embeddings (default: a deterministic 16-dimension hash of the words). */
  embed?: (texts: string[]) => number[][];
}

export interface OpenAiServer {
  /** Base URL for the SDK, ending in /v1. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly maxInFlight: number;
  readonly inFlight: number;
  chatRequests(paperId?: string): RecordedRequest[];
  /** Forgets recorded requests, attempts and the in-flight maximum. */
  reset(): void;
  close(): Promise<void>;
}

const roles = new Set(['system', 'developer', 'user', 'assistant', 'tool']);

/** A strict-mode JSON schema problem (OpenAI structured outputs), or null. */
function strictSchemaProblem(schema: unknown, at: string): string | null {
  if (typeof schema !== 'object' || schema === null) return `${at} is not a JSON schema object`;
  const node = schema as Record<string, unknown>;
  if (node.type === 'object') {
    const properties = (node.properties ?? {}) as Record<string, unknown>;
    if (node.additionalProperties !== false)
      return `In context=(${at}), 'additionalProperties' is required to be supplied and to be false`;
    const required = Array.isArray(node.required) ? (node.required as string[]) : [];
    const missing = Object.keys(properties).filter((key) => !required.includes(key));
    if (missing.length > 0)
      return `In context=(${at}), 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0]}'`;
    for (const [key, value] of Object.entries(properties)) {
      const problem = strictSchemaProblem(value, `${at}, 'properties', '${key}'`);
      if (problem) return problem;
    }
    return null;
  }
  if (node.type === 'array') return strictSchemaProblem(node.items, `${at}, 'items'`);
  if (typeof node.type !== 'string' && !Array.isArray(node.type) && !node.enum && !node.anyOf)
    return `In context=(${at}), schema must have a 'type' key`;
  return null;
}

/**
 * What a real provider answers 400 to: a missing model, messages that are not a non-empty list of
 * {role, content}, an unknown role, a json_schema response_format without a valid name or with a
 * schema strict mode refuses, or json_object without the word "json" in the messages.
 */
export function chatRequestProblem(body: ChatRequestBody): { message: string; param: string } | null {
  if (typeof body.model !== 'string' || body.model.trim() === '')
    return { message: 'you must provide a model parameter', param: 'model' };
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0)
    return { message: "'messages' must be a non-empty array", param: 'messages' };
  for (const [index, message] of messages.entries()) {
    if (typeof message !== 'object' || message === null || !roles.has(message.role))
      return { message: `Invalid value for 'messages[${index}].role'`, param: `messages[${index}].role` };
    const content = message.content as unknown;
    if (
      typeof content !== 'string' &&
      !(content === null && message.role === 'assistant') &&
      !Array.isArray(content)
    )
      return {
        message: `Invalid type for 'messages[${index}].content'`,
        param: `messages[${index}].content`,
      };
  }
  const format = body.response_format;
  if (format === undefined) return null;
  if (format.type === 'json_schema') {
    const spec = format.json_schema;
    if (!spec || typeof spec.name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(spec.name))
      return {
        message: "Invalid 'response_format.json_schema.name'",
        param: 'response_format.json_schema.name',
      };
    if (spec.strict === true) {
      const problem = strictSchemaProblem(spec.schema, 'root');
      if (problem)
        return {
          message: `Invalid schema for response_format '${spec.name}': ${problem}.`,
          param: 'response_format',
        };
    } else if (typeof spec.schema !== 'object' || spec.schema === null) {
      return {
        message: "Invalid 'response_format.json_schema.schema'",
        param: 'response_format.json_schema.schema',
      };
    }
    return null;
  }
  if (format.type === 'json_object') {
    const text = messages
      .map((message) => (typeof message.content === 'string' ? message.content : ''))
      .join('\n');
    if (!/json/i.test(text))
      return {
        message:
          "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
        param: 'messages',
      };
    return null;
  }
  if (format.type === 'text') return null;
  return {
    message: `Invalid value for 'response_format.type': '${String(format.type)}'`,
    param: 'response_format.type',
  };
}

const arxivIdPattern = /\b(\d{4}\.\d{4,5})(?:v\d+)?\b/g;
const hasArxivId = /\b\d{4}\.\d{4,5}(?:v\d+)?\b/;

/** A deterministic bag-of-words vector (hashing trick), normalized to unit length. */
export function hashEmbedding(text: string, dimensions = 16): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let hash = 2166136261;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 16777619);
    const index = (hash >>> 0) % dimensions;
    vector[index] = (vector[index] ?? 0) + 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

const defaultAnswer = (): ContentAnswer => ({
  content: JSON.stringify({
    summary: 'The paper is summarized by a test server. It answers every request the same way.',
    key_innovation: 'summarized by a test server',
  }),
});

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startOpenAiServer(options: OpenAiServerOptions = {}): Promise<OpenAiServer> {
  const requests: RecordedRequest[] = [];
  const attempts = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let maxInFlight = 0;
  let closed = false;
  let sequence = 0;

  const wait = (ms: number, response: ServerResponse) =>
    new Promise<boolean>((resolve) => {
      if (ms <= 0) return resolve(!response.destroyed);
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve(!response.destroyed && !closed);
      }, ms);
      timers.add(timer);
      response.once('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
        resolve(false);
      });
    });

  const sendJson = (
    response: ServerResponse,
    status: number,
    value: unknown,
    headers: Record<string, string> = {},
  ) => {
    if (response.destroyed || response.writableEnded) return;
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(value));
  };

  const sendError = (response: ServerResponse, answer: StatusAnswer) => {
    const headers: Record<string, string> = {};
    if (answer.retryAfterMs !== undefined) headers['retry-after-ms'] = String(answer.retryAfterMs);
    if (answer.retryAfter !== undefined) headers['retry-after'] = answer.retryAfter;
    sendJson(
      response,
      answer.status,
      {
        error: {
          message: answer.message ?? `test server error ${answer.status}`,
          type: answer.type ?? (answer.status === 429 ? 'rate_limit_exceeded' : 'server_error'),
          param: answer.param ?? null,
          code: null,
        },
      },
      headers,
    );
  };

  const handleChat = async (body: ChatRequestBody, record: RecordedRequest, response: ServerResponse) => {
    if (body.stream)
      return sendError(response, { status: 400, message: 'stream is not supported by the test server' });
    const invalid = chatRequestProblem(body);
    if (invalid) {
      return sendError(response, {
        status: 400,
        message: invalid.message,
        type: 'invalid_request_error',
        param: invalid.param,
      });
    }
    const messages = body.messages ?? [];
    const userText = messages
      .filter((message) => message.role === 'user')
      .map((message) => message.content)
      .join('\n');
    const paperIds = [...new Set([...userText.matchAll(arxivIdPattern)].map((match) => match[1] as string))];
    // A re-ask's last user message has no id; the paper is the one the conversation is about.
    const lastUser = [...messages]
      .reverse()
      .find((message) => message.role === 'user' && hasArxivId.test(message.content));
    const paperId = lastUser
      ? ([...lastUser.content.matchAll(arxivIdPattern)][0]?.[1] ?? null)
      : (paperIds[0] ?? null);
    record.paperId = paperId;
    const attemptKey = paperId ?? '(none)';
    const attempt = (attempts.get(attemptKey) ?? 0) + 1;
    attempts.set(attemptKey, attempt);
    const responseFormat = body.response_format?.type;
    if (options.rejectJsonSchema && responseFormat === 'json_schema') {
      return sendError(response, {
        status: 400,
        message:
          "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
        type: 'invalid_request_error',
      });
    }
    const info: ChatRequestInfo = {
      body,
      headers: record.headers,
      paperId,
      paperIds,
      attempt,
      responseFormat,
    };
    const given = await (options.answer ?? defaultAnswer)(info);
    let answer: ContentAnswer | StatusAnswer;
    if ('hangMs' in given) {
      if (!(await wait(given.hangMs, response))) return;
      answer = given.then ?? defaultAnswer();
    } else {
      answer = given;
    }
    if (!(await wait(answer.delayMs ?? options.delayMs ?? 0, response))) return;
    if ('status' in answer) return sendError(response, answer);
    const content = answer.content;
    const promptTokens = Math.ceil(JSON.stringify(messages).length / 4);
    const completionTokens = Math.ceil((content ?? '').length / 4);
    const usage = answer.usage ?? { prompt_tokens: promptTokens, completion_tokens: completionTokens };
    sequence += 1;
    sendJson(response, 200, {
      id: `chatcmpl-test-${sequence}`,
      object: 'chat.completion',
      created: 1_764_000_000 + sequence,
      model: body.model ?? 'test-model',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: answer.refusal ?? null },
          logprobs: null,
          finish_reason: answer.finishReason ?? 'stop',
        },
      ],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
  };

  const handleEmbeddings = async (body: ChatRequestBody, response: ServerResponse) => {
    const input = body.input;
    const texts = typeof input === 'string' ? [input] : Array.isArray(input) ? input.map(String) : [];
    if (texts.length === 0 || texts.some((text) => text.length === 0)) {
      return sendError(response, {
        status: 400,
        message: "'input' cannot be empty",
        type: 'invalid_request_error',
      });
    }
    if (!(await wait(options.delayMs ?? 0, response))) return;
    const vectors = (options.embed ?? ((all: string[]) => all.map((text) => hashEmbedding(text))))(texts);
    const base64 = body.encoding_format === 'base64';
    sendJson(response, 200, {
      object: 'list',
      data: vectors.map((vector, index) => ({
        object: 'embedding',
        index,
        embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector,
      })),
      model: body.model ?? 'test-embedding',
      usage: {
        prompt_tokens: texts.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0),
        total_tokens: texts.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0),
      },
    });
  };

  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const kind = /\/chat\/completions$/.test(path)
      ? 'chat'
      : /\/embeddings$/.test(path)
        ? 'embeddings'
        : 'other';
    const record: RecordedRequest = {
      path,
      kind,
      body: {},
      headers: request.headers,
      paperId: null,
      startedAt: Date.now(),
      endedAt: null,
      status: null,
    };
    requests.push(record);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    response.once('close', () => {
      inFlight -= 1;
      record.endedAt = Date.now();
      record.status = response.headersSent ? response.statusCode : null;
    });
    try {
      const text = await readBody(request);
      if (request.method !== 'POST' || kind === 'other') {
        return sendError(response, {
          status: 404,
          message: `no route ${request.method} ${path}`,
          type: 'not_found',
        });
      }
      try {
        record.body = JSON.parse(text) as ChatRequestBody;
      } catch {
        return sendError(response, {
          status: 400,
          message: 'the request body is not JSON',
          type: 'invalid_request_error',
        });
      }
      if (kind === 'chat') await handleChat(record.body, record, response);
      else await handleEmbeddings(record.body, response);
    } catch (error) {
      sendError(response, { status: 500, message: `test server failure: ${(error as Error).message}` });
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    get inFlight() {
      return inFlight;
    },
    chatRequests: (paperId) =>
      requests.filter(
        (request) => request.kind === 'chat' && (paperId === undefined || request.paperId === paperId),
      ),
    reset() {
      requests.length = 0;
      attempts.clear();
      maxInFlight = inFlight;
    },
    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Answers and faults, by name, so tests read as what they play

export const answers = {
  /** A well-formed structured answer. */
  summary: (summary: string, keyInnovation: string): ContentAnswer => ({
    content: JSON.stringify({ summary, key_innovation: keyInnovation }),
  }),
  invalidJson: (): ContentAnswer => ({ content: '{"summary": "The paper proposes' }),
  schemaFailing: (): ContentAnswer => ({
    content: JSON.stringify({ abstract_summary: 'Wrong keys.', innovation: 1 }),
  }),
  wrongLanguage: (): ContentAnswer => ({
    content: JSON.stringify({
      summary: '本文提出了一个新的框架。该框架在多个基准上表现良好。',
      key_innovation: '一个新的框架',
    }),
  }),
  empty: (): ContentAnswer => ({ content: '' }),
  refusal: (): ContentAnswer => ({ content: "I'm sorry, but I can't help with that request." }),
  structuredRefusal: (): ContentAnswer => ({
    content: null,
    refusal: "I'm sorry, I cannot assist with that.",
  }),
  status: (status: number, message?: string, retryAfterMs = 5): StatusAnswer => ({
    status,
    retryAfterMs,
    ...(message ? { message } : {}),
  }),
  hang: (hangMs: number): HangAnswer => ({ hangMs }),
};

/** The language the prompt asks for: true when its system message says Chinese. */
export function asksForChinese(request: ChatRequestInfo): boolean {
  return (request.body.messages?.[0]?.content ?? '').includes('Chinese');
}

/**
 * The answer to a direction-naming request (one name per "Direction N" block of the prompt), labels
 * from `label(index, chinese)`; null when the request is not about directions.
 */
export function directionNamesAnswer(
  request: ChatRequestInfo,
  label: (index: number, chinese: boolean) => { name: string; overview: string },
): ContentAnswer | null {
  if (!(request.body.messages?.[0]?.content ?? '').includes('research directions')) return null;
  const count = ((request.body.messages?.at(-1)?.content ?? '').match(/^Direction \d+$/gm) ?? []).length;
  const chinese = asksForChinese(request);
  const directions = Array.from({ length: count }, (_, index) => ({
    index: index + 1,
    ...label(index, chinese),
  }));
  return { content: JSON.stringify({ directions }) };
}
