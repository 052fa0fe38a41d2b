/**
 * Directions quality and speed against scikit-learn, on real papers from ../shared/data.
 * Run: node --import tsx bench/directions.ts   (prints figures, never asserts)
 *
 * Papers: the first 200 by id of each of the 6 most common primary categories in arxiv-days.
 * Both sides cluster title + abstract into k = number of categories; NMI is measured against the primary
 * categories. Time is vectorize + cluster only, in-process, after 3 warm-up runs (V8 needs a few calls to
 * optimise the hot loops; Python gets the same), median of 5 runs. Our side is the whole clusterPapers()
 * call, so it also pays for keywords, representatives and the silhouette, which scikit-learn does not do.
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
const warmups = 3;
const repeats = 5;

interface BenchPaper extends DirectionPaper {
  category: string;
}

export function loadBenchPapers(): BenchPaper[] {
  const byCategory = new Map<string, BenchPaper[]>();
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
      const paper = {
        id: record.id,
        title: record.title,
        abstract: record.abstract,
        category: record.primary_category,
      };
      const list = byCategory.get(paper.category);
      if (list) list.push(paper);
      else byCategory.set(paper.category, [paper]);
    }
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
  const papers = loadBenchPapers();
  const categories = papers.map((paper) => paper.category);
  const k = new Set(categories).size;

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
      categories: [...new Set(categories)].sort(),
      k,
      method: 'TF-IDF (stemmed, sublinear, min df 2) + spherical k-means, 10 k-means++ starts, seed 42',
    };
    let peer: { nmi: number; seconds: number; runs: number[] };
    try {
      const { stdout } = await promisify(execFile)(
        python,
        [peerScript, file, String(k), String(repeats), String(warmups)],
        { maxBuffer: 1 << 20 },
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
      timeTarget: oursSeconds <= peer.seconds ? 'met' : 'missed',
    };
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await runDirectionsBench();
  console.log(JSON.stringify(figures, null, 2));
}
