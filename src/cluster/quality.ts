// Cluster quality measures, defined as scikit-learn defines them, on the scaled matrix and final labels.

import { Kernel } from '../kernel/kernel.js';
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

/**
 * The silhouette's pairs of sample rows are worked out in blocks of rows with about as many pairs each, and
 * the blocks' sums added in block order whichever thread worked a block out: the figure has the same bits on
 * one thread or two (a worker and the calling thread share the blocks, silhouetteBlocks).
 */
export const SILHOUETTE_BLOCKS = 8;

/** Where each block of rows starts, then the number of rows: row s has size − 1 − s pairs (with the rows after it). */
function blockStarts(size: number): Int32Array {
  const starts = new Int32Array(SILHOUETTE_BLOCKS + 1);
  const total = (size * (size - 1)) / 2;
  let s = 0;
  let done = 0;
  for (let b = 1; b < SILHOUETTE_BLOCKS; b++) {
    const target = (total * b) / SILHOUETTE_BLOCKS;
    while (s < size && done < target) done += size - 1 - s++;
    starts[b] = s;
  }
  starts[SILHOUETTE_BLOCKS] = size;
  return starts;
}

/**
 * What works out a block's sums into `sums` (size × k): for each row and cluster, the total distance over the
 * block's pairs, each pair (s, t > s) computed once and added to both rows' sums. Made once per thread and used
 * for every block it takes: the WebAssembly kernel's (wasm/kernel.ts silhouetteSums, four pairs at a time in SIMD
 * lanes, the same sums to the bit as the TypeScript kernel and about twice as fast), with the sample laid out
 * feature-major in its memory once; or the TypeScript kernel without it.
 */
function blockSummer(sample: SilhouetteSample, k: number): (starts: Int32Array, b: number, sums: Float64Array) => void {
  const { rows, labels, d } = sample;
  const size = labels.length;
  const rowsOf = (starts: Int32Array, b: number): [number, number] => [starts[b]!, Math.min(starts[b + 1]!, size - 1)];
  const kernel = Kernel.shared();
  if (kernel === undefined) {
    const { silhouetteRow } = kernelsFor(d);
    return (starts, b, sums) => {
      const [from, to] = rowsOf(starts, b);
      sums.fill(0);
      for (let s = from; s < to; s++) silhouetteRow(rows, size, s, labels, sums, k);
    };
  }
  const colsAt = kernel.take(size * d * 8);
  const labelsAt = kernel.take(size * 4);
  const sumsAt = kernel.take(size * k * 8);
  const centerAt = kernel.take(d * 16);
  const cols = new Float64Array(kernel.buffer, colsAt, size * d);
  for (let t = 0, r = 0; t < size; t++) for (let f = 0; f < d; f++, r++) cols[f * size + t] = rows[r]!;
  new Int32Array(kernel.buffer, labelsAt, size).set(labels);
  const out = new Float64Array(kernel.buffer, sumsAt, size * k);
  return (starts, b, sums) => {
    const [from, to] = rowsOf(starts, b);
    out.fill(0);
    kernel.exports.silhouetteSums(colsAt, size, d, from, to, labelsAt, sumsAt, k, centerAt);
    sums.set(out);
  };
}

/** silhouette over a gathered sample, labels 0..k−1. */
export function silhouetteOfSample(sample: SilhouetteSample, k: number): number {
  const size = sample.labels.length;
  const starts = blockStarts(size);
  const blockSums = blockSummer(sample, k);
  const total = new Float64Array(size * k);
  const block = new Float64Array(size * k);
  for (let b = 0; b < SILHOUETTE_BLOCKS; b++) {
    blockSums(starts, b, block);
    for (let i = 0; i < total.length; i++) total[i]! += block[i]!;
  }
  return silhouetteOfSums(sample, k, total);
}

/**
 * Works out the blocks not yet taken (`counter`, an Int32Array[1] in shared memory, is the next block), each
 * into its own slice of `blocks` (SILHOUETTE_BLOCKS × size × k, shared): what each of the threads sharing a
 * silhouette runs. silhouetteOfBlocks makes the figure once every block is done.
 */
export function silhouetteBlocks(sample: SilhouetteSample, k: number, blocks: Float64Array, counter: Int32Array): void {
  const size = sample.labels.length;
  const starts = blockStarts(size);
  let blockSums: ReturnType<typeof blockSummer> | undefined;
  for (;;) {
    const b = Atomics.add(counter, 0, 1);
    if (b >= SILHOUETTE_BLOCKS) return;
    // Made on taking a first block: a thread that finds none left lays nothing out.
    blockSums ??= blockSummer(sample, k);
    blockSums(starts, b, blocks.subarray(b * size * k, (b + 1) * size * k));
  }
}

/** The silhouette from every block's sums (silhouetteBlocks), added in block order as silhouetteOfSample adds them. */
export function silhouetteOfBlocks(sample: SilhouetteSample, k: number, blocks: Float64Array): number {
  const n = sample.labels.length * k;
  const total = new Float64Array(n);
  for (let b = 0; b < SILHOUETTE_BLOCKS; b++) {
    for (let i = 0, j = b * n; i < n; i++, j++) total[i]! += blocks[j]!;
  }
  return silhouetteOfSums(sample, k, total);
}

/** The mean silhouette from each row's total distance to each cluster's rows (sums[s·k + c]). */
function silhouetteOfSums(sample: SilhouetteSample, k: number, sums: Float64Array): number {
  const { labels } = sample;
  const size = labels.length;
  const counts = new Float64Array(k);
  for (let s = 0; s < size; s++) counts[labels[s]!]!++;
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
