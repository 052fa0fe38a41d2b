import { absUrl, parseArxivId } from '../core/arxiv-id.ts';
import { monthRange } from '../core/dates.ts';
import type { Language } from '../core/digest.ts';
import type { Paper } from '../core/paper.ts';
import {
  type CheckFinding,
  checkArxivDate,
  checkAuthor,
  checkNumbers,
  checkVenueClaim,
  checkVenues,
  firstVersionMonth,
} from './check-paper.ts';
import { checkPreference } from './check-preference.ts';
import { checkTrends, type DataSpan, type RunFacts } from './check-trends.ts';
import { arxivDateClaim, venueClaims } from './claims.ts';
import { unsupportedFacts } from './grounding.ts';
import { type MarkdownLink, type ParsedPost, parsePost } from './post.ts';

export type { CheckFinding } from './check-paper.ts';
export type { RunFacts } from './check-trends.ts';

/**
 * The claim checker: reads a post, finds each paper paragraph by its arXiv link and checks every
 * claim against the paper's metadata (venues, numbers, links, first author, representatives,
 * arXiv dates), and the trends section against the facts the build stored with the run.
 */

export interface CheckReport {
  papersChecked: number;
  claimsChecked: number;
  unsupported: CheckFinding[];
  unverifiable: CheckFinding[];
  ok: boolean;
}

export interface CheckPostInput {
  markdown: string;
  papers: Map<string, Paper>;
  run?: RunFacts | null;
}

/** What is wrong with an arXiv link's destination, or null when it is canonical. */
function linkDefect(url: string): string | null {
  const parsed = /^https:\/\/arxiv\.org\/abs\//.test(url) ? parseArxivId(url) : null;
  if (parsed && url === absUrl(parsed.id, parsed.version)) return null;
  const problems: string[] = [];
  if (/^\s|\s$/.test(url)) problems.push(`stray whitespace${/\s$/.test(url) ? " before ')'" : ''}`);
  if (/^http:\/\//i.test(url.trim())) problems.push('http:// instead of https://');
  if (/\/pdf\//i.test(url)) problems.push('a PDF link, not the abstract page');
  if (/^https?:\/\/(?:www\.|export\.)/i.test(url.trim())) problems.push('a mirror host, not arxiv.org');
  if (problems.length === 0) problems.push('not of the form https://arxiv.org/abs/<id>[vN]');
  return problems.join(', ');
}

function idOfLink(link: MarkdownLink): string | null {
  return parseArxivId(link.url.trim().replace(/[)>\].,;:]+$/, ''))?.id ?? null;
}

/** The months the post's papers cover (used for time words when no run is stored). */
function spanOfPapers(papers: Paper[]): DataSpan | null {
  const months = papers
    .map(firstVersionMonth)
    .filter((month): month is string => month !== null)
    .sort();
  const fromMonth = months[0];
  const toMonth = months.at(-1);
  if (!fromMonth || !toMonth) return null;
  const source = `the post's ${papers.length} paper${papers.length === 1 ? '' : 's'} (first versions)`;
  return { fromMonth, toMonth, months: monthRange(fromMonth, toMonth).length, source };
}

function checkLinks(
  post: ParsedPost,
  papers: Map<string, Paper>,
): { findings: CheckFinding[]; claims: number } {
  const findings: CheckFinding[] = [];
  const reported = new Set<string>();
  let claims = 0;
  for (const link of post.links) {
    if (!/arxiv\.org/i.test(link.url)) continue;
    claims += 1;
    const id = idOfLink(link);
    const defect = linkDefect(link.url);
    // One finding per paper and defect: every link of the seed post has the same two defects.
    const key = `${id ?? link.url}|${defect}`;
    if (defect && !reported.has(key)) {
      reported.add(key);
      const count = post.links.filter(
        (other) => idOfLink(other) === id && linkDefect(other.url) === defect,
      ).length;
      findings.push({
        paperId: id,
        kind: 'link',
        claim: `(${link.url})`,
        reason: `${defect}${count > 1 ? ` (${count} links to this paper)` : ''}`,
        severity: 'unsupported',
      });
    }
    if (!id) {
      if (!defect) continue;
    } else if (!papers.has(id) && !reported.has(`missing|${id}`)) {
      reported.add(`missing|${id}`);
      findings.push({
        paperId: id,
        kind: 'link',
        claim: `(${link.url.trim()})`,
        reason: 'no metadata for this paper (not in the papers given); its claims are not checked',
        severity: 'unverifiable',
      });
    }
  }
  return { findings, claims };
}

/** Checks every claim of a post against the papers' metadata and the run's trend facts. */
export function checkPost(input: CheckPostInput): CheckReport {
  const post = parsePost(input.markdown);
  const findings: CheckFinding[] = [];
  let claimsChecked = 0;
  const add = (result: { findings: CheckFinding[]; claims: number }) => {
    findings.push(...result.findings);
    claimsChecked += result.claims;
  };
  add(checkLinks(post, input.papers));
  const postIds = new Set<string>();
  const postPapers: Paper[] = [];
  for (const paragraph of post.paragraphs) {
    const id = idOfLink(paragraph.link);
    if (!id) continue;
    postIds.add(id);
    const paper = input.papers.get(id);
    if (!paper) continue;
    postPapers.push(paper);
    if (paragraph.author) {
      claimsChecked += 1;
      findings.push(...checkAuthor(paragraph.author, paragraph.severalAuthors, paper));
    }
    add(checkVenues(paragraph.summary, paper));
    add(checkNumbers(paragraph.summary, paper));
    if (paragraph.preference) add(checkPreference(paragraph.preference, paper));
  }
  for (const representative of post.representatives) {
    const id = idOfLink(representative.link);
    if (!id) continue;
    claimsChecked += 1;
    if (!postIds.has(id)) {
      findings.push({
        paperId: id,
        kind: 'representative',
        claim: representative.link.text,
        reason: 'listed as a representative paper but not a paper of this post',
        severity: 'unsupported',
      });
    }
    const paper = input.papers.get(id);
    if (!paper || !representative.note) continue;
    for (const part of representative.note.split('|').map((piece) => piece.trim())) {
      const date = arxivDateClaim(part);
      if (date) {
        claimsChecked += 1;
        findings.push(...checkArxivDate(date, paper));
        continue;
      }
      // A venue label ("NeurIPS 2025", "ICML 2025 workshop") says the paper was accepted there.
      for (const claim of venueClaims(
        /接收|发表|录用|accepted|published|presented/i.test(part) ? part : `accepted at ${part}`,
      )) {
        claimsChecked += 1;
        findings.push(
          ...checkVenueClaim({ ...claim, text: part, status: claim.status ?? 'positive' }, paper),
        );
      }
    }
  }
  const span = input.run?.history
    ? {
        fromMonth: input.run.history.fromMonth,
        toMonth: input.run.history.toMonth,
        months: input.run.history.months,
        source: 'the stored run',
      }
    : spanOfPapers(postPapers);
  add(checkTrends(post.trendStatements, post.trendLines, input.run ?? null, span));
  const unsupported = findings.filter((finding) => finding.severity === 'unsupported');
  const unverifiable = findings.filter((finding) => finding.severity === 'unverifiable');
  return {
    papersChecked: postPapers.length,
    claimsChecked,
    unsupported,
    unverifiable,
    ok: unsupported.length === 0,
  };
}

/**
 * The venue and number claims of one summary, for the LLM re-ask loop. A summary may not state a
 * venue at all (the post adds the venue sentence from the metadata), so even a true venue is a
 * finding, unless the sentence is copied from the paper's own abstract or comments.
 */
export function checkSummary(input: { text: string; paper: Paper; language: Language }): CheckFinding[] {
  return unsupportedFacts(input.text, input.paper);
}
