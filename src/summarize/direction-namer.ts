import { z } from 'zod';
import type { Language } from '../core/digest.ts';
import { languageProblem } from '../core/text.ts';
import { ChatCallError, type ChatMessage, createJsonChat } from '../llm/chat.ts';
import { createLlmConnection, fatalLlmError, type LlmConnectionSettings } from '../llm/client.ts';
import { numbersNotIn, venueNotIn } from '../verify/grounding.ts';
import { countSentences, languageName } from './output.ts';
import { directionsPromptVersion, fenceData, fillTemplate, loadPrompt, reaskMessages } from './prompts.ts';

/**
 * Direction names from the LLM. The types mirror DirectionNamer in src/directions (structurally; the
 * summarize layer does not import from directions). Any direction whose name fails the checks
 * keeps the name the caller's fallback namer gives it.
 */

export interface DirectionNamingInput {
  clusters: { paperIds: string[]; representativeIds: string[]; keywords: string[] }[];
  papers: { id: string; title: string; abstract?: string | null }[];
  language: Language;
}

export interface DirectionLabel {
  name: string;
  overview: string;
}

export interface DirectionNamerLike {
  name(input: DirectionNamingInput): Promise<DirectionLabel[]>;
}

export interface LlmDirectionNamerSettings extends LlmConnectionSettings {
  model: string;
  /** Names the LLM could not give (offline labels from keywords). */
  fallback: DirectionNamerLike;
  /** Titles shown per direction (representatives first). Default 5. */
  titlesPerDirection?: number | undefined;
  log?: ((line: string) => void) | undefined;
  /**
   * The rules the post's directions must keep (the direction invariants, injected by the pipeline
   * so this layer does not import them): why `labels[index]` breaks one, or null. A label that
   * breaks one is asked again once, then gets the fallback name.
   */
  check?:
    | ((
        input: DirectionNamingInput,
        labels: readonly (DirectionLabel | undefined)[],
        index: number,
      ) => string | null)
    | undefined;
}

const answerSchema = z.object({
  directions: z.array(z.object({ index: z.number().int(), name: z.string(), overview: z.string() })),
});

const answerJsonSchema: Record<string, unknown> = {
  type: 'object',
  properties: {
    directions: {
      type: 'array',
      items: {
        type: 'object',
        properties: { index: { type: 'integer' }, name: { type: 'string' }, overview: { type: 'string' } },
        required: ['index', 'name', 'overview'],
        additionalProperties: false,
      },
    },
  },
  required: ['directions'],
  additionalProperties: false,
};

function clusterText(input: DirectionNamingInput, titlesPerDirection: number): string {
  const titles = new Map(input.papers.map((paper) => [paper.id, paper.title]));
  return input.clusters
    .map((cluster, index) => {
      const ids = [...new Set([...cluster.representativeIds, ...cluster.paperIds])].slice(
        0,
        titlesPerDirection,
      );
      const lines = ids.flatMap((id) => (titles.has(id) ? [`- ${titles.get(id)}`] : []));
      return [
        `Direction ${index + 1}`,
        `Keywords: ${cluster.keywords.slice(0, 8).join(', ')}`,
        'Papers:',
        ...lines,
      ].join('\n');
    })
    .join('\n\n');
}

function labelProblem(label: DirectionLabel, language: Language, source: string): string | null {
  if (label.name.length === 0 || label.overview.length === 0) return 'empty name or overview';
  if (/[\n*#[\]]/.test(label.name) || label.name.length > (language === 'zh' ? 24 : 80))
    return 'name too long or not plain';
  if (countSentences(label.overview, language) > 2) return 'overview longer than one sentence';
  // The one language test (core/text.ts), the same the direction invariants apply.
  for (const [field, text] of [
    ['name', label.name],
    ['overview', label.overview],
  ] as const) {
    const wrongLanguage = languageProblem(text, language);
    if (wrongLanguage) return `the ${field} "${text.slice(0, 40)}" ${wrongLanguage}`;
  }
  const venue = venueNotIn(`${label.name} ${label.overview}`, source);
  if (venue) return venue;
  const numbers = numbersNotIn(`${label.name} ${label.overview}`, source);
  return numbers.length > 0 ? `numbers not in the input: ${numbers.join(', ')}` : null;
}

export function createLlmDirectionNamer(settings: LlmDirectionNamerSettings): DirectionNamerLike {
  const connection = createLlmConnection(settings);
  const chat = createJsonChat(connection, settings.model);
  const titlesPerDirection = settings.titlesPerDirection ?? 5;
  const log = (line: string) => settings.log?.(connection.redact(`[llm] directions: ${line}`));

  const ask = async (messages: ChatMessage[]) => {
    try {
      return await chat.complete({ messages, schemaName: 'direction_names', schema: answerJsonSchema });
    } catch (error) {
      if (error instanceof ChatCallError && error.described.fatal)
        throw fatalLlmError(error.described, chat.model);
      if (error instanceof ChatCallError) return error.message;
      throw error;
    }
  };

  return {
    async name(input) {
      const count = input.clusters.length;
      if (count === 0) return [];
      const prompt = loadPrompt(directionsPromptVersion);
      const clusters = clusterText(input, titlesPerDirection);
      const values = {
        language: languageName(input.language),
        count: String(count),
        clusters: fenceData(clusters),
      };
      const first: ChatMessage[] = [
        { role: 'system', content: fillTemplate(prompt.system, values) },
        { role: 'user', content: fillTemplate(prompt.user, values) },
      ];
      const source = `${clusters}\n${input.papers.map((paper) => paper.abstract ?? '').join('\n')}`;
      const labels: (DirectionLabel | undefined)[] = Array.from({ length: count }, () => undefined);
      let messages = first;
      for (let attempt = 0; attempt < 2; attempt++) {
        const answer = await ask(messages);
        if (typeof answer === 'string') {
          log(`the call failed (${answer}); using the offline names`);
          break;
        }
        let reason: string | null = null;
        let parsed: z.infer<typeof answerSchema> | undefined;
        try {
          const result = answerSchema.safeParse(JSON.parse(answer.content ?? ''));
          if (result.success) parsed = result.data;
          else reason = 'the JSON does not match {"directions": [{"index", "name", "overview"}]}';
        } catch {
          reason = answer.content?.trim() ? 'the answer is not valid JSON' : 'the answer was empty';
        }
        if (parsed) {
          const problems: string[] = [];
          for (const entry of parsed.directions) {
            const index = entry.index - 1;
            const label = { name: entry.name.trim(), overview: entry.overview.replace(/\s+/g, ' ').trim() };
            const duplicate = labels.some((other, at) => at !== index && other?.name === label.name);
            if (index < 0 || index >= count) continue;
            const candidates = labels.map((other, at) => (at === index ? label : other));
            const text = `${label.name} ${label.overview}`;
            const problem = duplicate
              ? 'duplicate name'
              : connection.redact(text) !== text
                ? 'it contains the API key or a key-shaped secret'
                : (labelProblem(label, input.language, source) ??
                  settings.check?.(input, candidates, index) ??
                  null);
            if (problem) problems.push(`direction ${entry.index}: ${problem}`);
            else labels[index] ??= label;
          }
          if (labels.every(Boolean)) break;
          reason = problems.length > 0 ? problems.join('; ') : `expected ${count} directions`;
        }
        if (attempt === 0 && reason) {
          log(`${reason}; asking once more`);
          messages = reaskMessages(first, answer.content ?? '', reason, directionsPromptVersion);
        }
      }
      const missing = labels.flatMap((label, index) => (label ? [] : [index + 1]));
      if (missing.length === 0) return labels as DirectionLabel[];
      log(`offline names for direction(s) ${missing.join(', ')}`);
      const offline = await settings.fallback.name(input);
      return labels.map((label, index) => label ?? (offline[index] as DirectionLabel));
    },
  };
}
