import type { RecordProblem, SourcedPaper } from '../../core/paper.ts';

/** What reading a paper file produces, in file order. */
export type FileReadEvent =
  | { kind: 'paper'; paper: SourcedPaper }
  | { kind: 'problem'; problem: RecordProblem }
  | { kind: 'deleted'; id: string; origin: string };
