import { sentences } from '../core/text.ts';
import { findVenueMentions, lookupVenue } from './venue-table.ts';
import { attachedYear, writtenVenueName } from './venue-text.ts';

/**
 * Venue and date claims in post text, Chinese or English: "该成果已被 AAAI 2026 接收（Oral）",
 * "该成果于2024年9月发表于 IEEE INFOCOM", "Accepted at AAAI 2026 (Oral).", "(arXiv, November 2025)".
 */

export type ClaimedStatus = 'positive' | 'submitted' | 'under_review' | null;

export interface VenueClaim {
  /** The sentence the claim is in, as written. */
  text: string;
  /** Canonical name when the table knows it, else the name as written. */
  venue: string;
  known: boolean;
  year: number | null;
  month: number | null;
  status: ClaimedStatus;
  /** Oral / Spotlight / Poster / Findings when the sentence says so. */
  track: string | null;
  workshop: boolean;
}

export interface ArxivDateClaim {
  text: string;
  year: number;
  month: number | null;
}

const zhPositive = /接收|录用|接受|收录|发表|刊登|出版|报告|展示|亮相|入选/;
const zhSubmitted = /投稿|提交至|提交到|已提交/;
const zhReview = /审稿|在审|评审中|审查中/;
const enPositive =
  /\b(?:accepted|published|to appear|appears? (?:in|at)|appeared|presented|in press|camera[- ]ready|proceedings of|oral (?:at|in)|spotlight (?:at|in))\b/i;
const enSubmitted = /\bsubmitted\b|\bsubmission\b/i;
const enReview = /\bunder[\s-]?review\b/i;

const enMonths = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function statusOf(text: string): ClaimedStatus {
  // "(not yet accepted)" / "（尚未录用）" deny acceptance; they are not a claim of it.
  const sentence = text.replace(
    /\(?\s*not\s+(?:yet\s+)?accepted\s*\)?|（?\s*(?:尚未|未被?)(?:录用|接收)\s*）?/gi,
    ' ',
  );
  if (zhReview.test(sentence) || enReview.test(sentence)) return 'under_review';
  if (zhSubmitted.test(sentence) || (enSubmitted.test(sentence) && !enPositive.test(sentence)))
    return 'submitted';
  if (zhPositive.test(sentence) || enPositive.test(sentence)) return 'positive';
  return null;
}

function trackOf(sentence: string): string | null {
  if (/口头报告|口头|\boral\b/i.test(sentence)) return 'Oral';
  if (/亮点|\bspotlight\b/i.test(sentence)) return 'Spotlight';
  if (/海报|\bposter\b/i.test(sentence)) return 'Poster';
  if (/\bfindings\b/i.test(sentence)) return 'Findings';
  return null;
}

function monthOf(sentence: string): number | null {
  const zh = /(?:19|20)\d{2}\s*年\s*(\d{1,2})\s*月/.exec(sentence);
  if (zh?.[1]) return Number(zh[1]);
  const en = new RegExp(`\\b(${enMonths.join('|')})\\b`, 'i').exec(sentence);
  return en?.[1] ? enMonths.indexOf(en[1].toLowerCase()) + 1 : null;
}

function yearOf(sentence: string, afterVenue: string): number | null {
  const attached = attachedYear(afterVenue);
  if (attached) return attached.year;
  const zh = /((?:19|20)\d{2})\s*年/.exec(sentence);
  if (zh?.[1]) return Number(zh[1]);
  const any = /(?<![\d.])((?:19|20)\d{2})(?![\d.])/.exec(sentence);
  return any?.[1] ? Number(any[1]) : null;
}

/** A venue named after a Chinese or English cue when the table does not know it ("发表于IEEE SPICSCON会议"). */
function writtenAfterCue(sentence: string): string | null {
  const zh =
    /(?:发表于|发表在|刊登于|收录于|被|已被|投稿至|提交至|正在|已在|将于)\s*[《“"]?([A-Za-z][^，。；、》”"（(]*?)[》”"]?\s*(?:会议|期刊|杂志|上|接收|录用|收录|进行|审稿|的|[，。；（(]|$)/.exec(
      sentence,
    );
  const zhName = zh?.[1]?.replace(/\s*(?:19|20)\d{2}\s*(?:年)?$/, '').trim();
  if (zhName && zhName.length >= 2 && /[A-Za-z]/.test(zhName)) return zhName;
  const en =
    /\b(?:accepted|published|presented|submitted|appears?|appeared|under review)\s+(?:as\s+(?:an?\s+)?(?:\w+\s+){0,2}?)?(?:at|in|to|by|for)\s+(.*)$/i.exec(
      sentence,
    );
  const name = en?.[1] ? writtenVenueName(en[1])?.name : null;
  return name && /[A-Za-z]/.test(name) ? name : null;
}

/** The venue claims of a text (each sentence with a venue and a publication cue). */
export function venueClaims(text: string): VenueClaim[] {
  const claims: VenueClaim[] = [];
  for (const sentence of sentences(text)) {
    const status = statusOf(sentence);
    const mentions = findVenueMentions(sentence).filter(
      (mention) => !/^\s*Anthology\b/.test(sentence.slice(mention.end)),
    );
    const mention = mentions[0];
    // A venue name alone ("evaluated on the CVPR 2023 challenge data") is not a claim.
    if (!status && !/会议|期刊/.test(sentence)) continue;
    let venue: string | null = null;
    let known = false;
    let afterVenue = '';
    if (mention) {
      venue = mention.entry.name;
      known = true;
      afterVenue = sentence.slice(mention.end);
    } else {
      const written = writtenAfterCue(sentence);
      if (!written || /^arxiv\b/i.test(written)) continue;
      const entry = lookupVenue(written);
      venue = entry?.name ?? written;
      known = entry !== null;
      afterVenue = sentence.slice(sentence.indexOf(written) + written.length);
    }
    claims.push({
      text: sentence,
      venue,
      known,
      year: yearOf(sentence, afterVenue),
      month: monthOf(sentence),
      status,
      track: trackOf(sentence),
      workshop: /workshop|研讨会|工作坊/i.test(sentence),
    });
  }
  return claims;
}

/** "2025年11月发表于arXiv", "arXiv, November 2025": the month a text says the paper appeared on arXiv. */
export function arxivDateClaim(text: string): ArxivDateClaim | null {
  if (!/arxiv/i.test(text)) return null;
  const zh = /((?:19|20)\d{2})\s*年\s*(?:(\d{1,2})\s*月)?\s*(?:发表|发布|提交|上传)?于?\s*arxiv/i.exec(text);
  if (zh?.[1]) return { text: zh[0], year: Number(zh[1]), month: zh[2] ? Number(zh[2]) : null };
  const en = new RegExp(`arxiv,?\\s*(?:(${enMonths.join('|')})\\s+)?((?:19|20)\\d{2})`, 'i').exec(text);
  if (en?.[2]) {
    return {
      text: en[0],
      year: Number(en[2]),
      month: en[1] ? enMonths.indexOf(en[1].toLowerCase()) + 1 : null,
    };
  }
  return null;
}
