import path from 'node:path';
import type { ImportFileResult } from '../../pipeline/import.ts';
import type { RegisterCommand } from '../context.ts';
import { withStore } from '../shared.ts';

export const registerImport: RegisterCommand = (program, context) => {
  program
    .command('import')
    .description(
      'import papers from files: JSONL/JSON (our schema or the Kaggle snapshot), arXiv Atom, OAI-PMH XML; .gz ok',
    )
    .argument('<files...>', 'files to import (format detected from content)')
    .option('--strict', 'stop at the first bad record instead of skipping it')
    .addHelpText(
      'after',
      '\nExample:\n  $ arxiv-digest import ../shared/data/seed-papers.jsonl data/*.jsonl.gz',
    )
    .action(async (files: string[], options: { strict?: boolean }, command) => {
      // Loaded when the command runs, not when it is registered (see commands/index.ts).
      const [{ checkImportable, describeImport, importFiles }, { createProgress }] = await Promise.all([
        import('../../pipeline/import.ts'),
        import('../progress.ts'),
      ]);
      const globals = context.globals(command);
      const absolute = files.map((file) => path.resolve(context.io.cwd, file));
      // A missing, empty, binary or unusable file fails before the store is opened (or created) and
      // before any other file is imported.
      for (const file of absolute) await checkImportable(file);
      const progress = createProgress(context.io, { ...globals, unit: 'MB' });
      let results: ImportFileResult[] = [];
      try {
        results = await withStore(context, command, (store) =>
          importFiles(store, absolute, {
            strict: options.strict === true,
            onProblem: (problem) => context.warn(command, `skipped ${problem.origin}: ${problem.message}`),
            onBytes: (file, read, total) =>
              progress.update(
                Math.round(read / 1e6),
                Math.max(1, Math.round(total / 1e6)),
                path.basename(file),
              ),
          }),
        );
      } finally {
        progress.stop();
      }
      const totals = results.reduce(
        (sum, result) => ({
          read: sum.read + result.read,
          new: sum.new + result.new,
          updated: sum.updated + result.updated,
          unchanged: sum.unchanged + result.unchanged,
          skipped: sum.skipped + result.skipped,
          deleted: sum.deleted + result.deleted,
        }),
        { read: 0, new: 0, updated: 0, unchanged: 0, skipped: 0, deleted: 0 },
      );
      const lines = results.map((result) => describeImport(result, context.io.cwd));
      if (results.length > 1) {
        lines.push(
          `total: read ${totals.read}, new ${totals.new}, updated ${totals.updated}, unchanged ${totals.unchanged}, skipped ${totals.skipped}`,
        );
      }
      context.report(
        command,
        {
          ok: true,
          files: results.map((result) => ({
            ...result,
            file: path.relative(context.io.cwd, result.file) || result.file,
          })),
          totals,
        },
        lines,
      );
    });
};
