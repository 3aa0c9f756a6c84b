// Seeded k-means with k-means++ restarts (ml-kmeans), the best restart kept and clusters numbered canonically.

import { kmeans } from 'ml-kmeans';

export interface KMeansOptions {
  k: number;
  seed: number;
  nRestarts: number;
  maxIterations?: number;
}

export interface KMeansFit {
  /** Cluster of each row, 0-based, in canonical order (largest cluster first). */
  labels: number[];
  /** Mean of each cluster's rows, in the scaled feature space. */
  centroids: number[][];
  sizes: number[];
  /** Sum of squared distances from each row to its cluster's centroid, on exactly the input matrix. */
  inertia: number;
  iterations: number;
  isConverged: boolean;
  /** Which restart (0-based) gave the lowest inertia. */
  bestRestart: number;
}

/** Number of distinct rows: k-means cannot make more non-empty clusters than this. O(n·d). */
export function countDistinct(rows: readonly number[][]): number {
  return new Set(rows.map((r) => r.join(','))).size;
}

function squaredDistance(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += (a[j]! - b[j]!) ** 2;
  return sum;
}

/** Centroids as member means and the partition's inertia, for labels 0..k-1. */
function summarise(rows: readonly number[][], labels: readonly number[], k: number): { centroids: number[][]; sizes: number[]; inertia: number } {
  const d = rows[0]!.length;
  const centroids = Array.from({ length: k }, () => new Array<number>(d).fill(0));
  const sizes = new Array<number>(k).fill(0);
  rows.forEach((row, i) => {
    const c = centroids[labels[i]!]!;
    sizes[labels[i]!]!++;
    for (let j = 0; j < d; j++) c[j]! += row[j]!;
  });
  centroids.forEach((c, ci) => {
    for (let j = 0; j < d; j++) c[j] = sizes[ci]! > 0 ? c[j]! / sizes[ci]! : 0;
  });
  let inertia = 0;
  rows.forEach((row, i) => {
    inertia += squaredDistance(row, centroids[labels[i]!]!);
  });
  return { centroids, sizes, inertia };
}

function compareVectors(a: readonly number[], b: readonly number[]): number {
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return a[j]! - b[j]!;
  return 0;
}

/**
 * Fits k-means `nRestarts` times (k-means++ seeding, seeds seed, seed+1, …) and keeps the lowest inertia
 * (the earliest restart on a tie). Empty clusters are dropped, so the result may have fewer than k clusters.
 * Clusters are renumbered largest first, ties broken by centroid, so the same input and seed always give
 * the same numbering. Needs k ≤ countDistinct(rows); O(restarts · iterations · n · k · d).
 */
export function fitKMeans(rows: readonly number[][], options: KMeansOptions): KMeansFit {
  const data = rows.map((r) => [...r]);
  let best: { labels: number[]; inertia: number; iterations: number; isConverged: boolean; restart: number } | undefined;
  for (let restart = 0; restart < options.nRestarts; restart++) {
    const result = kmeans(data, options.k, {
      initialization: 'kmeans++',
      seed: options.seed + restart,
      maxIterations: options.maxIterations ?? 300,
    });
    const { inertia } = summarise(rows, result.clusters, options.k);
    if (best === undefined || inertia < best.inertia) {
      best = { labels: result.clusters, inertia, iterations: result.iterations, isConverged: result.converged, restart };
    }
  }
  const raw = summarise(rows, best!.labels, options.k);
  const order = raw.sizes
    .map((size, id) => ({ id, size, centroid: raw.centroids[id]! }))
    .filter((c) => c.size > 0)
    .sort((a, b) => b.size - a.size || compareVectors(a.centroid, b.centroid));
  const renumber = new Map(order.map((c, index) => [c.id, index]));
  const labels = best!.labels.map((l) => renumber.get(l)!);
  const final = summarise(rows, labels, order.length);
  return {
    labels,
    centroids: final.centroids,
    sizes: final.sizes,
    inertia: final.inertia,
    iterations: best!.iterations,
    isConverged: best!.isConverged,
    bestRestart: best!.restart,
  };
}
