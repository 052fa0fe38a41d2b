/**
 * Cuts a JSON array ("[{…},{…}]") arriving in text chunks into the source text of its items,
 * without holding more than one item in memory. It tracks strings, escapes and bracket depth, so
 * commas and brackets inside strings or nested values do not cut. Items are parsed by the caller
 * (JSON.parse per item), so a broken item is one problem, not a failed file.
 */

export interface ArrayItem {
  text: string;
  /** 1-based line where the item starts. */
  line: number;
  /** 1-based position in the array. */
  index: number;
}

export interface ArrayProblem {
  line: number;
  message: string;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const NEWLINE = 10;
const OPEN_SQUARE = 91;
const CLOSE_SQUARE = 93;
const OPEN_CURLY = 123;
const CLOSE_CURLY = 125;

const isWhitespace = (code: number): boolean => code === 32 || code === 10 || code === 13 || code === 9;

export class JsonArraySplitter {
  /** 0 before "[", 1 inside the array, deeper inside items. */
  private depth = 0;
  private inString = false;
  private escaped = false;
  private closed = false;
  private reportedTrailing = false;
  private line = 1;
  private itemParts: string[] = [];
  private inItem = false;
  private itemLine = 0;
  private itemCount = 0;

  /** Feeds the next chunk; returns the items completed in it and any structural problems. */
  push(chunk: string): { items: ArrayItem[]; problems: ArrayProblem[] } {
    const items: ArrayItem[] = [];
    const problems: ArrayProblem[] = [];
    let itemStart = this.inItem ? 0 : -1;
    const length = chunk.length;
    for (let position = 0; position < length; position += 1) {
      const code = chunk.charCodeAt(position);
      if (code === NEWLINE) this.line += 1;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (code === BACKSLASH) this.escaped = true;
        else if (code === QUOTE) this.inString = false;
        continue;
      }
      if (this.closed) {
        if (!isWhitespace(code) && !this.reportedTrailing) {
          this.reportedTrailing = true;
          problems.push({
            line: this.line,
            message: 'unexpected text after the closing ] of the JSON array',
          });
        }
        continue;
      }
      if (this.depth === 0) {
        // The sniffer saw "[" first; a BOM or whitespace may precede it.
        if (code === OPEN_SQUARE) this.depth = 1;
        continue;
      }
      if (this.depth === 1 && !this.inItem) {
        if (isWhitespace(code) || code === COMMA) continue;
        if (code === CLOSE_SQUARE) {
          this.closed = true;
          this.depth = 0;
          continue;
        }
        this.inItem = true;
        this.itemLine = this.line;
        itemStart = position;
      }
      if (code === QUOTE) this.inString = true;
      else if (code === OPEN_CURLY || code === OPEN_SQUARE) this.depth += 1;
      else if (code === CLOSE_CURLY || code === CLOSE_SQUARE) {
        if (this.depth > 1) this.depth -= 1;
        else {
          // "]" at depth 1 closes the array and ends the last item.
          items.push(this.finishItem(chunk.slice(itemStart, position)));
          itemStart = -1;
          this.closed = true;
          this.depth = 0;
        }
      } else if (code === COMMA && this.depth === 1) {
        items.push(this.finishItem(chunk.slice(itemStart, position)));
        itemStart = -1;
      }
    }
    if (this.inItem && itemStart >= 0) this.itemParts.push(chunk.slice(itemStart));
    return { items, problems };
  }

  /** Call at end of input: reports an array that was never closed (a truncated file). */
  finish(): ArrayProblem[] {
    const problems: ArrayProblem[] = [];
    if (this.inItem) {
      this.itemCount += 1;
      problems.push({
        line: this.itemLine,
        message: `item ${this.itemCount} is cut off: the file ends inside it`,
      });
    }
    if (!this.closed) {
      problems.push({
        line: this.line,
        message: 'the JSON array is not closed with ]: the file looks truncated',
      });
    }
    return problems;
  }

  private finishItem(lastPart: string): ArrayItem {
    this.itemParts.push(lastPart);
    const text = this.itemParts.length === 1 ? (this.itemParts[0] as string) : this.itemParts.join('');
    this.itemParts = [];
    this.inItem = false;
    this.itemCount += 1;
    return { text: text.trimEnd(), line: this.itemLine, index: this.itemCount };
  }
}
