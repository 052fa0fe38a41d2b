import { z } from 'zod';
import { DigestError } from '../core/errors.ts';
import {
  createLlmConnection,
  describeLlmError,
  fatalLlmError,
  type LlmConnectionSettings,
} from './client.ts';

export interface EmbeddingsSettings extends LlmConnectionSettings {
  /** Default text-embedding-3-small. */
  model?: string | undefined;
  /** Texts per request; providers cap it (OpenAI 2048, DashScope 10), so keep it modest. */
  batchSize?: number | undefined;
  /** Optional output size for models that support shortening (text-embedding-3-*). */
  dimensions?: number | undefined;
}

export interface EmbeddingsClient {
  readonly model: string;
  /** One vector per text, in input order. */
  embed(texts: string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
  /** Prompt tokens the server reported so far. */
  usage(): { promptTokens: number; requests: number };
}

export const defaultEmbeddingModel = 'text-embedding-3-small';
const defaultBatchSize = 64;

const embeddingResponseSchema = z.object({
  data: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      embedding: z.array(z.number().refine(Number.isFinite, 'not a finite number')),
    }),
  ),
  usage: z.object({ prompt_tokens: z.number().nonnegative() }).nullish(),
});

export function createEmbeddingsClient(settings: EmbeddingsSettings): EmbeddingsClient {
  const connection = createLlmConnection(settings);
  const model = settings.model ?? defaultEmbeddingModel;
  const batchSize = settings.batchSize ?? defaultBatchSize;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new DigestError('CONFIG', `embedding batch size ${batchSize} is not a positive integer`, {
      hint: 'use a batch size of 1 or more',
    });
  }
  let promptTokens = 0;

  const embedBatch = async (batch: string[], signal: AbortSignal | undefined): Promise<number[][]> => {
    let raw: unknown;
    try {
      raw = await connection.openai.embeddings.create(
        {
          model,
          input: batch,
          // Without it the SDK asks for base64 and decodes it; some compatible servers only speak float.
          encoding_format: 'float',
          ...(settings.dimensions ? { dimensions: settings.dimensions } : {}),
        },
        signal ? { signal } : undefined,
      );
    } catch (error) {
      const described = describeLlmError(error, connection);
      if (described.fatal) throw fatalLlmError(described, model);
      throw new DigestError('LLM', `embedding request failed: ${described.message}`, {
        hint: 'check the endpoint, or build without LLM embeddings (--llm none)',
      });
    }
    const parsed = embeddingResponseSchema.safeParse(raw);
    if (!parsed.success) {
      throw new DigestError(
        'PROTOCOL',
        `the embeddings answer is malformed: ${parsed.error.issues[0]?.message}`,
        {
          hint: `check that model "${model}" is an embedding model`,
        },
      );
    }
    promptTokens += parsed.data.usage?.prompt_tokens ?? 0;
    const vectors: (number[] | undefined)[] = Array.from({ length: batch.length }, () => undefined);
    for (const item of parsed.data.data) {
      if (item.index >= batch.length || vectors[item.index]) {
        throw new DigestError(
          'PROTOCOL',
          `the embeddings answer has a wrong or repeated index ${item.index}`,
          {
            hint: 'the server is not OpenAI-compatible for /embeddings',
          },
        );
      }
      vectors[item.index] = item.embedding;
    }
    return vectors.map((vector, index) => {
      if (!vector) {
        throw new DigestError('PROTOCOL', `the embeddings answer lacks the vector for input ${index}`, {
          hint: 'the server is not OpenAI-compatible for /embeddings',
        });
      }
      return vector;
    });
  };

  return {
    model,
    usage: () => ({ promptTokens, requests: connection.httpRequests() }),
    async embed(texts, options = {}) {
      if (texts.some((text) => text.trim().length === 0)) {
        // OpenAI answers 400 for empty input; say which caller bug it is instead.
        throw new DigestError('INTERNAL', 'an empty text was passed to the embeddings client', {
          hint: 'embed title + abstract, which are never empty',
        });
      }
      const vectors: number[][] = [];
      // Sequential batches: embedding calls are large and providers rate-limit them per minute.
      for (let start = 0; start < texts.length; start += batchSize) {
        vectors.push(...(await embedBatch(texts.slice(start, start + batchSize), options.signal)));
      }
      const dimension = vectors[0]?.length ?? 0;
      if (vectors.some((vector) => vector.length !== dimension || dimension === 0)) {
        throw new DigestError('PROTOCOL', 'the embeddings answer has vectors of different sizes', {
          hint: `check that model "${model}" is an embedding model`,
        });
      }
      return vectors;
    },
  };
}
