import type { VenueFact, VenueStatus } from '../core/digest.ts';
import { bareVenueLabel } from './venue-bare.ts';
import { bestCandidate, type Candidate, candidatesFromComments } from './venue-candidates.ts';
import { authorListLength, citationVenue, isImplausibleVenue, journalRefName } from './venue-guard.ts';
import { findVenueMentions, lookupVenue } from './venue-table.ts';
import { attachedYear, findYears, writtenVenueName } from './venue-text.ts';
import { type Typed, trackOf, typeOf } from './venue-type.ts';

/**
 * Venue extraction: what the authors state about a paper's venue in the arXiv `comments`, the
 * `journal_ref` and (for ACL Anthology and IEEE DOIs) the `doi`. Only stated facts: "submitted"
 * and "under review" are never turned into "accepted", and a paper with no statement gets nulls.
 */

export interface VenueInput {
  comments: string | null;
  journalRef: string | null;
  doi?: string | null;
}

export const emptyVenueFact: VenueFact = {
  venue: null,
  year: null,
  status: null,
  type: null,
  track: null,
  evidence: null,
};

function factFromCandidate(text: string, candidate: Candidate): VenueFact {
  const named = candidate.venue || /\bconferences?\b|\bjournals?\b|\bworkshops?\b/i.test(candidate.clause);
  const type = named ? typeOf(candidate) : null;
  return {
    venue: candidate.venue,
    year: candidate.year,
    status: candidate.status,
    type,
    track: trackOf(type, candidate),
    evidence: text.slice(candidate.start, candidate.end).trim() || null,
  };
}

function factFromComments(comments: string): VenueFact | null {
  const candidate = bestCandidate(candidatesFromComments(comments));
  if (candidate) return factFromCandidate(comments, candidate);
  // A comment that is a reference to the published version names its journal.
  const cited = citationVenue(comments);
  if (cited) {
    const entry = lookupVenue(cited.name);
    const typed: Typed = { entry, venue: cited.name, clause: comments, mention: null };
    const type = typeOf(typed) ?? 'journal';
    const evidence = comments.trim();
    return {
      venue: entry?.name ?? cited.name,
      year: cited.year,
      status: 'published',
      type,
      track: null,
      evidence,
    };
  }
  return bareVenueLabel(comments);
}

function factFromJournalRef(journalRef: string): VenueFact {
  // "Smith, J., & Lee, K. (2023). A title. Journal of Foo, 12(3), 45-67": the journal, not the authors.
  const cited = citationVenue(journalRef);
  const mention = findVenueMentions(cited ? journalRef.slice(cited.start) : journalRef)[0] ?? null;
  const written = mention
    ? null
    : (cited?.name ?? journalRefName(journalRef) ?? writtenVenueName(journalRef)?.name ?? null);
  const entry = mention?.entry ?? null;
  const venue = entry?.name ?? written;
  const year =
    (mention && !cited
      ? attachedYear(journalRef.slice(mention.end), !/\s/.test(mention.text))?.year
      : null) ??
    cited?.year ??
    findYears(journalRef)[0]?.year ??
    null;
  const typed: Typed = { entry, venue, clause: journalRef, mention };
  let type = typeOf(typed);
  if (!type && /\bvol\b|\bvolume\b|\bno\.|\(\d+\)/i.test(journalRef)) type = 'journal';
  return { venue, year, status: 'published', type, track: trackOf(type, typed), evidence: journalRef.trim() };
}

const aclAnthologyCodes: Record<string, string> = {
  acl: 'ACL',
  emnlp: 'EMNLP',
  naacl: 'NAACL',
  eacl: 'EACL',
  aacl: 'AACL',
  coling: 'COLING',
  tacl: 'TACL',
};
const ieeeCodes: Record<string, string> = { LRA: 'IEEE RA-L', ACCESS: 'IEEE Access' };

/** ACL Anthology and IEEE DOIs name the venue and year ("10.18653/v1/2023.emnlp-main.12"). */
function factFromDoi(doi: string): VenueFact | null {
  const anthology = /^10\.18653\/v1\/(\d{4})\.(findings-)?([a-z]+)[-.]/i.exec(doi);
  if (anthology?.[1] && anthology[3]) {
    const venue = aclAnthologyCodes[anthology[3].toLowerCase()];
    if (!venue) return null;
    const type = venue === 'TACL' ? 'journal' : 'conference';
    const track = anthology[2] ? 'Findings' : null;
    return { venue, year: Number(anthology[1]), status: 'published', type, track, evidence: doi };
  }
  const ieee = /^10\.1109\/([A-Z][A-Z-]*?)\d*\.(\d{4})\./i.exec(doi);
  if (ieee?.[1] && ieee[2]) {
    const code = ieee[1].toUpperCase();
    const entry = lookupVenue(ieeeCodes[code] ?? code);
    if (!entry) return null;
    return {
      venue: entry.name,
      year: Number(ieee[2]),
      status: 'published',
      type: entry.type,
      track: null,
      evidence: doi,
    };
  }
  return null;
}

/** The venue facts the authors state, or all nulls. The journal_ref wins over comments, then the DOI. */
export function extractVenue(input: VenueInput): VenueFact {
  const fact = findVenueFact(input);
  // Names come from folded comment lines ("Knowledge\n  Graphs"); the evidence stays verbatim.
  const oneLine = (text: string | null) => (text === null ? null : text.replace(/\s+/g, ' ').trim());
  const venue = oneLine(fact.venue);
  // The last word: a date, a number, a person list or a descriptor is never printed as a venue.
  if (venue !== null && (isImplausibleVenue(venue) || opensAuthorList(fact.venue ?? '', input)))
    return { ...fact, venue: null, year: null, type: null, track: null };
  return { ...fact, venue, track: oneLine(fact.track) };
}

/** True when the name as found is the first person of an author list in the input. */
function opensAuthorList(name: string, input: VenueInput): boolean {
  for (const text of [input.comments, input.journalRef]) {
    const at = text?.indexOf(name) ?? -1;
    if (text && at >= 0 && authorListLength(text.slice(at)) > 0) return true;
  }
  return false;
}

function findVenueFact(input: VenueInput): VenueFact {
  const journalRef = input.journalRef?.trim() || null;
  const comments = input.comments?.trim() ? input.comments : null;
  if (journalRef) {
    const fact = factFromJournalRef(journalRef);
    if (fact.venue) return fact;
  }
  const fromComments = comments ? factFromComments(comments) : null;
  if (fromComments?.venue) return fromComments;
  const fromDoi = input.doi ? factFromDoi(input.doi.trim()) : null;
  if (fromDoi) return fromDoi;
  return fromComments ?? { ...emptyVenueFact };
}

/** True when the fact says the paper was accepted, published or presented (not merely submitted). */
export function isPositiveStatus(status: VenueStatus | null): boolean {
  return status === 'accepted' || status === 'published' || status === 'presented';
}
