/**
 * Grounding: venue facts from the arXiv metadata, the sentences a post may state them in, and the
 * claim checker that holds posts and summaries to the metadata.
 */
export { type CheckPostInput, type CheckReport, checkPost, checkSummary } from './check.ts';
export { papersFromFile, readPostFile, runFacts, runOfPost } from './check-inputs.ts';
export type { CheckFinding } from './check-paper.ts';
export type { DataSpan, RunFacts } from './check-trends.ts';
export { parsePost } from './post.ts';
export { emptyVenueFact, extractVenue, isPositiveStatus, type VenueInput } from './venue.ts';
export { venueLabel, venueSentence } from './venue-sentence.ts';
export { findVenueMentions, lookupVenue, venueTable } from './venue-table.ts';
