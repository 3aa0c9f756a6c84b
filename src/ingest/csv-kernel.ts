// Ingest's side of the WebAssembly kernel (kernel/kernel.ts): SIMD field finding for records whose fields are
// unquoted or quoted whole, batch-column readers for numbers and ISO timestamps, and interning tables. Each
// ingest thread makes one per file; the scanner copies its chunks into the kernel's memory, and the scanner's
// field arrays and the batch decoder's columns are views of that memory, so the kernel reads and writes them in
// place.

import type { FoldedBatch, TicketAccumulator } from '../metrics/accumulator.js';
import { AGENT_WAYS, N_F64_COLUMNS, N_I32_COLUMNS, ORG_STRIDE } from '../metrics/layout.js';
import { TicketBatch } from '../metrics/ticket-batch.js';
import { Kernel, type KernelExports } from '../kernel/kernel.js';
import { DATE_FORMATS, type NamedDateFormat } from './dates.js';
import { BITMAP_LIMIT, type TicketIdSet } from './id-set.js';

/** Bytes of input the kernel holds at once: a chunk and the record a previous chunk cut (larger ones go the slow way). */
const INPUT_BYTES = 4 << 20;
/** Field slots beyond a full batch, for records with more fields than the header. */
const SPARE_FIELDS = 4096;
/**
 * Distinct values an interning table of the kernel holds (and bytes of them): beyond, the column is interned by
 * the TypeScript table alone. The memory is reserved, and only what is used is ever touched. (An arena has 8
 * bytes more than it fills: the kernel reads keys eight bytes at a time.)
 */
const TABLE_ENTRIES = 1 << 16;
const TABLE_ARENA_BYTES = 4 << 20;
/** Slots a table starts with (it doubles them as it fills). */
const INITIAL_SLOTS = 256;
/**
 * Organisations whose counters the kernel holds while it folds batches (reserved like the tables; beyond, the
 * accumulator keeps them and folds the batches itself: TicketAccumulator.addBatch), and agents per organisation in its cache of
 * organisation × agent pairs already handed over (layout.ts AGENT_WAYS): the pairs are the accumulator's
 * to count, and the cache keeps most rows from handing theirs over (on the benchmark file, 16,000 distinct
 * pairs are handed over ~16,000 times; a shared cache of 131,072 pairs handed them over 19,000 times and cost
 * a cache miss a row).
 */
const COUNTED_ORGS = 1 << 16;

export class CsvKernel {
  private readonly exports: KernelExports;
  readonly buffer: ArrayBuffer;
  /** Where chunks are copied for scanning (16 spare bytes after it). */
  readonly input: Uint8Array<ArrayBuffer>;
  readonly starts: Int32Array<ArrayBuffer>;
  readonly ends: Int32Array<ArrayBuffer>;
  readonly quoting: Uint8Array<ArrayBuffer>;
  /** Line breaks inside quotes of each record the last scanPlain took. */
  readonly breaks: Int32Array<ArrayBuffer>;
  /** `count` f64 columns of `rows` values each, and two byte columns (slow, ask). */
  readonly columns: Float64Array<ArrayBuffer>[] = [];
  readonly slow: Uint8Array<ArrayBuffer>;
  readonly ask: Uint8Array<ArrayBuffer>;
  /** i32 columns of `rows` values each (interned values). */
  readonly intColumns: Int32Array<ArrayBuffer>[] = [];
  /** Where each interning table's header is; -1 once a table is full. */
  private readonly tables: number[] = [];
  /** The place for an accumulator's counters while batches are folded (zeros when none is there). */
  readonly counts: Float64Array<ArrayBuffer>;
  private readonly rows: number;
  private readonly isFoldable: boolean;
  /** The columns as a ticket batch, when they are one (a kernel made for the batch decoder). */
  readonly batch: TicketBatch | undefined;
  private readonly foldAt: { f64Columns: number; i32Columns: number; durations: number; hours: number; pairs: number; agentCache: number; result: number };
  /** What a fold leaves (views of the output regions), refilled by each fold. */
  private readonly folded: FoldedBatch;
  private readonly foldResult: { extremes: Float64Array; counts: Int32Array };
  /** The place for a ticket id set's bitmap while ids are checked (zeros when none is there). */
  private readonly idBits: Uint32Array<ArrayBuffer>;
  /** Where the id check says how many bitmap words it may have set (see wasm/kernel.ts checkIds). */
  private readonly idResult: Int32Array;

  private constructor(kernel: Kernel, stride: number, rows: number, nColumns: number, nTables: number) {
    const fields = (rows + 1) * stride + SPARE_FIELDS;
    const inputAt = kernel.take(INPUT_BYTES + 16);
    const startsAt = kernel.take(fields * 4);
    const endsAt = kernel.take(fields * 4);
    const quotingAt = kernel.take(fields);
    const breaksAt = kernel.take(rows * 4);
    const columnsAt = Array.from({ length: nColumns }, () => kernel.take(rows * 8));
    const slowAt = kernel.take(rows);
    const askAt = kernel.take(rows);
    const intColumnsAt = Array.from({ length: nTables }, () => kernel.take(rows * 4));
    const countsAt = kernel.take(COUNTED_ORGS * ORG_STRIDE * 8);
    const idBitsAt = kernel.take(BITMAP_LIMIT / 8);
    const idResultAt = kernel.take(4);
    // A ticket batch (layout.ts) when the columns are its columns: the fold reads them where their order and
    // spacing put them.
    const isFoldable =
      nColumns === N_F64_COLUMNS && nTables === N_I32_COLUMNS && columnsAt.every((at, i) => at === columnsAt[0]! + i * rows * 8) && intColumnsAt.every((at, i) => at === intColumnsAt[0]! + i * rows * 4);
    const foldAt = {
      f64Columns: columnsAt[0] ?? 0,
      i32Columns: intColumnsAt[0] ?? 0,
      durations: kernel.take(rows * 24),
      hours: kernel.take(rows * 16),
      pairs: kernel.take(rows * 8),
      agentCache: kernel.take(COUNTED_ORGS * AGENT_WAYS * 4),
      result: kernel.take(32),
    };
    const tablesAt = Array.from({ length: nTables }, () => {
      const header = kernel.take(32);
      return { header, slots: kernel.take(TABLE_ENTRIES * 2 * 4), entries: kernel.take(TABLE_ENTRIES * 16), arena: kernel.take(TABLE_ARENA_BYTES + 8) };
    });
    // Everything is taken: the views below stay valid.
    this.exports = kernel.exports;
    this.buffer = kernel.buffer;
    this.input = new Uint8Array(this.buffer, inputAt, INPUT_BYTES);
    this.starts = new Int32Array(this.buffer, startsAt, fields);
    this.ends = new Int32Array(this.buffer, endsAt, fields);
    this.quoting = new Uint8Array(this.buffer, quotingAt, fields);
    this.breaks = new Int32Array(this.buffer, breaksAt, rows);
    for (const offset of columnsAt) this.columns.push(new Float64Array(this.buffer, offset, rows));
    this.slow = new Uint8Array(this.buffer, slowAt, rows);
    this.ask = new Uint8Array(this.buffer, askAt, rows);
    for (const offset of intColumnsAt) this.intColumns.push(new Int32Array(this.buffer, offset, rows));
    this.counts = new Float64Array(this.buffer, countsAt, COUNTED_ORGS * ORG_STRIDE);
    this.idBits = new Uint32Array(this.buffer, idBitsAt, BITMAP_LIMIT / 32);
    this.idResult = new Int32Array(this.buffer, idResultAt, 1);
    this.rows = rows;
    this.foldAt = foldAt;
    this.isFoldable = isFoldable;
    this.batch = isFoldable ? new TicketBatch(this.columns, this.intColumns, this.slow) : undefined;
    const f64 = (at: number, n: number): Float64Array => new Float64Array(this.buffer, at, n);
    const i32 = (at: number, n: number): Int32Array => new Int32Array(this.buffer, at, n);
    this.folded = {
      rows: 0,
      createdMinMs: Infinity,
      createdMaxMs: -Infinity,
      resolution: { values: f64(foldAt.durations, rows), groups: i32(foldAt.durations + rows * 16, rows), n: 0 },
      firstReply: { values: f64(foldAt.durations + rows * 8, rows), groups: i32(foldAt.durations + rows * 20, rows), n: 0 },
      hours: { orgs: i32(foldAt.hours, 2 * rows), hours: i32(foldAt.hours + rows * 8, 2 * rows), n: 0 },
      agents: { orgs: i32(foldAt.pairs, rows), agents: i32(foldAt.pairs + rows * 4, rows), n: 0 },
    };
    this.foldResult = { extremes: f64(foldAt.result, 2), counts: i32(foldAt.result + 16, 4) };
    for (const { header, slots, entries, arena } of tablesAt) {
      // Mask, entries, entry capacity, arena used, arena capacity, slots, entries, arena (see wasm/kernel.ts).
      new Int32Array(this.buffer, header, 8).set([INITIAL_SLOTS - 1, 0, TABLE_ENTRIES, 0, TABLE_ARENA_BYTES, slots, entries, arena]);
      this.tables.push(header);
    }
  }

  /**
   * A kernel for records of `stride` fields in batches of `rows`, with `nColumns` f64 columns and `nTables`
   * interning tables (each with an i32 column); undefined without WebAssembly.
   */
  static create(stride: number, rows: number, nColumns: number, nTables = 0): CsvKernel | undefined {
    const kernel = Kernel.create();
    return kernel === undefined ? undefined : new CsvKernel(kernel, stride, rows, nColumns, nTables);
  }

  /** Whether an array is a view of this kernel's memory (so the kernel can work on it in place). */
  holds(array: ArrayBufferView): boolean {
    return array.buffer === this.buffer;
  }

  /**
   * Plain records of `input` from p (at most the kernel's rows), their fields unquoted or quoted whole (see
   * wasm/kernel.ts scanPlain), written with their quoting from field slot `slot` on. Returns how many; `scanEnd`
   * is where the next record starts, `scanQuoted` how many quoted fields they have, `scanBreaks` how many line
   * breaks inside quotes, and `breaks` each record's.
   */
  scanPlain(bytes: Uint8Array, p: number, length: number, nColumns: number, maxRecords: number, slot: number): number {
    return this.exports.scanPlain(bytes.byteOffset, p, length, nColumns, Math.min(maxRecords, this.rows), this.starts.byteOffset + slot * 4, this.ends.byteOffset + slot * 4, this.quoting.byteOffset + slot, this.breaks.byteOffset);
  }

  get scanEnd(): number {
    return this.exports.scanEnd.value;
  }

  get scanQuoted(): number {
    return this.exports.scanQuoted.value;
  }

  get scanBreaks(): number {
    return this.exports.scanBreaks.value;
  }

  decodeNonNegative(bytes: Uint8Array, stride: number, column: number, n: number, out: Float64Array, scale: number): void {
    this.exports.decodeNonNegative(bytes.byteOffset, this.starts.byteOffset, this.ends.byteOffset, stride, column, n, out.byteOffset, scale, this.slow.byteOffset);
  }

  /** Whether interning table t still takes new values. */
  isTableOpen(t: number): boolean {
    return this.tables[t]! !== -1;
  }

  /**
   * Column `column` through interning table t into intColumns[t] (see wasm/kernel.ts internColumn): cells
   * not in the table yet are marked in `ask`; returns how many were.
   */
  intern(t: number, bytes: Uint8Array, stride: number, column: number, n: number, empty: number, isRequired: boolean): number {
    return this.exports.internColumn(bytes.byteOffset, this.starts.byteOffset, this.ends.byteOffset, stride, column, n, this.tables[t]!, this.intColumns[t]!.byteOffset, empty, isRequired ? 1 : 0, this.slow.byteOffset, this.ask.byteOffset);
  }

  /** Adds bytes [s, e) → value to table t; when it is full, the table closes (the caller interns without it). */
  internAdd(t: number, bytes: Uint8Array, s: number, e: number, value: number): void {
    if (this.tables[t] === -1) return;
    if (this.exports.internAdd(this.tables[t]!, bytes.byteOffset, s, e, value) === 0) this.tables[t] = -1;
  }

  /**
   * Folds the batch's rows r < n not marked slow (its columns decoded: see batch-decoder.ts) into the
   * accumulator, its counters placed in this memory for it (wasm/kernel.ts foldRows). Returns how many rows, or
   * -1 when its counters do not fit here (the caller folds the rows one by one).
   */
  fold(accumulator: TicketAccumulator, n: number): number {
    if (!this.isFoldable || (accumulator.counts !== this.counts && !accumulator.placeCounts(this.counts))) return -1;
    const { foldAt, folded, foldResult } = this;
    foldResult.extremes[0] = Infinity;
    foldResult.extremes[1] = -Infinity;
    // The creation times of the rows folded here (the first f64 column), for the period's check.
    accumulator.createdDays.addColumn(new Float64Array(this.buffer, foldAt.f64Columns, n), this.slow, n);
    folded.rows = this.exports.foldRows(n, this.rows, foldAt.f64Columns, foldAt.i32Columns, this.slow.byteOffset, this.counts.byteOffset, accumulator.isCalendarTime ? 1 : 0, foldAt.durations, foldAt.hours, foldAt.pairs, foldAt.agentCache, foldAt.result);
    folded.createdMinMs = foldResult.extremes[0]!;
    folded.createdMaxMs = foldResult.extremes[1]!;
    folded.resolution.n = foldResult.counts[0]!;
    folded.firstReply.n = foldResult.counts[1]!;
    folded.hours.n = foldResult.counts[2]!;
    folded.agents.n = foldResult.counts[3]!;
    accumulator.addFolded(folded);
    return folded.rows;
  }

  /**
   * Adds the ticket ids (column `column`) of rows from..n−1 to `ids` in order, its bitmap placed in this memory
   * for it (wasm/kernel.ts checkIds): stops at the first row whose id the caller must add (or that is marked
   * slow; a repeated id marks its row) and returns it, or n.
   */
  checkIds(ids: TicketIdSet, from: number, n: number, bytes: Uint8Array, stride: number, column: number): number {
    if (ids.bits !== this.idBits) ids.place(this.idBits);
    const used = this.idResult;
    used[0] = 0;
    const stop = this.exports.checkIds(from, n, bytes.byteOffset, this.starts.byteOffset, this.ends.byteOffset, stride, column, this.slow.byteOffset, this.idBits.byteOffset, used.byteOffset);
    ids.noteWords(used[0]!);
    return stop;
  }

  /**
   * Timestamps as wall-clock milliseconds: of the plainest ISO form for 'iso', in the slashed forms as written;
   * the rest are marked in `ask`. Returns how many were.
   */
  decodeDates(bytes: Uint8Array, stride: number, column: number, n: number, out: Float64Array, isRequired: boolean, format: NamedDateFormat): number {
    return this.exports.decodeDates(bytes.byteOffset, this.starts.byteOffset, this.ends.byteOffset, stride, column, n, out.byteOffset, isRequired ? 1 : 0, this.slow.byteOffset, this.ask.byteOffset, DATE_FORMATS.indexOf(format));
  }
}
