// Exact quantiles of sorted samples, with the definition DuckDB's quantile_cont()/median() and numpy use.

import { quantileSorted as interpolatedQuantile, quickselect } from 'simple-statistics';

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

/** The median of unsorted `values` (quantileSorted's), which are reordered: quantilesInPlace for one. NaN for none. */
export function medianInPlace(values: Float64Array): number {
  return quantilesInPlace(values, [0.5])[0]!;
}

/**
 * The p-quantiles (each as quantileSorted gives it) of unsorted `values`, which are reordered: simple-statistics'
 * quickselect finds each order statistic in O(n) where a sort takes O(n log n) (a feature of 500,000
 * organisations: 4 ms against 65 ms). NaN for no values.
 */
export function quantilesInPlace(values: Float64Array, ps: readonly number[]): number[] {
  const n = values.length;
  return ps.map((p) => {
    if (n === 0) return NaN;
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    quickselect(values as unknown as number[], lo, 0, n - 1);
    const low = values[lo]!;
    if (h === lo) return low;
    // The next order statistic: the least value after position lo, which quickselect left no smaller than it.
    let high = Infinity;
    for (let i = lo + 1; i < n; i++) if (values[i]! < high) high = values[i]!;
    return low + (h - lo) * (high - low);
  });
}
