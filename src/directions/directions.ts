import { z } from 'zod';
import type { Direction, Language } from '../core/digest.ts';
import { parseWith } from '../core/schema.ts';
import { assertDirectionInvariants } from './invariants.ts';
import { nameProblems } from './name-rules.ts';
import { createOfflineNamer, offlineDirectionNames } from './offline-namer.ts';
import type { ClusteringResult, DirectionNamer, DirectionPaper } from './types.ts';

const singleLine = z
  .string()
  .transform((text) => text.replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1));

/** Joins clusters with their names, in cluster order. */
export function buildDirections(
  clustering: ClusteringResult,
  names: readonly { name: string; overview: string }[],
): Direction[] {
  return clustering.clusters.map((cluster, index) => ({
    name: names[index]?.name ?? '',
    overview: names[index]?.overview ?? '',
    keywords: [...cluster.keywords],
    paperIds: [...cluster.paperIds],
    representativeIds: [...cluster.representativeIds],
  }));
}

/**
 * Names the clusters (offline namer unless another is given), checks the namer's answer (one name and
 * one overview per cluster; whitespace collapsed; names that break the naming rules give way to the
 * offline names) and the direction invariants, and returns Directions.
 */
export async function nameDirections(
  clustering: ClusteringResult,
  papers: DirectionPaper[],
  language: Language,
  namer: DirectionNamer = createOfflineNamer(),
): Promise<Direction[]> {
  const count = clustering.clusters.length;
  const answer = await namer.name({ clusters: clustering.clusters, papers, language });
  const names = parseWith(
    z.array(z.object({ name: singleLine, overview: singleLine })).length(count),
    answer,
    `direction names (${count} expected)`,
    'LLM',
    'the namer must return one non-empty name and overview per direction, in order',
  );
  // A model's names, or a model's mixed with offline fallbacks, can share a term or restate one; the
  // offline names never do (name-rules.ts), so they replace the whole set rather than fail the build.
  const usable =
    nameProblems(
      names.map((entry) => entry.name),
      language,
    ).length === 0
      ? names
      : offlineDirectionNames(clustering.clusters, papers, language);
  const directions = buildDirections(clustering, usable);
  assertDirectionInvariants(
    directions,
    papers.map((paper) => paper.id),
    language,
  );
  return directions;
}
