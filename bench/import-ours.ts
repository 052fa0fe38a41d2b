import { rmSync } from 'node:fs';
import { importFiles } from '../src/pipeline/import.ts';
import { openStore } from '../src/store/index.ts';

/**
 * Our side of the import benchmark, as its own process so its peak memory is measured alone: the
 * same code path as `arxiv-digest import` (worker-thread parsing, main-thread writing). Prints JSON.
 */
const [file, database] = process.argv.slice(2);
if (!file || !database) throw new Error('usage: import-ours.ts FILE DATABASE');
for (const suffix of ['', '-wal', '-shm']) rmSync(`${database}${suffix}`, { force: true });
const started = performance.now();
const store = openStore({ path: database });
const [result] = await importFiles(store, [file]);
store.close();
const seconds = (performance.now() - started) / 1000;
const records = result?.read ?? 0;
console.log(
  JSON.stringify({
    records,
    stored: result?.new ?? 0,
    seconds: Math.round(seconds * 1000) / 1000,
    records_per_second: Math.round(records / seconds),
    // maxRSS covers the whole process: the main thread and the parsing worker.
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 102.4) / 10,
  }),
);
