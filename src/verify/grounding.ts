import type { Paper } from '../core/paper.ts';
import { sentences, withoutInstructions } from '../core/text.ts';
import {
  type CheckFinding,
  checkArxivDate,
  checkAuthor,
  checkNumbers,
  checkVenues,
  isOwnSentenceOf,
} from './check-paper.ts';
import { arxivDateClaim, venueClaims } from './claims.ts';
import { isSupportedNumber, numberClaims, sourceNumbers } from './numbers.ts';
import { findVenueMentions } from './venue-table.ts';

/**
 * The grounding core: is this number / venue / date / author supported by the paper's metadata?
 * The LLM answer check (summarize/output.ts), the build's grounding step (pipeline/grounding.ts)
 * and `check` (verify/check.ts) all ask these functions, so one rule decides everywhere.
 */

export type { CheckFinding } from './check-paper.ts';

/** Numbers of `text` that the paper's title, abstract, comments and journal_ref do not give in any form. */
export function unsupportedNumbers(text: string, paper: Paper): CheckFinding[] {
  return checkNumbers(text, paper).findings;
}

/** Venue, acceptance and arXiv-date claims of `text` that the metadata does not support. */
export function unsupportedVenues(
  text: string,
  paper: Paper,
  options: { summary?: boolean } = {},
): CheckFinding[] {
  const findings = checkVenues(text, paper, options).findings;
  for (const sentence of sentences(text)) {
    const date = arxivDateClaim(sentence);
    if (date) findings.push(...checkArxivDate(date, paper));
  }
  return findings;
}

/** Whether `author` may be named as the paper's first author ("several" = "等人"/"et al."). */
export function unsupportedAuthor(author: string, several: boolean, paper: Paper): CheckFinding[] {
  return checkAuthor(author, several, paper);
}

/** Every unsupported fact of a summary: numbers, venues (a summary may state none), arXiv dates. */
export function unsupportedFacts(text: string, paper: Paper): CheckFinding[] {
  return [...unsupportedVenues(text, paper, { summary: true }), ...unsupportedNumbers(text, paper)];
}

/**
 * Sentences of `text` that speak of a venue: an acceptance or publication statement, or a venue
 * name the paper's own title and abstract do not use ("evaluated on the CVPR 2023 challenge data"
 * is the paper's; "展示于 AAAI 2026" is not). Venues come from the metadata only, so these
 * sentences are dropped from LLM answers before anything is published. Sentences copied from the
 * paper's own text stay.
 */
export function venueSentences(text: string, paper: Paper): string[] {
  const own = `${paper.title}\n${withoutInstructions(paper.abstract ?? '')}`;
  const result: string[] = [];
  for (const sentence of sentences(text)) {
    const claimed = venueClaims(sentence).length > 0 && !isOwnSentenceOf(paper, sentence);
    const named = findVenueMentions(sentence).some((mention) =>
      findVenueMentions(own).every((other) => other.entry.name !== mention.entry.name),
    );
    if (claimed || named) result.push(sentence);
  }
  return result;
}

/** `text` without its venue sentences, and the sentences removed. */
export function withoutVenueSentences(text: string, paper: Paper): { text: string; removed: string[] } {
  const removed = venueSentences(text, paper);
  if (removed.length === 0) return { text, removed };
  const kept = sentences(text).filter((sentence) => !removed.includes(sentence));
  return { text: joinSentences(kept), removed };
}

/** Joins sentences back: Chinese ones touch, English ones take a space. */
export function joinSentences(parts: readonly string[]): string {
  return parts.reduce((joined, part) => {
    if (joined === '') return part;
    return /[。！？]$/.test(joined) ? `${joined}${part}` : `${joined} ${part}`;
  }, '');
}

/** Numbers of `text` that `source` (any text, e.g. a direction's titles and abstracts) does not give. */
export function numbersNotIn(text: string, source: string): string[] {
  const sources = sourceNumbers(source);
  return [
    ...new Set(
      numberClaims(text)
        .filter((claim) => !isSupportedNumber(claim, sources))
        .map((claim) => claim.text),
    ),
  ];
}

/** A venue named or claimed in `text` that `source` does not name, or null. */
export function venueNotIn(text: string, source: string): string | null {
  const claim = venueClaims(text)[0];
  if (claim) return `it states a venue (${claim.venue}), which comes from the metadata only`;
  const named = new Set(findVenueMentions(source).map((mention) => mention.entry.name));
  const mention = findVenueMentions(text).find((other) => !named.has(other.entry.name));
  return mention ? `it names the venue ${mention.text}, which comes from the metadata only` : null;
}
