import type { ChannelAdapter, ChannelDependencies } from '../channel.ts';
import { escapeHtml } from '../escape.ts';
import { createTextChannel } from './text-channel.ts';

/** Telegram Bot API sendMessage with parse_mode HTML: text of at most 4096 characters. */
export const telegramLimit = 4096;
export const defaultTelegramApiUrl = 'https://api.telegram.org';

export function createTelegramChannel(
  settings: { botToken: string; chatId: string; apiUrl: string },
  dependencies: ChannelDependencies,
): ChannelAdapter {
  const base = settings.apiUrl.replace(/\/+$/, '');
  return createTextChannel(
    {
      name: 'telegram',
      destination: `${base}\n${settings.botToken}\n${settings.chatId}`,
      syntax: {
        text: escapeHtml,
        bold: (text) => `<b>${escapeHtml(text)}</b>`,
        link: (text, href) =>
          href ? `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>` : escapeHtml(text),
        lineBreak: '\n',
        unitBreak: '\n\n',
      },
      limit: telegramLimit,
      unit: 'chars',
      // Telegram counts the text after parsing the tags; the raw HTML is never shorter.
      measure: (text) => text.length,
      body: (text) => ({
        chat_id: settings.chatId,
        text,
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      }),
      url: () => `${base}/bot${settings.botToken}/sendMessage`,
      interpret(answer) {
        const body = answer.json as
          | {
              ok?: unknown;
              description?: unknown;
              error_code?: unknown;
              parameters?: { retry_after?: unknown };
            }
          | undefined;
        if (body?.ok === true) return { kind: 'ok' };
        if (body?.ok === false) {
          const reason =
            `error ${String(body.error_code ?? answer.status)} ${String(body.description ?? '')}`.trim();
          const wait = body.parameters?.retry_after;
          if (typeof wait === 'number') return { kind: 'retry', reason, afterMs: wait * 1000 };
          if (answer.status === 429 || answer.status >= 500) return { kind: 'retry', reason };
          return { kind: 'fail', reason };
        }
        if (answer.status < 300)
          return { kind: 'fail', reason: `HTTP ${answer.status}, not a Bot API answer` };
        return null;
      },
    },
    dependencies,
  );
}
