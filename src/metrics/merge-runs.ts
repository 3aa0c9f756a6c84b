// Merging ascending runs of values into one: the parts two threads sorted, and an organisation's channel groups.

/**
 * Merges `n` ascending runs — run r is sources[r][heads[r] .. ends[r]) — into `out` from index `at`, and returns
 * the index after the last value written (`heads` is used up). One run is a copy, two a plain two-way merge,
 * more a scan of the heads: O(values · n), for the few runs here (twelve channels, or one part per thread).
 */
export function mergeRuns(out: Float64Array, at: number, sources: readonly Float64Array[], heads: Int32Array, ends: Int32Array, n: number): number {
  let k = at;
  if (n === 1) {
    out.set(sources[0]!.subarray(heads[0]!, ends[0]!), k);
    return k + ends[0]! - heads[0]!;
  }
  if (n === 2) {
    const a = sources[0]!;
    const b = sources[1]!;
    let i = heads[0]!;
    let j = heads[1]!;
    const iEnd = ends[0]!;
    const jEnd = ends[1]!;
    while (i < iEnd && j < jEnd) out[k++] = a[i]! <= b[j]! ? a[i++]! : b[j++]!;
    while (i < iEnd) out[k++] = a[i++]!;
    while (j < jEnd) out[k++] = b[j++]!;
    return k;
  }
  for (;;) {
    let best = -1;
    let bestValue = 0;
    for (let r = 0; r < n; r++) {
      if (heads[r]! < ends[r]!) {
        const value = sources[r]![heads[r]!]!;
        if (best === -1 || value < bestValue) {
          best = r;
          bestValue = value;
        }
      }
    }
    if (best === -1) return k;
    out[k++] = bestValue;
    heads[best]!++;
  }
}

/** 0, 1, …, n − 1: the numbering of a part that a thread sealed of its own organisations. */
export function identity(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

/**
 * For a part whose organisation i is number orgs[i] here: the part's number of each of the `n` organisations
 * here (-1 where the part has none of its values).
 */
export function partNumbers(orgs: Int32Array, n: number): Int32Array {
  const inverse = new Int32Array(n).fill(-1);
  orgs.forEach((org, i) => (inverse[org] = i));
  return inverse;
}
