import { describe, expect, it } from 'vitest';
import { countDistinct, fitKMeans } from '../../src/cluster/kmeans.js';
import { matrixFromRows } from '../../src/cluster/matrix.js';

describe('fitKMeans', () => {
  // Hand-worked: two pairs 10 apart; the centroids are (0, 0.5) and (10, 0.5), each point 0.5 from its
  // centroid, so the inertia is 4 × 0.25 = 1.
  const rows = [
    [10, 0],
    [0, 0],
    [10, 1],
    [0, 1],
  ];
  it('finds the obvious clusters with the hand-computed inertia', async () => {
    const fit = await fitKMeans(rows, { k: 2, seed: 1, nRestarts: 3 });
    expect(fit.inertia).toBeCloseTo(1, 12);
    expect(fit.sizes).toEqual([2, 2]);
    // Equal sizes: canonical order by centroid, so the cluster at x = 0 comes first.
    expect(fit.centroids).toEqual([
      [0, 0.5],
      [10, 0.5],
    ]);
    expect(Array.from(fit.labels)).toEqual([1, 0, 1, 0]);
  });
  it('numbers clusters largest first, whatever the seed', async () => {
    const uneven = [[0], [0.1], [0.2], [5], [5.1], [9]];
    for (const seed of [1, 2, 3, 4]) {
      const fit = await fitKMeans(uneven, { k: 3, seed, nRestarts: 5 });
      expect(fit.sizes).toEqual([3, 2, 1]);
      expect(Array.from(fit.labels)).toEqual([0, 0, 0, 1, 1, 2]);
    }
  });
  it('gives identical results for the same seed', async () => {
    const random = Array.from({ length: 200 }, (_, i) => [Math.sin(i) * 3, Math.cos(i * 7) * 2, (i % 13) / 4]);
    const a = await fitKMeans(random, { k: 6, seed: 7, nRestarts: 4 });
    const b = await fitKMeans(random, { k: 6, seed: 7, nRestarts: 4 });
    expect(a).toEqual(b);
  });
  it('keeps the lowest inertia over restarts', async () => {
    const random = Array.from({ length: 300 }, (_, i) => [Math.sin(i * 1.3) * 5, Math.cos(i * 0.7) * 5]);
    const one = await fitKMeans(random, { k: 8, seed: 3, nRestarts: 1 });
    const ten = await fitKMeans(random, { k: 8, seed: 3, nRestarts: 10 });
    expect(ten.inertia).toBeLessThanOrEqual(one.inertia);
  });
  it('counts distinct rows, stopping at a limit', () => {
    const m = matrixFromRows([[1, 2], [1, 2], [2, 1], [3, 3]]);
    expect(countDistinct(m)).toBe(3);
    expect(countDistinct(m, 2)).toBe(2);
  });
});
