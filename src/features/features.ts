// The clustering variables (registry.ts: FEATURE_KEYS): which the input provides, transformed and scaled into a matrix.

import type { Matrix } from '../cluster/matrix.js';
import { metricValues, readMetric } from '../metrics/metric-columns.js';
import type { OrgMetrics, OrgRecord } from '../metrics/org-metrics.js';
import { quantileSorted, quantilesInPlace } from '../metrics/quantile.js';
import { FEATURE_KEYS, METRICS } from '../metrics/registry.js';

export type FeatureGroup = 'workload' | 'resources' | 'strategy';

export interface FeatureDef {
  /** Column name, as in organisation tables and --features-out. */
  name: string;
  metric: keyof OrgMetrics;
  label: string;
  group: FeatureGroup;
  /** Counts and durations are right-skewed: log1p before scaling. Hours per week are bounded: none. */
  transform: 'log1p' | 'none';
}

export const FEATURES: readonly FeatureDef[] = FEATURE_KEYS.map((key) => {
  const { column, label, feature } = METRICS[key];
  return { name: column, metric: key, label, ...feature };
});

export const SCALINGS = ['robust', 'standard'] as const;
export type Scaling = (typeof SCALINGS)[number];

export interface UsedFeature {
  name: string;
  transform: 'log1p' | 'none';
  /** scaled = (transformed − center) / scale */
  center: number;
  scale: number;
  /** How the scale was taken: the interquartile range, or the standard deviation when the IQR is 0. */
  scaleKind: 'iqr' | 'std';
  /** Organisations lacking a value, given the median (0 after scaling). */
  imputed: number;
  /** The transformed value given to organisations lacking the feature (the median). */
  fill: number;
}

export interface FeatureMatrix {
  features: FeatureDef[];
  used: UsedFeature[];
  missing: { name: string; reason: string }[];
  /** n × d scaled values, rows in the order of the records, on shared memory for worker threads. */
  matrix: Matrix;
  /** Each used feature's values in original units, one column of n in the records' order, NaN where the organisation lacks it. */
  raw: Float64Array[];
}

/** Organisations must have a value for at least this share for a feature to be used. */
export const MIN_COVERAGE = 0.5;

/** Median and interquartile range of unsorted values, which are reordered. */
function robustFigures(values: Float64Array): { median: number; iqr: number } {
  const [q1, q2, q3] = quantilesInPlace(values, [0.25, 0.5, 0.75]);
  return { median: q2!, iqr: q3! - q1! };
}

function standardDeviation(values: Float64Array): number {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let sum = 0;
  for (const v of values) sum += (v - mean) ** 2;
  return Math.sqrt(sum / values.length);
}

/** `raw` transformed into `full` (NaN kept) and, present values only, into `present`. */
function transformColumn(raw: Float64Array, kind: 'log1p' | 'none', full: Float64Array, present: Float64Array): void {
  for (let i = 0, j = 0; i < raw.length; i++) {
    const v = raw[i]!;
    if (Number.isNaN(v)) full[i] = NaN;
    else full[i] = present[j++] = kind === 'log1p' ? Math.log1p(v) : v;
  }
}

/** A used feature's column: transformed values (NaN where missing), original values, and how it is scaled. */
interface ScaledColumn {
  full: Float64Array;
  raw: Float64Array;
  fill: number;
  center: number;
  scale: number;
}

/** A column's scaled values into every d-th place of `data` from `f`, the fill for missing ones. */
function placeColumn(column: ScaledColumn, data: Float64Array, f: number, d: number): void {
  const { full, fill, center, scale } = column;
  for (let i = 0, at = f; i < full.length; i++, at += d) {
    const t = full[i]!;
    data[at] = ((Number.isNaN(t) ? fill : t) - center) / scale;
  }
}

/**
 * Builds the feature matrix: keeps each feature the input provides for at least half the organisations and
 * that varies, applies log1p to skewed ones, scales (robust: median/IQR; standard: mean/std), and gives
 * organisations lacking a value the median. O(n·d) for robust scaling (quantiles by selection), O(n·d·log n)
 * for standard. Its passes over a column (readMetric, transformColumn, placeColumn) are applyFeatures' too.
 */
export function buildFeatureMatrix(records: readonly OrgRecord[], scaling: Scaling): FeatureMatrix {
  const n = records.length;
  const features: FeatureDef[] = [];
  const used: UsedFeature[] = [];
  const missing: { name: string; reason: string }[] = [];
  const columns: ScaledColumn[] = [];
  // The present values of each feature in turn, reordered by the quantiles: one scratch for all.
  let scratch = new Float64Array(0);
  for (const def of FEATURES) {
    // Read-only here and in the cluster profiles: the table's own column where there is one.
    const { values: raw, nPresent } = metricValues(records, def.metric);
    if (nPresent === 0) {
      missing.push({ name: def.name, reason: 'not in the input' });
      continue;
    }
    if (nPresent < MIN_COVERAGE * n) {
      missing.push({ name: def.name, reason: `only ${nPresent} of ${n} organisations have it` });
      continue;
    }
    // Each value transformed once: `full` in the records' order (NaN where missing), `present` for the quantiles.
    const full = new Float64Array(n);
    if (scratch.length < nPresent) scratch = new Float64Array(n);
    const present = scratch.subarray(0, nPresent);
    transformColumn(raw, def.transform, full, present);
    let center: number;
    let scale: number;
    let scaleKind: 'iqr' | 'std' = 'iqr';
    if (scaling === 'robust') {
      ({ median: center, iqr: scale } = robustFigures(present));
      if (!(scale > 0)) {
        // Sums in ascending order, as they always were: the same scale to the last bit.
        scale = standardDeviation(present.sort());
        scaleKind = 'std';
      }
    } else {
      present.sort();
      center = present.reduce((a, b) => a + b, 0) / present.length;
      scale = standardDeviation(present);
      scaleKind = 'std';
    }
    // Organisations lacking the feature are given its median: the center for robust scaling.
    const fill = scaling === 'robust' ? center : quantileSorted(present, 0.5);
    if (!(scale > 0)) {
      missing.push({ name: def.name, reason: 'the same value for every organisation' });
      continue;
    }
    features.push(def);
    used.push({ name: def.name, transform: def.transform, center, scale, scaleKind, imputed: n - nPresent, fill });
    columns.push({ full, raw, fill, center, scale });
  }
  const d = features.length;
  const data = new Float64Array(new SharedArrayBuffer(n * d * 8));
  columns.forEach((c, f) => placeColumn(c, data, f, d));
  return { features, used, missing, matrix: { data, n, d }, raw: columns.map((c) => c.raw) };
}

/**
 * Scales organisations with a saved model's features (its centers, scales and fills), in the model's feature
 * order: how organisations are placed without refitting. Features the input lacks are named in `missing`
 * (every organisation is given the fill); organisations lacking a value are counted in `imputed`.
 */
export function applyFeatures(records: readonly OrgRecord[], used: readonly UsedFeature[]): { matrix: Matrix; features: FeatureDef[]; missing: string[]; imputed: number[] } {
  const n = records.length;
  const d = used.length;
  const features = used.map((u) => {
    const def = FEATURES.find((f) => f.name === u.name);
    if (def === undefined) throw new Error(`unknown feature ${u.name}`);
    return def;
  });
  const data = new Float64Array(new SharedArrayBuffer(n * d * 8));
  const imputed = new Array<number>(d).fill(0);
  const column = new Float64Array(n);
  const full = new Float64Array(n);
  const present = new Float64Array(n);
  features.forEach((def, j) => {
    const u = used[j]!;
    imputed[j] = n - readMetric(records, def.metric, column);
    transformColumn(column, u.transform, full, present);
    placeColumn({ full, raw: column, fill: u.fill, center: u.center, scale: u.scale }, data, j, d);
  });
  const missing = used.filter((_, j) => imputed[j] === n).map((u) => u.name);
  return { matrix: { data, n, d }, features, missing, imputed };
}
