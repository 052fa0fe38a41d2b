/**
 * The one error family of arxiv-digest. Every failure a user can see is a DigestError with a
 * stable code, a message that says what happened, and a hint that says what to do. The CLI maps
 * codes to exit statuses: usage and configuration problems exit 2, everything else exits 1.
 */

export type ErrorCode =
  | 'USAGE' // bad command line: unknown option, bad value, conflicting flags
  | 'CONFIG' // invalid configuration file or environment
  | 'INPUT' // a file that cannot be read or parsed
  | 'RECORD' // one bad record inside an otherwise readable input
  | 'NETWORK' // connection refused/reset, DNS, timeout
  | 'HTTP' // a server answered with an error status
  | 'PROTOCOL' // a server answered 200 with something we cannot use
  | 'STORE' // the database cannot be opened or written
  | 'BUSY' // the database is locked by another process for too long
  | 'LLM' // the language model failed or answered junk
  | 'OUTPUT' // an output file or directory cannot be written
  | 'CHECK' // a claim check failed
  | 'INTERNAL'; // a broken invariant: a bug in arxiv-digest

const usageCodes: ReadonlySet<ErrorCode> = new Set(['USAGE', 'CONFIG']);

export interface DigestErrorOptions {
  /** What the user can do about it, one short sentence. */
  hint?: string;
  cause?: unknown;
  /** Structured details for --json output (never secrets). */
  details?: Record<string, unknown>;
}

export class DigestError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: DigestErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DigestError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  /** Exit status for the CLI: 2 for usage/config, 1 for runtime failures. */
  get exitCode(): 1 | 2 {
    return usageCodes.has(this.code) ? 2 : 1;
  }

  /** One line: message, then the hint after a semicolon. */
  toOneLine(): string {
    const text = this.hint ? `${this.message}; ${this.hint}` : this.message;
    return text.replace(/\s*\n\s*/g, ' ');
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, hint: this.hint ?? null, ...(this.details ?? {}) };
  }
}

export function isDigestError(value: unknown): value is DigestError {
  return value instanceof DigestError;
}

/** Wraps anything thrown into a DigestError, keeping DigestErrors as they are. */
export function toDigestError(value: unknown, fallbackCode: ErrorCode = 'INTERNAL'): DigestError {
  if (value instanceof DigestError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new DigestError(fallbackCode, message, { cause: value });
}

export const usageError = (message: string, hint?: string): DigestError =>
  new DigestError('USAGE', message, { hint });
