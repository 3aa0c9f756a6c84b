// Order statistics across ascending runs against the runs merged and sorted, read with simple-statistics.

import { quantileSorted } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/cluster/rng.js';
import { kthOfTwo, SortedRuns } from '../../src/metrics/sorted-runs.js';

function run(random: Random, n: number, range: number): Float64Array {
  // Small ranges give many ties, across runs too.
  return Float64Array.from({ length: n }, () => random.int(range) + (random.next() < 0.3 ? 0.5 : 0)).sort();
}

describe('SortedRuns', () => {
  it('gives the quantiles and counts of the values merged, for one to five runs with ties', () => {
    const random = new Random(21);
    const runs = new SortedRuns();
    for (let trial = 0; trial < 2_000; trial++) {
      const nRuns = 1 + random.int(5);
      const range = [3, 50, 10_000][random.int(3)]!;
      const parts = Array.from({ length: nRuns }, () => run(random, random.int(40), range));
      // Each run sits inside a larger array, as a group inside a part does.
      runs.clear();
      const all: number[] = [];
      for (const part of parts) {
        const padded = new Float64Array(part.length + 4).fill(-1);
        padded.set(part, 2);
        runs.add(padded, 2, 2 + part.length);
        all.push(...part);
      }
      all.sort((a, b) => a - b);
      expect(runs.size).toBe(all.length);
      for (const p of [0, 0.1, 0.5, 0.9, 1]) {
        if (all.length === 0) expect(runs.quantile(p)).toBeNaN();
        else expect(runs.quantile(p)).toBe(quantileSorted(all, p));
      }
      for (let k = 0; k < all.length; k++) expect(runs.kth(k)).toBe(all[k]);
      const limit = random.int(range);
      expect(runs.countAtMost(limit)).toBe(all.filter((v) => v <= limit).length);
    }
  });

  it('kthOfTwo: every rank of two runs, one of them empty or not', () => {
    const random = new Random(22);
    for (let trial = 0; trial < 500; trial++) {
      const a = run(random, random.int(12), 8);
      const b = run(random, random.int(12), 8);
      const all = [...a, ...b].sort((x, y) => x - y);
      const next = new Float64Array(2);
      for (let k = 0; k < all.length; k++) {
        expect(kthOfTwo(a, 0, a.length, b, 0, b.length, k)).toBe(all[k]);
        // With its neighbour: the (k + 1)-th, or Infinity after the last.
        kthOfTwo(a, 0, a.length, b, 0, b.length, k, next);
        expect([next[0], next[1]]).toEqual([all[k], k + 1 < all.length ? all[k + 1] : Infinity]);
      }
    }
  });
});

describe('grouping durations (TaggedColumn.grouped)', () => {
  it('sorts each group and each organisation span alike with the WebAssembly kernel and without it', async () => {
    const { TaggedColumn, N_CHANNELS } = await import('../../src/metrics/accumulator.js');
    const random = new Random(23);
    for (const [nOrgs, isNearlyConstant] of [[1, false], [3, false], [40, false], [2, true]] as const) {
      const column = new TaggedColumn();
      const nGroups = nOrgs * N_CHANNELS;
      for (let i = 0; i < 5_000; i++) {
        // Integers, fractions, a few huge values, zeros of both signs; or one value but for a last bit here and there
        // (a radix pass that all keys but one share).
        const u = random.next();
        const value = isNearlyConstant
          ? 1000 + (i === 77 ? 2 ** -40 : 0)
          : u < 0.05 ? -0 : u < 0.1 ? 0 : u < 0.5 ? random.int(2_000) : u < 0.95 ? random.next() * 1e4 : random.next() * 1e15;
        column.push(value, isNearlyConstant ? i % nGroups : random.int(nGroups));
      }
      process.env.BENCHMARK_KERNEL = 'off';
      const reference = column.grouped(nGroups);
      delete process.env.BENCHMARK_KERNEL;
      const got = column.grouped(nGroups);
      expect(got.offsets).toEqual(reference.offsets);
      // Bit for bit, so that -0 and 0 stay where a typed array's sort puts them.
      expect(new Uint8Array(got.sorted.buffer)).toEqual(new Uint8Array(reference.sorted.buffer));
      expect(new Uint8Array(got.orgSorted.buffer)).toEqual(new Uint8Array(reference.orgSorted.buffer));
    }
  });
});
