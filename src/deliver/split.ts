import { DigestError } from '../core/errors.ts';
import { mathSpans } from '../core/math.ts';
import type { Unit } from './document.ts';
import type { Line, Span } from './model.ts';

/**
 * Packs units into messages, in order, each message within the channel's limit (`fits`). Boundaries
 * fall between units (papers, directions, sections). A unit too big for one message is split
 * between its lines, then a line between sentences (never inside a link, a formula or a multi-byte
 * character), and only a single sentence longer than a whole message is cut, at a character.
 * Nothing is dropped: the text of the messages is the text of the units.
 */
export type Fits = (units: Unit[]) => boolean;

export function packUnits(units: readonly Unit[], fits: Fits): Unit[][] {
  const messages: Unit[][] = [];
  let current: Unit[] = [];
  const add = (unit: Unit): void => {
    if (fits([...current, unit])) {
      current.push(unit);
      return;
    }
    if (current.length > 0) messages.push(current);
    current = [];
    if (fits([unit])) current = [unit];
    else for (const piece of splitUnit(unit, fits)) add(piece);
  };
  for (const unit of units) add(unit);
  if (current.length > 0) messages.push(current);
  return messages;
}

/** A unit as several smaller units that each fit alone: its lines, grouped greedily. */
function splitUnit(unit: Unit, fits: Fits): Unit[] {
  const pieces: Unit[] = [];
  let lines: Line[] = [];
  const flush = (): void => {
    if (lines.length > 0) pieces.push({ lines, paperIds: unit.paperIds });
    lines = [];
  };
  for (const line of unit.lines) {
    const lineUnit = (candidate: Line[]): Unit => ({ lines: candidate, paperIds: unit.paperIds });
    if (fits([lineUnit([...lines, line])])) {
      lines.push(line);
      continue;
    }
    flush();
    if (fits([lineUnit([line])])) {
      lines = [line];
      continue;
    }
    for (const part of splitLine(line, (candidate) => fits([lineUnit([candidate])]))) {
      flush();
      lines = [part];
    }
  }
  flush();
  return pieces;
}

/** Sentence ends outside formulas: after . ! ? followed by a space, or after 。！？ */
function sentences(text: string): string[] {
  const math = mathSpans(text);
  const parts: string[] = [];
  let start = 0;
  const pattern = /[.!?](?=\s)\s*|[。！？；]\s*/g;
  for (const match of text.matchAll(pattern)) {
    const end = (match.index ?? 0) + match[0].length;
    if (math.some((span) => span.start < end && end < span.end)) continue;
    parts.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length) parts.push(text.slice(start));
  return parts.filter((part) => part.length > 0);
}

/** Cuts text at whole characters (code points) into the longest pieces that fit. */
function cutText(span: Span, fitsAlone: (span: Span) => boolean): Span[] {
  const characters = Array.from(span.text);
  const pieces: Span[] = [];
  let start = 0;
  while (start < characters.length) {
    let low = start + 1;
    let high = characters.length;
    if (!fitsAlone({ ...span, text: characters.slice(start, low).join('') })) {
      throw new DigestError('INTERNAL', 'a single character does not fit in a message');
    }
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (fitsAlone({ ...span, text: characters.slice(start, middle).join('') })) low = middle;
      else high = middle - 1;
    }
    pieces.push({ ...span, text: characters.slice(start, low).join('') });
    start = low;
  }
  return pieces;
}

function splitLine(line: Line, fits: (line: Line) => boolean): Line[] {
  // Atoms: links whole, text spans per sentence (and per character when one sentence is too long).
  const atoms: Span[] = [];
  for (const span of line) {
    if ('url' in span) {
      if (!fits([span])) throw new DigestError('INTERNAL', `a link does not fit in one message: ${span.url}`);
      atoms.push(span);
      continue;
    }
    for (const sentence of sentences(span.text)) {
      const piece: Span = { ...span, text: sentence };
      if (fits([piece])) atoms.push(piece);
      else atoms.push(...cutText(piece, (candidate) => fits([candidate])));
    }
  }
  const lines: Line[] = [];
  let current: Line = [];
  for (const atom of atoms) {
    if (fits([...current, atom])) current.push(atom);
    else {
      if (current.length > 0) lines.push(current);
      current = [atom];
    }
  }
  if (current.length > 0) lines.push(current);
  return lines;
}

/** UTF-8 size, for limits stated in bytes (WeCom, DingTalk, Feishu bodies). */
export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
