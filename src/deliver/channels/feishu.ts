import { createHmac } from 'node:crypto';
import type { ChannelAdapter, ChannelDependencies, PreparedMessage } from '../channel.ts';
import { paperIdsOf, partLabel } from '../channel.ts';
import { digestUnits, type Unit } from '../document.ts';
import { escapeFeishuText, safeUrl } from '../escape.ts';
import type { DeliveryDigest } from '../model.ts';
import { packUnits, utf8Bytes } from '../split.ts';
import { errcodeVerdict, fingerprint } from './text-channel.ts';

/**
 * Feishu (Lark) custom bot: a rich-text `post` message. Its elements are plain text and links
 * (nothing in a text element is read as markup), so escaping is only about the `<at>` syntax.
 * The request body stays within 20 KB.
 */
export const feishuLimit = 20_000;
/** Room left in the body for the timestamp and signature added at send time. */
const signatureRoom = 120;
/** 9499 and 11232: Feishu's "too many requests" codes for bots. */
const rateLimitCodes = [9499, 11232];

/**
 * Feishu's signature: HMAC-SHA256 keyed with `${timestamp}\n${secret}` over an empty message,
 * Base64; timestamp in seconds. Both go into the JSON body.
 */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

type Element = { tag: 'text'; text: string; style?: string[] } | { tag: 'a'; text: string; href: string };

function paragraphs(units: readonly Unit[], allowedOrigins: string[]): Element[][] {
  const result: Element[][] = [];
  units.forEach((unit, index) => {
    if (index > 0) result.push([{ tag: 'text', text: '' }]);
    for (const line of unit.lines) {
      result.push(
        line.map((span): Element => {
          const href = 'url' in span ? safeUrl(span.url, allowedOrigins) : null;
          if (href) return { tag: 'a', text: escapeFeishuText(span.text), href };
          const bold = !('url' in span) && span.bold;
          return bold
            ? { tag: 'text', text: escapeFeishuText(span.text), style: ['bold'] }
            : { tag: 'text', text: escapeFeishuText(span.text) };
        }),
      );
    }
  });
  return result;
}

function postBody(
  digest: DeliveryDigest,
  units: readonly Unit[],
  index: number,
  count: number,
  origins: string[],
) {
  return {
    msg_type: 'post',
    content: {
      post: {
        [digest.language === 'zh' ? 'zh_cn' : 'en_us']: {
          title: escapeFeishuText(`${digest.title}${partLabel(index, count)}`),
          content: paragraphs(units, origins),
        },
      },
    },
  };
}

export function createFeishuChannel(
  settings: { webhookUrl: string; secret: string | null },
  dependencies: ChannelDependencies,
): ChannelAdapter {
  const origins = dependencies.allowedOrigins;
  return {
    name: 'feishu',
    target: fingerprint(`feishu\n${settings.webhookUrl}`),
    prepare(digest) {
      const size = (units: readonly Unit[], index: number, count: number): number =>
        utf8Bytes(JSON.stringify(postBody(digest, units, index, count, origins))) + signatureRoom;
      const groups = packUnits(digestUnits(digest), (units) => size(units, 98, 99) <= feishuLimit);
      return groups.map(
        (group, index): PreparedMessage => ({
          index,
          size: size(group, index, groups.length),
          limit: feishuLimit,
          unit: 'bytes',
          paperIds: paperIdsOf(group),
          payload: postBody(digest, group, index, groups.length, origins),
        }),
      );
    },
    async send(message) {
      let body = message.payload as Record<string, unknown>;
      if (settings.secret) {
        const timestamp = Math.floor(dependencies.now() / 1000);
        body = { timestamp: String(timestamp), sign: feishuSign(settings.secret, timestamp), ...body };
      }
      await dependencies.sender.postJson('feishu', settings.webhookUrl, body, (answer) =>
        errcodeVerdict(answer, 'code', rateLimitCodes),
      );
    },
  };
}
