import { createHash } from 'node:crypto';
import {
  type ChannelAdapter,
  type ChannelDependencies,
  type ChannelName,
  type PreparedMessage,
  paperIdsOf,
  partLabel,
  renderUnits,
  type TextSyntax,
} from '../channel.ts';
import { digestUnits, type Unit } from '../document.ts';
import { safeUrl } from '../escape.ts';
import type { DeliveryDigest } from '../model.ts';
import type { PlatformAnswer, Verdict } from '../sender.ts';
import { packUnits } from '../split.ts';

/**
 * The shape shared by the chat channels whose message is one formatted text: render the units in
 * the channel's syntax, pack them under its limit, wrap each text in the platform's JSON body.
 */
export interface TextChannelSpec {
  name: ChannelName;
  /** Identifies the destination for the delivery record; hashed, never stored as is. */
  destination: string;
  syntax: TextSyntax;
  limit: number;
  unit: 'chars' | 'bytes';
  /** The size the limit applies to: of the text, or of the whole body. */
  measure: (text: string, digest: DeliveryDigest, index: number, count: number) => number;
  body: (text: string, digest: DeliveryDigest, index: number, count: number) => unknown;
  /** The URL to post to (signed channels sign per request). */
  url: () => string;
  interpret: (answer: PlatformAnswer) => Verdict | null;
}

export const fingerprint = (value: string): string =>
  createHash('sha256').update(value).digest('hex').slice(0, 16);

export function createTextChannel(spec: TextChannelSpec, dependencies: ChannelDependencies): ChannelAdapter {
  const safe = (url: string): string | null => safeUrl(url, dependencies.allowedOrigins);
  return {
    name: spec.name,
    target: fingerprint(`${spec.name}\n${spec.destination}`),
    prepare(digest) {
      const units = digestUnits(digest);
      // Messages after the first open with the title and their part number, so each reads on its own.
      const header = (index: number, count: number): Unit => ({
        lines: [[{ text: `${digest.title}${partLabel(index, count)}`, bold: true }]],
        paperIds: [],
      });
      // The part label "(2/3)" is not known while packing; measure with the widest one possible.
      const fits = (candidate: Unit[]): boolean =>
        spec.measure(renderUnits([header(98, 99), ...candidate], spec.syntax, safe), digest, 98, 99) <=
        spec.limit;
      const groups = packUnits(units, fits);
      return groups.map((group, index): PreparedMessage => {
        const text = renderUnits(
          index === 0 ? group : [header(index, groups.length), ...group],
          spec.syntax,
          safe,
        );
        return {
          index,
          size: spec.measure(text, digest, index, groups.length),
          limit: spec.limit,
          unit: spec.unit,
          paperIds: paperIdsOf(group),
          payload: spec.body(text, digest, index, groups.length),
        };
      });
    },
    async send(message) {
      await dependencies.sender.postJson(spec.name, spec.url(), message.payload, spec.interpret);
    },
  };
}

/** Reads `errcode`/`code` bodies (Feishu, DingTalk, WeCom): 0 is success, rate-limit codes retry. */
export function errcodeVerdict(
  answer: PlatformAnswer,
  field: 'errcode' | 'code',
  rateLimitCodes: readonly number[],
): Verdict | null {
  const body = answer.json as Record<string, unknown> | undefined;
  const code = body?.[field] ?? (field === 'code' ? body?.StatusCode : undefined);
  if (typeof code !== 'number') {
    if (answer.status === 429 || answer.status >= 500) return null;
    return { kind: 'fail', reason: `HTTP ${answer.status}, not the platform's JSON answer` };
  }
  if (code === 0) return answer.status < 300 ? { kind: 'ok' } : null;
  const message = String(body?.errmsg ?? body?.msg ?? body?.StatusMessage ?? '');
  const reason = `${field} ${code}${message ? ` ${message}` : ''}`;
  if (rateLimitCodes.includes(code)) return { kind: 'retry', reason: `rate limited (${reason})` };
  return { kind: 'fail', reason };
}
