import type { ChannelAdapter, ChannelDependencies, PreparedMessage, TextSyntax } from '../channel.ts';
import { paperIdsOf, partLabel, renderUnits } from '../channel.ts';
import { digestUnits, type Unit } from '../document.ts';
import { escapeSlack, escapeSlackLinkText, safeUrl } from '../escape.ts';
import type { Verdict } from '../sender.ts';
import { packUnits } from '../split.ts';
import { fingerprint } from './text-channel.ts';

/** Slack incoming webhook: Block Kit section blocks (mrkdwn), at most 50 blocks, 3000 chars each. */
export const slackLimits = { blocks: 50, sectionChars: 3000 } as const;

const syntax: TextSyntax = {
  text: escapeSlack,
  bold: (text) => `*${escapeSlack(text)}*`,
  link: (text, url) => (url ? `<${url}|${escapeSlackLinkText(text)}>` : escapeSlack(text)),
  lineBreak: '\n',
  unitBreak: '\n\n',
};

export function createSlackChannel(
  settings: { webhookUrl: string },
  dependencies: ChannelDependencies,
): ChannelAdapter {
  const safe = (url: string): string | null => safeUrl(url, dependencies.allowedOrigins);
  return {
    name: 'slack',
    target: fingerprint(`slack\n${settings.webhookUrl}`),
    prepare(digest) {
      const fits = (units: Unit[]): boolean =>
        renderUnits(units, syntax, safe).length <= slackLimits.sectionChars;
      const sections = packUnits(digestUnits(digest), fits);
      const groups: Unit[][][] = [];
      for (let start = 0; start < sections.length; start += slackLimits.blocks)
        groups.push(sections.slice(start, start + slackLimits.blocks));
      return groups.map(
        (group, index): PreparedMessage => ({
          index,
          size: group.length,
          limit: slackLimits.blocks,
          unit: 'blocks',
          paperIds: paperIdsOf(group.flat()),
          payload: {
            // The notification text; the blocks are what the channel shows.
            text: `${escapeSlack(digest.title)}${partLabel(index, groups.length)}`,
            blocks: group.map((section) => ({
              type: 'section',
              text: { type: 'mrkdwn', text: renderUnits(section, syntax, safe) },
            })),
          },
        }),
      );
    },
    async send(message) {
      await dependencies.sender.postJson(
        'slack',
        settings.webhookUrl,
        message.payload,
        (answer): Verdict | null => {
          // Slack answers "ok" as plain text; errors are short codes (invalid_blocks, no_service, ...).
          if (answer.status === 200)
            return answer.text.trim() === 'ok'
              ? { kind: 'ok' }
              : { kind: 'fail', reason: `unexpected answer "${answer.text.slice(0, 80)}"` };
          return null;
        },
      );
    },
  };
}
