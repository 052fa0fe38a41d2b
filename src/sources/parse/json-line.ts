import type { Paper, RecordProblem } from '../../core/paper.ts';
import { kaggleRecordToPaper, looksLikeKaggleRecord } from './kaggle.ts';
import { digestRecordToPaper } from './record.ts';

/** JSON record shapes: our schema, Kaggle's snapshot, or either decided per record (JSON arrays). */
export type JsonRecordFormat = 'jsonl' | 'kaggle-jsonl' | 'json-array';

export function isRecordProblem(value: Paper | RecordProblem): value is RecordProblem {
  return 'message' in value;
}

/** Maps an already parsed JSON record. */
export function jsonRecordToPaper(
  record: unknown,
  format: JsonRecordFormat,
  origin: string,
): Paper | RecordProblem {
  if (format === 'kaggle-jsonl') return kaggleRecordToPaper(record, origin);
  if (format === 'json-array' && looksLikeKaggleRecord(record)) return kaggleRecordToPaper(record, origin);
  return digestRecordToPaper(record, origin);
}

/**
 * Parses one JSON line into a Paper or a problem, with no I/O and plain-data results, so the
 * import can run it in worker threads. `origin` names the line ("dump.jsonl:17").
 */
export function parseJsonLine(line: string, format: JsonRecordFormat, origin: string): Paper | RecordProblem {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (error) {
    return { origin, message: `malformed JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  return jsonRecordToPaper(record, format, origin);
}
