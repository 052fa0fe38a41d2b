import { z } from 'zod';
import { isValidIsoDate } from '../core/dates.ts';
import { DigestError, isDigestError } from '../core/errors.ts';
import type { Paper } from '../core/paper.ts';
import { parseWith } from '../core/schema.ts';
import { checkEndpointUrl, clientFor, type PoliteClient, type PoliteClientSettings } from './http.ts';
import { type OaiPage, parseOaiResponse } from './parse/oai.ts';
import { cursorInvalidDetail, type ResumableSource, type SourcePage } from './run-fetch.ts';

/**
 * arXiv's OAI-PMH interface (ListRecords) as a resumable source. OAI-PMH pages with resumption
 * tokens: every request after the first carries only verb and resumptionToken. arXiv answers 503
 * with Retry-After very often (the polite client waits); "noRecordsMatch" is simply nothing; an
 * expired token is reported with the advice to start over. Note that OAI datestamps are the date a
 * record last changed, not its submission date.
 */

export const defaultOaiUrl = 'https://oaipmh.arxiv.org/oai';
export const oaiMetadataPrefixes = ['arXiv', 'arXivRaw'] as const;
export type OaiMetadataPrefix = (typeof oaiMetadataPrefixes)[number];

const isoDate = z.string().refine(isValidIsoDate, 'expected a YYYY-MM-DD date');

export const oaiParamsSchema = z
  .object({
    metadataPrefix: z.enum(oaiMetadataPrefixes).default('arXiv'),
    from: isoDate.optional(),
    until: isoDate.optional(),
    /** arXiv sets: "cs", "math", "physics:hep-th", ... */
    set: z
      .string()
      .regex(/^[A-Za-z-]+(:[A-Za-z-]+)*$/, 'expected an OAI set like cs or physics:hep-th')
      .optional(),
  })
  .refine((params) => !params.from || !params.until || params.from <= params.until, 'from is after until');

export type OaiParams = z.input<typeof oaiParamsSchema>;
type ResolvedParams = z.output<typeof oaiParamsSchema>;

export const oaiCursorSchema = z.object({ resumptionToken: z.string().min(1), params: oaiParamsSchema });
export type OaiCursor = z.output<typeof oaiCursorSchema>;

export interface OaiSettings {
  /** Default https://oaipmh.arxiv.org/oai; the CLI passes ARXIV_OAI_URL. */
  baseUrl?: string;
  client?: PoliteClient;
  http?: PoliteClientSettings;
  log?: (line: string) => void;
}

export interface OaiFetchPage extends SourcePage {
  cursor: OaiCursor | null;
  completeListSize: number | null;
}

export interface OaiFetchRequest {
  params: OaiParams;
  cursor?: OaiCursor;
  signal?: AbortSignal;
}

export interface OaiPmhSource {
  readonly name: 'oai-pmh';
  readonly baseUrl: string;
  fetchPages(request: OaiFetchRequest): AsyncGenerator<OaiFetchPage>;
  forParams(params: OaiParams): ResumableSource;
}

/** "set cs, 2025-11-21 to 2025-11-27, arXiv" for messages. */
export function describeOaiParams(params: ResolvedParams): string {
  const parts: string[] = [];
  if (params.set) parts.push(`set ${params.set}`);
  if (params.from || params.until) parts.push(`${params.from ?? 'start'} to ${params.until ?? 'now'}`);
  parts.push(params.metadataPrefix);
  return parts.join(', ');
}

function describeKey(params: ResolvedParams): string {
  return `oai-pmh ListRecords metadataPrefix=${params.metadataPrefix} from=${params.from ?? ''} until=${params.until ?? ''} set=${params.set ?? ''}`;
}

export function createOaiPmhSource(settings: OaiSettings = {}): OaiPmhSource {
  const baseUrl = checkEndpointUrl(settings.baseUrl ?? defaultOaiUrl, 'ARXIV_OAI_URL', defaultOaiUrl);
  const client = clientFor(settings);
  const log = settings.log ?? (() => {});

  function requestUrl(query: Record<string, string | undefined>): string {
    const url = new URL(baseUrl);
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(name, value);
    return url.toString();
  }

  async function fetchPage(url: string, what: string, signal?: AbortSignal): Promise<OaiPage> {
    const outcome = await client.request<{ page: OaiPage } | { error: DigestError }>({
      url,
      endpoint: 'oai-pmh',
      what,
      hint: 'retry later (arXiv OAI-PMH is often busy) or use --source api',
      signal,
      accept: 'text/xml, application/xml',
      parse: (body) => {
        try {
          return { page: parseOaiResponse(body, url) };
        } catch (error) {
          // An OAI error (badResumptionToken, badArgument) is an answer: asking again cannot help.
          if (isDigestError(error) && typeof error.details?.oaiCode === 'string') return { error };
          throw error;
        }
      },
    });
    if ('error' in outcome) {
      const error = outcome.error;
      const reason = error.message.startsWith(`${url}: `)
        ? error.message.slice(url.length + 2)
        : error.message;
      throw new DigestError(error.code, `[oai-pmh] ${what}: ${reason}`, {
        hint: error.hint,
        cause: error,
        details: error.details,
      });
    }
    return outcome.page;
  }

  async function* fetchPages(request: OaiFetchRequest): AsyncGenerator<OaiFetchPage> {
    const params = parseWith(oaiParamsSchema, request.params, 'OAI-PMH request', 'USAGE');
    const described = describeOaiParams(params);
    let token = request.cursor?.resumptionToken ?? null;
    const seen = new Set<string>();
    for (let pageNumber = 1; ; pageNumber++) {
      const resumed = request.cursor !== undefined ? ', resumed' : '';
      const what = `ListRecords page ${pageNumber}${resumed} (${described})`;
      // OAI-PMH: resumptionToken is an exclusive argument; the token remembers everything else.
      const url = token
        ? requestUrl({ verb: 'ListRecords', resumptionToken: token })
        : requestUrl({
            verb: 'ListRecords',
            metadataPrefix: params.metadataPrefix,
            from: params.from,
            until: params.until,
            set: params.set,
          });
      let page: OaiPage;
      try {
        page = await fetchPage(url, what, request.signal);
      } catch (error) {
        if (isDigestError(error) && error.details?.oaiCode === 'badResumptionToken' && token) {
          throw new DigestError(
            'PROTOCOL',
            `[oai-pmh] the server rejected resumption token "${token}" (badResumptionToken) for ListRecords (${described})`,
            {
              hint: 'the token expired or is unknown; run the fetch again to start over without resuming (stored papers are kept)',
              cause: error,
              details: { oaiCode: 'badResumptionToken', resumptionToken: token, [cursorInvalidDetail]: true },
            },
          );
        }
        throw error;
      }
      const papers: Paper[] = [];
      for (const { paper } of page.papers) {
        if (seen.has(paper.id)) continue;
        seen.add(paper.id);
        papers.push(paper);
      }
      const next = page.resumptionToken;
      if (next !== null && next === token) {
        throw new DigestError(
          'PROTOCOL',
          `[oai-pmh] the server returned the same resumption token "${next}" again`,
          {
            hint: 'check ARXIV_OAI_URL points at arXiv OAI-PMH or a faithful mirror',
          },
        );
      }
      const empty = pageNumber === 1 && !token && page.papers.length === 0 && page.deletedIds.length === 0;
      if (empty && next === null) log(`[oai-pmh] no records match (${described})`);
      yield {
        papers,
        problems: page.problems,
        deletedIds: page.deletedIds,
        cursor: next === null ? null : { resumptionToken: next, params },
        completeListSize: page.completeListSize,
        label: what,
        totalResults: page.completeListSize,
        ...(empty && next === null ? { note: `no records match (${described})` } : {}),
      };
      if (next === null) return;
      token = next;
    }
  }

  return {
    name: 'oai-pmh',
    baseUrl,
    fetchPages,
    forParams(input: OaiParams): ResumableSource {
      const params = parseWith(oaiParamsSchema, input, 'OAI-PMH request', 'USAGE');
      const key = describeKey(params);
      return {
        name: 'oai-pmh',
        key,
        pages: ({ cursor, signal }) => {
          if (cursor === undefined) return fetchPages({ params, signal });
          const stored = oaiCursorSchema.safeParse(cursor);
          // A token belongs to the request that produced it; never mix it with other parameters.
          if (!stored.success || describeKey(stored.data.params) !== key) {
            log('[oai-pmh] ignoring an unreadable stored cursor; starting from the first page');
            return fetchPages({ params, signal });
          }
          return fetchPages({ params, cursor: stored.data, signal });
        },
      };
    },
  };
}
