// A 2-D map of organisations for the client report: the first two principal components of the scaled feature
// matrix (ml-pca), signs fixed so the same data always draws the same way, and a capped, deterministic set of
// points so a saved model stays small.

import { createRequire } from 'node:module';
import type * as MlPca from 'ml-pca';
import type { Matrix } from './matrix.js';

export interface Projection {
  /** Feature means subtracted before projecting. */
  mean: number[];
  /** Two unit vectors in feature space (rows). */
  axes: number[][];
  /** Share of the variance each axis explains. */
  explained: number[];
  /** Organisations drawn on the map: coordinates and 0-based cluster. */
  points: { x: number; y: number; cluster: number }[];
  /** How many organisations the points were taken from (every ⌈n / MAP_POINTS⌉-th one when more). */
  nOrganizations: number;
}

export const MAP_POINTS = 2000;

export function project(projection: Pick<Projection, 'mean' | 'axes'>, row: ArrayLike<number>): { x: number; y: number } {
  const [a, b] = projection.axes as [number[], number[]];
  let x = 0;
  let y = 0;
  for (let j = 0; j < projection.mean.length; j++) {
    const v = row[j]! - projection.mean[j]!;
    x += v * (a[j] ?? 0);
    y += v * (b[j] ?? 0);
  }
  return { x, y };
}

/** Principal axes of the rows and up to MAP_POINTS of them projected. O(n·d² + d³). */
export function buildProjection(m: Matrix, labels: ArrayLike<number>): Projection {
  const { data, n, d } = m;
  const rows = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, i * d + d)));
  // ml-pca is loaded here, on first use, rather than at start-up by every command.
  const { PCA } = createRequire(import.meta.url)('ml-pca') as typeof MlPca;
  const pca = new PCA(rows, { center: true, scale: false });
  const loadings = pca.getLoadings().to2DArray();
  const explainedAll = pca.getExplainedVariance();
  const axes = [0, 1].map((c) => {
    const axis = loadings[c] ?? new Array<number>(d).fill(0);
    // An eigenvector's sign is arbitrary: make its largest component positive.
    let largest = 0;
    for (let j = 1; j < d; j++) if (Math.abs(axis[j]!) > Math.abs(axis[largest]!)) largest = j;
    return axis[largest]! < 0 ? axis.map((v) => -v) : axis.slice();
  });
  const mean = Array.from({ length: d }, (_, j) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += data[i * d + j]!;
    return sum / n;
  });
  const step = Math.max(1, Math.ceil(n / MAP_POINTS));
  const points: Projection['points'] = [];
  for (let i = 0; i < n; i += step) points.push({ ...project({ mean, axes }, data.subarray(i * d, i * d + d)), cluster: labels[i]! });
  return { mean, axes, explained: [explainedAll[0] ?? 0, explainedAll[1] ?? 0], points, nOrganizations: n };
}
