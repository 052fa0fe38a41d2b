import type { ChannelAdapter, ChannelDependencies } from '../channel.ts';
import { escapeChinaMarkdown } from '../escape.ts';
import { utf8Bytes } from '../split.ts';
import { createTextChannel, errcodeVerdict } from './text-channel.ts';

/** WeCom group robot: msgtype markdown, content at most 4096 bytes of UTF-8. */
export const wecomLimit = 4096;
/** 45009: the robot's rate limit (20 messages a minute). */
const rateLimitCodes = [45009];

export function createWecomChannel(
  settings: { webhookUrl: string },
  dependencies: ChannelDependencies,
): ChannelAdapter {
  return createTextChannel(
    {
      name: 'wecom',
      destination: settings.webhookUrl,
      syntax: {
        text: escapeChinaMarkdown,
        bold: (text) => `**${escapeChinaMarkdown(text)}**`,
        link: (text, href) => (href ? `[${escapeChinaMarkdown(text)}](${href})` : escapeChinaMarkdown(text)),
        lineBreak: '\n',
        unitBreak: '\n\n',
      },
      limit: wecomLimit,
      unit: 'bytes',
      measure: (text) => utf8Bytes(text),
      body: (content) => ({ msgtype: 'markdown', markdown: { content } }),
      url: () => settings.webhookUrl,
      interpret: (answer) => errcodeVerdict(answer, 'errcode', rateLimitCodes),
    },
    dependencies,
  );
}
