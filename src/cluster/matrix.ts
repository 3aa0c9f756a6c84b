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
