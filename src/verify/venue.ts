import type { VenueFact, VenueStatus, VenueType } from '../core/digest.ts';
import {
  bestCandidate,
  type Candidate,
  candidatesFromComments,
  trimEnd,
  yearNear,
} from './venue-candidates.ts';
import {
  findVenueMentions,
  isWorkshopAcronym,
  lookupVenue,
  type VenueEntry,
  type VenueMention,
} from './venue-table.ts';
import {
  attachedYear,
  findTrack,
  findWorkshopName,
  findYears,
  journalRefName,
  writtenVenueName,
} from './venue-text.ts';

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

const workshopMarker = /\bworkshops?\b|\bW\/S\b|[A-Za-z0-9]@\s?[A-Za-z]|\bstudent research workshop\b/i;

interface Typed {
  entry: VenueEntry | null;
  venue: string | null;
  clause: string;
  mention: VenueMention | null;
}

function typeOf(candidate: Typed): VenueType | null {
  if (
    workshopMarker.test(candidate.clause) ||
    (candidate.mention && isWorkshopAcronym(candidate.mention.text))
  )
    return 'workshop';
  if (candidate.entry) return candidate.entry.type;
  const words = `${candidate.venue ?? ''} ${candidate.clause}`;
  if (/\bjournals?\b|\btransactions\b|\bletters\b|\bmagazine\b|\bJ\.\s|\breview of\b|\bannals\b/i.test(words))
    return 'journal';
  if (/\bconference\b|\bsymposium\b|\bcongress\b|\bmeeting\b|\bconf\b|\bproceedings\b|\bforum\b/i.test(words))
    return 'conference';
  // An unknown acronym with a year ("DICTA 2025") is nearly always a conference.
  if (candidate.venue && findYears(candidate.clause).length > 0) return 'conference';
  return null;
}

function trackOf(type: VenueType | null, candidate: Typed & { workshop?: string | null }): string | null {
  if (type !== 'workshop') return findTrack(candidate.clause);
  // A workshop with no known host is the venue itself; its name is not a track.
  if (!candidate.entry) return null;
  if (candidate.workshop) return candidate.workshop;
  return findWorkshopName(candidate.clause, [candidate.entry.name, ...candidate.entry.acronyms]);
}

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

const leadingNoise =
  /^\s*(?:the\s+)?(?:(?:\d{1,3}(?:st|nd|rd|th)|(?:19|20)\d{2}|annual|fortieth|thirty-\w+|findings of(?: the)?|IEEE|ACM|IEEE\/CVF)\s+)*/i;

/**
 * A comment that only labels a venue ("NeurIPS 2025 ML4PS Workshop", "AAAI 2026 oral"): the venue
 * with no status, except that an oral/spotlight/poster label says the paper was accepted.
 */
function bareVenueLabel(text: string): VenueFact | null {
  let offset = 0;
  for (const segment of text.split(/([,;|[\]]|\.\s)/)) {
    const start = offset;
    offset += segment.length;
    // "NeurIPS 2024 style" is a template, not a venue.
    if (/\b(?:style|template|format)\b/i.test(segment)) continue;
    const trimmed = segment.replace(leadingNoise, '');
    const lead = segment.length - trimmed.length;
    const isWorkshop = /\bworkshop\b/i.test(segment) && segment.trim().split(/\s+/).length <= 16;
    const mention = findVenueMentions(trimmed).find((found) => found.start === 0 || isWorkshop);
    const host = mention
      ? null
      : isWorkshop
        ? /\b(?:at|@)\s*([A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*)\b/.exec(trimmed)
        : null;
    // "26th International Workshop on Configuration (ConfWS 2024)": the workshop as written.
    const written = !mention && !host?.[1] && isWorkshop ? writtenVenueName(trimmed) : null;
    if (written) {
      return {
        venue: written.name,
        year: written.year,
        status: null,
        type: 'workshop',
        track: null,
        evidence: segment.trim(),
      };
    }
    if (!mention && !host?.[1]) continue;
    const status: VenueStatus | null = /\b(?:oral|spotlight|poster|highlight)\b/i.test(segment)
      ? 'accepted'
      : null;
    const evidenceStart = start + lead;
    const evidence = text.slice(evidenceStart, trimEnd(text, evidenceStart, start + segment.length)).trim();
    if (mention) {
      const absolute = { ...mention, start: mention.start + evidenceStart, end: mention.end + evidenceStart };
      const typed: Typed = {
        entry: mention.entry,
        venue: mention.entry.name,
        clause: segment,
        mention: absolute,
      };
      const type = typeOf(typed);
      const year = yearNear(text, absolute, start, start + segment.length);
      return { venue: mention.entry.name, year, status, type, track: trackOf(type, typed), evidence };
    }
    const name = host?.[1] as string;
    const year = attachedYear(trimmed.slice((host?.index ?? 0) + (host?.[0].length ?? 0)))?.year ?? null;
    return { venue: name, year, status, type: 'workshop', track: null, evidence };
  }
  return null;
}

function factFromComments(comments: string): VenueFact | null {
  const candidate = bestCandidate(candidatesFromComments(comments));
  if (candidate) return factFromCandidate(comments, candidate);
  return bareVenueLabel(comments);
}

function factFromJournalRef(journalRef: string): VenueFact {
  const mention = findVenueMentions(journalRef)[0] ?? null;
  const written = mention ? null : (journalRefName(journalRef) ?? writtenVenueName(journalRef)?.name ?? null);
  const entry = mention?.entry ?? null;
  const venue = entry?.name ?? written;
  const year =
    (mention ? attachedYear(journalRef.slice(mention.end), !/\s/.test(mention.text))?.year : null) ??
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
  return { ...fact, venue: oneLine(fact.venue), track: oneLine(fact.track) };
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
