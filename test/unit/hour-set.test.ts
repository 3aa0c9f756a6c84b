import { describe, expect, it } from 'vitest';
import { Random } from '../../src/cluster/rng.js';
import { HourSet } from '../../src/metrics/hour-set.js';

describe('HourSet', () => {
  it('holds the same hours as a Set, growing either way', () => {
    const random = new Random(5);
    const set = new HourSet();
    const reference = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const hour = 480_000 + Math.floor((random.next() - 0.5) * 200_000);
      set.add(hour);
      reference.add(hour);
    }
    const seen: number[] = [];
    set.forEach((h) => seen.push(h));
    expect(seen).toEqual([...reference].sort((a, b) => a - b));
    expect(set.size).toBe(reference.size);
  });
});

describe('HourSet.countByWeekPart', () => {
  it('agrees with counting hour by hour', () => {
    const random = new Random(8);
    const set = new HourSet();
    for (let i = 0; i < 3000; i++) set.add(400_000 + random.int(20_000));
    let weekday = 0;
    let weekend = 0;
    set.forEach((hour) => {
      const day = (((Math.floor(hour / 24) + 4) % 7) + 7) % 7;
      if (day === 0 || day === 6) weekend++;
      else weekday++;
    });
    expect(set.countByWeekPart()).toEqual({ weekday, weekend });
  });

  it('addAll unites two sets with different bases word by word, as a Set of numbers would', () => {
    let seed = 7;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let round = 0; round < 20; round++) {
      const a = new HourSet();
      const b = new HourSet();
      const expected = new Set<number>();
      const offset = Math.floor(next() * 500_000);
      for (let i = 0; i < 300; i++) {
        const h = offset + Math.floor(next() * 20_000);
        a.add(h);
        expected.add(h);
      }
      const otherOffset = offset + Math.floor((next() - 0.5) * 40_000);
      for (let i = 0; i < 300; i++) {
        const h = otherOffset + Math.floor(next() * 20_000);
        b.add(h);
        expected.add(h);
      }
      a.addAll(b as unknown as { bits: Uint32Array; base: number });
      const got: number[] = [];
      a.forEach((h) => got.push(h));
      expect(got).toEqual([...expected].sort((x, y) => x - y));
      expect(a.size).toBe(expected.size);
    }
  });
});
