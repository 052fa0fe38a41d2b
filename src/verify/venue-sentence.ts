import type { Language, VenueFact } from '../core/digest.ts';

/**
 * The only way a post states a venue: one sentence built from an extracted VenueFact. Returns null
 * when the fact names no venue or no status (then the post says nothing about venues).
 */
export function venueSentence(fact: VenueFact | null, language: Language): string | null {
  if (!fact?.venue || !fact.status) return null;
  const name = fact.year ? `${fact.venue} ${fact.year}` : fact.venue;
  const where = fact.type === 'workshop' ? workshopName(fact, name, language) : name;
  const track = fact.track && fact.type !== 'workshop' ? fact.track : null;
  if (language === 'zh') {
    const suffix = track ? `（${track}）` : '';
    switch (fact.status) {
      case 'accepted':
        return `该成果已被 ${where} 接收${suffix}。`;
      case 'published':
        return `该成果已发表于 ${where}${suffix}。`;
      case 'presented':
        return `该成果已在 ${where} 上报告${suffix}。`;
      case 'submitted':
        return `该成果已投稿至 ${where}（尚未录用）。`;
      case 'under_review':
        return `该成果正在 ${where} 审稿中（尚未录用）。`;
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

function workshopName(fact: VenueFact, venueAndYear: string, language: Language): string {
  const workshop = fact.track ? fact.track.replace(/\s*workshop\s*/i, '').trim() : '';
  if (language === 'zh') return workshop ? `${venueAndYear} 的 ${workshop} 研讨会` : `${venueAndYear} 研讨会`;
  return workshop ? `the ${workshop} workshop at ${venueAndYear}` : `a workshop at ${venueAndYear}`;
}

/** A short label for lists (directions section): "NeurIPS 2025", "ICML 2025 workshop", or null. */
export function venueLabel(fact: VenueFact | null, language: Language): string | null {
  if (!fact?.venue || !fact.status) return null;
  if (fact.status === 'submitted' || fact.status === 'under_review') return null;
  const name = fact.year ? `${fact.venue} ${fact.year}` : fact.venue;
  if (fact.type === 'workshop') return language === 'zh' ? `${name} 研讨会` : `${name} workshop`;
  return name;
}
