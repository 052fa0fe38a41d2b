import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { buildSeedPost, runCli, seedPapersFile, temporaryDirectory } from './helpers/cli.ts';
import {
  type DeliveryServers,
  type Platform,
  type SmtpCapture,
  startDeliveryServers,
  startSmtpServer,
} from './helpers/delivery-servers.ts';

/**
 * `deliver` end to end: the 34-paper seed digest built offline in zh and en, sent through the real
 * CLI to local servers that speak each platform's protocol (and an SMTP server), twice.
 */

const canary = `CANARY${randomBytes(8).toString('hex')}`;
const secrets = {
  token: `${canary}tok`,
  feishuSecret: `${canary}feishu`,
  dingtalkSecret: `SEC${canary}ding`,
};
const platforms: Platform[] = ['slack', 'discord', 'feishu', 'dingtalk', 'wecom', 'telegram'];
const allChannels = `email,${platforms.join(',')}`;
const siteUrl = 'https://digest.example.org/blog';

/** Each delivered payload as the text a reader sees, links included (for ids and inertness). */
function payloadText(platform: Platform, body: Record<string, unknown>): string {
  switch (platform) {
    case 'slack':
      return (body.blocks as { text: { text: string } }[]).map((block) => block.text.text).join('\n\n');
    case 'discord':
      return body.content as string;
    case 'feishu': {
      const post = Object.values(
        (body.content as { post: Record<string, { content: { text: string; href?: string }[][] }> }).post,
      )[0];
      return (post?.content ?? [])
        .map((paragraph) =>
          paragraph.map((element) => `${element.text}${element.href ? ` ${element.href}` : ''}`).join(''),
        )
        .join('\n');
    }
    case 'dingtalk':
      return (body.markdown as { text: string }).text;
    case 'wecom':
      return (body.markdown as { content: string }).content;
    case 'telegram':
      return body.text as string;
  }
}

const arxivIds = (text: string): string[] =>
  [...text.matchAll(/arxiv\.org\/abs\/(\d{4}\.\d{4,5})/g)].map((match) => match[1] as string);

/** Distinct ids in order of first appearance. */
const firstAppearances = (ids: string[]): string[] => [...new Set(ids)];

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('deliver: the seed digest to every channel', () => {
  const cwd = temporaryDirectory('arxiv-digest-deliver-');
  const outputs: string[] = [];
  let servers: DeliveryServers;
  let smtp: SmtpCapture;
  let env: Record<string, string>;
  const posts: Record<'zh' | 'en', { path: string; ids: string[] }> = {} as never;

  before(async () => {
    servers = await startDeliveryServers(secrets);
    smtp = await startSmtpServer('digest', `${canary}smtp`);
    env = {
      ARXIV_DIGEST_DB: path.join(cwd, 'store.db'),
      ...servers.env(),
      SMTP_URL: `smtp://digest:${canary}smtp@127.0.0.1:${smtp.port}`,
      ARXIV_DIGEST_MAIL_FROM: 'digest@example.org',
      ARXIV_DIGEST_MAIL_TO: 'reader@example.org,team@example.org',
    };
    for (const language of ['zh', 'en'] as const) {
      const postPath = await buildSeedPost(language, { cwd, env });
      const markdown = readFileSync(postPath, 'utf8');
      const body = markdown.slice(0, markdown.search(/^### /m));
      posts[language] = { path: postPath, ids: firstAppearances(arxivIds(body)) };
      assert.equal(posts[language].ids.length, 34);
    }
  });

  after(async () => {
    await servers.close();
    await smtp.close();
  });

  for (const language of ['zh', 'en'] as const) {
    it(`${language}: every channel gets all 34 papers in order, within limits, signed, after a rate limit`, async () => {
      servers.limitOnceMore();
      const before = servers.received.length;
      const mailsBefore = smtp.messages.length;
      const result = await runCli(
        ['deliver', posts[language].path, '--to', allChannels, '--site-url', siteUrl, '--json'],
        { cwd, env },
      );
      outputs.push(result.stdout, result.stderr);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      const report = JSON.parse(result.stdout) as {
        ok: boolean;
        papers: number;
        channels: {
          channel: string;
          ok: boolean;
          sent: number;
          skipped: number;
          messages: { size: number; limit: number }[];
        }[];
        retryWaits: number[];
      };
      assert.equal(report.ok, true);
      assert.equal(report.papers, 34);
      assert.deepEqual(
        report.channels.map((channel) => channel.channel),
        ['email', ...platforms],
      );
      for (const channel of report.channels) {
        assert.ok(
          channel.sent >= 1 && channel.sent === channel.messages.length,
          `${channel.channel} sent all`,
        );
        for (const message of channel.messages)
          assert.ok(message.size <= message.limit, `${channel.channel} within limit`);
      }
      // Retry-After 1 (Slack), Discord's retry_after 0.25 s, Telegram's parameters.retry_after 1.
      assert.ok(report.retryWaits.includes(1000), `waits ${report.retryWaits.join(',')}`);
      assert.ok(report.retryWaits.includes(250), `waits ${report.retryWaits.join(',')}`);
      const run = servers.received.slice(before);
      assert.deepEqual(
        run
          .filter((entry) => entry.problems.length > 0)
          .map((entry) => `${entry.platform}: ${entry.problems.join('; ')}`),
        [],
      );
      for (const platform of platforms) {
        const requests = run.filter((entry) => entry.platform === platform);
        assert.equal(requests[0]?.limited, true, `${platform} was rate-limited first`);
        const delivered = requests
          .filter((entry) => entry.delivered)
          .map((entry) => payloadText(platform, entry.body));
        assert.equal(delivered.length, report.channels.find((channel) => channel.channel === platform)?.sent);
        const ids = firstAppearances(delivered.flatMap(arxivIds));
        assert.deepEqual(ids, posts[language].ids, `${platform}: all 34 papers in order`);
        if (platform !== 'slack' && platform !== 'feishu' && platform !== 'dingtalk')
          assert.ok(delivered.length > 1, `${platform} split the digest`);
        assert.ok(delivered.join('\n').includes(`${siteUrl}/posts/`), `${platform} links the full post`);
      }
      assert.equal(smtp.messages.length, mailsBefore + 1);
      const mail = await simpleParser(smtp.messages.at(-1) as string, { keepCidLinks: true });
      assert.equal(mail.subject, readFileSync(posts[language].path, 'utf8').match(/^title: "(.*)"$/m)?.[1]);
      assert.deepEqual(firstAppearances(arxivIds(mail.text ?? '')), posts[language].ids);
      assert.deepEqual(firstAppearances(arxivIds(String(mail.html))), posts[language].ids);
      const chart = mail.attachments.find((attachment) => attachment.contentType === 'image/png');
      assert.ok(chart?.cid && String(mail.html).includes(`cid:${chart.cid}`), 'chart inline as a CID image');
    });

    it(`${language}: a second deliver sends 0 messages; --force sends them again`, async () => {
      const before = servers.received.length;
      const mailsBefore = smtp.messages.length;
      const again = await runCli(
        ['deliver', posts[language].path, '--to', allChannels, '--site-url', siteUrl, '--json'],
        { cwd, env },
      );
      outputs.push(again.stdout, again.stderr);
      assert.equal(again.code, 0, again.stderr);
      const report = JSON.parse(again.stdout) as {
        channels: { sent: number; skipped: number; messages: unknown[] }[];
      };
      for (const channel of report.channels) {
        assert.equal(channel.sent, 0);
        assert.equal(channel.skipped, channel.messages.length);
      }
      assert.equal(servers.received.length, before, 'no request reached a platform');
      assert.equal(smtp.messages.length, mailsBefore, 'no mail was sent');
      const forced = await runCli(
        ['deliver', posts[language].path, '--to', 'wecom', '--force', '--site-url', siteUrl],
        { cwd, env },
      );
      outputs.push(forced.stdout, forced.stderr);
      assert.equal(forced.code, 0, forced.stderr);
      assert.match(forced.stdout, /^wecom: sent (\d+) of \1 messages$/m);
    });
  }

  it('one failing channel (an error body with HTTP 200) does not stop the others; exit 1 names it', async () => {
    servers.failAlways('wecom', { errcode: 93000, errmsg: 'invalid webhook url' });
    const result = await runCli(['deliver', posts.zh.path, '--to', 'wecom,slack', '--force'], { cwd, env });
    outputs.push(result.stdout, result.stderr);
    assert.equal(result.code, 1);
    assert.match(
      result.stdout,
      /^wecom: FAILED after 0 of \d+ messages — wecom: errcode 93000 invalid webhook url$/m,
    );
    assert.match(result.stdout, /^slack: sent (\d+) of \1 messages$/m);
  });

  it('an unknown channel or a missing setting is a usage error (exit 2) saying what to do', async () => {
    const unknown = await runCli(['deliver', posts.zh.path, '--to', 'slack,pigeon'], { cwd, env });
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /unknown channel "pigeon"; valid channels: email, slack, discord, feishu, dingtalk, wecom, telegram/,
    );
    const missing = await runCli(['deliver', posts.zh.path, '--to', 'telegram'], {
      cwd,
      env: { ...env, TELEGRAM_BOT_TOKEN: '' },
    });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /telegram: TELEGRAM_BOT_TOKEN is not set/);
    outputs.push(unknown.stdout, unknown.stderr, missing.stdout, missing.stderr);
  });

  it('--dry-run prints every message with its size and sends nothing', async () => {
    const before = servers.received.length;
    const result = await runCli(['deliver', posts.en.path, '--to', allChannels, '--dry-run', '--force'], {
      cwd,
      env,
    });
    outputs.push(result.stdout, result.stderr);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^discord: would send \d+ messages$/m);
    assert.match(result.stdout, /^ {2}#1 \d+\/4096 bytes, \d+ papers$/m);
    assert.equal(servers.received.length, before);
  });

  it('build --deliver sends the new post; a missing setting fails before anything is built', async () => {
    const before = servers.received.length;
    const result = await runCli(
      [
        'build',
        '--input',
        seedPapersFile,
        '--lang',
        'en',
        '--llm',
        'none',
        '--out',
        'posts-build',
        '--deliver',
        'telegram,feishu',
        '--json',
      ],
      // A fresh store: in the shared one this very post (same slug and bytes) is already delivered.
      { cwd, env: { ...env, ARXIV_DIGEST_DB: path.join(cwd, 'build-store.db') } },
    );
    outputs.push(result.stdout, result.stderr);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as {
      papers: number;
      deliver: { ok: boolean; channels: { channel: string; sent: number }[] };
    };
    assert.equal(report.papers, 34);
    assert.equal(report.deliver.ok, true);
    assert.deepEqual(
      report.deliver.channels.map((channel) => channel.channel),
      ['telegram', 'feishu'],
    );
    assert.ok(report.deliver.channels.every((channel) => channel.sent > 0));
    assert.ok(servers.received.length > before);
    const missing = await runCli(
      [
        'build',
        '--input',
        seedPapersFile,
        '--lang',
        'en',
        '--llm',
        'none',
        '--out',
        'posts-never',
        '--deliver',
        'slack',
      ],
      { cwd, env: { ...env, SLACK_WEBHOOK_URL: '' } },
    );
    outputs.push(missing.stdout, missing.stderr);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /slack: SLACK_WEBHOOK_URL is not set/);
    assert.equal(readdirSync(cwd).includes('posts-never'), false);
  });

  it('the canary secret in every setting occurs nowhere: outputs, store, files', () => {
    assert.ok(outputs.length >= 10);
    for (const text of outputs) assert.equal(text.includes(canary), false, text.slice(0, 300));
    const files = filesUnder(cwd);
    assert.ok(files.some((file) => file.endsWith('store.db')));
    for (const file of files) assert.equal(readFileSync(file).includes(canary), false, file);
  });
});
