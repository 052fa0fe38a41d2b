import type { Paper } from '../../src/core/paper.ts';
import { announceTypeFor, rssFeedXml } from './arxiv-rss-xml.ts';
import { compileSearchQuery, SearchQueryError } from './arxiv-search-query.ts';
import {
  atomEntryXml,
  atomErrorFeedXml,
  atomFeedXml,
  datestampOf,
  oaiDeletedRecordXml,
  oaiErrorXml,
  oaiListRecordsXml,
  oaiRecordXml,
  setSpecOf,
  submittedOf,
} from './arxiv-xml.ts';
import { type FakeServer, type Fault, startFakeServer } from './fake-http-server.ts';

/**
 * Local stand-ins for arXiv's API, OAI-PMH and RSS endpoints on 127.0.0.1 (port 0), speaking the
 * real wire formats, recording every request with its arrival time, and misbehaving on demand:
 * faults are keyed by request number (1 = the first request the server sees).
 */

export * from './fake-http-server.ts';

// ------------------------------------------------------------------------------------------- API

export interface ApiServerOptions {
  papers: readonly Paper[];
  /** Entries served verbatim on every query (after the papers), e.g. a broken entry. */
  rawEntries?: readonly string[];
  faults?: readonly Fault[];
}

export interface ArxivApiServer extends FakeServer {
  /** The API endpoint, to pass as baseUrl / ARXIV_API_URL. */
  url: string;
  /** The server's papers now (faults may change them). */
  papers(): Paper[];
  /** The papers a query matches, in the order served. */
  matching(searchQuery: string): Paper[];
}

function bySubmission(left: Paper, right: Paper): number {
  const a = submittedOf(left);
  const b = submittedOf(right);
  return a === b ? left.id.localeCompare(right.id) : a.localeCompare(b);
}

export async function startArxivApiServer(options: ApiServerOptions): Promise<ArxivApiServer> {
  let papers = [...options.papers];
  const matching = (searchQuery: string) => {
    const matches = compileSearchQuery(searchQuery);
    return papers.filter(matches).sort(bySubmission);
  };
  const server = await startFakeServer((request, faults) => {
    for (const fault of faults) if (fault.kind === 'mutate') papers = fault.apply([...papers]);
    if (request.path !== '/api/query') return { status: 404, body: '<html><body>Not Found</body></html>' };
    const searchQuery = request.params.get('search_query') ?? '';
    const start = Number(request.params.get('start') ?? '0');
    const maxResults = Number(request.params.get('max_results') ?? '10');
    let matched: Paper[];
    try {
      matched = matching(searchQuery);
    } catch (error) {
      if (!(error instanceof SearchQueryError)) throw error;
      return { status: 400, body: atomErrorFeedXml(`malformed query: ${error.message}`) };
    }
    if (request.params.get('sortOrder') === 'descending') matched.reverse();
    const entries = [...matched.map(atomEntryXml), ...(options.rawEntries ?? [])];
    const empty = faults.some((fault) => fault.kind === 'empty-page');
    const page = empty ? [] : entries.slice(start, start + maxResults);
    const body = atomFeedXml({ searchQuery, start, maxResults, totalResults: entries.length, entries: page });
    return { status: 200, headers: { 'content-type': 'application/atom+xml; charset=utf-8' }, body };
  }, options.faults);
  return Object.assign(server, { url: `${server.origin}/api/query`, papers: () => [...papers], matching });
}

// --------------------------------------------------------------------------------------- OAI-PMH

export interface DeletedRecord {
  id: string;
  datestamp: string;
  setSpec: string;
}

export interface OaiServerOptions {
  papers: readonly Paper[];
  deleted?: readonly DeletedRecord[];
  /** Records per response (arXiv uses 1000; tests use a few). */
  pageSize?: number;
  faults?: readonly Fault[];
}

export interface OaiServer extends FakeServer {
  url: string;
  /** Tokens the server issued, in order. */
  issuedTokens: string[];
}

type OaiItem =
  | { kind: 'paper'; paper: Paper; datestamp: string }
  | { kind: 'deleted'; record: DeletedRecord; datestamp: string };

function inSet(set: string, setSpecs: string[]): boolean {
  return setSpecs.some((spec) => spec === set || spec.startsWith(`${set}:`));
}

export async function startOaiServer(options: OaiServerOptions): Promise<OaiServer> {
  let papers = [...options.papers];
  const pageSize = options.pageSize ?? 3;
  const lists = new Map<string, { items: OaiItem[]; offset: number; prefix: string }>();
  const issuedTokens: string[] = [];
  let serial = 1083072;
  const server = await startFakeServer((request, faults) => {
    for (const fault of faults) if (fault.kind === 'mutate') papers = fault.apply([...papers]);
    const baseUrl = `http://export.arxiv.org/oai2`;
    const params = request.params;
    const error = (code: string, message: string) => ({
      status: 200,
      body: oaiErrorXml(params, baseUrl, code, message),
    });
    if (request.path !== '/oai') return { status: 404, body: '<html><body>Not Found</body></html>' };
    if (params.get('verb') !== 'ListRecords') return error('badVerb', 'Illegal verb');
    const token = params.get('resumptionToken');
    if (faults.some((fault) => fault.kind === 'bad-token'))
      return error('badResumptionToken', `Invalid token ${token}`);
    let list: { items: OaiItem[]; offset: number; prefix: string };
    if (token !== null) {
      if ([...params.keys()].some((name) => name !== 'verb' && name !== 'resumptionToken')) {
        return error('badArgument', 'resumptionToken is an exclusive argument');
      }
      const found = lists.get(token);
      if (!found) return error('badResumptionToken', `Invalid token ${token}`);
      list = found;
    } else {
      const prefix = params.get('metadataPrefix');
      if (prefix !== 'arXiv' && prefix !== 'arXivRaw')
        return error('cannotDisseminateFormat', `Unknown ${prefix}`);
      const from = params.get('from') ?? '0000-00-00';
      const until = params.get('until') ?? '9999-99-99';
      const set = params.get('set');
      const items: OaiItem[] = [
        ...papers.map((paper): OaiItem => ({ kind: 'paper', paper, datestamp: datestampOf(paper) })),
        ...(options.deleted ?? []).map(
          (record): OaiItem => ({ kind: 'deleted', record, datestamp: record.datestamp }),
        ),
      ]
        .filter((item) => item.datestamp >= from && item.datestamp <= until)
        .filter((item) => {
          if (set === null) return true;
          const specs = item.kind === 'paper' ? item.paper.categories.map(setSpecOf) : [item.record.setSpec];
          return inSet(set, specs);
        })
        .sort((a, b) => a.datestamp.localeCompare(b.datestamp) || idOf(a).localeCompare(idOf(b)));
      if (items.length === 0) return error('noRecordsMatch', 'No records match');
      list = { items, offset: 0, prefix };
    }
    const page = list.items.slice(list.offset, list.offset + pageSize);
    const next = list.offset + page.length;
    let tokenPart: { value: string; cursor: number; completeListSize: number } | undefined;
    if (next < list.items.length) {
      serial += 1;
      const value = `${serial}|${next + 1}`;
      lists.set(value, { items: list.items, offset: next, prefix: list.prefix });
      issuedTokens.push(value);
      tokenPart = { value, cursor: list.offset, completeListSize: list.items.length };
    } else if (list.offset > 0) {
      tokenPart = { value: '', cursor: list.offset, completeListSize: list.items.length };
    }
    const records = page.map((item) =>
      item.kind === 'paper'
        ? oaiRecordXml(item.paper, list.prefix)
        : oaiDeletedRecordXml(item.record.id, item.record.datestamp, item.record.setSpec),
    );
    return {
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body: oaiListRecordsXml({ params, baseUrl, records, token: tokenPart }),
    };
  }, options.faults);
  return Object.assign(server, { url: `${server.origin}/oai`, issuedTokens });
}

function idOf(item: OaiItem): string {
  return item.kind === 'paper' ? item.paper.id : item.record.id;
}

// ------------------------------------------------------------------------------------------- RSS

export interface RssServerOptions {
  papers: readonly Paper[];
  /** The announcement date the feeds state. */
  announced: string;
  /** Serve channels without items (weekend or holiday). */
  empty?: boolean;
  faults?: readonly Fault[];
}

export interface RssServer extends FakeServer {
  /** Base for feeds (ARXIV_RSS_URL): `${url}cs.CV+cs.CL`. */
  url: string;
  /** The papers a feed of these categories lists. */
  listed(categories: readonly string[]): Paper[];
}

const announceOrder = ['new', 'cross', 'replace', 'replace-cross'];

export async function startRssServer(options: RssServerOptions): Promise<RssServer> {
  const listed = (categories: readonly string[]) =>
    options.papers.filter((paper) => paper.categories.some((category) => categories.includes(category)));
  const server = await startFakeServer((request) => {
    const match = /^\/rss\/(.+)$/.exec(request.path);
    if (!match?.[1]) return { status: 404, body: '<html><body>Not Found</body></html>' };
    const feed = decodeURIComponent(match[1]);
    const categories = feed.split('+');
    const items = options.empty
      ? []
      : listed(categories)
          .map((paper) => ({ paper, announceType: announceTypeFor(paper, categories) }))
          .sort((a, b) => announceOrder.indexOf(a.announceType) - announceOrder.indexOf(b.announceType));
    return {
      status: 200,
      headers: { 'content-type': 'application/rss+xml; charset=utf-8' },
      body: rssFeedXml({ feed, announced: options.announced, items }),
    };
  }, options.faults);
  return Object.assign(server, { url: `${server.origin}/rss/`, listed });
}
