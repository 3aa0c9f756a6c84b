// One k-means run on typed arrays: greedy k-means++ seeding, then Lloyd iterations accelerated with Hamerly's bounds.
// The hot loops live in small functions so V8 optimises each as a whole instead of re-entering a large function
// through on-stack replacement (which measured 3–4× slower on a cold process).

import { Kernel } from '../kernel/kernel.js';
import { lowerBound } from '../metrics/lower-bound.js';
import { kernelsFor, type Kernels } from './kernels.js';
import type { Matrix } from './matrix.js';
import type { Random } from './rng.js';

export interface RunOptions {
  k: number;
  /** Stop when the summed squared centre shift is at most this (absolute; see relativeTolerance). */
  tolerance: number;
  maxIterations: number;
}

export interface RunResult {
  labels: Int32Array;
  /** k × d final centres. */
  centers: Float64Array;
  /** Sum of squared distances from each row to its final centre. */
  inertia: number;
  iterations: number;
  isConverged: boolean;
  /** Clusters found empty during iteration and re-seeded with the row farthest from its centre. */
  nReseeded: number;
}

/** What seeding leaves behind: the centres, and each row's nearest centre with its two smallest squared distances. */
export interface Seeding {
  centers: Float64Array;
  labels: Int32Array;
  nearest: Float64Array;
  secondNearest: Float64Array;
}

/**
 * scikit-learn's tolerance: `tol` times the mean of the features' variances, so convergence does not depend
 * on the data's scale. O(n·d).
 */
export function relativeTolerance(m: Matrix, tol = 1e-4): number {
  const { data, n, d } = m;
  if (n === 0) return 0;
  let total = 0;
  for (let f = 0; f < d; f++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data[i * d + f]!;
    mean /= n;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const diff = data[i * d + f]! - mean;
      sum += diff * diff;
    }
    total += sum / n;
  }
  return (total / d) * tol;
}

/** Running sums of `values` into `out`. */
function cumulativeSum(values: Float64Array, out: Float64Array, n: number): void {
  let running = 0;
  for (let i = 0; i < n; i++) {
    running += values[i]!;
    out[i] = running;
  }
}

/** Folds centre `c`'s squared distances into each row's nearest and second-nearest. */
function admitCenter(distances: Float64Array, offset: number, c: number, n: number, labels: Int32Array, nearest: Float64Array, second: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const v = distances[offset + i]!;
    if (v < nearest[i]!) {
      second[i] = nearest[i]!;
      nearest[i] = v;
      labels[i] = c;
    } else if (v < second[i]!) {
      second[i] = v;
    }
  }
}

/**
 * Greedy k-means++ seeding as scikit-learn does it: the first centre uniformly at random; each next centre
 * the best, by resulting potential, of 2 + ⌊ln k⌋ candidates drawn with probability proportional to the
 * squared distance to the nearest centre so far. Also returns each row's nearest centre and its two smallest
 * squared distances, so Lloyd starts without a full assignment pass. O(k · (2 + ln k) · n · d). The candidates'
 * passes run in the WebAssembly kernel where there is one (matrixKernel), with the same results to the bit;
 * the seeding's labels and distances are then the kernel's arrays, written over by the matrix's next seeding on
 * this thread (Lloyd takes them first: no 10 MB of copies a restart at 500,000 rows).
 */
export function seedPlusPlus(m: Matrix, k: number, random: Random): Seeding {
  const { data, n, d } = m;
  const wasm = matrixKernel(m, k);
  const { distancesTo, trialDistances } = kernelsFor(d);
  const centers = new Float64Array(k * d);
  const nTrials = 2 + Math.floor(Math.log(k));
  const nearest = wasm?.nearest ?? new Float64Array(n);
  const second = wasm?.second.fill(Infinity) ?? new Float64Array(n).fill(Infinity);
  const labels = wasm?.seedLabels.fill(0) ?? new Int32Array(n);
  const cumulative = wasm?.cumulative ?? new Float64Array(n);
  const distances = wasm === undefined ? new Float64Array(nTrials * n) : undefined;
  const candidates = new Int32Array(nTrials);
  const candidateRows = new Float64Array(nTrials * d);
  const potentials = wasm?.potentials.subarray(0, nTrials) ?? new Float64Array(nTrials);

  const first = random.int(n);
  centers.set(data.subarray(first * d, first * d + d), 0);
  distancesTo(data, n, data, first, nearest, 0);
  let potential = 0;
  for (let i = 0; i < n; i++) potential += nearest[i]!;

  for (let c = 1; c < k; c++) {
    cumulativeSum(nearest, cumulative, n);
    for (let t = 0; t < nTrials; t++) {
      // The first row whose cumulative potential reaches the draw (numpy searchsorted, side "left"), at most n − 1.
      candidates[t] = Math.min(lowerBound(cumulative, random.next() * potential, n), n - 1);
      candidateRows.set(data.subarray(candidates[t]! * d, candidates[t]! * d + d), t * d);
    }
    if (wasm === undefined) trialDistances(data, n, candidateRows, nTrials, nearest, distances!, potentials);
    else wasm.trials(candidateRows, nTrials);
    let bestTrial = 0;
    let bestPotential = Infinity;
    for (let t = 0; t < nTrials; t++) {
      if (potentials[t]! < bestPotential) {
        bestPotential = potentials[t]!;
        bestTrial = t;
      }
    }
    if (wasm === undefined) admitCenter(distances!, bestTrial * n, c, n, labels, nearest, second);
    else wasm.admit(candidateRows.subarray(bestTrial * d, bestTrial * d + d), c);
    potential = bestPotential;
    const chosen = candidates[bestTrial]!;
    centers.set(data.subarray(chosen * d, chosen * d + d), c * d);
  }
  return { centers, labels, nearest, secondNearest: second };
}

/**
 * A fit's loops over the rows in the WebAssembly kernel, over a copy of the matrix in its memory: seeding's
 * candidate passes (wasm/kernel.ts seedTrials, seedAdmit) and Lloyd's E-step (lloydAssign). Its arrays are views
 * of the kernel's memory, used by one run after another; the rest of the run (moving centres, re-seeding an empty
 * cluster) works on them in TypeScript.
 */
interface MatrixKernel {
  /** Seeding: each row's nearest squared distance, its second, its nearest centre, the candidates' potentials, and the running sums drawn from. */
  cumulative: Float64Array;
  nearest: Float64Array;
  second: Float64Array;
  seedLabels: Int32Array;
  potentials: Float64Array;
  /** Lloyd: each row's label and bounds; the centres, their sums, counts, shifts and half gaps (room for maxK). */
  labels: Int32Array;
  upper: Float64Array;
  lower: Float64Array;
  centers: Float64Array;
  sums: Float64Array;
  counts: Float64Array;
  shift: Float64Array;
  gaps: Float64Array;
  maxK: number;
  /** potentials[t] for the nTrials candidates' rows laid end to end in `rows`. */
  trials(rows: Float64Array, nTrials: number): void;
  /** Admits `center` (d values) as centre c into nearest, second and seedLabels. */
  admit(center: Float64Array, c: number): void;
  /** assign() on the kernel's arrays, k centres; `largest` as largestShifts writes it. Returns rows changed. */
  assign(k: number, largest: Float64Array): number;
}

/**
 * The matrix's kernel, made once per thread and matrix (the restarts of a fit, and a sweep's fits, run on the
 * same matrix) and kept as long as the matrix is; made anew for a larger k; undefined without the kernel. Its
 * copy of the matrix costs the first touch of that much new memory (about 90 ms for 500,000 × 8 here) once per
 * thread; the seeding's pass is four candidates at a time in SIMD lanes, and neither loop stores a distance.
 */
const matrixKernels = new WeakMap<Float64Array, MatrixKernel | null>();

function matrixKernel(m: Matrix, k: number): MatrixKernel | undefined {
  let made = matrixKernels.get(m.data);
  if (made === undefined || (made !== null && made.maxK < k)) {
    made = makeMatrixKernel(m, Math.max(k, 32)) ?? null;
    matrixKernels.set(m.data, made);
  }
  return made ?? undefined;
}

function makeMatrixKernel(m: Matrix, maxK: number): MatrixKernel | undefined {
  const { data, n, d } = m;
  const kernel = Kernel.create();
  if (kernel === undefined || n === 0) return undefined;
  const maxTrials = 2 + Math.floor(Math.log(maxK));
  const groups = Math.ceil(maxTrials / 4);
  const dataAt = kernel.take(n * d * 8);
  const nearestAt = kernel.take(n * 8);
  const secondAt = kernel.take(n * 8);
  const seedLabelsAt = kernel.take(n * 4);
  const cumulativeAt = kernel.take(n * 8);
  const labelsAt = kernel.take(n * 4);
  const upperAt = kernel.take(n * 8);
  const lowerAt = kernel.take(n * 8);
  const candsAt = kernel.take(groups * 2 * d * 16);
  const potentialsAt = kernel.take(groups * 4 * 8);
  const centerAt = kernel.take(d * 8);
  const centersAt = kernel.take(maxK * d * 8);
  const sumsAt = kernel.take(maxK * d * 8);
  const countsAt = kernel.take(maxK * 8);
  const shiftAt = kernel.take(maxK * 8);
  const gapsAt = kernel.take(maxK * 8);
  const buffer = kernel.buffer;
  new Float64Array(buffer, dataAt, n * d).set(data);
  // Candidate t's feature f in lane t mod 2 of vector (2 · ⌊t / 4⌋ + ⌊(t mod 4) / 2⌋) · d + f.
  const cands = new Float64Array(buffer, candsAt, groups * 4 * d);
  const center = new Float64Array(buffer, centerAt, d);
  const { seedTrials, seedAdmit, lloydAssign } = kernel.exports;
  return {
    nearest: new Float64Array(buffer, nearestAt, n),
    second: new Float64Array(buffer, secondAt, n),
    seedLabels: new Int32Array(buffer, seedLabelsAt, n),
    cumulative: new Float64Array(buffer, cumulativeAt, n),
    potentials: new Float64Array(buffer, potentialsAt, groups * 4),
    labels: new Int32Array(buffer, labelsAt, n),
    upper: new Float64Array(buffer, upperAt, n),
    lower: new Float64Array(buffer, lowerAt, n),
    centers: new Float64Array(buffer, centersAt, maxK * d),
    sums: new Float64Array(buffer, sumsAt, maxK * d),
    counts: new Float64Array(buffer, countsAt, maxK),
    shift: new Float64Array(buffer, shiftAt, maxK),
    gaps: new Float64Array(buffer, gapsAt, maxK),
    maxK,
    trials(rows, nTrials) {
      const padded = Math.ceil(nTrials / 4) * 4;
      for (let t = 0; t < padded; t++) {
        const from = Math.min(t, nTrials - 1) * d;
        const pair = 2 * (t >> 2) + ((t & 3) >> 1);
        for (let f = 0; f < d; f++) cands[(pair * d + f) * 2 + (t & 1)] = rows[from + f]!;
      }
      seedTrials(dataAt, n, d, candsAt, nTrials, nearestAt, potentialsAt);
    },
    admit(centerRow, c) {
      center.set(centerRow);
      seedAdmit(dataAt, n, d, centerAt, c, seedLabelsAt, nearestAt, secondAt);
    },
    assign(k, largest) {
      return lloydAssign(dataAt, n, d, centersAt, k, labelsAt, upperAt, lowerAt, gapsAt, shiftAt, largest[0]!, largest[1]!, largest[2]!, sumsAt, countsAt);
    },
  };
}

/** Per-cluster sums of rows and counts, from scratch. */
function accumulate(data: Float64Array, n: number, d: number, labels: Int32Array, sums: Float64Array, counts: Float64Array): void {
  sums.fill(0);
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    counts[c]!++;
    const row = i * d;
    const base = c * d;
    for (let f = 0; f < d; f++) sums[base + f]! += data[row + f]!;
  }
}

/** Moves each centre to its mean (an empty cluster's centre stays); writes each shift (a distance) and returns Σ shift². */
function moveCenters(centers: Float64Array, sums: Float64Array, counts: Float64Array, k: number, d: number, shift: Float64Array): number {
  let total = 0;
  for (let j = 0; j < k; j++) {
    const base = j * d;
    const count = counts[j]!;
    let moved = 0;
    if (count > 0) {
      for (let f = 0; f < d; f++) {
        const value = sums[base + f]! / count;
        const diff = value - centers[base + f]!;
        moved += diff * diff;
        centers[base + f] = value;
      }
    }
    total += moved;
    shift[j] = Math.sqrt(moved);
  }
  return total;
}

/** The largest centre shift, where it is, and the second largest: what the lower bounds must be loosened by. */
function largestShifts(shift: Float64Array, k: number, out: Float64Array): void {
  let maxShift = 0;
  let maxAt = -1;
  let secondShift = 0;
  for (let j = 0; j < k; j++) {
    const s = shift[j]!;
    if (s > maxShift) {
      secondShift = maxShift;
      maxShift = s;
      maxAt = j;
    } else if (s > secondShift) {
      secondShift = s;
    }
  }
  out[0] = maxShift;
  out[1] = maxAt;
  out[2] = secondShift;
}

/** Half the distance from each centre to its nearest other centre. */
function halfGaps(centers: Float64Array, k: number, d: number, out: Float64Array): void {
  for (let j = 0; j < k; j++) {
    let nearest = Infinity;
    for (let other = 0; other < k; other++) {
      if (other === j) continue;
      let sum = 0;
      for (let f = 0; f < d; f++) {
        const diff = centers[j * d + f]! - centers[other * d + f]!;
        sum += diff * diff;
      }
      if (sum < nearest) nearest = sum;
    }
    out[j] = Math.sqrt(nearest) / 2;
  }
}

/**
 * Hamerly's E-step: first the bounds are loosened by the centre shifts (upper by its own centre's shift,
 * lower by the largest other shift; done here rather than in a pass of its own, which saves reading and
 * writing both bound arrays once more per iteration). A row then keeps its centre when its upper bound is below
 * both its lower bound and half the distance from its centre to the nearest other centre; otherwise the bound is
 * tightened and, if that is not enough, every centre is compared. Moves changed rows between the clusters'
 * sums. Returns rows changed.
 */
function assign(
  kernels: Kernels,
  data: Float64Array,
  n: number,
  d: number,
  centers: Float64Array,
  k: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  gaps: Float64Array,
  shift: Float64Array,
  largest: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
  result: Float64Array,
): number {
  const { squaredTo, nearestTwo } = kernels;
  const maxShift = largest[0]!;
  const maxAt = largest[1]!;
  const secondShift = largest[2]!;
  let nChanged = 0;
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    const up = upper[i]! + shift[c]!;
    const low = lower[i]! - (c === maxAt ? secondShift : maxShift);
    upper[i] = up;
    lower[i] = low;
    const gap = gaps[c]!;
    const bound = gap > low ? gap : low;
    if (up <= bound) continue;
    const tight = Math.sqrt(squaredTo(data, i, centers, c));
    upper[i] = tight;
    if (tight <= bound) continue;
    nearestTwo(data, i, centers, k, result);
    const best = result[0]!;
    upper[i] = Math.sqrt(result[1]!);
    lower[i] = Math.sqrt(result[2]!);
    if (best !== c) {
      nChanged++;
      labels[i] = best;
      counts[c]!--;
      counts[best]!++;
      const row = i * d;
      for (let f = 0; f < d; f++) {
        sums[c * d + f]! -= data[row + f]!;
        sums[best * d + f]! += data[row + f]!;
      }
    }
  }
  return nChanged;
}

/**
 * Gives each empty cluster the row farthest from its centre (from a cluster with more than one row), as
 * scikit-learn does; returns how many clusters were re-seeded. The sums and counts follow the move.
 */
function reseedEmpty(kernels: Kernels, data: Float64Array, n: number, d: number, centers: Float64Array, k: number, labels: Int32Array, upper: Float64Array, lower: Float64Array, sums: Float64Array, counts: Float64Array): number {
  let nReseeded = 0;
  for (let j = 0; j < k; j++) {
    if (counts[j] !== 0) continue;
    let far = -1;
    let farDistance = -1;
    for (let i = 0; i < n; i++) {
      if (counts[labels[i]!]! <= 1) continue;
      const v = kernels.squaredTo(data, i, centers, labels[i]!);
      if (v > farDistance) {
        farDistance = v;
        far = i;
      }
    }
    if (far === -1) continue;
    nReseeded++;
    const old = labels[far]!;
    labels[far] = j;
    counts[old]!--;
    counts[j] = 1;
    for (let f = 0; f < d; f++) {
      sums[old * d + f]! -= data[far * d + f]!;
      sums[j * d + f] = data[far * d + f]!;
    }
    upper[far] = 0;
    lower[far] = 0;
  }
  return nReseeded;
}

/**
 * Lloyd's algorithm from a seeding, with Hamerly's bounds (an upper bound on each row's distance to its
 * centre, a lower bound on its distance to any other) so most rows skip the k distance computations once the
 * centres settle. Iterates until no row changes cluster, the summed squared centre shift is at most
 * `tolerance`, or `maxIterations`; the last assignment is to the final centres, as in scikit-learn. An empty
 * cluster is re-seeded with the row farthest from its centre. O(iterations · n · d) plus O(n · k · d) for
 * rows whose bounds fail. On the WebAssembly kernel (matrixKernel) the labels and centres returned are its arrays,
 * written over by the next run on the matrix on this thread: a run kept is copied (restarts.ts).
 */
export function lloyd(m: Matrix, seeding: Seeding, options: RunOptions): RunResult {
  const { data, n, d } = m;
  const { k } = options;
  const wasm = matrixKernel(m, k);
  const centers = wasm?.centers.subarray(0, k * d) ?? new Float64Array(k * d);
  centers.set(seeding.centers);
  const labels = wasm?.labels ?? new Int32Array(n);
  labels.set(seeding.labels);
  const upper = wasm?.upper ?? new Float64Array(n);
  const lower = wasm?.lower ?? new Float64Array(n);
  for (let i = 0; i < n; i++) {
    upper[i] = Math.sqrt(seeding.nearest[i]!);
    lower[i] = Math.sqrt(seeding.secondNearest[i]!);
  }
  const sums = wasm?.sums.subarray(0, k * d) ?? new Float64Array(k * d);
  const counts = wasm?.counts.subarray(0, k) ?? new Float64Array(k);
  const shift = wasm?.shift.subarray(0, k) ?? new Float64Array(k);
  const gaps = wasm?.gaps.subarray(0, k) ?? new Float64Array(k);
  const result = new Float64Array(3);
  const largest = new Float64Array(3);
  const kernels = kernelsFor(d);
  accumulate(data, n, d, labels, sums, counts);

  let iterations = 0;
  let isConverged = false;
  let nReseeded = 0;
  while (iterations < options.maxIterations) {
    iterations++;
    nReseeded += reseedEmpty(kernels, data, n, d, centers, k, labels, upper, lower, sums, counts);
    const shiftTotal = moveCenters(centers, sums, counts, k, d, shift);
    largestShifts(shift, k, largest);
    halfGaps(centers, k, d, gaps);
    const nChanged = wasm === undefined ? assign(kernels, data, n, d, centers, k, labels, upper, lower, gaps, shift, largest, sums, counts, result) : wasm.assign(k, largest);
    // Unchanged rows mean the centres are already their means; a shift within tolerance ends the run with
    // the assignment just made to the final centres.
    if (nChanged === 0 || shiftTotal <= options.tolerance) {
      isConverged = true;
      break;
    }
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += kernels.squaredTo(data, i, centers, labels[i]!);
  return { labels, centers, inertia, iterations, isConverged, nReseeded };
}
