import { DigestError } from '../core/errors.ts';
import type { Paper } from '../core/paper.ts';
import { checkEndpointUrl, clientFor, type PoliteClient, type PoliteClientSettings } from './http.ts';
import { parseRssFeed, type RssFeed } from './parse/rss.ts';
import { checkCategories } from './query.ts';
import type { ResumableSource, SourcePage } from './run-fetch.ts';

/**
 * arXiv's daily announcement feeds: https://rss.arxiv.org/rss/cs.CV+cs.CL. One request gives the
 * latest announcement of those categories (new submissions, cross-lists and replacements, told
 * apart by announce type). On weekends and holidays the feed is empty: that is "nothing new",
 * not an error.
 */

export const defaultRssUrl = 'https://rss.arxiv.org/rss/';

export interface RssSettings {
  /** Default https://rss.arxiv.org/rss/; the CLI passes ARXIV_RSS_URL. */
  baseUrl?: string;
  client?: PoliteClient;
  http?: PoliteClientSettings;
  log?: (line: string) => void;
}

export interface RssFetchResult extends SourcePage {
  cursor: null;
  /** The announcement date the feed states, YYYY-MM-DD. */
  announced: string | null;
  /** True when the feed had no items (weekend, holiday, or nothing announced). */
  nothingNew: boolean;
  skipDays: string[];
  title: string | null;
}

export interface RssSource {
  readonly name: 'rss';
  readonly baseUrl: string;
  feedUrl(categories: readonly string[]): string;
  fetchFeed(request: { categories: readonly string[]; signal?: AbortSignal }): Promise<RssFetchResult>;
  /** One page (the whole feed), for runFetch. */
  forCategories(categories: readonly string[]): ResumableSource;
}

export function createRssSource(settings: RssSettings = {}): RssSource {
  const configured = checkEndpointUrl(settings.baseUrl ?? defaultRssUrl, 'ARXIV_RSS_URL', defaultRssUrl);
  const baseUrl = configured.endsWith('/') ? configured : `${configured}/`;
  const client = clientFor(settings);
  const log = settings.log ?? (() => {});

  function feedUrl(categories: readonly string[]): string {
    const checked = checkCategories(categories);
    if (checked.length === 0) {
      throw new DigestError('USAGE', 'the RSS source needs at least one category', {
        hint: 'give --categories, e.g. --categories cs.CV,cs.CL',
      });
    }
    // arXiv combines feeds with "+"; category names need no escaping.
    return `${baseUrl}${checked.join('+')}`;
  }

  async function fetchFeed(request: {
    categories: readonly string[];
    signal?: AbortSignal;
  }): Promise<RssFetchResult> {
    const url = feedUrl(request.categories);
    const label = `the RSS feed ${url.slice(baseUrl.length)}`;
    const feed = await client.request<RssFeed>({
      url,
      endpoint: 'rss',
      what: label,
      hint: 'retry later or use --source api',
      signal: request.signal,
      accept: 'application/rss+xml, application/xml;q=0.9',
      parse: (body) => parseRssFeed(body, url),
    });
    const papers: Paper[] = [];
    const seen = new Set<string>();
    for (const { paper } of feed.papers) {
      // A paper listed in two of the combined categories appears once.
      if (seen.has(paper.id)) continue;
      seen.add(paper.id);
      papers.push(paper);
    }
    const nothingNew = feed.itemCount === 0;
    let note: string | undefined;
    if (nothingNew) {
      const days =
        feed.skipDays.length > 0 ? `; arXiv announces nothing on ${feed.skipDays.join(' and ')}` : '';
      note = `nothing new in ${url.slice(baseUrl.length)}${feed.announced ? ` (feed of ${feed.announced})` : ''}: the feed is empty${days}`;
      log(`[rss] ${note}`);
    }
    return {
      papers,
      problems: feed.problems,
      deletedIds: [],
      cursor: null,
      label,
      totalResults: feed.itemCount,
      ...(note ? { note } : {}),
      announced: feed.announced,
      nothingNew,
      skipDays: feed.skipDays,
      title: feed.title,
    };
  }

  return {
    name: 'rss',
    baseUrl,
    feedUrl,
    fetchFeed,
    forCategories(categories: readonly string[]): ResumableSource {
      const url = feedUrl(categories);
      return {
        name: 'rss',
        key: `rss ${url.slice(baseUrl.length)}`,
        // The feed is a single document: there is nothing to resume, a stored cursor is ignored.
        async *pages({ signal }) {
          yield await fetchFeed({ categories, signal });
        },
      };
    },
  };
}
