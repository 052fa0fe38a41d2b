import { z } from 'zod';
import { DigestError } from '../core/errors.ts';
import { parseWith } from '../core/schema.ts';

/**
 * The politeness rules of the HTTP client as pure functions: settings, arXiv's 3 s floor,
 * Retry-After, backoff with seeded jitter. No I/O here, so each rule is tested on its own.
 */

/** arXiv's documented politeness floor; intervals to arxiv.org hosts are never shorter. */
export const arxivMinIntervalMs = 3000;
export const defaultUserAgent = 'arxiv-digest/0.1 (+https://github.com/arxiv-digest/arxiv-digest)';

const settingsSchema = z.object({
  minIntervalMs: z.number().int().min(0).default(arxivMinIntervalMs),
  maxAttempts: z.number().int().min(1).max(20).default(5),
  timeoutMs: z.number().int().positive().default(60_000),
  maxRetryAfterMs: z.number().int().min(0).default(300_000),
  backoffBaseMs: z.number().int().min(0).default(2_000),
  backoffMaxMs: z.number().int().min(0).default(60_000),
  userAgent: z.string().min(1).default(defaultUserAgent),
  seed: z.number().int().default(20251121),
});

export type PoliteSettings = z.output<typeof settingsSchema>;

/** Validates the politeness knobs (fail fast on configuration). */
export function normalizePoliteSettings(input: Partial<PoliteSettings> = {}): PoliteSettings {
  const {
    minIntervalMs,
    maxAttempts,
    timeoutMs,
    maxRetryAfterMs,
    backoffBaseMs,
    backoffMaxMs,
    userAgent,
    seed,
  } = input;
  return parseWith(
    settingsSchema,
    { minIntervalMs, maxAttempts, timeoutMs, maxRetryAfterMs, backoffBaseMs, backoffMaxMs, userAgent, seed },
    'HTTP client settings',
    'CONFIG',
  );
}

export function isArxivHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host === 'arxiv.org' || host.endsWith('.arxiv.org');
}

/** The interval that applies to a request: at least 3 s whenever the host is arXiv's. */
export function politeIntervalMs(minIntervalMs: number, url: string): number {
  let hostname = '';
  try {
    hostname = new URL(url).hostname;
  } catch {
    return Math.max(minIntervalMs, arxivMinIntervalMs);
  }
  return isArxivHost(hostname) ? Math.max(minIntervalMs, arxivMinIntervalMs) : minIntervalMs;
}

/** Retry-After in ms: delta seconds, or an HTTP-date relative to `nowMs`; null when absent/unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return null;
  const when = Date.parse(text);
  return Number.isNaN(when) ? null : Math.max(0, when - nowMs);
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries never bunch up. */
export function backoffMs(settings: PoliteSettings, failedAttempt: number, random: () => number): number {
  const ceiling = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** (failedAttempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) || seconds >= 10 ? Math.round(seconds) : seconds.toFixed(1)}s`;
}

/** Fails fast on an endpoint setting (ARXIV_API_URL and friends) that is not an http(s) URL. */
export function checkEndpointUrl(value: string, setting: string, example: string): string {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new DigestError('CONFIG', `${setting} "${value}" is not an http(s) URL`, {
      hint: `write it like ${example}`,
    });
  }
  return value;
}
