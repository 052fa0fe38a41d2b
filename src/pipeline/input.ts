import path from 'node:path';
import { DigestError } from '../core/errors.ts';
import type { Paper, RecordProblem } from '../core/paper.ts';
import { slugify } from '../core/text.ts';
import { readPaperFile } from '../sources/files/index.ts';

/** Reads every paper of an --input file (any format `import` takes); bad records are reported, not fatal. */
export async function readInputPapers(file: string): Promise<{ papers: Paper[]; problems: RecordProblem[] }> {
  const papers: Paper[] = [];
  const problems: RecordProblem[] = [];
  for await (const event of readPaperFile(file)) {
    if (event.kind === 'paper') papers.push(event.paper.paper);
    else if (event.kind === 'problem') problems.push(event.problem);
  }
  if (papers.length === 0) {
    throw new DigestError(
      'INPUT',
      `${file}: no usable papers${problems[0] ? ` (${problems[0].origin}: ${problems[0].message})` : ''}`,
      {
        hint: 'pass a JSONL/JSON/Atom/OAI-PMH file with at least one valid record',
      },
    );
  }
  return { papers, problems };
}

/** The topic name for an --input build without --topic: the file's name ("seed-papers"). */
export function inputTopicName(file: string): string {
  const base = path
    .basename(file)
    .replace(/(\.gz)?$/, '')
    .replace(/\.(jsonl|json|xml|atom)$/i, '');
  return slugify(base, 'input');
}
