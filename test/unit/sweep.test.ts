import { describe, expect, it } from 'vitest';
import { knee, recommend, type SweepRow } from '../../src/cluster/sweep.js';
import { parseKRange } from '../../src/commands/tune.js';

describe('knee', () => {
  it('is the point farthest below the chord, both axes scaled to [0, 1]', () => {
    // Hand-worked: k 1..5, inertia 100, 40, 20, 15, 10. Scaled x = 0, .25, .5, .75, 1; y = 1, .333, .111, .056, 0.
    // 1 − x − y = 0, .417, .389, .194, 0 → the elbow is at k = 2.
    expect(knee([1, 2, 3, 4, 5], [100, 40, 20, 15, 10])).toBe(2);
  });
  it('is null for a straight line or too few points', () => {
    expect(knee([2, 3, 4], [30, 20, 10])).toBeNull();
    expect(knee([2, 3], [30, 10])).toBeNull();
  });
});

describe('recommend', () => {
  const row = (k: number, silhouette: number, calinskiHarabasz: number, daviesBouldin: number): SweepRow => ({
    k,
    inertia: 0,
    iterations: 1,
    converged: true,
    isKnee: false,
    silhouette,
    silhouetteRows: 10,
    calinskiHarabasz,
    daviesBouldin,
  });
  it('takes the k most criteria point to, naming the votes', () => {
    const rows = [row(2, 0.5, 100, 0.9), row(3, 0.6, 150, 0.5), row(4, 0.4, 120, 0.7)];
    expect(recommend(rows, 3)).toEqual({
      k: 3,
      reason: 'k = 3: the elbow of the inertia curve, the highest silhouette, the highest Calinski–Harabasz, the lowest Davies–Bouldin',
    });
  });
  it('breaks a tie in favour of the elbow', () => {
    const rows = [row(2, 0.7, 90, 0.3), row(5, 0.5, 150, 0.6)];
    expect(recommend(rows, 5).k).toBe(5);
  });
});

describe('parseKRange', () => {
  it('reads A..B and a single k', () => {
    expect(parseKRange('2..5')).toEqual([2, 3, 4, 5]);
    expect(parseKRange('12')).toEqual([12]);
  });
  it('refuses what is not a range of k ≥ 2', () => {
    for (const bad of ['1..5', '5..2', 'two', '2..500', '']) expect(() => parseKRange(bad)).toThrow(/expected a range A\.\.B/);
  });
});
