import type { Unit } from './document.ts';
import type { DeliveryDigest, Span } from './model.ts';
import type { Sender } from './sender.ts';

/** Every channel `deliver --to` knows, in the order they are reported. */
export const channelNames = ['email', 'slack', 'discord', 'feishu', 'dingtalk', 'wecom', 'telegram'] as const;
export type ChannelName = (typeof channelNames)[number];

/** The variables each channel reads (README and --help list the same). */
export const channelVariables: Record<ChannelName, string[]> = {
  email: ['SMTP_URL', 'ARXIV_DIGEST_MAIL_FROM', 'ARXIV_DIGEST_MAIL_TO'],
  slack: ['SLACK_WEBHOOK_URL'],
  discord: ['DISCORD_WEBHOOK_URL'],
  feishu: ['FEISHU_WEBHOOK_URL', 'FEISHU_SECRET'],
  dingtalk: ['DINGTALK_WEBHOOK_URL', 'DINGTALK_SECRET'],
  wecom: ['WECOM_WEBHOOK_URL'],
  telegram: ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_CHAT_ID', 'TELEGRAM_API_URL'],
};

/** One message ready to go: its payload and what it measures against the channel's limit. */
export interface PreparedMessage {
  index: number;
  /** Size in `unit`s, as the channel's limit counts it. */
  size: number;
  limit: number;
  unit: 'chars' | 'bytes' | 'blocks';
  /** arXiv ids of the papers presented in this message, in order. */
  paperIds: string[];
  /** The request body (JSON channels) or the mail (email). */
  payload: unknown;
}

export interface ChannelAdapter {
  name: ChannelName;
  /**
   * A fingerprint of where messages go (a hash of the webhook, chat or recipients, never the
   * secret itself): delivering the same post to another group is a new delivery.
   */
  target: string;
  prepare(digest: DeliveryDigest): PreparedMessage[];
  send(message: PreparedMessage, digest: DeliveryDigest): Promise<void>;
}

/** What adapters get from the composition root: the sender, a clock, the site origin for links. */
export interface ChannelDependencies {
  sender: Sender;
  /** Milliseconds since the epoch (signatures carry timestamps). */
  now: () => number;
  /** Origins besides arXiv that links may point to (the digest's site). */
  allowedOrigins: string[];
  sleep: (ms: number) => Promise<void>;
  /** The post's folder: email attaches the charts found next to it. */
  postDirectory: string;
  /** Removes secrets from error texts that did not pass through the sender. */
  redact: (text: string) => string;
}

/** How a text format writes spans, lines and units. */
export interface TextSyntax {
  text(text: string): string;
  bold(text: string): string;
  /** `url` is null when the link is not safe to send: the text alone is shown. */
  link(text: string, url: string | null): string;
  lineBreak: string;
  unitBreak: string;
}

export function renderSpan(span: Span, syntax: TextSyntax, safe: (url: string) => string | null): string {
  if ('url' in span) return syntax.link(span.text, safe(span.url));
  return span.bold ? syntax.bold(span.text) : syntax.text(span.text);
}

export function renderUnits(
  units: readonly Unit[],
  syntax: TextSyntax,
  safe: (url: string) => string | null,
): string {
  return units
    .map((unit) =>
      unit.lines
        .map((line) => line.map((span) => renderSpan(span, syntax, safe)).join(''))
        .join(syntax.lineBreak),
    )
    .join(syntax.unitBreak);
}

export const paperIdsOf = (units: readonly Unit[]): string[] => [
  ...new Set(units.flatMap((unit) => unit.paperIds)),
];

/** " (2/3)" when the digest takes several messages. */
export const partLabel = (index: number, count: number): string =>
  count > 1 ? ` (${index + 1}/${count})` : '';
