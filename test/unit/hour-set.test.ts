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
});
