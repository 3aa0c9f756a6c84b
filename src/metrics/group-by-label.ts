// Values grouped by cluster label in one counting pass: what cluster medians and distributions are taken from.

/**
 * The values that are not NaN, grouped by label (0..k−1): label c's are grouped[bounds[c] … bounds[c + 1]), in
 * the values' order. O(n + k).
 */
export function groupByLabel(values: ArrayLike<number>, labels: ArrayLike<number>, k: number): { grouped: Float64Array; bounds: Int32Array } {
  const bounds = new Int32Array(k + 1);
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) bounds[labels[i]! + 1]!++;
  for (let c = 0; c < k; c++) bounds[c + 1]! += bounds[c]!;
  const cursor = bounds.slice(0, k);
  const grouped = new Float64Array(bounds[k]!);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) grouped[cursor[labels[i]!]!++] = v;
  }
  return { grouped, bounds };
}

/**
 * The values of `runs`, each run (runs[bounds[c] … bounds[c + 1])) sorted ascending, as one sorted array: the
 * runs merged two by two, O(n log k). `runs` is left as it was. What Float64Array's sort gives for the whole,
 * but for the order of −0 and 0, which compare equal.
 */
export function mergeSortedRuns(runs: Float64Array, bounds: ArrayLike<number>): Float64Array {
  let from = runs.slice();
  let edges = Array.from(bounds);
  let to = new Float64Array(runs.length);
  while (edges.length > 2) {
    const next = [edges[0]!];
    for (let r = 0; r + 1 < edges.length; r += 2) {
      const lo = edges[r]!;
      const mid = edges[r + 1]!;
      const hi = r + 2 < edges.length ? edges[r + 2]! : mid;
      let i = lo;
      let j = mid;
      let o = lo;
      while (i < mid && j < hi) to[o++] = from[j]! < from[i]! ? from[j++]! : from[i++]!;
      while (i < mid) to[o++] = from[i++]!;
      while (j < hi) to[o++] = from[j++]!;
      next.push(hi);
    }
    edges = next;
    [from, to] = [to, from];
  }
  return from;
}
