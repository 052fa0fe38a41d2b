import type { VenueStatus } from '../core/digest.ts';
import { findCues, positive, statusRank } from './venue-cues.ts';
import { citationVenue, isImplausibleVenue, workshopHost } from './venue-guard.ts';
import { findVenueMentions, lookupVenue, type VenueEntry, type VenueMention } from './venue-table.ts';
import { attachedYear, findYears, hardBoundaries, monthPattern, writtenVenueName } from './venue-text.ts';

/**
 * Finds the statements a comment makes about venues: each status cue ("accepted to", "submitted
 * to", "under review at", "published in" ...) with the venue it names, and picks the one that
 * counts. Nothing here upgrades a status: a cue's status is what its words say.
 */

// Text after which a clause is about something else: page counts, links, code.
const scopeNoise =
  /,?\s*\b\d+\s*(?:pages?|pp|figures?|figs?|tables?)\b|\bhttps?:\/\/|\bwww\.|(?:\b(?:our|the|for)\s+)?\b(?:code|codes|project page|github|website|repo)\b|\bcite (?:it|as)\b/i;

export interface Candidate {
  status: VenueStatus;
  venue: string | null;
  entry: VenueEntry | null;
  mention: VenueMention | null;
  year: number | null;
  start: number;
  end: number;
  /** The text the type and track are read from. */
  clause: string;
  /** A workshop's own name when its host was found elsewhere in the sentence. */
  workshop: string | null;
  /** Where the status words end ("accepted as" in "accepted as a spotlight at"). */
  cueEnd: number;
}

interface Found {
  /** A workshop's own name when the venue found is its host. */
  workshop?: string | null;
  entry: VenueEntry | null;
  mention: VenueMention | null;
  venue: string | null;
  year: number | null;
  from: number;
  to: number;
}

/** Where the evidence ends: no trailing separators, dangling "and"/"also", or unmatched ")". */
export function trimEnd(text: string, start: number, end: number): number {
  let stop = end;
  for (let changed = true; changed; ) {
    changed = false;
    while (stop > start && /[\s,.;:(\-–]/.test(text[stop - 1] ?? '')) {
      stop -= 1;
      changed = true;
    }
    const dangling = /\b(?:and|also|but|with|as)$/i.exec(text.slice(start, stop));
    if (dangling) {
      stop -= dangling[0].length;
      changed = true;
    }
  }
  const slice = text.slice(start, stop);
  const opens = (slice.match(/\(/g) ?? []).length;
  const closes = (slice.match(/\)/g) ?? []).length;
  if (closes > opens && slice.endsWith(')')) stop -= 1;
  return stop;
}

export function yearNear(
  text: string,
  mention: VenueMention,
  scopeStart: number,
  scopeEnd: number,
): number | null {
  const after = text.slice(mention.end);
  const attached = attachedYear(after, !/\s/.test(mention.text));
  if (attached) return attached.year;
  // "Fortieth AAAI Conference on Artificial Intelligence (AAAI-26)": the acronym after the name.
  const acronym = /^\s*\(\s*[A-Za-z][\w&+-]*?\s?[-'’]?\s?((?:19|20)\d{2}|\d{2})\s*\)/.exec(after);
  const year = acronym?.[1] ? attachedYear(acronym[1]) : null;
  if (year) return year.year;
  return findYears(text.slice(scopeStart, scopeEnd))[0]?.year ?? null;
}

function knownMentions(text: string, start: number, end: number): VenueMention[] {
  const scope = text.slice(start, end);
  // "ACL Anthology" is where papers are hosted, not a venue.
  return findVenueMentions(scope)
    .filter((mention) => !/^\s*Anthology\b/.test(scope.slice(mention.end)))
    .map((mention) => ({ ...mention, start: mention.start + start, end: mention.end + start }));
}

function fromMention(text: string, mention: VenueMention, scopeStart: number, scopeEnd: number): Found {
  return {
    entry: mention.entry,
    mention,
    venue: mention.entry.name,
    year: yearNear(text, mention, scopeStart, scopeEnd),
    from: mention.start,
    to: mention.end,
  };
}

/** The venue a clause names: a known venue (the host, for a workshop), else the name as written. */
function venueInClause(text: string, start: number, end: number): Found | null {
  const mention = knownMentions(text, start, end)[0];
  if (mention) return fromMention(text, mention, start, end);
  const scope = text.slice(start, end);
  // "published as: Avinash Agarwal, Manisha J. Nene; "Title." Journal, 2025": the journal.
  // The citation runs past the ";" that ends the clause, so it is read from the whole rest.
  const cited = citationVenue(text.slice(start).replace(/^\s*[:\-–—]/, ' '));
  if (cited) {
    const entry = lookupVenue(cited.name);
    const to = start + cited.end;
    return { entry, mention: null, venue: entry?.name ?? cited.name, year: cited.year, from: start, to };
  }
  const found = writtenVenueName(scope);
  // "ICASSP 2025 (accepted on 12.01.2025)": a date after the cue names nothing; look before it.
  const written = found && !isImplausibleVenue(found.name) ? found : null;
  // A workshop the table does not know, held at a conference it does not know either.
  const workshopAt = /workshop/i.test(text.slice(Math.max(0, start - 80), end)) ? workshopHost(scope) : null;
  if (workshopAt) {
    return {
      entry: lookupVenue(workshopAt.venue),
      mention: null,
      venue: workshopAt.venue,
      year: workshopAt.year,
      workshop: written && !/^(?:AI|ML)$/.test(written.name) ? written.name : null,
      from: start + (written?.start ?? 0),
      to: start + workshopAt.end,
    };
  }
  if (!written) return null;
  const known = lookupVenue(written.name);
  return {
    entry: known,
    mention: null,
    venue: known?.name ?? written.name,
    year: written.year ?? findYears(scope)[0]?.year ?? null,
    from: start + written.start,
    to: start + written.end,
  };
}

/** A venue named just before a postfix cue ("TPAMI under review", "INLG 2025 (accepted)"). */
function venueBefore(text: string, before: number, cueStart: number, end: number): Found | null {
  const mention = knownMentions(text, before, cueStart).at(-1);
  if (mention) return fromMention(text, mention, before, end);
  const beforeText = text.slice(before, cueStart);
  const acronym =
    /([A-Z][A-Za-z0-9&+-]*[A-Z][A-Za-z0-9&+-]*)(?:[\s'’-]*(?:(?:19|20)\d{2}|\d{2}))?\s*\(?\s*$/.exec(
      beforeText,
    );
  if (!acronym?.[1]) return null;
  const year = findYears(beforeText.slice(acronym.index))[0]?.year ?? null;
  return { entry: null, mention: null, venue: acronym[1], year, from: before + acronym.index, to: cueStart };
}

/** A scope that only adds a date or a purpose ("in May 2025 for publication", ")"). */
function namesNothing(scope: string): boolean {
  const rest = scope
    .replace(new RegExp(monthPattern.source, 'gi'), ' ')
    .replace(/\b(?:19|20)\d{2}\b|\b\d{1,2}(?:st|nd|rd|th)?\b/g, ' ')
    .replace(
      /\b(?:in|on|at|for|of|the|and|is|its|publication|presentation|final|version|as|a|paper|workshop|conference|proceedings|journal|official)\b/gi,
      ' ',
    )
    .replace(/[\s(),.;:-]+/g, '');
  return rest.length === 0;
}

export function candidatesFromComments(text: string): Candidate[] {
  const boundaries = hardBoundaries(text);
  const cues = findCues(text, boundaries);
  const candidates: Candidate[] = [];
  cues.forEach((cue, index) => {
    const nextBoundary = boundaries.find((position) => position >= cue.end) ?? text.length;
    let end = Math.min(cues[index + 1]?.start ?? text.length, nextBoundary);
    const noise = scopeNoise.exec(text.slice(cue.end, end));
    if (noise) end = cue.end + noise.index;
    const sentenceStart = ([...boundaries].reverse().find((position) => position < cue.start) ?? -1) + 1;
    const before = Math.max(cues[index - 1]?.end ?? 0, sentenceStart);
    const scope = text.slice(cue.end, end);
    // "Submitted to arXiv" and "submitted as partial fulfilment of ..." are not about a venue.
    if (/^\s*(?:error\s+)?(?:as\s+)?(?:the\s+)?arxiv\b/i.test(scope)) return;
    let found = venueInClause(text, cue.end, end);
    if (!found && /^submitted\s+as\b/i.test(cue.text)) return;
    let start = cue.start;
    let status = cue.status;
    let workshop: string | null = found?.workshop ?? null;
    if (!found && before < cue.start) {
      found = venueBefore(text, before, cue.start, end);
      if (found) start = Math.min(start, found.from);
    }
    const previous = candidates[candidates.length - 1];
    // A cue that names nothing continues the statement before it when no sentence ends in between
    // ("submitted to Neural Networks in 2024; and accepted in May 2025"): one statement, later status.
    if (!found && previous?.venue && statusRank[status] > statusRank[previous.status]) {
      const sameSentence = !/\.\s/.test(text.slice(previous.end, cue.start));
      // "Submitted to X. Currently under review": review follows the submission it names.
      const reviewOfSubmission = status === 'under_review' && previous.status === 'submitted';
      if ((sameSentence || reviewOfSubmission) && namesNothing(scope)) {
        const ownYear = findYears(scope)[0]?.year ?? null;
        found = { ...previous, year: ownYear ?? previous.year, from: previous.start, to: previous.end };
        start = previous.start;
        candidates.pop();
      }
    } else if (
      previous &&
      !previous.venue &&
      /^[\s,]*(?:and|as an?|as|,)?[\s,]*$/i.test(text.slice(previous.end, cue.start)) &&
      // "accepted manuscript of the article published as: ..." is two statements.
      text.slice(previous.cueEnd, cue.start).trim().split(/\s+/).length <= 3
    ) {
      // "Accepted as a Spotlight at X", "Accepted for presentation at X": the first cue says what
      // happened, except "accepted and presented at X", which was presented.
      start = Math.min(start, previous.start);
      status =
        previous.status === 'accepted' && /^presented\b/i.test(cue.text) ? 'presented' : previous.status;
      candidates.pop();
    }
    // A workshop named without its host ("accepted at the X Workshop") may have the host earlier
    // in the sentence ("AAAI26, pre-print of paper accepted at the X Workshop").
    if (found && !found.entry && found.venue && /workshop/i.test(found.venue)) {
      const host = knownMentions(text, sentenceStart, cue.start).at(-1);
      if (host) {
        workshop = found.venue;
        found = { ...fromMention(text, host, host.start, end), from: found.from, to: found.to };
        start = Math.min(start, host.start);
      }
    }
    const evidenceEnd = trimEnd(text, start, Math.max(end, found?.to ?? end));
    candidates.push({
      status,
      venue: found?.venue ?? null,
      entry: found?.entry ?? null,
      mention: found?.mention ?? null,
      year: found?.venue ? found.year : null,
      start,
      end: evidenceEnd,
      clause: text.slice(start, Math.max(end, evidenceEnd)),
      workshop,
      cueEnd: cue.end,
    });
  });
  return candidates;
}

/**
 * The statement that counts: one that names a venue over one that does not; acceptance,
 * publication or presentation over submission or review; then the first.
 */
export function bestCandidate(candidates: Candidate[]): Candidate | null {
  const score = (item: Candidate) => (item.venue ? 10 : 0) + (positive(item.status) ? 5 : 0);
  let best: Candidate | null = null;
  for (const candidate of candidates) {
    if (!best || score(candidate) > score(best)) best = candidate;
    // Two statements about one venue ("Submitted to X (under review)"): the later stage.
    else if (score(candidate) === score(best) && candidate.venue === best.venue) {
      if (statusRank[candidate.status] > statusRank[best.status]) best = candidate;
    }
  }
  return best;
}
