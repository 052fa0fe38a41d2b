import { looksLikeKaggleRecord } from '../parse/kaggle.ts';

/** The file formats `import` reads. */
export type FileFormat = 'jsonl' | 'json-array' | 'kaggle-jsonl' | 'atom' | 'oai-pmh';

export type SniffResult =
  | { kind: 'format'; format: FileFormat }
  | { kind: 'need-more' }
  | { kind: 'empty' }
  | { kind: 'unknown'; what: string };

/** How much text the sniffer may ask for before it must decide (a first JSONL line can be long). */
export const maxSniffLength = 4 * 1024 * 1024;

const kaggleKeys = /"authors_parsed"\s*:\s*\[|"versions"\s*:\s*\[/;

/**
 * Decides the format from the start of the (decompressed, decoded) text. `complete` says the text
 * is the whole file, so "need more" is not an answer. Pure, so it is tested without files.
 */
export function sniffFormat(head: string, complete: boolean): SniffResult {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  const start = text.search(/\S/);
  if (start < 0) return complete ? { kind: 'empty' } : { kind: 'need-more' };
  const first = text[start];
  if (first === '[') return { kind: 'format', format: 'json-array' };
  if (first === '{') return sniffJsonLines(text.slice(start), complete);
  if (first === '<') return sniffXml(text.slice(start), complete);
  return {
    kind: 'unknown',
    what: `text starting with "${text.slice(start, start + 24).replace(/\s+/g, ' ')}"`,
  };
}

function sniffJsonLines(text: string, complete: boolean): SniffResult {
  const newline = text.indexOf('\n');
  if (newline < 0 && !complete && text.length < maxSniffLength) return { kind: 'need-more' };
  const firstLine = newline < 0 ? text : text.slice(0, newline);
  let kaggle: boolean;
  try {
    kaggle = looksLikeKaggleRecord(JSON.parse(firstLine));
  } catch {
    // A broken first line is reported as a record problem later; its keys still tell the format.
    kaggle = kaggleKeys.test(firstLine);
  }
  return { kind: 'format', format: kaggle ? 'kaggle-jsonl' : 'jsonl' };
}

/** Skips the XML declaration, comments, processing instructions and DOCTYPE to the root element. */
function sniffXml(text: string, complete: boolean): SniffResult {
  let rest = text;
  for (;;) {
    rest = rest.trimStart();
    const skip = /^(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)/i.exec(rest);
    if (!skip) break;
    rest = rest.slice(skip[0].length);
  }
  const root = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]/.exec(rest);
  if (!root) {
    if (!complete && text.length < 65536) return { kind: 'need-more' };
    return { kind: 'unknown', what: 'XML without a readable root element' };
  }
  if (root[2] === 'feed') return { kind: 'format', format: 'atom' };
  if (root[2] === 'OAI-PMH') return { kind: 'format', format: 'oai-pmh' };
  return { kind: 'unknown', what: `XML with root <${root[1] ?? ''}${root[2]}>` };
}
