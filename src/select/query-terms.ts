/**
 * Reads the phrases out of an arXiv search_query ('ti:multimodal OR abs:"vision-language"'), so the
 * same topic definition drives fetching (arXiv syntax) and ranking/matching (plain phrases).
 */
export function queryPhrases(query: string): string[] {
  const phrases: string[] = [];
  const pattern = /(?:\b(?:ti|abs|all|co|jr|rn|id|au):)?(?:"([^"]+)"|([^\s()"]+))/g;
  for (const match of query.matchAll(pattern)) {
    const whole = match[0];
    if (/^(?:cat|au|id|submittedDate|lastUpdatedDate):/i.test(whole)) continue;
    const phrase = (match[1] ?? match[2] ?? '').trim();
    if (phrase.length === 0 || /^(?:AND|OR|ANDNOT|NOT)$/.test(phrase)) continue;
    if (/^\[|TO$|\]$/.test(phrase)) continue;
    const normalized = phrase.toLowerCase();
    if (!phrases.includes(normalized)) phrases.push(normalized);
  }
  return phrases;
}
