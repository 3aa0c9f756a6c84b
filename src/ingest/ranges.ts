// A large plain file read in ranges by several threads at once: each claims the next range until none is left,
// reads it into an accumulator of its own (file-rows.ts, as one thread reading in order would), and seals it;
// the parts are merged on this thread, and the accounting and any bad row put back at their file lines.

import { InputError } from '../errors.js';
import { TicketAccumulator, type SealedAccumulator } from '../metrics/accumulator.js';
import type { Accounting } from './accounting.js';
import { FileRows, isBatchable, scanFile } from './file-rows.js';
import type { TicketFormat } from './formats.js';
import { TicketIdSet, type TicketIdFields } from './id-set.js';
import { resolveLayout } from './layout.js';
import { readHeaderRecord } from './read-header.js';
import { recordStarts, splitPoint } from './sources.js';
import { canUseWorkers } from '../threads.js';
import { PARALLEL_MIN_BYTES, takeIngestWorker } from './worker-start.js';

/**
 * Bytes per range of a large file: the threads claim ranges in turn until none is left, so they finish within
 * about a range's time of each other (~10 ms) however the machine shares its cores between them.
 */
const RANGE_BYTES = Number(process.env.BENCHMARK_RANGE_BYTES ?? 2 * 1024 * 1024);

/** With BENCHMARK_TRACE_SPLIT set, says on stderr how each large file was read (for the tests of the split). */
function traceSplit(message: string): void {
  if (process.env.BENCHMARK_TRACE_SPLIT) process.stderr.write(`benchmark: trace: ${message}\n`);
}

/** What reading one range of a file came to; lines are the range's own (its first line is 1). */
export interface RangeOutcome {
  /** The range's number in the job. */
  index: number;
  rowsRead: number;
  rowsUsed: number;
  /** reason → [count, first line in the range] */
  rejects: [string, number, number][];
  /** Lines consumed, so the caller can turn range lines into file lines. */
  lines: number;
  /** Whether the range ended exactly between two records (its end was a record boundary). */
  isClean: boolean;
  /** The first bad row, when not skipping (line in the range); the thread claims no range after it. */
  error: { line: number | undefined; column: string | undefined; detail: string; reason: string } | null;
}

/** What one thread made of the ranges it claimed, as it crosses to the thread that merges. */
export interface RangesResult {
  accumulator: SealedAccumulator;
  /** The ticket ids of its ranges, so the caller can tell whether a ticket is in two threads' ranges. */
  ids: TicketIdFields;
  /** The ranges it read, in the order read (ascending). */
  ranges: RangeOutcome[];
}

export interface RangeJob {
  file: string;
  /** Range i is bytes [bounds[i], bounds[i + 1]) of the file; each starts at a line start and holds no header. */
  bounds: number[];
  /** The number of the next range to claim (shared by the threads, taken with Atomics.add). */
  next: Int32Array;
  header: string[];
  format: TicketFormat;
  isSkipInvalid: boolean;
  timeZone: string | undefined;
}

/**
 * Claims ranges of a plain file in turn (with the other threads reading the same job) and reads each into one
 * fresh accumulator, until none is left or a range has a bad row (when not skipping: no later range matters).
 * Run by the main thread and by the worker; returns the accumulator sealed, with the buffers that move when it
 * is posted to another thread. `onChunk` hears of each chunk read (for progress).
 */
export async function readRanges(job: RangeJob, onChunk?: (rows: number) => void): Promise<{ result: RangesResult; transfer: ArrayBuffer[]; accumulator: TicketAccumulator }> {
  const accumulator = new TicketAccumulator({ isCalendarTime: job.format.isCalendarTime });
  const ids = new TicketIdSet();
  const ranges: RangeOutcome[] = [];
  let range!: RangeOutcome;
  let rejects = new Map<string, [string, number, number]>();
  let rowsRead = 0;
  const counts = {
    read: (n: number): void => void (range.rowsRead += n),
    used: (n: number): void => void (range.rowsUsed += n),
    reject: (reason: string, line: number): void => {
      const entry = rejects.get(reason);
      if (entry) entry[1]++;
      else rejects.set(reason, [reason, 1, line]);
    },
  };
  const rows = new FileRows(job.file, job.header, job.format, accumulator, ids, counts, { isSkipInvalid: job.isSkipInvalid, timeZone: job.timeZone });
  // Ranges are only ever parts of a plain export (event logs are read whole), which has a batch decoder.
  if (!rows.isBatched) throw new Error('internal: ranges of an event log');
  const nRanges = job.bounds.length - 1;
  let isFirstChunk = true;
  for (;;) {
    const index = Atomics.add(job.next, 0, 1);
    if (index >= nRanges) break;
    range = { index, rowsRead: 0, rowsUsed: 0, rejects: [], lines: 0, isClean: true, error: null };
    rejects = new Map();
    const [start, end] = [job.bounds[index]!, job.bounds[index + 1]!];
    try {
      const scan = await scanFile(job.file, rows, {
        range: { start, end },
        onChunk: (bytesDone) => {
          onChunk?.(rowsRead + range.rowsRead);
          // This thread's share of the rows left, at the rate of its first chunk.
          if (isFirstChunk && range.rowsRead > 0) accumulator.expectRows((1.1 * ((job.bounds[nRanges]! - end) / 2 + (end - start - bytesDone)) * range.rowsRead) / bytesDone);
          isFirstChunk = false;
        },
        onEnd: (isClean) => void (range.isClean = isClean),
      });
      range.lines = scan.lines;
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      range.error = { line: error.location.line, column: error.location.column, detail: error.detail, reason: error.reason };
    }
    range.rejects = [...rejects.values()];
    rowsRead += range.rowsRead;
    ranges.push(range);
    if (range.error !== null) {
      // No range after this one matters: the others claim no more.
      Atomics.store(job.next, 0, nRanges);
      break;
    }
  }
  // What goes to the caller holds nothing of the kernel's memory.
  ids.release();
  const { sealed, transfer } = accumulator.sealForTransfer();
  const idFields = ids.fields();
  return { result: { accumulator: sealed, ids: idFields, ranges }, transfer: [...transfer, idFields.bits.buffer], accumulator };
}

/** Hands a file's ranges to a worker (started early when the command guessed it would be needed), to claim with this thread. */
function startRangeWorker(job: RangeJob): { result: Promise<RangesResult>; stop: () => void } {
  const worker = takeIngestWorker();
  const result = new Promise<RangesResult>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  worker.postMessage(job);
  return { result, stop: () => void worker.terminate() };
}

export interface RangeRead {
  file: string;
  size: number;
  nThreads: number;
  /** The run's accumulator, when a file was read before this one. */
  accumulator: TicketAccumulator | undefined;
  ids: TicketIdSet;
  accounting: Accounting;
  formatFor: (file: string, header: readonly string[]) => TicketFormat;
  isSkipInvalid: boolean;
  timeZone: string | undefined;
  onProgress: ((file: string, bytes: number, rows: number) => void) | undefined;
}

/**
 * A large plain file read in ranges by this thread and workers at once (one for each other thread: nThreads;
 * event logs, whose rows supersede each other in order, are read whole): each thread claims the next range
 * until none is left, into an accumulator of its own, and seals what it gathered; they are then merged here.
 * Returns the run's accumulator with the file in it, and its format's name; or undefined, having added nothing,
 * when the file must be read in order on this thread instead: a range that ended inside a quoted field (a line
 * break in a value at a range's end), or a ticket id in two threads' ranges (so that the repeat is found at its
 * line). A bad row (when not skipping) is thrown at its line, as one thread reading in order would find it.
 */
export async function readInRanges(read: RangeRead): Promise<{ accumulator: TicketAccumulator; format: string } | undefined> {
  const { file, size, nThreads, ids, accounting } = read;
  if (!canUseWorkers || nThreads < 2 || size < PARALLEL_MIN_BYTES) return undefined;
  const record = await readHeaderRecord(file);
  // The header must be the first line, whole (no blank line before it, no line break in a quoted name), so that
  // the data starts after the first line end.
  if (record === undefined || record.line !== 1 || record.endLine !== 1) return undefined;
  const header = record.cells;
  if (header.some((cell) => /[\u0000\ufffd]/.test(cell))) return undefined;
  const format = read.formatFor(file, header);
  // Rows that supersede each other (dedupe last-by-id) are read in order.
  if (format.dedupe !== 'none' || !isBatchable(format, resolveLayout(file, header, format), header.length)) return undefined;
  const headerEnd = splitPoint(file, size, 0);
  const targets: number[] = [];
  for (let at = headerEnd + RANGE_BYTES; at < size; at += RANGE_BYTES) targets.push(at);
  const bounds = [headerEnd];
  // Range starts at record starts: past the line breaks inside quoted values (free text).
  for (const point of [...recordStarts(file, size, targets, header.length), size]) if (point > bounds[bounds.length - 1]!) bounds.push(point);
  if (bounds.length < 3) return undefined;
  const job: RangeJob = { file, bounds, next: new Int32Array(new SharedArrayBuffer(4)), header, format, isSkipInvalid: read.isSkipInvalid, timeZone: read.timeZone };
  // A worker for each thread beside this one (the first started early), never more than the ranges.
  const nWorkers = Math.max(1, Math.min(nThreads - 1, bounds.length - 2));
  traceSplit(`${file}: ${bounds.length - 1} ranges for ${nWorkers + 1} threads`);
  const workers = Array.from({ length: nWorkers }, () => startRangeWorker(job));
  let here: RangesResult;
  let hereAccumulator: TicketAccumulator;
  let theirs: RangesResult[];
  try {
    // Progress: the bytes up to the ranges claimed so far (the last bound is the file's size).
    ({ result: here, accumulator: hereAccumulator } = await readRanges(job, (rows) => read.onProgress?.(file, bounds[Math.min(Atomics.load(job.next, 0), bounds.length - 1)]!, accounting.rowsRead + rows)));
    theirs = await Promise.all(workers.map((worker) => worker.result));
  } finally {
    for (const worker of workers) worker.stop();
  }
  const threads = [here, ...theirs];
  const outcomes = threads.flatMap((thread) => thread.ranges).sort((a, b) => a.index - b.index);
  // Every range up to the first with a bad row (or all of them) was read, each ending between records.
  const last = outcomes.findIndex((range) => range.error !== null);
  const done = last === -1 ? outcomes : outcomes.slice(0, last + 1);
  const isWhole = done.every((range, i) => range.index === i) && (last !== -1 || done.length === bounds.length - 1);
  const isClean = done.every((range) => range.isClean || range.index === bounds.length - 2);
  if (!isWhole) throw new Error('internal: a range was not read');
  // A ticket id in two threads' ranges (or in a file read before).
  const sets = threads.map((thread) => TicketIdSet.from(thread.ids));
  const isShared = threads.some((thread, t) => ids.overlaps(thread.ids) || threads.slice(t + 1).some((other) => sets[t]!.overlaps(other.ids)));
  if (!isClean || isShared) {
    traceSplit(`${file}: the ranges dropped, read in order`);
    return undefined;
  }
  // File lines: the header, then each range's lines in turn.
  let offset = 1;
  let rows = 0;
  for (const range of done) {
    if (range.error !== null) throw new InputError({ file, line: range.error.line === undefined ? undefined : range.error.line + offset, column: range.error.column }, range.error.detail, range.error.reason);
    rows += range.rowsRead;
    accounting.rowsRead += range.rowsRead;
    accounting.rowsUsed += range.rowsUsed;
    for (const [reason, count, line] of range.rejects) accounting.rejectMany(reason, count, `${file}:${line + offset}`);
    offset += range.lines;
  }
  // This thread's accumulator is the run's when no file was read before; else it is merged in too.
  const accumulator = read.accumulator ?? hereAccumulator;
  for (const thread of threads) {
    if (thread !== here || accumulator !== hereAccumulator) accumulator.mergeFrom(thread.accumulator);
    ids.addAll(thread.ids);
  }
  traceSplit(`${file}: the ranges merged (this thread ${here.ranges.length}, the worker${nWorkers > 1 ? 's' : ''} ${theirs.map((thread) => thread.ranges.length).join(', ')})`);
  read.onProgress?.(file, size, accounting.rowsRead);
  if (rows === 0) throw new InputError({ file, line: 1 }, 'the file has a header but no data rows', 'header only');
  return { accumulator, format: format.name };
}
