// encodePieces (output.ts) against the encoding it stands for: TextEncoder on the pieces joined.

import { describe, expect, it } from 'vitest';
import { encodePieces } from '../../src/output.js';

function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

const reference = (pieces: readonly string[]): Uint8Array => new TextEncoder().encode(pieces.join(''));

describe('encodePieces', () => {
  it('writes ASCII pieces as they are, in order, and nothing for none (worked by hand)', () => {
    expect(Array.from(encodePieces(['ab', '', 'c\n']))).toEqual([0x61, 0x62, 0x63, 0x0a]);
    expect(encodePieces([]).length).toBe(0);
    expect(encodePieces(['']).length).toBe(0);
  });

  it('grows past the ASCII estimate for 2-, 3- and 4-byte characters and lone surrogates (one replacement character each)', () => {
    // é: c3 a9; €: e2 82 ac; 😀: f0 9f 98 80; a lone high surrogate: ef bf bd, as TextEncoder writes it.
    expect(Array.from(encodePieces(['é', '€', '😀', '\ud800']))).toEqual([0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xef, 0xbf, 0xbd]);
  });

  it('equals TextEncoder on the joined pieces: 300 random lists of ASCII, Latin-1, CJK and emoji pieces', () => {
    const next = random(7);
    const alphabets = ['abc,"{}:0123\n', 'abcéüß', 'ab日本語', 'a😀b', 'plain ASCII only'];
    for (let t = 0; t < 300; t++) {
      const pieces = Array.from({ length: Math.floor(next() * 40) }, () => {
        const alphabet = [...alphabets[Math.floor(next() * alphabets.length)]!];
        return Array.from({ length: Math.floor(next() * 200) }, () => alphabet[Math.floor(next() * alphabet.length)]!).join('');
      });
      expect(Buffer.from(encodePieces(pieces)).equals(Buffer.from(reference(pieces)))).toBe(true);
    }
  });

  it('owns its buffer, so it can be transferred to another thread', () => {
    const bytes = encodePieces(['x'.repeat(100)]);
    expect(bytes.byteOffset).toBe(0);
    // Not a slice of Node's shared pool (which is 8 KB and holds other allocations).
    expect(bytes.buffer.byteLength).toBe(100);
  });
});
