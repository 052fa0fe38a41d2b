/**
 * Cuts an XML document arriving in text chunks into the source text of its records — <entry>…
 * </entry> for Atom, <record>…</record> for OAI-PMH — so a multi-gigabyte OAI dump is parsed one
 * record at a time in constant memory. Page-level elements (totals, tokens) are skipped: files
 * have no pages. Neither element nests inside itself in these formats, so plain search is exact.
 */

export interface XmlRecordText {
  text: string;
  /** 1-based line where the record starts. */
  line: number;
  /** 1-based position among the records. */
  index: number;
}

/** A record larger than this is not a record but a broken file; stop instead of eating memory. */
export const maxRecordLength = 64 * 1024 * 1024;

export class XmlRecordCutter {
  private readonly startPattern: RegExp;
  private readonly endTag: string;
  private readonly rootEndTag: string;
  private buffer = '';
  /** Newlines are counted up to this index of `buffer`, once (recounting from 0 made big chunks quadratic)… */
  private countedTo = 0;
  /** …where the text is on this 1-based line. */
  private lineAtCounted = 1;
  /** Where in `buffer` the open record starts, or -1. */
  private recordStart = -1;
  private recordLine = 0;
  private count = 0;
  private recentText = '';

  constructor(recordTag: 'entry' | 'record', rootTag: 'feed' | 'OAI-PMH') {
    // Optional namespace prefix (<atom:entry>); the name must end there (<entry>, <entry xml:lang="…">).
    this.startPattern = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${recordTag}[\\s>]`, 'g');
    this.endTag = `${recordTag}>`;
    this.rootEndTag = `${rootTag}>`;
  }

  push(chunk: string): XmlRecordText[] {
    const records: XmlRecordText[] = [];
    this.buffer += chunk;
    this.recentText = chunk.length >= 256 ? chunk.slice(-256) : (this.recentText + chunk).slice(-256);
    let searchFrom = 0;
    for (;;) {
      if (this.recordStart < 0) {
        this.startPattern.lastIndex = searchFrom;
        const start = this.startPattern.exec(this.buffer);
        if (!start) break;
        this.recordStart = start.index;
        this.recordLine = this.lineAt(start.index);
      }
      const end = this.findEnd(this.recordStart);
      if (end < 0) break;
      this.count += 1;
      records.push({
        text: this.buffer.slice(this.recordStart, end),
        line: this.recordLine,
        index: this.count,
      });
      this.recordStart = -1;
      searchFrom = end;
    }
    this.compact(searchFrom);
    return records;
  }

  /** At end of input: the record the file ends inside, and whether the root element was closed. */
  finish(): { cutOff: { line: number; index: number } | null; rootClosed: boolean } {
    const cutOff = this.recordStart >= 0 ? { line: this.recordLine, index: this.count + 1 } : null;
    return {
      cutOff,
      rootClosed: new RegExp(`</(?:[A-Za-z_][\\w.-]*:)?${this.rootEndTag}\\s*$`).test(this.recentText),
    };
  }

  /** The line of an index at or after the counting cursor; moves the cursor there. */
  private lineAt(index: number): number {
    this.lineAtCounted += countNewlines(this.buffer, this.countedTo, index);
    this.countedTo = index;
    return this.lineAtCounted;
  }

  /** Index just past the closing tag of the record starting at `from`, or -1 when not yet read. */
  private findEnd(from: number): number {
    let position = from;
    for (;;) {
      const close = this.buffer.indexOf('</', position);
      if (close < 0) return -1;
      const nameEnd = this.buffer.indexOf('>', close);
      if (nameEnd < 0) return -1;
      const name = this.buffer.slice(close + 2, nameEnd + 1);
      const colon = name.indexOf(':');
      if ((colon < 0 ? name : name.slice(colon + 1)) === this.endTag) return nameEnd + 1;
      position = nameEnd + 1;
    }
  }

  /** Drops text before the open record (or all but a possible partial tag), keeping line counts. */
  private compact(consumedTo: number): void {
    let keepFrom: number;
    if (this.recordStart >= 0) keepFrom = this.recordStart;
    else keepFrom = Math.max(consumedTo, this.buffer.lastIndexOf('<'), this.buffer.length - 64);
    if (keepFrom < consumedTo) keepFrom = consumedTo;
    if (keepFrom <= 0) return;
    this.lineAtCounted = this.lineAt(keepFrom);
    this.countedTo = 0;
    this.buffer = this.buffer.slice(keepFrom);
    if (this.recordStart >= 0) this.recordStart -= keepFrom;
    if (this.buffer.length > maxRecordLength) {
      throw new RangeError(`record ${this.count + 1} at line ${this.recordLine} is larger than 64 MiB`);
    }
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  let position = text.indexOf('\n', from);
  while (position >= 0 && position < to) {
    count += 1;
    position = text.indexOf('\n', position + 1);
  }
  return count;
}
