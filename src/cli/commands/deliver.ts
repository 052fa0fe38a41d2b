import path from 'node:path';
import type { Command } from 'commander';
import { channelNames, channelVariables } from '../../deliver/channel.ts';
import type { RegisterCommand } from '../context.ts';

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
      // Loaded on use: nodemailer and the channel adapters stay out of every other command's start.
      const { runDeliver } = await import('./deliver-run.ts');
      await runDeliver(context, command, path.resolve(context.io.cwd, postArgument), flags);
    });
};
