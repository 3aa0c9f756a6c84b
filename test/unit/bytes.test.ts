import { describe, expect, it } from 'vitest';
import { Random } from '../../src/cluster/rng.js';
import { BytesNumbers, BytesTable, CellTextError, dateFromBytes, daysFromCivil, decimalFromBytes, textOf, textProblem } from '../../src/ingest/bytes.js';
import { parseDate, type DateFormat } from '../../src/ingest/dates.js';
import { looksLikeRecordStart } from '../../src/ingest/sources.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('decimalFromBytes', () => {
  it('gives exactly the double Number() gives, for plain decimals', () => {
    const random = new Random(17);
    for (let i = 0; i < 20_000; i++) {
      const int = String(random.int(10 ** (1 + random.int(6))));
      const text = random.next() < 0.7 ? `${int}.${String(random.int(10 ** (1 + random.int(6)))).padStart(2, '0')}` : int;
      const bytes = encode(text);
      expect(decimalFromBytes(bytes, 0, bytes.length), text).toBe(Number(text));
    }
    for (const text of ['1.66', '3.97', '0.1', '-2.5', '+7']) expect(decimalFromBytes(encode(text), 0, text.length)).toBe(Number(text));
  });
  it('is NaN for what it does not read (the caller falls back to the text)', () => {
    for (const text of ['1e3', ' 1', '1,5', '', '.', '-', 'abc', '12345678901234567']) expect(decimalFromBytes(encode(text), 0, text.length)).toBeNaN();
  });
});

describe('dateFromBytes', () => {
  it('agrees with parseDate on every format, or declines', () => {
    const cases: [string, DateFormat][] = [
      ['2024-03-01 14:05:09', 'iso'],
      ['2024-03-01T14:05', 'iso'],
      ['2024-02-29', 'iso'],
      ['2016-07-13 15:11:07+02:00', 'iso'],
      ['2024-03-01T14:05:09.250Z', 'iso'],
      ['29/2/2016 01:16', 'D/M/YYYY HH:mm'],
      ['10/21/18 0:00', 'M/D/YY H:mm'],
      ['03/01/2024 02:05:00 PM', 'MM/DD/YYYY hh:mm:ss A'],
      ['03/01/2024 12:05:00 AM', 'MM/DD/YYYY hh:mm:ss A'],
    ];
    for (const [text, format] of cases) {
      const out = { utcMs: 0, localMs: 0 };
      expect(dateFromBytes(encode(text), 0, text.length, format, undefined, out), text).toBe(true);
      expect(out, text).toEqual(parseDate(text, format));
    }
    for (const [text, format] of [['2024-02-30 10:00:00', 'iso'], ['yesterday', 'iso'], ['2024-03-01 14:05 +0100', 'iso']] as [string, DateFormat][]) {
      expect(dateFromBytes(encode(text), 0, text.length, format, undefined, { utcMs: 0, localMs: 0 }), text).toBe(false);
    }
  });
  it('counts days as Date.UTC does', () => {
    for (const [y, m, d] of [[1970, 1, 1], [2000, 2, 29], [2024, 12, 31], [2100, 3, 1]] as const) {
      expect(daysFromCivil(y, m, d) * 86_400_000).toBe(Date.UTC(y, m - 1, d));
    }
  });
});

describe('BytesTable', () => {
  it('computes each distinct value once and finds it again, through rehashing', () => {
    let made = 0;
    const table = new BytesTable((text) => {
      made++;
      return text.toUpperCase();
    });
    const keys = Array.from({ length: 3000 }, (_, i) => `org-${i}`);
    for (let round = 0; round < 2; round++) {
      for (const key of keys) {
        const bytes = encode(`,${key},`);
        expect(table.get(bytes, 1, bytes.length - 1)).toBe(key.toUpperCase());
      }
    }
    expect(made).toBe(3000);
  });
});

describe('BytesNumbers', () => {
  const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
  // Names of one to three pieces, some of them not ASCII, so that many share a hash bucket's neighbourhood.
  const names = (random: Random, n: number): string[] =>
    Array.from({ length: n }, () => Array.from({ length: 1 + random.int(3) }, () => ['a', 'b', 'é', '東', '😀', '-', '1', 'agent'][random.int(8)]).join('') + String(random.int(50)));

  it('numbers distinct byte strings in the order first seen, as a Map of their texts does, through rehashing', () => {
    const random = new Random(11, 0);
    const numbers = new BytesNumbers();
    const reference = new Map<string, number>();
    for (const name of names(random, 20_000)) {
      if (!reference.has(name)) reference.set(name, reference.size);
      const bytes = utf8(`,${name};`);
      expect(numbers.idOf(bytes, 1, bytes.length - 1)).toBe(reference.get(name));
    }
    expect(numbers.size).toBe(reference.size);
    for (const [name, id] of reference) expect(numbers.idOfText(name)).toBe(id);
    expect(numbers.size).toBe(reference.size);
    expect(numbers.find(utf8('not a name'), 0, 10)).toBe(-1);
  });

  it("takes another numbering's keys in its order, adding the new ones (what merging two threads' agents does)", () => {
    const random = new Random(12, 0);
    const here = new BytesNumbers();
    const there = new BytesNumbers();
    const hereNames = names(random, 3000);
    const thereNames = names(random, 3000);
    for (const name of hereNames) here.idOfText(name);
    for (const name of thereNames) there.idOfText(name);
    // The reference: the texts numbered by a Map, this numbering's first, then the other's new ones.
    const reference = new Map<string, number>();
    for (const name of [...hereNames, ...thereNames]) if (!reference.has(name)) reference.set(name, reference.size);
    const keys = there.keys();
    expect(keys.ends.length).toBe(new Set(thereNames).size);
    const numbers = here.numbersOf(keys);
    const thereInOrder = [...new Set(thereNames)];
    expect(Array.from(numbers)).toEqual(thereInOrder.map((name) => reference.get(name)));
    expect(here.size).toBe(reference.size);
    // The keys are copies: they survive the numbering growing on.
    const before = keys.arena.slice();
    for (const name of names(random, 5000)) there.idOfText(name);
    expect(keys.arena).toEqual(before);
  });
});

describe('textOf (text, or null where textProblem finds a problem)', () => {
  it('decodes what TextDecoder decodes and refuses exactly what textProblem words', () => {
    const cases: number[][] = [
      [0x41, 0x63, 0x6d, 0x65],
      [0xc3, 0xa9, 0x74, 0xc3, 0xa9], // "été"
      [0xf0, 0x9f, 0x98, 0x80], // an emoji (4 bytes)
      [0xef, 0xbb, 0xbf, 0x41], // a byte-order mark first: both decoders drop it
      [0x41, 0x00, 0x42], // NUL
      [0x41, 0xff, 0xfe], // invalid bytes
      [0xc3], // a sequence cut short
      [0xe0, 0x80, 0x80], // an overlong form
      [0xed, 0xa0, 0x80], // a surrogate
      [],
    ];
    const random = new Random(7, 0);
    for (let i = 0; i < 2000; i++) cases.push(Array.from({ length: 1 + random.int(6) }, () => random.int(256)));
    for (const bytes of cases) {
      const padded = new Uint8Array([0x2c, ...bytes, 0x2c]);
      const text = textOf(padded, 1, padded.length - 1);
      const problem = textProblem(padded, 1, padded.length - 1);
      expect(text === null, `bytes ${bytes.join(' ')}`).toBe(problem !== null);
      if (text !== null) expect(text).toBe(new TextDecoder().decode(new Uint8Array(bytes)));
    }
  });

  it('makes BytesTable throw the problem for bytes that are not text, and make nothing of them', () => {
    let made = 0;
    const table = new BytesTable((text) => {
      made++;
      return text;
    });
    const bytes = new Uint8Array([0x41, 0xff, 0x42, 0x00]);
    expect(() => table.get(bytes, 0, 3)).toThrow(new CellTextError('invalid UTF-8 (byte ff at byte 2)'));
    expect(() => table.get(bytes, 2, 4)).toThrow(new CellTextError('a NUL byte at character 2'));
    expect(made).toBe(0);
  });
});

describe('looksLikeRecordStart (where a range of a file may start)', () => {
  const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
  const records = 'a,"b, ""c""",d\n' + 'e,"f\ng",h\n' + 'i,j,k\n' + 'l,m,n\n' + 'o,p,q\n';
  it('takes a line that starts whole records of the header\'s width', () => {
    expect(looksLikeRecordStart(bytes(records), 3, false)).toBe(true);
    expect(looksLikeRecordStart(bytes('i,j,k\nl,m,n\n'), 3, true)).toBe(true);
  });
  it('refuses a line inside a quoted value, and records of another width', () => {
    // "g",h… is the rest of a quoted value: a lone quote in an unquoted field.
    expect(looksLikeRecordStart(bytes(records.slice(records.indexOf('g"'))), 3, false)).toBe(false);
    expect(looksLikeRecordStart(bytes(records), 4, false)).toBe(false);
    expect(looksLikeRecordStart(bytes('x"y,1,2\n'), 3, true)).toBe(false);
  });
});
