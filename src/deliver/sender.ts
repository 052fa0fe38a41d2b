import { DigestError } from '../core/errors.ts';

/**
 * Sends one JSON request and reads the answer the way the platform means it: each platform's
 * `interpret` looks at the body (`errcode`, `code`, `ok:false`) even when the status is 200.
 * Retries 429 (honouring Retry-After or the platform's own wait hint) and 5xx with exponential
 * backoff; everything else fails at once. Sleep and fetch are injected so tests run instantly.
 */

export interface PlatformAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export type Verdict =
  | { kind: 'ok' }
  | { kind: 'retry'; reason: string; afterMs?: number }
  | { kind: 'fail'; reason: string };

export interface SenderOptions {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
  maxAttempts?: number;
  /** A wait longer than this (a Retry-After of an hour) fails instead of blocking the run. */
  maxWaitMs?: number;
  /** Removes secrets from any text that goes into an error. */
  redact: (text: string) => string;
}

export interface Sender {
  postJson(
    channel: string,
    url: string,
    body: unknown,
    interpret: (answer: PlatformAnswer) => Verdict | null,
  ): Promise<PlatformAnswer>;
  /** The waits it slept, in order (for --json and tests). */
  readonly waits: number[];
}

export const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** Retry-After as seconds or as an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The default reading of an answer when the platform has nothing more specific to say. */
function statusVerdict(answer: PlatformAnswer): Verdict {
  if (answer.status === 429)
    return {
      kind: 'retry',
      reason: 'HTTP 429 (rate limited)',
      afterMs: retryAfterMs(answer.headers.get('retry-after')),
    };
  if (answer.status >= 500) return { kind: 'retry', reason: `HTTP ${answer.status}` };
  if (answer.status >= 400) return { kind: 'fail', reason: `HTTP ${answer.status} ${oneLine(answer.text)}` };
  return { kind: 'ok' };
}

export const oneLine = (text: string, max = 160): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

export function createSender(options: SenderOptions): Sender {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? defaultSleep;
  const maxAttempts = options.maxAttempts ?? 5;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxWaitMs = options.maxWaitMs ?? 120_000;
  const waits: number[] = [];
  return {
    waits,
    async postJson(channel, url, body, interpret) {
      let last = '';
      for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
        let verdict: Verdict;
        let answer: PlatformAnswer | null = null;
        try {
          const response = await fetchImpl(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json; charset=utf-8' },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(timeoutMs),
          });
          const text = await response.text();
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          answer = { status: response.status, headers: response.headers, text, json };
          verdict = interpret(answer) ?? statusVerdict(answer);
        } catch (error) {
          const reason =
            error instanceof Error && error.name === 'TimeoutError'
              ? `no answer within ${timeoutMs / 1000} s`
              : `network error (${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message})`;
          verdict = { kind: 'retry', reason };
        }
        if (verdict.kind === 'ok' && answer) return answer;
        last = options.redact(verdict.kind === 'ok' ? 'no answer' : verdict.reason);
        if (verdict.kind === 'fail') throw new DigestError('HTTP', `${channel}: ${last}`);
        if (attempt === maxAttempts) break;
        const wait =
          verdict.kind === 'retry' && verdict.afterMs !== undefined
            ? verdict.afterMs
            : Math.min(1000 * 2 ** (attempt - 1), 30_000);
        if (wait > maxWaitMs) {
          throw new DigestError(
            'HTTP',
            `${channel}: ${last}; the server asks to wait ${Math.ceil(wait / 1000)} s`,
            {
              hint: 'send again later (already delivered messages are not sent twice)',
            },
          );
        }
        waits.push(wait);
        await sleep(wait);
      }
      throw new DigestError('HTTP', `${channel}: ${last} after ${maxAttempts} tries`, {
        hint: 'send again later (already delivered messages are not sent twice)',
      });
    },
  };
}
