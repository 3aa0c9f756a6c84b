// The colour and width policy (src/terminal.ts) and the text measures tables are fitted with.

import { describe, expect, it } from 'vitest';
import { displayWidth, isColorWanted, isPrintableAscii, outputWidth, truncate, wrap } from '../../src/terminal.js';
import { fitTable } from '../../src/report/fit-table.js';

const tty = { isTTY: true, columns: 132 };
const pipe = { isTTY: false };

describe('colour', () => {
  it('a terminal gets colour; a pipe, a file and NO_COLOR do not', () => {
    expect(isColorWanted(tty, false, {})).toBe(true);
    expect(isColorWanted(pipe, false, {})).toBe(false);
    expect(isColorWanted(tty, true, {})).toBe(false);
    expect(isColorWanted(tty, false, { NO_COLOR: '1' })).toBe(false);
    // An empty NO_COLOR is unset (no-color.org).
    expect(isColorWanted(tty, false, { NO_COLOR: '' })).toBe(true);
  });

  it('FORCE_COLOR wins over everything; "0" and "false" turn colour off', () => {
    expect(isColorWanted(pipe, false, { FORCE_COLOR: '1' })).toBe(true);
    expect(isColorWanted(pipe, true, { FORCE_COLOR: '3' })).toBe(true);
    expect(isColorWanted(pipe, false, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
    expect(isColorWanted(tty, false, { FORCE_COLOR: '0' })).toBe(false);
    expect(isColorWanted(tty, false, { FORCE_COLOR: 'false' })).toBe(false);
    expect(isColorWanted(tty, false, { FORCE_COLOR: '' })).toBe(true);
  });
});

describe('width', () => {
  it('COLUMNS first, then the terminal; a pipe or a file has no limit', () => {
    expect(outputWidth(tty, false, {})).toBe(132);
    expect(outputWidth(tty, false, { COLUMNS: '90' })).toBe(90);
    expect(outputWidth(pipe, false, { COLUMNS: '100' })).toBe(100);
    expect(outputWidth(pipe, false, {})).toBeNull();
    expect(outputWidth(tty, true, {})).toBeNull();
    expect(outputWidth(pipe, true, { COLUMNS: '70' })).toBe(70);
  });

  it('a COLUMNS below 40 is taken as 40; one that is not a number is ignored', () => {
    expect(outputWidth(pipe, false, { COLUMNS: '10' })).toBe(40);
    expect(outputWidth(tty, false, { COLUMNS: 'wide' })).toBe(132);
  });
});

describe('measuring and fitting text', () => {
  it('counts cells: colour codes none, wide characters two, combining marks none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('\u001b[31mred\u001b[39m')).toBe(3);
    expect(displayWidth('東京')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
  });

  it('tells printable ASCII (a space to a tilde) as the regular expression it replaced does, on every character below 0x100 and beyond', () => {
    const texts = ['', 'plain text ~', 'org-0000001', '12.5 h', 'tab\there', 'line\nbreak', '\u001b[31mred\u001b[39m', 'café', '日本', '😀', '\u007f'];
    for (let c = 0; c < 0x100; c++) texts.push(`a${String.fromCharCode(c)}b`, String.fromCharCode(c));
    for (const text of texts) expect(isPrintableAscii(text), JSON.stringify(text)).toBe(/^[\x20-\x7e]*$/.test(text));
  });

  it('truncates with an ellipsis and wraps at spaces within the width', () => {
    expect(truncate('Harbor Insurance', 10)).toBe('Harbor In…');
    expect(truncate('short', 10)).toBe('short');
    expect(wrap('low volume, small teams, few tickets', 12).split('\n')).toEqual(['low volume,', 'small teams,', 'few tickets']);
    for (const line of wrap('a verylongwordthatcannotfit here', 8).split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(8);
  });

  it('a table too wide shrinks its free text, then leaves out columns by rank, and says which', () => {
    const cells = ['Organisation A', 'Organisation B'];
    const columns = [
      { head: 'Name', cells, shrink: 'truncate' as const, min: 8 },
      { head: 'Notes', cells: ['a long note that wraps over lines', 'short'], shrink: 'wrap' as const, min: 10, dropRank: 2 },
      { head: 'Extra column', cells: ['1', '2'], dropRank: 1 },
      { head: 'Kept', cells: ['x', 'y'] },
    ];
    const wide = fitTable(columns, null);
    expect(wide.leftOut).toEqual([]);
    expect(wide.text).toContain('a long note that wraps over lines');
    const narrow = fitTable(columns, 40);
    for (const line of narrow.text.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(40);
    expect(narrow.leftOut).toEqual(['Extra column']);
    const narrower = fitTable(columns, 24);
    for (const line of narrower.text.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(24);
    expect(narrower.leftOut).toEqual(['Extra column', 'Notes']);
    expect(narrower.text).toContain('│ Organisation… │');
  });

  it('a column whose cells are never wider than its head (`widest`) is drawn the same without measuring its cells', () => {
    const percents = ['100%', '7%', '–', '42%'];
    let made = 0;
    const counted = { length: percents.length, at: (r: number) => (made++, percents[r]) };
    const columns = (hint: boolean) => [
      { head: 'Name', cells: ['a', 'bb', 'ccc', 'dddd'] },
      // "CSAT" is as wide as "100%": the hint spares measuring; "FRT" is narrower: it is measured all the same.
      { head: 'CSAT', cells: counted, shrink: 'wrap' as const, min: 6, ...(hint ? { widest: 4 } : {}) },
      { head: 'FRT', cells: percents, shrink: 'wrap' as const, min: 6, ...(hint ? { widest: 4 } : {}) },
      { head: 'Notes', cells: ['one', 'two words', 'three little words', 'x'], shrink: 'wrap' as const, min: 6 },
    ];
    for (const width of [null, 80, 30, 24]) {
      made = 0;
      const plain = fitTable(columns(false), width).text;
      const measuredCalls = made;
      made = 0;
      const hinted = fitTable(columns(true), width).text;
      expect(hinted).toBe(plain);
      // Without the hint each cell is made to measure (natural widths, and words where the table must fit) and to draw.
      expect(made).toBeLessThan(measuredCalls);
      expect(made).toBe(percents.length);
    }
  });
});

describe('wrapping keeps a unit with its number', () => {
  it('"+431 h" is never split over two lines', () => {
    expect(wrap('phone +431 h (5.8×)', 11).split('\n')).toEqual(['phone', '+431 h', '(5.8×)']);
    expect(wrap('Could be ≤24 h', 9).split('\n')).toEqual(['Could be', '≤24 h']);
  });
});
