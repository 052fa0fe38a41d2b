import { type Paper, paperDate } from '../../src/core/paper.ts';

/**
 * Builders for the three arXiv wire formats the fake servers speak, modelled on real responses:
 *  - Atom: the 2026 API output recorded in raw/arxiv-api/lukasschwab-arxiv.py-2026 (element order,
 *    https links, opensearch counts, the 400 error feed);
 *  - OAI-PMH: the arXiv recordings in raw/oai-pmh/paperhive-oai-pmh (arXiv metadata format, token
 *    with cursor/completeListSize, empty token on the last page) plus the OAI-PMH 2.0 error and
 *    deleted-record forms; arXivRaw after http://arxiv.org/OAI/arXivRaw.xsd;
 *  - RSS: arXiv's published "RSS feed Specifications" (no real feed was recorded).
 * Where a record lacks a fact the format always has (submission date), the paper's listing date
 * stands in; tests compare ids, not those dates.
 */

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2025-11-27" -> "Thu, 27 Nov 2025 00:00:00 -0500" (arXiv writes Eastern time). */
export function rssDate(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  const day = String(date.getUTCDate()).padStart(2, '0');
  return `${weekdays[date.getUTCDay()]}, ${day} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()} 00:00:00 -0500`;
}

/** The date a fake server treats as the submission date. */
export function submittedOf(paper: Paper): string {
  return paperDate(paper) ?? paper.updated ?? '2025-01-01';
}

function versioned(paper: Paper): string {
  return `${paper.id}v${paper.version ?? 1}`;
}

function optional(tag: string, value: string | null, indent = '    '): string {
  return value === null ? '' : `${indent}<${tag}>${escapeXml(value)}</${tag}>\n`;
}

// ------------------------------------------------------------------------------------------ Atom

export function atomEntryXml(paper: Paper): string {
  const id = versioned(paper);
  const published = `${submittedOf(paper)}T18:00:00Z`;
  const updated = paper.updated ? `${paper.updated}T18:00:00Z` : published;
  const categories = paper.categories
    .map(
      (category) => `    <category term="${escapeXml(category)}" scheme="http://arxiv.org/schemas/atom"/>\n`,
    )
    .join('');
  const authors = paper.authors.map(
    (name) => `    <author>\n      <name>${escapeXml(name)}</name>\n    </author>\n`,
  );
  return (
    '  <entry>\n' +
    `    <id>http://arxiv.org/abs/${id}</id>\n` +
    `    <title>${escapeXml(paper.title)}</title>\n` +
    `    <updated>${updated}</updated>\n` +
    `    <link href="https://arxiv.org/abs/${id}" rel="alternate" type="text/html"/>\n` +
    `    <link href="https://arxiv.org/pdf/${id}" rel="related" type="application/pdf" title="pdf"/>\n` +
    `    <summary>${escapeXml(paper.abstract ?? '')}</summary>\n` +
    categories +
    `    <published>${published}</published>\n` +
    optional('arxiv:comment', paper.comments) +
    (paper.primaryCategory
      ? `    <arxiv:primary_category term="${escapeXml(paper.primaryCategory)}"/>\n`
      : '') +
    optional('arxiv:journal_ref', paper.journalRef) +
    authors.join('') +
    optional('arxiv:doi', paper.doi) +
    (paper.doi
      ? `    <link rel="related" href="https://doi.org/${escapeXml(paper.doi)}" title="doi"/>\n`
      : '') +
    '  </entry>\n'
  );
}

export interface AtomFeedParts {
  searchQuery: string;
  start: number;
  maxResults: number;
  totalResults: number;
  entries: string[];
  updated?: string;
}

export function atomFeedXml(parts: AtomFeedParts): string {
  const query = `search_query=${parts.searchQuery}&id_list=&start=${parts.start}&max_results=${parts.maxResults}`;
  return (
    "<?xml version='1.0' encoding='UTF-8'?>\n" +
    '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n' +
    '  <id>https://arxiv.org/api/fake-query-id</id>\n' +
    `  <title>arXiv Query: ${escapeXml(query)}</title>\n` +
    `  <updated>${parts.updated ?? '2025-11-30T00:00:00Z'}</updated>\n` +
    `  <link href="https://arxiv.org/api/query?${escapeXml(query)}" type="application/atom+xml"/>\n` +
    `  <opensearch:itemsPerPage>${parts.maxResults}</opensearch:itemsPerPage>\n` +
    `  <opensearch:totalResults>${parts.totalResults}</opensearch:totalResults>\n` +
    `  <opensearch:startIndex>${parts.start}</opensearch:startIndex>\n` +
    parts.entries.join('') +
    '</feed>\n'
  );
}

/** The error feed the API sends with HTTP 400 ("incorrect id format for abc"). */
export function atomErrorFeedXml(message: string): string {
  const anchor = message.replace(/\s+/g, '_');
  return (
    "<?xml version='1.0' encoding='UTF-8'?>\n" +
    '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n' +
    '  <id>https://arxiv.org/</id>\n  <title>arXiv Search Results</title>\n' +
    '  <updated>2025-11-30T00:00:00Z</updated>\n' +
    '  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>\n' +
    '  <opensearch:totalResults>1</opensearch:totalResults>\n' +
    '  <opensearch:startIndex>0</opensearch:startIndex>\n' +
    `  <entry>\n    <id>https://arxiv.org/api/errors#${escapeXml(anchor)}</id>\n    <title>Error</title>\n` +
    '    <updated>2025-11-30T00:00:00Z</updated>\n' +
    `    <summary>${escapeXml(message)}</summary>\n` +
    '    <author>\n      <name>arXiv api core</name>\n    </author>\n  </entry>\n</feed>\n'
  );
}

// --------------------------------------------------------------------------------------- OAI-PMH

const groupArchives = new Set(['cs', 'math', 'stat', 'q-bio', 'q-fin', 'econ', 'eess']);

/** The OAI setSpec of a category: "cs.CV" -> "cs", "hep-th" -> "physics:hep-th". */
export function setSpecOf(category: string): string {
  const archive = category.split('.')[0] ?? category;
  return groupArchives.has(archive) ? archive : `physics:${archive}`;
}

/** The record's datestamp: the last change of its metadata. */
export function datestampOf(paper: Paper): string {
  return paper.updated ?? submittedOf(paper);
}

function nameParts(name: string): { keyname: string; forenames: string } {
  const parts = name.trim().split(/\s+/);
  const keyname = parts.pop() ?? name;
  return { keyname, forenames: parts.join(' ') };
}

function arxivMetadataXml(paper: Paper): string {
  const authors = paper.authors
    .map((name) => {
      const { keyname, forenames } = nameParts(name);
      const first = forenames ? `<forenames>${escapeXml(forenames)}</forenames>` : '';
      return `<author><keyname>${escapeXml(keyname)}</keyname>${first}</author>`;
    })
    .join('');
  return (
    ' <arXiv xmlns="http://arxiv.org/OAI/arXiv/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://arxiv.org/OAI/arXiv/ http://arxiv.org/OAI/arXiv.xsd">\n' +
    ` <id>${escapeXml(paper.id)}</id><created>${submittedOf(paper)}</created>` +
    (paper.updated ? `<updated>${paper.updated}</updated>` : '') +
    `<authors>${authors}</authors><title>${escapeXml(paper.title)}</title>` +
    `<categories>${escapeXml(paper.categories.join(' '))}</categories>` +
    optional('comments', paper.comments, '') +
    optional('journal-ref', paper.journalRef, '') +
    optional('doi', paper.doi, '') +
    '<license>http://creativecommons.org/licenses/by/4.0/</license>' +
    `<abstract>  ${escapeXml(paper.abstract ?? '')}\n</abstract></arXiv>\n`
  );
}

function arxivRawMetadataXml(paper: Paper): string {
  const last = paper.version ?? 1;
  const versions: string[] = [];
  for (let version = 1; version <= last; version++) {
    const date = version === last ? (paper.updated ?? submittedOf(paper)) : submittedOf(paper);
    versions.push(
      `<version version="v${version}"><date>${rssDate(date).replace(' 00:00:00 -0500', ' 18:00:00 GMT')}</date><size>1024kb</size><source_type>D</source_type></version>`,
    );
  }
  return (
    ' <arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://arxiv.org/OAI/arXivRaw/ http://arxiv.org/OAI/arXivRaw.xsd">\n' +
    ` <id>${escapeXml(paper.id)}</id><submitter>${escapeXml(paper.authors[0] ?? 'unknown')}</submitter>` +
    versions.join('') +
    `<title>${escapeXml(paper.title)}</title><authors>${escapeXml(paper.authors.join(', '))}</authors>` +
    `<categories>${escapeXml(paper.categories.join(' '))}</categories>` +
    optional('comments', paper.comments, '') +
    optional('journal-ref', paper.journalRef, '') +
    optional('doi', paper.doi, '') +
    '<license>http://creativecommons.org/licenses/by/4.0/</license>' +
    `<abstract>  ${escapeXml(paper.abstract ?? '')}\n</abstract></arXivRaw>\n`
  );
}

function headerXml(id: string, datestamp: string, setSpecs: string[], deleted: boolean): string {
  const specs = [...new Set(setSpecs)].map((spec) => ` <setSpec>${escapeXml(spec)}</setSpec>\n`).join('');
  return (
    `<header${deleted ? ' status="deleted"' : ''}>\n <identifier>oai:arXiv.org:${escapeXml(id)}</identifier>\n` +
    ` <datestamp>${datestamp}</datestamp>\n${specs}</header>\n`
  );
}

export function oaiRecordXml(paper: Paper, metadataPrefix: string): string {
  const metadata = metadataPrefix === 'arXivRaw' ? arxivRawMetadataXml(paper) : arxivMetadataXml(paper);
  return `<record>\n${headerXml(paper.id, datestampOf(paper), paper.categories.map(setSpecOf), false)}<metadata>\n${metadata}</metadata>\n</record>\n`;
}

export function oaiDeletedRecordXml(id: string, datestamp: string, setSpec: string): string {
  return `<record>\n${headerXml(id, datestamp, [setSpec], true)}</record>\n`;
}

const oaiHead =
  '<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">\n<responseDate>2025-11-30T00:00:00Z</responseDate>\n';

function requestXml(params: URLSearchParams, baseUrl: string): string {
  const attributes = [...params.entries()].map(([name, value]) => ` ${name}="${escapeXml(value)}"`).join('');
  return `<request${attributes}>${escapeXml(baseUrl)}</request>\n`;
}

export interface OaiListParts {
  params: URLSearchParams;
  baseUrl: string;
  records: string[];
  /** Absent: no token element (single page); "" with counts: the last page of a list. */
  token?: { value: string; cursor: number; completeListSize: number };
}

export function oaiListRecordsXml(parts: OaiListParts): string {
  const token = parts.token
    ? `<resumptionToken cursor="${parts.token.cursor}" completeListSize="${parts.token.completeListSize}">${escapeXml(parts.token.value)}</resumptionToken>\n`
    : '';
  return `${oaiHead}${requestXml(parts.params, parts.baseUrl)}<ListRecords>\n${parts.records.join('')}${token}</ListRecords>\n</OAI-PMH>\n`;
}

export function oaiErrorXml(params: URLSearchParams, baseUrl: string, code: string, message: string): string {
  return `${oaiHead}${requestXml(params, baseUrl)}<error code="${code}">${escapeXml(message)}</error>\n</OAI-PMH>\n`;
}
