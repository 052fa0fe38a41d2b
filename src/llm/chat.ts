import { z } from 'zod';
import { type DescribedLlmError, describeLlmError, type LlmConnection } from './client.ts';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface ChatAnswer {
  content: string | null;
  /** OpenAI's structured-output refusal text, when the provider sends one. */
  refusal: string | null;
  finishReason: string | null;
  /** Null when the server reported no usage. */
  usage: TokenUsage | null;
}

export type StructuredOutputMode = 'json_schema' | 'json_object';

export interface JsonChatRequest {
  messages: ChatMessage[];
  /** Name and JSON Schema of the answer object (strict structured output). */
  schemaName: string;
  schema: Record<string, unknown>;
  signal?: AbortSignal | undefined;
}

/** Thrown by JsonChat.complete: the described failure of one call. */
export class ChatCallError extends Error {
  readonly described: DescribedLlmError;
  constructor(described: DescribedLlmError) {
    super(described.message);
    this.name = 'ChatCallError';
    this.described = described;
  }
}

export interface JsonChat {
  readonly model: string;
  /** json_schema until the provider rejects it, then json_object for the rest of this chat's life. */
  mode(): StructuredOutputMode;
  complete(request: JsonChatRequest): Promise<ChatAnswer>;
}

// Vendor JSON is validated like any other boundary; only the fields we use.
const completionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z
          .object({
            content: z.string().nullish(),
            refusal: z.string().nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1, 'the answer has no choices'),
  usage: z
    .object({ prompt_tokens: z.number().nonnegative(), completion_tokens: z.number().nonnegative() })
    .nullish(),
});

export function createJsonChat(connection: LlmConnection, model: string): JsonChat {
  let mode: StructuredOutputMode = 'json_schema';

  const send = async (request: JsonChatRequest, useMode: StructuredOutputMode): Promise<unknown> => {
    const responseFormat =
      useMode === 'json_schema'
        ? {
            type: 'json_schema' as const,
            json_schema: { name: request.schemaName, schema: request.schema, strict: true },
          }
        : { type: 'json_object' as const };
    return connection.openai.chat.completions.create(
      { model, messages: request.messages, response_format: responseFormat },
      request.signal ? { signal: request.signal } : undefined,
    );
  };

  return {
    model,
    mode: () => mode,
    async complete(request) {
      let raw: unknown;
      try {
        try {
          raw = await send(request, mode);
        } catch (error) {
          const described = describeLlmError(error, connection);
          if (!(mode === 'json_schema' && described.unsupportedJsonSchema)) throw error;
          // Providers without structured outputs (many local servers) still honour json_object.
          mode = 'json_object';
          raw = await send(request, mode);
        }
      } catch (error) {
        throw new ChatCallError(describeLlmError(error, connection));
      }
      const parsed = completionSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ChatCallError({
          message: `the server's answer is not a chat completion (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})`,
          fatal: false,
          unsupportedJsonSchema: false,
        });
      }
      const choice = parsed.data.choices[0];
      const usage = parsed.data.usage;
      return {
        content: choice?.message?.content ?? null,
        refusal: choice?.message?.refusal ?? null,
        finishReason: choice?.finish_reason ?? null,
        usage: usage
          ? { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens }
          : null,
      };
    },
  };
}
