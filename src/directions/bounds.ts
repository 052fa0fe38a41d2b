/**
 * How many directions a reader can use, by the number of papers. A reader scans a handful of directions
 * for a small digest and wants finer ones for a large one, but past about twenty a list stops being a
 * map. The rule:
 *
 *   min = 2 + floor(log4(n))          (30 papers: 4; 200: 5; 1,200: 7; 7,719: 8)
 *   max = min(20, ceil(2 * cbrt(n)))  (30 papers: 7; 200: 12; 1,200: 20)
 *
 * Below 8 papers the old range [3, 8] stands (the clustering caps it at n - 1): such digests are read
 * paper by paper anyway. k is chosen by cosine silhouette inside these bounds, and from 30 papers on a
 * direction of fewer than `smallestDirection` papers joins its nearest direction.
 */
export function directionCountBounds(paperCount: number): { min: number; max: number } {
  if (paperCount < smallInput) return { min: 3, max: 8 };
  const max = Math.min(20, Math.ceil(2 * Math.cbrt(paperCount)));
  const min = Math.min(max, 2 + Math.floor(Math.log(paperCount) / Math.log(4)));
  return { min, max };
}

/** Below this many papers the bounds and the merging of small directions do not apply. */
export const smallInput = 8;

/** From this many papers on, no direction has fewer than `smallestDirection` papers. */
export const mergeFrom = 30;
export const smallestDirection = 3;
