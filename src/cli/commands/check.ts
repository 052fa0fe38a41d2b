import { existsSync } from 'node:fs';
import path from 'node:path';
import { DigestError } from '../../core/errors.ts';
import type { Paper } from '../../core/paper.ts';
import type { RunRecord } from '../../store/types.ts';
import type { CheckReport } from '../../verify/check.ts';
import type { CheckFinding } from '../../verify/check-paper.ts';
import type { RegisterCommand } from '../context.ts';

function findingLine(finding: CheckFinding): string {
  const claim = finding.claim.replace(/\s+/g, ' ');
  const shown = claim.length > 120 ? `${claim.slice(0, 119)}…` : claim;
  const reason = finding.severity === 'unverifiable' ? `unverifiable: ${finding.reason}` : finding.reason;
  return `${finding.paperId ?? '-'}  ${finding.kind}  "${shown}"  — ${reason}`;
}

function summaryLine(report: CheckReport): string {
  return `check: ${report.papersChecked} papers, ${report.claimsChecked} claims, ${report.unsupported.length} unsupported, ${report.unverifiable.length} unverifiable`;
}

export const registerCheck: RegisterCommand = (program, context) => {
  program
    .command('check')
    .description(
      "check a post's claims (venues, numbers, links, authors, trends) against the papers' metadata",
    )
    .argument('<post>', 'the post, a Markdown file written by build (or any post in that shape)')
    .option(
      '--papers <file>',
      'read the papers from this file (JSONL/JSON/Kaggle/Atom/OAI, .gz ok) instead of the store',
    )
    .addHelpText(
      'after',
      `
Exit status: 1 when any claim is unsupported; 0 when clean (unverifiable claims are listed but do not fail).

Examples:
  $ arxiv-digest check posts/multimodal-2025-11-28.md
  $ arxiv-digest check ../shared/seed/multimodal.md --papers ../shared/data/seed-papers.jsonl --json`,
    )
    .action(async (postArgument: string, options: { papers?: string }, command) => {
      // Loaded when the command runs, not when it is registered (see commands/index.ts).
      const [
        { openStore, resolveDatabasePath },
        { checkPost },
        { papersFromFile, readPostFile, runFacts, runOfPost },
      ] = await Promise.all([
        import('../../store/index.ts'),
        import('../../verify/check.ts'),
        import('../../verify/check-inputs.ts'),
      ]);
      const post = readPostFile(path.resolve(context.io.cwd, postArgument));
      const databasePath = resolveDatabasePath(context.globals(command).db, context.io.env, context.io.cwd);
      let papers = new Map<string, Paper>();
      let run: RunRecord | null = null;
      let source: string;
      if (options.papers) {
        const file = path.resolve(context.io.cwd, options.papers);
        let skipped = 0;
        papers = await papersFromFile(file, post.ids, () => {
          skipped += 1;
        });
        if (skipped > 0)
          context.warn(command, `${skipped} unreadable records in ${options.papers} were skipped`);
        source = options.papers;
      } else {
        if (databasePath !== ':memory:' && !existsSync(databasePath)) {
          throw new DigestError('INPUT', `no database at ${databasePath} to read the papers from`, {
            hint: 'import the papers first, or pass --papers FILE',
          });
        }
        source = databasePath;
      }
      // The store also holds the run the post was built in (its trend facts); without --papers it holds the papers.
      if (databasePath !== ':memory:' && existsSync(databasePath)) {
        const store = openStore({ path: databasePath });
        try {
          if (!options.papers) papers = new Map(store.getMany(post.ids).map((paper) => [paper.id, paper]));
          run = runOfPost(store, post);
        } finally {
          store.close();
        }
      }
      const report = checkPost({ markdown: post.markdown, papers, run: runFacts(run) });
      if (post.ids.length === 0)
        context.warn(command, `${postArgument} links to no arXiv paper; is it a digest post?`);
      if (report.unsupported.length > 0) context.setExitCode(1);
      const lines = [...report.unsupported, ...report.unverifiable].map(findingLine);
      lines.push(summaryLine(report));
      context.report(
        command,
        {
          post: path.relative(context.io.cwd, post.path) || post.path,
          papers: source,
          run: run?.id ?? null,
          ...report,
        },
        lines,
      );
    });
};
