import type { Language, VenueFact } from '../core/digest.ts';
import { lookupVenue } from './venue-table.ts';

/**
 * The only way a post states a venue: one sentence built from an extracted VenueFact. Returns null
 * when the fact names no venue or no status (then the post says nothing about venues).
 */
export function venueSentence(fact: VenueFact | null, language: Language): string | null {
  if (!fact?.venue || !fact.status) return null;
  const where = placeName(fact, language);
  const track = fact.track && fact.type !== 'workshop' ? fact.track : null;
  if (language === 'zh') {
    const suffix = track ? `（${track}）` : '';
    switch (fact.status) {
      case 'accepted':
        return `该成果已被${spaced(where, '接收')}接收${suffix}。`;
      case 'published':
        return `该成果已发表于${spaced(where, suffix)}${suffix}。`;
      case 'presented':
        return `该成果已在${spaced(where, '上')}上报告${suffix}。`;
      case 'submitted':
        return `该成果已投稿至${spaced(where, '（')}（尚未录用）。`;
      case 'under_review':
        return `该成果正在${spaced(where, '审')}审稿中（尚未录用）。`;
    }
  }
  const suffix = track ? ` (${track})` : '';
  switch (fact.status) {
    case 'accepted':
      return `Accepted at ${where}${suffix}.`;
    case 'published':
      return `Published in ${where}${suffix}.`;
    case 'presented':
      return `Presented at ${where}${suffix}.`;
    case 'submitted':
      return `Submitted to ${where} (not yet accepted).`;
    case 'under_review':
      return `Under review at ${where} (not yet accepted).`;
  }
}

/**
 * Chinese text takes a space between Latin letters or digits and Chinese characters only
 * ("已被 AAAI 2026 接收", "研讨会接收", "发表于 TMLR。").
 */
function spaced(name: string, next: string): string {
  const left = /^[A-Za-z0-9]/.test(name) ? ' ' : '';
  const right = /[A-Za-z0-9]$/.test(name) && /^[\u3400-\u9fff]/.test(next) ? ' ' : '';
  return `${left}${name}${right}`;
}

function nameAndYear(fact: VenueFact): string {
  return fact.year ? `${fact.venue} ${fact.year}` : (fact.venue ?? '');
}

/** The workshop's own name without the word "workshop" ("NewInML", "Neural Fields Beyond ..."). */
function workshopCore(track: string): string {
  return track
    .replace(/^\s*(?:the\s+)?workshop\s+on\s+/i, '')
    .replace(/\s*\bworkshop\b\s*/gi, ' ')
    .trim();
}

function placeName(fact: VenueFact, language: Language): string {
  const name = nameAndYear(fact);
  if (fact.type !== 'workshop') return name;
  // A workshop named without a known host ("EXTRAAMAS 2025") is the venue itself.
  if (/workshop|研讨会/i.test(fact.venue ?? ''))
    return language === 'en' && /^workshop\b/i.test(name) ? `the ${name}` : name;
  // A host the table does not know is still a host when the workshop was named ("AI4DF" at ACM ICAIF).
  const hosted = lookupVenue(fact.venue ?? '') !== null || fact.track !== null;
  const core = fact.track ? workshopCore(fact.track) : '';
  if (language === 'zh') {
    if (!hosted) return `${name} 研讨会`;
    return core ? `${name} 的 ${core} 研讨会` : `${name} 的研讨会`;
  }
  if (!hosted) return `the ${name} workshop`;
  return core ? `the ${core} workshop at ${name}` : `a workshop at ${name}`;
}

/** A short label for lists (directions section): "NeurIPS 2025", "ICML 2025 workshop", or null. */
export function venueLabel(fact: VenueFact | null, language: Language): string | null {
  if (!fact?.venue || !fact.status) return null;
  if (fact.status === 'submitted' || fact.status === 'under_review') return null;
  const name = nameAndYear(fact);
  if (fact.type === 'workshop' && !/workshop/i.test(fact.venue)) {
    return language === 'zh' ? `${name} 研讨会` : `${name} workshop`;
  }
  return name;
}
