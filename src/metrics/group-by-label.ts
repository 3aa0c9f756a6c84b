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
