// Module customization hooks for load-trace.mjs: each resolved ESM URL goes into the trace file.
import { appendFileSync } from 'node:fs';

let traceFile = '';

export function initialize(data) {
  traceFile = data.file;
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  appendFileSync(traceFile, `${result.url}\n`);
  return result;
}
