// Binary search in ascending values: the one implementation the quantile, gap, seeding and generator code share.

/** The first index in [0, end) whose value is ≥ `value` (`end` when none is). O(log n). */
export function lowerBound(sorted: ArrayLike<number>, value: number, end = sorted.length): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index in [start, end) whose value is > `value` (`end` when none is). O(log n). */
export function upperBound(sorted: ArrayLike<number>, value: number, end = sorted.length, start = 0): number {
  let lo = start;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
