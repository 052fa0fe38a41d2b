import type { Direction, Language } from '../core/digest.ts';
import { DigestError } from '../core/errors.ts';
import { assertDirectionInvariants } from '../directions/invariants.ts';
import type { Cluster, DirectionNamer } from '../directions/types.ts';

/**
 * No namer answer can fail a build: names and overviews are held to the direction invariants (the
 * rules `nameDirections` enforces: language, distinctness, length, whatever they hold) by calling
 * them, not by copying them. A direction whose label breaks one gets the offline name for that
 * direction, and if even that breaks one, a plain numbered name; every replacement is reported.
 */

type Label = { name: string; overview: string };
// Only the clusters and the language are read; papers stay loose so the LLM namer's input fits too.
type NamingInput = { clusters: Cluster[]; papers: readonly unknown[]; language: Language };

export interface NameReplacement {
  /** 1-based, as the post numbers directions. */
  direction: number;
  rejected: string;
  reason: string;
  replacement: string;
}

function directionOf(cluster: Cluster, label: Label): Direction {
  return {
    name: label.name.replace(/\s+/g, ' ').trim(),
    overview: label.overview.replace(/\s+/g, ' ').trim(),
    keywords: [...cluster.keywords],
    paperIds: [...cluster.paperIds],
    representativeIds: [...cluster.representativeIds],
  };
}

/** The invariant a set of directions breaks, or null: the invariants module's own message. */
function brokenInvariant(directions: Direction[], paperIds: string[], language: Language): string | null {
  try {
    assertDirectionInvariants(directions, paperIds, language);
    return null;
  } catch (error) {
    if (error instanceof DigestError) return error.message.replace(/^directions: /, '');
    throw error;
  }
}

/** Why one label breaks the invariants for its direction (alone, then among all), or null. */
export function directionLabelProblem(
  input: NamingInput,
  labels: readonly (Label | undefined)[],
  index: number,
): string | null {
  const cluster = input.clusters[index];
  const label = labels[index];
  if (!cluster || !label) return 'no label for this direction';
  const alone = brokenInvariant([directionOf(cluster, label)], [...cluster.paperIds], input.language);
  if (alone) return alone;
  // Distinctness and any rule across directions: the labels before this one, this one last.
  const others = labels
    .slice(0, index)
    .flatMap((other, at) =>
      other && input.clusters[at] ? [directionOf(input.clusters[at] as Cluster, other)] : [],
    );
  const all = [...others, directionOf(cluster, label)];
  const across = brokenInvariant(
    all,
    all.flatMap((direction) => direction.paperIds),
    input.language,
  );
  return across && new RegExp(`direction ${all.length}\\b|directions? \\d+ and ${all.length}\\b`).test(across)
    ? across
    : null;
}

function numberedLabel(index: number, language: Language, cluster: Cluster): Label {
  const count = cluster.paperIds.length;
  return language === 'zh'
    ? { name: `研究方向${index + 1}`, overview: `本方向收录${count}篇主题相近的论文。` }
    : {
        name: `Research direction ${index + 1}`,
        overview: `${count} paper${count === 1 ? '' : 's'} on closely related questions.`,
      };
}

export function createCheckedNamer(
  namer: DirectionNamer,
  offline: DirectionNamer,
  log: (line: string) => void = () => {},
): DirectionNamer & { replacements(): NameReplacement[] } {
  let replacements: NameReplacement[] = [];
  return {
    replacements: () => [...replacements],
    async name(input) {
      replacements = [];
      const answer = await namer.name(input);
      const labels: Label[] = input.clusters.map((_, index) => ({
        name: answer[index]?.name ?? '',
        overview: answer[index]?.overview ?? '',
      }));
      let offlineLabels: Label[] | undefined;
      const replace = async (index: number, reason: string) => {
        offlineLabels ??= await offline.name(input);
        const rejected = labels[index]?.name ?? '';
        const candidates = [
          offlineLabels[index],
          numberedLabel(index, input.language, input.clusters[index] as Cluster),
        ];
        for (const candidate of candidates) {
          if (!candidate) continue;
          labels[index] = candidate;
          if (!directionLabelProblem(input, labels, index)) break;
        }
        const replacement = labels[index]?.name ?? '';
        replacements.push({ direction: index + 1, rejected, reason, replacement });
        log(`[directions] direction ${index + 1} "${rejected}": ${reason}; named "${replacement}" instead`);
      };
      for (let index = 0; index < labels.length; index++) {
        const problem = directionLabelProblem(input, labels, index);
        if (problem) await replace(index, problem);
      }
      return labels;
    },
  };
}
