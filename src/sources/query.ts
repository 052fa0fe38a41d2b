import { type DateWindow, isValidIsoDate } from '../core/dates.ts';
import { DigestError } from '../core/errors.ts';

/**
 * Builds the arXiv API `search_query`: the topic's (or a raw --query's) terms, the categories and the
 * submission window, each parenthesized and ANDed, e.g.
 *   (ti:multimodal OR abs:multimodal) AND (cat:cs.CV OR cat:cs.CL) AND submittedDate:[202511210000 TO 202511272359]
 * Syntax per the arXiv API manual: field prefixes ti/au/abs/co/jr/cat/rn/id/all, boolean AND/OR/ANDNOT,
 * parentheses, double-quoted phrases; submittedDate ranges are GMT, to the minute.
 */

export interface SearchQueryParts {
  /** A topic's query or a raw --query in arXiv syntax; bare words search all fields. */
  query?: string | null;
  categories?: readonly string[];
  /** Submission dates, both ends inclusive (YYYY-MM-DD, GMT). */
  window?: DateWindow | null;
}

const categoryPattern = /^[a-z-]+(\.[A-Za-z-]+)?$/;

/** Checks quotes and parentheses balance so a typo fails here, not as an empty result set. */
export function checkQueryText(query: string): string {
  const text = query.trim();
  if (text.length === 0)
    throw new DigestError('USAGE', 'the search query is empty', { hint: 'give --query or --topic' });
  let depth = 0;
  let inQuote = false;
  for (const character of text) {
    if (character === '"') inQuote = !inQuote;
    else if (!inQuote && character === '(') depth += 1;
    else if (!inQuote && character === ')') {
      depth -= 1;
      if (depth < 0) break;
    }
  }
  if (inQuote || depth !== 0) {
    throw new DigestError(
      'USAGE',
      `the search query has an unbalanced ${inQuote ? 'quote' : 'parenthesis'}: ${text}`,
      {
        hint: 'close every " and ( in --query',
      },
    );
  }
  // Queries copied from arXiv URLs use + for spaces ("ti:a+AND+au:b"); a literal + is never meant there.
  if (!/\s/.test(text) && /\+(AND|OR|ANDNOT)\+/.test(text)) return text.replace(/\+/g, ' ');
  return text;
}

/** submittedDate:[YYYYMMDD0000 TO YYYYMMDD2359] for a window of whole days. */
export function submittedDateRange(window: DateWindow): string {
  for (const [name, value] of [
    ['--from', window.from],
    ['--to', window.to],
  ] as const) {
    if (!isValidIsoDate(value)) {
      throw new DigestError('USAGE', `${name} "${value}" is not a valid date`, {
        hint: 'write it as YYYY-MM-DD',
      });
    }
  }
  if (window.from > window.to) {
    throw new DigestError('USAGE', `--from ${window.from} is after --to ${window.to}`, { hint: 'swap them' });
  }
  const compact = (date: string) => date.replaceAll('-', '');
  return `submittedDate:[${compact(window.from)}0000 TO ${compact(window.to)}2359]`;
}

/** Trims, de-duplicates and checks category names (cs.CV, math.OC, hep-th, or an archive like cs). */
export function checkCategories(categories: readonly string[]): string[] {
  const unique = [...new Set(categories.map((category) => category.trim()).filter((c) => c.length > 0))];
  for (const category of unique) {
    if (!categoryPattern.test(category)) {
      throw new DigestError('USAGE', `"${category}" is not an arXiv category`, {
        hint: 'use names like cs.CV, cs.CL, math.OC or hep-th, separated by commas',
      });
    }
  }
  return unique;
}

/** cat:a OR cat:b (unparenthesized), or null without categories. */
export function categoryClause(categories: readonly string[]): string | null {
  const unique = checkCategories(categories);
  return unique.length === 0 ? null : unique.map((category) => `cat:${category}`).join(' OR ');
}

export function buildSearchQuery(parts: SearchQueryParts): string {
  const clauses: string[] = [];
  if (parts.query !== undefined && parts.query !== null && parts.query.trim().length > 0) {
    clauses.push(checkQueryText(parts.query));
  }
  const categories = categoryClause(parts.categories ?? []);
  if (categories) clauses.push(categories);
  if (parts.window) clauses.push(submittedDateRange(parts.window));
  if (clauses.length === 0) {
    throw new DigestError('USAGE', 'nothing to search for', {
      hint: 'give --topic, --query or --categories',
    });
  }
  if (clauses.length === 1) return clauses[0] as string;
  // AND binds no tighter than OR in arXiv's parser: parenthesize every clause that has several terms.
  return clauses
    .map((clause) => (/\s/.test(clause) && !clause.startsWith('submittedDate:') ? `(${clause})` : clause))
    .join(' AND ');
}

/**
 * Percent-encodes a query value the way the arXiv manual writes it: spaces as +, quotes as %22,
 * parentheses as %28/%29; field colons stay readable.
 */
export function encodeQueryValue(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%3A/gi, ':');
}

export interface ApiPageRequest {
  searchQuery: string;
  start: number;
  maxResults: number;
  sortBy?: 'submittedDate' | 'lastUpdatedDate' | 'relevance';
  sortOrder?: 'ascending' | 'descending';
}

/** The full API URL for one page. */
export function buildApiUrl(baseUrl: string, request: ApiPageRequest): string {
  const parameters = [
    `search_query=${encodeQueryValue(request.searchQuery)}`,
    `start=${request.start}`,
    `max_results=${request.maxResults}`,
    `sortBy=${request.sortBy ?? 'submittedDate'}`,
    `sortOrder=${request.sortOrder ?? 'ascending'}`,
  ];
  const separator = baseUrl.includes('?') ? '&' : '?';
  return `${baseUrl}${separator}${parameters.join('&')}`;
}
