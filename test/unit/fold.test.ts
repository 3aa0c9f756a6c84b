import { describe, expect, it } from 'vitest';
import { foldClusters, ordinal, type Performance } from '../../src/archetypes/fold.js';
import { FEATURES, type FeatureDef } from '../../src/features/features.js';
import { matrixFromRows } from '../../src/cluster/matrix.js';

const pick = (...names: string[]): FeatureDef[] => names.map((n) => FEATURES.find((f) => f.name === n)!);
const noPerformance = (n: number): Performance[] => Array.from({ length: n }, () => ({ csat: null, firstReplyMedianHours: null, resolutionMedianHours: null }));

// A population of 9 organisations on a grid of -1, 0, 1 per feature; centroids are placed by hand so that
// each rule of METHOD.md §3 fires (percentiles worked out by counting: a value of 1 is above 6 of 9 points
// and ties 3, so it sits at the (6 + 1.5) / 9 = 83rd percentile; 0 at the 50th; -1 at the 17th).
describe('foldClusters', () => {
  const features = pick('tickets_per_month', 'tickets_per_agent', 'comments_per_ticket', 'agents', 'business_rules');
  const rows: number[][] = [];
  for (let i = 0; i < 9; i++) rows.push(features.map((_, j) => [-1, 0, 1][(i + j) % 3]!));
  const labels = rows.map((_, i) => i % 4);

  it('applies each rule and explains it', () => {
    const centroids = [
      // V high, R high, W − SR small: Captains of Scale.
      [1, 0, -1, 1, 1],
      // C high, TPA low: Masters of Complexity.
      [0, -1, 1, 1, 0],
      // V low, TPA low: Relationship Builders.
      [-1, -1, 0, -1, 0],
      // Workload far above strategy and resources: Late Bloomers.
      [1, 1, 1, -1, -1],
    ];
    const folds = foldClusters({ features, matrix: matrixFromRows(rows), labels, centroids, performance: noPerformance(9) });
    expect(folds.map((f) => f.archetype)).toEqual(['Captains of Scale', 'Masters of Complexity', 'Relationship Builders', 'Late Bloomers']);
    expect(folds[0]!.reason).toBe('tickets per month at the 83rd percentile, business rules at the 83rd percentile');
    expect(folds[1]!.reason).toContain('comments per ticket at the 83rd percentile');
    expect(folds[3]!.reason).toMatch(/^workload outruns strategy and resources \(W − SR = \d\.\d\d ≥ 0\.5\)$/);
    expect(folds[0]!.percentiles.tickets_per_month).toBeCloseTo(83.33, 1);
  });

  it('sends a small team with poor CSAT and slow replies to Late Bloomers', () => {
    const performance: Performance[] = rows.map((_, i) => ({
      csat: labels[i] === 0 ? 0.7 : 0.95,
      firstReplyMedianHours: labels[i] === 0 ? 30 : 2,
      resolutionMedianHours: 10,
    }));
    const centroids = [[-1, -1, 0, -1, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]];
    const [fold] = foldClusters({ features, matrix: matrixFromRows(rows), labels, centroids, performance });
    expect(fold!.archetype).toBe('Late Bloomers');
    expect(fold!.reason).toBe('typical CSAT below the median and first reply slower than the median');
  });
});

describe('ordinal', () => {
  it('writes English ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 92, 100].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '92nd', '100th']);
  });
});
