// Peer distributions and percentile ranks, checked against hand-worked values and against exact ranks.

import { describe, expect, it } from 'vitest';
import { DISTRIBUTION_POINTS, betterThan, distributionOf, medianOf, percentileIn } from '../../src/benchmark/peers.js';
import { Random } from '../../src/cluster/rng.js';

describe('percentile ranks', () => {
  it('share below plus half the share equal (hand-worked)', () => {
    const d = distributionOf([4, 1, 3, 2, 2]); // sorted 1 2 2 3 4
    expect(d.values).toEqual([1, 2, 2, 3, 4]);
    expect(percentileIn(d, 2)).toBe(40); // 1 below, 2 equal: (1 + 1) / 5
    expect(percentileIn(d, 2.5)).toBe(60); // 3 below
    expect(percentileIn(d, 0)).toBe(0);
    expect(percentileIn(d, 9)).toBe(100);
    expect(percentileIn(d, 4)).toBe(90); // 4 below, 1 equal
    expect(percentileIn(distributionOf([]), 1)).toBeNull();
    expect(medianOf(d)).toBe(2);
  });

  it('"better than" turns the rank for lower-is-better metrics', () => {
    expect(betterThan(20, 'lower')).toBe(80);
    expect(betterThan(20, 'higher')).toBe(20);
  });

  it('a large distribution keeps quantiles whose percentiles stay within 0.1 points of the exact ones', () => {
    const rng = new Random(7);
    const random = (): number => rng.next();
    const values = Array.from({ length: 50_000 }, () => Math.exp(3 * random()));
    const d = distributionOf(values);
    expect(d.n).toBe(50_000);
    expect(d.values).toHaveLength(DISTRIBUTION_POINTS);
    const sorted = Float64Array.from(values).sort();
    expect(medianOf(d)).toBeCloseTo((sorted[24_999]! + sorted[25_000]!) / 2, 12);
    for (let i = 0; i < 200; i++) {
      const probe = Math.exp(3 * random());
      const below = sorted.filter((v) => v < probe).length;
      const exact = (100 * below) / sorted.length;
      expect(Math.abs(percentileIn(d, probe)! - exact)).toBeLessThan(0.1);
    }
  });
});
