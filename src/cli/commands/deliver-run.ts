import type { Command } from 'commander';
import type { ChannelReport, DeliverReport } from '../../deliver/run.ts';
import { deliverPost } from '../../deliver/run.ts';
import { checkChannelSettings, parseChannelList } from '../../deliver/settings.ts';
import type { Config } from '../../pipeline/config.ts';
import { readPostFile } from '../../verify/check-inputs.ts';
import type { CommandContext } from '../context.ts';
import { commandConfig, withStore } from '../shared.ts';
import type { DeliverFlags } from './deliver.ts';

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
