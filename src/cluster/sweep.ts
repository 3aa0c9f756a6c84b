// Choosing k: fit every k in a range with the same engine, measure each fit, find the elbow and recommend one.

import { fitKMeans } from './kmeans.js';
import type { Matrix } from './matrix.js';
import { quality, type Quality } from './quality.js';

export interface SweepRow extends Quality {
  k: number;
  inertia: number;
  iterations: number;
  converged: boolean;
  isKnee: boolean;
}

export interface Sweep {
  rows: SweepRow[];
  /** The elbow of the inertia curve, or null when the curve has none (a straight line, or one k). */
  knee: number | null;
  recommendedK: number;
  reason: string;
}

/**
 * The elbow of a decreasing curve: the point farthest below the straight line from its first to its last
 * point, both axes scaled to [0, 1] (Kneedle's difference curve). Null when no point lies below the line.
 * O(n).
 */
export function knee(ks: readonly number[], values: readonly number[]): number | null {
  const n = ks.length;
  if (n < 3) return null;
  const x0 = ks[0]!;
  const x1 = ks[n - 1]!;
  const yMax = Math.max(...values);
  const yMin = Math.min(...values);
  if (yMax === yMin) return null;
  let best: number | null = null;
  let bestGap = 1e-12;
  for (let i = 0; i < n; i++) {
    const x = (ks[i]! - x0) / (x1 - x0);
    const y = (values[i]! - yMin) / (yMax - yMin);
    const gap = 1 - x - y;
    if (gap > bestGap) {
      bestGap = gap;
      best = ks[i]!;
    }
  }
  return best;
}

/**
 * Recommends k by votes: the elbow of the inertia curve, the highest silhouette, the highest
 * Calinski–Harabasz and the lowest Davies–Bouldin each vote for one k; the most votes win. A tie goes to
 * the elbow when it is among the tied (silhouette and Davies–Bouldin both lean to the smallest k, the elbow
 * does not), else to the higher silhouette. The reason names every vote.
 */
export function recommend(rows: readonly SweepRow[], kneeK: number | null): { k: number; reason: string } {
  const bestBy = (score: (r: SweepRow) => number): number => rows.reduce((a, b) => (score(b) > score(a) ? b : a)).k;
  const votes: [string, number][] = [
    ...(kneeK === null ? [] : ([['the elbow of the inertia curve', kneeK]] as [string, number][])),
    ['the highest silhouette', bestBy((r) => r.silhouette)],
    ['the highest Calinski–Harabasz', bestBy((r) => r.calinskiHarabasz)],
    ['the lowest Davies–Bouldin', bestBy((r) => -r.daviesBouldin)],
  ];
  const tally = new Map<number, number>();
  for (const [, k] of votes) tally.set(k, (tally.get(k) ?? 0) + 1);
  const silhouetteOf = new Map(rows.map((r) => [r.k, r.silhouette]));
  const isElbow = (k: number): number => (k === kneeK ? 1 : 0);
  const [k] = [...tally.entries()].sort((a, b) => b[1] - a[1] || isElbow(b[0]) - isElbow(a[0]) || silhouetteOf.get(b[0])! - silhouetteOf.get(a[0])! || a[0] - b[0])[0]!;
  const forK = votes.filter(([, v]) => v === k).map(([name]) => name);
  const others = votes.filter(([, v]) => v !== k).map(([name, v]) => `${name} at ${v}`);
  return { k, reason: `k = ${k}: ${forK.join(', ')}${others.length > 0 ? ` (${others.join('; ')})` : ''}` };
}

/** Fits each k (same seed, restarts and threads as classify) and measures it. O(Σk · the cost of one fit). */
export async function sweep(m: Matrix, ks: readonly number[], options: { seed: number; nRestarts: number; nThreads?: number }): Promise<Sweep> {
  const rows: SweepRow[] = [];
  for (const k of ks) {
    const fit = await fitKMeans(m, { k, seed: options.seed, nRestarts: options.nRestarts, nThreads: options.nThreads });
    rows.push({
      k,
      inertia: fit.inertia,
      iterations: fit.iterations,
      converged: fit.isConverged,
      isKnee: false,
      ...quality(m, fit.labels, fit.centroids.length, options.seed),
    });
  }
  const kneeK = knee(
    rows.map((r) => r.k),
    rows.map((r) => r.inertia),
  );
  for (const row of rows) row.isKnee = row.k === kneeK;
  const { k, reason } = recommend(rows, kneeK);
  return { rows, knee: kneeK, recommendedK: k, reason };
}
