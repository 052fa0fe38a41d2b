import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadArxivDays } from '../test/helpers/arxiv-data.ts';

/**
 * Startup benchmark of the compiled CLI (bin/arxiv-digest -> dist/), against bare Node (`node -e 0`)
 * measured in the same run, alternating so both see the same machine load: `--version`, and `venue`
 * reading 10,000 JSON lines on stdin (the real comments / journal-ref strings of shared/data, cycled).
 * Builds dist/ first when it is missing or older than src/.
 */

const repository = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = path.join(repository, 'bin', 'arxiv-digest');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function newestModification(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const file = path.join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestModification(file) : statSync(file).mtimeMs);
  }
  return newest;
}

/** Compiles dist/ when it is missing or older than src/ (the scale bench runs it too). */
export function ensureBuilt(): string {
  const compiled = path.join(repository, 'dist', 'cli', 'main.js');
  let builtAt = 0;
  try {
    builtAt = statSync(compiled).mtimeMs;
  } catch {
    // not built yet
  }
  if (builtAt > newestModification(path.join(repository, 'src'))) return 'dist/ is up to date';
  const build = spawnSync(process.execPath, [path.join(repository, 'scripts', 'build.mjs')], {
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('npm run build failed');
  return 'dist/ rebuilt from src/';
}

/** Seconds one run of `node argv` takes, start to exit; throws when it fails. */
function timed(argv: string[], input = ''): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, argv, { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`node ${argv.join(' ')} failed: ${result.stderr}`);
  return seconds;
}

// The child reports its own CPU time (user + system, all threads) as it exits: on a loaded machine the
// wall time mostly measures the queue for a core, the CPU time what the program itself costs.
const reportCpu = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\ncpu-seconds:'+(u.user+u.system)/1e6)})`;

/** CPU seconds one run of `node argv` used. */
function cpuTimed(argv: string[], input = ''): number {
  const result = spawnSync(process.execPath, ['--import', reportCpu, ...argv], {
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const cpu = /cpu-seconds:([\d.]+)\s*$/.exec(result.stderr)?.[1];
  if (result.status !== 0 || cpu === undefined)
    throw new Error(`node ${argv.join(' ')} failed: ${result.stderr}`);
  return Number(cpu);
}

function venueInput(lines: number): { text: string; distinct: number } {
  const records = loadArxivDays()
    .filter((paper) => paper.comments || paper.journalRef)
    .map((paper) => ({ id: paper.id, comments: paper.comments, journal_ref: paper.journalRef }));
  if (records.length === 0) throw new Error('no comments in shared/data/arxiv-days');
  const out: string[] = [];
  for (let index = 0; index < lines; index += 1) out.push(JSON.stringify(records[index % records.length]));
  return { text: `${out.join('\n')}\n`, distinct: records.length };
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

export function runStartupBench(options: { rounds?: number; venueRounds?: number } = {}): object {
  const rounds = options.rounds ?? 15;
  const venueRounds = options.venueRounds ?? 5;
  const build = ensureBuilt();
  const input = venueInput(10_000);
  // One unmeasured run each: the first start reads everything from disk.
  timed(['-e', '0']);
  timed([bin, '--version']);
  timed([bin, 'venue'], input.text);
  const bare: number[] = [];
  const version: number[] = [];
  const venue: number[] = [];
  const cpu = { bare: [] as number[], version: [] as number[], venue: [] as number[] };
  for (let index = 0; index < rounds; index += 1) {
    bare.push(timed(['-e', '0']));
    version.push(timed([bin, '--version']));
    cpu.bare.push(cpuTimed(['-e', '0']));
    cpu.version.push(cpuTimed([bin, '--version']));
    if (index < venueRounds) {
      venue.push(timed([bin, 'venue'], input.text));
      cpu.venue.push(cpuTimed([bin, 'venue'], input.text));
    }
  }
  const bareMedian = median(bare);
  const versionMedian = median(version);
  const venueMedian = median(venue);
  return {
    build,
    load_average_1min: round(os.loadavg()[0] ?? 0),
    node_e_0: { median_s: round(bareMedian), cpu_median_s: round(median(cpu.bare)), runs: rounds },
    version: {
      median_s: round(versionMedian),
      cpu_median_s: round(median(cpu.version)),
      target_s: 0.2,
      times_bare_node: round(versionMedian / bareMedian),
      target_times_bare_node: 4,
      met: versionMedian <= 0.2 && versionMedian <= 4 * bareMedian,
      runs: rounds,
    },
    venue_10000_stdin_lines: {
      median_s: round(venueMedian),
      cpu_median_s: round(median(cpu.venue)),
      target_s: 1,
      met: venueMedian <= 1,
      distinct_real_records: input.distinct,
      runs: venueRounds,
    },
  };
}
