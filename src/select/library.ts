import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { z } from 'zod';
import { DigestError } from '../core/errors.ts';
import { describeIssue } from '../core/schema.ts';

/**
 * The reader's library: the titles and abstracts of the papers they keep (Zotero, Mendeley and
 * JabRef all export BibTeX and CSL-JSON). Only what similarity needs is kept. Pure: the caller reads
 * the file; errors name the file and the line, so a reader can fix the export.
 */

export interface LibraryEntry {
  title: string;
  abstract: string | null;
}

export type LibraryFormat = 'bibtex' | 'csl-json';

/** .bib / .bibtex are BibTeX, .json CSL-JSON; anything else is a usage error. */
export function libraryFormat(fileName: string): LibraryFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.bib') || lower.endsWith('.bibtex')) return 'bibtex';
  if (lower.endsWith('.json')) return 'csl-json';
  throw new DigestError('USAGE', `library ${fileName}: unknown format`, {
    hint: 'export the library as BibTeX (.bib) or CSL-JSON (.json)',
  });
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset && index < text.length; index++) if (text[index] === '\n') line++;
  return line;
}

/**
 * The parser marks case protection and styles with HTML tags and writes accents as combining marks;
 * a title to match and to print is plain, composed (NFC) text.
 */
function plain(value: string | undefined): string {
  return (value ?? '')
    .normalize('NFC')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function parseBibtexLibrary(text: string, fileLabel: string): LibraryEntry[] {
  let library: ReturnType<typeof parseBibtex>;
  try {
    // No sentence-casing (titles stay as written), unknown TeX commands kept as text rather than thrown.
    library = parseBibtex(text, { english: false, unsupported: 'ignore' });
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new DigestError('USAGE', `${fileLabel}: not valid BibTeX (${reason})`, {
      hint: 'fix the entry or export the library again',
    });
  }
  const first = library.errors[0];
  if (first) {
    // The parser says where it gave up; the reader needs the entry that is broken, so find where it starts.
    const start = first.input ? text.indexOf(first.input) : -1;
    const reported = /at line (\d+)/.exec(first.error)?.[1];
    const line = start >= 0 ? lineAt(text, start) : Number(reported ?? 1);
    const reason = first.error
      .replace(/\s*"[^"]*"/, '')
      .replace(/\s+/g, ' ')
      .trim();
    throw new DigestError('USAGE', `${fileLabel}:${line}: malformed BibTeX entry (${reason})`, {
      hint: 'fix that entry (a missing brace or quote is the usual cause) or export the library again',
    });
  }
  return library.entries.flatMap((entry) => {
    const title = plain(entry.fields.title);
    if (!title) return [];
    const abstract = plain(entry.fields.abstract);
    return [{ title, abstract: abstract || null }];
  });
}

const cslItemSchema = z.looseObject({
  title: z.string().optional(),
  abstract: z.string().optional(),
});
const cslLibrarySchema = z.array(cslItemSchema);

function parseCslLibrary(text: string, fileLabel: string): LibraryEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message)?.[1];
    const where = position === undefined ? '' : `:${lineAt(text, Number(position))}`;
    throw new DigestError('USAGE', `${fileLabel}${where}: not valid JSON (${message.split('\n')[0]})`, {
      hint: 'export the library as CSL-JSON again',
    });
  }
  const result = cslLibrarySchema.safeParse(raw);
  if (!result.success) {
    throw new DigestError('USAGE', `${fileLabel}: not a CSL-JSON library (${describeIssue(result.error)})`, {
      hint: 'CSL-JSON is an array of items with "title" (and optionally "abstract")',
    });
  }
  return result.data.flatMap((item) => {
    const title = plain(item.title);
    if (!title) return [];
    const abstract = plain(item.abstract);
    return [{ title, abstract: abstract || null }];
  });
}

/** Parses a library file's text; `fileLabel` (the path as the user wrote it) goes into error messages. */
export function parseLibrary(text: string, fileLabel: string, format: LibraryFormat): LibraryEntry[] {
  const entries =
    format === 'bibtex' ? parseBibtexLibrary(text, fileLabel) : parseCslLibrary(text, fileLabel);
  if (entries.length === 0) {
    throw new DigestError('USAGE', `${fileLabel}: the library has no entry with a title`, {
      hint: 'export at least one item with its title',
    });
  }
  return entries;
}
