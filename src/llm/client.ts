import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
} from 'openai';
import { DigestError } from '../core/errors.ts';
import { redactSecrets } from './redact.ts';

/** How to reach an OpenAI-compatible endpoint (OpenAI, DeepSeek, DashScope, Ollama, vLLM ...). */
export interface LlmConnectionSettings {
  apiKey?: string | undefined;
  /** e.g. http://127.0.0.1:11434/v1 (Ollama); omitted: https://api.openai.com/v1 */
  baseURL?: string | undefined;
  fetch?: typeof fetch | undefined;
  /** Per request, before the SDK retries it. */
  timeoutMs?: number | undefined;
  /** SDK retries for 408/409/429/5xx and timeouts (honouring Retry-After). */
  maxRetries?: number | undefined;
}

export interface LlmConnection {
  readonly openai: OpenAI;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  /** HTTP requests sent so far, SDK retries included. */
  httpRequests(): number;
  /** Removes the key (and key-like strings) from a text before it is logged, cached or thrown. */
  redact(text: string): string;
}

export const defaultTimeoutMs = 60_000;
export const defaultMaxRetries = 2;
/** Local servers (Ollama, llama.cpp) ignore the key but the SDK insists on one. */
const placeholderKey = 'not-needed';

export function createLlmConnection(settings: LlmConnectionSettings): LlmConnection {
  const apiKey = settings.apiKey?.trim() || undefined;
  const baseURL = settings.baseURL?.trim() || undefined;
  if (!apiKey && !baseURL) {
    throw new DigestError('CONFIG', 'the LLM engine needs an API key or a base URL', {
      hint: 'set OPENAI_API_KEY (or OPENAI_BASE_URL for a local server), or use --llm none',
    });
  }
  const timeoutMs = settings.timeoutMs ?? defaultTimeoutMs;
  const maxRetries = settings.maxRetries ?? defaultMaxRetries;
  const baseFetch = settings.fetch ?? globalThis.fetch;
  let count = 0;
  const countingFetch: typeof fetch = (input, init) => {
    count += 1;
    return baseFetch(input, init);
  };
  const openai = new OpenAI({
    // Both are passed explicitly so the SDK never reads process.env behind our back.
    apiKey: apiKey ?? placeholderKey,
    baseURL: baseURL ?? 'https://api.openai.com/v1',
    fetch: countingFetch,
    timeout: timeoutMs,
    maxRetries,
    // The SDK's own logger could print request details; we report through our own redacted log.
    logLevel: 'off',
  });
  return {
    openai,
    timeoutMs,
    maxRetries,
    httpRequests: () => count,
    redact: (text) => redactSecrets(text, [apiKey]),
  };
}

export interface DescribedLlmError {
  /** One line, redacted: "HTTP 429 after 3 tries: Rate limit reached". */
  message: string;
  /** Configuration problems (bad key, unknown model, wrong URL) fail the run instead of each paper. */
  fatal: boolean;
  /** The 400 some providers send when they do not support response_format json_schema. */
  unsupportedJsonSchema: boolean;
}

const maxMessageLength = 200;

/** Turns whatever the SDK threw into one redacted line; rethrows user aborts untouched. */
export function describeLlmError(error: unknown, connection: LlmConnection): DescribedLlmError {
  if (error instanceof APIUserAbortError) throw error;
  const tries = connection.maxRetries + 1;
  const shorten = (text: string) => {
    const line = connection.redact(text).replace(/\s+/g, ' ').trim();
    return line.length > maxMessageLength ? `${line.slice(0, maxMessageLength - 1)}…` : line;
  };
  if (error instanceof APIConnectionTimeoutError) {
    return {
      message: `timed out after ${connection.timeoutMs} ms (${tries} tries)`,
      fatal: false,
      unsupportedJsonSchema: false,
    };
  }
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return {
      message: shorten(`connection failed (${tries} tries)${cause}`),
      fatal: false,
      unsupportedJsonSchema: false,
    };
  }
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    const fatal =
      error instanceof AuthenticationError ||
      error instanceof PermissionDeniedError ||
      error instanceof NotFoundError;
    const unsupportedJsonSchema = status === 400 && /response_format|json_schema/i.test(error.message);
    const retried = status === 429 || status === 408 || status === 409 || status >= 500;
    const after = retried ? ` after ${tries} tries` : '';
    // The SDK's message starts with the status already ("429 Rate limit reached").
    const detail = error.message.replace(/^\d{3}\s+/, '');
    return { message: shorten(`HTTP ${status}${after}: ${detail}`), fatal, unsupportedJsonSchema };
  }
  const text = error instanceof Error ? error.message : String(error);
  return { message: shorten(text), fatal: false, unsupportedJsonSchema: false };
}

/** The DigestError for a fatal (configuration) failure of the endpoint. */
export function fatalLlmError(described: DescribedLlmError, model: string): DigestError {
  return new DigestError(
    'CONFIG',
    `the LLM endpoint refused the request for model "${model}": ${described.message}`,
    {
      hint: 'check OPENAI_API_KEY, OPENAI_BASE_URL and ARXIV_DIGEST_MODEL, or use --llm none',
    },
  );
}
