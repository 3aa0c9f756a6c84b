import { describe, expect, it } from 'vitest';
import { Random } from '../../src/cluster/rng.js';
import { HourLog } from '../../src/metrics/hour-log.js';

/** Distinct hours of each set, counted one hour at a time: the reference. */
function reference(sets: Set<number>[]): { weekday: number[]; weekend: number[] } {
  const weekday: number[] = [];
  const weekend: number[] = [];
  for (const hours of sets) {
    let wd = 0;
    let we = 0;
    for (const hour of hours) {
      const day = (((Math.floor(hour / 24) + 4) % 7) + 7) % 7;
      if (day === 0 || day === 6) we++;
      else wd++;
    }
    weekday.push(wd);
    weekend.push(we);
  }
  return { weekday, weekend };
}

describe('HourLog', () => {
  it('counts distinct weekday and weekend hours per organisation as Sets do, across several blocks', () => {
    const random = new Random(5);
    const log = new HourLog();
    const sets = Array.from({ length: 6 }, () => new Set<number>());
    // More pairs than a block holds; organisation 3 straddles hour 0 (local times before 1970 with a
    // negative offset); organisation 4 has none; organisation 5 spans decades.
    for (let i = 0; i < 200_000; i++) {
      const org = [0, 1, 2, 3, 5][random.int(5)]!;
      const hour = org === 3 ? random.int(200) - 100 : org === 5 ? random.int(300_000) : 480_000 * (org + 1) + random.int(20_000);
      log.add(org, hour);
      sets[org]!.add(hour);
    }
    const got = log.countByWeekPart(6);
    const expected = reference(sets);
    expect(Array.from(got.weekday)).toEqual(expected.weekday);
    expect(Array.from(got.weekend)).toEqual(expected.weekend);
    expect(expected.weekday[4]).toBe(0);
  });

  it('takes another log\'s sealed parts renumbered, as uniting the Sets would, and seals its own in between', () => {
    const random = new Random(9);
    const a = new HourLog();
    const b = new HourLog();
    const sets = [new Set<number>(), new Set<number>()];
    for (let i = 0; i < 70_000; i++) {
      const hour = 400_000 + random.int(20_000);
      const org = random.int(2);
      a.add(org, hour);
      sets[org]!.add(hour);
    }
    // Sealed part-way, as the main thread does while a worker finishes; more pairs come after.
    a.seal(2);
    for (let i = 0; i < 10_000; i++) {
      const hour = 405_000 + random.int(20_000);
      a.add(0, hour);
      sets[0]!.add(hour);
    }
    // b numbers the organisations the other way round.
    for (let i = 0; i < 70_000; i++) {
      const hour = 410_000 + random.int(20_000);
      const org = random.int(2);
      b.add(org, hour);
      sets[1 - org]!.add(hour);
    }
    b.seal(2);
    a.addParts(b, [1, 0]);
    expect(a.parts.length).toBe(2);
    const got = a.countByWeekPart(2);
    const expected = reference(sets);
    expect(Array.from(got.weekday)).toEqual(expected.weekday);
    expect(Array.from(got.weekend)).toEqual(expected.weekend);
  });

  it('leaves out hours no clock reaches', () => {
    const log = new HourLog();
    log.add(0, 2 ** 40);
    log.add(0, 500_000);
    const got = log.countByWeekPart(1);
    expect(got.weekday[0]! + got.weekend[0]!).toBe(1);
  });
});
