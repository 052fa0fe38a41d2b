import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { type Digest, languages } from '../core/digest.ts';
import { DigestError } from '../core/errors.ts';
import { describeIssue } from '../core/schema.ts';
import { digestHasMath } from '../render/math-html.ts';
import { searchPaths } from '../render/search.ts';
import {
  checkSitePath,
  type RenderSiteOptions,
  renderSite,
  type SiteEntry,
  type SiteFiles,
} from '../render/site.ts';
import type { PaperStore, RunRecord } from '../store/types.ts';
import { resolveInside, writeFileAtomic } from './files.ts';
import { katexAssets } from './katex-assets.ts';
import { addSearchIndex } from './search-index.ts';

/**
 * Writes the static site to a directory, and rebuilds it from the runs the store keeps (`publish`,
 * `build --site`). The site directory may hold other files: only files this module wrote before
 * (listed in its manifest) are ever removed, and only when the new site no longer has them.
 */

export const siteManifestName = '.arxiv-digest-site.json';

const manifestSchema = z.object({ generator: z.literal('arxiv-digest'), files: z.array(z.string()) });

export interface WriteSiteResult {
  dir: string;
  /** Site-relative paths whose content changed (or that are new). */
  written: string[];
  /** Site-relative paths already holding the same bytes (left alone, so their mtime stays). */
  unchanged: string[];
  /** Files of an earlier site that the new one no longer has. */
  removed: string[];
}

function segmentsOf(sitePath: string): string[] {
  return checkSitePath(sitePath).split('/');
}

function sameContent(filePath: string, content: string | Uint8Array): boolean {
  if (!existsSync(filePath)) return false;
  const current = readFileSync(filePath);
  const next = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  return current.equals(next);
}

function readManifest(dir: string): string[] {
  const manifestPath = path.join(dir, siteManifestName);
  if (!existsSync(manifestPath)) return [];
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(manifestPath, 'utf8')));
    // A manifest we cannot read removes nothing: never guess which files are ours.
    return parsed.success ? parsed.data.files : [];
  } catch {
    return [];
  }
}

/** Removes a directory left empty by a removed file, up to (not including) the site root. */
function pruneEmptyDirectories(root: string, filePath: string): void {
  let directory = path.dirname(filePath);
  while (directory.startsWith(root + path.sep) && readdirSync(directory).length === 0) {
    rmdirSync(directory);
    directory = path.dirname(directory);
  }
}

/**
 * Writes every file atomically under `dir` (each path checked to stay inside it), skips files whose
 * bytes are unchanged, and removes files a previous site wrote that this one no longer has.
 */
export function writeSite(dir: string, files: SiteFiles): WriteSiteResult {
  const root = path.resolve(dir);
  const previous = readManifest(root);
  const result: WriteSiteResult = { dir: root, written: [], unchanged: [], removed: [] };
  const paths = [...files.keys()].sort();
  for (const sitePath of paths) {
    const content = files.get(sitePath) as string | Uint8Array;
    const target = resolveInside(root, ...segmentsOf(sitePath));
    if (sameContent(target, content)) {
      result.unchanged.push(sitePath);
      continue;
    }
    writeFileAtomic(target, content);
    result.written.push(sitePath);
  }
  for (const sitePath of previous) {
    if (files.has(sitePath)) continue;
    let target: string;
    try {
      target = resolveInside(root, ...segmentsOf(sitePath));
    } catch {
      continue; // a tampered manifest entry pointing outside: ignore it
    }
    if (!existsSync(target)) continue;
    rmSync(target, { force: true });
    pruneEmptyDirectories(root, target);
    result.removed.push(sitePath);
  }
  writeFileAtomic(
    path.join(root, siteManifestName),
    `${JSON.stringify({ generator: 'arxiv-digest', files: paths }, null, 2)}\n`,
  );
  return result;
}

// The fields of a stored digest the site reads; the rest passes through unchecked.
const storedDigestSchema = z.looseObject({
  topic: z.looseObject({ name: z.string().min(1), title: z.string().min(1), tags: z.array(z.string()) }),
  language: z.enum(languages),
  window: z.object({ from: z.string(), to: z.string() }),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  title: z.string().min(1),
  description: z.string(),
  slug: z.string().min(1),
  tags: z.array(z.string()),
  draft: z.boolean(),
  generator: z.enum(['llm', 'extractive', 'mixed']),
  papers: z.array(
    z.looseObject({
      paper: z.looseObject({ id: z.string().min(1), title: z.string(), authors: z.array(z.string()) }),
      summary: z.looseObject({ text: z.string(), keyInnovation: z.string() }),
    }),
  ),
  directions: z.array(
    z.looseObject({ name: z.string(), overview: z.string(), paperIds: z.array(z.string()) }),
  ),
  trends: z.looseObject({
    history: z.looseObject({ fromMonth: z.string(), toMonth: z.string(), papers: z.number() }),
    monthly: z.array(
      z.object({ subject: z.string(), counts: z.array(z.object({ month: z.string(), count: z.number() })) }),
    ),
    statements: z.array(z.looseObject({ text: z.string() })),
  }),
});

export interface SkippedRun {
  runId: number;
  reason: string;
}

/** Site entries from stored runs; a run whose stored digest is unusable is skipped and reported. */
export function siteEntriesFromRuns(runs: RunRecord[]): { entries: SiteEntry[]; skipped: SkippedRun[] } {
  const entries: SiteEntry[] = [];
  const skipped: SkippedRun[] = [];
  for (const run of runs) {
    const parsed = storedDigestSchema.safeParse(run.digest);
    if (!parsed.success) {
      skipped.push({ runId: run.id, reason: `stored digest is invalid (${describeIssue(parsed.error)})` });
      continue;
    }
    entries.push({ digest: run.digest as Digest, createdAt: run.createdAt });
  }
  return { entries, skipped };
}

export interface PublishOptions extends RenderSiteOptions {
  store: Pick<PaperStore, 'listRuns'>;
  dir: string;
}

export interface PublishResult extends WriteSiteResult {
  /** Digests on the site (after a rebuilt digest replaced its older run). */
  digests: number;
  topics: string[];
  skipped: SkippedRun[];
}

/** Rebuilds the whole site from the store's runs and writes it (the `publish` command). */
export async function publishSite(options: PublishOptions): Promise<PublishResult> {
  checkSiteDirectory(options.dir);
  // Always every topic: the site is rewritten as a whole, and files of topics left out would be removed.
  const runs = options.store.listRuns();
  const { entries, skipped } = siteEntriesFromRuns(runs);
  const files = await addSearchIndex(
    await renderSite(entries, {
      ...(options.siteUrl ? { siteUrl: options.siteUrl } : {}),
      ...(options.language ? { language: options.language } : {}),
      search: true,
    }),
    { languages: entries.map((entry) => entry.digest.language) },
  );
  const posts = [...files.keys()].filter(
    (sitePath) =>
      !sitePath.startsWith('topics/') &&
      sitePath !== 'index.html' &&
      sitePath.endsWith('.html') &&
      !sitePath.startsWith(searchPaths.bundle),
  );
  // Pages with formulas link KaTeX's stylesheet under the site root; it ships with them.
  if (entries.some((entry) => digestHasMath(entry.digest))) {
    for (const [sitePath, content] of katexAssets()) files.set(sitePath, content);
  }
  const written = writeSite(options.dir, files);
  const topics = [...new Set(entries.map((entry) => entry.digest.topic.name))].sort();
  return { ...written, digests: posts.length, topics, skipped };
}

/** Refuses a site directory path that exists but is not a directory. */
export function checkSiteDirectory(dir: string): string {
  const resolved = path.resolve(dir);
  if (existsSync(resolved) && !statSync(resolved).isDirectory()) {
    throw new DigestError('OUTPUT', `site directory ${dir} is not a directory`, {
      hint: 'pass a directory path (it is created when missing)',
    });
  }
  return resolved;
}
