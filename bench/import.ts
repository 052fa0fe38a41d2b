import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeKaggleFixture } from './kaggle-fixture.ts';

/**
 * Import benchmark: a 200,000-record Kaggle-format JSONL (real arXiv records with fresh ids) into a
 * new database, ours (`importFiles`, worker parsing + SQLite FTS5) against a straightforward Python
 * peer (json + sqlite3 executemany + FTS5, same tokenizer), each in its own process, alternating.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const python = '/usr/bin/python3';

interface ImportFigures {
  records: number;
  seconds: number;
  records_per_second: number;
  peak_rss_mb: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export async function runImportBench(options: { records?: number; rounds?: number } = {}): Promise<object> {
  const records = options.records ?? 200_000;
  const rounds = options.rounds ?? 3;
  const outputDirectory = path.join(here, 'output');
  mkdirSync(outputDirectory, { recursive: true });
  const fixture = path.join(outputDirectory, `kaggle-${records}.jsonl`);
  if (!existsSync(fixture)) await writeKaggleFixture(fixture, records);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'arxiv-digest-bench-'));
  const ours: ImportFigures[] = [];
  const peer: ImportFigures[] = [];
  try {
    for (let round = 0; round < rounds; round += 1) {
      const oursOutput = execFileSync(
        process.execPath,
        ['--import', 'tsx', path.join(here, 'import-ours.ts'), fixture, path.join(scratch, 'ours.db')],
        { encoding: 'utf8', cwd: path.dirname(here) },
      );
      ours.push(JSON.parse(oursOutput.trim().split('\n').at(-1) as string) as ImportFigures);
      rmSync(path.join(scratch, 'peer.db'), { force: true });
      rmSync(path.join(scratch, 'peer.db-wal'), { force: true });
      const peerOutput = execFileSync(
        python,
        [path.join(here, 'peers', 'python_import.py'), fixture, path.join(scratch, 'peer.db')],
        {
          encoding: 'utf8',
        },
      );
      peer.push(JSON.parse(peerOutput.trim()) as ImportFigures);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const oursRate = median(ours.map((run) => run.records_per_second));
  const peerRate = median(peer.map((run) => run.records_per_second));
  return {
    records,
    rounds,
    ours: { recordsPerSecond: oursRate, runs: ours },
    python: { recordsPerSecond: peerRate, runs: peer },
    speedRatio: Math.round((oursRate / peerRate) * 100) / 100,
    speedTarget: oursRate >= 1.2 * peerRate ? 'met (>= 1.2x)' : 'missed (< 1.2x)',
    peakMemoryMb: Math.max(...ours.map((run) => run.peak_rss_mb)),
    memoryTarget:
      Math.max(...ours.map((run) => run.peak_rss_mb)) < 300 ? 'met (< 300 MB)' : 'missed (>= 300 MB)',
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await runImportBench(), null, 2));
}
