// nameOrder against the sort it replaces: indices sorted by name (code unit by code unit), equal names by index.

import { describe, expect, it } from 'vitest';
import { compareNames, nameOrder } from '../../src/metrics/name-order.js';

function reference(names: readonly string[]): number[] {
  return Array.from(names.keys()).sort((a, b) => compareNames(names[a]!, names[b]!) || a - b);
}

function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

describe('nameOrder', () => {
  it('orders by code unit, shorter first where one name begins another, equal names by index (worked by hand)', () => {
    const names = ['b', 'ab', 'a', 'abc', 'ab', 'B', 'é', 'a b'];
    // Code units: 'B' 0x42 < 'a' 0x61 < 'b' 0x62 < 'é' 0xe9; 'a' < 'a b' (0x20) < 'ab' < 'abc'; the two 'ab' by index (1, 4).
    expect(Array.from(nameOrder(names))).toEqual([5, 2, 7, 1, 4, 3, 0, 6]);
    expect(Array.from(nameOrder([]))).toEqual([]);
    expect(Array.from(nameOrder(['x']))).toEqual([0]);
  });

  it('equals the comparing sort on shuffled numbered ids, company-like names, non-Latin text and duplicates', () => {
    const next = random(11);
    const pick = (s: string): string => s[Math.floor(next() * s.length)]!;
    const shapes: ((i: number) => string)[] = [
      (i) => `org-${String(i).padStart(7, '0')}`,
      () => Array.from({ length: 1 + Math.floor(next() * 12) }, () => pick('abcAB ,.&-0123')).join(''),
      () => Array.from({ length: 1 + Math.floor(next() * 6) }, () => pick('日本語サポート株式会社éü\u7fff\u8000\uffff\ud83d\ude00')).join(''),
      (i) => `${pick('ab')}${'x'.repeat(Math.floor(next() * 5))}${i % 7}`,
    ];
    for (const shape of shapes) {
      for (const n of [2, 33, 500, 5_000, 40_000]) {
        const names = Array.from({ length: n }, (_, i) => shape(i));
        // Shuffled, with some names repeated.
        for (let i = n - 1; i > 0; i--) {
          const j = Math.floor(next() * (i + 1));
          [names[i], names[j]] = [names[j]!, names[i]!];
        }
        for (let d = 0; d < n / 50; d++) names[Math.floor(next() * n)] = names[Math.floor(next() * n)]!;
        expect(Array.from(nameOrder(names))).toEqual(reference(names));
      }
    }
  });

  it('a sorted input is its own order', () => {
    const names = Array.from({ length: 1000 }, (_, i) => `org-${String(i).padStart(4, '0')}`);
    expect(Array.from(nameOrder(names))).toEqual(names.map((_, i) => i));
  });
});
