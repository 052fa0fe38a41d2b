/** Research directions: clustering papers, keywords, names and the invariants the post relies on. */
export { clusterPapers, defaultKRange, defaultSeed, paperText } from './cluster.ts';
export { buildDirections, nameDirections } from './directions.ts';
export { translateTerm } from './glossary.ts';
export { assertDirectionInvariants } from './invariants.ts';
export { normalizedMutualInformation } from './metrics.ts';
export { createOfflineNamer, offlineDirectionNames } from './offline-namer.ts';
export type {
  Cluster,
  ClusteringOptions,
  ClusteringResult,
  DirectionNamer,
  DirectionPaper,
} from './types.ts';
