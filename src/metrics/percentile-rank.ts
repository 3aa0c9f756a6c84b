// Percentile rank in sorted values: where the archetype rules place a centroid and the peer benchmark an organisation.

import { lowerBound, upperBound } from './lower-bound.js';

/**
 * Percentile rank (0–100) of `value` in ascending `sorted` values: the share below plus half the share equal,
 * as SciPy's percentileofscore(kind="mean"). O(log n).
 * @example percentileRankSorted([1, 2, 3, 3, 4], 3) // 60
 */
export function percentileRankSorted(sorted: ArrayLike<number>, value: number): number {
  const below = lowerBound(sorted, value);
  const equal = upperBound(sorted, value) - below;
  return (100 * (below + equal / 2)) / sorted.length;
}

/**
 * percentileRankSorted over unsorted values: the same counts (below, equal) taken in one pass, so the same
 * number. O(n), for a few ranks in many values (a cluster's centre among 500,000 organisations) where a sort
 * would cost more.
 */
export function percentileRankOf(values: ArrayLike<number>, value: number): number {
  let below = 0;
  let equal = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < value) below++;
    else if (v === value) equal++;
  }
  return (100 * (below + equal / 2)) / values.length;
}
