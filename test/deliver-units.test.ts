import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ChannelDependencies } from '../src/deliver/channel.ts';
import { createDiscordChannel } from '../src/deliver/channels/discord.ts';
import { createTelegramChannel } from '../src/deliver/channels/telegram.ts';
import { createWecomChannel } from '../src/deliver/channels/wecom.ts';
import { type DeliveryDigest, emptyDeliveryDigest } from '../src/deliver/model.ts';
import { deliverPost } from '../src/deliver/run.ts';
import { createSender, type Sender } from '../src/deliver/sender.ts';
import { redactSecrets } from '../src/llm/redact.ts';
import { openStore } from '../src/store/index.ts';
import { runCli, seedPapersFile, temporaryDirectory } from './helpers/cli.ts';
import { type DeliveryServers, startDeliveryServers, startSmtpServer } from './helpers/delivery-servers.ts';

/** A server that answers from a script: one [status, body, headers] per request, the last repeating. */
async function scriptedServer(script: [number, string, Record<string, string>?][]) {
  let count = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const [status, body, headers = {}] = script[Math.min(count, script.length - 1)] as [
        number,
        string,
        Record<string, string>?,
      ];
      count += 1;
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    requests: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function recordingSender(secret = 'no-secret-here'): { sender: Sender; slept: number[] } {
  const slept: number[] = [];
  const sender = createSender({
    sleep: async (ms) => {
      slept.push(ms);
    },
    redact: (text) => redactSecrets(text, [secret]),
  });
  return { sender, slept };
}

describe('sender: retries and error bodies', () => {
  it('retries 5xx with exponential backoff, then succeeds', async () => {
    const server = await scriptedServer([
      [503, 'busy'],
      [502, 'busy'],
      [200, '{"errcode":0}'],
    ]);
    const { sender, slept } = recordingSender();
    const answer = await sender.postJson('test', server.url, { a: 1 }, () => null);
    assert.equal(answer.status, 200);
    assert.deepEqual(slept, [1000, 2000]);
    assert.equal(server.requests(), 3);
    await server.close();
  });

  it('honours Retry-After seconds; refuses to wait an hour; gives up after 5 tries', async () => {
    const retry = await scriptedServer([
      [429, '{}', { 'retry-after': '3' }],
      [200, 'ok'],
    ]);
    const first = recordingSender();
    await first.sender.postJson('test', retry.url, {}, () => null);
    assert.deepEqual(first.slept, [3000]);
    await retry.close();

    const hour = await scriptedServer([[429, '{}', { 'retry-after': '3600' }]]);
    await assert.rejects(
      recordingSender().sender.postJson('test', hour.url, {}, () => null),
      /test: HTTP 429 \(rate limited\); the server asks to wait 3600 s/,
    );
    assert.equal(hour.requests(), 1);
    await hour.close();

    const down = await scriptedServer([[500, 'down']]);
    const last = recordingSender();
    await assert.rejects(
      last.sender.postJson('test', down.url, {}, () => null),
      /test: HTTP 500 after 5 tries/,
    );
    assert.deepEqual(last.slept, [1000, 2000, 4000, 8000]);
    assert.equal(down.requests(), 5);
    await down.close();
  });

  it('an error body with HTTP 200 fails at once, and a secret the server echoes is redacted', async () => {
    const secret = 'hook-token-0123456789';
    const server = await scriptedServer([
      [200, JSON.stringify({ errcode: 93000, errmsg: `invalid webhook url key=${secret}` })],
    ]);
    const { sender, slept } = recordingSender(secret);
    const interpret = (answer: { json: unknown }) => {
      const body = answer.json as { errcode: number; errmsg: string };
      return body.errcode === 0
        ? ({ kind: 'ok' } as const)
        : ({ kind: 'fail', reason: `errcode ${body.errcode} ${body.errmsg}` } as const);
    };
    const error = await sender.postJson('wecom', server.url, {}, interpret).catch((caught: Error) => caught);
    assert.ok(error instanceof Error);
    assert.equal(error.message, 'wecom: errcode 93000 invalid webhook url key=[redacted]');
    assert.deepEqual(slept, []);
    await server.close();
  });
});

describe('splitting: limits, sentences, characters', () => {
  const sentence = (index: number): string =>
    `第${index}句：模型在 $x_{${index}}. y$ 上提升 ${index}% 😀 and keeps going. `;
  const longKey = Array.from({ length: 150 }, (_, index) => sentence(index)).join('');
  const unbroken = '😀漢'.repeat(3000);
  const digest: DeliveryDigest = {
    ...emptyDeliveryDigest({
      title: 'Split test',
      overview: 'One paper with a very long key innovation.',
      slug: 'split-test',
      language: 'en',
    }),
    papers: [
      {
        id: '2511.00001',
        url: 'https://arxiv.org/abs/2511.00001v1',
        title: 'A title [with] brackets',
        lead: null,
        keyInnovation: longKey,
        venue: null,
        summary: [],
      },
      {
        id: '2511.00002',
        url: 'https://arxiv.org/abs/2511.00002v1',
        title: 'Second',
        lead: null,
        keyInnovation: unbroken,
        venue: null,
        summary: [],
      },
    ],
  };
  const dependencies = {
    sender: recordingSender().sender,
    now: () => 0,
    allowedOrigins: [],
    sleep: async () => {},
    postDirectory: '.',
    redact: (text: string) => text,
  } satisfies ChannelDependencies;
  const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

  it('telegram (4096 chars), discord (2000 chars), wecom (4096 bytes): within limits, nothing lost, never a broken character', () => {
    const channels = [
      {
        channel: createTelegramChannel(
          { botToken: 't', chatId: '1', apiUrl: 'https://api.telegram.org' },
          dependencies,
        ),
        text: (payload: unknown) => (payload as { text: string }).text,
        limit: (text: string) => text.length <= 4096,
      },
      {
        channel: createDiscordChannel(
          { webhookUrl: 'https://discord.example/api/webhooks/1/x' },
          dependencies,
        ),
        text: (payload: unknown) => (payload as { content: string }).content,
        limit: (text: string) => text.length <= 2000,
      },
      {
        channel: createWecomChannel({ webhookUrl: 'https://qyapi.example/send?key=x' }, dependencies),
        text: (payload: unknown) => (payload as { markdown: { content: string } }).markdown.content,
        limit: (text: string) => Buffer.byteLength(text) <= 4096,
      },
    ];
    for (const { channel, text, limit } of channels) {
      const messages = channel.prepare(digest).map((message) => text(message.payload));
      assert.ok(messages.length >= 5, `${channel.name}: ${messages.length} messages`);
      for (const message of messages) {
        assert.ok(limit(message), `${channel.name} over its limit`);
        assert.equal(loneSurrogate.test(message), false, `${channel.name}: a cut surrogate pair`);
      }
      // The link is whole, in exactly one message.
      assert.equal(messages.filter((message) => message.includes('arxiv.org/abs/2511.00001v1')).length, 1);
      // Every sentence arrives whole (none is longer than a message), formula included.
      const joined = messages.join('\n');
      for (let index = 0; index < 150; index += 1)
        assert.ok(
          joined.includes(`$x\\_{${index}}. y$`) || joined.includes(`$x_{${index}}. y$`),
          `${channel.name}: sentence ${index}`,
        );
      // The unbreakable run is cut at characters only: all 6000 characters are there, in order.
      const pieces = messages
        .flatMap((message) => message.match(/(?:😀漢|漢😀|😀|漢)+/gu) ?? [])
        .filter((piece) => piece.length > 100);
      assert.equal(pieces.join(''), unbroken, `${channel.name}: the long run arrives whole`);
    }
  });
});

describe('deliver: a crash half-way resends only what was not confirmed', () => {
  const cwd = temporaryDirectory('arxiv-digest-resume-');
  let servers: DeliveryServers;
  let markdown: string;
  let postPath: string;
  const secrets = {
    token: 'resumetoken00001',
    feishuSecret: 'feishusecret01',
    dingtalkSecret: 'SECdingtalk0001',
  };

  before(async () => {
    servers = await startDeliveryServers(secrets);
    const built = await runCli(
      ['build', '--input', seedPapersFile, '--lang', 'en', '--llm', 'none', '--out', 'posts', '--json'],
      { cwd, env: { ARXIV_DIGEST_DB: path.join(cwd, 'build.db') } },
    );
    assert.equal(built.code, 0, built.stderr);
    postPath = path.join(
      cwd,
      (JSON.parse(built.stdout) as { outputs: { markdown: string } }).outputs.markdown,
    );
    markdown = readFileSync(postPath, 'utf8');
  });

  after(() => servers.close());

  it('discord: the messages confirmed before the crash are not sent again', async () => {
    const store = openStore({ path: ':memory:' });
    let discordRequests = 0;
    // The third Discord request meets a 500; the process "dies" during the wait before the retry.
    const crashingFetch: typeof fetch = async (input, init) => {
      if (String(input).includes('/discord/')) {
        discordRequests += 1;
        if (discordRequests === 4) return new Response('{"message":"boom"}', { status: 500 });
      }
      return fetch(input, init);
    };
    const options = { markdown, postPath, channels: ['discord' as const], env: servers.env(), store };
    const crashed = await deliverPost({
      ...options,
      fetch: crashingFetch,
      sleep: async (ms) => {
        if (ms >= 1000) throw new Error('killed');
      },
    });
    const first = crashed.channels[0];
    assert.equal(first?.ok, false);
    assert.equal(first?.sent, 2, 'two messages confirmed (the first request was rate-limited and retried)');
    const total = first?.messages.length ?? 0;
    assert.ok(total > 3);
    const resumed = await deliverPost({ ...options, sleep: async () => {} });
    assert.equal(resumed.channels[0]?.ok, true);
    assert.equal(resumed.channels[0]?.skipped, 2);
    assert.equal(resumed.channels[0]?.sent, total - 2);
    const contents = servers.delivered('discord').map((body) => body.content as string);
    assert.equal(contents.length, total, 'each message delivered once');
    assert.equal(new Set(contents).size, total);
    store.close();
  });
});

describe('deliver --to email over smtps://', () => {
  it('sends over implicit TLS; a refused login fails in one line without the password', async () => {
    const smtp = await startSmtpServer('digest', 'tls-password-1', true);
    const cwd = temporaryDirectory('arxiv-digest-smtps-');
    const built = await runCli(
      ['build', '--input', seedPapersFile, '--lang', 'zh', '--llm', 'none', '--out', 'posts', '--json'],
      { cwd, env: { ARXIV_DIGEST_DB: path.join(cwd, 'build.db') } },
    );
    assert.equal(built.code, 0, built.stderr);
    const postPath = path.join(
      cwd,
      (JSON.parse(built.stdout) as { outputs: { markdown: string } }).outputs.markdown,
    );
    const markdown = readFileSync(postPath, 'utf8');
    // The test server's certificate is self-signed: nodemailer reads TLS options from the URL's query.
    const smtpUrl = (password: string) =>
      `smtps://digest:${password}@127.0.0.1:${smtp.port}/?tls.rejectUnauthorized=false`;
    const env = {
      SMTP_URL: smtpUrl('tls-password-1'),
      ARXIV_DIGEST_MAIL_FROM: 'digest@example.org',
      ARXIV_DIGEST_MAIL_TO: 'reader@example.org',
    };
    const store = openStore({ path: ':memory:' });
    const sent = await deliverPost({
      markdown,
      postPath,
      channels: ['email'],
      env,
      store,
      sleep: async () => {},
    });
    assert.equal(sent.ok, true, sent.channels[0]?.error ?? '');
    assert.equal(smtp.messages.length, 1);
    assert.match(smtp.messages[0] as string, /multipart\/alternative/);
    const refused = await deliverPost({
      markdown,
      postPath,
      channels: ['email'],
      env: { ...env, SMTP_URL: smtpUrl('wrong-password-9') },
      store,
      force: true,
      sleep: async () => {},
    });
    assert.equal(refused.ok, false);
    assert.match(refused.channels[0]?.error ?? '', /^email: .*(Invalid|535)/);
    assert.equal(JSON.stringify(refused).includes('wrong-password-9'), false);
    store.close();
    await smtp.close();
  });
});

describe('deliver settings: environment first, then the config file', () => {
  it("reads the config's deliver: section, lets the environment win, refuses secrets and unknown keys", async () => {
    const { validateConfig } = await import('../src/pipeline/config.ts');
    const { resolveChannelSettings, parseChannelList } = await import('../src/deliver/settings.ts');
    const config = validateConfig(
      {
        deliver: {
          to: ['email', 'telegram'],
          email: { from: 'Bot <bot@example.org>', to: ['a@example.org'] },
          telegram: { chatId: -100 },
        },
      },
      'test.yaml',
    );
    assert.deepEqual(parseChannelList(config.deliver.to), ['email', 'telegram']);
    const fromConfig = resolveChannelSettings('email', { SMTP_URL: 'smtp://127.0.0.1:25' }, config.deliver);
    assert.deepEqual(fromConfig, {
      channel: 'email',
      smtpUrl: 'smtp://127.0.0.1:25',
      from: 'Bot <bot@example.org>',
      to: ['a@example.org'],
    });
    const envWins = resolveChannelSettings(
      'email',
      { SMTP_URL: 'smtp://127.0.0.1:25', ARXIV_DIGEST_MAIL_TO: 'b@example.org, c@example.org' },
      config.deliver,
    );
    assert.deepEqual(envWins.channel === 'email' && envWins.to, ['b@example.org', 'c@example.org']);
    const telegram = resolveChannelSettings('telegram', { TELEGRAM_BOT_TOKEN: '1:abc' }, config.deliver);
    assert.equal(telegram.channel === 'telegram' && telegram.chatId, '-100');
    assert.throws(
      () => validateConfig({ deliver: { feishu: { secret: 'x' } } }, 'test.yaml'),
      /deliver\.feishu\.secret: API keys are not read from config files/,
    );
    assert.throws(
      () => validateConfig({ deliver: { slackWebhookUrl: 'https://hooks.slack.com/x' } }, 'test.yaml'),
      /test\.yaml: deliver/,
    );
    assert.throws(
      () => validateConfig({ deliver: { to: ['pigeon'] } }, 'test.yaml'),
      /test\.yaml: deliver\.to/,
    );
    assert.throws(
      () => resolveChannelSettings('email', { SMTP_URL: 'http://mail.example.org' }),
      /email: SMTP_URL must start with smtp:\/\/ or smtps:\/\//,
    );
  });
});
