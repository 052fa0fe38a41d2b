import type { z } from 'zod';
import { DigestError, type ErrorCode } from './errors.ts';

/** Renders the first zod issue as "key.path: message" so errors name the offending key. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid value';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/**
 * Validates a value at a boundary (file record, server reply, config, LLM answer) and returns it
 * typed, or throws a DigestError that names what was being read and the first bad key.
 */
export function parseWith<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
  code: ErrorCode = 'INPUT',
  hint?: string,
): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new DigestError(code, `${what}: ${describeIssue(result.error)}`, { hint });
}
