// The WebAssembly CSV kernel (wasm/csv-kernel.ts, compiled by `npm run build` next to this file): SIMD field
// finding for plain records, batch-column readers for numbers and ISO timestamps, interning tables, and the
// sorting of durations when a thread seals what it gathered. Each ingest thread makes one kernel per file; the
// scanner copies its chunks into the kernel's memory, and the scanner's field arrays and the batch decoder's
// columns are views of that memory, so the kernel reads and writes them in place. Without WebAssembly SIMD (or
// with BENCHMARK_KERNEL=off) ingest runs its TypeScript loops, with the same results.

import { readFileSync } from 'node:fs';

/** Bytes of input the kernel holds at once: a chunk and the record a previous chunk cut (larger ones go the slow way). */
const INPUT_BYTES = 4 << 20;
/** Field slots beyond a full batch, for records with more fields than the header. */
const SPARE_FIELDS = 4096;
/** Where the kernel's arrays start: the first page is left to the module itself. */
const BASE = 65536;

// The parts of the WebAssembly API used here (the project's TypeScript libraries do not declare it).
interface WasmModule {
  readonly kind?: 'module';
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface Exports {
  scanEnd: { value: number };
  scanPlain(bytes: number, p: number, length: number, nColumns: number, maxRecords: number, starts: number, ends: number): number;
  decodeNonNegative(bytes: number, starts: number, ends: number, stride: number, column: number, n: number, out: number, scale: number, slow: number): void;
  decodeIsoDates(bytes: number, starts: number, ends: number, stride: number, column: number, n: number, out: number, isRequired: number, slow: number, ask: number): number;
  internColumn(bytes: number, starts: number, ends: number, stride: number, column: number, n: number, table: number, out: number, empty: number, isRequired: number, slow: number, ask: number): number;
  internAdd(table: number, bytes: number, s: number, e: number, value: number): number;
  sortRanges(values: number, bounds: number, nRanges: number, scratch: number, counts: number): void;
  mergeRanges(values: number, bounds: number, nRanges: number, scratch: number): void;
  hourSpans(orgs: number, hours: number, n: number, counts: number, low: number, high: number): void;
  countGroups(groups: number, n: number, counts: number): void;
  scatterGroups(values: number, groups: number, n: number, cursor: number, out: number): void;
  hourBits(orgs: number, hours: number, n: number, origin: number, bits: number, listCursor: number, listed: number): void;
}

/**
 * Distinct values an interning table of the kernel holds (and bytes of them): beyond, the column is interned by
 * the TypeScript table alone. The memory is reserved, and only what is used is ever touched.
 */
const TABLE_ENTRIES = 1 << 16;
const TABLE_ARENA_BYTES = 4 << 20;
/** Slots a table starts with (it doubles them as it fills). */
const INITIAL_SLOTS = 256;

let compiled: WasmModule | null | undefined;

function kernelModule(): WasmModule | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  // Next to this module in dist/; from the sources (the tests), where the build put it.
  for (const place of ['./csv-kernel.wasm', '../../dist/ingest/csv-kernel.wasm']) {
    try {
      compiled = new wasm.Module(readFileSync(new URL(place, import.meta.url)));
      break;
    } catch {
      // No kernel file there (a build without the WebAssembly step), or no SIMD: the TypeScript loops do the work.
    }
  }
  return compiled;
}

export class CsvKernel {
  private readonly exports: Exports;
  readonly buffer: ArrayBuffer;
  /** Where chunks are copied for scanning (16 spare bytes after it). */
  readonly input: Uint8Array<ArrayBuffer>;
  readonly starts: Int32Array<ArrayBuffer>;
  readonly ends: Int32Array<ArrayBuffer>;
  readonly quoting: Uint8Array<ArrayBuffer>;
  /** `count` f64 columns of `rows` values each, and two byte columns (slow, ask). */
  readonly columns: Float64Array<ArrayBuffer>[] = [];
  readonly slow: Uint8Array<ArrayBuffer>;
  readonly ask: Uint8Array<ArrayBuffer>;
  /** i32 columns of `rows` values each (interned values). */
  readonly intColumns: Int32Array<ArrayBuffer>[] = [];
  /** Where each interning table's header is; -1 once a table is full. */
  private readonly tables: number[] = [];

  private constructor(module: WasmModule, stride: number, rows: number, nColumns: number, nTables: number) {
    const fields = (rows + 1) * stride + SPARE_FIELDS;
    let at = BASE;
    const take = (bytes: number): number => {
      const start = at;
      at += Math.ceil(bytes / 16) * 16;
      return start;
    };
    const inputAt = take(INPUT_BYTES + 16);
    const startsAt = take(fields * 4);
    const endsAt = take(fields * 4);
    const quotingAt = take(fields);
    const columnsAt = Array.from({ length: nColumns }, () => take(rows * 8));
    const slowAt = take(rows);
    const askAt = take(rows);
    const intColumnsAt = Array.from({ length: nTables }, () => take(rows * 4));
    const tablesAt = Array.from({ length: nTables }, () => {
      const header = take(32);
      return { header, slots: take(TABLE_ENTRIES * 2 * 4), entries: take(TABLE_ENTRIES * 16), arena: take(TABLE_ARENA_BYTES) };
    });
    const memory = new wasm.Memory({ initial: Math.ceil(at / 65536) });
    const instance = new wasm.Instance(module, { env: { memory } });
    this.exports = instance.exports as unknown as Exports;
    this.buffer = memory.buffer;
    this.input = new Uint8Array(this.buffer, inputAt, INPUT_BYTES);
    this.starts = new Int32Array(this.buffer, startsAt, fields);
    this.ends = new Int32Array(this.buffer, endsAt, fields);
    this.quoting = new Uint8Array(this.buffer, quotingAt, fields);
    for (const offset of columnsAt) this.columns.push(new Float64Array(this.buffer, offset, rows));
    this.slow = new Uint8Array(this.buffer, slowAt, rows);
    this.ask = new Uint8Array(this.buffer, askAt, rows);
    for (const offset of intColumnsAt) this.intColumns.push(new Int32Array(this.buffer, offset, rows));
    for (const { header, slots, entries, arena } of tablesAt) {
      // Mask, entries, entry capacity, arena used, arena capacity, slots, entries, arena (see wasm/csv-kernel.ts).
      new Int32Array(this.buffer, header, 8).set([INITIAL_SLOTS - 1, 0, TABLE_ENTRIES, 0, TABLE_ARENA_BYTES, slots, entries, arena]);
      this.tables.push(header);
    }
  }

  /**
   * A kernel for records of `stride` fields in batches of `rows`, with `nColumns` f64 columns and `nTables`
   * interning tables (each with an i32 column); undefined without WebAssembly.
   */
  static create(stride: number, rows: number, nColumns: number, nTables = 0): CsvKernel | undefined {
    const module = process.env.BENCHMARK_KERNEL === 'off' ? null : kernelModule();
    if (module === null) return undefined;
    try {
      return new CsvKernel(module, stride, rows, nColumns, nTables);
    } catch {
      return undefined;
    }
  }

  /** Whether an array is a view of this kernel's memory (so the kernel can work on it in place). */
  holds(array: ArrayBufferView): boolean {
    return array.buffer === this.buffer;
  }

  /**
   * Plain records of `input` from p (see wasm/csv-kernel.ts scanPlain), their fields written from field slot
   * `slot` on. Returns how many; `scanEnd` is where the next record starts.
   */
  scanPlain(bytes: Uint8Array, p: number, length: number, nColumns: number, maxRecords: number, slot: number): number {
    return this.exports.scanPlain(bytes.byteOffset, p, length, nColumns, maxRecords, this.starts.byteOffset + slot * 4, this.ends.byteOffset + slot * 4);
  }

  get scanEnd(): number {
    return this.exports.scanEnd.value;
  }

  decodeNonNegative(bytes: Uint8Array, stride: number, column: number, n: number, out: Float64Array, scale: number): void {
    this.exports.decodeNonNegative(bytes.byteOffset, this.starts.byteOffset, this.ends.byteOffset, stride, column, n, out.byteOffset, scale, this.slow.byteOffset);
  }

  /** Whether interning table t still takes new values. */
  isTableOpen(t: number): boolean {
    return this.tables[t]! !== -1;
  }

  /**
   * Column `column` through interning table t into intColumns[t] (see wasm/csv-kernel.ts internColumn): cells
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

  /** Timestamps of the plainest ISO form; the rest are marked in `ask`. Returns how many were. */
  decodeIsoDates(bytes: Uint8Array, stride: number, column: number, n: number, out: Float64Array, isRequired: boolean): number {
    return this.exports.decodeIsoDates(bytes.byteOffset, this.starts.byteOffset, this.ends.byteOffset, stride, column, n, out.byteOffset, isRequired ? 1 : 0, this.slow.byteOffset, this.ask.byteOffset);
  }
}

/** Values copied into the kernel at a time while grouping them. */
const GROUPING_BLOCK = 1 << 16;

/**
 * Groups n tagged values (values[i] in group groups[i]) and sorts them, by the kernel: a counting sort by group
 * (the columns copied in a block at a time), then each organisation's span (`perOrg` adjacent groups) sorted
 * group by group into `sorted` and as a whole into `orgSorted`, as typed arrays sort. Returns the group offsets
 * (group g is sorted[offsets[g] .. offsets[g + 1])), or undefined without WebAssembly (the caller groups and
 * sorts in TypeScript). Its memory holds one block, the grouped values and one organisation's span of room.
 */
export function groupByKernel(values: Float64Array, groups: Int32Array, n: number, nGroups: number, perOrg: number, sorted: Float64Array, orgSorted: Float64Array): Int32Array | undefined {
  const module = process.env.BENCHMARK_KERNEL === 'off' ? null : kernelModule();
  if (module === null) return undefined;
  let at = BASE;
  const take = (bytes: number): number => {
    const start = at;
    at += Math.ceil(bytes / 16) * 16;
    return start;
  };
  const blockValuesAt = take(GROUPING_BLOCK * 8);
  const blockGroupsAt = take(GROUPING_BLOCK * 4);
  const offsetsAt = take((nGroups + 1) * 4);
  const boundsAt = take((perOrg + 1) * 4);
  const countsAt = take(8 * 256 * 4);
  const groupedAt = take(n * 8);
  let kernel: Exports;
  let memory: WasmMemory;
  try {
    memory = new wasm.Memory({ initial: Math.ceil(at / 65536) });
    kernel = new wasm.Instance(module, { env: { memory } }).exports as unknown as Exports;
  } catch {
    return undefined;
  }
  const blockGroups = (from: number, m: number): void => new Int32Array(memory.buffer, blockGroupsAt, m).set(groups.subarray(from, from + m));
  for (let from = 0; from < n; from += GROUPING_BLOCK) {
    const m = Math.min(GROUPING_BLOCK, n - from);
    blockGroups(from, m);
    kernel.countGroups(blockGroupsAt, m, offsetsAt);
  }
  const counted = new Int32Array(memory.buffer, offsetsAt, nGroups + 1);
  for (let g = 0; g < nGroups; g++) counted[g + 1]! += counted[g]!;
  const offsets = counted.slice();
  // The counts become cursors, moving on as values are placed.
  for (let from = 0; from < n; from += GROUPING_BLOCK) {
    const m = Math.min(GROUPING_BLOCK, n - from);
    blockGroups(from, m);
    new Float64Array(memory.buffer, blockValuesAt, m).set(values.subarray(from, from + m));
    kernel.scatterGroups(blockValuesAt, blockGroupsAt, m, offsetsAt, groupedAt);
  }
  let largest = 0;
  for (let g = 0; g < nGroups; g += perOrg) largest = Math.max(largest, offsets[Math.min(g + perOrg, nGroups)]! - offsets[g]!);
  const scratchAt = at;
  const pages = Math.ceil((scratchAt + largest * 8) / 65536) - memory.buffer.byteLength / 65536;
  if (pages > 0) memory.grow(pages);
  const grouped = new Float64Array(memory.buffer, groupedAt, n);
  const bounds = new Int32Array(memory.buffer, boundsAt, perOrg + 1);
  for (let g = 0; g < nGroups; g += perOrg) {
    const last = Math.min(g + perOrg, nGroups);
    const start = offsets[g]!;
    const m = offsets[last]! - start;
    if (m === 0) continue;
    const spanAt = groupedAt + start * 8;
    for (let k = g; k <= last; k++) bounds[k - g] = offsets[k]! - start;
    kernel.sortRanges(spanAt, boundsAt, last - g, scratchAt, countsAt);
    sorted.set(grouped.subarray(start, start + m), start);
    kernel.mergeRanges(spanAt, boundsAt, last - g, scratchAt);
    orgSorted.set(grouped.subarray(start, start + m), start);
  }
  return offsets;
}

/**
 * The kernel's side of sealing an hour log (metrics/hour-log.ts): log blocks are copied in one at a time, first
 * for each organisation's count and span (spans), then, once the caller has laid out the bitmaps and lists, for
 * the bits (setBits). Only one block and the result are ever in its memory.
 */
export class HourKernel {
  private readonly exports: Exports;
  private readonly memory: WasmMemory;
  private readonly blockAt: number;
  private readonly perOrgAt: number;
  private bitsAt = 0;
  private listedAt = 0;
  private nWords = 0;
  private nListed = 0;

  private constructor(module: WasmModule, private readonly blockLength: number, private readonly nOrgs: number) {
    this.blockAt = BASE;
    this.perOrgAt = BASE + blockLength * 8;
    const end = this.perOrgAt + nOrgs * 4 * 5;
    this.memory = new wasm.Memory({ initial: Math.ceil(end / 65536) });
    this.exports = new wasm.Instance(module, { env: { memory: this.memory } }).exports as unknown as Exports;
    this.perOrg(1).fill(2 ** 30);
    this.perOrg(2).fill(-(2 ** 30));
  }

  /** A kernel for log blocks of `blockLength` pairs and `nOrgs` organisations; undefined without WebAssembly. */
  static create(blockLength: number, nOrgs: number): HourKernel | undefined {
    const module = process.env.BENCHMARK_KERNEL === 'off' ? null : kernelModule();
    if (module === null) return undefined;
    try {
      return new HourKernel(module, blockLength, nOrgs);
    } catch {
      return undefined;
    }
  }

  /** Per-organisation array k: 0 counts, 1 lowest hour, 2 highest hour, 3 bitmap origin, 4 list cursor. */
  perOrg(k: number): Int32Array {
    return new Int32Array(this.memory.buffer, this.perOrgAt + k * this.nOrgs * 4, this.nOrgs);
  }

  private copyIn(orgs: Int32Array, hours: Int32Array, n: number): void {
    new Int32Array(this.memory.buffer, this.blockAt, n).set(orgs.subarray(0, n));
    new Int32Array(this.memory.buffer, this.blockAt + this.blockLength * 4, n).set(hours.subarray(0, n));
  }

  /** Counts and spans (perOrg 0–2) of n more pairs. */
  spans(orgs: Int32Array, hours: Int32Array, n: number): void {
    this.copyIn(orgs, hours, n);
    const at = (k: number): number => this.perOrgAt + k * this.nOrgs * 4;
    this.exports.hourSpans(this.blockAt, this.blockAt + this.blockLength * 4, n, at(0), at(1), at(2));
  }

  /** Room for `nWords` bitmap words and `nListed` listed hours (perOrg 3 and 4 set by the caller after this). */
  layOut(nWords: number, nListed: number): void {
    this.nWords = nWords;
    this.nListed = nListed;
    this.bitsAt = this.perOrgAt + this.nOrgs * 4 * 5;
    this.listedAt = this.bitsAt + Math.ceil((nWords * 4) / 16) * 16;
    const end = this.listedAt + nListed * 4;
    const pages = Math.ceil(end / 65536) - this.memory.buffer.byteLength / 65536;
    if (pages > 0) this.memory.grow(pages);
  }

  /** Sets the bits (or lists the hours) of n more pairs. */
  setBits(orgs: Int32Array, hours: Int32Array, n: number): void {
    this.copyIn(orgs, hours, n);
    const at = (k: number): number => this.perOrgAt + k * this.nOrgs * 4;
    this.exports.hourBits(this.blockAt, this.blockAt + this.blockLength * 4, n, at(3), this.bitsAt, at(4), this.listedAt);
  }

  /** The bitmaps' words and the listed hours, copied out. */
  results(): { bits: Uint32Array; listed: Int32Array } {
    return { bits: new Uint32Array(this.memory.buffer, this.bitsAt, this.nWords).slice(), listed: new Int32Array(this.memory.buffer, this.listedAt, this.nListed).slice() };
  }
}
