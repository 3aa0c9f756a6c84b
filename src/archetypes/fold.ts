// Folding the k clusters into the four operational archetypes (METHOD.md §3), each with a one-line reason.

import type { Matrix } from '../cluster/matrix.js';
import type { FeatureDef } from '../features/features.js';
import { percentileRankSorted } from '../metrics/percentile-rank.js';
import { quantileSorted } from '../metrics/quantile.js';

export const ARCHETYPES = ['Relationship Builders', 'Masters of Complexity', 'Late Bloomers', 'Captains of Scale'] as const;
export type Archetype = (typeof ARCHETYPES)[number];

export const ARCHETYPE_SUMMARY: Record<Archetype, string> = {
  'Relationship Builders': 'small, high-touch teams whose customers love them',
  'Masters of Complexity': 'detailed, back-and-forth requests met with heavy investment',
  'Late Bloomers': 'unbalanced operations that have not reached their potential',
  'Captains of Scale': 'the gold standard at high volume',
};

/** What each organisation achieves, one value per organisation (null where unknown). */
export interface Performance {
  csat: number | null;
  firstReplyMedianHours: number | null;
  resolutionMedianHours: number | null;
}

export interface ClusterFold {
  archetype: Archetype;
  reason: string;
  /** Population percentile of the centroid, per feature name. */
  percentiles: Record<string, number>;
  /** Mean z-score of the centroid over workload features (W) and over strategy and resource features (SR). */
  workloadScore: number | null;
  strategyResourcesScore: number | null;
  typical: Performance;
}

export interface FoldInput {
  features: readonly FeatureDef[];
  /** Scaled organisation rows (n × d) and cluster labels. */
  matrix: Matrix;
  labels: ArrayLike<number>;
  centroids: readonly number[][];
  performance: readonly Performance[];
}

/** Threshold of W − SR at which workload is judged to outrun strategy and resources. */
export const IMBALANCE_THRESHOLD = 0.5;
const TOP_THIRD = 100 * (2 / 3);

export function ordinal(value: number): string {
  const n = Math.round(value);
  const mod100 = n % 100;
  const suffix = mod100 >= 11 && mod100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/**
 * Medians of one performance value over all organisations and per cluster (organisations without it left out),
 * through typed arrays: one value per organisation, as METHOD.md asks. Null where nobody has the value.
 */
function bucketMedians(performance: readonly Performance[], labels: ArrayLike<number>, k: number, pick: (p: Performance) => number | null): { all: number | null; byCluster: (number | null)[] } {
  const n = performance.length;
  const values = new Float64Array(n);
  const clusterOf = new Int32Array(n);
  const counts = new Int32Array(k + 1);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = pick(performance[i]!);
    if (v === null || !Number.isFinite(v)) continue;
    values[m] = v;
    clusterOf[m++] = labels[i]!;
    counts[labels[i]! + 1]!++;
  }
  for (let c = 0; c < k; c++) counts[c + 1]! += counts[c]!;
  const cursor = counts.slice(0, k);
  const grouped = new Float64Array(m);
  for (let i = 0; i < m; i++) grouped[cursor[clusterOf[i]!]!++] = values[i]!;
  const medianOf = (sorted: Float64Array): number | null => (sorted.length === 0 ? null : quantileSorted(sorted, 0.5));
  return {
    all: medianOf(values.subarray(0, m).sort()),
    byCluster: Array.from({ length: k }, (_, c) => medianOf(grouped.subarray(counts[c]!, counts[c + 1]!).sort())),
  };
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Applies the archetype rules to each cluster's centroid, in this order:
 * 1. Late Bloomers when W − SR ≥ 0.5 (workload outruns strategy and resources), or typical CSAT below the
 *    population median with first reply slower than the median.
 * 2. Captains of Scale: volume in the top third and business rules or self-service above the median (where
 *    neither is known, coverage hours stand in; where no such feature is known, volume alone).
 * 3. Masters of Complexity: comments per ticket in the top third and tickets per agent at or below the median.
 * 4. Relationship Builders: volume and tickets per agent below the median, typical CSAT at or above the
 *    population median where CSAT is known.
 * 5. Late Bloomers otherwise.
 * Percentiles are of the centroid among the organisations' scaled values. O(n·d·log n).
 */
export function foldClusters(input: FoldInput): ClusterFold[] {
  const { features, matrix, labels, centroids, performance } = input;
  const { data, n, d } = matrix;
  const columns = Array.from({ length: d }, (_, j) => {
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) column[i] = data[i * d + j]!;
    return column;
  });
  const stats = columns.map((column) => {
    let m = 0;
    for (const v of column) m += v;
    m /= n;
    let sum = 0;
    for (const v of column) sum += (v - m) ** 2;
    return { mean: m, sd: Math.sqrt(sum / n) };
  });
  for (const column of columns) column.sort();
  const k = centroids.length;
  const csat = bucketMedians(performance, labels, k, (p) => p.csat);
  const frt = bucketMedians(performance, labels, k, (p) => p.firstReplyMedianHours);
  const resolution = bucketMedians(performance, labels, k, (p) => p.resolutionMedianHours);
  const populationCsat = csat.all;
  const populationFrt = frt.all;

  return centroids.map((centroid, cluster) => {
    const typical: Performance = {
      csat: csat.byCluster[cluster]!,
      firstReplyMedianHours: frt.byCluster[cluster]!,
      resolutionMedianHours: resolution.byCluster[cluster]!,
    };
    const percentiles: Record<string, number> = {};
    const pct: Partial<Record<FeatureDef['symbol'], number>> = {};
    const workloadZ: number[] = [];
    const resourceZ: number[] = [];
    features.forEach((f, j) => {
      const p = percentileRankSorted(columns[j]!, centroid[j]!);
      percentiles[f.name] = p;
      pct[f.symbol] = p;
      const z = stats[j]!.sd > 0 ? (centroid[j]! - stats[j]!.mean) / stats[j]!.sd : 0;
      (f.group === 'workload' ? workloadZ : resourceZ).push(z);
    });
    const workloadScore = mean(workloadZ);
    const strategyResourcesScore = mean(resourceZ);
    const at = (symbol: FeatureDef['symbol']): string => {
      const f = features.find((x) => x.symbol === symbol)!;
      return `${f.label} at the ${ordinal(pct[symbol]!)} percentile`;
    };
    const decide = (): { archetype: Archetype; reason: string } => {
      if (workloadScore !== null && strategyResourcesScore !== null && workloadScore - strategyResourcesScore >= IMBALANCE_THRESHOLD) {
        return {
          archetype: 'Late Bloomers',
          reason: `workload outruns strategy and resources (W − SR = ${(workloadScore - strategyResourcesScore).toFixed(2)} ≥ ${IMBALANCE_THRESHOLD})`,
        };
      }
      if (typical.csat !== null && populationCsat !== null && typical.firstReplyMedianHours !== null && populationFrt !== null) {
        if (typical.csat < populationCsat && typical.firstReplyMedianHours > populationFrt) {
          return { archetype: 'Late Bloomers', reason: 'typical CSAT below the median and first reply slower than the median' };
        }
      }
      const V = pct.V;
      if (V !== undefined && V >= TOP_THIRD) {
        const strategy = (['R', 'S'] as const).filter((s) => pct[s] !== undefined);
        const evidence = strategy.length > 0 ? strategy : (['Hwe', 'Hwd'] as const).filter((s) => pct[s] !== undefined);
        const strong = evidence.filter((s) => pct[s]! > 50);
        if (evidence.length === 0) return { archetype: 'Captains of Scale', reason: `${at('V')} (no strategy or hours data)` };
        if (strong.length > 0) return { archetype: 'Captains of Scale', reason: [at('V'), ...strong.map(at)].join(', ') };
      }
      const C = pct.C;
      if (C !== undefined && C >= TOP_THIRD && (pct.TPA === undefined || pct.TPA <= 50)) {
        return { archetype: 'Masters of Complexity', reason: [at('C'), ...(pct.TPA !== undefined ? [at('TPA')] : [])].join(', ') };
      }
      if (V !== undefined && V < 50 && (pct.TPA === undefined || pct.TPA < 50)) {
        const isHappy = typical.csat === null || populationCsat === null || typical.csat >= populationCsat;
        if (isHappy) {
          const parts = [at('V'), ...(pct.TPA !== undefined ? [at('TPA')] : [])];
          if (typical.csat !== null && populationCsat !== null) parts.push(`typical CSAT ${(typical.csat * 100).toFixed(1)}% ≥ median ${(populationCsat * 100).toFixed(1)}%`);
          return { archetype: 'Relationship Builders', reason: parts.join(', ') };
        }
      }
      const parts = features.slice(0, 3).map((f) => at(f.symbol));
      return { archetype: 'Late Bloomers', reason: `matches no other profile (${parts.join(', ')})` };
    };
    const { archetype, reason } = decide();
    return { archetype, reason, percentiles, workloadScore, strategyResourcesScore, typical };
  });
}
