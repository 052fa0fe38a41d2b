import type { VenueType } from '../core/digest.ts';
import { isWorkshopAcronym, type VenueEntry, type VenueMention } from './venue-table.ts';
import { acronymLike, findYears } from './venue-text.ts';

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

// A named track ("D&B Track (Spotlight)") comes before the presentation form.
const trackWords: [RegExp, string][] = [
  [/\bdatasets?\s+(?:and|&)\s+benchmarks?\b|\bD&B\b/i, 'Datasets and Benchmarks'],
  [/\boral\b/i, 'Oral'],
  [/\bspotlight\b/i, 'Spotlight'],
  [/\bhighlight\b/i, 'Highlight'],
  [/\bfindings\b/i, 'Findings'],
  [/\bdemo(?:nstration)?s?\b(?:\s+track|\s+paper)?/i, 'Demo'],
  [/\bindustry\s+track\b/i, 'Industry'],
  [/\bstudent\s+abstract\b/i, 'Student Abstract'],
  [/\bblue\s+sky\b/i, 'Blue Sky'],
  [/\bshort\s+paper\b/i, 'Short'],
  [/\blong\s+paper\b/i, 'Long'],
  [/\bposter\b/i, 'Poster'],
  [/\bmain\b(?:\s+(?:technical\s+)?(?:track|conference))?/i, 'Main'],
];

/** The presentation track a clause states: Oral, Spotlight, Findings, Main ..., or null. */
export function findTrack(clause: string): string | null {
  for (const [pattern, track] of trackWords) if (pattern.test(clause)) return track;
  return null;
}

/** The workshop's own name in a clause that mentions a workshop ("NewInML Workshop", "OPT"). */
export function findWorkshopName(clause: string, hostAliases: string[]): string | null {
  const isHost = (token: string) =>
    hostAliases.some((alias) => token.toLowerCase().startsWith(alias.toLowerCase())) ||
    /^(?:the|a|an|at|of|in|on|and|IEEE|ACM)$/i.test(token);
  const atHost = /([A-Za-z][A-Za-z0-9\-+&]*)@\s?[A-Za-z]/.exec(clause);
  if (atHost?.[1] && !isHost(atHost[1])) return atHost[1];
  const beforeWord = /([A-Za-z][A-Za-z0-9\-+&]*)\s+[Ww]orkshop\b/.exec(clause);
  if (beforeWord?.[1] && acronymLike(beforeWord[1]) && !isHost(beforeWord[1]))
    return `${beforeWord[1]} Workshop`;
  const afterWord = /[Ww]orkshop\s+([A-Z][A-Za-z0-9\-+&]*)/.exec(clause);
  if (afterWord?.[1] && acronymLike(afterWord[1]) && !isHost(afterWord[1])) return `${afterWord[1]} Workshop`;
  const parenthesis =
    /[Ww]orkshop[^()]{0,120}\(\s*([A-Z][A-Za-z0-9\-+&]*[A-Z][A-Za-z0-9\-+&]*)(?:\s*(?:19|20)\d{2})?\s*\)/.exec(
      clause,
    );
  if (parenthesis?.[1] && !isHost(parenthesis[1])) return `${parenthesis[1]} Workshop`;
  const named =
    /\b[Ww]orkshop on ([A-Z][^,.;()@]*?)(?=\s*(?:\(|@|,|\.|;|\bat\b|\bco-located\b|\bin conjunction\b|\bheld\b|$))/.exec(
      clause,
    );
  if (named?.[1] && named[1].length <= 90) return `Workshop on ${named[1].trim()}`;
  // "Workshop Z at the 31st ACM SIGKDD Conference ...": a workshop named by one word after it.
  const single = /^\s*(?:the\s+)?[Ww]orkshop\s+([A-Z][\w-]*)\s+(?:at|@|co-?located|in conjunction)\b/.exec(
    clause,
  );
  if (single?.[1] && !isHost(single[1])) return `Workshop ${single[1]}`;
  return null;
}
