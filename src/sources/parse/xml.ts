import { type EntityDecoderOptions, XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { DigestError } from '../../core/errors.ts';

/** One parsed XML element as fast-xml-parser returns it: children by local name, attributes as "@_name". */
export type XmlElement = Record<string, unknown>;

/** Elements that may repeat in Atom and OAI-PMH; always arrays so one and many look the same. */
const repeatedElements = new Set([
  'entry',
  'author',
  'link',
  'category',
  'record',
  'header',
  'version',
  'error',
]);

const namedEntities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * XML's five named entities plus numeric character references (&#233; &#xE9;), which the parser's
 * default decoder leaves undecoded. DOCTYPE-declared entities are deliberately not expanded:
 * arXiv never sends them, and expanding them is how "billion laughs" documents blow up memory.
 */
const xmlEntityDecoder: EntityDecoderOptions = {
  setExternalEntities: () => {},
  addInputEntities: () => {},
  reset: () => {},
  setXmlVersion: () => {},
  decode: (text) => {
    if (!text.includes('&')) return text;
    return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, name: string) => {
      if (name.startsWith('#')) {
        const codePoint = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
        return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : whole;
      }
      return namedEntities[name] ?? whole;
    });
  },
};

const parser = new XMLParser({
  // Values stay strings: "2405.10000" must not become the number 2405.1.
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: false,
  // arXiv writes arxiv:comment, opensearch:totalResults, sometimes with per-element xmlns;
  // local names are unambiguous in these formats.
  removeNSPrefix: true,
  entityDecoder: xmlEntityDecoder,
  isArray: (name, _path, _isLeaf, isAttribute) => !isAttribute && repeatedElements.has(name),
  // Callbacks get a matcher instead of a joined path string; building that string per tag cost ~10%.
  jPath: false,
});

/**
 * Parses an XML document after checking it is well formed. fast-xml-parser alone accepts a
 * truncated document and returns whatever it read, so a cut-off response would pass as a short page.
 */
export function parseXmlDocument(xml: string, origin: string): XmlElement {
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    const looksLikeText = !xml.trimStart().startsWith('<');
    throw new DigestError(
      'PROTOCOL',
      looksLikeText
        ? `${origin}: the answer is not XML (${preview(xml)})`
        : `${origin}: malformed or truncated XML at line ${line}, column ${col} (${msg})`,
      {
        hint: 'the server may be overloaded or the response was cut off; retry later',
        details: { line, col },
      },
    );
  }
  return parser.parse(xml) as XmlElement;
}

/** Parses a small well-formed fragment (one record cut from a big file); same options as documents. */
export function parseXmlFragment(
  xml: string,
): { ok: true; value: XmlElement } | { ok: false; message: string } {
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true) {
    return { ok: false, message: `malformed XML (${verdict.err.msg})` };
  }
  return { ok: true, value: parser.parse(xml) as XmlElement };
}

/** The document element's local name and content ("feed", "OAI-PMH", "html"), skipping the declaration. */
export function rootElement(document: XmlElement): { name: string; element: XmlElement } | null {
  for (const [name, value] of Object.entries(document)) {
    if (name.startsWith('?') || name.startsWith('#')) continue;
    const element = Array.isArray(value) ? value[0] : value;
    return { name, element: isElement(element) ? element : {} };
  }
  return null;
}

export function isElement(value: unknown): value is XmlElement {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text content of a simple element: a plain string, or "#text" when the element also has attributes. */
export function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return textOf(value[0]);
  if (isElement(value)) {
    const text = value['#text'];
    return typeof text === 'string' ? text : '';
  }
  return null;
}

export function attributeOf(value: unknown, name: string): string | null {
  if (Array.isArray(value)) return attributeOf(value[0], name);
  if (!isElement(value)) return null;
  const attribute = value[`@_${name}`];
  return typeof attribute === 'string' ? attribute : null;
}

/** Repeated elements are arrays already; this also accepts a single element or nothing. */
export function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A short, one-line start of a body for error messages. */
export function preview(text: string, length = 80): string {
  const oneLine = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return oneLine.length > length ? `${oneLine.slice(0, length)}…` : oneLine || 'empty body';
}

/** Parses a count such as opensearch:totalResults; null when absent or not a whole number. */
export function integerOf(value: unknown): number | null {
  const text = textOf(value)?.trim();
  if (!text || !/^\d+$/.test(text)) return null;
  return Number(text);
}

/** The error for a well-formed document of the wrong kind (an HTML "Retry after" page, an RSS feed). */
export function unexpectedRootError(
  origin: string,
  expected: string,
  rootName: string | null,
  xml: string,
  hint: string,
) {
  const got = rootName ? `<${rootName}>` : 'no element';
  return new DigestError('PROTOCOL', `${origin}: expected ${expected}, got ${got} ("${preview(xml)}")`, {
    hint,
  });
}

/** zod: an element's text, required (a string, or "#text" when the element has attributes). */
export const xmlText = z.unknown().transform((value, context) => {
  const content = textOf(value);
  if (content === null) {
    context.addIssue({ code: 'custom', message: 'expected text' });
    return z.NEVER;
  }
  return content;
});

/** zod: an element's text when the element is there, else null. */
export const optionalXmlText = z
  .unknown()
  .transform((value) => textOf(value))
  .optional();
