import { maskMath } from '../core/math.ts';

/**
 * Escaping for each message format, so that a hostile title (`<b>x</b> @everyone <!channel>
 * [a](javascript:alert(1))`) arrives as the text it is: no markup, no mention, no link.
 */

/** HTML text and attribute values (Telegram's parse_mode HTML, email); group mentions neutralised too. */
export function escapeHtml(text: string): string {
  return neutralizeMentions(
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'),
  );
}

/**
 * Mentions that ping a whole group in some chat (`@everyone`, `@here`, `@all`, `@channel`,
 * `@所有人`): a word joiner after the @ keeps the text readable and never matches a mention.
 */
export function neutralizeMentions(text: string): string {
  return text.replace(/@(?=(?:everyone|here|all|channel|所有人)\b|所有人)/giu, '@\u2060');
}

/**
 * Slack mrkdwn: Slack asks for &, < and > as entities; `<!channel>` and `<@U123>` then stay text.
 * `*`, `_`, `~` and backtick would start formatting and Slack has no escape, so outside formulas
 * they become look-alikes; TeX inside $…$ is sent as its source, unchanged.
 */
export function escapeSlack(text: string): string {
  const { masked, restore } = maskMath(text);
  const prose = masked.replace(/\*/g, '∗').replace(/_/g, 'ˍ').replace(/~/g, '∼').replace(/`/g, 'ˋ');
  return neutralizeMentions(
    restore(prose).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  );
}

/** Slack link text ends at `|` or `>`: both are replaced or escaped. */
export function escapeSlackLinkText(text: string): string {
  return escapeSlack(text).replace(/\|/g, '¦');
}

/** CommonMark-style Markdown (Discord): every character that could start markup gets a backslash. */
export function escapeMarkdown(text: string): string {
  return neutralizeMentions(text.replace(/[\\`*_~[\]()#|<>]/g, (character) => `\\${character}`));
}

/**
 * DingTalk and WeCom Markdown. Their renderers document no escape character and read HTML-like tags
 * (`<font>`, WeCom's `<@userid>` mentions), so what could form a link or a tag becomes a full-width
 * look-alike (`［ ］ ＜ ＞`: no link can start, no tag can open) and emphasis markers outside
 * formulas get a backslash; TeX inside $…$ is sent as its source.
 */
export function escapeChinaMarkdown(text: string): string {
  const { masked, restore } = maskMath(text);
  const prose = masked.replace(/[*_`~]/g, (character) => `\\${character}`);
  return neutralizeMentions(
    restore(prose).replace(/\[/g, '［').replace(/\]/g, '］').replace(/</g, '＜').replace(/>/g, '＞'),
  );
}

/** Feishu post text elements are plain text; only its `<at …>` tag syntax needs breaking up. */
export function escapeFeishuText(text: string): string {
  return neutralizeMentions(text.replace(/<(?=\/?at\b)/gi, '<\u2060'));
}

/**
 * A link is sent only when it is https and points at arXiv or the digest's own site; anything else
 * (javascript:, data:, other hosts) is shown as text. Parentheses and spaces are percent-encoded so
 * the URL cannot end a Markdown link early.
 */
export function safeUrl(url: string, allowedOrigins: readonly string[]): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return null;
  const arxiv = /^(?:www\.|export\.)?arxiv\.org$/i.test(parsed.hostname);
  if (!arxiv && !allowedOrigins.includes(parsed.origin)) return null;
  return parsed.href
    .replace(/\(/g, '%28')
    .replace(/\)/g, '%29')
    .replace(/</g, '%3C')
    .replace(/>/g, '%3E')
    .replace(/\|/g, '%7C');
}
