// k-means with k-means++ restarts spread over worker threads, the best restart kept, clusters numbered canonically;
// and the fit's quality measures, the silhouette on the fit's worker while the calling thread goes on.

import type { MetricDistributions } from '../benchmark/peers.js';
import { canUseWorkers, threadCount } from '../threads.js';
import { relativeTolerance } from './kmeans-run.js';
import { matrixFromRows, type Matrix } from './matrix.js';
import { runOnWorker } from './pool.js';
import { dispersionScores, SILHOUETTE_BLOCKS, silhouetteBlocks, silhouetteOfBlocks, silhouetteOfSample, silhouetteRows, silhouetteSample, type Quality } from './quality.js';
import { isBetter, runRestarts, runSharedRestarts, type BestRun, type RestartOptions } from './restarts.js';

export interface KMeansOptions {
  k: number;
  seed: number;
  nRestarts: number;
  maxIterations?: number;
  /** Worker threads for the restarts; 1 runs them on the calling thread. Default: the cores available. */
  nThreads?: number;
}

export interface KMeansFit {
  /** Cluster of each row, 0-based, in canonical order (largest cluster first). */
  labels: Int32Array;
  /** Mean of each cluster's rows, in the scaled feature space. */
  centroids: number[][];
  sizes: number[];
  /** Sum of squared distances from each row to its cluster's mean, on exactly the input matrix. */
  inertia: number;
  iterations: number;
  isConverged: boolean;
  /** Which restart (0-based) gave the lowest inertia. */
  bestRestart: number;
  /** Clusters found empty during iteration and re-seeded, over all restarts. */
  nReseeded: number;
}

/** Below this many rows × restarts, starting threads costs more than it saves. */
const MIN_WORK_FOR_THREADS = 200_000;

/**
 * Number of distinct rows, counting no further than `limit` (k-means cannot make more non-empty clusters than
 * there are distinct rows, and usually the first few rows already show there are enough). O(n·d) at worst.
 */
export function countDistinct(m: Matrix, limit = Infinity): number {
  const { data, n, d } = m;
  const seen = new Set<string>();
  for (let i = 0; i < n && seen.size < limit; i++) seen.add(Array.prototype.join.call(data.subarray(i * d, i * d + d), ','));
  return seen.size;
}

function compareVectors(a: readonly number[], b: readonly number[]): number {
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return a[j]! - b[j]!;
  return 0;
}

/** Member means, sizes and the partition's inertia, for labels 0..k-1. O(n·d). */
export function summarise(m: Matrix, labels: Int32Array, k: number): { centroids: number[][]; sizes: number[]; inertia: number } {
  const { data, n, d } = m;
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    counts[c]!++;
    for (let f = 0; f < d; f++) sums[c * d + f]! += data[i * d + f]!;
  }
  const means = new Float64Array(k * d);
  for (let c = 0; c < k; c++) for (let f = 0; f < d; f++) means[c * d + f] = counts[c]! > 0 ? sums[c * d + f]! / counts[c]! : 0;
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const base = labels[i]! * d;
    for (let f = 0; f < d; f++) {
      const e = data[i * d + f]! - means[base + f]!;
      inertia += e * e;
    }
  }
  const centroids = Array.from({ length: k }, (_, c) => Array.from(means.subarray(c * d, c * d + d)));
  return { centroids, sizes: Array.from(counts), inertia };
}

/**
 * Each row's nearest centroid (the lowest cluster number on a tie) and the cluster sizes: how a saved model
 * places organisations without refitting. O(n·k·d).
 */
export function nearestCentroids(m: Matrix, centroids: readonly (readonly number[])[]): { labels: Int32Array; sizes: number[] } {
  const { data, n, d } = m;
  const k = centroids.length;
  const labels = new Int32Array(n);
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0; c < k; c++) {
      const centroid = centroids[c]!;
      let distance = 0;
      for (let j = 0; j < d; j++) {
        const e = data[i * d + j]! - centroid[j]!;
        distance += e * e;
      }
      if (distance < bestDistance) {
        bestDistance = distance;
        best = c;
      }
    }
    labels[i] = best;
    sizes[best]!++;
  }
  return { labels, sizes };
}

/** The threads a fit of n rows uses (1: the calling thread alone): never more than its restarts, and workers only for enough work. */
function fitThreads(n: number, options: { nThreads?: number; nRestarts: number }): number {
  const nThreads = Math.max(1, Math.min(threadCount(options.nThreads), options.nRestarts));
  return canUseWorkers && nThreads > 1 && n * options.nRestarts >= MIN_WORK_FOR_THREADS ? nThreads : 1;
}

/**
 * Runs the restarts on the calling thread and nThreads − 1 workers sharing the matrix; each thread takes the
 * next restart from a shared counter, so the warm calling thread does more while the workers start. The
 * reduction keeps the lowest inertia, then the lowest restart number: the same whichever thread ran what.
 */
async function runOnThreads(m: Matrix, options: RestartOptions, nRestarts: number, nThreads: number): Promise<{ best: BestRun | undefined; nReseeded: number }> {
  const shared = m.data.buffer instanceof SharedArrayBuffer ? m.data : (() => {
    const copy = new Float64Array(new SharedArrayBuffer(m.data.byteLength));
    copy.set(m.data);
    return copy;
  })();
  const counter = new SharedArrayBuffer(4);
  const workers = Array.from({ length: nThreads - 1 }, () =>
    runOnWorker({ kind: 'restarts', buffer: shared.buffer as SharedArrayBuffer, n: m.n, d: m.d, options, counter, nRestarts }),
  );
  const own = runSharedRestarts({ data: shared, n: m.n, d: m.d }, options, new Int32Array(counter), nRestarts);
  const results = [own, ...(await Promise.all(workers))];
  let best: BestRun | undefined;
  let nReseeded = 0;
  for (const result of results) {
    nReseeded += result.nReseeded;
    if (result.best && isBetter(result.best, best)) best = result.best;
  }
  return { best, nReseeded };
}

/**
 * From this many rows the peer distributions are made on the worker (qualityInBackground's `peerColumns`): at
 * 500,000 organisations that took 0.2–0.3 s off this thread; at 45,000 this thread then waited for the worker
 * (what follows the fit, in process: 296 → 330 ms, medians of 5) where making them itself takes it ~25 ms.
 */
export const PEERS_ON_WORKER_MIN = Number(process.env.BENCHMARK_PEERS_ON_WORKER_MIN ?? 100_000);

/** A fit's quality measures, some of them still being worked out on a worker (qualityInBackground). */
export interface BackgroundQuality {
  /** The measures: the calling thread takes its share of the silhouette now, then waits for the worker's. */
  result(): Promise<Quality>;
  /**
   * The distributions the worker made of the columns it was given (qualityInBackground's `peerColumns`), in their
   * order; undefined where there is no worker, it was given none, or it failed (the caller makes them itself).
   */
  peerDistributions(): Promise<MetricDistributions[] | undefined>;
}

/**
 * quality.ts quality, its silhouette (O(rows²)) begun on a pooled worker where the fit ran on threads
 * (fitThreads: its worker is idle and warm by then), so that the calling thread goes on with what follows the
 * fit; when it asks for the result, it works out the blocks the worker has not taken yet (at 45,000
 * organisations it had waited 250 ms idle for the worker's silhouette). On the calling thread alone
 * otherwise. The same figures either way (quality.ts SILHOUETTE_BLOCKS). `peerColumns`, made only where there is
 * a worker and PEERS_ON_WORKER_MIN rows: columns (null for none) whose peer distributions by label (benchmark/peers.ts metricDistributions)
 * the worker makes after the silhouette, while this thread folds the clusters (0.4 s of the 500,000-organisation
 * run that this thread no longer spends); they are moved to the worker, not copied.
 */
export function qualityInBackground(m: Matrix, labels: Int32Array, k: number, seed: number, options: { nThreads?: number; nRestarts: number }, peerColumns?: () => (Float64Array | null)[]): BackgroundQuality {
  const rows = silhouetteRows(m.n, seed);
  const sample = silhouetteSample(m, labels, rows);
  if (fitThreads(m.n, options) <= 1) {
    const quality = { silhouette: silhouetteOfSample(sample, k), silhouetteRows: rows.length, ...dispersionScores(m, labels, k) };
    return { result: () => Promise.resolve(quality), peerDistributions: () => Promise.resolve(undefined) };
  }
  const blocks = new Float64Array(new SharedArrayBuffer(SILHOUETTE_BLOCKS * rows.length * k * Float64Array.BYTES_PER_ELEMENT));
  const counter = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const columns = m.n >= PEERS_ON_WORKER_MIN ? peerColumns?.() : undefined;
  const transfer = columns?.flatMap((c) => (c === null ? [] : [c.buffer as ArrayBuffer])) ?? [];
  const job = runOnWorker({ kind: 'silhouette', sample, k, blocks: blocks.buffer as SharedArrayBuffer, counter: counter.buffer as SharedArrayBuffer, ...(columns === undefined ? {} : { peers: { columns, labels, k } }) }, transfer);
  // Settled as soon as the worker is done or fails (a failure is not left unhandled until the result is asked for).
  const reply = job.then(
    (distributions) => ({ isDone: true, distributions: distributions === 0 ? undefined : distributions }),
    () => ({ isDone: false, distributions: undefined }),
  );
  const dispersion = dispersionScores(m, labels, k);
  return {
    async result() {
      silhouetteBlocks(sample, k, blocks, counter);
      // A worker that failed may have left a block it took undone: this thread works the silhouette out alone.
      const silhouette = (await reply).isDone ? silhouetteOfBlocks(sample, k, blocks) : silhouetteOfSample(sample, k);
      return { silhouette, silhouetteRows: rows.length, ...dispersion };
    },
    async peerDistributions() {
      return columns === undefined ? undefined : (await reply).distributions;
    },
  };
}

/**
 * Fits k-means `nRestarts` times (greedy k-means++ seeding from (seed, restart), Lloyd with Hamerly's bounds,
 * tolerance 1e-4 × the mean feature variance) and keeps the lowest inertia, the earliest restart on a tie;
 * restarts run on worker threads and the result does not depend on how many. Empty clusters are re-seeded
 * during iteration; any still empty at the end are dropped. Clusters are renumbered largest first, ties broken
 * by centroid. Needs k ≤ countDistinct(rows). O(restarts · (k·ln k·n·d + iterations · n · d)).
 */
export async function fitKMeans(rows: readonly number[][] | Matrix, options: KMeansOptions): Promise<KMeansFit> {
  const m = Array.isArray(rows) ? matrixFromRows(rows, true) : (rows as Matrix);
  const restartOptions: RestartOptions = {
    k: options.k,
    seed: options.seed,
    tolerance: relativeTolerance(m),
    maxIterations: options.maxIterations ?? 300,
  };
  const nThreads = fitThreads(m.n, options);
  const { best, nReseeded } = nThreads > 1
    ? await runOnThreads(m, restartOptions, options.nRestarts, nThreads)
    : runRestarts(m, restartOptions, Array.from({ length: options.nRestarts }, (_, r) => r));
  const raw = summarise(m, best!.labels, options.k);
  const order = raw.sizes
    .map((size, id) => ({ id, size, centroid: raw.centroids[id]! }))
    .filter((c) => c.size > 0)
    .sort((a, b) => b.size - a.size || compareVectors(a.centroid, b.centroid));
  const renumber = new Int32Array(options.k);
  order.forEach((c, index) => (renumber[c.id] = index));
  const labels = new Int32Array(m.n);
  for (let i = 0; i < m.n; i++) labels[i] = renumber[best!.labels[i]!]!;
  const final = summarise(m, labels, order.length);
  return {
    labels,
    centroids: final.centroids,
    sizes: final.sizes,
    inertia: final.inertia,
    iterations: best!.iterations,
    isConverged: best!.isConverged,
    bestRestart: best!.restart,
    nReseeded,
  };
}
