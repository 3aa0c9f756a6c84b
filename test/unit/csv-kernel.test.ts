// The WebAssembly CSV kernel against the TypeScript code it stands in for: the scanner with the kernel must
// deliver the same records (fields, lines, errors) as without it, whatever the chunk sizes; the column readers
// must give the byte parsers' numbers and timestamps, and hand over exactly the cells those would not take.

import { describe, expect, it } from 'vitest';
import { Random } from '../../src/cluster/rng.js';
import { dateFromBytes, decimalFromBytes, type DateOut } from '../../src/ingest/bytes.js';
import type { NamedDateFormat as DateFormat } from '../../src/ingest/dates.js';
import { CsvKernel } from '../../src/ingest/csv-kernel.js';
import { CsvScanner, type Fields, type PlainSink } from '../../src/ingest/csv-scanner.js';

const encoder = new TextEncoder();

interface Seen {
  fields: string[];
  line: number;
  endLine: number;
  isQuoted: boolean;
}

function copy(f: Fields, base: number, count: number, line: number, endLine: number, isQuoted: boolean): Seen {
  const saved = f.base;
  f.base = base;
  const n = f.count;
  f.count = count;
  const fields = f.texts();
  f.count = n;
  f.base = saved;
  return { fields, line, endLine, isQuoted };
}

/** Scans `text` in chunks of the given sizes; with `kernel`, plain runs go through it (room for `room` at a time). */
function scanAll(text: string, chunkSizes: number[], kernel: CsvKernel | undefined, nColumns: number, room = 2048): { records: Seen[]; error: string | null; viaKernel: number; quotedViaKernel: number; multiLineViaKernel: number } {
  const records: Seen[] = [];
  let viaKernel = 0;
  let quotedViaKernel = 0;
  let multiLineViaKernel = 0;
  const sink: PlainSink | undefined =
    kernel === undefined
      ? undefined
      : {
          kernel,
          nColumns,
          room: () => room,
          add: (f, k) => {
            // A record the kernel takes may have fields quoted whole (their quoting says so), with line breaks
            // inside (then it spans lines: kernel.breaks).
            let line = f.line;
            let nBreaks = 0;
            for (let i = 0; i < k; i++) {
              const base = f.base + i * nColumns;
              const isQuoted = f.quoting.subarray(base, base + nColumns).some((q) => q !== 0);
              const breaks = kernel.breaks[i]!;
              records.push(copy(f, base, nColumns, line, line + breaks, isQuoted));
              line += breaks + 1;
              nBreaks += breaks;
              if (isQuoted) quotedViaKernel++;
              if (breaks > 0) multiLineViaKernel++;
            }
            expect(kernel.scanQuoted > 0).toBe(records.slice(-k).some((r) => r.isQuoted));
            expect(kernel.scanBreaks).toBe(nBreaks);
            viaKernel += k;
          },
        };
  const scanner = new CsvScanner('t.csv', (f) => records.push(copy(f, f.base, f.count, f.line, f.endLine, f.isQuoted)), sink);
  const bytes = encoder.encode(text);
  let error: string | null = null;
  try {
    let at = 0;
    for (let i = 0; at < bytes.length; i++) {
      const size = chunkSizes[i % chunkSizes.length]!;
      scanner.push(bytes.slice(at, at + size));
      at += size;
    }
    scanner.finish();
  } catch (e) {
    error = (e as Error).message;
  }
  return { records, error, viaKernel, quotedViaKernel, multiLineViaKernel };
}

/** Random CSV: mostly plain records of `nColumns` fields, with quotes, CR/CRLF, blank lines, wrong counts, a long record. */
function randomCsv(random: Random, rows: number, nColumns: number, quirkRate: number, hasLong: boolean): string {
  let out = '';
  for (let r = 0; r < rows; r++) {
    let count = nColumns;
    if (random.next() < quirkRate) count += random.int(3) - 1;
    // Longer than the kernel's field slots: the fields move out of its memory, the rest goes the slow way.
    if (hasLong && random.next() < quirkRate / 40) count = 7000;
    const cells: string[] = [];
    for (let j = 0; j < Math.max(count, 1); j++) {
      const u = random.next();
      if (u < quirkRate) cells.push(['"a,b"', '"say ""hi"""', '"line\nbreak"', '', 'x"y', 'é'][random.int(6)]!);
      else cells.push(random.next() < 0.1 ? '' : String(random.int(100000)));
    }
    out += cells.join(',');
    const end = random.next();
    out += end < quirkRate ? '\r\n' : end < quirkRate * 1.5 ? '\r' : end < quirkRate * 2 ? '\n\n' : '\n';
  }
  if (random.next() < 0.5) out = out.slice(0, -1);
  return out;
}

/** YYYY-MM-DD HH:MM:SS (or with T) naming a real instant of 1970–2100, by a regular expression and Date.UTC. */
function isPlainIso(cell: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(cell);
  if (m === null) return false;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (year < 1970 || year > 2100 || hour > 23 || minute > 59 || second > 59) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A kernel holding `cells` as a one-column batch: row r's cell at starts[r] .. ends[r] of its input. */
function kernelWithCells(cells: readonly string[]): { kernel: CsvKernel; bytes: Uint8Array } {
  const kernel = CsvKernel.create(1, cells.length, 8)!;
  let text = '';
  cells.forEach((cell, r) => {
    kernel.starts[r] = text.length;
    text += cell;
    kernel.ends[r] = text.length;
  });
  const bytes = kernel.input.subarray(0, text.length);
  bytes.set(encoder.encode(text));
  return { kernel, bytes };
}

describe('the WebAssembly CSV kernel', () => {
  it('is built and loads (npm run build compiles wasm/kernel.ts)', () => {
    expect(CsvKernel.create(4, 2048, 8)).toBeDefined();
  });

  for (const [quirkRate, label] of [
    [0, 'plain records only'],
    [0.02, 'a few quirks'],
    [0.3, 'many quirks'],
  ] as const) {
    it(`scans as the TypeScript scanner does, in any chunk sizes (${label})`, () => {
      const random = new Random(Math.round(quirkRate * 1000) + 7);
      let quotedViaKernel = 0;
      let multiLineViaKernel = 0;
      for (let trial = 0; trial < 12; trial++) {
        const nColumns = 1 + random.int(6);
        // Tiny chunks (records cut everywhere) with short records; long records with larger chunks.
        const isTiny = trial % 3 === 0;
        const text = randomCsv(random, 300, nColumns, quirkRate, !isTiny);
        const sizes = Array.from({ length: 5 }, () => 1 + random.int(isTiny ? 20 : 4000));
        const expected = scanAll(text, sizes, undefined, nColumns);
        const kernel = CsvKernel.create(nColumns, 2048, 8)!;
        const got = scanAll(text, sizes, kernel, nColumns, 1 + random.int(50));
        expect(got.records).toEqual(expected.records);
        expect(got.error).toBe(expected.error);
        if (quirkRate === 0 && sizes.some((s) => s > 200)) expect(got.viaKernel).toBeGreaterThan(0);
        quotedViaKernel += got.quotedViaKernel;
        multiLineViaKernel += got.multiLineViaKernel;
      }
      // Records with fields quoted whole ("a,b", "say ""hi""", "line⏎break") are the kernel's too.
      if (quirkRate > 0) expect([quotedViaKernel > 0, multiLineViaKernel > 0]).toEqual([true, true]);
    });
  }

  it('takes fields quoted whole, line breaks inside too, and leaves to the TypeScript scanner what it reads or words otherwise', () => {
    const kernel = CsvKernel.create(3, 2048, 8)!;
    // Quoted fields with commas, doubled quotes and line breaks, first, inside and last; then, one at a time, what
    // stops a run: a CR inside quotes, a quote inside an unquoted field, a character after a closing quote, a CR.
    const plain = '1,"a, b","say ""hi"""\n"2",x,"two\nlines"\n';
    for (const stopper of ['3,"cr\r\nbreak",z\n', '3,x"y,z\n', '3,"ab"c,z\n', '3,y,z\r\n']) {
      const text = `${plain}${stopper}4,"p",q\n`;
      const expected = scanAll(text, [1 << 20], undefined, 3);
      const got = scanAll(text, [1 << 20], kernel, 3);
      expect(got.records).toEqual(expected.records);
      expect(got.error).toBe(expected.error);
      // The closing quote followed by a character is an error, and ends the scan before the last record.
      expect(got.quotedViaKernel).toBe(expected.error === null ? 3 : 2);
    }
    expect(scanAll(plain, [1 << 20], kernel, 3).records.map((r) => [r.fields, r.line, r.endLine])).toEqual([
      [['1', 'a, b', 'say "hi"'], 1, 1],
      [['2', 'x', 'two\nlines'], 2, 3],
    ]);
  });

  it('leaves a quote that never closes to the TypeScript scanner, which words the error', () => {
    const text = 'a,b\n1,2\n3,"4\n5,6\n';
    const kernel = CsvKernel.create(2, 2048, 8)!;
    const got = scanAll(text, [1 << 20], kernel, 2);
    expect(got.error).toMatch(/quoted field is never closed/);
    expect(got.records.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reads numbers as decimalFromBytes does, and marks the rows it would reject', () => {
    const random = new Random(11);
    const cells = ['0', '12', '007', '1.5', '-3', '+4', '0.000001', '123456789012345', '1234567890123456', '1e3', ' 5', '5 ', '.5', '5.', '-0', 'x', '', '9.99', '3.14159265358979', '18446744073709551616', '-', '+', '.'];
    for (let i = 0; i < 300; i++) cells.push(String(random.int(1_000_000) / 10 ** random.int(4)));
    const { kernel, bytes } = kernelWithCells(cells);
    kernel.slow.fill(0);
    const out = kernel.columns[0]!;
    kernel.decodeNonNegative(bytes, 1, 0, cells.length, out, 60);
    cells.forEach((cell, r) => {
      const value = decimalFromBytes(bytes, kernel.starts[r]!, kernel.ends[r]!);
      if (cell === '') {
        expect(out[r]).toBeNaN();
        expect(kernel.slow[r]).toBe(0);
      } else {
        expect(kernel.slow[r], cell).toBe(value >= 0 ? 0 : 1);
        if (value >= 0) expect(Object.is(out[r], value * 60), cell).toBe(true);
      }
    });
  });

  it('reads YYYY-MM-DD HH:MM:SS as dateFromBytes does, and asks about every other form', () => {
    const random = new Random(12);
    const cells = ['2025-01-01 00:00:00', '2024-02-29 23:59:59', '2025-02-29 10:00:00', '2025-13-01 00:00:00', '2025-04-31 00:00:00', '1969-12-31 23:59:59', '2100-12-31 23:59:59', '2101-01-01 00:00:00', '2025-06-01T12:30:45', '2025-06-01 24:00:00', '2025-06-01 12:60:00', '2025-06-01 12:00:60', '2025-06-01 12:00:00Z', '2025-06-01', '2025-06-01x12:00:00', '20a5-06-01 12:00:00', '2025-06-01T12:00:00+02:00', '', '2000-02-29 00:00:00', '1900-02-29 00:00:00'];
    for (let i = 0; i < 300; i++) cells.push(new Date(Date.UTC(1970, 0, 1) + random.int(2 ** 31) * 2000).toISOString().slice(0, 19).replace('T', random.next() < 0.5 ? ' ' : 'T'));
    const { kernel, bytes } = kernelWithCells(cells);
    for (const isRequired of [true, false]) {
      kernel.slow.fill(0);
      const out = kernel.columns[0]!;
      const asked = kernel.decodeDates(bytes, 1, 0, cells.length, out, isRequired, 'iso');
      let nAsked = 0;
      cells.forEach((cell, r) => {
        const date: DateOut = { utcMs: NaN, localMs: NaN };
        if (cell === '') {
          expect(out[r]).toBeNaN();
          expect(kernel.slow[r]).toBe(isRequired ? 1 : 0);
          return;
        }
        const isRead = dateFromBytes(bytes, kernel.starts[r]!, kernel.ends[r]!, 'iso', undefined, date);
        // It asks about exactly the cells not in the plain form (a real date and time, 1970–2100).
        expect(kernel.ask[r], cell).toBe(isPlainIso(cell) ? 0 : 1);
        if (kernel.ask[r] === 1) {
          nAsked++;
        } else {
          expect(isRead, cell).toBe(true);
          expect(out[r], cell).toBe(date.utcMs);
        }
      });
      expect(asked).toBe(nAsked);
      expect(nAsked).toBeGreaterThan(10);
    }
  });

  // The slashed forms: whatever the kernel reads, it reads as dateFromBytes does; it reads the plain cells and
  // asks about the rest (which dateFromBytes then reads or refuses).
  const slashed: { format: DateFormat; write: (d: Date) => string; odd: string[] }[] = [
    {
      format: 'D/M/YYYY HH:mm',
      write: (d) => `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`,
      odd: ['29/2/2024 10:00', '29/2/2025 10:00', '31/4/2025 00:00', '1/13/2025 00:00', '01/02/2025 7:05', '1/2/2025', '1/2/2025 10:00:59', '1/2/2025 10:60', '1/2/2025 24:00', '1/2/25 10:00', '1/2/2025  10:00', '1/2/2025 10:00 ', '001/2/2025 10:00', '1-2-2025 10:00', '31/12/1969 23:59', '1/1/2101 00:00', '/2/2025 10:00', '1/2/2025 10:', '1/2/2025 10:00:'],
    },
    {
      format: 'M/D/YY H:mm',
      write: (d) => `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${String(d.getUTCFullYear() % 100).padStart(2, '0')} ${d.getUTCHours()}:${String(d.getUTCMinutes()).padStart(2, '0')}`,
      odd: ['2/29/24 10:00', '2/29/25 10:00', '12/31/69 23:59', '1/1/70 0:00', '1/2/2025 10:00', '1/2/5 10:00', '13/1/25 1:00', '1/2/25 1:2', '1/2/25', '1/2/25 1:00 PM'],
    },
    {
      format: 'MM/DD/YYYY hh:mm:ss A',
      write: (d) => {
        const h = d.getUTCHours();
        const pad = (n: number): string => String(n).padStart(2, '0');
        return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ${pad(h % 12 === 0 ? 12 : h % 12)}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
      },
      odd: ['12/31/2025 12:00:00 AM', '12/31/2025 12:00:00 pm', '01/01/2025 00:30:00 AM', '01/01/2025 13:00:00 PM', '01/01/2025 01:00:00PM', '01/01/2025 01:00:00 XM', '01/01/2025 01:00:00 A', '01/01/2025 01:00:00 AMX', '01/01/2025 01:00 AM', '01/01/2025', '01/01/2025 01:00:00', '02/30/2025 01:00:00 AM'],
    },
  ];
  for (const { format, write, odd } of slashed) {
    it(`reads ${format} as dateFromBytes does`, () => {
      const random = new Random(13);
      const cells = [...odd, ''];
      for (let i = 0; i < 300; i++) cells.push(write(new Date(Date.UTC(1970, 0, 1) + random.int(2 ** 31) * 1000)));
      const { kernel, bytes } = kernelWithCells(cells);
      kernel.slow.fill(0);
      const out = kernel.columns[0]!;
      const asked = kernel.decodeDates(bytes, 1, 0, cells.length, out, false, format);
      let nRead = 0;
      cells.forEach((cell, r) => {
        if (cell === '') return expect(out[r]).toBeNaN();
        const date: DateOut = { utcMs: NaN, localMs: NaN };
        const isRead = dateFromBytes(bytes, kernel.starts[r]!, kernel.ends[r]!, format, undefined, date);
        if (kernel.ask[r] === 1) return;
        nRead++;
        expect(isRead, cell).toBe(true);
        expect(out[r], cell).toBe(date.utcMs);
      });
      expect(asked).toBe(cells.length - 1 - nRead);
      // The plain cells are all read here (dates 1970–2038, inside the kernel's range).
      expect(nRead).toBeGreaterThanOrEqual(300);
    });
  }
});
