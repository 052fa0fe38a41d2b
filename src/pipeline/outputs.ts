import { rmSync } from 'node:fs';
import type { Digest } from '../core/digest.ts';
import type { Paper } from '../core/paper.ts';
import { chartPngName, renderChartPng, renderChartsSvg } from '../render/charts.ts';
import { renderHtmlPage } from '../render/html.ts';
import { renderPost } from '../render/markdown.ts';
import { digestHasMath } from '../render/math-html.ts';
import type { PaperStore } from '../store/types.ts';
import { type CheckReport, checkPost } from '../verify/check.ts';
import type { BuildSettings } from './build.ts';
import { resolveInside, writeFileAtomic } from './files.ts';
import { katexAssets } from './katex-assets.ts';
import { publishSite } from './site.ts';

export interface BuildOutputs {
  markdown: string;
  charts: string[];
  html: string | null;
  /** The claim-check report, written only when the post failed the check. */
  report: string | null;
  site: string | null;
}

/**
 * Renders the post, checks its claims against the papers' metadata, and writes everything
 * atomically: a post that fails the check is written as a draft with its report beside it. Then the
 * run is stored (for "already featured", trend comparison and `publish`) and the site rebuilt.
 */
export async function writeBuildOutputs(input: {
  digest: Digest;
  store: PaperStore;
  settings: BuildSettings;
  papers: Paper[];
}): Promise<{ digest: Digest; check: CheckReport; outputs: BuildOutputs; runId: number }> {
  const { store, settings } = input;
  let digest = input.digest;
  const charts = await renderChartsSvg(digest);
  const images = {
    share: charts.share ? chartPngName(digest.slug, 'share') : null,
    monthly: charts.monthly ? chartPngName(digest.slug, 'monthly') : null,
  };
  let markdown = renderPost(digest, { images });
  const check = checkPost({
    markdown,
    papers: new Map(input.papers.map((paper) => [paper.id, paper])),
    run: { trendFacts: digest.trends.facts, history: digest.trends.history },
  });
  const reportPath = resolveInside(settings.outDir, `${digest.slug}.check.json`);
  if (check.unsupported.length > 0) {
    digest = { ...digest, draft: true };
    markdown = renderPost(digest, { images });
  }

  const outputs: BuildOutputs = {
    markdown: resolveInside(settings.outDir, `${digest.slug}.md`),
    charts: [],
    html: null,
    report: null,
    site: null,
  };
  for (const [name, svg] of [
    ['share', charts.share],
    ['monthly', charts.monthly],
  ] as const) {
    const fileName = images[name];
    if (!svg || !fileName) continue;
    const chartPath = resolveInside(settings.outDir, fileName);
    writeFileAtomic(chartPath, renderChartPng(svg));
    outputs.charts.push(chartPath);
  }
  if (check.unsupported.length > 0) {
    writeFileAtomic(reportPath, `${JSON.stringify(check, null, 2)}\n`);
    outputs.report = reportPath;
  } else {
    // A report from an earlier failing build of this post would now be stale.
    rmSync(reportPath, { force: true });
  }
  if (settings.html) {
    outputs.html = resolveInside(settings.outDir, `${digest.slug}.html`);
    writeFileAtomic(outputs.html, renderHtmlPage(digest, { charts, markdownHref: `${digest.slug}.md` }));
    // A page with formulas links KaTeX's stylesheet beside it (katex/katex.min.css + fonts).
    if (digestHasMath(digest)) {
      for (const [relative, content] of katexAssets()) {
        writeFileAtomic(resolveInside(settings.outDir, ...relative.split('/')), content);
      }
    }
  }
  // The Markdown goes last: a post on disk always has its charts beside it.
  writeFileAtomic(outputs.markdown, markdown);

  const run = store.saveRun({
    topic: digest.topic.name,
    language: digest.language,
    window: digest.window,
    createdAt: settings.clock.now().toISOString(),
    paperIds: digest.papers.map((entry) => entry.paper.id),
    directions: digest.directions.map((direction) => ({
      name: direction.name,
      paperIds: direction.paperIds,
      share: digest.papers.length > 0 ? direction.paperIds.length / digest.papers.length : 0,
      keywords: direction.keywords,
    })),
    trendFacts: digest.trends.facts,
    history: digest.trends.history,
    outputs: {
      markdown: outputs.markdown,
      ...(outputs.html ? { html: outputs.html } : {}),
      ...(outputs.report ? { report: outputs.report } : {}),
    },
    digest,
  });
  if (settings.siteDir) {
    await publishSite({
      store,
      dir: settings.siteDir,
      ...(settings.siteUrl ? { siteUrl: settings.siteUrl } : {}),
    });
    outputs.site = settings.siteDir;
  }
  return { digest, check, outputs, runId: run.id };
}
