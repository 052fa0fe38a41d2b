import { setTimeout as delay } from 'node:timers/promises';
import { type Clock, systemClock } from '../core/dates.ts';
import { DigestError, isDigestError } from '../core/errors.ts';
import { seededRandom } from '../core/random.ts';
import {
  backoffMs,
  formatSeconds,
  normalizePoliteSettings,
  type PoliteSettings,
  parseRetryAfter,
  politeIntervalMs,
} from './politeness.ts';

// One import for the sources: the policy functions are part of the client's surface.
export * from './politeness.ts';

/**
 * The one HTTP client every arXiv source goes through. arXiv asks for one request every 3 s over a
 * single connection, across the API, OAI-PMH and RSS; sharing one client makes that true for a
 * whole run. Requests wait in a queue, retries back off, Retry-After is obeyed, and every wait is
 * reported so a slow run never looks hung.
 */

export type WaitReason = 'interval' | 'Retry-After' | 'backoff';

export interface WaitEvent {
  endpoint: string;
  what: string;
  ms: number;
  reason: WaitReason;
  /** The attempt that is about to start (1 = first try). */
  attempt: number;
}

export interface PoliteClientSettings extends Partial<PoliteSettings> {
  fetch?: typeof globalThis.fetch;
  /** Waits ms (tests pass a fake that advances their clock). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  clock?: Clock;
  /** Jitter source in [0, 1); defaults to a PRNG seeded with `seed`. */
  random?: () => number;
  /** Every wait and retry, one line each. */
  log?: (line: string, event: WaitEvent) => void;
}

export interface PoliteRequest<T> {
  url: string;
  /** Short endpoint label for messages: "arxiv-api", "oai-pmh", "rss". */
  endpoint: string;
  /** What is being fetched, for messages: 'page 3 of "all:multimodal"'. */
  what: string;
  /** What the user can do when every try failed: "retry later or use --source oai". */
  hint?: string;
  signal?: AbortSignal;
  accept?: string;
  /** Non-2xx statuses whose body the caller wants (the arXiv API explains a bad query in a 400 feed). */
  acceptStatuses?: readonly number[];
  /**
   * Turns the body into a result inside the retry loop: when it throws DigestError('PROTOCOL') for a
   * 2xx body (a truncated download), the request is tried again; other errors end it at once. To
   * fail on a PROTOCOL error without retrying, return an error value instead of throwing.
   */
  parse: (body: string, status: number) => T;
}

export interface PoliteClient {
  readonly settings: PoliteSettings;
  request<T>(request: PoliteRequest<T>): Promise<T>;
}

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  delay(ms, undefined, signal ? { signal } : undefined);

// Failures worth another try: the server is overloaded or the connection broke, not our request.
const retryableStatuses = new Set([408, 425, 429, 500, 502, 503, 504]);
const fatalNetworkCodes = new Set(['ENOTFOUND', 'ERR_INVALID_URL', 'UND_ERR_INVALID_ARG']);

interface Failure {
  kind: 'HTTP' | 'NETWORK' | 'PROTOCOL';
  /** "HTTP 503", "timed out after 60s", "connection reset (ECONNRESET)", "unusable response (...)". */
  summary: string;
  status: number | null;
  retryAfterMs: number | null;
  /** True when trying again cannot help (404, unknown host). */
  fatal: boolean;
  cause: unknown;
}

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

/** Classifies what fetch() or reading the body threw: timeouts, resets and refusals are worth a retry. */
function networkFailure(error: unknown, timeoutMs: number): Failure {
  const base = { kind: 'NETWORK' as const, status: null, retryAfterMs: null, cause: error };
  if (error instanceof Error && error.name === 'TimeoutError') {
    return { ...base, summary: `timed out after ${formatSeconds(timeoutMs)}`, fatal: false };
  }
  const code = networkCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const reset = code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE';
  return {
    ...base,
    summary: `${reset ? 'connection reset' : 'network error'} (${code ?? message})`,
    fatal: code !== undefined && fatalNetworkCodes.has(code),
  };
}

export function createPoliteClient(input: PoliteClientSettings = {}): PoliteClient {
  const settings = normalizePoliteSettings(input);
  const fetchImplementation = input.fetch ?? globalThis.fetch;
  const sleep = input.sleep ?? defaultSleep;
  const clock = input.clock ?? systemClock;
  const random = input.random ?? seededRandom(settings.seed);
  const log = input.log ?? (() => {});
  const now = () => clock.now().getTime();

  let queue: Promise<unknown> = Promise.resolve();
  let lastStartMs: number | null = null;

  /** Sleeps until `targetMs`, re-checking because timers may fire a little early. */
  async function waitUntil(targetMs: number, signal: AbortSignal | undefined): Promise<void> {
    // Bounded: a fake sleep that does not move the clock must not spin forever.
    for (let round = 0; round < 5; round++) {
      const remaining = targetMs - now();
      if (remaining <= 0) return;
      await sleep(remaining, signal);
    }
  }

  type Outcome<T> = { ok: true; value: T } | { ok: false; failure: Failure };

  async function attemptOnce<T>(request: PoliteRequest<T>, signal: AbortSignal): Promise<Outcome<T>> {
    let status: number;
    let ok: boolean;
    let body: string;
    try {
      const response = await fetchImplementation(request.url, {
        headers: { 'user-agent': settings.userAgent, accept: request.accept ?? '*/*' },
        signal,
      });
      status = response.status;
      ok = response.ok;
      if (!ok && !(request.acceptStatuses ?? []).includes(status)) {
        // Free the connection; the body of an error page is of no use.
        await response.body?.cancel().catch(() => undefined);
        const failure: Failure = {
          kind: 'HTTP',
          summary: `HTTP ${status}`,
          status,
          retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now()),
          fatal: !retryableStatuses.has(status),
          cause: undefined,
        };
        return { ok: false, failure };
      }
      // The timeout signal covers the body too: a server that stalls mid-body is a timeout.
      body = await response.text();
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      return { ok: false, failure: networkFailure(error, settings.timeoutMs) };
    }
    if (!ok) return { ok: true, value: request.parse(body, status) };
    try {
      return { ok: true, value: request.parse(body, status) };
    } catch (error) {
      // A 2xx body that is not well-formed was probably cut short on the way: fetch it again.
      // Anything else (a query arXiv rejects, a bug) would fail the same way every time.
      if (!isDigestError(error) || error.code !== 'PROTOCOL') throw error;
      // The parser names the URL first; the endpoint and page already say where.
      const message = error.message.startsWith(`${request.url}: `)
        ? error.message.slice(request.url.length + 2)
        : error.message;
      const failure: Failure = {
        kind: 'PROTOCOL',
        summary: `unusable response (${message})`,
        status,
        retryAfterMs: null,
        fatal: false,
        cause: error,
      };
      return { ok: false, failure };
    }
  }

  function finalError<T>(request: PoliteRequest<T>, failure: Failure, attempts: number): DigestError {
    const tries = failure.fatal ? '' : ` after ${attempts} ${attempts === 1 ? 'try' : 'tries'}`;
    const hint = failure.fatal ? `check the URL ${request.url}` : (request.hint ?? 'retry later');
    return new DigestError(
      failure.kind,
      `[${request.endpoint}] ${failure.summary}${tries} for ${request.what}`,
      {
        hint,
        cause: failure.cause,
        details: { endpoint: request.endpoint, url: request.url, status: failure.status, attempts },
      },
    );
  }

  async function run<T>(request: PoliteRequest<T>): Promise<T> {
    const interval = politeIntervalMs(settings.minIntervalMs, request.url);
    // After a failure: when the server (Retry-After) or the backoff lets us try again.
    let retryAt: { ms: number; reason: WaitReason; failure: string } | null = null;
    for (let attempt = 1; ; attempt++) {
      // +1: the clock counts whole milliseconds, so a start stamped late in its millisecond still
      // lies more than `interval` before the next one.
      const intervalEnd = lastStartMs === null ? 0 : lastStartMs + interval + 1;
      const target = Math.max(retryAt?.ms ?? 0, intervalEnd);
      const waitMs = target - now();
      const reason: WaitReason = retryAt && retryAt.ms >= intervalEnd ? retryAt.reason : 'interval';
      const prefix = retryAt ? `${retryAt.failure} (try ${attempt - 1} of ${settings.maxAttempts}); ` : '';
      if (waitMs > 0) {
        const label = reason === 'interval' ? 'politeness interval' : reason;
        const line = `[${request.endpoint}] ${prefix}waiting ${formatSeconds(waitMs)} (${label}) before ${request.what}`;
        log(line, { endpoint: request.endpoint, what: request.what, ms: waitMs, reason, attempt });
        await waitUntil(target, request.signal);
      } else if (retryAt) {
        const line = `[${request.endpoint}] ${prefix}retrying ${request.what} now`;
        log(line, { endpoint: request.endpoint, what: request.what, ms: 0, reason, attempt });
      }
      request.signal?.throwIfAborted();
      const timeout = AbortSignal.timeout(settings.timeoutMs);
      const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
      lastStartMs = now();
      const outcome = await attemptOnce(request, signal);
      if (outcome.ok) return outcome.value;
      const failure = outcome.failure;
      if (failure.fatal) throw finalError(request, failure, attempt);
      if (failure.retryAfterMs !== null && failure.retryAfterMs > settings.maxRetryAfterMs) {
        throw new DigestError(
          failure.kind,
          `[${request.endpoint}] ${failure.summary} asks to wait ${formatSeconds(failure.retryAfterMs)} (Retry-After) before ${request.what}, more than the ${formatSeconds(settings.maxRetryAfterMs)} limit`,
          {
            hint: 'arXiv is overloaded or limiting this address; retry later',
            details: {
              endpoint: request.endpoint,
              url: request.url,
              status: failure.status,
              attempts: attempt,
            },
          },
        );
      }
      if (attempt >= settings.maxAttempts) throw finalError(request, failure, attempt);
      const pauseMs = failure.retryAfterMs ?? backoffMs(settings, attempt, random);
      retryAt = {
        ms: now() + pauseMs,
        reason: failure.retryAfterMs !== null ? 'Retry-After' : 'backoff',
        failure: failure.summary,
      };
    }
  }

  return {
    settings,
    request<T>(request: PoliteRequest<T>): Promise<T> {
      // One request at a time for everything that shares this client.
      const result = queue.then(() => run(request));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}

/** The shared client when given, else a new one that reports to the source's log. */
export function clientFor(settings: {
  client?: PoliteClient;
  http?: PoliteClientSettings;
  log?: (line: string) => void;
}): PoliteClient {
  if (settings.client) return settings.client;
  const log = settings.log;
  return createPoliteClient({ ...(log ? { log: (line: string) => log(line) } : {}), ...settings.http });
}
