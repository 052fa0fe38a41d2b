import { DigestError } from '../../core/errors.ts';
import type { RecordProblem } from '../../core/paper.ts';
import { apiErrorOf, atomEntryToPaper } from '../parse/atom.ts';
import { oaiRecordToPaper } from '../parse/oai.ts';
import { isElement, listOf, parseXmlFragment, rootElement } from '../parse/xml.ts';
import type { FileReadEvent } from './events.ts';
import type { XmlRecordText } from './xml-records.ts';

// Each record is parsed alone, wrapped in its root element with the namespaces it relies on.
const atomWrapper = [
  '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">',
  '</feed>',
] as const;
const oaiWrapper = [
  '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>',
  '</ListRecords></OAI-PMH>',
] as const;

const problem = (origin: string, message: string): FileReadEvent => ({
  kind: 'problem',
  problem: { origin, message } satisfies RecordProblem,
});

/** Maps one <entry>…</entry> cut from an Atom file. */
export function atomRecordEvent(record: XmlRecordText, origin: string): FileReadEvent {
  const parsed = parseXmlFragment(`${atomWrapper[0]}${record.text}${atomWrapper[1]}`);
  if (!parsed.ok) return problem(origin, parsed.message);
  const entry = listOf(rootElement(parsed.value)?.element.entry)[0];
  const apiError = apiErrorOf(entry);
  // A saved error response is not a data file with one bad record: the whole file is unusable.
  if (apiError) {
    throw new DigestError(
      'INPUT',
      `${origin}: this file is an arXiv API error response ("${apiError.message}"), not papers`,
      {
        hint: 'fix the query that produced it and save the response again, or leave the file out',
      },
    );
  }
  const result = atomEntryToPaper(entry, origin);
  return 'message' in result
    ? { kind: 'problem', problem: result }
    : { kind: 'paper', paper: { paper: result, origin } };
}

/** Maps one <record>…</record> cut from an OAI-PMH file. */
export function oaiRecordEvent(record: XmlRecordText, origin: string): FileReadEvent {
  const parsed = parseXmlFragment(`${oaiWrapper[0]}${record.text}${oaiWrapper[1]}`);
  if (!parsed.ok) return problem(origin, parsed.message);
  const container = rootElement(parsed.value)?.element.ListRecords;
  const result = oaiRecordToPaper(listOf(isElement(container) ? container.record : undefined)[0], origin);
  if (result.kind === 'paper') return { kind: 'paper', paper: { paper: result.paper, origin } };
  if (result.kind === 'deleted') return { kind: 'deleted', id: result.id, origin };
  return { kind: 'problem', problem: result.problem };
}
