import { createHash } from 'node:crypto';
import type { DirectionNamer } from '../directions/types.ts';
import type { KeyValueArea } from '../store/types.ts';

/**
 * Direction names from the LLM, remembered in the store: a re-run over the same clusters (same
 * members, keywords, language, model and prompt) asks nothing, like the summary cache.
 */
export function createCachedNamer(
  namer: DirectionNamer,
  cache: KeyValueArea,
  identity: string,
): DirectionNamer & { hits(): number } {
  let hits = 0;
  return {
    hits: () => hits,
    async name(input) {
      const key = createHash('sha256')
        .update(
          JSON.stringify([
            identity,
            input.language,
            input.clusters.map((cluster) => [cluster.paperIds, cluster.representativeIds, cluster.keywords]),
          ]),
        )
        .digest('base64url');
      const cached = cache.get<{ name: string; overview: string }[]>(key);
      if (cached && cached.length === input.clusters.length) {
        hits += 1;
        return cached;
      }
      const names = await namer.name(input);
      cache.set(key, names);
      return names;
    },
  };
}
