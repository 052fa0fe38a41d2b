import { createHash } from 'node:crypto';
import path from 'node:path';
import { DigestError, toDigestError } from '../core/errors.ts';
import { redactSecrets } from '../llm/redact.ts';
import type { PaperStore } from '../store/types.ts';
import type { ChannelAdapter, ChannelDependencies, ChannelName, PreparedMessage } from './channel.ts';
import { createDingtalkChannel } from './channels/dingtalk.ts';
import { createDiscordChannel } from './channels/discord.ts';
import { createEmailChannel } from './channels/email.ts';
import { createFeishuChannel } from './channels/feishu.ts';
import { createSlackChannel } from './channels/slack.ts';
import { createTelegramChannel, defaultTelegramApiUrl } from './channels/telegram.ts';
import { createWecomChannel } from './channels/wecom.ts';
import { parseDeliveryDigest } from './model.ts';
import { createSender, defaultSleep } from './sender.ts';
import { type ChannelSettings, type DeliverConfig, resolveChannelSettings, secretsOf } from './settings.ts';

export interface DeliverOptions {
  markdown: string;
  postPath: string;
  channels: ChannelName[];
  env: Record<string, string | undefined>;
  config?: DeliverConfig;
  siteUrl?: string | null;
  dryRun?: boolean;
  force?: boolean;
  /** Needed unless dryRun: where delivered messages are recorded. */
  store: PaperStore | null;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export type MessageStatus = 'sent' | 'already-delivered' | 'would-send' | 'failed' | 'not-sent';

export interface ChannelReport {
  channel: ChannelName;
  ok: boolean;
  messages: {
    index: number;
    size: number;
    limit: number;
    unit: string;
    papers: number;
    status: MessageStatus;
  }[];
  sent: number;
  skipped: number;
  /** One line saying why the channel failed, secrets removed; null when it did not. */
  error: string | null;
  /** --dry-run only: the setting that is missing, when the channel could not send for real. */
  missing?: string;
}

export interface DeliverReport {
  ok: boolean;
  post: string;
  title: string;
  papers: number;
  dryRun: boolean;
  channels: ChannelReport[];
  /** Waits before retries, in milliseconds, over all channels. */
  retryWaits: number[];
}

/** Stand-ins for --dry-run without settings: the payloads do not depend on where they go. */
function placeholderSettings(channel: ChannelName): ChannelSettings {
  const webhookUrl = 'https://example.invalid/webhook';
  switch (channel) {
    case 'email':
      return {
        channel,
        smtpUrl: 'smtp://example.invalid',
        from: 'digest@example.invalid',
        to: ['reader@example.invalid'],
      };
    case 'feishu':
    case 'dingtalk':
      return { channel, webhookUrl, secret: null };
    case 'telegram':
      return { channel, botToken: 'placeholder', chatId: '0', apiUrl: defaultTelegramApiUrl };
    default:
      return { channel, webhookUrl };
  }
}

function createAdapter(settings: ChannelSettings, dependencies: ChannelDependencies): ChannelAdapter {
  switch (settings.channel) {
    case 'email':
      return createEmailChannel(settings, dependencies);
    case 'slack':
      return createSlackChannel(settings, dependencies);
    case 'discord':
      return createDiscordChannel(settings, dependencies);
    case 'wecom':
      return createWecomChannel(settings, dependencies);
    case 'feishu':
      return createFeishuChannel(settings, dependencies);
    case 'dingtalk':
      return createDingtalkChannel(settings, dependencies);
    case 'telegram':
      return createTelegramChannel(settings, dependencies);
  }
}

const hashOf = (value: string | Buffer): string =>
  createHash('sha256').update(value).digest('hex').slice(0, 16);

/** The post as delivered: its slug and the hash of its bytes (an edited post is a new delivery). */
export const postIdentity = (slug: string, markdown: string): string => `${slug}@${hashOf(markdown)}`;

/**
 * Delivers one post to the chosen channels. Settings are checked for every channel before anything
 * is sent (a missing variable is a configuration error); then each channel runs on its own: a
 * failure stops that channel (later messages would arrive out of order) and not the others.
 */
export async function deliverPost(options: DeliverOptions): Promise<DeliverReport> {
  const siteUrl = options.siteUrl || null;
  const digest = parseDeliveryDigest(options.markdown, { siteUrl });
  if (digest.papers.length === 0) {
    throw new DigestError('INPUT', `${path.basename(options.postPath)} links to no arXiv paper`, {
      hint: 'deliver a post written by build (or any post in that shape)',
    });
  }
  // A dry run shows the messages even where settings are missing (and says which are).
  const missing = new Map<ChannelName, string>();
  const settings = options.channels.map((channel) => {
    if (!options.dryRun) return resolveChannelSettings(channel, options.env, options.config);
    try {
      return resolveChannelSettings(channel, options.env, options.config);
    } catch (error) {
      missing.set(channel, toDigestError(error).message.replace(`${channel}: `, ''));
      return placeholderSettings(channel);
    }
  });
  const secrets = secretsOf(settings);
  const redact = (text: string): string => redactSecrets(text, secrets);
  const sleep = options.sleep ?? defaultSleep;
  const sender = createSender({ fetch: options.fetch, sleep, redact });
  const dependencies: ChannelDependencies = {
    sender,
    now: options.now ?? Date.now,
    allowedOrigins: siteUrl ? [new URL(siteUrl).origin] : [],
    sleep,
    postDirectory: path.dirname(path.resolve(options.postPath)),
    redact,
  };
  const post = postIdentity(digest.slug, options.markdown);
  const log = options.dryRun ? null : options.store?.deliveries();
  if (!options.dryRun && !log)
    throw new DigestError('INTERNAL', 'deliver needs the store to record deliveries');
  const reports: ChannelReport[] = [];
  for (const setting of settings) {
    const adapter = createAdapter(setting, dependencies);
    const report = await deliverToChannel(adapter, digest, post, options, log ?? null, redact);
    const absent = missing.get(setting.channel);
    reports.push(absent ? { ...report, missing: absent } : report);
  }
  return {
    ok: reports.every((report) => report.ok),
    post: digest.slug,
    title: digest.title,
    papers: digest.papers.length,
    dryRun: options.dryRun === true,
    channels: reports,
    retryWaits: [...sender.waits],
  };
}

async function deliverToChannel(
  adapter: ChannelAdapter,
  digest: ReturnType<typeof parseDeliveryDigest>,
  post: string,
  options: DeliverOptions,
  log: ReturnType<PaperStore['deliveries']> | null,
  redact: (text: string) => string,
): Promise<ChannelReport> {
  const report: ChannelReport = {
    channel: adapter.name,
    ok: true,
    messages: [],
    sent: 0,
    skipped: 0,
    error: null,
  };
  let messages: PreparedMessage[];
  try {
    messages = adapter.prepare(digest);
    const over = messages.find((message) => message.size > message.limit);
    if (over)
      throw new DigestError(
        'INTERNAL',
        `message ${over.index + 1} is ${over.size} ${over.unit}, over the limit of ${over.limit}`,
      );
  } catch (error) {
    return { ...report, ok: false, error: redact(`${adapter.name}: ${toDigestError(error).toOneLine()}`) };
  }
  const key = { post, channel: adapter.name, target: adapter.target };
  const done = new Set(
    (log?.delivered(key) ?? [])
      .filter((entry) => entry.count === messages.length)
      .map((entry) => entry.index),
  );
  for (const message of messages) {
    const entry = {
      index: message.index,
      size: message.size,
      limit: message.limit,
      unit: message.unit,
      papers: message.paperIds.length,
    };
    if (options.dryRun) {
      report.messages.push({ ...entry, status: 'would-send' });
      continue;
    }
    if (report.error) {
      report.messages.push({ ...entry, status: 'not-sent' });
      continue;
    }
    if (done.has(message.index) && !options.force) {
      report.skipped += 1;
      report.messages.push({ ...entry, status: 'already-delivered' });
      continue;
    }
    try {
      await adapter.send(message, digest);
      log?.record(key, {
        index: message.index,
        count: messages.length,
        hash: hashOf(JSON.stringify(message.payload)),
      });
      report.sent += 1;
      report.messages.push({ ...entry, status: 'sent' });
    } catch (error) {
      const line = toDigestError(error, 'NETWORK').toOneLine();
      report.ok = false;
      report.error = redact(line.startsWith(`${adapter.name}:`) ? line : `${adapter.name}: ${line}`);
      report.messages.push({ ...entry, status: 'failed' });
    }
  }
  return report;
}
