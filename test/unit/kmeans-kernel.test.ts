import { kmeans as mlKmeans } from 'ml-kmeans';
import { describe, expect, it } from 'vitest';
import { fitKMeans } from '../../src/cluster/kmeans.js';
import { genericKernels, kernelsFor } from '../../src/cluster/kernels.js';
import { lloyd, relativeTolerance, seedPlusPlus } from '../../src/cluster/kmeans-run.js';
import { matrixFromRows } from '../../src/cluster/matrix.js';
import { dispersionScores, SILHOUETTE_BLOCKS, silhouette, silhouetteBlocks, silhouetteOfBlocks, silhouetteOfSample, silhouetteRows, silhouetteSample } from '../../src/cluster/quality.js';
import { Random } from '../../src/cluster/rng.js';
import { Kernel } from '../../src/kernel/kernel.js';

/** `run` with the WebAssembly kernel on or off (BENCHMARK_KERNEL, read at each use), the setting put back after. */
function withKernel<T>(kernel: 'on' | 'off', run: () => T): T {
  const before = process.env.BENCHMARK_KERNEL;
  if (kernel === 'off') process.env.BENCHMARK_KERNEL = 'off';
  else delete process.env.BENCHMARK_KERNEL;
  try {
    return run();
  } finally {
    if (before === undefined) delete process.env.BENCHMARK_KERNEL;
    else process.env.BENCHMARK_KERNEL = before;
  }
}

function blobs(nPerBlob: number, centres: number[][], spread: number, seed: number): number[][] {
  const random = new Random(seed);
  const rows: number[][] = [];
  for (const centre of centres) for (let i = 0; i < nPerBlob; i++) rows.push(centre.map((c) => c + (random.next() - 0.5) * spread));
  return rows;
}

describe('generated distance kernels', () => {
  it('give exactly the plain loop’s results for d = 1 … 9', () => {
    const random = new Random(3);
    for (let d = 1; d <= 9; d++) {
      const rows = Array.from({ length: 50 }, () => Array.from({ length: d }, () => random.next() * 10 - 5));
      const m = matrixFromRows(rows);
      const fast = kernelsFor(d);
      const plain = genericKernels(d);
      const a = new Float64Array(50);
      const b = new Float64Array(50);
      fast.distancesTo(m.data, 50, m.data, 7, a, 0);
      plain.distancesTo(m.data, 50, m.data, 7, b, 0);
      expect(a).toEqual(b);
      expect(fast.squaredTo(m.data, 3, m.data, 9)).toBe(plain.squaredTo(m.data, 3, m.data, 9));
      const r1 = new Float64Array(3);
      const r2 = new Float64Array(3);
      fast.nearestTwo(m.data, 4, m.data, 20, r1);
      plain.nearestTwo(m.data, 4, m.data, 20, r2);
      expect(r1).toEqual(r2);
      const candidates = m.data.slice(0, 3 * d);
      const pa = new Float64Array(3);
      const pb = new Float64Array(3);
      const oa = new Float64Array(150);
      const ob = new Float64Array(150);
      const nearest = Float64Array.from({ length: 50 }, () => random.next() * 20);
      fast.trialDistances(m.data, 50, candidates, 3, nearest, oa, pa);
      plain.trialDistances(m.data, 50, candidates, 3, nearest, ob, pb);
      expect(oa).toEqual(ob);
      expect(pa).toEqual(pb);
      const labels = Int32Array.from({ length: 50 }, (_, i) => i % 4);
      const sa = new Float64Array(50 * 4);
      const sb = new Float64Array(50 * 4);
      for (let s = 0; s < 49; s++) {
        fast.silhouetteRow(m.data, 50, s, labels, sa, 4);
        plain.silhouetteRow(m.data, 50, s, labels, sb, 4);
      }
      expect(sa).toEqual(sb);
      // Row 0's sum for cluster 1 is its distances to rows 1, 5, 9, …, added in that order.
      let expected = 0;
      for (let t = 1; t < 50; t += 4) expected += Math.sqrt(plain.squaredTo(m.data, t, m.data, 0));
      expect(sa[1]).toBe(expected);
    }
  });
});

describe('k-means kernel', () => {
  const centres = [[0, 0, 0], [6, 0, 1], [0, 6, 2], [6, 6, 3], [3, 3, 9]];
  const rows = blobs(60, centres, 2, 11);

  it('agrees with ml-kmeans on well-separated data (same partition, inertia within 0.1%)', async () => {
    const ours = await fitKMeans(rows, { k: 5, seed: 1, nRestarts: 10, nThreads: 1 });
    let best: { clusters: number[]; inertia: number } | undefined;
    for (let seed = 0; seed < 10; seed++) {
      const result = mlKmeans(rows, 5, { initialization: 'kmeans++', seed });
      const inertia = result.clusters.reduce((sum, c, i) => sum + rows[i]!.reduce((s, v, f) => s + (v - result.centroids[c]![f]!) ** 2, 0), 0);
      if (best === undefined || inertia < best.inertia) best = { clusters: result.clusters, inertia };
    }
    expect(ours.inertia).toBeLessThanOrEqual(best!.inertia * 1.001);
    // The same partition up to numbering: rows together in one are together in the other.
    const pairs = new Set(Array.from(ours.labels, (l, i) => `${l}:${best!.clusters[i]}`));
    expect(pairs.size).toBe(5);
  });

  it('seeds on the WebAssembly kernel exactly as on the TypeScript one (centres, labels and both distances)', () => {
    expect(Kernel.create(), 'the WebAssembly kernel (npm run build makes it)').toBeDefined();
    const random = new Random(23);
    const seedingOf = (rows: number[][], k: number, restart: number, kernel: 'on' | 'off'): ReturnType<typeof seedPlusPlus> => {
      return withKernel(kernel, () => {
        // A matrix of its own: the kernel's copy of a matrix is kept for the next seeding of it.
        return seedPlusPlus(matrixFromRows(rows), k, new Random(5, restart));
      });
    };
    // k = 2, 3, 12, 25, 60: 2, 3, 4, 5 and 6 candidates a centre (groups of four, padded); d from 1 to 33.
    let compared = 0;
    for (const d of [1, 2, 3, 5, 8, 9, 33]) {
      for (const k of [2, 3, 12, 25, 60]) {
        const size = k + 1 + random.int(300);
        // Repeated rows too (distances of zero, ties among candidates).
        const rows = Array.from({ length: size }, () => Array.from({ length: d }, () => Math.round((random.next() - 0.5) * 10 ** random.int(4) * 100) / 100));
        for (let i = 0; i < 20; i++) rows[random.int(size)] = [...rows[random.int(size)]!];
        for (const restart of [0, 1]) {
          const byKernel = seedingOf(rows, k, restart, 'on');
          const byTypeScript = seedingOf(rows, k, restart, 'off');
          const what = `d = ${d}, k = ${k}, ${size} rows, restart ${restart}`;
          expect(Array.from(byKernel.centers), what).toEqual(Array.from(byTypeScript.centers));
          expect(Array.from(byKernel.labels), what).toEqual(Array.from(byTypeScript.labels));
          expect(Array.from(byKernel.nearest), what).toEqual(Array.from(byTypeScript.nearest));
          expect(Array.from(byKernel.secondNearest), what).toEqual(Array.from(byTypeScript.secondNearest));
          compared++;
        }
      }
    }
    expect(compared).toBe(70);
    // Seeding the same matrix again (the kernel's arrays reused) gives the same seeding.
    const rows = blobs(400, centres, 2, 5);
    const m = matrixFromRows(rows);
    const first = seedPlusPlus(m, 12, new Random(8, 1));
    const firstLabels = Array.from(first.labels);
    const firstSecond = Array.from(first.secondNearest);
    const other = seedPlusPlus(m, 12, new Random(8, 2));
    expect(Array.from(other.labels)).not.toEqual(firstLabels);
    const again = seedPlusPlus(m, 12, new Random(8, 1));
    expect(Array.from(again.labels)).toEqual(firstLabels);
    expect(Array.from(again.secondNearest)).toEqual(firstSecond);
  });

  it('runs Lloyd on the WebAssembly kernel exactly as on the TypeScript one (labels, centres, inertia, iterations, re-seeding)', () => {
    expect(Kernel.create(), 'the WebAssembly kernel (npm run build makes it)').toBeDefined();
    const random = new Random(29);
    const runOf = (rows: number[][], k: number, restart: number, kernel: 'on' | 'off'): ReturnType<typeof lloyd> => {
      return withKernel(kernel, () => {
        // A matrix of its own: the kernel's copy of a matrix is kept for the next run on it.
        const m = matrixFromRows(rows);
        return lloyd(m, seedPlusPlus(m, k, new Random(6, restart)), { k, tolerance: relativeTolerance(m) / 100, maxIterations: 100 });
      });
    };
    let iterations = 0;
    for (const d of [1, 2, 3, 8, 9, 33]) {
      for (const k of [2, 5, 12, 40]) {
        const size = k + 1 + random.int(400);
        const rows = blobs(Math.ceil(size / 4), centres.slice(0, 4).map((c) => Array.from({ length: d }, (_, f) => c[f % 3]! * (1 + f))), 4, random.int(1000)).slice(0, size);
        for (const restart of [0, 1]) {
          const byKernel = runOf(rows, k, restart, 'on');
          const byTypeScript = runOf(rows, k, restart, 'off');
          const what = `d = ${d}, k = ${k}, ${size} rows, restart ${restart}`;
          expect(Array.from(byKernel.labels), what).toEqual(Array.from(byTypeScript.labels));
          expect(Array.from(byKernel.centers), what).toEqual(Array.from(byTypeScript.centers));
          expect(byKernel.inertia, what).toBe(byTypeScript.inertia);
          expect(byKernel.iterations, what).toBe(byTypeScript.iterations);
          expect(byKernel.nReseeded, what).toBe(byTypeScript.nReseeded);
          iterations += byKernel.iterations;
        }
      }
    }
    expect(iterations).toBeGreaterThan(150);
  });

  it('re-seeds a cluster left empty and reports it', () => {
    // Centres at the two groups and one far away: the far centre gets no rows on the first assignment.
    const m = matrixFromRows([[0], [0.5], [1], [10], [10.5], [11]]);
    const seeding = {
      centers: Float64Array.of(0.5, 10.5, 1000),
      labels: Int32Array.of(0, 0, 0, 1, 1, 1),
      nearest: Float64Array.of(0.25, 0, 0.25, 0.25, 0, 0.25),
      secondNearest: Float64Array.of(100, 100, 90.25, 90.25, 100, 110.25),
    };
    const result = lloyd(m, seeding, { k: 3, tolerance: relativeTolerance(m), maxIterations: 50 });
    expect(result.nReseeded).toBe(1);
    // Re-seeded on the kernel's arrays (where there is the kernel) as on the TypeScript ones.
    const onTypeScript = withKernel('off', () => lloyd(matrixFromRows([[0], [0.5], [1], [10], [10.5], [11]]), seeding, { k: 3, tolerance: relativeTolerance(m), maxIterations: 50 }));
    expect(Array.from(result.labels)).toEqual(Array.from(onTypeScript.labels));
    expect(result.inertia).toBe(onTypeScript.inertia);
    const sizes = [0, 1, 2].map((c) => result.labels.filter((l) => l === c).length);
    expect(sizes.every((s) => s > 0)).toBe(true);
  });

  it('gives the same result on one thread as on several', async () => {
    const many = blobs(5000, centres, 3, 2);
    const one = await fitKMeans(many, { k: 8, seed: 9, nRestarts: 6, nThreads: 1 });
    // In-process (TypeScript sources) the restarts run on the calling thread whatever nThreads says; the CLI
    // test in test/cli/classify.test.ts compares --threads 1 and --threads 2 through the built workers.
    const two = await fitKMeans(many, { k: 8, seed: 9, nRestarts: 6, nThreads: 2 });
    expect(two).toEqual(one);
  });

  it('seeds reproducibly from (seed, restart)', () => {
    const m = matrixFromRows(rows);
    // Copies: a seeding's labels and distances are the kernel's arrays, written over by the next seeding.
    const seeding = (restart: number): ReturnType<typeof seedPlusPlus> => {
      const s = seedPlusPlus(m, 5, new Random(4, restart));
      return { centers: s.centers, labels: s.labels.slice(), nearest: s.nearest.slice(), secondNearest: s.secondNearest.slice() };
    };
    const a = seeding(2);
    const b = seeding(2);
    const c = seeding(3);
    expect(a).toEqual(b);
    expect(a.centers).not.toEqual(c.centers);
  });
});

describe('quality measures on a hand-worked example', () => {
  // Two clusters on a line: {0, 2} and {10, 12}. Silhouette of 0: a = 2, b = (10 + 12) / 2 = 11 → 9/11; of 2:
  // a = 2, b = 9 → 7/9; symmetric for the others. Mean = (9/11 + 7/9) / 2. Centroids 1 and 11, overall mean 6:
  // between = 2·25 + 2·25 = 100, within = 4 × 1 = 4, CH = (100 / 1) / (4 / 2) = 50. Davies–Bouldin: s = 1 for
  // both, centroid distance 10 → (1 + 1) / 10 = 0.2.
  const m = matrixFromRows([[0], [2], [10], [12]]);
  const labels = [0, 0, 1, 1];
  it('silhouette', () => {
    expect(silhouette(m, labels, 2, silhouetteRows(4, 1))).toBeCloseTo((9 / 11 + 7 / 9) / 2, 12);
  });
  it('Calinski–Harabasz and Davies–Bouldin', () => {
    const scores = dispersionScores(m, labels, 2);
    expect(scores.calinskiHarabasz).toBeCloseTo(50, 12);
    expect(scores.daviesBouldin).toBeCloseTo(0.2, 12);
  });
  it('silhouette in blocks equals the definition worked out pair by pair, and has the same bits however the blocks are shared', () => {
    const random = new Random(9);
    // Sizes below, at and above the number of blocks (some blocks empty); a cluster of one row (s = 0) and an empty cluster.
    for (const size of [1, 2, 5, SILHOUETTE_BLOCKS, 60, 301]) {
      const d = 3;
      const k = 5;
      const rows = Array.from({ length: size }, () => Array.from({ length: d }, () => random.next() * 10));
      const labels = rows.map((_, i) => (i === 0 ? 4 : 1 + Math.floor(random.next() * 3)));
      const sample = silhouetteSample(matrixFromRows(rows), labels, Int32Array.from(rows.keys()));
      // Reference: for each row, a = mean distance to the other rows of its cluster, b = the least mean distance to another cluster's rows.
      const distance = (i: number, j: number): number => Math.hypot(...rows[i]!.map((x, f) => x - rows[j]![f]!));
      let sum = 0;
      for (let i = 0; i < size; i++) {
        const own = rows.flatMap((_, j) => (labels[j] === labels[i] && j !== i ? [distance(i, j)] : []));
        if (own.length === 0) continue;
        const a = own.reduce((x, y) => x + y, 0) / own.length;
        let b = Infinity;
        for (let c = 0; c < k; c++) {
          const other = rows.flatMap((_, j) => (labels[j] === c && c !== labels[i] ? [distance(i, j)] : []));
          if (other.length > 0) b = Math.min(b, other.reduce((x, y) => x + y, 0) / other.length);
        }
        sum += (b - a) / Math.max(a, b);
      }
      const alone = silhouetteOfSample(sample, k);
      expect(alone).toBeCloseTo(sum / size, 12);
      // All blocks by one caller, then blocks 0–2 by one and the rest by another (as two threads might take them).
      const whole = new Float64Array(SILHOUETTE_BLOCKS * size * k);
      silhouetteBlocks(sample, k, whole, new Int32Array(1));
      expect(silhouetteOfBlocks(sample, k, whole)).toBe(alone);
      const shared = new Float64Array(SILHOUETTE_BLOCKS * size * k);
      silhouetteBlocks(sample, k, shared, Int32Array.of(3));
      expect(shared.subarray(0, 3 * size * k).every((x) => x === 0)).toBe(true);
      shared.set(whole.subarray(0, 3 * size * k));
      expect(silhouetteOfBlocks(sample, k, shared)).toBe(alone);
    }
  });
  it('has the same pair sums, to the bit, from the WebAssembly kernel as from the TypeScript one', () => {
    // The WebAssembly kernel works four pairs at a time in SIMD lanes (and the rest one at a time): sizes around
    // multiples of four, feature counts the TypeScript kernel unrolls (1 … 9) and one it loops over (33).
    expect(Kernel.create(), 'the WebAssembly kernel (npm run build makes it)').toBeDefined();
    const random = new Random(21);
    const sumsOf = (sample: ReturnType<typeof silhouetteSample>, k: number, kernel: 'on' | 'off'): Float64Array => {
      return withKernel(kernel, () => {
        const sums = new Float64Array(SILHOUETTE_BLOCKS * sample.labels.length * k);
        silhouetteBlocks(sample, k, sums, new Int32Array(1));
        return sums;
      });
    };
    for (const d of [1, 2, 3, 5, 8, 9, 33]) {
      for (const size of [1, 2, 3, 4, 5, 6, 7, 9, 60, 301]) {
        const k = 5;
        const rows = Array.from({ length: size }, () => Array.from({ length: d }, () => (random.next() - 0.5) * 10 ** random.int(4)));
        const labels = rows.map(() => random.int(k - 1));
        const sample = silhouetteSample(matrixFromRows(rows), labels, Int32Array.from(rows.keys()));
        const byKernel = sumsOf(sample, k, 'on');
        const byTypeScript = sumsOf(sample, k, 'off');
        expect(Array.from(byKernel), `d = ${d}, ${size} rows`).toEqual(Array.from(byTypeScript));
        if (size > 1) expect(byKernel.some((x) => x > 0)).toBe(true);
      }
    }
  });
  it('samples 10,000 rows above 10,000, reproducibly', () => {
    const a = silhouetteRows(25_000, 3);
    expect(a.length).toBe(10_000);
    expect(new Set(a).size).toBe(10_000);
    expect(silhouetteRows(25_000, 3)).toEqual(a);
  });
});
