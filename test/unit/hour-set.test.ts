import { describe, expect, it } from 'vitest';
import { Random } from '../../src/cluster/rng.js';
import { HourSets } from '../../src/metrics/hour-set.js';

function hoursOf(sets: HourSets, set: number): number[] {
  const seen: number[] = [];
  sets.forEach(set, (h) => seen.push(h));
  return seen;
}

describe('HourSets', () => {
  it('hold the same hours as Sets, growing either way, several sets interleaved in one pool', () => {
    const random = new Random(5);
    const sets = new HourSets();
    const references = Array.from({ length: 4 }, () => new Set<number>());
    references.forEach(() => sets.addSet());
    for (let i = 0; i < 20_000; i++) {
      const set = random.int(4);
      // Set 3 straddles hour 0 (local times just before 1970 with a negative offset).
      const hour = set === 3 ? random.int(200) - 100 : 480_000 * (set + 1) + Math.floor((random.next() - 0.5) * 200_000);
      sets.add(set, hour);
      references[set]!.add(hour);
    }
    references.forEach((reference, set) => {
      expect(hoursOf(sets, set)).toEqual([...reference].sort((a, b) => a - b));
      expect(sets.size(set)).toBe(reference.size);
    });
  });
});

describe('HourSets.countByWeekPart', () => {
  it('agrees with counting hour by hour', () => {
    const random = new Random(8);
    const sets = new HourSets();
    const set = sets.addSet();
    for (let i = 0; i < 3000; i++) sets.add(set, 400_000 + random.int(20_000));
    let weekday = 0;
    let weekend = 0;
    sets.forEach(set, (hour) => {
      const day = (((Math.floor(hour / 24) + 4) % 7) + 7) % 7;
      if (day === 0 || day === 6) weekend++;
      else weekday++;
    });
    expect(sets.countByWeekPart(set)).toEqual({ weekday, weekend });
  });

  it('addAll unites sets of two pools with different bases word by word, as a Set of numbers would', () => {
    let seed = 7;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let round = 0; round < 20; round++) {
      const a = new HourSets();
      const b = new HourSets();
      // Set 1 of pool a starts empty in some rounds: addAll must place it.
      for (let s = 0; s < 2; s++) (a.addSet(), b.addSet());
      const expected = new Set<number>();
      const offset = Math.floor(next() * 500_000);
      const isEmpty = round % 3 === 0;
      for (let i = 0; i < 300; i++) {
        const h = offset + Math.floor(next() * 20_000);
        if (!isEmpty) {
          a.add(1, h);
          expected.add(h);
        }
        a.add(0, h);
      }
      const otherOffset = offset + Math.floor((next() - 0.5) * 40_000);
      for (let i = 0; i < 300; i++) {
        const h = otherOffset + Math.floor(next() * 20_000);
        b.add(0, h);
        expected.add(h);
      }
      a.addAll(1, b as unknown as { meta: Int32Array; words: Uint32Array }, 0);
      expect(hoursOf(a, 1)).toEqual([...expected].sort((x, y) => x - y));
      expect(a.size(1)).toBe(expected.size);
    }
  });
});
