import { describe, expect, it } from 'vitest';
import { percentileRankSorted } from '../../src/metrics/percentile-rank.js';
import { median, quantileSorted } from '../../src/metrics/quantile.js';

// Expected values: DuckDB 1.5 `SELECT median(x), quantile_cont(x, 0.9) FROM range(10) t(x)` gives 4.5 and 8.1;
// the others are worked by hand from h = (n − 1)·p.
describe('quantileSorted', () => {
  it('matches DuckDB median() and quantile_cont() on 0..9', () => {
    const values = Float64Array.from({ length: 10 }, (_, i) => i);
    expect(quantileSorted(values, 0.5)).toBe(4.5);
    expect(quantileSorted(values, 0.9)).toBeCloseTo(8.1, 12);
  });
  it('interpolates between closest ranks', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
    expect(quantileSorted([60, 1500, 3000], 0.9)).toBeCloseTo(2700, 9);
    expect(quantileSorted([7], 0.9)).toBe(7);
  });
  it('is NaN for no values', () => {
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
  it('median sorts a copy', () => {
    const values = [3, 1, 2];
    expect(median(values)).toBe(2);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('percentileRankSorted', () => {
  it('counts half of the ties (scipy percentileofscore kind="mean")', () => {
    // scipy.stats.percentileofscore([1, 2, 3, 4], 3, kind='mean') == 62.5; [1, 2, 3, 3, 4] → (2 + 2/2) / 5 = 60.
    expect(percentileRankSorted(Float64Array.of(1, 2, 3, 4), 3)).toBe(62.5);
    expect(percentileRankSorted(Float64Array.of(1, 2, 3, 3, 4), 3)).toBe(60);
    expect(percentileRankSorted(Float64Array.of(1, 2, 3, 4), 0)).toBe(0);
    expect(percentileRankSorted(Float64Array.of(1, 2, 3, 4), 5)).toBe(100);
  });
});
