// Exact quantiles of sorted samples, with the definition DuckDB's quantile_cont()/median() and numpy use.

import { quantileSorted as interpolatedQuantile } from 'simple-statistics';

/**
 * The p-quantile of ascending `sorted` values by linear interpolation between closest ranks (Hyndman & Fan
 * type 7, simple-statistics' quantileSorted): h = (n − 1)·p, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * p = 0.5 is the median (mean of the two middle values for even n). O(1); NaN for no values.
 * @example quantileSorted(Float64Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 0.9) // 8.1, as DuckDB quantile_cont
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  return sorted.length === 0 ? NaN : interpolatedQuantile(sorted as number[], p);
}

/** Median of unsorted values (copied, not modified). NaN for none. */
export function median(values: ArrayLike<number>): number {
  return quantileSorted(Float64Array.from(values).sort(), 0.5);
}
