/**
 * arXiv identifiers in both schemes:
 *  - new (since 2007-04): YYMM.NNNN (to 2014-12) or YYMM.NNNNN, e.g. 2511.21691
 *  - old: archive[.subject-class]/YYMMNNN, e.g. hep-th/9901001, math.AG/0309136
 * Either may carry a version suffix (v2) and may be written as a URL or with an "arXiv:" prefix.
 */

export interface ArxivId {
  /** The identifier without version, e.g. "2511.21691" or "hep-th/9901001". */
  id: string;
  /** The version number when the text carried one (v2 -> 2), else null. */
  version: number | null;
}

const newScheme = /^(\d{4})\.(\d{4,5})(?:v(\d+))?$/;
const oldScheme = /^([a-z-]+(?:\.[A-Za-z-]+)?)\/(\d{7})(?:v(\d+))?$/;

/** Parses an id, a versioned id, an "arXiv:" id or an arxiv.org abs/pdf URL. Returns null when invalid. */
export function parseArxivId(text: string): ArxivId | null {
  let value = text.trim();
  value = value.replace(/^https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf)\//i, '');
  value = value.replace(/^oai:arXiv\.org:/i, '');
  value = value.replace(/^arxiv:/i, '');
  value = value.replace(/\.pdf$/i, '');
  const modern = newScheme.exec(value);
  if (modern) {
    const month = Number(modern[1]?.slice(2));
    if (month < 1 || month > 12) return null;
    // Five-digit numbers only exist from 1501 on; four-digit ones only before.
    const yymm = Number(modern[1]);
    const digits = modern[2]?.length ?? 0;
    if ((yymm >= 1501 && digits !== 5) || (yymm < 1501 && digits !== 4)) return null;
    return { id: `${modern[1]}.${modern[2]}`, version: modern[3] ? Number(modern[3]) : null };
  }
  const legacy = oldScheme.exec(value);
  if (legacy) {
    const month = Number(legacy[2]?.slice(2, 4));
    if (month < 1 || month > 12) return null;
    return { id: `${legacy[1]}/${legacy[2]}`, version: legacy[3] ? Number(legacy[3]) : null };
  }
  return null;
}

export function isArxivId(text: string): boolean {
  const parsed = parseArxivId(text);
  return parsed !== null && parsed.version === null && parsed.id === text;
}

/** The month the paper's first version was submitted, from the id alone: "2511.21691" -> "2025-11". */
export function monthOfId(id: string): string | null {
  const parsed = parseArxivId(id);
  if (!parsed) return null;
  const digits = parsed.id.includes('/') ? parsed.id.split('/')[1]?.slice(0, 4) : parsed.id.slice(0, 4);
  if (!digits) return null;
  const yy = Number(digits.slice(0, 2));
  // Old-scheme ids start in 1991; new-scheme ids in 2007.
  const year = parsed.id.includes('/') ? (yy >= 91 ? 1900 + yy : 2000 + yy) : 2000 + yy;
  return `${year}-${digits.slice(2, 4)}`;
}

/** The canonical abstract-page link, https and no stray characters: https://arxiv.org/abs/2511.21691v1 */
export function absUrl(id: string, version?: number | null): string {
  return `https://arxiv.org/abs/${id}${version ? `v${version}` : ''}`;
}
