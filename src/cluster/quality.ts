// Cluster quality measures, defined as scikit-learn defines them, on the scaled matrix and final labels.

import { kernelsFor } from './kernels.js';
import type { Matrix } from './matrix.js';
import { Random } from './rng.js';

export interface Quality {
  /** Mean silhouette coefficient over all rows (or over `silhouetteSample` rows drawn without replacement). */
  silhouette: number;
  /** Rows the silhouette was computed on: n, or the sample size above `EXACT_SILHOUETTE_ROWS`. */
  silhouetteRows: number;
  calinskiHarabasz: number;
  daviesBouldin: number;
}

/** Up to this many rows the silhouette is exact (O(n²·d)); above, it is taken on a seeded sample of this size. */
export const EXACT_SILHOUETTE_ROWS = 10_000;

/**
 * Mean silhouette of the rows `rows` (indexes into m) against each other, with labels 0..k-1: for each row, a =
 * mean distance to the other members of its cluster, b = the smallest mean distance to another cluster's
 * members, s = (b − a) / max(a, b), and s = 0 for a row alone in its cluster (sklearn.metrics.silhouette_score).
 * O(|rows|²·d).
 */
export function silhouette(m: Matrix, labels: ArrayLike<number>, k: number, rows: Int32Array): number {
  return silhouetteOfSample(silhouetteSample(m, labels, rows), k);
}

/** The rows `rows` of m gathered contiguously with their labels: what silhouetteOfSample reads (and a worker is sent). */
export interface SilhouetteSample {
  rows: Float64Array;
  labels: Int32Array;
  d: number;
}

export function silhouetteSample(m: Matrix, labels: ArrayLike<number>, rows: Int32Array): SilhouetteSample {
  const { data, d } = m;
  // Gathered contiguously, so distances run through the unrolled kernel.
  const sample = new Float64Array(rows.length * d);
  const sampleLabels = new Int32Array(rows.length);
  for (let s = 0; s < rows.length; s++) {
    const i = rows[s]!;
    sample.set(data.subarray(i * d, i * d + d), s * d);
    sampleLabels[s] = labels[i]!;
  }
  return { rows: sample, labels: sampleLabels, d };
}

/** silhouette over a gathered sample, labels 0..k−1. */
export function silhouetteOfSample(sample: SilhouetteSample, k: number): number {
  const { rows, labels, d } = sample;
  const size = labels.length;
  const counts = new Float64Array(k);
  for (let s = 0; s < size; s++) counts[labels[s]!]!++;
  const { silhouetteRow } = kernelsFor(d);
  // sums[s·k + c]: total distance from row s to the rows of cluster c. Each pair is computed once (t > s)
  // and added to both rows' sums.
  const sums = new Float64Array(size * k);
  for (let s = 0; s < size - 1; s++) silhouetteRow(rows, size, s, labels, sums, k);
  let total = 0;
  for (let s = 0; s < size; s++) {
    const own = labels[s]!;
    if (counts[own]! <= 1) continue;
    const a = sums[s * k + own]! / (counts[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === own || counts[c] === 0) continue;
      const mean = sums[s * k + c]! / counts[c]!;
      if (mean < b) b = mean;
    }
    const denominator = Math.max(a, b);
    total += denominator > 0 ? (b - a) / denominator : 0;
  }
  return total / size;
}

/**
 * Calinski–Harabasz (between-cluster over within-cluster dispersion, each over its degrees of freedom) and
 * Davies–Bouldin (mean over clusters of the worst (sᵢ + sⱼ) / ‖cᵢ − cⱼ‖, s the mean distance of members to
 * their centroid), as sklearn.metrics computes them. O(n·d + k²·d).
 */
export function dispersionScores(m: Matrix, labels: ArrayLike<number>, k: number): { calinskiHarabasz: number; daviesBouldin: number } {
  const { data, n, d } = m;
  const counts = new Float64Array(k);
  const centroids = new Float64Array(k * d);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    counts[c]!++;
    for (let f = 0; f < d; f++) {
      centroids[c * d + f]! += data[i * d + f]!;
      mean[f]! += data[i * d + f]!;
    }
  }
  for (let f = 0; f < d; f++) mean[f]! /= n;
  for (let c = 0; c < k; c++) for (let f = 0; f < d; f++) centroids[c * d + f]! /= counts[c]! || 1;
  let within = 0;
  const intra = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    let sq = 0;
    for (let f = 0; f < d; f++) {
      const e = data[i * d + f]! - centroids[c * d + f]!;
      sq += e * e;
    }
    within += sq;
    intra[c]! += Math.sqrt(sq);
  }
  let between = 0;
  for (let c = 0; c < k; c++) {
    let sq = 0;
    for (let f = 0; f < d; f++) sq += (centroids[c * d + f]! - mean[f]!) ** 2;
    between += counts[c]! * sq;
    intra[c]! /= counts[c]! || 1;
  }
  const calinskiHarabasz = within === 0 ? 1 : (between * (n - k)) / (within * (k - 1));
  let isAllIntraZero = true;
  for (let c = 0; c < k; c++) if (intra[c]! > 1e-8) isAllIntraZero = false;
  let sum = 0;
  let isAllCentroidsClose = true;
  for (let a = 0; a < k; a++) {
    let worst = 0;
    for (let b = 0; b < k; b++) {
      if (a === b) continue;
      let sq = 0;
      for (let f = 0; f < d; f++) sq += (centroids[a * d + f]! - centroids[b * d + f]!) ** 2;
      const distance = Math.sqrt(sq);
      if (distance > 1e-8) isAllCentroidsClose = false;
      const score = distance === 0 ? 0 : (intra[a]! + intra[b]!) / distance;
      if (score > worst) worst = score;
    }
    sum += worst;
  }
  const daviesBouldin = isAllIntraZero || isAllCentroidsClose ? 0 : sum / k;
  return { calinskiHarabasz, daviesBouldin };
}

/** The rows to take the silhouette on: all of them up to the limit, else a seeded sample without replacement. */
export function silhouetteRows(n: number, seed: number, limit = EXACT_SILHOUETTE_ROWS): Int32Array {
  if (n <= limit) return Int32Array.from({ length: n }, (_, i) => i);
  // Partial Fisher–Yates shuffle: the first `limit` positions are a uniform sample.
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const random = new Random(seed, 0x5111);
  for (let i = 0; i < limit; i++) {
    const j = i + random.int(n - i);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order.slice(0, limit).sort();
}

/** All quality measures for a fit. */
export function quality(m: Matrix, labels: ArrayLike<number>, k: number, seed: number): Quality {
  const rows = silhouetteRows(m.n, seed);
  return { silhouette: silhouette(m, labels, k, rows), silhouetteRows: rows.length, ...dispersionScores(m, labels, k) };
}
