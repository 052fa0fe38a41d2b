import type { Paper } from '../core/paper.ts';
import { matchingAuthor, mentionsKeyword } from '../select/preferences.ts';
import type { CheckFinding, ClaimResult } from './check-paper.ts';

/**
 * The "★ …" line under a paper says why it matches the reader's preferences (src/render/labels.ts
 * writes it). Its author and keyword claims are facts about the paper and are checked with the
 * same matchers selection used; a library similarity is a fact about the reader's own file, which
 * the post names, so it is counted but cannot be checked against arXiv metadata.
 */

const patterns = {
  author: [/^★ 作者 (.+)$/, /^★ author (.+)$/],
  keyword: [/^★ 关键词：(.+)$/, /^★ keyword: (.+)$/],
  library: [
    /^★ 与你文献库中的《.+》相似（\d(?:\.\d+)?）$/,
    /^★ similar to '.+' in your library \(\d(?:\.\d+)?\)$/,
  ],
} as const;

function firstMatch(list: readonly RegExp[], text: string): string | null {
  for (const pattern of list) {
    const match = pattern.exec(text);
    if (match) return match[1] ?? match[0];
  }
  return null;
}

export function checkPreference(line: string, paper: Paper): ClaimResult {
  const findings: CheckFinding[] = [];
  // Reasons are joined with " · "; a new one starts at the next star.
  const reasons = line.split(/\s*·\s*(?=★)/).map((part) => part.trim());
  for (const reason of reasons) {
    const author = firstMatch(patterns.author, reason);
    if (author !== null) {
      if (!matchingAuthor(paper, author)) {
        findings.push({
          paperId: paper.id,
          kind: 'author',
          claim: reason,
          reason: `${author} is not among the paper's authors (${paper.authors.join(', ')})`,
          severity: 'unsupported',
        });
      }
      continue;
    }
    const keyword = firstMatch(patterns.keyword, reason);
    if (keyword !== null) {
      if (!mentionsKeyword(paper, keyword)) {
        findings.push({
          paperId: paper.id,
          kind: 'preference',
          claim: reason,
          reason: `the title and abstract do not mention "${keyword}"`,
          severity: 'unsupported',
        });
      }
      continue;
    }
    if (firstMatch(patterns.library, reason) !== null) continue;
    findings.push({
      paperId: paper.id,
      kind: 'preference',
      claim: reason,
      reason: 'not a preference reason arxiv-digest writes (author, keyword or library similarity)',
      severity: 'unverifiable',
    });
  }
  return { findings, claims: reasons.length };
}
