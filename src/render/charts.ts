import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { monthRange } from '../core/dates.ts';
import type { Digest, Language } from '../core/digest.ts';
import { DigestError } from '../core/errors.ts';
import { labels } from './labels.ts';
import { pageLabels } from './templates/page-labels.ts';

/**
 * Charts of a digest: vega-lite specs compiled to vega and rendered to SVG strings without a DOM
 * (renderer 'none' + toSVG). PNG copies for the Markdown post come from resvg. Everything here is
 * deterministic: sorted data, fixed colours, UTC time units, SVG ids renumbered per chart.
 */

export interface ChartsSvg {
  /** Share of each direction in this digest; null when fewer than 2 directions have papers. */
  share: string | null;
  /** Monthly paper counts per direction and for the topic; null when fewer than 3 months have data. */
  monthly: string | null;
}

export const chartNames = ['share', 'monthly'] as const;
export type ChartName = (typeof chartNames)[number];

/** Families for SVG text: the CJK font installed on Debian first, so labels render in resvg and browsers. */
export const chartFontFamily =
  'WenQuanYi Micro Hei, PingFang SC, Hiragino Sans GB, Noto Sans CJK SC, Microsoft YaHei, sans-serif';

export const defaultChartFontFile = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

const minimumDirections = 2;
const minimumMonths = 3;
const chartWidth = 520;
const totalColor = '#3b3b3b';
// Tableau 10 without its grey, written out so a change of vega's default scheme cannot alter output.
const directionColors = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
];

/** The localized name of the topic-total series (the legend entry), for tests and captions. */
export function totalSeriesLabel(language: Language): string {
  return pageLabels(language).chartTotalSeries;
}

export interface ShareRow {
  name: string;
  count: number;
  percent: number;
  label: string;
}

/** Direction shares, largest first (ties keep digest order); percent with one decimal. */
export function directionShares(digest: Digest): ShareRow[] {
  const total = digest.papers.length;
  if (total === 0) return [];
  const rows = digest.directions
    .map((direction, index) => ({ direction, index }))
    .filter(({ direction }) => direction.paperIds.length > 0)
    .map(({ direction, index }) => {
      const percent = Math.round((direction.paperIds.length / total) * 1000) / 10;
      return { name: direction.name, count: direction.paperIds.length, percent, index };
    });
  rows.sort((left, right) => right.count - left.count || left.index - right.index);
  return rows.map(({ name, count, percent }) => ({ name, count, percent, label: `${percent.toFixed(1)}%` }));
}

export interface MonthlyRow {
  /** First day of the month, YYYY-MM-01 (parsed as UTC by vega). */
  month: string;
  series: string;
  /** null in months where the store holds no papers at all: no point there, rather than a false 0. */
  count: number | null;
}

/**
 * Monthly rows for every series over the full month range. A month in which some series has papers
 * counts 0 for the others; a month with no papers in any series is a gap (null), because the store
 * simply holds nothing for it. The topic series comes first, then directions in digest order.
 */
export function monthlySeries(digest: Digest): {
  rows: MonthlyRow[];
  series: string[];
  monthsWithData: number;
} {
  const total = totalSeriesLabel(digest.language);
  const directionNames = new Set(digest.directions.map((direction) => direction.name));
  const named = digest.trends.monthly.map((entry, index) => {
    const isTopic =
      entry.subject === digest.topic.name && (index === 0 || !directionNames.has(entry.subject));
    return { label: isTopic ? total : entry.subject, isTopic, counts: entry.counts };
  });
  named.sort((left, right) => Number(right.isTopic) - Number(left.isTopic));
  const withData = new Set<string>();
  for (const entry of named) for (const { month, count } of entry.counts) if (count > 0) withData.add(month);
  const months = [...withData].sort();
  const first = months[0];
  const last = months[months.length - 1];
  if (first === undefined || last === undefined) return { rows: [], series: [], monthsWithData: 0 };
  const range = monthRange(first, last);
  const rows: MonthlyRow[] = [];
  const series: string[] = [];
  for (const entry of named) {
    if (series.includes(entry.label)) continue;
    series.push(entry.label);
    const byMonth = new Map<string, number>();
    for (const { month, count } of entry.counts) byMonth.set(month, (byMonth.get(month) ?? 0) + count);
    for (const month of range) {
      const count = withData.has(month) ? (byMonth.get(month) ?? 0) : null;
      rows.push({ month: `${month}-01`, series: entry.label, count });
    }
  }
  return { rows, series, monthsWithData: months.length };
}

function baseConfig(): NonNullable<TopLevelSpec['config']> {
  return {
    font: chartFontFamily,
    background: 'white',
    view: { stroke: null },
    axis: { labelFontSize: 11, titleFontSize: 11, gridColor: '#e6e6e6', domainColor: '#888' },
    legend: { labelFontSize: 11, labelLimit: 480, symbolStrokeWidth: 2 },
    title: { fontSize: 13, anchor: 'start', offset: 10 },
  };
}

function shareSpec(digest: Digest, rows: ShareRow[]): TopLevelSpec {
  const bar = { yOffset: 9, size: 14 };
  // Names stand above their bars rather than on an axis: vega estimates text width without a
  // canvas (0.8 em a character), which under-measures CJK and would clip axis labels.
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: labels(digest.language).chartDirectionsTitle,
    width: chartWidth,
    height: { step: 44 },
    data: { values: rows },
    encoding: {
      y: { field: 'name', type: 'nominal', sort: null, axis: null },
    },
    layer: [
      {
        mark: { type: 'bar', color: directionColors[0], cornerRadiusEnd: 2, ...bar },
        encoding: {
          x: {
            field: 'percent',
            type: 'quantitative',
            title: labels(digest.language).chartShareAxis,
            // Up to the next 10% above the largest share (room for its label), not always 100%.
            scale: {
              domain: [
                0,
                Math.min(100, Math.ceil((Math.max(...rows.map((row) => row.percent)) + 5) / 10) * 10),
              ],
            },
            axis: { format: 'd', labelExpr: "datum.label + '%'", tickCount: 5, grid: true },
          },
        },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, yOffset: bar.yOffset, fontSize: 11 },
        encoding: { x: { field: 'percent', type: 'quantitative' }, text: { field: 'label' } },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', yOffset: -8, fontSize: 12, x: 0 },
        encoding: { text: { field: 'name' } },
      },
    ],
    config: baseConfig(),
  };
}

function monthlySpec(digest: Digest, rows: MonthlyRow[], series: string[]): TopLevelSpec {
  const hasTotal = series[0] === totalSeriesLabel(digest.language);
  const text = labels(digest.language);
  const colors = series.map((_, index) =>
    hasTotal && index === 0
      ? totalColor
      : (directionColors[(index - (hasTotal ? 1 : 0)) % directionColors.length] as string),
  );
  const dashes = series.map((_, index) => (hasTotal && index === 0 ? [5, 3] : [1, 0]));
  // One legend for colour and dash (same config on both channels, so vega-lite merges them).
  const legend = {
    orient: 'bottom' as const,
    direction: 'vertical' as const,
    columns: 1,
    title: null,
    symbolType: 'stroke',
    symbolStrokeWidth: 2.5,
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: text.chartMonthlyTitle,
    width: chartWidth,
    height: 220,
    data: { values: rows },
    // Lines join the measured months across gaps ('filter' drops the nulls); points mark where data is.
    mark: { type: 'line', point: { size: 28 }, strokeWidth: 2, invalid: 'filter' },
    encoding: {
      x: {
        field: 'month',
        type: 'temporal',
        timeUnit: 'utcyearmonth',
        title: text.chartMonthAxis,
        axis: { format: '%Y-%m', labelAngle: 0, labelOverlap: true, grid: false },
      },
      y: {
        field: 'count',
        type: 'quantitative',
        title: text.chartPapersAxis,
        axis: { format: 'd', tickMinStep: 1 },
      },
      color: {
        field: 'series',
        type: 'nominal',
        sort: series,
        scale: { domain: series, range: colors },
        legend,
      },
      strokeDash: {
        field: 'series',
        type: 'nominal',
        sort: series,
        scale: { domain: series, range: dashes },
        legend,
      },
    },
    config: baseConfig(),
  };
}

/**
 * Renumbers a chart's SVG ids (clip paths, gradients) as "<prefix>-1", "<prefix>-2" ... in order of
 * appearance. Two reasons: vega numbers them from a process-wide counter (so the same chart would
 * differ from one render to the next), and two charts inlined in one page must not both define
 * "clip1" (the second would clip with the first's shape).
 */
function renumberIds(svg: string, prefix: string): string {
  const renamed = new Map<string, string>();
  for (const match of svg.matchAll(/\bid="([^"]+)"/g)) {
    const id = match[1] as string;
    if (!renamed.has(id)) renamed.set(id, `${prefix}-${renamed.size + 1}`);
  }
  const rename = (id: string) => renamed.get(id) ?? id;
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${rename(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${rename(id)})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${rename(id)}"`);
}

async function specToSvg(spec: TopLevelSpec, name: ChartName): Promise<string> {
  const compiled = compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    const svg = await view.toSVG();
    return renumberIds(
      svg.replace(/^<svg /, `<svg role="img" aria-label="${escapeAttribute(String(spec.title ?? ''))}" `),
      `chart-${name}`,
    );
  } catch (error) {
    throw new DigestError('INTERNAL', `the ${name} chart could not be drawn (${(error as Error).message})`, {
      hint: 'this is a bug in arxiv-digest; please report it with the digest JSON',
      cause: error,
    });
  } finally {
    view.finalize();
  }
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Both charts of a digest as SVG strings; a chart with too little data is null, never drawn empty. */
export async function renderChartsSvg(digest: Digest): Promise<ChartsSvg> {
  const shares = directionShares(digest);
  const share =
    shares.length >= minimumDirections ? await specToSvg(shareSpec(digest, shares), 'share') : null;
  const { rows, series, monthsWithData } = monthlySeries(digest);
  const monthly =
    monthsWithData >= minimumMonths ? await specToSvg(monthlySpec(digest, rows, series), 'monthly') : null;
  return { share, monthly };
}

export interface PngOptions {
  /** Font files to load (default: WenQuanYi Micro Hei); system fonts are used when none exists. */
  fontFiles?: string[];
  /** Scale factor over the SVG's size (default 2, sharp on high-density screens). */
  zoom?: number;
}

/** Rasterizes a chart SVG to PNG bytes with resvg, with a CJK font so Chinese labels render. */
export function renderChartPng(svg: string, options: PngOptions = {}): Uint8Array {
  const fontFiles = (options.fontFiles ?? [defaultChartFontFile]).filter((file) => existsSync(file));
  const resvg = new Resvg(svg, {
    font: {
      fontFiles,
      loadSystemFonts: fontFiles.length === 0,
      defaultFontFamily: fontFiles.length > 0 ? 'WenQuanYi Micro Hei' : '',
      sansSerifFamily: fontFiles.length > 0 ? 'WenQuanYi Micro Hei' : '',
    },
    fitTo: { mode: 'zoom', value: options.zoom ?? 2 },
    background: 'white',
    logLevel: 'off',
  });
  return new Uint8Array(resvg.render().asPng());
}

/** File names for a post's chart PNGs, written next to the Markdown: "<slug>-share.png". */
export function chartPngName(slug: string, chart: ChartName): string {
  return `${slug}-${chart}.png`;
}
