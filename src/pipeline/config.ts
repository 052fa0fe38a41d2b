import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DigestError } from '../core/errors.ts';
import { describeIssue } from '../core/schema.ts';
import { presetTopics, type Topic, topicSchema } from '../core/topic.ts';
import { deliverConfigSchema } from '../deliver/settings.ts';
import { llmConfigSchema } from '../llm/settings.ts';

/**
 * The config file (arxiv-digest.config.yaml / .yml / .ts). Everything is optional; API keys are
 * deliberately not accepted here: they come from the environment only, so they never end up in a
 * file that gets committed.
 */
export const configSchema = z
  .object({
    topics: z.array(topicSchema).default([]),
    llm: llmConfigSchema
      .extend({ embeddingsModel: z.string().min(1).optional() })
      .strict()
      .default({}),
    outDir: z.string().min(1).optional(),
    siteDir: z.string().min(1).optional(),
    deliver: deliverConfigSchema.default({}),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

export const configFileNames = [
  'arxiv-digest.config.yaml',
  'arxiv-digest.config.yml',
  'arxiv-digest.config.ts',
];

/** Finds the config: --config when given (must exist), else the first default name in cwd, else none. */
export function findConfigFile(explicit: string | undefined, cwd: string): string | null {
  if (explicit) {
    const resolved = path.resolve(cwd, explicit);
    if (!existsSync(resolved) || !statSync(resolved).isFile()) {
      throw new DigestError('CONFIG', `config file ${explicit} not found`, {
        hint: `create it or drop --config (default names: ${configFileNames.join(', ')})`,
      });
    }
    return resolved;
  }
  for (const name of configFileNames) {
    const candidate = path.join(cwd, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

export async function loadConfig(explicit: string | undefined, cwd: string): Promise<Config> {
  const file = findConfigFile(explicit, cwd);
  if (!file) return configSchema.parse({});
  const raw = file.endsWith('.ts') ? await importTsConfig(file) : readYamlConfig(file);
  return validateConfig(raw, path.relative(cwd, file) || file);
}

function readYamlConfig(file: string): unknown {
  try {
    return parseYaml(readFileSync(file, 'utf8')) ?? {};
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new DigestError('CONFIG', `${file}: not valid YAML (${reason})`, { hint: 'fix the YAML syntax' });
  }
}

async function importTsConfig(file: string): Promise<unknown> {
  try {
    const module = (await importTypeScript(file)) as { default?: unknown };
    // Outside a "type": "module" package the file loads as CommonJS: its default export comes wrapped.
    const exported = module.default as { default?: unknown } | undefined;
    const isWrapped =
      exported !== null && typeof exported === 'object' && Object.keys(exported).join() === 'default';
    return (isWrapped ? exported.default : exported) ?? {};
  } catch (error) {
    if (error instanceof DigestError) throw error;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new DigestError('CONFIG', `${file}: cannot load (${reason})`, {
      hint: 'the file must `export default { topics: [...] }`',
    });
  }
}

/**
 * Node 20 cannot import TypeScript: the config is loaded through tsx's tsImport when tsx is installed
 * (a devDependency, not shipped with the package), else by a plain import, which works on a Node that
 * strips types itself.
 */
async function importTypeScript(file: string): Promise<unknown> {
  const url = pathToFileURL(file).href;
  let tsx: typeof import('tsx/esm/api') | null = null;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    // not installed: try Node itself
  }
  if (tsx) return tsx.tsImport(url, import.meta.url);
  try {
    return await import(url);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    throw new DigestError('CONFIG', `${file}: a .ts config file needs tsx installed`, {
      hint: 'npm i -D tsx, or write the same settings as arxiv-digest.config.yaml',
    });
  }
}

export function validateConfig(raw: unknown, fileLabel: string): Config {
  const secretKey = findSecretKey(raw);
  if (secretKey) {
    throw new DigestError('CONFIG', `${fileLabel}: ${secretKey}: API keys are not read from config files`, {
      hint: secretKey.startsWith('deliver.')
        ? 'remove it and set the channel\'s variable in the environment instead (see "Delivery" in README.md)'
        : 'remove it and set OPENAI_API_KEY in the environment instead',
    });
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new DigestError('CONFIG', `${fileLabel}: ${describeIssue(result.error)}`, {
      hint: 'see the config example in README.md',
    });
  }
  const names = new Set<string>();
  for (const [index, topic] of result.data.topics.entries()) {
    if (names.has(topic.name)) {
      throw new DigestError(
        'CONFIG',
        `${fileLabel}: topics.${index}.name: "${topic.name}" is defined twice`,
        {
          hint: 'give each topic its own name',
        },
      );
    }
    names.add(topic.name);
  }
  return result.data;
}

function findSecretKey(raw: unknown, prefix = ''): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  for (const [key, value] of Object.entries(raw)) {
    const here = prefix ? `${prefix}.${key}` : key;
    // Names that hold secrets; `apiKeyEnv` (the NAME of a variable) and `maxTokens` are fine.
    if (/^(?:api[_-]?key|secret|password|(?:access|auth|bearer)[_-]?token|token)$/i.test(key)) return here;
    const nested = findSecretKey(value, here);
    if (nested) return nested;
  }
  return null;
}

/** Config topics first (they may override a preset by name), then the built-in presets. */
export function allTopics(config: Config): Topic[] {
  const configured = new Map(config.topics.map((topic) => [topic.name, topic]));
  const presets = presetTopics
    .map((preset) => topicSchema.parse(preset))
    .filter((topic) => !configured.has(topic.name));
  return [...config.topics, ...presets];
}

export function resolveTopic(config: Config, name: string): Topic {
  const topics = allTopics(config);
  const topic = topics.find((candidate) => candidate.name === name);
  if (!topic) {
    throw new DigestError('USAGE', `unknown topic "${name}"`, {
      hint: `known topics: ${topics.map((candidate) => candidate.name).join(', ')}; or define it in arxiv-digest.config.yaml`,
    });
  }
  return topic;
}
