import { z } from 'zod';
import { parseArxivId } from './arxiv-id.ts';

/** How a paper appeared in an arXiv announcement (RSS `arxiv:announce_type`). */
export const announceTypes = ['new', 'cross', 'replace', 'replace-cross'] as const;
export type AnnounceType = (typeof announceTypes)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date');

/**
 * The paper as every stage sees it. Sources map their formats onto this; the store keeps it; the
 * digest reads it. Dates are YYYY-MM-DD (UTC). Optional facts are null, never empty strings.
 */
export const paperSchema = z.object({
  id: z.string().refine((value) => {
    const parsed = parseArxivId(value);
    return parsed !== null && parsed.version === null && parsed.id === value;
  }, 'expected an arXiv id without version, like 2511.21691 or hep-th/9901001'),
  version: z.number().int().positive().nullable(),
  title: z.string().min(1),
  authors: z.array(z.string().min(1)),
  abstract: z.string().nullable(),
  primaryCategory: z.string().nullable(),
  categories: z.array(z.string()),
  /** Date of the first version (v1). */
  published: isoDate.nullable(),
  /** Date of the latest version the record describes. */
  updated: isoDate.nullable(),
  comments: z.string().nullable(),
  journalRef: z.string().nullable(),
  doi: z.string().nullable(),
  /** The day arXiv announced it, where the source says so (RSS, daily listings). */
  announced: isoDate.nullable(),
  announceType: z.enum(announceTypes).nullable(),
});

export type Paper = z.infer<typeof paperSchema>;

/** A paper plus where it came from, for error reports ("file.jsonl:17"). */
export interface SourcedPaper {
  paper: Paper;
  origin: string;
}

/**
 * Normalizes a title or abstract: LaTeX forced line breaks (\\ and \newline) and hard-wrapped lines
 * become single spaces; runs of whitespace collapse. Paragraph breaks ("\n  " in the 2025 API, blank
 * lines in the old one) are kept as a single "\n" so summaries can still see paragraphs.
 */
export function normalizeText(text: string): string {
  const withoutLatexBreaks = text.replace(/\\newline\b|\\\\(?![a-zA-Z])/g, ' ');
  const paragraphs = withoutLatexBreaks
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n|\n {2,}(?=\S)/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter((paragraph) => paragraph.length > 0);
  return paragraphs.join('\n');
}

/** Collapses all whitespace, including newlines, to single spaces (titles, author names). */
export function normalizeInline(text: string): string {
  return normalizeText(text).replace(/\n/g, ' ');
}

/** Empty or whitespace-only strings become null; others are trimmed. */
export function nullIfBlank(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed.length === 0 ? null : trimmed;
}

/** Builds a Paper with defaults for everything a source did not give, normalizing text fields. */
export function makePaper(fields: Partial<Paper> & Pick<Paper, 'id' | 'title'>): Paper {
  const categories = fields.categories ?? [];
  return {
    id: fields.id,
    version: fields.version ?? null,
    title: normalizeInline(fields.title),
    authors: (fields.authors ?? []).map(normalizeInline).filter((name) => name.length > 0),
    abstract: fields.abstract ? nullIfBlank(normalizeText(fields.abstract)) : null,
    primaryCategory: fields.primaryCategory ?? categories[0] ?? null,
    categories,
    published: fields.published ?? null,
    updated: fields.updated ?? null,
    comments: nullIfBlank(fields.comments),
    journalRef: nullIfBlank(fields.journalRef),
    doi: nullIfBlank(fields.doi),
    announced: fields.announced ?? null,
    announceType: fields.announceType ?? null,
  };
}

/** The date a paper counts under in time windows: v1 date, else announcement date. */
export function paperDate(paper: Paper): string | null {
  return paper.published ?? paper.announced;
}

/** A record that could not be used: reported with where it came from, skipped, counted. */
export interface RecordProblem {
  /** "file.jsonl:17", "https://export.arxiv.org/api/query?... entry 3" */
  origin: string;
  message: string;
}
