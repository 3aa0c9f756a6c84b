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

/**
 * percentileRankOf of each of `targets` among the values at from, from + step, … of `values`, in one pass
 * (each value's place among the sorted targets found by bisection): the same counts, so the same numbers.
 * O(n·log k), for a cluster's centres among 500,000 organisations without a pass per centre.
 */
export function percentileRanksOf(values: ArrayLike<number>, targets: readonly number[], from = 0, step = 1): number[] {
  const sorted = Float64Array.from(new Set(targets)).sort();
  const m = sorted.length;
  // startsBelow[t]: values below sorted[t] and not below sorted[t − 1]; equal[t]: values equal to sorted[t].
  const startsBelow = new Float64Array(m + 1);
  const equal = new Float64Array(m);
  let n = 0;
  for (let i = from; i < values.length; i += step) {
    n++;
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    const lo = lowerBound(sorted, v);
    if (lo < m && sorted[lo] === v) {
      equal[lo]!++;
      startsBelow[lo + 1]!++;
    } else startsBelow[lo]!++;
  }
  const rankOf = new Map<number, number>();
  for (let t = 0, below = 0; t < m; t++) {
    below += startsBelow[t]!;
    rankOf.set(sorted[t]!, (100 * (below + equal[t]! / 2)) / n);
  }
  return targets.map((target) => rankOf.get(target)!);
}
