import path from 'node:path';
import type { Command } from 'commander';
import { channelNames } from '../../deliver/channel.ts';
import { type ChannelReport, type DeliverReport, deliverPost } from '../../deliver/run.ts';
import { channelVariables, checkChannelSettings, parseChannelList } from '../../deliver/settings.ts';
import type { Config } from '../../pipeline/config.ts';
import { readPostFile } from '../../verify/check-inputs.ts';
import type { CommandContext, RegisterCommand } from '../context.ts';
import { commandConfig, withStore } from '../shared.ts';

export interface DeliverFlags {
  to?: string;
  dryRun?: boolean;
  force?: boolean;
  siteUrl?: string;
}

const variablesHelp = channelNames
  .map((name) => `  ${name.padEnd(9)} ${channelVariables[name].join(', ')}`)
  .join('\n');

export const registerDeliver: RegisterCommand = (program, context) => {
  program
    .command('deliver')
    .description('send a post to email and chat groups (Slack, Discord, Feishu, DingTalk, WeCom, Telegram)')
    .argument('<post>', 'the post, a Markdown file written by build')
    .option(
      '--to <channels>',
      `comma-separated channels: ${channelNames.join(',')} (default: config deliver.to)`,
    )
    .option('--dry-run', 'print what would be sent (per channel, per message, sizes) without sending')
    .option('--force', 'send again messages that were already delivered')
    .option(
      '--site-url <url>',
      'absolute URL the site is served from, to link the full post (env ARXIV_DIGEST_SITE_URL)',
    )
    .addHelpText(
      'after',
      `
Settings (environment; the config file's deliver: section may give deliver.to, email from/to, telegram chatId/apiUrl):
${variablesHelp}
FEISHU_SECRET and DINGTALK_SECRET are optional (signed bots); TELEGRAM_API_URL defaults to https://api.telegram.org.

Messages already delivered (same post, channel and destination) are not sent again.
Exit status: 1 when any channel failed (one line each), 2 for an unknown channel or a missing setting.

Examples:
  $ arxiv-digest deliver posts/multimodal-2025-11-28.md --to slack,feishu
  $ arxiv-digest deliver posts/multimodal-2025-11-28.md --to email,telegram --dry-run`,
    )
    .action(async (postArgument: string, flags: DeliverFlags, command: Command) => {
      await runDeliver(context, command, path.resolve(context.io.cwd, postArgument), flags);
    });
};

/** For `build --deliver`: an unknown channel or a missing setting fails before the build starts. */
export function checkDeliverFlag(
  value: string,
  env: Record<string, string | undefined>,
  config: Config,
): void {
  checkChannelSettings(parseChannelList(value), env, config.deliver);
}

/** `deliver` and `build --deliver` share this: deliver one post file, report, set the exit status. */
export async function runDeliver(
  context: CommandContext,
  command: Command,
  postPath: string,
  flags: DeliverFlags,
  print = true,
): Promise<{ report: DeliverReport; lines: string[] }> {
  const config = await commandConfig(context, command);
  const channels = parseChannelList(flags.to ?? config.deliver.to);
  const post = readPostFile(postPath);
  const options = {
    markdown: post.markdown,
    postPath,
    channels,
    env: context.io.env,
    config: config.deliver,
    siteUrl: flags.siteUrl ?? (context.io.env.ARXIV_DIGEST_SITE_URL || null),
    dryRun: flags.dryRun === true,
    force: flags.force === true,
  };
  const report = options.dryRun
    ? await deliverPost({ ...options, store: null })
    : await withStore(context, command, (store) => deliverPost({ ...options, store }));
  if (!report.ok) context.setExitCode(1);
  const lines = humanLines(report);
  if (print) context.report(command, report, lines);
  return { report, lines };
}

function channelLine(report: ChannelReport, dryRun: boolean): string {
  const total = report.messages.length;
  if (dryRun) {
    const sizes = report.messages.map(
      (message) =>
        `#${message.index + 1} ${message.size}/${message.limit} ${message.unit}, ${message.papers} papers`,
    );
    const problem = report.error ?? (report.missing ? `not configured: ${report.missing}` : null);
    return `${report.channel}: would send ${total} message${total === 1 ? '' : 's'}${problem ? ` — ${problem}` : ''}\n${sizes.map((line) => `  ${line}`).join('\n')}`.trimEnd();
  }
  if (report.error)
    return `${report.channel}: FAILED after ${report.sent} of ${total} messages — ${report.error}`;
  return `${report.channel}: sent ${report.sent} of ${total} messages${report.skipped ? ` (${report.skipped} already delivered)` : ''}`;
}

function humanLines(report: DeliverReport): string[] {
  const lines = report.channels.map((channel) => channelLine(channel, report.dryRun));
  const failed = report.channels.filter((channel) => !channel.ok).map((channel) => channel.channel);
  lines.push(
    `deliver: ${report.papers} papers of "${report.title}" to ${report.channels.length} channel${report.channels.length === 1 ? '' : 's'}${report.dryRun ? ' (dry run, nothing sent)' : ''}${failed.length ? `; failed: ${failed.join(', ')}` : ''}`,
  );
  return lines;
}
