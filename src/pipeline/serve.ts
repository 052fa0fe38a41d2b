import { existsSync, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sirv from 'sirv';
import { DigestError } from '../core/errors.ts';
import { searchContentSecurityPolicy } from '../render/search.ts';

/**
 * Local preview of a built site: sirv behind node:http, on a loopback address only. sirv already
 * refuses paths that normalize outside its directory; this layer is stricter and runs first, so a
 * request is judged on every decoding of its path, not just the one sirv does:
 *  - ".." or "." segments, backslashes, NUL and encoded slashes (%2F) at any decoding depth -> 403
 *    (covers %2e%2e%2f, %252e%252e%252f, ..%5c, %c0%ae-style junk that fails to decode -> 400);
 *  - dotfiles (the site manifest) -> 404;
 *  - a file that resolves (through symlinks) outside the directory -> 403;
 *  - a Host header that is not a loopback name -> 403 (DNS rebinding);
 *  - methods other than GET and HEAD -> 405.
 */

export const loopbackHosts = ['127.0.0.1', '::1'] as const;
export type LoopbackHost = (typeof loopbackHosts)[number];

export interface PreviewServerOptions {
  dir: string;
  /** 0 picks a free port (tests). Default 4173. */
  port?: number;
  /** Loopback only; anything else is refused. Default 127.0.0.1. */
  host?: string;
}

export interface PreviewServer {
  /** http://127.0.0.1:PORT/ */
  url: string;
  port: number;
  host: LoopbackHost;
  close(): Promise<void>;
}

const securityHeaders: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // The pages' own CSP, which lets Pagefind's search run (same-origin scripts, WebAssembly, fetches)
  // and KaTeX's stylesheet and fonts load (same origin).
  'Content-Security-Policy': searchContentSecurityPolicy,
};

const maxDecodings = 4;

type Verdict = { status: 200; decodedPath: string } | { status: 400 | 403 | 404 };

/** Judges a raw request target (req.url) before anything touches the file system. */
export function judgeRequestPath(rawUrl: string): Verdict {
  const rawPath = rawUrl.split(/[?#]/, 1)[0] ?? '';
  if (!rawPath.startsWith('/')) return { status: 400 };
  if (/%2f/i.test(rawPath)) return { status: 403 };
  let current = rawPath;
  let firstDecoding: string | null = null;
  for (let depth = 0; depth <= maxDecodings; depth += 1) {
    if (/[\\\0]/.test(current)) return { status: 403 };
    const segments = current.split('/');
    if (segments.some((segment) => segment === '..' || segment === '.')) return { status: 403 };
    if (depth > 0 && /%2f|%5c|%00/i.test(current)) return { status: 403 };
    if (!current.includes('%')) break;
    if (depth === maxDecodings) return { status: 400 }; // nested deeper than any honest URL
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return { status: 400 };
    }
    if (firstDecoding === null) firstDecoding = decoded;
    current = decoded;
  }
  const decodedPath = firstDecoding ?? rawPath;
  if (decodedPath.split('/').some((segment) => segment.startsWith('.'))) return { status: 404 };
  return { status: 200, decodedPath };
}

function isInside(root: string, target: string): boolean {
  return target === root || target.startsWith(root + path.sep);
}

/** The files sirv may answer a path with (extensions ['html']); each must really live inside root. */
function resolvesInside(realRoot: string, decodedPath: string): boolean {
  const base = path.resolve(realRoot, `.${decodedPath}`);
  if (!isInside(realRoot, base)) return false;
  const trimmed = base.replace(/[\\/]+$/, '');
  const candidates = [
    trimmed,
    `${trimmed}.html`,
    path.join(trimmed, 'index'),
    path.join(trimmed, 'index.html'),
  ];
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    if (!isInside(realRoot, realpathSync(candidate))) return false;
  }
  return true;
}

function hostAllowed(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const name = hostHeader.startsWith('[')
    ? hostHeader.slice(0, hostHeader.indexOf(']') + 1)
    : hostHeader.split(':')[0];
  return name === '127.0.0.1' || name === 'localhost' || name === '[::1]';
}

function refuse(response: ServerResponse, status: number, extra: Record<string, string> = {}): void {
  const reasons: Record<number, string> = {
    400: 'Bad Request',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
  };
  response.writeHead(status, { ...securityHeaders, ...extra, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`${status} ${reasons[status] ?? ''}\n`);
}

/** The request handler alone (tests and embedding); `dir` must exist. */
export function createPreviewHandler(
  dir: string,
): (request: IncomingMessage, response: ServerResponse) => void {
  const realRoot = realpathSync(path.resolve(dir));
  // dev mode: look files up per request, so a `publish` while serving shows up without a restart.
  const serveStatic = sirv(realRoot, { dev: true, etag: true, dotfiles: false, extensions: ['html'] });
  return (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return refuse(response, 405, { Allow: 'GET, HEAD' });
    if (!hostAllowed(request.headers.host)) return refuse(response, 403);
    const verdict = judgeRequestPath(request.url ?? '');
    if (verdict.status !== 200) return refuse(response, verdict.status);
    if (!resolvesInside(realRoot, verdict.decodedPath)) return refuse(response, 403);
    for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
    serveStatic(request, response, () => refuse(response, 404));
  };
}

/** Starts the preview server on a loopback address; resolves once it listens. */
export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const host = options.host ?? '127.0.0.1';
  if (!(loopbackHosts as readonly string[]).includes(host)) {
    throw new DigestError('USAGE', `serve listens on loopback only, not on ${host}`, {
      hint: 'use 127.0.0.1 (or ::1); put a real web server in front to publish the site',
    });
  }
  const port = options.port ?? 4173;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new DigestError('USAGE', `--port ${port} is not a port number`, {
      hint: 'use 1-65535 (0: any free port)',
    });
  }
  const root = path.resolve(options.dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new DigestError('USAGE', `site directory ${options.dir} does not exist`, {
      hint: 'build it first with `arxiv-digest publish DIR` or `build --site DIR`',
    });
  }
  const server = createServer(createPreviewHandler(root));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const hint = error.code === 'EADDRINUSE' ? 'pick another --port' : 'check the port and try again';
      reject(
        new DigestError('USAGE', `cannot listen on ${host}:${port} (${error.code ?? error.message})`, {
          hint,
          cause: error,
        }),
      );
    });
    server.listen({ port, host, exclusive: true }, resolve);
  });
  const address = server.address() as AddressInfo;
  const urlHost = host === '::1' ? '[::1]' : host;
  return {
    url: `http://${urlHost}:${address.port}/`,
    port: address.port,
    host: host as LoopbackHost,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
