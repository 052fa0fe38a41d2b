import { z } from 'zod';
import { DigestError } from '../core/errors.ts';
import { parseWith } from '../core/schema.ts';

/** The `llm` section of the config file (the config loader embeds this schema). */
export const llmConfigSchema = z
  .object({
    model: z.string().min(1).optional(),
    baseURL: z.url({ protocol: /^https?$/ }).optional(),
    /** Name of the environment variable that holds the key (keys do not belong in config files). */
    apiKeyEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')
      .optional(),
    concurrency: z.number().int().min(1).max(64).optional(),
    maxTokens: z.number().int().positive().optional(),
    timeoutMs: z.number().int().positive().optional(),
    maxRetries: z.number().int().min(0).max(10).optional(),
  })
  .strict();

export type LlmConfig = z.infer<typeof llmConfigSchema>;

export const llmModes = ['auto', 'none', 'llm'] as const;
export type LlmFlag = (typeof llmModes)[number];

/** Command-line flags as commander hands them over (strings or already-parsed numbers). */
export interface LlmFlags {
  llm?: string | undefined;
  model?: string | undefined;
  concurrency?: string | number | undefined;
  maxTokens?: string | number | undefined;
}

export interface ResolvedLlmSettings {
  mode: 'llm' | 'extractive';
  apiKey: string | undefined;
  baseURL: string | undefined;
  model: string;
  concurrency: number;
  /** Token budget for the run (prompt + completion), undefined: no limit. */
  maxTokens: number | undefined;
  timeoutMs: number | undefined;
  maxRetries: number | undefined;
  /** One line for the run report: which engine and why (never the key). */
  reason: string;
}

export const defaultModel = 'gpt-4o-mini';
export const defaultConcurrency = 8;

function positiveInteger(value: string | number | undefined, flag: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isInteger(number) || number < 1 || number > max) {
    throw new DigestError('USAGE', `${flag} ${value} is not a whole number from 1 to ${max}`, {
      hint: `e.g. ${flag} 8`,
    });
  }
  return number;
}

function blankToUndefined(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * Decides between the LLM and the extractive engine. Precedence: flags, then environment
 * (OPENAI_API_KEY, OPENAI_BASE_URL, ARXIV_DIGEST_MODEL), then the config file, then defaults.
 * `--llm auto` uses the LLM when a key or a base URL is set; `--llm llm` demands one; `--llm none`
 * never calls out.
 */
export function resolveLlmSettings(
  env: Record<string, string | undefined>,
  config: unknown,
  flags: LlmFlags = {},
): ResolvedLlmSettings {
  const file = parseWith(
    llmConfigSchema,
    config ?? {},
    'config llm',
    'CONFIG',
    'fix the llm section of the config file',
  );
  const flag = flags.llm ?? 'auto';
  if (!(llmModes as readonly string[]).includes(flag)) {
    throw new DigestError('USAGE', `--llm ${flag} is not one of ${llmModes.join(', ')}`, {
      hint: 'use --llm auto (default), --llm llm or --llm none',
    });
  }
  const keyVariable = file.apiKeyEnv ?? 'OPENAI_API_KEY';
  const apiKey = blankToUndefined(env[keyVariable]);
  const baseURL = blankToUndefined(env.OPENAI_BASE_URL) ?? file.baseURL;
  if (baseURL !== undefined && !z.url({ protocol: /^https?$/ }).safeParse(baseURL).success) {
    throw new DigestError('CONFIG', `OPENAI_BASE_URL "${baseURL}" is not an http(s) URL`, {
      hint: 'e.g. OPENAI_BASE_URL=http://127.0.0.1:11434/v1',
    });
  }
  const model =
    blankToUndefined(flags.model) ?? blankToUndefined(env.ARXIV_DIGEST_MODEL) ?? file.model ?? defaultModel;
  const concurrency =
    positiveInteger(flags.concurrency, '--concurrency', 64) ?? file.concurrency ?? defaultConcurrency;
  const maxTokens =
    positiveInteger(flags.maxTokens, '--max-tokens', Number.MAX_SAFE_INTEGER) ?? file.maxTokens;
  const common = {
    apiKey,
    baseURL,
    model,
    concurrency,
    maxTokens,
    timeoutMs: file.timeoutMs,
    maxRetries: file.maxRetries,
  };
  const where = baseURL ? ` at ${baseURL}` : '';
  const why = apiKey ? `${keyVariable} is set` : 'OPENAI_BASE_URL is set';

  if (flag === 'none') return { ...common, mode: 'extractive', reason: 'extractive engine (--llm none)' };
  if (!apiKey && !baseURL) {
    if (flag === 'llm') {
      throw new DigestError('CONFIG', `--llm llm needs ${keyVariable} or OPENAI_BASE_URL`, {
        hint: `set ${keyVariable} (or OPENAI_BASE_URL for a local server), or use --llm none`,
      });
    }
    return {
      ...common,
      mode: 'extractive',
      reason: `extractive engine (--llm auto: neither ${keyVariable} nor OPENAI_BASE_URL is set)`,
    };
  }
  return { ...common, mode: 'llm', reason: `LLM engine, model ${model}${where} (--llm ${flag}: ${why})` };
}
