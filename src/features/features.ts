// The clustering variables (registry.ts: FEATURE_KEYS): which the input provides, transformed and scaled into a matrix.

import type { Matrix } from '../cluster/matrix.js';
import type { OrgMetrics, OrgRecord } from '../metrics/org-metrics.js';
import { quantileSorted } from '../metrics/quantile.js';
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
  /** n × d values in original units, NaN where the organisation lacks the feature. */
  raw: Float64Array;
}

/** Organisations must have a value for at least this share for a feature to be used. */
export const MIN_COVERAGE = 0.5;

function transform(value: number, kind: 'log1p' | 'none'): number {
  return kind === 'log1p' ? Math.log1p(value) : value;
}

function standardDeviation(values: Float64Array): number {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let sum = 0;
  for (const v of values) sum += (v - mean) ** 2;
  return Math.sqrt(sum / values.length);
}

/**
 * Builds the feature matrix: keeps each feature the input provides for at least half the organisations and
 * that varies, applies log1p to skewed ones, scales (robust: median/IQR; standard: mean/std), and gives
 * organisations lacking a value the median. O(n·d·log n).
 */
export function buildFeatureMatrix(records: readonly OrgRecord[], scaling: Scaling): FeatureMatrix {
  const n = records.length;
  const features: FeatureDef[] = [];
  const used: UsedFeature[] = [];
  const missing: { name: string; reason: string }[] = [];
  const scaledColumns: Float64Array[] = [];
  const rawColumns: Float64Array[] = [];
  for (const def of FEATURES) {
    const raw = new Float64Array(n);
    let nPresent = 0;
    for (let i = 0; i < n; i++) {
      const v = records[i]!.metrics[def.metric];
      raw[i] = v !== null && Number.isFinite(v) ? v : NaN;
      if (!Number.isNaN(raw[i]!)) nPresent++;
    }
    if (nPresent === 0) {
      missing.push({ name: def.name, reason: 'not in the input' });
      continue;
    }
    if (nPresent < MIN_COVERAGE * n) {
      missing.push({ name: def.name, reason: `only ${nPresent} of ${n} organisations have it` });
      continue;
    }
    const transformed = new Float64Array(nPresent);
    for (let i = 0, j = 0; i < n; i++) if (!Number.isNaN(raw[i]!)) transformed[j++] = transform(raw[i]!, def.transform);
    transformed.sort();
    let center: number;
    let scale: number;
    let scaleKind: 'iqr' | 'std' = 'iqr';
    if (scaling === 'robust') {
      center = quantileSorted(transformed, 0.5);
      scale = quantileSorted(transformed, 0.75) - quantileSorted(transformed, 0.25);
      if (!(scale > 0)) {
        scale = standardDeviation(transformed);
        scaleKind = 'std';
      }
    } else {
      center = transformed.reduce((a, b) => a + b, 0) / transformed.length;
      scale = standardDeviation(transformed);
      scaleKind = 'std';
    }
    if (!(scale > 0)) {
      missing.push({ name: def.name, reason: 'the same value for every organisation' });
      continue;
    }
    const fill = quantileSorted(transformed, 0.5);
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) column[i] = ((Number.isNaN(raw[i]!) ? fill : transform(raw[i]!, def.transform)) - center) / scale;
    features.push(def);
    used.push({ name: def.name, transform: def.transform, center, scale, scaleKind, imputed: n - nPresent, fill });
    scaledColumns.push(column);
    rawColumns.push(raw);
  }
  const d = features.length;
  const data = new Float64Array(new SharedArrayBuffer(n * d * 8));
  const raw = new Float64Array(n * d);
  for (let f = 0; f < d; f++) {
    const scaled = scaledColumns[f]!;
    const original = rawColumns[f]!;
    for (let i = 0; i < n; i++) {
      data[i * d + f] = scaled[i]!;
      raw[i * d + f] = original[i]!;
    }
  }
  return { features, used, missing, matrix: { data, n, d }, raw };
}

/**
 * Scales organisations with a saved model's features (its centers, scales and fills), in the model's feature
 * order: how organisations are placed without refitting. Features the input lacks are named in `missing`
 * (every organisation is given the fill); organisations lacking a value are counted in `imputed`.
 */
export function applyFeatures(records: readonly OrgRecord[], used: readonly UsedFeature[]): { matrix: Matrix; raw: Float64Array; features: FeatureDef[]; missing: string[]; imputed: number[] } {
  const n = records.length;
  const d = used.length;
  const features = used.map((u) => {
    const def = FEATURES.find((f) => f.name === u.name);
    if (def === undefined) throw new Error(`unknown feature ${u.name}`);
    return def;
  });
  const data = new Float64Array(new SharedArrayBuffer(n * d * 8));
  const raw = new Float64Array(n * d);
  const imputed = new Array<number>(d).fill(0);
  features.forEach((def, j) => {
    const u = used[j]!;
    for (let i = 0; i < n; i++) {
      const v = records[i]!.metrics[def.metric];
      const value = v !== null && Number.isFinite(v) ? v : NaN;
      raw[i * d + j] = value;
      if (Number.isNaN(value)) imputed[j]!++;
      data[i * d + j] = ((Number.isNaN(value) ? u.fill : transform(value, u.transform)) - u.center) / u.scale;
    }
  });
  const missing = used.filter((_, j) => imputed[j] === n).map((u) => u.name);
  return { matrix: { data, n, d }, raw, features, missing, imputed };
}
