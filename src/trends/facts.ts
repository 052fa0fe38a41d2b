import { type DateWindow, daysBetween, monthRange } from '../core/dates.ts';
import type { Direction, MonthlyCount, TrendFact, TrendsSection, VersionPolicy } from '../core/digest.ts';

/**
 * Trend facts are measured, never invented: shares of this digest, shares of the stored history per
 * month, growth between covered months, and the change against the previous digest. Each fact
 * lists the exact figure strings a statement may print, so `check` can hold statements to them.
 */

export interface PreviousDigest {
  window: DateWindow;
  directions: { name: string; paperIds: string[]; share: number; keywords: string[] }[];
  /**
   * Content similarity of each current direction (rows) to each previous one (columns), from
   * directionSimilarity; it adds to matching by shared keywords and papers.
   */
  similarity?: number[][];
}

/** A current direction continues a previous one when their papers' content is at least this alike. */
export const sameDirectionSimilarity = 0.2;

export interface TrendInputs {
  topicName: string;
  window: DateWindow;
  directions: Direction[];
  totalPapers: number;
  replacedCount: number;
  versionPolicy: VersionPolicy;
  /** Store counts per month: every paper, papers matching the topic, and per direction (topic-matching). */
  monthly: { all: MonthlyCount[]; topic: MonthlyCount[]; directions: MonthlyCount[][] };
  previous: PreviousDigest | null;
  /**
   * On how many days the store's papers of these months fall: the span the history really covers
   * (a month holding one week of listings is 7 days of data, not 30). Absent: the months' calendar days.
   */
  storedDays?: (months: string[]) => number;
  /** A month counts as covered by the store when it holds at least this many papers. */
  minPapersPerMonth?: number;
}

export const percent = (value: number): string => `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
export const ratioFigure = (value: number): string => `${(Math.round(value * 10) / 10).toFixed(1)}x`;

const countsByMonth = (counts: MonthlyCount[]): Map<string, number> =>
  new Map(counts.map((entry) => [entry.month, entry.count]));

export interface MeasuredTrends {
  section: Omit<TrendsSection, 'statements'>;
  coveredMonths: string[];
}

export function measureTrends(inputs: TrendInputs): MeasuredTrends {
  const minimum = inputs.minPapersPerMonth ?? 30;
  const all = countsByMonth(inputs.monthly.all);
  // Every period compared ends at or before the window's end: months after it are the window's
  // future (the store may hold them when a past window is rebuilt) and never enter a trend.
  const lastWindowMonth = inputs.window.to.slice(0, 7);
  const coveredMonths = [...all.entries()]
    .filter(([month, count]) => count >= minimum && month <= lastWindowMonth)
    .map(([month]) => month)
    .sort();
  const facts: TrendFact[] = [];
  const windowDays = daysBetween(inputs.window.from, inputs.window.to) + 1;
  const firstMonth = coveredMonths[0] ?? inputs.window.from.slice(0, 7);
  const lastMonth = coveredMonths[coveredMonths.length - 1] ?? inputs.window.to.slice(0, 7);
  const storedPapers = coveredMonths.reduce((sum, month) => sum + (all.get(month) ?? 0), 0);
  const spanDays =
    coveredMonths.length > 0
      ? (inputs.storedDays?.(coveredMonths) ?? daysBetween(`${firstMonth}-01`, endOfMonth(lastMonth)) + 1)
      : windowDays;
  facts.push({
    id: 'span',
    kind: 'span',
    subject: inputs.topicName,
    values: {
      fromMonth: firstMonth,
      toMonth: lastMonth,
      coveredMonths: coveredMonths.length,
      storedPapers,
      windowDays,
      minimum,
    },
    figures: [
      firstMonth,
      lastMonth,
      String(coveredMonths.length),
      String(storedPapers),
      String(windowDays),
      String(minimum),
      inputs.window.from,
      inputs.window.to,
    ],
  });

  const total = inputs.totalPapers;
  inputs.directions.forEach((direction, index) => {
    const count = direction.paperIds.length;
    const share = total > 0 ? count / total : 0;
    facts.push({
      id: `share:${index}`,
      kind: 'share',
      subject: direction.name,
      values: { count, total, percent: Number((share * 100).toFixed(1)) },
      figures: [percent(share), `${count}/${total}`, String(count), String(total)],
    });
  });
  const replacedShare = total > 0 ? inputs.replacedCount / total : 0;
  facts.push({
    id: 'versions',
    kind: 'share',
    subject: inputs.versionPolicy,
    values: { replaced: inputs.replacedCount, total, percent: Number((replacedShare * 100).toFixed(1)) },
    figures: [
      String(inputs.replacedCount),
      String(total),
      percent(replacedShare),
      `${inputs.replacedCount}/${total}`,
      inputs.window.from,
      inputs.window.to,
    ],
  });

  const topicCounts = countsByMonth(inputs.monthly.topic);
  const topicSeries = coveredMonths.map((month) => ({
    month,
    share: (topicCounts.get(month) ?? 0) / (all.get(month) ?? 1),
    count: topicCounts.get(month) ?? 0,
  }));
  addMonthlyAndGrowth(facts, 'topic', inputs.topicName, topicSeries);
  inputs.directions.forEach((direction, index) => {
    const directionCounts = countsByMonth(inputs.monthly.directions[index] ?? []);
    const series = coveredMonths.map((month) => ({
      month,
      share: (directionCounts.get(month) ?? 0) / Math.max(1, topicCounts.get(month) ?? 0),
      count: directionCounts.get(month) ?? 0,
    }));
    addMonthlyAndGrowth(facts, String(index), direction.name, series);
  });
  if (inputs.previous) facts.push(...compareWithPrevious(inputs.directions, total, inputs.previous));

  const monthsForCharts = coveredMonths.length > 0 ? monthRange(firstMonth, lastMonth) : [];
  const monthly = [
    {
      subject: inputs.topicName,
      counts: monthsForCharts.map((month) => ({ month, count: topicCounts.get(month) ?? 0 })),
    },
    ...inputs.directions.map((direction, index) => {
      const directionCounts = countsByMonth(inputs.monthly.directions[index] ?? []);
      return {
        subject: direction.name,
        counts: monthsForCharts.map((month) => ({ month, count: directionCounts.get(month) ?? 0 })),
      };
    }),
  ];
  return {
    coveredMonths,
    section: {
      history: {
        fromMonth: firstMonth,
        toMonth: lastMonth,
        months: coveredMonths.length,
        days: spanDays,
        // Without stored history the trends rest on this digest's own papers and window.
        papers: coveredMonths.length > 0 ? storedPapers : total,
      },
      monthly,
      facts,
    },
  };
}

function endOfMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, monthNumber, 0));
  return last.toISOString().slice(0, 10);
}

interface MonthShare {
  month: string;
  share: number;
  count: number;
}

/**
 * Monthly shares over covered months, and growth of the latest covered months against the earlier
 * ones: last 3 vs the (up to) 9 before when a year is covered, else the last month vs the rest.
 * Growth needs at least two covered months and enough matching papers to mean something.
 */
function addMonthlyAndGrowth(facts: TrendFact[], key: string, subject: string, series: MonthShare[]): void {
  if (series.length === 0) return;
  facts.push({
    id: `monthly:${key}`,
    kind: 'monthly',
    subject,
    values: Object.fromEntries(series.map((entry) => [entry.month, Number((entry.share * 100).toFixed(1))])),
    figures: series.flatMap((entry) => [entry.month, percent(entry.share), String(entry.count)]),
  });
  if (series.length < 2) return;
  const recentSize = series.length >= 12 ? 3 : 1;
  const recent = series.slice(-recentSize);
  const earlier = series.slice(Math.max(0, series.length - recentSize - 9), series.length - recentSize);
  const recentCount = recent.reduce((sum, entry) => sum + entry.count, 0);
  const earlierCount = earlier.reduce((sum, entry) => sum + entry.count, 0);
  if (recentCount < 5 || earlierCount < 5) return;
  const recentShare = recent.reduce((sum, entry) => sum + entry.share, 0) / recent.length;
  const earlierShare = earlier.reduce((sum, entry) => sum + entry.share, 0) / earlier.length;
  if (earlierShare === 0) return;
  const ratio = Number(ratioFigure(recentShare / earlierShare).slice(0, -1));
  const recentLabel = monthsLabel(recent);
  const earlierLabel = monthsLabel(earlier);
  facts.push({
    id: `growth:${key}`,
    kind: 'growth',
    subject,
    values: {
      recentShare: Number((recentShare * 100).toFixed(1)),
      earlierShare: Number((earlierShare * 100).toFixed(1)),
      ratio,
      recentMonths: recentLabel,
      earlierMonths: earlierLabel,
      recentCount,
      earlierCount,
    },
    figures: [
      percent(recentShare),
      percent(earlierShare),
      ratioFigure(ratio),
      ratio.toFixed(1),
      String(recentCount),
      String(earlierCount),
      ...recent.map((entry) => entry.month),
      ...earlier.map((entry) => entry.month),
      String(recent.length),
      String(earlier.length),
    ],
  });
}

function monthsLabel(series: MonthShare[]): string {
  const first = series[0]?.month ?? '';
  const last = series[series.length - 1]?.month ?? '';
  return first === last ? first : `${first}..${last}`;
}

const overlap = (a: string[], b: string[]): number => {
  const left = new Set(a);
  const right = new Set(b);
  const shared = [...left].filter((item) => right.has(item)).length;
  const union = new Set([...left, ...right]).size;
  return union === 0 ? 0 : shared / union;
};

/** Matches each direction to the previous digest's most similar one (shared papers, then keywords). */
function compareWithPrevious(directions: Direction[], total: number, previous: PreviousDigest): TrendFact[] {
  const facts: TrendFact[] = [];
  const matched = new Set<number>();
  directions.forEach((direction, index) => {
    const share = total > 0 ? direction.paperIds.length / total : 0;
    let best = -1;
    let bestScore = 0;
    previous.directions.forEach((candidate, candidateIndex) => {
      // Either signal is enough: shared keywords/papers, or papers that say alike things.
      const score = Math.max(
        previous.similarity?.[index]?.[candidateIndex] ?? 0,
        overlap(direction.keywords.slice(0, 8), candidate.keywords.slice(0, 8)) +
          overlap(direction.paperIds, candidate.paperIds),
      );
      if (score > bestScore && !matched.has(candidateIndex)) {
        bestScore = score;
        best = candidateIndex;
      }
    });
    const before = best >= 0 && bestScore >= sameDirectionSimilarity ? previous.directions[best] : undefined;
    if (before && best >= 0) matched.add(best);
    const change = before ? share - before.share : share;
    const status = !before ? 'new' : change >= 0.05 ? 'growing' : change <= -0.05 ? 'fading' : 'steady';
    facts.push({
      id: `comparison:${index}`,
      kind: 'comparison',
      subject: direction.name,
      values: {
        status,
        currentShare: Number((share * 100).toFixed(1)),
        previousShare: before ? Number((before.share * 100).toFixed(1)) : 0,
        previousName: before?.name ?? '',
      },
      figures: [
        percent(share),
        ...(before ? [percent(before.share)] : []),
        previous.window.from,
        previous.window.to,
      ],
    });
  });
  previous.directions.forEach((candidate, candidateIndex) => {
    if (matched.has(candidateIndex)) return;
    facts.push({
      id: `comparison:gone:${candidateIndex}`,
      kind: 'comparison',
      subject: candidate.name,
      values: {
        status: 'gone',
        currentShare: 0,
        previousShare: Number((candidate.share * 100).toFixed(1)),
        previousName: candidate.name,
      },
      figures: [percent(candidate.share), previous.window.from, previous.window.to],
    });
  });
  return facts;
}
