import { describe, expect, it } from 'vitest';
import { groupByLabel, mergeSortedRuns } from '../../src/metrics/group-by-label.js';
import { percentileRankOf, percentileRanksOf, percentileRankSorted } from '../../src/metrics/percentile-rank.js';
import { median, quantileSorted, quantilesInPlace } from '../../src/metrics/quantile.js';

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

describe('quantilesInPlace', () => {
  it('gives what a sort and quantileSorted give, bit for bit, on values with ties, of every length up to 200', () => {
    let seed = 7;
    const next = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let n = 0; n <= 200; n++) {
      // Few distinct values for some lengths (ties across the quartiles), continuous ones for the others.
      const values = Float64Array.from({ length: n }, () => (n % 3 === 0 ? Math.floor(next() * 5) : next() * 1000));
      const ps = [0.25, 0.5, 0.75, 0, 1, 0.9];
      const expected = ps.map((p) => quantileSorted(Float64Array.from(values).sort(), p));
      expect(quantilesInPlace(Float64Array.from(values), ps)).toEqual(expected);
    }
  });
  it('matches DuckDB quantile_cont() on 0..9 given out of order', () => {
    expect(quantilesInPlace(Float64Array.of(9, 3, 0, 7, 1, 8, 2, 6, 4, 5), [0.5, 0.9, 0.25])).toEqual([4.5, 8.1, 2.25]);
  });
});

describe('percentileRankOf', () => {
  it('gives what percentileRankSorted gives on the sorted values, bit for bit, ties included', () => {
    let seed = 11;
    const next = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let n = 1; n <= 300; n += 7) {
      const values = Float64Array.from({ length: n }, () => Math.floor(next() * 20) / 4);
      const sorted = Float64Array.from(values).sort();
      for (const value of [-1, 0, 0.25, 2.5, 4.75, 5, next() * 5]) expect(percentileRankOf(values, value)).toBe(percentileRankSorted(sorted, value));
    }
  });
});

describe('percentileRanksOf', () => {
  it('gives percentileRankOf for each target, bit for bit: ties, repeated targets, every step-th value', () => {
    let seed = 5;
    const next = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let n = 1; n <= 300; n += 13) {
      for (const step of [1, 3]) {
        const values = Float64Array.from({ length: n * step }, () => Math.floor(next() * 20) / 4);
        const picked = values.filter((_, i) => i % step === 1 % step);
        const targets = [-1, 0, 2.5, 2.5, 4.75, 5, next() * 5, values[0]!];
        const ranks = percentileRanksOf(values, targets, 1 % step, step);
        expect(ranks).toEqual(targets.map((t) => percentileRankOf(picked, t)));
      }
    }
  });
  it('leaves NaN values out of the counts but not of the population, as percentileRankOf does', () => {
    // [1, NaN, 3]: below 3 is one value of three, equal one: (1 + 1/2) / 3 = 50%.
    expect(percentileRanksOf(Float64Array.of(1, NaN, 3), [3, 1])).toEqual([50, (100 * 0.5) / 3]);
    expect(percentileRankOf(Float64Array.of(1, NaN, 3), 3)).toBe(50);
  });
});

describe('groupByLabel', () => {
  it('groups the values that are not NaN by label, each group in the values’ order (worked by hand)', () => {
    // Labels 2, 0, 1, 0, 2, 1 over values 5, 1, NaN, 3, 7, 4: label 0 → 1, 3; label 1 → 4; label 2 → 5, 7.
    const { grouped, bounds } = groupByLabel(Float64Array.of(5, 1, NaN, 3, 7, 4), Int32Array.of(2, 0, 1, 0, 2, 1), 3);
    expect(Array.from(grouped)).toEqual([1, 3, 4, 5, 7]);
    expect(Array.from(bounds)).toEqual([0, 2, 3, 5]);
    // A label no value has: an empty group.
    expect(Array.from(groupByLabel([1, 2], [0, 0], 2).bounds)).toEqual([0, 2, 2]);
  });
});

describe('mergeSortedRuns', () => {
  it('merges sorted runs into what sorting the whole gives (worked by hand)', () => {
    // Runs [1, 4], [], [2, 3, 9], [0]: merged 0, 1, 2, 3, 4, 9; the runs themselves are left as they were.
    const runs = Float64Array.of(1, 4, 2, 3, 9, 0);
    expect(Array.from(mergeSortedRuns(runs, [0, 2, 2, 5, 6]))).toEqual([0, 1, 2, 3, 4, 9]);
    expect(Array.from(runs)).toEqual([1, 4, 2, 3, 9, 0]);
    expect(Array.from(mergeSortedRuns(Float64Array.of(), [0]))).toEqual([]);
    expect(Array.from(mergeSortedRuns(Float64Array.of(3, 5), [0, 2]))).toEqual([3, 5]);
  });

  it('equals Float64Array sort for 1 to 40 runs of random lengths, with ties', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let k = 1; k <= 40; k++) {
      const bounds = [0];
      const parts: number[] = [];
      for (let c = 0; c < k; c++) {
        const run = Array.from({ length: Math.floor(next() * 50) }, () => Math.floor(next() * 30) / 4).sort((a, b) => a - b);
        parts.push(...run);
        bounds.push(parts.length);
      }
      const runs = Float64Array.from(parts);
      expect(Array.from(mergeSortedRuns(runs, bounds))).toEqual(Array.from(Float64Array.from(parts).sort()));
    }
  });
});
