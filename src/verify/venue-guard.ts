import { lookupVenue } from './venue-table.ts';
import { findYears, isGenericName, monthPattern, writtenVenueName } from './venue-text.ts';

/**
 * Two checks on what the venue extractor may print: the publication named by a citation-style
 * reference ("Smith, J., & Lee, K. (2023). A title. Journal of Foo, 12(3), 45-67" is "Journal of
 * Foo", never the authors) and a guard that a venue is never a date, a number, a person list or a
 * descriptor ("the Japanese journal").
 */

const namePart = "[A-Z][\\p{L}'’-]+";
// "Smith, J., & Lee, K." / "Smith, J. A. and Lee, K."
const apaAuthors = new RegExp(
  `^\\s*(?:${namePart},\\s*(?:[A-Z]\\.\\s*(?:-\\s*)?)+,?\\s*(?:&\\s*|and\\s+)?)+`,
  'u',
);
// "Avinash Agarwal, Manisha J. Nene;" - at least two people, ended by ";" or "."
const person = `${namePart}(?:\\s+[A-Z]\\.)*(?:\\s+${namePart})+`;
const fullAuthors = new RegExp(
  `^\\s*(?:${person}\\s*(?:,\\s*(?:and\\s+)?|\\s+and\\s+))+${person}\\s*[;.:]`,
  'u',
);
const venueWords =
  /\b(?:conference|journal|workshop|symposium|proceedings|transactions|letters|review|society|congress|meeting|magazine|annals|bulletin|press|series)\b/i;

/** The author list a citation opens with (its length), or 0. */
export function authorListLength(text: string): number {
  const match = apaAuthors.exec(text) ?? fullAuthors.exec(text);
  if (!match) return 0;
  if (venueWords.test(match[0])) return 0;
  return match[0].length;
}

export interface CitedVenue {
  name: string;
  year: number | null;
  /** Offsets of the name in the text. */
  start: number;
  end: number;
}

/**
 * The publication a citation names: after the authors, an optional "(2023).", the title (quoted,
 * or up to its period), the name runs to the volume, issue, pages or date.
 */
export function citationVenue(text: string): CitedVenue | null {
  const authors = authorListLength(text);
  if (authors === 0) return null;
  let offset = authors;
  let year: number | null = null;
  const yearMatch = /^\s*\(\s*((?:19|20)\d{2})[a-z]?\s*\)\s*[.,:]?\s*/.exec(text.slice(offset));
  if (yearMatch?.[1]) {
    year = Number(yearMatch[1]);
    offset += yearMatch[0].length;
  }
  const title = /^\s*["“][^"”]+["”]\s*[.,]?\s*|^\s*[^.?!]+[.?!]\s+/.exec(text.slice(offset));
  if (!title) return null;
  offset += title[0].length;
  const rest = text.slice(offset);
  const leading = /^\s*(?:in:?\s+)?/i.exec(rest)?.[0].length ?? 0;
  const body = rest.slice(leading);
  const stop =
    /,\s*(?:\d|vol\b|no\b|pp\b|volume\b)|;|\s\d+\s*\(\d+\)|\(\s*(?:19|20)\d{2}\s*\)|\.\s|\.$|\s+https?:/i.exec(
      body,
    );
  const name = body
    .slice(0, stop ? stop.index : body.length)
    .replace(/[\s,.]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (name.length < 2 || isImplausibleVenue(name)) return null;
  const after = stop ? body.slice(stop.index) : '';
  year ??= findYears(after)[0]?.year ?? null;
  const start = offset + leading;
  return { name, year, start, end: start + name.length };
}

const datePattern = new RegExp(
  [
    '\\b\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}\\b',
    '\\b(?:19|20)\\d{2}-\\d{2}-\\d{2}\\b',
    `^\\s*(?:\\d{1,2}(?:st|nd|rd|th)?\\s+)?(?:${monthPattern.source.replace(/^\\b\(\?:|\)\\b$/g, '')})\\b`,
  ].join('|'),
  'i',
);

/**
 * True when a name cannot be a venue: a date ("15.01.2025", "December 2025"), a number or volume
 * ("12(3)", "2025"), a person list ("Smith, J., & Lee, K.", "et al."), a bare descriptor ("the
 * Japanese journal") or only generic words ("IEEE journal").
 */
export function isImplausibleVenue(name: string): boolean {
  const text = name.trim();
  if ((text.match(/\p{L}/gu) ?? []).length < 2) return true;
  if (datePattern.test(text)) return true;
  if (/^[\d\s.,:;()/-]*(?:pages?|pp|vol|no)?[\d\s.,:;()/-]*$/i.test(text)) return true;
  // A person list has commas between people ("Avinash Agarwal, Manisha J. Nene"); "Machine
  // Learning and Knowledge Extraction" is not one.
  if (/\bet\s+al\b/i.test(text) || (/,/.test(text) && authorListLength(`${text};`) > 0)) return true;
  // A descriptor ("the Japanese journal"); "Computing Conference" is a name.
  if (
    /^(?:(?:the|a|an|The|A|An)\s+)?(?:[A-Za-z-]+\s+)?(?:journal|conference|workshop|symposium|venue)s?$/.test(
      text,
    )
  )
    return true;
  if (/\b(?:journal|conference)\s+(?:article|paper|version|submission)\b|^name\s+of\b/i.test(text))
    return true;
  // "Springer Nature Book on ...", "book chapter": a kind of publication, not its name.
  if (
    /^(?:(?:Springer(?: Nature)?|Elsevier|Wiley|CRC|IEEE|ACM)\s+)?(?:book|chapter|edited volume)\b/i.test(
      text,
    )
  )
    return true;
  return isGenericName(text);
}

const hostConnector =
  /(?:\bin\s+conjunction\s+with|\bco-?located\s+with|\bheld\s+(?:at|with|in\s+conjunction\s+with|in)|\bpart\s+of|\bat|@|\bin)\s*(?:the\s+)?(?:\d{1,3}(?:st|nd|rd|th)\s+)?/gi;
const acronymHost =
  /^((?:(?:IEEE|ACM|ISCA|IEEE\/CVF|IFIP|EAI|SPIE)\s+)?[A-Z][A-Za-z0-9&+-]*[A-Z][A-Za-z0-9&+-]*|(?:IEEE|ACM)\s+(?:[A-Z][A-Za-z0-9-]*\s+){0,2}[A-Z][A-Za-z0-9-]*)(?:\s+(?:Conference|Symposium))?\s?['’-]?\s?((?:19|20)\d{2}|\d{2})(?![\d%])/;

export interface WorkshopHost {
  venue: string;
  year: number | null;
  /** Offsets of the host in the scope. */
  start: number;
  end: number;
}

/**
 * The conference a workshop is held at when the table does not know it: "... workshop at ACM
 * ICAIF 2025", "(BEAR 2025), held at the IEEE RO-MAN Conference 2025", "(part of ACM ICAIF 2025)",
 * "at 10th Language & Technology Conference: ... (LTC 2023)". Only after the word "workshop" or
 * the workshop's own name.
 */
export function workshopHost(scope: string, from = 0): WorkshopHost | null {
  hostConnector.lastIndex = from;
  for (const connector of scope.matchAll(hostConnector)) {
    if (connector.index < from) continue;
    const start = connector.index + connector[0].length;
    const rest = scope.slice(start);
    const acronym = acronymHost.exec(rest);
    if (acronym?.[1] && acronym[2] && !/^\s*workshop/i.test(rest.slice(acronym[0].length))) {
      const digits = acronym[2];
      const year = digits.length === 4 ? Number(digits) : 2000 + Number(digits);
      if (
        year >= 1990 &&
        year <= 2035 &&
        (digits.length === 4 || year <= 2030) &&
        !isImplausibleVenue(acronym[1])
      ) {
        const venue = lookupVenue(acronym[1])?.name ?? acronym[1];
        return { venue, year, start, end: start + acronym[0].length };
      }
    }
    const longName = /^[A-Z][^()]*?\b(?:Conference|Symposium|Congress)\b[^()]*\(/.exec(rest);
    if (longName) {
      const written = writtenVenueName(rest);
      if (written?.year && !/workshop/i.test(written.name))
        return { venue: written.name, year: written.year, start, end: start + written.end };
    }
  }
  return null;
}

/**
 * The publication named by a journal_ref: the text before the volume, issue, pages or year
 * ("Annual Review of Control, Robotics, and Autonomous Systems 2026, vol. 9").
 */
export function journalRefName(journalRef: string): string | null {
  const withoutLead = journalRef.replace(/^\s*(?:in\s+)?(?:(?:the\s+)?proceedings\s+of\s+(?:the\s+)?)?/i, '');
  const end = /,?\s*(?:\b(?:vol|volume|no|pp|issue)\b\.?|\(|\b(?:19|20)\d{2}\b|\d)/i.exec(withoutLead);
  const name = withoutLead
    .slice(0, end ? end.index : withoutLead.length)
    .replace(/[\s,.;:]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (name.length < 2 || name.length > 120 || isGenericName(name)) return null;
  return name;
}
