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
  let bytes: Buffer;
  try {
    bytes = readFileSync(postPath);
  } catch (error) {
    throw new DigestError('INPUT', `${postPath}: cannot read (${(error as Error).message})`, {
      hint: 'check the file permissions',
      cause: error,
    });
  }
  // An empty or binary file (NUL bytes or not UTF-8, as import judges files) is not a post: checking
  // it would "pass" with 0 claims.
  let markdown: string;
  try {
    if (bytes.includes(0)) throw new Error('NUL byte');
    markdown = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DigestError('INPUT', `${postPath}: binary data, not a Markdown post`, {
      hint: 'give the path of a post .md file (UTF-8 text)',
    });
  }
  if (markdown.trim().length === 0) {
    throw new DigestError('INPUT', `${postPath}: empty file`, { hint: 'give the path of a post .md file' });
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
  let usable = 0;
  let bad = 0;
  let first: RecordProblem | null = null;
  for await (const event of readPaperFile(file)) {
    if (event.kind === 'problem') {
      bad += 1;
      first ??= event.problem;
      onProblem(event.problem);
    } else usable += 1;
    if (event.kind === 'paper' && wanted.has(event.paper.paper.id)) {
      const known = papers.get(event.paper.paper.id);
      // The latest version a file holds describes the paper best.
      if (!known || (event.paper.paper.version ?? 0) >= (known.version ?? 0))
        papers.set(event.paper.paper.id, event.paper.paper);
    }
  }
  // Not one readable record: the wrong file, not a few bad lines (checking against nothing would pass).
  if (usable === 0 && first) {
    throw new DigestError(
      'INPUT',
      `${file}: no usable records (${bad} bad; first: ${first.origin}: ${first.message})`,
      {
        hint: 'pass --papers a JSONL/JSON/Atom/OAI-PMH file of arXiv records',
      },
    );
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
