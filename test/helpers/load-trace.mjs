// `node --import ./test/helpers/load-trace.mjs ...` with LOAD_TRACE_FILE set: appends to that file
// every module the process loads, one URL or path a line: ESM imports as the loader resolves them
// (load-trace-hooks.mjs), CommonJS modules from the require cache when the process exits. Plain
// JavaScript, so it traces the compiled CLI without tsx.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const file = process.env.LOAD_TRACE_FILE;
if (file) {
  register('./load-trace-hooks.mjs', import.meta.url, { data: { file } });
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    appendFileSync(file, `${Object.keys(require.cache).join('\n')}\n`);
  });
}
