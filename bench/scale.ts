import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeKaggleFixture } from './kaggle-fixture.ts';
import { ensureBuilt } from './startup.ts';

/**
 * The 1,000,000-paper benchmark (`npm run bench scale`): a Kaggle-format fixture whose dates span
 * 50 months, imported through the CLI (peak RSS of the whole process, worker included), then on that
 * store: `build` over a window holding every paper, `build` over one week, and `search`. Each figure
 * is printed with its target and the load average at the time: the machine is shared, so absolute
 * times move with the load. The fixture, the store and the import's figures are cached in
 * bench/output/ (delete store-1000000.db to measure the import again).
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
// The compiled CLI, as a user runs it (bin/arxiv-digest -> dist/), never the TypeScript sources.
const cli = path.join(root, 'bin', 'arxiv-digest');
const timeProgram = '/usr/bin/time';

interface ChildFigures {
  seconds: number;
  /** User + system CPU seconds of the child: moves less with the machine's load than wall time. */
  cpuSeconds: number | null;
  peakRssMb: number | null;
  output: string;
}

const load = (): number => Math.round((os.loadavg()[0] ?? 0) * 100) / 100;

/** Runs a child process under /usr/bin/time -v (when present) for its wall time and peak RSS. */
function measure(args: string[]): ChildFigures {
  const useTime = existsSync(timeProgram);
  const started = performance.now();
  const child = useTime
    ? spawnSync(timeProgram, ['-v', process.execPath, ...args], { cwd: root, encoding: 'utf8' })
    : spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0)
    throw new Error(`${args.join(' ')} failed (${child.status}): ${child.stderr.slice(-800)}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(child.stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(child.stderr);
  return {
    seconds: Math.round(seconds * 100) / 100,
    cpuSeconds: user && system ? Math.round((Number(user[1]) + Number(system[1])) * 100) / 100 : null,
    peakRssMb: rss ? Math.round(Number(rss[1]) / 102.4) / 10 : null,
    output: `${child.stdout}${child.stderr}`,
  };
}

const verdict = (value: number | null, target: number): string =>
  value === null ? 'not measured' : value <= target ? 'met' : 'MISSED';

function line(
  label: string,
  value: number | null,
  unit: string,
  target: number,
  loadAverage: number,
): string {
  return `${label}: ${value ?? '?'} ${unit} (target <= ${target} ${unit}: ${verdict(value, target)}) [load ${loadAverage}]`;
}

export async function runScaleBench(options: { records?: number } = {}): Promise<string[]> {
  const records = options.records ?? 1_000_000;
  const outputDirectory = path.join(here, 'output');
  mkdirSync(outputDirectory, { recursive: true });
  const fixture = path.join(outputDirectory, `kaggle-${records}.jsonl`);
  const database = path.join(outputDirectory, `store-${records}.db`);
  const importFigures = path.join(outputDirectory, `import-${records}.json`);
  const posts = path.join(outputDirectory, 'scale-posts');
  const lines: string[] = [ensureBuilt()];

  if (!existsSync(fixture)) await writeKaggleFixture(fixture, records);
  const measuredNow = !existsSync(database) || !existsSync(importFigures);
  if (measuredNow) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${database}${suffix}`, { force: true });
    const before = load();
    const run = measure([cli, 'import', '--db', database, fixture]);
    writeFileSync(
      importFigures,
      JSON.stringify({
        ...run,
        output: run.output.split('\n').slice(0, 3).join('\n'),
        load: before,
        at: new Date().toISOString(),
      }),
    );
  }
  const imported = JSON.parse(readFileSync(importFigures, 'utf8')) as ChildFigures & {
    load: number;
    at: string;
  };
  lines.push(
    `${line(
      `import ${records.toLocaleString('en')} Kaggle records, peak RSS`,
      imported.peakRssMb,
      'MiB',
      300,
      imported.load,
    )} ${imported.seconds} s, measured ${imported.at}${measuredNow ? '' : ' (cached)'}`,
  );

  const build = (from: string, to: string): ChildFigures =>
    measure([
      cli,
      'build',
      '--db',
      database,
      '--topic',
      'multimodal',
      '--from',
      from,
      '--to',
      to,
      '--llm',
      'none',
      '--no-fetch',
      '--out',
      posts,
    ]);
  let loadAverage = load();
  const whole = build('2030-01-01', '2034-12-31');
  lines.push(
    `${line('build, window of all 1,000,000 papers', whole.seconds, 's', 10, loadAverage)} cpu ${whole.cpuSeconds} s`,
  );
  lines.push(
    line('build, window of all 1,000,000 papers, peak RSS', whole.peakRssMb, 'MiB', 500, loadAverage),
  );
  loadAverage = load();
  const week = build('2031-03-02', '2031-03-08');
  lines.push(
    `${line('build, one week (~4,700 papers)', week.seconds, 's', 3, loadAverage)} cpu ${week.cpuSeconds} s`,
  );
  lines.push(line('build, one week, peak RSS', week.peakRssMb, 'MiB', 500, loadAverage));

  const query = 'compositional image generation canvas';
  loadAverage = load();
  const bare = measure(['-e', '0']);
  const searches = [0, 1, 2].map(() => measure([cli, 'search', '--db', database, query]));
  const searchSeconds = searches.map((run) => run.seconds).sort((a, b) => a - b)[1] as number;
  lines.push(
    `${line('search (whole compiled CLI process, median of 3)', searchSeconds, 's', 0.35, loadAverage)} cpu ${searches.map((run) => run.cpuSeconds).join('/')} s; bare node -e 0: ${bare.seconds} s`,
  );
  const inProcess = execFileSync(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'scale-search.ts'), database, query],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  lines.push(`search query alone, in process: ${inProcess.trim()} [load ${load()}]`);
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const entry of await runScaleBench()) console.log(entry);
}
