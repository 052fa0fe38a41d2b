/**
 * Keeps API keys out of logs, errors, caches and outputs. Servers sometimes echo the request
 * (headers included) in their error bodies, so every text that came from a server or an error goes
 * through here before anyone sees it.
 */

const redacted = '[redacted]';

// Shapes of common provider keys and auth headers, for keys we were not told about.
const authHeaderPattern = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const skKeyPattern = /\bsk-[A-Za-z0-9_-]{8,}/g;
const keyAssignmentPattern =
  /\b(api[_-]?key|authorization)(["']?\s*[:=]\s*["']?)(?!Bearer\b|Basic\b|\[redacted\])[^\s"',}]{6,}/gi;

// Credentials that travel inside URLs (webhooks, bot APIs, SMTP): kept out even when nobody named them.
const urlSecretPatterns: [RegExp, string][] = [
  [/(hooks\.slack\.com\/services\/)[^\s"'<>]+/gi, `$1${redacted}`],
  [/(discord(?:app)?\.com\/api\/webhooks\/\d+\/)[^\s"'<>?]+/gi, `$1${redacted}`],
  [/(open\.(?:feishu\.cn|larksuite\.com)\/open-apis\/bot\/v2\/hook\/)[^\s"'<>?]+/gi, `$1${redacted}`],
  [/\/bot\d{4,}:[A-Za-z0-9_-]{10,}/g, `/bot${redacted}`],
  [/([?&](?:access_token|key|token|sign)=)[^&\s"'<>]+/gi, `$1${redacted}`],
  [/(smtps?:\/\/[^:@\s/]+:)[^@\s]+@/gi, `$1${redacted}@`],
];

export function redactSecrets(text: string, secrets: readonly (string | null | undefined)[] = []): string {
  let result = text;
  for (const secret of secrets) {
    // Very short values would blank out ordinary words; a real key is never that short.
    if (secret && secret.length >= 6) result = result.split(secret).join(redacted);
  }
  for (const [pattern, replacement] of urlSecretPatterns) result = result.replace(pattern, replacement);
  return result
    .replace(authHeaderPattern, (_match, scheme: string) => `${scheme} ${redacted}`)
    .replace(skKeyPattern, redacted)
    .replace(
      keyAssignmentPattern,
      (_match, name: string, separator: string) => `${name}${separator}${redacted}`,
    );
}
