import os from 'node:os';
import { runDirectionsBench } from './directions.ts';
import { runImportBench } from './import.ts';
import { runLlmOrchestrationBench } from './llm-orchestration.ts';
import { runScaleBench } from './scale.ts';
import { runStartupBench } from './startup.ts';

/**
 * `npm run bench`: every benchmark, each against its peer measured in the same run. Prints figures;
 * never fails on a missed target (benchmarks are not tests). The machine's load is printed because it
 * moves every figure.
 */
const only = process.argv.slice(2);
const wanted = (name: string): boolean => only.length === 0 || only.includes(name);

console.log(
  `machine: ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`,
);
if (wanted('import')) {
  console.log(
    '\n== import: 200,000 Kaggle-format records, ours vs Python (json + sqlite3 executemany + FTS5)',
  );
  console.log(JSON.stringify(await runImportBench(), null, 2));
}
if (wanted('directions')) {
  console.log(
    '\n== directions: NMI vs primary categories and time, ours vs scikit-learn TfidfVectorizer + KMeans',
  );
  console.log(JSON.stringify(await runDirectionsBench(), null, 2));
}
if (wanted('llm')) {
  console.log('\n== LLM orchestration: 200 papers, local server answering after 200 ms');
  console.log(JSON.stringify(await runLlmOrchestrationBench(), null, 2));
}
if (wanted('startup')) {
  console.log('\n== startup: compiled CLI against `node -e 0` in the same run (medians)');
  console.log(JSON.stringify(runStartupBench(), null, 2));
}
// Not in the default run: the first run writes a 1.9 GB fixture and a 3 GB store (cached after).
if (only.includes('scale')) {
  console.log('\n== scale: 1,000,000 Kaggle-format papers: import, build (all / one week), search');
  for (const entry of await runScaleBench()) console.log(entry);
}
console.log(
  `\nload average after: ${os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`,
);
