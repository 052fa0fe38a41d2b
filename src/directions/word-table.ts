/**
 * The words of many texts as numbers, without making a string per occurrence: a hand-written scan with
 * exactly the matches of words() (core/text.ts: runs of [a-z0-9], joined by "-" or "'" between two such
 * characters) over wordText(), hashed as it goes and looked up in an open-addressing table of the words
 * seen so far. Only a word's first occurrence becomes a string. On thousands of abstracts this is most of
 * the cost of TF-IDF (one regex match array and one Map lookup per word before).
 */
export interface WordTable {
  /** Every distinct word, by number, in order of first occurrence. */
  words: string[];
  /**
   * The text's words as numbers, in text order (new words get the next numbers). The array is reused by
   * the next scan: read it before scanning again.
   */
  scan(text: string): Int32Array;
}

/** a-z or 0-9, the characters words() builds words from. */
export function isWordCharacter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
}

export function createWordTable(): WordTable {
  const words: string[] = [];
  const hashes: number[] = [];
  let slots = new Int32Array(1 << 12);
  let mask = slots.length - 1;

  const grow = () => {
    slots = new Int32Array(slots.length * 2);
    mask = slots.length - 1;
    hashes.forEach((hash, word) => {
      let slot = hash & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = word + 1;
    });
  };

  let found = new Int32Array(1024);

  const lookup = (text: string, start: number, end: number, hash: number): number => {
    const length = end - start;
    let slot = hash & mask;
    for (let entry = slots[slot] as number; entry !== 0; entry = slots[slot] as number) {
      const word = entry - 1;
      const known = words[word] as string;
      if (hashes[word] === hash && known.length === length && text.startsWith(known, start)) return word;
      slot = (slot + 1) & mask;
    }
    const word = words.length;
    words.push(text.slice(start, end));
    hashes.push(hash);
    slots[slot] = word + 1;
    if (words.length * 2 > slots.length) grow();
    return word;
  };

  return {
    words,
    scan(text) {
      const length = text.length;
      let count = 0;
      let index = 0;
      while (index < length) {
        let code = text.charCodeAt(index);
        if (!isWordCharacter(code)) {
          index++;
          continue;
        }
        const start = index;
        let hash = 2166136261;
        for (;;) {
          while (index < length) {
            code = text.charCodeAt(index);
            if (!isWordCharacter(code)) break;
            hash = Math.imul(hash ^ code, 16777619);
            index++;
          }
          // "-" or "'" joins only when a word character follows (and one precedes: the run just read).
          if (
            index + 1 < length &&
            (code === 45 || code === 39) &&
            isWordCharacter(text.charCodeAt(index + 1))
          ) {
            hash = Math.imul(hash ^ code, 16777619);
            index++;
            continue;
          }
          break;
        }
        if (count === found.length) {
          const grown = new Int32Array(found.length * 2);
          grown.set(found);
          found = grown;
        }
        found[count++] = lookup(text, start, index, hash >>> 0);
      }
      return found.subarray(0, count);
    },
  };
}
