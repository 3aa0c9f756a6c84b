import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/cluster/rng.js';
import { HourLog } from '../../src/metrics/hour-log.js';

/** Distinct hours of each set by hour of the week (0: Sunday 00:00), counted one hour at a time: the reference. */
function reference(sets: Set<number>[]): number[] {
  const out: number[] = [];
  for (const hours of sets) {
    const slots = new Array<number>(168).fill(0);
    for (const hour of hours) {
      // 1970-01-01 was a Thursday: day 4 of a week that starts on Sunday.
      const day = (((Math.floor(hour / 24) + 4) % 7) + 7) % 7;
      const hourOfDay = ((hour % 24) + 24) % 24;
      slots[day * 24 + hourOfDay]!++;
    }
    out.push(...slots);
  }
  return out;
}

// Sealing runs in the WebAssembly kernel, or in TypeScript without it (BENCHMARK_KERNEL=off): both ways alike.
for (const kernel of ['on', 'off']) {
  describe(`HourLog (kernel ${kernel})`, () => {
    beforeAll(() => {
      if (kernel === 'off') process.env.BENCHMARK_KERNEL = 'off';
    });
    afterAll(() => {
      delete process.env.BENCHMARK_KERNEL;
    });
    it('counts distinct hours per organisation and hour of the week as Sets do, across several blocks', () => {
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
      const got = log.activeWeeksBySlot(6);
      const expected = reference(sets);
      expect(Array.from(got)).toEqual(expected);
      expect(expected.slice(4 * 168, 5 * 168).every((n) => n === 0)).toBe(true);
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
      a.addParts(b.sealedParts(), [1, 0]);
      expect(a.parts.length).toBe(2);
      expect(Array.from(a.activeWeeksBySlot(2))).toEqual(reference(sets));
    });

    it('counts alike whether the hours sit in bitmaps, in lists (too sparse for a bitmap) or both', () => {
      const random = new Random(13);
      for (let trial = 0; trial < 30; trial++) {
        const nOrgs = 6;
        const logs = [new HourLog(), new HourLog(), new HourLog()];
        const sets = Array.from({ length: nOrgs }, () => new Set<number>());
        // Each organisation, in each log: dense hours in one year, a few hours over centuries (a list), both,
        // or nothing; dense years may lie far apart between logs (their union too wide for one bitmap).
        for (const [l, log] of logs.entries()) {
          for (let org = 0; org < nOrgs; org++) {
            const kind = random.int(4);
            const year = random.next() < 0.3 ? random.int(2_000_000) - 1_000_000 : 480_000;
            const add = (hour: number): void => {
              log.add(org, hour);
              sets[l === 1 ? nOrgs - 1 - org : org]!.add(hour);
            };
            if (kind === 0 || kind === 2) for (let i = 0; i < 300; i++) add(year + random.int(8_760));
            if (kind === 1 || kind === 2) for (let i = 0; i < 3; i++) add(random.int(2 ** 30) - 2 ** 29);
          }
          log.seal(nOrgs);
        }
        // The second log numbers the organisations the other way round.
        logs[0]!.addParts(logs[1]!.sealedParts(), Array.from({ length: nOrgs }, (_, i) => nOrgs - 1 - i));
        logs[0]!.addParts(logs[2]!.sealedParts(), Array.from({ length: nOrgs }, (_, i) => i));
        expect(Array.from(logs[0]!.activeWeeksBySlot(nOrgs))).toEqual(reference(sets));
      }
    });

    it('sets listed hours in the united bitmap when they fall within the span of the other parts', () => {
      const a = new HourLog();
      const b = new HourLog();
      const hours = new Set<number>();
      // a: every even hour of forty years (a bitmap); b: two odd hours thirty years apart (a list), inside a's span.
      for (let hour = 300_000; hour < 650_000; hour += 2) {
        a.add(0, hour);
        hours.add(hour);
      }
      for (const hour of [310_001, 310_001 + 30 * 8_766]) {
        b.add(0, hour);
        hours.add(hour);
      }
      a.seal(1);
      b.seal(1);
      expect(b.parts[0]!.hours.length).toBe(2);
      expect(a.parts[0]!.hours.length).toBe(0);
      a.addParts(b.sealedParts(), [0]);
      expect(Array.from(a.activeWeeksBySlot(1))).toEqual(reference([hours]));
    });

    it('leaves out hours no clock reaches', () => {
      const log = new HourLog();
      log.add(0, 2 ** 40);
      log.add(0, 500_000);
      const got = log.activeWeeksBySlot(1);
      expect(got.reduce((a, b) => a + b, 0)).toBe(1);
    });
  });
}
