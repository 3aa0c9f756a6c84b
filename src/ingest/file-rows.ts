// Reading the rows of one file (or of one range of it) into an accumulator: the decoders a file's format calls
// for, what becomes of each row (used, rejected under a reason, or the run's error), and the one loop that feeds
// a file's chunks through the scanner. Both ways of reading a file use these: in order on this thread
// (tickets.ts) and in ranges claimed by several threads (ranges.ts).

import { InputError } from '../errors.js';
import type { TicketAccumulator } from '../metrics/accumulator.js';
import { BATCH_ROWS, N_F64_COLUMNS, N_I32_COLUMNS } from '../metrics/layout.js';
import { TicketBatch } from '../metrics/ticket-batch.js';
import { BatchDecoder } from './batch-decoder.js';
import { CsvKernel } from './csv-kernel.js';
import { CsvScanner, type Fields } from './csv-scanner.js';
import { isOutsideWindow, OUTSIDE_WINDOW, type TicketFormat } from './formats.js';
import type { TicketIdSet } from './id-set.js';
import { resolveLayout, type Layout } from './layout.js';
import { RowDecoder } from './row-decoder.js';
import { rowFilter, type RowFilter } from './where.js';
import { readChunks } from './sources.js';

/** Where the rows of a file (or range) are counted. Lines are the scanner's (a range's own, from 1). */
export interface RowCounts {
  read(n: number): void;
  used(n: number): void;
  reject(reason: string, line: number): void;
}

/**
 * Field slots a batch may hold (its starts and ends, in JavaScript and in the kernel's memory: 8 bytes each):
 * a header far wider than any real export (hundreds of thousands of columns) is read row by row instead.
 */
const MAX_BATCH_FIELDS = 16 * 1024 * 1024;

/**
 * Whether a format's rows may take the batch path (and the kernel behind it): plain exports whose organisation
 * is a column, and those that keep the last row of each ticket (dedupe last-by-id: the batch decodes them, each
 * row is kept in its turn). Event logs, a constant organisation (--by file) and a window (--from/--to), constant
 * columns and row filters (a mapping's `where`) go row by row, through the row decoder. Only plain exports that
 * keep every row are read in ranges (ranges.ts).
 */
export function isBatchable(format: TicketFormat, layout: Layout, nColumns: number): boolean {
  return (
    // Due times (service-level targets) are read row by row, beside the counters.
    layout.due_at === -1 &&
    format.events === undefined &&
    format.messages === undefined &&
    format.constantOrganization === undefined &&
    Object.keys(format.constants).length === 0 &&
    format.where.length === 0 &&
    format.window === undefined &&
    nColumns * (BATCH_ROWS + 1) <= MAX_BATCH_FIELDS
  );
}

export interface FileRowsOptions {
  isSkipInvalid: boolean;
  /** Time zone for timestamps without an offset (--tz); overrides the format's. */
  timeZone: string | undefined;
  /**
   * For rows that become tickets only once every file is read (dedupe last-by-id, event logs, message logs):
   * each decoded row r of `batch`, with what the row decoder read beside it (its id, event time, status,
   * message fields: `rows`), whether it has an organisation, and its line; the caller keeps it and counts or
   * rejects it then.
   */
  keep?: (rows: RowDecoder, batch: TicketBatch, r: number, hasOrganization: boolean, line: number) => void;
  /**
   * For dedupe last-by-id: each decoded row r of `batch`, in file order, with its ticket id as bytes [start, end)
   * of `id` (trimmed, unquoted; empty for none), whether it has an organisation, and its line.
   */
  keepLatest?: (id: Uint8Array, start: number, end: number, batch: TicketBatch, r: number, hasOrganization: boolean, line: number) => void;
}

/**
 * The rows of one file with a known header: each data record goes to the batch decoder (plain exports) or the
 * row decoder, into a ticket batch that is folded into the accumulator when full (by the kernel where it can,
 * else TicketAccumulator.addBatch); a row is used, rejected under a reason when skipping bad rows, or thrown as
 * the run's InputError. The decoders share the accumulator's numbering and the ticket ids.
 */
export class FileRows {
  private readonly rows: RowDecoder;
  private readonly batch: BatchDecoder | undefined;
  private readonly kernel: CsvKernel | undefined;
  /** Where the row decoder's rows go when there is no batch decoder (event logs, windows, --by file). */
  private readonly own: TicketBatch;
  /** Rows waiting in `own`. */
  private pending = 0;
  /** The mapping's row filter (`where`), bound to this header. */
  private readonly filter: RowFilter | undefined;

  constructor(
    file: string,
    header: readonly string[],
    private readonly format: TicketFormat,
    private readonly accumulator: TicketAccumulator,
    ids: TicketIdSet,
    private readonly counts: RowCounts,
    private readonly options: FileRowsOptions,
  ) {
    const layout = resolveLayout(file, header, format);
    this.filter = rowFilter(file, header, format.where);
    this.rows = new RowDecoder(file, header, layout, format, options.timeZone, accumulator, ids);
    if (isBatchable(format, layout, header.length)) {
      this.kernel = CsvKernel.create(header.length, BATCH_ROWS, N_F64_COLUMNS, N_I32_COLUMNS);
      // A ticket's rows repeat its id where the last one is kept: the ids are not checked for repeats.
      this.batch = new BatchDecoder(header.length, layout, format, this.rows.zone, accumulator, format.dedupe === 'none' ? ids : undefined, this.kernel);
    }
    this.own = this.batch?.batch ?? TicketBatch.create(BATCH_ROWS);
  }

  get isBatched(): boolean {
    return this.batch !== undefined;
  }

  /** One data record: into the batch decoder's gathering (decoded when full), or through the row decoder at once. */
  readonly add = (f: Fields): void => {
    this.counts.read(1);
    if (this.filter !== undefined) {
      const reason = this.filter(f);
      if (reason !== null) return this.counts.reject(reason, f.line);
    }
    if (this.batch === undefined) {
      if (this.decodeRow(f, this.pending)) this.pending++;
      if (this.pending === BATCH_ROWS) this.flush();
      return;
    }
    this.batch.add(f);
    if (this.batch.isFull) this.flush();
  };

  /** Decodes what the batch decoder gathered, and folds the batch. */
  readonly flush = (): void => {
    const keepLatest = this.options.keepLatest;
    if (keepLatest !== undefined && this.batch !== undefined) {
      // Every row kept in its turn (the batch's own from their bytes, each with its organisation, which the batch
      // requires; the rest through the row decoder); none folded here: the last row of each ticket is, once
      // every file is read.
      this.batch.flush(this.decodeSlow, (id, start, end, r, line) => keepLatest(id, start, end, this.own, r, true, line));
      return;
    }
    const n = this.batch === undefined ? this.pending : this.batch.flush(this.decodeSlow);
    this.pending = 0;
    if (n === 0) return;
    let folded = this.kernel?.fold(this.accumulator, n) ?? -1;
    // The kernel's fold counts; the contacts of requesters (for repeat contacts) are noted here.
    if (folded !== -1) this.accumulator.addContacts(this.own, n);
    else folded = this.accumulator.addBatch(this.own, n);
    this.counts.used(folded);
  };

  /** The scanner's fast path for plain records, where the batch takes them. */
  plainSink(): ReturnType<BatchDecoder['plainSink']> {
    return this.batch?.plainSink((k) => this.counts.read(k), this.flush);
  }

  private readonly decodeSlow = (f: Fields, r: number): void => void this.decodeRow(f, r);

  /**
   * One record through the row decoder into row r of the batch: every row of event logs, windows and --by file,
   * and the rows the batch decoder hands over. Returns whether the row is to be counted.
   */
  private decodeRow(f: Fields, r: number): boolean {
    const batch = this.own;
    let hasOrganization: boolean;
    try {
      hasOrganization = this.rows.decode(f, batch, r);
    } catch (error) {
      if (!(error instanceof InputError) || !this.options.isSkipInvalid) throw error;
      this.counts.reject(error.reason, error.location.line ?? f.line);
      return false;
    }
    const keep = this.options.keep;
    if (keep !== undefined) {
      keep(this.rows, batch, r, hasOrganization, f.line);
      batch.slow[r] = 1;
      return false;
    }
    const keepLatest = this.options.keepLatest;
    if (keepLatest !== undefined) {
      const rows = this.rows;
      keepLatest(rows.idBytes, rows.idStart, rows.idEnd, batch, r, hasOrganization, f.line);
      batch.slow[r] = 1;
      return false;
    }
    if (!hasOrganization) {
      this.counts.reject('no organization', f.line);
      return false;
    }
    if (isOutsideWindow(this.format, batch.createdUtc[r]!)) {
      this.counts.reject(OUTSIDE_WINDOW, f.line);
      batch.slow[r] = 1;
      return false;
    }
    if (!Number.isNaN(this.rows.dueUtcMs)) this.accumulator.addDueTime(batch.org[r]!, batch.channel[r]!, batch.solvedUtc[r]!, this.rows.dueUtcMs);
    return true;
  }
}

/**
 * Runs one scanner step (a chunk pushed, or the end) and decodes the rows it gathered. A malformed record
 * stops the scanner; the rows before it are decoded first, so an earlier bad row is still the one reported.
 */
function scanThenFlush(step: () => void, flush: () => void): void {
  try {
    step();
  } catch (error) {
    flush();
    throw error;
  }
  flush();
}

export interface ScanOptions {
  /** Bytes [start, end) of the file, starting at a line start; the whole file when absent. */
  range?: { start: number; end: number };
  /** After each chunk, with the scanner's bytes consumed so far. */
  onChunk?: (bytesDone: number) => void;
  /**
   * After the last chunk, before the scanner finishes (which throws for a record left open): whether the bytes
   * ended exactly between two records. A range that ends inside a quoted field is read again in order.
   */
  onEnd?: (isClean: boolean) => void;
}

/**
 * Feeds a file's chunks (or a range's) through the CSV scanner into `rows`. With `rows` a function, the first
 * record is the header and makes the file's FileRows; otherwise every record is data. Returns what the scanner
 * saw: lines consumed, bytes consumed, and the FileRows used (undefined for an empty file).
 */
export async function scanFile(
  file: string,
  rows: FileRows | ((header: Fields) => FileRows),
  options: ScanOptions = {},
): Promise<{ lines: number; bytesDone: number; rows: FileRows | undefined }> {
  let current = typeof rows === 'function' ? undefined : rows;
  const flush = (): void => current?.flush();
  const scanner = new CsvScanner(file, (f) => {
    if (current !== undefined) return current.add(f);
    current = (rows as (header: Fields) => FileRows)(f);
    const plain = current.plainSink();
    if (plain !== undefined) scanner.usePlain(plain);
  });
  if (current !== undefined) {
    const plain = current.plainSink();
    if (plain !== undefined) scanner.usePlain(plain);
  }
  for await (const chunk of readChunks(file, options.range)) {
    scanThenFlush(() => scanner.push(chunk), flush);
    options.onChunk?.(scanner.bytesDone);
  }
  options.onEnd?.(scanner.isBetweenRecords());
  scanThenFlush(() => scanner.finish(), flush);
  return { lines: scanner.linesDone(), bytesDone: scanner.bytesDone, rows: current };
}
