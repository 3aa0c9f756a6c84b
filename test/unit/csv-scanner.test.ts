import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/cluster/rng.js';
import { CsvScanner } from '../../src/ingest/csv-scanner.js';

function scanAll(text: string | Uint8Array, chunkSize = Infinity): { fields: string[]; line: number; endLine: number }[] {
  const records: { fields: string[]; line: number; endLine: number }[] = [];
  const scanner = new CsvScanner('test.csv', (f) => records.push({ fields: f.texts(), line: f.line, endLine: f.endLine }));
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  for (let i = 0; i < bytes.length; i += chunkSize === Infinity ? bytes.length : chunkSize) scanner.push(bytes.subarray(i, Math.min(bytes.length, i + (chunkSize === Infinity ? bytes.length : chunkSize))));
  scanner.finish();
  return records;
}

describe('CsvScanner', () => {
  it('reads quoted fields, doubled quotes, embedded newlines and CRLF, with start and end lines', () => {
    const text = 'a,b,c\r\n1,"x, ""y""\nz",3\r\n\r\n4,,"6"\r\n';
    expect(scanAll(text)).toEqual([
      { fields: ['a', 'b', 'c'], line: 1, endLine: 1 },
      { fields: ['1', 'x, "y"\nz', '3'], line: 2, endLine: 3 },
      { fields: ['4', '', '6'], line: 5, endLine: 5 },
    ]);
  });
  it('skips a BOM and reads a last line without a line end', () => {
    expect(scanAll('\uFEFFid,name\n1,Ann')).toEqual([
      { fields: ['id', 'name'], line: 1, endLine: 1 },
      { fields: ['1', 'Ann'], line: 2, endLine: 2 },
    ]);
  });
  it('keeps quotes inside unquoted fields as written', () => {
    expect(scanAll('a,b\n5" screen,x\n')[1]!.fields).toEqual(['5" screen', 'x']);
  });
  it('says where a quote never closes', () => {
    expect(() => scanAll('a,b\n1,2\n3,"open\n4,5\n')).toThrow('test.csv:3: a quoted field is never closed');
  });
  it('says where a closing quote is followed by something else', () => {
    expect(() => scanAll('a,b\n"x"y,2\n')).toThrow('test.csv:2: expected a delimiter or the end of the line after a closing quote, found "y"');
  });

  // Reference: csv-parse (the stack's parser) on the same text, fed to our scanner in chunks of every size
  // from 1 byte up, so records cut anywhere by a chunk boundary are covered.
  it('agrees with csv-parse on generated CSV, whatever the chunking', () => {
    const random = new Random(99);
    const pieces = ['a', 'bc', ' ', '', '1.5', 'é', '"', ',', '\n', '\r\n', 'x"y', '""'];
    for (let t = 0; t < 300; t++) {
      const nRows = 1 + random.int(6);
      const nCols = 1 + random.int(5);
      const rows: string[] = [];
      for (let r = 0; r < nRows; r++) {
        const cells: string[] = [];
        for (let c = 0; c < nCols; c++) {
          let cell = '';
          for (let k = random.int(4); k > 0; k--) cell += pieces[random.int(pieces.length)];
          const needsQuotes = /[",\r\n]/.test(cell) || (cell === '' && nCols === 1);
          cells.push(needsQuotes ? `"${cell.replace(/"/g, '""')}"` : cell);
        }
        rows.push(cells.join(','));
      }
      const eol = random.next() < 0.5 ? '\n' : '\r\n';
      const text = rows.join(eol) + (random.next() < 0.5 ? eol : '');
      // csv-parse guesses the line end from the first one; tell it, as the scanner accepts either anywhere.
      const expected = parse(text, { relax_column_count: true, skip_empty_lines: true, relax_quotes: true, record_delimiter: eol }) as string[][];
      for (const chunk of [1, 2, 3, 7, Infinity]) {
        expect(scanAll(text, chunk).map((r) => r.fields), `${JSON.stringify(text)} in chunks of ${chunk}`).toEqual(expected);
      }
    }
  });
});
