// Exact quantiles of sorted samples, with the definition DuckDB's quantile_cont()/median() and numpy use.

/**
 * The p-quantile of ascending `sorted` values by linear interpolation between closest ranks
 * (Hyndman & Fan type 7): h = (n − 1)·p, result = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * p = 0.5 is the median (mean of the two middle values for even n). O(1); NaN for no values.
 * @example quantileSorted(Float64Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 0.9) // 8.1, as DuckDB quantile_cont
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Median of unsorted values (copied, not modified). NaN for none. */
export function median(values: ArrayLike<number>): number {
  return quantileSorted(Float64Array.from(values).sort(), 0.5);
}

/**
 * Percentile rank of `value` among `values` in [0, 100]: the share below plus half the share equal
 * (the "mean" kind of scipy.stats.percentileofscore). NaN for no values.
 */
export function percentileRank(values: ArrayLike<number>, value: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  let below = 0;
  let equal = 0;
  for (let i = 0; i < n; i++) {
    if (values[i]! < value) below++;
    else if (values[i] === value) equal++;
  }
  return (100 * (below + equal / 2)) / n;
}
