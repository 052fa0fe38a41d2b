import type { ChannelAdapter, ChannelDependencies } from '../channel.ts';
import { escapeMarkdown } from '../escape.ts';
import { retryAfterMs } from '../sender.ts';
import { createTextChannel } from './text-channel.ts';

/** Discord webhook: `content` of at most 2000 characters; mentions never parsed, link previews off. */
export const discordLimit = 2000;
/** Discord's SUPPRESS_EMBEDS message flag: 34 link previews would bury the digest. */
const suppressEmbeds = 1 << 2;

export function createDiscordChannel(
  settings: { webhookUrl: string },
  dependencies: ChannelDependencies,
): ChannelAdapter {
  // ?wait=true makes Discord answer with the created message: a confirmed delivery, not a 204.
  const url = new URL(settings.webhookUrl);
  url.searchParams.set('wait', 'true');
  return createTextChannel(
    {
      name: 'discord',
      destination: settings.webhookUrl,
      syntax: {
        text: escapeMarkdown,
        bold: (text) => `**${escapeMarkdown(text)}**`,
        link: (text, href) => (href ? `[${escapeMarkdown(text)}](${href})` : escapeMarkdown(text)),
        lineBreak: '\n',
        unitBreak: '\n\n',
      },
      limit: discordLimit,
      unit: 'chars',
      measure: (text) => text.length,
      body: (content) => ({ content, allowed_mentions: { parse: [] }, flags: suppressEmbeds }),
      url: () => url.href,
      interpret(answer) {
        const body = answer.json as { retry_after?: unknown; message?: unknown; code?: unknown } | undefined;
        if (answer.status === 429) {
          const seconds = typeof body?.retry_after === 'number' ? body.retry_after : undefined;
          return {
            kind: 'retry',
            reason: 'HTTP 429 (rate limited)',
            afterMs:
              seconds !== undefined
                ? Math.ceil(seconds * 1000)
                : retryAfterMs(answer.headers.get('retry-after')),
          };
        }
        if (answer.status >= 400 && answer.status < 500)
          return {
            kind: 'fail',
            reason: `HTTP ${answer.status} ${String(body?.message ?? answer.text.slice(0, 120))}`,
          };
        if (answer.status >= 200 && answer.status < 300) return { kind: 'ok' };
        return null;
      },
    },
    dependencies,
  );
}
