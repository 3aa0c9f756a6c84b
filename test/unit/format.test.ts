// numberText must write every number exactly as String does: checked here against String itself on values of
// every kind a report holds (whole, two and four decimals, thirds, tiny, huge, negative, special); and the
// table's formatNumber and formatCount against the plain definitions they shortcut.

import { describe, expect, it } from 'vitest';
import { Random } from '../../src/cluster/rng.js';
import { formatCount, formatNumber, numberText } from '../../src/report/format.js';

describe('numberText', () => {
  it('writes the values String writes, on hand-picked edges', () => {
    const edges = [0, -0, 1, -1, 0.5, 0.05, 0.005, 0.0005, 0.00005, 1e-7, 0.1 + 0.2, 1 / 3, 2 / 3, 87.63333333333334, 17.36, 92.66, 0.94, 5.816, 1.0001,
      12.3401, 99.999, 99.9999, 100.01, 8_589_934_591.25, 8_589_934_592.25, 2 ** 53, 1e21, 1.5e21, -12.5, -0.0105, Number.MAX_VALUE, Number.MIN_VALUE,
      Number.EPSILON, NaN, Infinity, -Infinity, 1234567.89, 0.3, 0.7, 1.1, 2.675, 1.005];
    for (const v of edges) expect(numberText(v), String(v)).toBe(String(v));
  });

  it('writes the values String writes, on a million random values with 0 to 6 decimals and arbitrary ones', () => {
    const random = new Random(20261202);
    const next = (): number => random.next();
    for (let i = 0; i < 1_000_000; i++) {
      const places = i % 8;
      const magnitude = 10 ** Math.floor(next() * 10);
      const raw = (next() - 0.2) * magnitude;
      const v = places === 7 ? raw : Math.round(raw * 10 ** places) / 10 ** places;
      const text = numberText(v);
      if (text !== String(v)) expect(text, `value ${v}`).toBe(String(v));
    }
  });
});

describe('formatNumber and formatCount', () => {
  /** The definitions: three significant figures below 100 (toPrecision), whole numbers with separators above. */
  const count = (v: number): string => String(Math.round(v)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const reference = (v: number): string => (Math.abs(v) >= 100 ? count(v) : v === 0 ? '0' : String(Number(v.toPrecision(3))));

  it('write what toPrecision(3) and the separator rule write, on edges and half-way values', () => {
    const edges = [0.1, 0.0999, 0.99951, 0.9995, 0.9994999, 1, 1.005, 1.015, 1.025, 2.675, 9.995, 9.9951, 9.9949, 10, 12.35, 12.45, 99.95, 99.949, 99.99, 0.125, 0.1235, 0.0001234, 5e-10, 42, -0.1, -1.005, -12.35, -99.95, 999.5, 1000, 1234567.5, -999.5, -1000.4];
    for (const v of edges) expect(formatNumber(v), String(v)).toBe(reference(v));
  });

  it('write what toPrecision(3) and the separator rule write, on a million random values of every size and precision', () => {
    const random = new Random(99);
    const next = (): number => random.next();
    for (let i = 0; i < 1_000_000; i++) {
      const magnitude = 10 ** (Math.floor(next() * 9) - 3);
      const raw = (next() - 0.1) * magnitude;
      const places = i % 5;
      const v = places === 4 ? raw : Math.round(raw * 10 ** places) / 10 ** places;
      const text = formatNumber(v);
      if (text !== reference(v)) expect(text, `value ${v}`).toBe(reference(v));
      const c = formatCount(v * 1000);
      if (c !== count(v * 1000)) expect(c, `count ${v * 1000}`).toBe(count(v * 1000));
    }
  });
});
