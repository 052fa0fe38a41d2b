import { z } from 'zod';
import { DigestError } from '../core/errors.ts';
import { type ChannelName, channelNames } from './channel.ts';
import { defaultTelegramApiUrl } from './channels/telegram.ts';

/**
 * Where each channel delivers, from the environment first and the config file's `deliver:` section
 * second. Webhook URLs, tokens, passwords and secrets come from the environment only: a config file
 * gets committed, and these carry credentials.
 */
export const deliverConfigSchema = z
  .object({
    /** Channels `deliver` uses when --to is not given. */
    to: z.array(z.enum(channelNames)).optional(),
    email: z
      .object({ from: z.string().min(3).optional(), to: z.array(z.string().min(3)).optional() })
      .strict()
      .optional(),
    telegram: z
      .object({ chatId: z.union([z.string().min(1), z.number()]).optional(), apiUrl: z.url().optional() })
      .strict()
      .optional(),
  })
  .strict();

export type DeliverConfig = z.infer<typeof deliverConfigSchema>;

export type ChannelSettings =
  | { channel: 'email'; smtpUrl: string; from: string; to: string[] }
  | { channel: 'slack' | 'discord' | 'wecom'; webhookUrl: string }
  | { channel: 'feishu' | 'dingtalk'; webhookUrl: string; secret: string | null }
  | { channel: 'telegram'; botToken: string; chatId: string; apiUrl: string };

/** Splits `--to a,b` and checks every name: an unknown one is a usage error listing the valid ones. */
export function parseChannelList(value: string | string[] | undefined): ChannelName[] {
  const names = (Array.isArray(value) ? value : (value ?? '').split(','))
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0)
    throw new DigestError('USAGE', 'no channel to deliver to', {
      hint: `pass --to with some of ${channelNames.join(',')}`,
    });
  for (const name of names) {
    if (!(channelNames as readonly string[]).includes(name))
      throw new DigestError('USAGE', `unknown channel "${name}"`, {
        hint: `valid channels: ${channelNames.join(', ')}`,
      });
  }
  return [...new Set(names)] as ChannelName[];
}

function httpUrl(channel: ChannelName, variable: string, value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    // The value itself is a secret: the message names the variable only.
    throw new DigestError('CONFIG', `${channel}: ${variable} is not a URL`, {
      hint: `set ${variable} to the full webhook URL`,
    });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new DigestError('CONFIG', `${channel}: ${variable} must be an http(s) URL`, {
      hint: `set ${variable} to the full webhook URL`,
    });
  return value;
}

export function resolveChannelSettings(
  channel: ChannelName,
  env: Record<string, string | undefined>,
  config: DeliverConfig = {},
): ChannelSettings {
  const read = (name: string): string | undefined => env[name]?.trim() || undefined;
  const need = (name: string, fallback?: string): string => {
    const value = read(name) ?? fallback;
    if (!value)
      throw new DigestError('CONFIG', `${channel}: ${name} is not set`, {
        hint: `set ${name} in the environment (see "Delivery" in README.md)`,
      });
    return value;
  };
  switch (channel) {
    case 'email': {
      const smtpUrl = need('SMTP_URL');
      if (!/^smtps?:\/\//i.test(smtpUrl))
        throw new DigestError('CONFIG', 'email: SMTP_URL must start with smtp:// or smtps://', {
          hint: 'e.g. smtps://user:password@smtp.example.org:465',
        });
      const to = (read('ARXIV_DIGEST_MAIL_TO')?.split(',') ?? config.email?.to ?? [])
        .map((address) => address.trim())
        .filter(Boolean);
      if (to.length === 0)
        throw new DigestError('CONFIG', 'email: ARXIV_DIGEST_MAIL_TO is not set', {
          hint: 'set it to a comma-separated list of addresses',
        });
      return { channel, smtpUrl, from: need('ARXIV_DIGEST_MAIL_FROM', config.email?.from), to };
    }
    case 'slack':
      return { channel, webhookUrl: httpUrl(channel, 'SLACK_WEBHOOK_URL', need('SLACK_WEBHOOK_URL')) };
    case 'discord':
      return { channel, webhookUrl: httpUrl(channel, 'DISCORD_WEBHOOK_URL', need('DISCORD_WEBHOOK_URL')) };
    case 'wecom':
      return { channel, webhookUrl: httpUrl(channel, 'WECOM_WEBHOOK_URL', need('WECOM_WEBHOOK_URL')) };
    case 'feishu':
      return {
        channel,
        webhookUrl: httpUrl(channel, 'FEISHU_WEBHOOK_URL', need('FEISHU_WEBHOOK_URL')),
        secret: read('FEISHU_SECRET') ?? null,
      };
    case 'dingtalk':
      return {
        channel,
        webhookUrl: httpUrl(channel, 'DINGTALK_WEBHOOK_URL', need('DINGTALK_WEBHOOK_URL')),
        secret: read('DINGTALK_SECRET') ?? null,
      };
    case 'telegram': {
      const chatId =
        read('TELEGRAM_CHAT_ID') ??
        (config.telegram?.chatId === undefined ? undefined : String(config.telegram.chatId));
      return {
        channel,
        botToken: need('TELEGRAM_BOT_TOKEN'),
        chatId: need('TELEGRAM_CHAT_ID', chatId),
        apiUrl: httpUrl(
          channel,
          'TELEGRAM_API_URL',
          read('TELEGRAM_API_URL') ?? config.telegram?.apiUrl ?? defaultTelegramApiUrl,
        ),
      };
    }
  }
}

/**
 * Every secret a setting carries, for redaction: whole URLs, their passwords, query values and
 * long path segments (webhook tokens live in both), bot tokens and signing secrets.
 */
export function secretsOf(settings: readonly ChannelSettings[]): string[] {
  const secrets: string[] = [];
  const fromUrl = (value: string): void => {
    secrets.push(value);
    try {
      const url = new URL(value);
      if (url.password) secrets.push(url.password, decodeURIComponent(url.password));
      for (const parameter of url.searchParams.values()) secrets.push(parameter);
      for (const segment of url.pathname.split('/')) if (segment.length >= 16) secrets.push(segment);
    } catch {
      // Not a URL: the whole value is already listed.
    }
  };
  for (const setting of settings) {
    if ('webhookUrl' in setting) fromUrl(setting.webhookUrl);
    if ('secret' in setting && setting.secret) secrets.push(setting.secret);
    if (setting.channel === 'email') fromUrl(setting.smtpUrl);
    if (setting.channel === 'telegram') secrets.push(setting.botToken, setting.botToken.split(':')[1] ?? '');
  }
  return [...new Set(secrets.filter((secret) => secret.length >= 6))].sort(
    (left, right) => right.length - left.length,
  );
}

/** Resolves every channel's settings now, so a missing variable fails before any work is done. */
export function checkChannelSettings(
  channels: readonly ChannelName[],
  env: Record<string, string | undefined>,
  config: DeliverConfig = {},
): void {
  for (const channel of channels) resolveChannelSettings(channel, env, config);
}
