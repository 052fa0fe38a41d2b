/** Research directions: clustering papers, keywords, names and the invariants the post relies on. */

export { directionCountBounds } from './bounds.ts';
export { clusterPapers, defaultKRange, defaultSeed, paperText } from './cluster.ts';
export { buildDirections, nameDirections } from './directions.ts';
export { type FieldGroup, fieldOfCategory } from './field-glossary.ts';
export { translateTerm } from './glossary.ts';
export { assertDirectionInvariants, nameProblems } from './invariants.ts';
export { normalizedMutualInformation } from './metrics.ts';
export { createOfflineNamer, offlineDirectionNames } from './offline-namer.ts';
export type {
  Cluster,
  ClusteringOptions,
  ClusteringResult,
  DirectionNamer,
  DirectionPaper,
} from './types.ts';
