import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Paper } from '../../src/core/paper.ts';

/**
 * A local HTTP server on 127.0.0.1 (port 0) that records every request with its arrival time and
 * misbehaves on demand. Faults are keyed by request number (1 = the first request it sees).
 */

export interface RecordedRequest {
  /** 1-based arrival order. */
  n: number;
  method: string;
  path: string;
  params: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Arrival: Date.now() and performance.now(). */
  at: number;
  hr: number;
}

type On = { on: number | readonly number[] };

export type Fault = On &
  (
    | { kind: 'status'; status: number; retryAfter?: string; body?: string }
    /** Drop the connection before answering, or after half of the body. */
    | { kind: 'reset'; phase?: 'before' | 'mid-body' }
    /** Never answer (headers), or stop after half of the body (body). */
    | { kind: 'stall'; phase?: 'headers' | 'body' }
    /** A complete HTTP answer whose XML is cut in half. */
    | { kind: 'truncate' }
    /** API: a valid feed with the usual totalResults but no entries. */
    | { kind: 'empty-page' }
    /** OAI: answer badResumptionToken. */
    | { kind: 'bad-token' }
    /** API/OAI: change the server's papers before answering (and from then on). */
    | { kind: 'mutate'; apply: (papers: Paper[]) => Paper[] }
  );

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export interface FakeServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  requests: RecordedRequest[];
  /** The most requests that were in progress at the same time. */
  maxInFlight: number;
  close(): Promise<void>;
}

function appliesTo(fault: Fault, n: number): boolean {
  return typeof fault.on === 'number' ? fault.on === n : fault.on.includes(n);
}

function halfOf(body: string): Buffer {
  const bytes = Buffer.from(body, 'utf8');
  return bytes.subarray(0, Math.floor(bytes.length / 2));
}

export async function startFakeServer(
  respond: (request: RecordedRequest, faults: Fault[]) => Reply,
  faults: readonly Fault[] = [],
): Promise<FakeServer> {
  let inFlight = 0;
  const state: FakeServer = { origin: '', requests: [], maxInFlight: 0, close: async () => {} };
  const server = createServer((request, response) => {
    inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    response.on('close', () => {
      inFlight -= 1;
    });
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const recorded: RecordedRequest = {
      n: state.requests.length + 1,
      method: request.method ?? 'GET',
      path: url.pathname,
      params: url.searchParams,
      headers: request.headers,
      at: Date.now(),
      hr: performance.now(),
    };
    state.requests.push(recorded);
    const active = faults.filter((fault) => appliesTo(fault, recorded.n));
    const transport = active.find((fault) => ['status', 'reset', 'stall', 'truncate'].includes(fault.kind));
    if (transport?.kind === 'status') {
      const headers: Record<string, string> = { 'content-type': 'text/html' };
      if (transport.retryAfter !== undefined) headers['retry-after'] = transport.retryAfter;
      response.writeHead(transport.status, headers);
      response.end(transport.body ?? `<html><body><h1>${transport.status}</h1></body></html>\n`);
      return;
    }
    if (transport?.kind === 'reset' && transport.phase !== 'mid-body') {
      request.socket.destroy();
      return;
    }
    if (transport?.kind === 'stall' && transport.phase !== 'body') return;
    const reply = respond(recorded, active);
    const body = Buffer.from(reply.body, 'utf8');
    const headers = { 'content-type': 'application/xml; charset=utf-8', ...reply.headers };
    if (transport?.kind === 'truncate') {
      const half = halfOf(reply.body);
      response.writeHead(reply.status, { ...headers, 'content-length': String(half.length) });
      response.end(half);
      return;
    }
    response.writeHead(reply.status, { ...headers, 'content-length': String(body.length) });
    if (transport?.kind === 'reset' || transport?.kind === 'stall') {
      response.write(halfOf(reply.body));
      if (transport.kind === 'reset') setImmediate(() => request.socket.destroy());
      return;
    }
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.origin = `http://127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

// ----------------------------------------------------------------------------------- client side

export interface RequestStart {
  url: string;
  /** Date.now() when the client called fetch: the start of the request. */
  at: number;
}

/**
 * Wraps the real fetch to record when each request starts. Politeness is about when the client
 * starts requests; arrival times at the server add network jitter, so gaps are checked here.
 */
export function recordingFetch(): { fetch: typeof globalThis.fetch; starts: RequestStart[] } {
  const starts: RequestStart[] = [];
  // The fetch of now, so a test may install the wrapper as the global one without recursion.
  const underlying = globalThis.fetch;
  const wrapped: typeof globalThis.fetch = (input, init) => {
    starts.push({ url: String(input), at: Date.now() });
    return underlying(input, init);
  };
  return { fetch: wrapped, starts };
}

/** Milliseconds between consecutive starts. */
export function gapsBetween(starts: readonly { at: number }[]): number[] {
  return starts.slice(1).map((start, index) => start.at - (starts[index] as { at: number }).at);
}
