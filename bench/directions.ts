/**
 * Directions quality and speed against scikit-learn, on real papers from ../shared/data.
 * Run: node --import tsx bench/directions.ts   (prints figures, never asserts)
 *
 * Two sizes, both measured in the same run:
 * - 1,200 papers: the first 200 by id of each of the 6 most common primary categories in arxiv-days; both
 *   sides cluster into k = 6 (the number of categories); 3 warm-up runs, median of 5.
 * - every paper of arxiv-days (7,719 distinct ids with an abstract and a primary category, 84 categories):
 *   k = 20, the most directions a digest gets (bounds.ts); 84 clusters would take scikit-learn minutes per
 *   run on this machine. 1 warm-up run, median of 3.
 * NMI is measured against the primary categories. Time is vectorize + cluster only, in-process, after the
 * warm-up runs (V8 needs a few calls to optimise the hot loops; Python gets the same). Our side is the
 * whole clusterPapers() call, so it also pays for keywords, representatives and the silhouette, which
 * scikit-learn does not do. The target is ours <= 0.8 x scikit-learn's time at NMI >= scikit-learn's.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { clusterPapers } from '../src/directions/cluster.ts';
import { normalizedMutualInformation } from '../src/directions/metrics.ts';
import type { DirectionPaper } from '../src/directions/types.ts';

const dataDirectory = fileURLToPath(new URL('../../shared/data/arxiv-days/', import.meta.url));
const peerScript = fileURLToPath(new URL('./peers/sklearn_directions.py', import.meta.url));
const python = '/usr/bin/python3';
const categoryCount = 6;
const papersPerCategory = 200;
const timeTargetRatio = 0.8;

interface BenchPaper extends DirectionPaper {
  category: string;
}

/** Every distinct paper (first listing wins) with an abstract and a primary category, by id. */
export function loadAllBenchPapers(): BenchPaper[] {
  const byId = new Map<string, BenchPaper>();
  for (const paper of readBenchPapers()) if (!byId.has(paper.id)) byId.set(paper.id, paper);
  return [...byId.values()].sort((left, right) => (left.id < right.id ? -1 : 1));
}

function readBenchPapers(): BenchPaper[] {
  const papers: BenchPaper[] = [];
  for (const file of fs
    .readdirSync(dataDirectory)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()) {
    for (const line of fs.readFileSync(path.join(dataDirectory, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const record = JSON.parse(line) as {
        id: string;
        title: string;
        abstract: string | null;
        primary_category: string | null;
      };
      if (!record.primary_category || !record.abstract) continue;
      papers.push({
        id: record.id,
        title: record.title,
        abstract: record.abstract,
        category: record.primary_category,
      });
    }
  }
  return papers;
}

export function loadBenchPapers(): BenchPaper[] {
  const byCategory = new Map<string, BenchPaper[]>();
  for (const paper of readBenchPapers()) {
    const list = byCategory.get(paper.category);
    if (list) list.push(paper);
    else byCategory.set(paper.category, [paper]);
  }
  const top = [...byCategory.entries()]
    .sort((left, right) => right[1].length - left[1].length || (left[0] < right[0] ? -1 : 1))
    .slice(0, categoryCount);
  return top
    .flatMap(([, papers]) =>
      [...papers].sort((left, right) => (left.id < right.id ? -1 : 1)).slice(0, papersPerCategory),
    )
    .sort((left, right) => (left.id < right.id ? -1 : 1));
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const round = (value: number, digits = 4) => Number(value.toFixed(digits));

export async function runDirectionsBench(): Promise<object> {
  const selected = loadBenchPapers();
  const all = loadAllBenchPapers();
  return {
    [`${selected.length} papers`]: await benchSize(
      selected,
      new Set(selected.map((paper) => paper.category)).size,
      3,
      5,
    ),
    [`${all.length} papers (all of arxiv-days)`]: await benchSize(all, 20, 1, 3),
  };
}

async function benchSize(papers: BenchPaper[], k: number, warmups: number, repeats: number): Promise<object> {
  const categories = papers.map((paper) => paper.category);

  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'arxiv-digest-'));
  const file = path.join(directory, 'papers.jsonl');
  fs.writeFileSync(
    file,
    papers
      .map((paper) =>
        JSON.stringify({ title: paper.title, abstract: paper.abstract, primary_category: paper.category }),
      )
      .join('\n'),
  );
  try {
    const inputs: DirectionPaper[] = papers.map(({ id, title, abstract }) => ({ id, title, abstract }));
    for (let run = 0; run < warmups; run++) clusterPapers(inputs, { k });
    const runs: number[] = [];
    let assignments: number[] = [];
    for (let run = 0; run < repeats; run++) {
      const started = performance.now();
      assignments = clusterPapers(inputs, { k }).assignments;
      runs.push((performance.now() - started) / 1000);
    }
    const oursSeconds = median(runs);
    const oursNmi = normalizedMutualInformation(categories, assignments);

    const ours = {
      papers: papers.length,
      categories: new Set(categories).size,
      k,
      method: 'TF-IDF (stemmed, sublinear, min df 2) + spherical k-means, 10 k-means++ starts, seed 42',
    };
    let peer: { nmi: number; seconds: number; runs: number[] };
    try {
      const { stdout } = await promisify(execFile)(
        python,
        [peerScript, file, String(k), String(repeats), String(warmups)],
        { maxBuffer: 1 << 24 },
      );
      peer = JSON.parse(stdout) as typeof peer;
    } catch (error) {
      // No scikit-learn here: report our side and why the comparison is missing.
      return {
        ...ours,
        nmi: { ours: round(oursNmi), sklearn: null },
        seconds: { ours: round(oursSeconds), sklearn: null, oursRuns: runs.map((value) => round(value)) },
        peerError: `${python} ${path.basename(peerScript)} failed: ${(error as Error).message.split('\n')[0]}`,
      };
    }
    return {
      ...ours,
      nmi: { ours: round(oursNmi), sklearn: round(peer.nmi) },
      seconds: {
        ours: round(oursSeconds),
        sklearn: round(peer.seconds),
        oursRuns: runs.map((value) => round(value)),
        sklearnRuns: peer.runs.map((value) => round(value)),
      },
      timeRatio: round(oursSeconds / peer.seconds, 3),
      nmiTarget: oursNmi >= peer.nmi ? 'met' : 'missed',
      timeTarget: oursSeconds <= timeTargetRatio * peer.seconds ? 'met' : 'missed',
    };
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await runDirectionsBench();
  console.log(JSON.stringify(figures, null, 2));
}
