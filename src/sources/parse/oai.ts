import { parseArxivId } from '../../core/arxiv-id.ts';
import { DigestError } from '../../core/errors.ts';
import type { Paper, RecordProblem, SourcedPaper } from '../../core/paper.ts';
import { arxivFormatToPaper, arxivRawFormatToPaper } from './oai-metadata.ts';
import {
  attributeOf,
  integerOf,
  isElement,
  listOf,
  parseXmlDocument,
  rootElement,
  textOf,
  unexpectedRootError,
  type XmlElement,
} from './xml.ts';

/** One OAI-PMH response page (export.arxiv.org/oai2), metadataPrefix arXiv or arXivRaw. */
export interface OaiPage {
  papers: SourcedPaper[];
  /** Records whose header says status="deleted" (ids without version). */
  deletedIds: string[];
  /**
   * ListIdentifiers answers carry headers only: their (not deleted) ids, in order. Empty for
   * ListRecords/GetRecord, whose ids are in `papers`.
   */
  identifiers: string[];
  /** Null when absent or empty: the last page. */
  resumptionToken: string | null;
  completeListSize: number | null;
  cursor: number | null;
  problems: RecordProblem[];
}

const hints: Record<string, string> = {
  badResumptionToken:
    'the resumption token expired or is unknown; restart the harvest from the last stored date',
  cannotDisseminateFormat: 'ask for metadataPrefix arXiv or arXivRaw',
  badArgument: 'check the OAI-PMH request parameters (verb, from, until, set, metadataPrefix)',
  badVerb: 'use ListRecords, ListIdentifiers or GetRecord',
  idDoesNotExist: 'check the arXiv id',
  noSetHierarchy: 'drop the set parameter',
};

/**
 * Parses an OAI-PMH response. "noRecordsMatch" is an empty page, not an error; every other OAI
 * error throws PROTOCOL with the OAI code in the message and in details.oaiCode.
 */
export function parseOaiResponse(xml: string, origin: string): OaiPage {
  const document = parseXmlDocument(xml, origin);
  const root = rootElement(document);
  if (root?.name !== 'OAI-PMH') {
    throw unexpectedRootError(
      origin,
      'an <OAI-PMH> response',
      root?.name ?? null,
      xml,
      'check that the OAI URL points at export.arxiv.org/oai2 or a mirror of it; retry later if it is an error page',
    );
  }
  const page: OaiPage = {
    papers: [],
    deletedIds: [],
    identifiers: [],
    resumptionToken: null,
    completeListSize: null,
    cursor: null,
    problems: [],
  };
  const errors = listOf(root.element.error);
  if (errors.length > 0) {
    const codes = errors.map((error) => attributeOf(error, 'code') ?? 'unknown');
    if (codes.every((code) => code === 'noRecordsMatch')) return page;
    const index = codes.findIndex((code) => code !== 'noRecordsMatch');
    const oaiCode = codes[index] ?? 'unknown';
    const description = textOf(errors[index])?.trim();
    throw new DigestError(
      'PROTOCOL',
      `${origin}: OAI-PMH error ${oaiCode}${description ? `: ${description}` : ''}`,
      { hint: hints[oaiCode] ?? 'check the OAI-PMH request', details: { oaiCode } },
    );
  }
  const container = verbContainer(root.element);
  if (!container) return page;
  listOf(container.record).forEach((record, index) => {
    const recordOrigin = `${origin} record ${index + 1}`;
    const result = oaiRecordToPaper(record, recordOrigin);
    if (result.kind === 'paper') page.papers.push({ paper: result.paper, origin: recordOrigin });
    else if (result.kind === 'deleted') page.deletedIds.push(result.id);
    else page.problems.push(result.problem);
  });
  listOf(container.header).forEach((header, index) => {
    const result = headerId(header, `${origin} header ${index + 1}`);
    if ('message' in result) page.problems.push(result);
    else if (result.deleted) page.deletedIds.push(result.id);
    else page.identifiers.push(result.id);
  });
  const token = container.resumptionToken;
  if (token !== undefined) {
    page.resumptionToken = textOf(token)?.trim() || null;
    page.completeListSize = integerOf(attributeOf(token, 'completeListSize'));
    page.cursor = integerOf(attributeOf(token, 'cursor'));
  }
  return page;
}

/** The element named after the verb; Identify, ListSets and the like yield no papers. */
function verbContainer(root: XmlElement): XmlElement | null {
  for (const verb of ['ListRecords', 'GetRecord', 'ListIdentifiers']) {
    const element = root[verb];
    if (isElement(element)) return element;
    if (element === '') return {};
  }
  return null;
}

function headerId(header: unknown, origin: string): { id: string; deleted: boolean } | RecordProblem {
  const identifier = isElement(header) ? textOf(header.identifier) : null;
  const arxivId = identifier ? parseArxivId(identifier) : null;
  if (!arxivId)
    return { origin, message: `header identifier "${identifier ?? ''}" is not an arXiv OAI identifier` };
  return { id: arxivId.id, deleted: attributeOf(header, 'status') === 'deleted' };
}

export type OaiRecordResult =
  | { kind: 'paper'; paper: Paper }
  | { kind: 'deleted'; id: string }
  | { kind: 'problem'; problem: RecordProblem };

/** Maps one parsed <record> (also used by the streaming file reader). */
export function oaiRecordToPaper(record: unknown, origin: string): OaiRecordResult {
  if (!isElement(record)) return { kind: 'problem', problem: { origin, message: 'empty record' } };
  const header = listOf(record.header)[0];
  const headerResult = headerId(header, origin);
  if (!('message' in headerResult) && headerResult.deleted) return { kind: 'deleted', id: headerResult.id };
  const metadata = isElement(record.metadata) ? record.metadata : {};
  let result: Paper | RecordProblem;
  if (metadata.arXiv !== undefined) result = arxivFormatToPaper(metadata.arXiv, origin);
  else if (metadata.arXivRaw !== undefined) result = arxivRawFormatToPaper(metadata.arXivRaw, origin);
  else {
    const formats = Object.keys(metadata).join(', ') || 'none';
    result = {
      origin,
      message: `record has no arXiv or arXivRaw metadata (found: ${formats}); harvest with metadataPrefix=arXiv`,
    };
  }
  return 'message' in result ? { kind: 'problem', problem: result } : { kind: 'paper', paper: result };
}
