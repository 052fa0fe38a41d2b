import type { VenueType } from '../core/digest.ts';
import { isWorkshopAcronym, type VenueEntry, type VenueMention } from './venue-table.ts';
import { findTrack, findWorkshopName, findYears } from './venue-text.ts';

/** The kind of venue a statement names (conference, journal, workshop) and its track. */

const workshopMarker = /\bworkshops?\b|\bW\/S\b|[A-Za-z0-9]@\s?[A-Za-z]|\bstudent research workshop\b/i;

export interface Typed {
  entry: VenueEntry | null;
  venue: string | null;
  clause: string;
  mention: VenueMention | null;
  /** A workshop's own name when the venue is its host. */
  workshop?: string | null;
}

export function typeOf(candidate: Typed): VenueType | null {
  if (
    candidate.workshop ||
    workshopMarker.test(candidate.clause) ||
    (candidate.mention && isWorkshopAcronym(candidate.mention.text))
  )
    return 'workshop';
  if (candidate.entry) return candidate.entry.type;
  const words = `${candidate.venue ?? ''} ${candidate.clause}`;
  if (
    /\bjournals?\b|\btransactions\b|\bletters\b|\bmagazine\b|\bsurveys\b|\bJ\.\s|\breview of\b|\bannals\b/i.test(
      words,
    )
  )
    return 'journal';
  if (/\bconference\b|\bsymposium\b|\bcongress\b|\bmeeting\b|\bconf\b|\bproceedings\b|\bforum\b/i.test(words))
    return 'conference';
  // An unknown acronym with a year ("DICTA 2025") is nearly always a conference.
  if (candidate.venue && findYears(candidate.clause).length > 0) return 'conference';
  return null;
}

export function trackOf(type: VenueType | null, candidate: Typed): string | null {
  if (type !== 'workshop') return findTrack(candidate.clause);
  if (candidate.workshop) return candidate.workshop;
  // A workshop with no known host is the venue itself; its name is not a track.
  if (!candidate.entry) return null;
  return findWorkshopName(candidate.clause, [candidate.entry.name, ...candidate.entry.acronyms]);
}
