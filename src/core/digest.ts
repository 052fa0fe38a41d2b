import type { DateWindow } from './dates.ts';
import type { Paper } from './paper.ts';

/** Post languages. zh and en have offline templates; others need an LLM. */
export const languages = ['zh', 'en'] as const;
export type Language = (typeof languages)[number];

// ---------------------------------------------------------------------------------------------
// Venue facts (src/verify extracts them from comments / journal_ref; nothing else may state one)

export const venueStatuses = ['accepted', 'published', 'submitted', 'under_review', 'presented'] as const;
export type VenueStatus = (typeof venueStatuses)[number];
export const venueTypes = ['conference', 'journal', 'workshop'] as const;
export type VenueType = (typeof venueTypes)[number];

export interface VenueFact {
  /** Canonical short name (NeurIPS, CVPR, IEEE TPAMI), the name as written when unknown, or null. */
  venue: string | null;
  year: number | null;
  status: VenueStatus | null;
  type: VenueType | null;
  /** Presentation track when stated: Oral, Spotlight, Poster, Findings, Demo, Main ... */
  track: string | null;
  /** The substring of comments/journal_ref the fact rests on. */
  evidence: string | null;
}

// ---------------------------------------------------------------------------------------------
// Summaries

export type SummaryEngineName = 'llm' | 'extractive';

export interface PaperSummary {
  /** 2-4 sentences of plain text (no Markdown) in the post language. */
  text: string;
  /** Occurs verbatim in `text`; the renderer puts it in bold. */
  keyInnovation: string;
  engine: SummaryEngineName;
  /** Why the extractive engine stands in for the LLM (call failed, invalid twice, budget) - else null. */
  fallbackReason: string | null;
  /** The model that wrote it (LLM engine), else null. */
  model: string | null;
}

// ---------------------------------------------------------------------------------------------
// Directions

export interface Direction {
  /** Name in the post language. */
  name: string;
  /** One sentence in the post language. */
  overview: string;
  /** c-TF-IDF keywords (words or 2-3 word phrases), best first, in a readable surface form. */
  keywords: string[];
  /** Every member, each paper in exactly one direction. */
  paperIds: string[];
  /** Members nearest the centroid, best first (a subset of paperIds). */
  representativeIds: string[];
}

// ---------------------------------------------------------------------------------------------
// Trends: measured facts, and statements that each rest on facts

export type TrendFactKind = 'share' | 'span' | 'monthly' | 'growth' | 'comparison';

export interface TrendFact {
  /** Stable within a digest, e.g. "share:2", "growth:topic", "comparison:1". */
  id: string;
  kind: TrendFactKind;
  /** Direction name, or the topic name for topic-wide facts. */
  subject: string;
  /** The measured figures, by name, e.g. { count: 8, total: 34, percent: 23.5 }. */
  values: Record<string, number | string>;
  /** The exact figure strings a statement may print for this fact ("23.5%", "8", "1.8x"). */
  figures: string[];
}

export interface TrendStatement {
  text: string;
  /** The facts it rests on; every number in `text` is one of their figures. */
  factIds: string[];
}

export interface MonthlyCount {
  month: string;
  count: number;
}

export interface TrendsSection {
  /** What the store's history actually covers (first and last month with papers, and in days). */
  history: { fromMonth: string; toMonth: string; months: number; days: number; papers: number };
  /** Monthly counts for the topic and for each direction (same order as Digest.directions). */
  monthly: { subject: string; counts: MonthlyCount[] }[];
  facts: TrendFact[];
  statements: TrendStatement[];
}

// ---------------------------------------------------------------------------------------------
// The digest: everything a renderer needs, nothing it has to compute

export interface DigestPaper {
  paper: Paper;
  summary: PaperSummary;
  /** From the venue extractor only; null when the metadata states no venue. */
  venue: VenueFact | null;
  /** Index into Digest.directions. */
  direction: number;
  /** BM25 relevance to the topic (0 when built from --input as given). */
  relevance: number;
  /** Why the reader's preferences moved it up; absent when none matched (or none are set). */
  preference?: PreferenceReason[];
}

/** One reason a paper matches the reader's preferences; each is a fact the post can show and check. */
export type PreferenceReason =
  | { kind: 'author'; author: string }
  | { kind: 'keyword'; keyword: string }
  /** The closest paper of the reader's library and the cosine similarity (two decimals). */
  | { kind: 'library'; title: string; similarity: number };

export type VersionPolicy = 'new-only' | 'include-replaced' | 'as-given';

export interface Digest {
  topic: { name: string; title: string; tags: string[] };
  language: Language;
  window: DateWindow;
  /** The digest's date: the day after the window ends. */
  date: string;
  title: string;
  /** One-sentence overview of this digest. */
  description: string;
  slug: string;
  tags: string[];
  featured: boolean;
  draft: boolean;
  /** Which engine wrote the summaries: extractive, llm, or llm with some extractive fallbacks. */
  generator: 'llm' | 'extractive' | 'mixed';
  versionPolicy: VersionPolicy;
  papers: DigestPaper[];
  directions: Direction[];
  trends: TrendsSection;
  /** Extra frontmatter from the topic config (never overrides the fields above). */
  frontmatterDefaults: Record<string, unknown>;
}
