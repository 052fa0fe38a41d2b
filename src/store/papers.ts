import { createHash } from 'node:crypto';
import { monthOfId } from '../core/arxiv-id.ts';
import type { AnnounceType, Paper } from '../core/paper.ts';

/** A papers-table row as better-sqlite3 returns it. */
export interface PaperRow {
  id: string;
  version: number | null;
  title: string;
  authors: string;
  abstract: string | null;
  primary_category: string | null;
  categories: string;
  published: string | null;
  updated: string | null;
  comments: string | null;
  journal_ref: string | null;
  doi: string | null;
  announced: string | null;
  announce_type: string | null;
  day: string | null;
  month: string;
  hash: string;
  stored_at: string;
}

export const paperColumns =
  'id, version, title, authors, abstract, primary_category, categories, published, updated, comments, journal_ref, doi, announced, announce_type, day, month, hash, stored_at';

/** Content hash over every field, in a fixed order, so equal records hash equally. */
export function paperHash(paper: Paper): string {
  const canonical = JSON.stringify([
    paper.id,
    paper.version,
    paper.title,
    paper.authors,
    paper.abstract,
    paper.primaryCategory,
    paper.categories,
    paper.published,
    paper.updated,
    paper.comments,
    paper.journalRef,
    paper.doi,
    paper.announced,
    paper.announceType,
  ]);
  return createHash('sha1').update(canonical).digest('base64url');
}

export function paperToRow(paper: Paper, hash: string, storedAt: string): PaperRow {
  const day = paper.published ?? paper.announced;
  return {
    id: paper.id,
    version: paper.version,
    title: paper.title,
    authors: JSON.stringify(paper.authors),
    abstract: paper.abstract,
    primary_category: paper.primaryCategory,
    categories: paper.categories.join(' '),
    published: paper.published,
    updated: paper.updated,
    comments: paper.comments,
    journal_ref: paper.journalRef,
    doi: paper.doi,
    announced: paper.announced,
    announce_type: paper.announceType,
    day,
    month: day ? day.slice(0, 7) : (monthOfId(paper.id) ?? '0000-00'),
    hash,
    stored_at: storedAt,
  };
}

export function rowToPaper(row: PaperRow): Paper {
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    authors: JSON.parse(row.authors) as string[],
    abstract: row.abstract,
    primaryCategory: row.primary_category,
    categories: row.categories.length > 0 ? row.categories.split(' ') : [],
    published: row.published,
    updated: row.updated,
    comments: row.comments,
    journalRef: row.journal_ref,
    doi: row.doi,
    announced: row.announced,
    announceType: row.announce_type as AnnounceType | null,
  };
}

/**
 * Combines a stored record with an incoming one of the same version: the incoming values win, but
 * a source that lacks a field (RSS has no v1 date, listings no DOI) does not erase what another
 * source gave.
 */
export function mergeSameVersion(stored: Paper, incoming: Paper): Paper {
  return {
    id: incoming.id,
    version: incoming.version ?? stored.version,
    title: incoming.title,
    authors: incoming.authors.length > 0 ? incoming.authors : stored.authors,
    abstract: incoming.abstract ?? stored.abstract,
    primaryCategory: incoming.primaryCategory ?? stored.primaryCategory,
    categories: incoming.categories.length > 0 ? incoming.categories : stored.categories,
    published: incoming.published ?? stored.published,
    updated: incoming.updated ?? stored.updated,
    comments: incoming.comments ?? stored.comments,
    journalRef: incoming.journalRef ?? stored.journalRef,
    doi: incoming.doi ?? stored.doi,
    announced: incoming.announced ?? stored.announced,
    announceType: incoming.announceType ?? stored.announceType,
  };
}

/**
 * A newer version replaces the record; what never changes between versions (the v1 date) and what
 * the newer source may not carry (first announcement) is kept from the stored one.
 */
export function mergeNewerVersion(stored: Paper, incoming: Paper): Paper {
  return {
    ...incoming,
    published: incoming.published ?? stored.published,
    announced: incoming.announced ?? stored.announced,
    primaryCategory: incoming.primaryCategory ?? stored.primaryCategory,
    categories: incoming.categories.length > 0 ? incoming.categories : stored.categories,
  };
}
