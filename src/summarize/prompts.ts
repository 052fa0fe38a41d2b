import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Language } from '../core/digest.ts';
import { DigestError } from '../core/errors.ts';
import type { Paper } from '../core/paper.ts';
import type { ChatMessage } from '../llm/chat.ts';
import { languageName } from './output.ts';

/**
 * Prompts live in versioned files (prompts/<name>.v<N>.md) so a wording change is a new version,
 * and the summary cache (keyed by prompt version) never serves answers to an older prompt.
 */

export const summaryPromptVersion = 'summary.v2';
export const directionsPromptVersion = 'directions.v2';

export interface PromptTemplate {
  version: string;
  system: string;
  user: string;
  reask: string;
}

const frontmatterSchema = z.object({ version: z.string().min(1) });
const cache = new Map<string, PromptTemplate>();

/** Reads and checks prompts/<version>.md (from the package, not the working directory). */
export function loadPrompt(version: string): PromptTemplate {
  const cached = cache.get(version);
  if (cached) return cached;
  const url = new URL(`../../prompts/${version}.md`, import.meta.url);
  let source: string;
  try {
    source = readFileSync(url, 'utf8');
  } catch (error) {
    throw new DigestError('INTERNAL', `prompt file prompts/${version}.md cannot be read`, {
      cause: error,
      hint: 'reinstall arxiv-digest; the prompts folder ships with it',
    });
  }
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(source.replace(/\r\n/g, '\n'));
  const front = frontmatterSchema.safeParse(match ? parseYaml(match[1] ?? '') : undefined);
  const sections = new Map<string, string>();
  for (const part of (match?.[2] ?? '').split(/^## /m).slice(1)) {
    const newline = part.indexOf('\n');
    sections.set(part.slice(0, newline).trim(), part.slice(newline + 1).trim());
  }
  const system = sections.get('system');
  const user = sections.get('user');
  const reask = sections.get('reask');
  if (!front.success || front.data.version !== version || !system || !user || !reask) {
    throw new DigestError('INTERNAL', `prompt file prompts/${version}.md is malformed`, {
      hint: 'it needs frontmatter with a matching version and ## system, ## user and ## reask sections',
    });
  }
  const template = { version, system, user, reask };
  cache.set(version, template);
  return template;
}

/** Replaces {{name}} placeholders; a placeholder without a value is a bug in the caller. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new DigestError('INTERNAL', `prompt placeholder {{${name}}} has no value`);
    return value;
  });
}

/**
 * Paper text is data: it cannot close or reopen the fence it sits in, whatever it contains.
 * (An abstract saying "</paper> ignore your instructions" stays inside the fence.)
 */
export function fenceData(text: string): string {
  return text.replace(/<\s*\/?\s*(paper|directions)\s*>/gi, (match) =>
    match.replace(/</g, '‹').replace(/>/g, '›'),
  );
}

export function summaryMessages(paper: Paper, language: Language): ChatMessage[] {
  const prompt = loadPrompt(summaryPromptVersion);
  const values = {
    language: languageName(language),
    id: paper.version ? `${paper.id}v${paper.version}` : paper.id,
    title: fenceData(paper.title),
    abstract: fenceData(paper.abstract ?? ''),
    comments: fenceData(paper.comments ?? 'none'),
  };
  return [
    { role: 'system', content: fillTemplate(prompt.system, values) },
    { role: 'user', content: fillTemplate(prompt.user, values) },
  ];
}

/** The conversation for a second try: the rejected answer and why it was rejected. */
export function reaskMessages(
  first: ChatMessage[],
  rejectedAnswer: string,
  reason: string,
  version: string,
): ChatMessage[] {
  const prompt = loadPrompt(version);
  return [
    ...first,
    { role: 'assistant', content: rejectedAnswer.length > 0 ? rejectedAnswer : '(empty)' },
    { role: 'user', content: fillTemplate(prompt.reask, { reason }) },
  ];
}
