import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { DigestError } from '../../core/errors.ts';
import type { ChannelAdapter, ChannelDependencies, PreparedMessage } from '../channel.ts';
import { neutralizeMentions } from '../escape.ts';
import { utf8Bytes } from '../split.ts';
import { emailHtml, emailText } from './email-html.ts';
import { fingerprint } from './text-channel.ts';

export interface EmailSettings {
  smtpUrl: string;
  from: string;
  to: string[];
}

/** Mail servers refuse messages above their size limit; 10 MB is below every common one. */
const emailLimit = 10_000_000;

/** A 4xx SMTP reply or a dropped connection is worth another try; a 5xx reply is final. */
function transient(error: unknown): boolean {
  const { responseCode, code } = error as { responseCode?: number; code?: string };
  if (typeof responseCode === 'number') return responseCode >= 400 && responseCode < 500;
  return code === 'ECONNECTION' || code === 'ETIMEDOUT' || code === 'ESOCKET';
}

export function createEmailChannel(
  settings: EmailSettings,
  dependencies: ChannelDependencies,
): ChannelAdapter {
  return {
    name: 'email',
    target: fingerprint(`email\n${settings.smtpUrl}\n${settings.from}\n${settings.to.join(',')}`),
    prepare(digest) {
      const charts = digest.charts
        .map((chart, index) => ({
          ...chart,
          cid: `chart-${index + 1}@arxiv-digest`,
          file: path.resolve(dependencies.postDirectory, chart.file),
        }))
        // Only files next to the post; a chart path reaching elsewhere is not attached.
        .filter(
          (chart) =>
            chart.file.startsWith(`${path.resolve(dependencies.postDirectory)}${path.sep}`) &&
            existsSync(chart.file),
        );
      const html = emailHtml(digest, charts, dependencies.allowedOrigins);
      const attachments = charts.map((chart) => ({
        filename: path.basename(chart.file),
        content: readFileSync(chart.file),
        cid: chart.cid,
        contentType: chart.file.endsWith('.svg') ? 'image/svg+xml' : 'image/png',
      }));
      const size =
        utf8Bytes(html) + attachments.reduce((sum, attachment) => sum + attachment.content.length, 0);
      const message: PreparedMessage = {
        index: 0,
        size,
        limit: emailLimit,
        unit: 'bytes',
        paperIds: digest.papers.map((paper) => paper.id),
        payload: {
          from: settings.from,
          to: settings.to,
          // Subject is plain text in a header; nodemailer encodes it, only mentions are neutralised.
          subject: neutralizeMentions(digest.title).replace(/[\r\n]+/g, ' '),
          text: emailText(digest),
          html,
          attachments,
        },
      };
      return [message];
    },
    async send(message) {
      const transport = nodemailer.createTransport(settings.smtpUrl);
      try {
        for (let attempt = 1; ; attempt += 1) {
          try {
            const info = await transport.sendMail(message.payload as SendMailOptions);
            const rejected = (info.rejected ?? []).length;
            if (rejected > 0 && (info.accepted ?? []).length === 0)
              throw new DigestError('HTTP', `email: the server refused every recipient (${rejected})`);
            return;
          } catch (error) {
            if (error instanceof DigestError) throw error;
            const reason = dependencies.redact((error as Error).message.replace(/\s+/g, ' '));
            if (attempt >= 3 || !transient(error))
              throw new DigestError('NETWORK', `email: ${reason}`, {
                hint: 'check SMTP_URL and the mail server',
              });
            await dependencies.sleep(1000 * 2 ** (attempt - 1));
          }
        }
      } finally {
        transport.close();
      }
    },
  };
}
