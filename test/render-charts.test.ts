import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Digest, Language } from '../src/core/digest.ts';
import {
  chartPngName,
  defaultChartFontFile,
  directionShares,
  monthlySeries,
  renderChartPng,
  renderChartsSvg,
  totalSeriesLabel,
} from '../src/render/charts.ts';
import { labels } from '../src/render/labels.ts';
import { sampleDigest } from './helpers/sample-digest.ts';

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** The sample digest with its monthly history cut to the given months. */
function withMonths(digest: Digest, months: string[]): Digest {
  return {
    ...digest,
    trends: {
      ...digest.trends,
      monthly: digest.trends.monthly.map((entry) => ({
        subject: entry.subject,
        counts: entry.counts.filter((point) => months.includes(point.month)),
      })),
    },
  };
}

for (const language of ['zh', 'en'] as Language[]) {
  describe(`renderChartsSvg (${language})`, async () => {
    const digest = sampleDigest(language);
    const charts = await renderChartsSvg(digest);
    const text = labels(language);

    test('the share chart has one bar per direction, labelled with direction names and percents', () => {
      assert.ok(charts.share?.startsWith('<svg '), 'an SVG element');
      const share = charts.share ?? '';
      assert.equal(count(share, /aria-roledescription="bar"/g), digest.directions.length);
      for (const direction of digest.directions) {
        assert.ok(share.includes(`>${direction.name}</text>`), `label ${direction.name}`);
      }
      // 12 of 34 papers: 35.3%, the largest direction comes first.
      const rows = directionShares(digest);
      assert.equal(rows[0]?.label, '35.3%');
      assert.ok(share.includes('>35.3%</text>'));
      assert.ok(share.includes(`>${text.chartDirectionsTitle}</text>`), 'title in the post language');
      assert.equal(
        rows.reduce((sum, row) => sum + row.count, 0),
        digest.papers.length,
      );
    });

    test('the monthly chart has one line per series (topic total + each direction)', () => {
      const monthly = charts.monthly ?? '';
      assert.ok(monthly.startsWith('<svg '));
      assert.equal(count(monthly, /aria-roledescription="line mark"/g), digest.directions.length + 1);
      assert.ok(monthly.includes(`>${totalSeriesLabel(language)}</text>`), 'legend names the topic total');
      for (const direction of digest.directions) assert.ok(monthly.includes(`>${direction.name}</text>`));
      assert.ok(monthly.includes('>2025-11</text>') || monthly.includes('>2025-10</text>'), 'month labels');
    });

    test('the same digest gives byte-identical SVG, in any time zone', async () => {
      const previous = process.env.TZ;
      try {
        process.env.TZ = 'America/Los_Angeles';
        const western = await renderChartsSvg(digest);
        process.env.TZ = 'Asia/Shanghai';
        const eastern = await renderChartsSvg(digest);
        assert.equal(western.share, charts.share);
        assert.equal(western.monthly, charts.monthly);
        assert.equal(eastern.monthly, charts.monthly);
      } finally {
        if (previous === undefined) delete process.env.TZ;
        else process.env.TZ = previous;
      }
    });
  });
}

describe('renderChartsSvg with little data', () => {
  test('Chinese labels are written as text in the SVG', async () => {
    const charts = await renderChartsSvg(sampleDigest('zh'));
    assert.ok(charts.share?.includes('>多模态融合与领域表示学习</text>'));
    assert.ok(
      charts.share?.includes('font-family="WenQuanYi Micro Hei'),
      'CJK font first in the family list',
    );
  });

  test('one direction: no share chart; fewer than 3 months with papers: no monthly chart', async () => {
    const digest = sampleDigest('en');
    const oneDirection: Digest = {
      ...digest,
      directions: [
        {
          ...(digest.directions[0] as Digest['directions'][number]),
          paperIds: digest.papers.map((entry) => entry.paper.id),
        },
      ],
    };
    assert.equal((await renderChartsSvg(oneDirection)).share, null);
    const twoMonths = withMonths(digest, ['2025-10', '2025-11']);
    assert.equal(monthlySeries(twoMonths).monthsWithData, 2);
    assert.equal((await renderChartsSvg(twoMonths)).monthly, null);
    const threeMonths = withMonths(digest, ['2025-08', '2025-10', '2025-11']);
    assert.ok((await renderChartsSvg(threeMonths)).monthly?.startsWith('<svg'));
    const empty: Digest = {
      ...digest,
      papers: [],
      directions: [],
      trends: { ...digest.trends, monthly: [] },
    };
    assert.deepEqual(await renderChartsSvg(empty), { share: null, monthly: null });
  });

  test('months where the store holds nothing are gaps, not zeros', () => {
    const digest = withMonths(sampleDigest('en'), ['2025-06', '2025-08', '2025-11']);
    const { rows } = monthlySeries(digest);
    const total = rows.filter((row) => row.series === totalSeriesLabel('en'));
    assert.deepEqual(
      total.map((row) => [row.month, row.count]),
      [
        ['2025-06-01', 2],
        ['2025-07-01', null],
        ['2025-08-01', 3],
        ['2025-09-01', null],
        ['2025-10-01', null],
        ['2025-11-01', 24],
      ],
    );
  });

  test('two charts of one page never share an SVG id', async () => {
    const charts = await renderChartsSvg(sampleDigest('zh'));
    const ids = (svg: string | null) =>
      new Set([...(svg ?? '').matchAll(/\bid="([^"]+)"/g)].map((match) => match[1]));
    const shareIds = ids(charts.share);
    for (const id of ids(charts.monthly)) assert.ok(!shareIds.has(id), `id ${id} in both charts`);
  });

  test('a hostile direction name stays text inside the SVG', async () => {
    const digest = sampleDigest('en');
    const hostile = '<script>alert(1)</script><foreignObject>';
    const renamed: Digest = {
      ...digest,
      directions: digest.directions.map((direction, index) =>
        index === 0 ? { ...direction, name: hostile } : direction,
      ),
    };
    const charts = await renderChartsSvg(renamed);
    assert.ok(!/<script|<foreignObject/i.test(charts.share ?? ''), 'no live element');
    assert.ok(charts.share?.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  });
});

describe('renderChartPng', () => {
  test('gives a PNG of the chart, twice the SVG size', async () => {
    const charts = await renderChartsSvg(sampleDigest('zh'));
    const png = renderChartPng(charts.share ?? '');
    assert.deepEqual([...png.subarray(0, 8)], pngSignature);
    assert.ok(png.length > 1000);
    const width = Buffer.from(png).readUInt32BE(16);
    const svgWidth = Number(/width="(\d+)"/.exec(charts.share ?? '')?.[1]);
    assert.equal(width, svgWidth * 2);
    assert.equal(chartPngName('multimodal-2025-11-28', 'share'), 'multimodal-2025-11-28-share.png');
  });

  test('draws Chinese glyphs with the WenQuanYi font (not blank boxes or nothing)', () => {
    const svg = (label: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40"><text x="4" y="28" font-family="WenQuanYi Micro Hei" font-size="20">${label}</text></svg>`;
    const chinese = renderChartPng(svg('多模态推理'));
    const blank = renderChartPng(svg(''));
    assert.notDeepEqual(chinese, blank, 'the Chinese label changed the image');
    const otherWords = renderChartPng(svg('视频理解框架'));
    assert.notDeepEqual(chinese, otherWords, 'different characters give different pixels');
    assert.ok(defaultChartFontFile.endsWith('wqy-microhei.ttc'));
  });

  test('falls back to system fonts when the font file is missing', () => {
    const png = renderChartPng(
      '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="20"><text x="2" y="15">abc</text></svg>',
      { fontFiles: ['/nonexistent/font.ttf'] },
    );
    assert.deepEqual([...png.subarray(0, 8)], pngSignature);
  });
});
