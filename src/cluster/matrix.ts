// A dense row-major matrix of float64 values: the clustering kernels' only data structure.

export interface Matrix {
  /** n × d values, row i at [i·d, (i+1)·d). May be backed by a SharedArrayBuffer for worker threads. */
  data: Float64Array;
  n: number;
  d: number;
}

export function matrixFromRows(rows: readonly (readonly number[])[], shared = false): Matrix {
  const n = rows.length;
  const d = n === 0 ? 0 : rows[0]!.length;
  const buffer = shared ? new SharedArrayBuffer(n * d * 8) : new ArrayBuffer(n * d * 8);
  const data = new Float64Array(buffer);
  rows.forEach((row, i) => data.set(row, i * d));
  return { data, n, d };
}

/** Squared Euclidean distance between row i of `a` and row j of `b` (both with d columns). */
export function squaredDistance(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let sum = 0;
  const ai = i * d;
  const bj = j * d;
  for (let f = 0; f < d; f++) {
    const diff = a[ai + f]! - b[bj + f]!;
    sum += diff * diff;
  }
  return sum;
}
