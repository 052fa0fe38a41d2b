import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { runCli, seedPapersFile, temporaryDirectory } from './helpers/cli.ts';
import {
  type DeliveryServers,
  type Platform,
  type SmtpCapture,
  startDeliveryServers,
  startSmtpServer,
} from './helpers/delivery-servers.ts';

/**
 * A hostile title, paper title and key phrase reach every channel as inert text: no markup, no
 * mention, no link of theirs.
 */

const hostile = '<b>x</b> @everyone <!channel> [a](javascript:alert(1))';
/** The same text as the post writes it: Markdown-escaped. */
const hostileMarkdown = '\\<b\\>x\\</b\\> @everyone \\<!channel\\> \\[a\\]\\(javascript:alert\\(1\\)\\)';
const secrets = {
  token: 'hostiletoken0001',
  feishuSecret: 'feishusecret01',
  dingtalkSecret: 'SECdingtalk0001',
};

function texts(platform: Platform, body: Record<string, unknown>): string {
  switch (platform) {
    case 'slack':
      return (
        (body.blocks as { text: { text: string } }[]).map((block) => block.text.text).join('\n') + body.text
      );
    case 'discord':
      return body.content as string;
    case 'feishu':
      return JSON.stringify(body.content);
    case 'dingtalk':
      return (body.markdown as { text: string }).text;
    case 'wecom':
      return (body.markdown as { content: string }).content;
    case 'telegram':
      return body.text as string;
  }
}

describe('deliver: a hostile title arrives inert on every channel', () => {
  const cwd = temporaryDirectory('arxiv-digest-hostile-');
  let servers: DeliveryServers;
  let smtp: SmtpCapture;
  let env: Record<string, string>;
  let postPath: string;

  before(async () => {
    servers = await startDeliveryServers(secrets);
    smtp = await startSmtpServer('digest', 'smtp-password-1');
    env = {
      ARXIV_DIGEST_DB: path.join(cwd, 'store.db'),
      ...servers.env(),
      SMTP_URL: `smtp://digest:smtp-password-1@127.0.0.1:${smtp.port}`,
      ARXIV_DIGEST_MAIL_FROM: 'digest@example.org',
      ARXIV_DIGEST_MAIL_TO: 'reader@example.org',
    };
    const built = await runCli(
      ['build', '--input', seedPapersFile, '--lang', 'en', '--llm', 'none', '--out', 'posts', '--json'],
      { cwd, env },
    );
    assert.equal(built.code, 0, built.stderr);
    postPath = path.join(
      cwd,
      (JSON.parse(built.stdout) as { outputs: { markdown: string } }).outputs.markdown,
    );
    const original = readFileSync(postPath, 'utf8');
    const planted = original
      .replace(/^title: ".*"$/m, `title: ${JSON.stringify(hostile)}`)
      .replace(/\[[^\]]+\]\((https:\/\/arxiv\.org\/abs\/2511\.21691v1)\)/, `[${hostileMarkdown}]($1)`)
      .replace(/\*\*[^*]+\*\*/, `**${hostileMarkdown}**`);
    assert.notEqual(planted, original);
    assert.equal(planted.split(hostileMarkdown).length, 3, 'paper title and key phrase planted');
    writeFileSync(postPath, planted);
  });

  after(async () => {
    await servers.close();
    await smtp.close();
  });

  it('slack, discord, feishu, dingtalk, wecom, telegram and email get the text, not its markup', async () => {
    const result = await runCli(
      ['deliver', postPath, '--to', 'email,slack,discord,feishu,dingtalk,wecom,telegram', '--json'],
      { cwd, env },
    );
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const seen = (platform: Platform): string =>
      servers
        .delivered(platform)
        .map((body) => texts(platform, body))
        .join('\n');
    for (const platform of ['slack', 'discord', 'feishu', 'dingtalk', 'wecom', 'telegram'] as const) {
      const text = seen(platform);
      assert.ok(text.length > 0, platform);
      assert.equal(text.includes('@everyone'), false, `${platform}: @everyone neutralised`);
      assert.ok(text.includes('@\u2060everyone'), `${platform}: the text is still there`);
      assert.ok(/alert\\?\(1\\?\)/.test(text), `${platform}: nothing dropped`);
    }
    // Slack: every <…> is one of our links; the hostile <!channel> and <b> are entities.
    const slack = seen('slack');
    for (const match of slack.matchAll(/<([^>]*)>/g))
      assert.match(match[1] as string, /^https:\/\/arxiv\.org\/abs\/[^|]+\|/);
    assert.ok(slack.includes('&lt;!channel&gt;') && slack.includes('&lt;b&gt;x&lt;/b&gt;'));
    // Discord, DingTalk, WeCom Markdown: no unescaped link syntax except ours; no raw tags.
    for (const platform of ['discord', 'dingtalk', 'wecom'] as const) {
      const text = seen(platform);
      for (const match of text.matchAll(/(?<!\\)\]\(([^)]*)\)/g))
        assert.match(match[1] as string, /^https:\/\/arxiv\.org\/abs\//, platform);
      assert.equal(/(?<!\\)<(?:b|!channel)/.test(text), false, `${platform}: no raw tag`);
    }
    assert.equal(seen('wecom').includes('<'), false, 'wecom: no < reaches its tag parser');
    // DingTalk's title is the plain-text notification preview: text as it is, mentions neutralised.
    for (const body of servers.delivered('dingtalk'))
      assert.match(
        (body.markdown as { title: string }).title,
        /^<b>x<\/b> @\u2060everyone <!channel> \[a\]\(javascript:alert\(1\)\)( \(\d+\/\d+\))?$/,
      );
    // Telegram HTML: the test server already allows only <b> and <a href="https://…">.
    assert.ok(seen('telegram').includes('&lt;b&gt;x&lt;/b&gt; @\u2060everyone &lt;!channel&gt;'));
    // Feishu: plain text elements; links only https arXiv; no <at> tag.
    for (const body of servers.delivered('feishu')) {
      const post = Object.values(
        (
          body.content as {
            post: Record<string, { content: { tag: string; href?: string; text: string }[][] }>;
          }
        ).post,
      )[0];
      for (const element of (post?.content ?? []).flat()) {
        assert.ok(element.tag === 'text' || element.tag === 'a');
        if (element.tag === 'a') assert.match(element.href ?? '', /^https:\/\/arxiv\.org\/abs\//);
        assert.equal(/<at\b/i.test(element.text), false);
      }
    }
    assert.equal(servers.received.filter((entry) => entry.problems.length > 0).length, 0);
    const mail = await simpleParser(smtp.messages.at(-1) as string, { keepCidLinks: true });
    const html = String(mail.html);
    assert.equal(/<b>|<a [^>]*href="javascript/i.test(html), false, 'email: no hostile markup');
    assert.ok(
      html.includes('&lt;b&gt;x&lt;/b&gt; @\u2060everyone &lt;!channel&gt; [a](javascript:alert(1))'),
    );
    for (const match of html.matchAll(/href="([^"]*)"/g))
      assert.match(match[1] as string, /^https:\/\/arxiv\.org\/abs\//);
    assert.equal(mail.subject, hostile.replace('@everyone', '@\u2060everyone'));
  });
});
