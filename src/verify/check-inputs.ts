import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArxivId } from '../core/arxiv-id.ts';
import { DigestError } from '../core/errors.ts';
import type { Paper, RecordProblem } from '../core/paper.ts';
import { readPaperFile } from '../sources/files/index.ts';
import type { PaperStore, RunRecord } from '../store/types.ts';
import type { RunFacts } from './check-trends.ts';
import { parsePost } from './post.ts';

/**
 * The I/O edge of `check`: reading the post, the papers (from a file or the store) and the run
 * the post was built in (whose trend facts the trend figures must match).
 */

export interface PostFile {
  path: string;
  markdown: string;
  /** Every arXiv id the post links to. */
  ids: string[];
  slug: string | null;
  language: string | null;
}

export function readPostFile(postPath: string): PostFile {
  if (!existsSync(postPath)) {
    throw new DigestError('INPUT', `${postPath}: no such file`, { hint: 'give the path of a post .md file' });
  }
  if (!statSync(postPath).isFile()) {
    throw new DigestError('INPUT', `${postPath} is a directory, not a post`, {
      hint: 'give the path of a post .md file',
    });
  }
  let markdown: string;
  try {
    markdown = readFileSync(postPath, 'utf8');
  } catch (error) {
    throw new DigestError('INPUT', `${postPath}: cannot read (${(error as Error).message})`, {
      hint: 'check the file permissions',
      cause: error,
    });
  }
  const post = parsePost(markdown);
  const ids = [
    ...new Set(
      post.links.map((link) => parseArxivId(link.url.trim())?.id).filter((id): id is string => !!id),
    ),
  ];
  const slug = typeof post.frontmatter.slug === 'string' ? post.frontmatter.slug : null;
  return { path: postPath, markdown, ids, slug, language: post.language };
}

/** The papers of a papers file (any format the file reader knows) that the post links to. */
export async function papersFromFile(
  file: string,
  ids: string[],
  onProblem: (problem: RecordProblem) => void,
): Promise<Map<string, Paper>> {
  const wanted = new Set(ids);
  const papers = new Map<string, Paper>();
  for await (const event of readPaperFile(file)) {
    if (event.kind === 'problem') onProblem(event.problem);
    else if (event.kind === 'paper' && wanted.has(event.paper.paper.id)) {
      const known = papers.get(event.paper.paper.id);
      // The latest version a file holds describes the paper best.
      if (!known || (event.paper.paper.version ?? 0) >= (known.version ?? 0))
        papers.set(event.paper.paper.id, event.paper.paper);
    }
  }
  return papers;
}

/** The stored run that wrote this post: by output path, else by slug and language; the latest wins. */
export function runOfPost(store: PaperStore, post: PostFile): RunRecord | null {
  const runs = store.listRuns();
  const resolved = path.resolve(post.path);
  const byPath = runs.filter((run) =>
    Object.values(run.outputs).some((output) => path.resolve(output) === resolved),
  );
  const bySlug = runs.filter(
    (run) => post.slug !== null && run.digest?.slug === post.slug && run.language === post.language,
  );
  const matches = byPath.length > 0 ? byPath : bySlug;
  return matches.reduce<RunRecord | null>(
    (latest, run) => (!latest || run.id > latest.id ? run : latest),
    null,
  );
}

export function runFacts(run: RunRecord | null): RunFacts | null {
  return run ? { trendFacts: run.trendFacts, history: run.history ?? null } : null;
}
