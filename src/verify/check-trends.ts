import type { TrendFact, TrendsSection } from '../core/digest.ts';
import type { CheckFinding, ClaimResult } from './check-paper.ts';

/**
 * Trend claims: every statement carries a figure the build computed (stored with the run), and
 * time words match the span the data covers ("过去几年" / "in recent years" needs several years).
 */

export interface RunFacts {
  trendFacts: TrendFact[];
  history: TrendsSection['history'] | null;
}

/** The months the evidence covers: the run's history, else the months of the post's papers. */
export interface DataSpan {
  fromMonth: string;
  toMonth: string;
  months: number;
  /** Where the span comes from, for reasons ("the stored run", "the post's 34 papers"). */
  source: string;
}

const multiYearWords =
  /过去几年|过去数年|近几年|近年来|近些年|这几年|多年来|历年|逐年|近十年|\b(?:past|last|recent|several|few)\s+(?:few\s+|several\s+)?years\b|\bover the years\b|\bin recent years\b|\bmulti-year\b|\bdecades?\b|\byear[- ]over[- ]year\b/i;
const oneYearWords =
  /过去一年|近一年|同比|\b(?:past|last)\s+year\b|\bannual(?:ly)?\b|\byear[- ]on[- ]year\b/i;
const monthOverMonthWords =
  /环比|较上月|逐月|\bmonth[- ]over[- ]month\b|\bmonthly growth\b|\bsince last month\b/i;

function timeWordFinding(text: string, span: DataSpan | null): CheckFinding | null {
  const rules: [RegExp, number, string][] = [
    [multiYearWords, 24, 'several years'],
    [oneYearWords, 13, 'more than a year'],
    [monthOverMonthWords, 2, 'at least two months'],
  ];
  for (const [pattern, needed, what] of rules) {
    const words = pattern.exec(text)?.[0];
    if (!words) continue;
    if (span && span.months >= needed) return null;
    const covers = span
      ? `${span.source} covers ${span.fromMonth}..${span.toMonth} (${span.months} month${span.months === 1 ? '' : 's'})`
      : 'no data span is known';
    return {
      paperId: null,
      kind: 'trend',
      claim: text,
      reason: `"${words}" needs data over ${what}; ${covers}`,
      severity: 'unsupported',
    };
  }
  return null;
}

/** Numbers a trend text prints, with dates and years left out ("2025年11月", "2025-11"). */
function trendNumbers(text: string): string[] {
  const withoutDates = text
    .replace(/(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月)?/g, ' ')
    .replace(/(?:19|20)\d{2}-\d{2}(?:-\d{2})?/g, ' ')
    .replace(/\b(?:19|20)\d{2}\b/g, ' ')
    // Names, not figures: "v2", "GPT-4", "ML4PS".
    .replace(/[A-Za-z][A-Za-z-]*\d+(?:\.\d+)?[A-Za-z]*/g, ' ');
  return withoutDates.match(/\d+(?:\.\d+)?/g) ?? [];
}

function yearsOutside(text: string, span: DataSpan): number[] {
  const from = Number(span.fromMonth.slice(0, 4));
  const to = Number(span.toMonth.slice(0, 4));
  const years = [...text.matchAll(/(?<![\d.])((?:19|20)\d{2})(?![\d.])/g)].map((match) => Number(match[1]));
  return years.filter((year) => year < from || year > to);
}

function numbersOf(facts: TrendFact[]): Set<number> {
  const numbers = new Set<number>();
  for (const fact of facts) {
    for (const value of Object.values(fact.values)) {
      if (typeof value === 'number') numbers.add(value);
      else for (const token of value.match(/\d+(?:\.\d+)?/g) ?? []) numbers.add(Number(token));
    }
    for (const figure of fact.figures)
      for (const token of figure.match(/\d+(?:\.\d+)?/g) ?? []) numbers.add(Number(token));
  }
  return numbers;
}

/**
 * True when the statement names the subject as a whole word: a topic called "in" (from an input file
 * in.jsonl) is not named by "input" or "in the window".
 */
function namesSubject(lowerStatement: string, subject: string): boolean {
  const wanted = subject.toLowerCase();
  for (let at = lowerStatement.indexOf(wanted); at !== -1; at = lowerStatement.indexOf(wanted, at + 1)) {
    const before = lowerStatement[at - 1] ?? ' ';
    const after = lowerStatement[at + wanted.length] ?? ' ';
    if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) return true;
  }
  return false;
}

/** Checks the trends section: time words against the span, figures against the run's facts. */
export function checkTrends(
  statements: string[],
  lines: string[],
  run: RunFacts | null,
  span: DataSpan | null,
): ClaimResult {
  const findings: CheckFinding[] = [];
  let claims = 0;
  const history = run?.history ?? null;
  const historyNumbers = history ? [history.months, history.days, history.papers] : [];
  for (const text of [...lines, ...statements]) {
    claims += 1;
    const wording = timeWordFinding(text, span);
    if (wording) findings.push(wording);
    const outside = span ? yearsOutside(text, span) : [];
    if (outside.length > 0 && span) {
      findings.push({
        paperId: null,
        kind: 'trend',
        claim: text,
        reason: `names ${outside.join(', ')}, outside the data (${span.fromMonth}..${span.toMonth})`,
        severity: 'unsupported',
      });
    }
  }
  for (const statement of statements) {
    const numbers = trendNumbers(statement);
    if (numbers.length === 0) {
      findings.push({
        paperId: null,
        kind: 'trend',
        claim: statement,
        reason: 'states a trend without the measured figure it rests on',
        severity: 'unsupported',
      });
      continue;
    }
    if (!run) {
      findings.push({
        paperId: null,
        kind: 'trend',
        claim: statement,
        reason: `figures ${[...new Set(numbers)].join(', ')} cannot be checked: no stored run with the build's trend facts`,
        severity: 'unverifiable',
      });
      continue;
    }
    const lower = statement.toLowerCase();
    const named = run.trendFacts.filter((fact) => fact.subject && namesSubject(lower, fact.subject));
    const allowed = numbersOf(named.length > 0 ? named : run.trendFacts);
    for (const number of historyNumbers) allowed.add(number);
    // Digits inside a direction's name ("3D 重建", "方向1") are part of the name, not figures.
    let figuresText = lower;
    for (const fact of named) figuresText = figuresText.split(fact.subject.toLowerCase()).join(' ');
    const unknown = trendNumbers(figuresText).filter(
      (token) => ![...allowed].some((value) => Math.abs(value - Number(token)) < 1e-9),
    );
    if (unknown.length > 0) {
      const computed = [
        ...new Set((named.length > 0 ? named : run.trendFacts).flatMap((fact) => fact.figures)),
      ];
      findings.push({
        paperId: null,
        kind: 'trend',
        claim: statement,
        reason: `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a figure' : 'are not figures'} the build computed (computed: ${computed.slice(0, 8).join(', ') || 'none'})`,
        severity: 'unsupported',
      });
    }
  }
  return { findings, claims };
}
