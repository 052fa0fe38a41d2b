import type { VenueFact, VenueStatus } from '../core/digest.ts';
import { trimEnd, yearNear } from './venue-candidates.ts';
import { isImplausibleVenue, workshopHost } from './venue-guard.ts';
import { findVenueMentions, lookupVenue, type VenueMention } from './venue-table.ts';
import { attachedYear, findYears, writtenVenueName } from './venue-text.ts';
import { type Typed, trackOf, typeOf } from './venue-type.ts';

/**
 * Comments that only name a venue, with no "accepted"/"submitted" cue: "AAAI-26", "CVPR2025
 * (Highlight)", "ECCV 2024 (workshop)", "MIUA 2024", "Journal of Systems and Software, June 2025".
 * A reader takes such a label as the paper's venue, so it counts as accepted when it gives a year
 * (published when it cites a volume, pages or an ISBN). A challenge entry or a template
 * ("NeurIPS style") is not an acceptance.
 */

const leadingNoise =
  /^\s*(?:the\s+)?(?:(?:\d{1,3}(?:st|nd|rd|th)|(?:19|20)\d{2}|annual|fortieth|thirty-\w+|findings of(?: the)?|IEEE|ACM|IEEE\/CVF)\s+)*/i;
const leadingNoiseKeepingOrganisation =
  /^\s*(?:the\s+)?(?:(?:\d{1,3}(?:st|nd|rd|th)|(?:19|20)\d{2}|annual|fortieth|thirty-\w+)\s+)*/i;
const challengeMarker =
  /\b(?:challenge|competition|\d(?:st|nd|rd|th)\s+place|place,|champion|winner|winning|solution|leaderboard)\b/i;
const presentationLabel = /\b(?:oral|spotlight|poster|highlight(?:ed)?)\b/i;
const printMarker =
  /\bISBN\b|\bISSN\b|\bVol(?:ume)?\.?\s*\d|\bpp\.?\s*\d|\bLN(?:AI|CS|BI|NNS|ICST)\s*\d|\bProceedings?\b/;
const monthYear =
  /\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?:\d{1,2}(?:\s*[-–]\s*\d{1,2})?,?\s+)?((?:19|20)\d{2})\b/i;
const venueKeyword = /\b(?:Conference|Symposium|Workshop|Congress|Meeting|Journal|Transactions|Letters)\b/;
const connector = /^(?:of|on|and|for|in|the|&|with|to|at|-|–|:)$/;

function bareStatus(text: string, segment: string, year: number | null): VenueStatus | null {
  if (challengeMarker.test(text)) return null;
  if (presentationLabel.test(segment)) return 'accepted';
  if (year === null) return null;
  return printMarker.test(text) ? 'published' : 'accepted';
}

/** "Journal of Systems and Software", "6th International Conference on X (NLCAI 2025)", "MIUA 2024". */
function looksLikeVenueName(segment: string): boolean {
  const beforeParenthesis = segment.split('(')[0] ?? '';
  const words = beforeParenthesis.trim().split(/\s+/).filter(Boolean);
  const titleCase = words.every((word) => /^[A-Z0-9"“]/.test(word) || connector.test(word));
  if (titleCase && venueKeyword.test(beforeParenthesis)) return true;
  return /^\s*(?:(?:IEEE|ACM|ISCA|IFIP|EAI|SPIE)\s+)?[A-Z][A-Za-z0-9&+-]*[A-Z][A-Za-z0-9&+-]*[\s'’-]*(?:(?:19|20)\d{2}|\d{2})\s*$/.test(
    segment,
  );
}

interface Segment {
  text: string;
  start: number;
}

function segmentsOf(text: string): Segment[] {
  const segments: Segment[] = [];
  let offset = 0;
  // ": " after a number too: "Series: Frontiers in AI and Applications, Volume 413: ECAI 2025".
  for (const part of text.split(/([,;|[\]]|\.\s|(?<=\d):\s)/)) {
    segments.push({ text: part, start: offset });
    offset += part.length;
  }
  return segments;
}

/**
 * The venue a mention-led segment names ("ML4PS NeurIPS 2025" is a workshop of NeurIPS). `rest`
 * runs from the segment to the end of the text, so a name with commas ("Acoustics, Speech, and
 * Signal Processing") is read whole.
 */
function mentionIn(rest: string, segmentLength: number, anywhere: boolean) {
  const mentions = findVenueMentions(rest).filter((found) => found.start < segmentLength);
  const first = mentions.find((found) => found.start === 0 || (anywhere && found.end <= segmentLength));
  if (first) return { mention: first, workshop: null };
  const led = /^([A-Z][A-Za-z0-9&+*-]*[A-Z0-9][A-Za-z0-9&+*-]*)\s+/.exec(rest);
  const hosted = led ? mentions.find((found) => found.start === led[0].length) : undefined;
  if (led?.[1] && hosted && !/^(?:IEEE|ACM|CVF|ISCA)$/.test(led[1]) && attachedYear(rest.slice(hosted.end)))
    return { mention: hosted, workshop: led[1] };
  return null;
}

export function bareVenueLabel(text: string): VenueFact | null {
  const challenge = challengeMarker.test(text);
  // "..., December 2025" or "(CAMSAP), 2025": a date or a lone year elsewhere in the label.
  const fallbackYear =
    monthYear.exec(text)?.[1] ?? /(?:^|[,;]\s*|\.\s+)((?:19|20)\d{2})\s*(?:$|[,;.])/.exec(text)?.[1];
  for (const { text: segment, start } of segmentsOf(text)) {
    // "NeurIPS 2024 style" is a template, not a venue.
    if (/\b(?:style|template|format(?:ting)?)\b/i.test(segment)) continue;
    const isWorkshop = /\bworkshop\b/i.test(segment) && segment.trim().split(/\s+/).length <= 16;
    // "ACM MM 2025" is read with its prefix; "2025 IEEE/CVF Conference on ..." without the noise.
    const plainLead = segment.length - segment.trimStart().length;
    const plain = mentionIn(
      text.slice(start + plainLead),
      segment.length - plainLead,
      isWorkshop || challenge,
    );
    const trimmed = plain ? segment.trimStart() : segment.replace(leadingNoise, '');
    const lead = segment.length - trimmed.length;
    const found = plain ?? mentionIn(text.slice(start + lead), trimmed.length, isWorkshop || challenge);
    const host = found
      ? null
      : isWorkshop
        ? /\b(?:at|@)\s*([A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*)\b/.exec(trimmed)
        : null;
    const evidenceStart = start + lead;
    const evidence = text.slice(evidenceStart, trimEnd(text, evidenceStart, start + segment.length)).trim();
    if (found) {
      const { mention } = found;
      const absolute: VenueMention = {
        ...mention,
        start: mention.start + evidenceStart,
        end: mention.end + evidenceStart,
      };
      const typed: Typed = {
        entry: mention.entry,
        venue: mention.entry.name,
        clause: segment,
        mention: absolute,
        workshop: found.workshop,
      };
      const type = typeOf(typed);
      const year =
        yearNear(text, absolute, start, start + segment.length) ??
        (fallbackYear ? Number(fallbackYear) : null);
      const status = bareStatus(text, segment, year);
      return { venue: mention.entry.name, year, status, type, track: trackOf(type, typed), evidence };
    }
    if (host?.[1]) {
      const year = attachedYear(trimmed.slice(host.index + host[0].length))?.year ?? null;
      const status = bareStatus(text, segment, year);
      return { venue: host[1], year, status, type: 'workshop', track: null, evidence };
    }
    // "26th International Workshop on Configuration (ConfWS 2024)", "MIUA 2024".
    // Unknown names keep their organisation ("IEEE AIxB 2025", "ACM Transactions on Graphics").
    const named = segment.replace(leadingNoiseKeepingOrganisation, '');
    const written = writtenVenueName(named);
    if (!written || isImplausibleVenue(written.name)) continue;
    if (!isWorkshop && !looksLikeVenueName(named)) continue;
    // "The Fourth Workshop on ..., AMAI 2025, Held in Conjunction with MICCAI 2025": the host.
    const hostAfter = isWorkshop ? workshopHost(text, start + segment.length) : null;
    if (hostAfter) {
      const status = bareStatus(text, segment, hostAfter.year);
      const entry = lookupVenue(hostAfter.venue);
      return {
        venue: entry?.name ?? hostAfter.venue,
        year: hostAfter.year,
        status,
        type: 'workshop',
        track: written.name,
        evidence: text.slice(evidenceStart, hostAfter.end).trim(),
      };
    }
    const year = written.year ?? findYears(segment)[0]?.year ?? (fallbackYear ? Number(fallbackYear) : null);
    const typed: Typed = { entry: null, venue: written.name, clause: segment, mention: null };
    return {
      venue: written.name,
      year,
      status: bareStatus(text, segment, year),
      type: isWorkshop ? 'workshop' : typeOf(typed),
      track: null,
      evidence: segment.trim(),
    };
  }
  return null;
}
