import { createHmac } from 'node:crypto';
import type { ChannelAdapter, ChannelDependencies } from '../channel.ts';
import { partLabel } from '../channel.ts';
import { escapeChinaMarkdown, neutralizeMentions } from '../escape.ts';
import { utf8Bytes } from '../split.ts';
import { createTextChannel, errcodeVerdict } from './text-channel.ts';

/** DingTalk custom robot: msgtype markdown; the request body must stay within 20000 bytes. */
export const dingtalkLimit = 20_000;
/** 130101: "send too fast" (20 messages a minute per robot). */
const rateLimitCodes = [130101];

/**
 * DingTalk's signing ("加签"): HMAC-SHA256 keyed with the secret over `${timestamp}\n${secret}`
 * (timestamp in milliseconds), Base64, then URL-encoded, sent as the timestamp and sign parameters.
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

export function createDingtalkChannel(
  settings: { webhookUrl: string; secret: string | null },
  dependencies: ChannelDependencies,
): ChannelAdapter {
  const body = (text: string, title: string, index: number, count: number): unknown => ({
    msgtype: 'markdown',
    // The title is what the notification and the chat list show: plain text.
    markdown: { title: neutralizeMentions(`${title}${partLabel(index, count)}`), text },
    at: { isAtAll: false },
  });
  return createTextChannel(
    {
      name: 'dingtalk',
      destination: settings.webhookUrl,
      syntax: {
        text: escapeChinaMarkdown,
        bold: (text) => `**${escapeChinaMarkdown(text)}**`,
        link: (text, href) => (href ? `[${escapeChinaMarkdown(text)}](${href})` : escapeChinaMarkdown(text)),
        // DingTalk's Markdown keeps a single newline only after two spaces.
        lineBreak: '  \n',
        unitBreak: '\n\n',
      },
      limit: dingtalkLimit,
      unit: 'bytes',
      measure: (text, digest, index, count) =>
        utf8Bytes(JSON.stringify(body(text, digest.title, index, count))),
      body: (text, digest, index, count) => body(text, digest.title, index, count),
      url: () => {
        if (!settings.secret) return settings.webhookUrl;
        const url = new URL(settings.webhookUrl);
        const timestamp = dependencies.now();
        url.searchParams.set('timestamp', String(timestamp));
        url.searchParams.set('sign', dingtalkSign(settings.secret, timestamp));
        return url.href;
      },
      interpret: (answer) => errcodeVerdict(answer, 'errcode', rateLimitCodes),
    },
    dependencies,
  );
}
