import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins for the chat platforms' webhook endpoints and an SMTP server, on 127.0.0.1. Each
 * endpoint checks the documented payload shape, limits and signature, and answers the way the
 * platform does: a rate limit once (429 with Retry-After, or the platform's own error body with
 * HTTP 200), then success. A payload that breaks a rule gets the platform's error answer, so the
 * run fails and the test sees it.
 */

export type Platform = 'slack' | 'discord' | 'feishu' | 'dingtalk' | 'wecom' | 'telegram';

export interface Received {
  platform: Platform;
  body: Record<string, unknown>;
  /** What the platform would reject, empty when the payload is valid. */
  problems: string[];
  /** Answered with the rate-limit fault instead of delivering. */
  limited: boolean;
  /** Accepted as a delivered message. */
  delivered: boolean;
}

export interface PlatformSecrets {
  token: string;
  feishuSecret: string;
  dingtalkSecret: string;
}

export interface DeliveryServers {
  origin: string;
  received: Received[];
  /** Delivered (not rate-limited, valid) payloads of one platform, in arrival order. */
  delivered(platform: Platform): Record<string, unknown>[];
  /** Answer every later request of the platform with this HTTP-200 error body. */
  failAlways(platform: Platform, body: Record<string, unknown>): void;
  /** Rate-limit the next request of each platform once more. */
  limitOnceMore(): void;
  env(): Record<string, string>;
  close(): Promise<void>;
}

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function platformOf(path: string): Platform | null {
  const first = path.split('/')[1] ?? '';
  return (
    (['slack', 'discord', 'feishu', 'dingtalk', 'wecom', 'telegram'] as const).find(
      (name) => name === first,
    ) ?? null
  );
}

export function checkPayload(
  platform: Platform,
  body: Record<string, unknown>,
  raw: string,
  url: URL,
  secrets: PlatformSecrets,
  now: number,
): string[] {
  const problems: string[] = [];
  const need = (condition: boolean, problem: string): void => {
    if (!condition) problems.push(problem);
  };
  switch (platform) {
    case 'slack': {
      const blocks = body.blocks as { type: string; text: { type: string; text: string } }[];
      need(Array.isArray(blocks) && blocks.length >= 1 && blocks.length <= 50, 'blocks: 1 to 50');
      need(typeof body.text === 'string' && body.text.length > 0, 'text fallback');
      for (const block of blocks ?? []) {
        need(block.type === 'section' && block.text.type === 'mrkdwn', 'section with mrkdwn text');
        need(
          block.text.text.length >= 1 && block.text.text.length <= 3000,
          `section text ${block.text.text.length} chars`,
        );
      }
      break;
    }
    case 'discord': {
      const content = body.content as string;
      need(
        typeof content === 'string' && content.length >= 1 && content.length <= 2000,
        'content 1 to 2000 chars',
      );
      const mentions = body.allowed_mentions as { parse?: unknown[] } | undefined;
      need(Array.isArray(mentions?.parse) && mentions.parse.length === 0, 'allowed_mentions.parse []');
      need(url.searchParams.get('wait') === 'true', 'wait=true');
      break;
    }
    case 'feishu': {
      need(byteLength(raw) <= 20_000, `body ${byteLength(raw)} bytes over 20 KB`);
      need(body.msg_type === 'post', 'msg_type post');
      const timestamp = Number(body.timestamp);
      need(Math.abs(now / 1000 - timestamp) < 3600, 'timestamp within an hour (seconds)');
      const expected = createHmac('sha256', `${body.timestamp}\n${secrets.feishuSecret}`)
        .update('')
        .digest('base64');
      need(body.sign === expected, 'sign');
      const post =
        (body.content as { post?: Record<string, { title: string; content: unknown[][] }> })?.post ?? {};
      const languages = Object.values(post);
      need(languages.length === 1, 'one language in post');
      for (const paragraph of languages[0]?.content ?? [])
        for (const element of paragraph as { tag: string; href?: string }[])
          need(element.tag === 'text' || element.tag === 'a', `tag ${element.tag}`);
      break;
    }
    case 'dingtalk': {
      need(byteLength(raw) <= 20_000, `body ${byteLength(raw)} bytes over 20000`);
      need(url.searchParams.get('access_token') === secrets.token, 'access_token');
      const timestamp = url.searchParams.get('timestamp') ?? '';
      need(Math.abs(now - Number(timestamp)) < 3_600_000, 'timestamp within an hour (ms)');
      const expected = createHmac('sha256', secrets.dingtalkSecret)
        .update(`${timestamp}\n${secrets.dingtalkSecret}`)
        .digest('base64');
      need(url.searchParams.get('sign') === expected, 'sign');
      need(/[?&]sign=[^&]*%/.test(url.search) || !/[+/=]/.test(expected), 'sign URL-encoded');
      const markdown = body.markdown as { title?: string; text?: string } | undefined;
      need(body.msgtype === 'markdown' && !!markdown?.title && !!markdown.text, 'markdown title and text');
      break;
    }
    case 'wecom': {
      need(url.searchParams.get('key') === secrets.token, 'key');
      const content = (body.markdown as { content?: string } | undefined)?.content ?? '';
      need(body.msgtype === 'markdown' && content.length > 0, 'markdown content');
      need(byteLength(content) <= 4096, `content ${byteLength(content)} bytes over 4096`);
      break;
    }
    case 'telegram': {
      need(url.pathname === `/telegram/bot123456:${secrets.token}/sendMessage`, 'bot token path');
      const text = body.text as string;
      need(body.parse_mode === 'HTML', 'parse_mode HTML');
      need(typeof text === 'string' && text.length >= 1 && text.length <= 4096, 'text 1 to 4096 chars');
      // Telegram's HTML: only its tags, balanced, and entities for < > &.
      const tags = [...(text ?? '').matchAll(/<(\/?)([a-z]+)([^>]*)>/g)];
      const stack: string[] = [];
      for (const [, closing, name = '', attributes] of tags) {
        need(['b', 'a'].includes(name), `tag <${name}>`);
        if (name === 'a' && !closing)
          need(/^ href="https:\/\/[^"]+"$/.test(attributes ?? ''), 'a href https');
        if (closing) need(stack.pop() === name, `unbalanced </${name}>`);
        else stack.push(name);
      }
      need(stack.length === 0, 'unclosed tag');
      need(!/&(?!amp;|lt;|gt;|quot;)/.test(text ?? ''), 'bare &');
      break;
    }
  }
  return problems;
}

/** The rate-limit answer of each platform, as its documentation shows it: status, body, headers. */
const limitAnswers: Record<Platform, [number, unknown, Record<string, string>]> = {
  slack: [429, 'rate_limited', { 'retry-after': '1' }],
  discord: [
    429,
    { message: 'You are being rate limited.', retry_after: 0.25, global: false },
    { 'retry-after': '1' },
  ],
  telegram: [
    429,
    {
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    },
    {},
  ],
  feishu: [200, { code: 9499, msg: 'too many request', data: {} }, {}],
  dingtalk: [200, { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' }, {}],
  wecom: [200, { errcode: 45009, errmsg: 'api freq out of limit' }, {}],
};

function limitAnswer(platform: Platform, response: ServerResponse): void {
  const [status, body, headers] = limitAnswers[platform];
  const text = typeof body === 'string';
  response.writeHead(status, { 'content-type': text ? 'text/plain' : 'application/json', ...headers });
  response.end(text ? body : JSON.stringify(body));
}

function successAnswer(platform: Platform, response: ServerResponse, count: number): void {
  const json = (body: unknown): void => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  if (platform === 'slack') {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('ok');
  } else if (platform === 'discord') json({ id: String(1000 + count), type: 0 });
  else if (platform === 'telegram') json({ ok: true, result: { message_id: count } });
  else if (platform === 'feishu') json({ code: 0, msg: 'success', data: {} });
  else json({ errcode: 0, errmsg: 'ok' });
}

function problemAnswer(platform: Platform, response: ServerResponse, problems: string[]): void {
  const text = problems.join('; ');
  const json = (status: number, body: unknown): void => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  if (platform === 'slack') {
    response.writeHead(400, { 'content-type': 'text/plain' });
    response.end(`invalid_blocks ${text}`);
  } else if (platform === 'discord') json(400, { code: 50035, message: `Invalid Form Body ${text}` });
  else if (platform === 'telegram')
    json(400, { ok: false, error_code: 400, description: `Bad Request: ${text}` });
  else if (platform === 'feishu') json(200, { code: 19021, msg: `sign match fail or invalid ${text}` });
  else json(200, { errcode: 310000, errmsg: `invalid ${text}` });
}

export async function startDeliveryServers(secrets: PlatformSecrets): Promise<DeliveryServers> {
  const received: Received[] = [];
  const limitPending = new Set<Platform>(['slack', 'discord', 'feishu', 'dingtalk', 'wecom', 'telegram']);
  const failures = new Map<Platform, Record<string, unknown>>();
  let delivered = 0;
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const platform = platformOf(url.pathname);
      const raw = await readBody(request);
      if (!platform || request.method !== 'POST') {
        response.writeHead(404).end();
        return;
      }
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        response.writeHead(400).end('not JSON');
        return;
      }
      const problems = checkPayload(platform, body, raw, url, secrets, Date.now());
      const limited = problems.length === 0 && limitPending.delete(platform);
      const failure = failures.get(platform);
      received.push({
        platform,
        body,
        problems,
        limited,
        delivered: problems.length === 0 && !limited && !failure,
      });
      if (problems.length > 0) problemAnswer(platform, response, problems);
      else if (limited) limitAnswer(platform, response);
      else if (failure) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(failure));
      } else {
        delivered += 1;
        successAnswer(platform, response, delivered);
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    received,
    delivered: (platform) =>
      received.filter((entry) => entry.platform === platform && entry.delivered).map((entry) => entry.body),
    failAlways: (platform, body) => failures.set(platform, body),
    limitOnceMore: () => {
      for (const platform of ['slack', 'discord', 'feishu', 'dingtalk', 'wecom', 'telegram'] as const)
        limitPending.add(platform);
    },
    env: () => ({
      SLACK_WEBHOOK_URL: `${origin}/slack/services/T0001/B0001/${secrets.token}`,
      DISCORD_WEBHOOK_URL: `${origin}/discord/api/webhooks/123456/${secrets.token}`,
      FEISHU_WEBHOOK_URL: `${origin}/feishu/open-apis/bot/v2/hook/${secrets.token}`,
      FEISHU_SECRET: secrets.feishuSecret,
      DINGTALK_WEBHOOK_URL: `${origin}/dingtalk/robot/send?access_token=${secrets.token}`,
      DINGTALK_SECRET: secrets.dingtalkSecret,
      WECOM_WEBHOOK_URL: `${origin}/wecom/cgi-bin/webhook/send?key=${secrets.token}`,
      TELEGRAM_BOT_TOKEN: `123456:${secrets.token}`,
      TELEGRAM_CHAT_ID: '-100123',
      TELEGRAM_API_URL: `${origin}/telegram`,
    }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export { type SmtpCapture, startSmtpServer } from './smtp-server.ts';
