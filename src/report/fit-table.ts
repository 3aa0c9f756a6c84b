// Tables that fit a width: columns of free text wrap, names are shortened with "…", and when that is not
// enough, columns are left out in a stated order; the caller says which were left out. Drawn here, in time
// linear in the cells, with cli-table3's box style (cli-table3 lays out in time that grows with the square
// of the rows: 100,000 organisations took minutes).

import { displayWidth, isPrintableAscii, truncate, wrap } from '../terminal.js';

/**
 * One cell per row: an array of texts, or anything that gives row r's text when asked (`at`) and says how many
 * rows there are. A long table's cells (500,000 organisations) are made when measured and again when drawn,
 * never all held at once.
 */
export interface Cells {
  readonly length: number;
  at(r: number): string | undefined;
}

/** Cells made on demand from `rows` items. */
export function cellsOf<T>(rows: readonly T[], cell: (row: T) => string): Cells {
  return { length: rows.length, at: (r) => cell(rows[r]!) };
}

export interface Column {
  head: string;
  /** One cell per row. */
  cells: Cells;
  /** How the column gives way: wrapped at spaces, or shortened with "…"; fixed columns do not. */
  shrink?: 'wrap' | 'truncate';
  /** The narrowest a shrinking column goes (cells; default 12); a wrapping column never goes below its longest word (up to 24), so words are not cut while columns can still be left out. */
  min?: number;
  /** Columns with a rank are left out when shrinking is not enough, the lowest rank first; others never are. */
  dropRank?: number;
  /**
   * No cell is wider than this, nor holds a longer word: where the head is at least as wide (or, for its
   * words, the min), the cells need not be measured, and are made only when drawn.
   */
  widest?: number;
}

export interface FittedTable {
  /** The table's lines, drawn as they are read (a report of many organisations never holds them all). */
  lines: Iterable<string>;
  /** The lines joined. */
  text: string;
  /** The heads of the columns left out for width, in the order they were dropped. */
  leftOut: string[];
  /** How it was fitted: what another thread needs to draw its rows from the same columns (rowText). */
  layout: TableLayout;
}

/**
 * A fitted table's layout: the columns kept (indexes into the columns fitted) and their heads, each one's natural width, the width
 * it was given and the width it is drawn at; whether rows go without rules between them. Plain data (it crosses
 * to a thread that draws rows).
 */
export interface TableLayout {
  /** The kept columns' heads as drawn (wrapped where narrowed). */
  heads: string[];
  kept: number[];
  natural: number[];
  widths: number[];
  drawn: number[];
  isCompact: boolean;
}

/**
 * Row r's text in a table of `columns` fitted to `layout`, as FittedTable.lines draws it (its lines between the
 * head and the last rule), each line followed by a line end: for a thread drawing a share of the rows.
 */
export function rowTexts(columns: readonly Column[], layout: TableLayout): (r: number) => string {
  const kept = layout.kept.map((i) => columns[i]!);
  const between = rule(layout.drawn, '├', '┼', '┤');
  return (r) => {
    let text = '';
    for (const line of rowBlock(r, kept.map((c, i) => fittedCell(c, c.cells.at(r)!, layout.widths[i]!, layout.natural[i]!)), layout.drawn, between, layout.isCompact)) text += `${line}\n`;
    return text;
  };
}

/** A cell's text in a column given width `w` of its natural `natural`: as it is, wrapped, or shortened with "…". */
function fittedCell(column: Column, text: string, w: number, natural: number): string {
  if (w >= natural) return text;
  return column.shrink === 'truncate' ? text.split('\n').map((line) => truncate(line, w)).join('\n') : wrap(text, w);
}

/** The lines of a fitted table before its rows (the top rule and the head) and after them (the bottom rule). */
export function tableEnds(layout: TableLayout): { head: string[]; foot: string } {
  return { head: [rule(layout.drawn, '┌', '┬', '┐'), ...rowLines(layout.heads, layout.drawn)], foot: rule(layout.drawn, '└', '┴', '┘') };
}

/**
 * Each column's widest line, its head included. Row by row across the columns: cells that come from one
 * row's record (an organisation's peer standing) are then made once per row, not once per column.
 */
function naturalWidths(columns: readonly Column[]): number[] {
  const widths = columns.map((c) => widestLine(c.head));
  const measured = columns.flatMap((c, i) => (c.widest !== undefined && c.widest <= widths[i]! ? [] : [i]));
  const nRows = columns[0]?.cells.length ?? 0;
  for (let r = 0; r < nRows; r++) {
    for (const i of measured) {
      const w = widestLine(columns[i]!.cells.at(r)!);
      if (w > widths[i]!) widths[i] = w;
    }
  }
  return widths;
}

/** The display width of a cell's widest line (most cells have one line: no split). */
function widestLine(text: string): number {
  // Printable ASCII holds no line break: one line, a column a character.
  if (isPrintableAscii(text)) return text.length;
  if (!text.includes('\n')) return displayWidth(text);
  let width = 0;
  for (const line of text.split('\n')) width = Math.max(width, displayWidth(line));
  return width;
}

const MAX_WORD_KEPT = 24;

/** The narrowest each column may be made: its min, and for a wrapping column its longest word (up to MAX_WORD_KEPT); row by row, as naturalWidths. */
function minimums(columns: readonly Column[]): number[] {
  const longest = columns.map(() => 0);
  // A column's words matter only where they could be longer than its min.
  const measured = columns.flatMap((c, i) => (c.shrink === 'wrap' && !(c.widest !== undefined && c.widest <= (c.min ?? 12)) ? [i] : []));
  const nRows = columns[0]?.cells.length ?? 0;
  for (let r = 0; r < nRows; r++) {
    for (const i of measured) {
      for (const word of columns[i]!.cells.at(r)!.split(/[\s]+/)) longest[i] = Math.max(longest[i]!, displayWidth(word));
    }
  }
  return columns.map((c, i) => (c.shrink === 'wrap' ? Math.max(c.min ?? 12, Math.min(longest[i]!, MAX_WORD_KEPT)) : (c.min ?? 12)));
}

/** The width a table of these column widths takes: each column padded by one on each side, and n + 1 borders. */
function tableWidth(widths: readonly number[]): number {
  return widths.reduce((sum, w) => sum + w + 2, 0) + widths.length + 1;
}

/**
 * The widths `columns` take within `width` (shrinking columns narrowed, the widest first, down to their
 * minimum), or null when they cannot fit.
 */
function shrinkTo(columns: readonly Column[], natural: readonly number[], mins: readonly number[], width: number): number[] | null {
  const widths = [...natural];
  let excess = tableWidth(widths) - width;
  while (excess > 0) {
    let widest = -1;
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]!;
      if (c.shrink === undefined || widths[i]! <= mins[i]!) continue;
      if (widest === -1 || widths[i]! > widths[widest]!) widest = i;
    }
    if (widest === -1) return null;
    widths[widest]!--;
    excess--;
  }
  return widths;
}

/**
 * Fits `columns` to `width` (null: no limit): first by shrinking, then by leaving out columns by rank. O(rows
 * × columns) plus the shrinking steps.
 */
export function fitTable(columns: readonly Column[], width: number | null, isCompact = true): FittedTable {
  let kept = [...columns];
  const leftOut: string[] = [];
  let natural = naturalWidths(kept);
  let mins = width === null ? [] : minimums(kept);
  let widths = width === null ? natural : shrinkTo(kept, natural, mins, width);
  while (widths === null) {
    let drop = -1;
    for (let i = 0; i < kept.length; i++) {
      const rank = kept[i]!.dropRank;
      if (rank !== undefined && (drop === -1 || rank < kept[drop]!.dropRank!)) drop = i;
    }
    if (drop === -1) {
      // Nothing more to leave out: as narrow as it goes, words cut if they must be.
      widths = kept.map((c, i) => (c.shrink === undefined ? natural[i]! : Math.min(natural[i]!, c.min ?? 12)));
      break;
    }
    leftOut.push(kept[drop]!.head);
    kept = kept.filter((_, i) => i !== drop);
    natural = natural.filter((_, i) => i !== drop);
    mins = mins.filter((_, i) => i !== drop);
    widths = shrinkTo(kept, natural, mins, width!);
  }
  const fitted = (text: string, i: number): string => fittedCell(kept[i]!, text, widths![i]!, natural[i]!);
  const heads = kept.map((c, i) => (displayWidth(c.head) > widths![i]! ? wrap(c.head, widths![i]!) : c.head));
  const nRows = kept[0]?.cells.length ?? 0;
  // Each column as wide as its widest line once fitted: its natural width where it was not narrowed, else measured.
  const drawn = kept.map((_, i) => (widths![i]! >= natural[i]! ? natural[i]! : widestLine(heads[i]!)));
  if (kept.some((_, i) => widths![i]! < natural[i]!)) {
    for (let r = 0; r < nRows; r++) {
      for (let i = 0; i < kept.length; i++) {
        if (widths![i]! >= natural[i]!) continue;
        drawn[i] = Math.max(drawn[i]!, widestLine(fitted(kept[i]!.cells.at(r)!, i)));
      }
    }
  }
  const rowAt = (r: number): string[] => kept.map((c, i) => fitted(c.cells.at(r)!, i));
  const lines = { [Symbol.iterator]: () => drawLines(heads, drawn, nRows, rowAt, isCompact) };
  const layout: TableLayout = { heads, kept: kept.map((c) => columns.indexOf(c)), natural, widths: widths, drawn, isCompact };
  return {
    lines,
    get text() {
      return [...lines].join('\n');
    },
    leftOut,
    layout,
  };
}

/** A rule across the columns: ┌──┬──┐, ├──┼──┤ or └──┴──┘. */
function rule(widths: readonly number[], left: string, mid: string, right: string): string {
  return `${left}${widths.map((w) => '─'.repeat(w + 2)).join(mid)}${right}`;
}

/** `n` spaces: the shorter runs made once (a table of 500,000 organisations pads millions of cells). */
const PADDINGS = Array.from({ length: 129 }, (_, n) => ' '.repeat(n));

function padding(n: number): string {
  return PADDINGS[n] ?? ' '.repeat(n);
}

/** One row of cells (each possibly several lines), every line padded to its column's width. */
function* rowLines(cells: readonly string[], widths: readonly number[]): Generator<string> {
  if (!cells.some((cell) => cell.includes('\n'))) {
    // One line (most rows).
    let line = '│';
    for (let i = 0; i < cells.length; i++) line += ` ${cells[i]!}${padding(widths[i]! - displayWidth(cells[i]!))} │`;
    yield line;
    return;
  }
  const lines = cells.map((cell) => cell.split('\n'));
  const height = Math.max(1, ...lines.map((l) => l.length));
  for (let h = 0; h < height; h++) {
    let line = '│';
    for (let i = 0; i < cells.length; i++) {
      const text = lines[i]![h] ?? '';
      line += ` ${text}${padding(widths[i]! - displayWidth(text))} │`;
    }
    yield line;
  }
}

/** The lines of a table of `nRows` rows (`rowAt` gives each) with these column widths: head, rules, rows. */
function* drawLines(head: readonly string[], widths: readonly number[], nRows: number, rowAt: (r: number) => string[], isCompact: boolean): Generator<string> {
  yield rule(widths, '┌', '┬', '┐');
  yield* rowLines(head, widths);
  const between = rule(widths, '├', '┼', '┤');
  for (let r = 0; r < nRows; r++) yield* rowBlock(r, rowAt(r), widths, between, isCompact);
  yield rule(widths, '└', '┴', '┘');
}

/** Row r's lines: the rule before it where there is one (before the first row, or every row when not compact), then its cells' lines. */
function* rowBlock(r: number, cells: readonly string[], widths: readonly number[], between: string, isCompact: boolean): Generator<string> {
  if (r === 0 || !isCompact) yield between;
  yield* rowLines(cells, widths);
}

/**
 * Draws a table as cli-table3 does (its default box characters, one cell of padding on each side, a rule under
 * the head, and between rows unless compact), with each column as wide as its widest line. O(cells).
 */
export function drawTable(head: readonly string[], rows: readonly (readonly string[])[], isCompact = true): string {
  const widths = head.map((h, i) => {
    let w = widestLine(h);
    for (const row of rows) w = Math.max(w, widestLine(row[i]!));
    return w;
  });
  return [...drawLines(head, widths, rows.length, (r) => rows[r] as string[], isCompact)].join('\n');
}

/** "left out for width (120 columns): FRT, CSAT; set COLUMNS wider, or use --format csv", or null when nothing was. */
export function leftOutNote(leftOut: readonly string[], width: number | null): string | null {
  if (leftOut.length === 0) return null;
  return `left out to fit ${width} columns: ${leftOut.map((h) => h.replace(/\n/g, ' ')).join(', ')} (a wider terminal or COLUMNS shows them; --format csv or json has every column)`;
}
