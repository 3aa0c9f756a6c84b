// Ticket ingest: one pass over each export's bytes, each row decoded, validated and folded into the accumulators.

import { InputError, UsageError, quoteFound } from '../errors.js';
import { CHANNEL_INDEX, Rated, TicketAccumulator, type Ticket } from '../metrics/accumulator.js';
import { didYouMean } from '../suggest.js';
import { Accounting } from './accounting.js';
import { BATCH_INTERNED_COLUMNS, BATCH_NUMBER_COLUMNS, BATCH_ROWS, BatchDecoder } from './batch-decoder.js';
import { BytesTable, CellTextError, dateFromBytes, decimalFromBytes, isOneOf, textProblem, type DateOut } from './bytes.js';
import { channelNormaliser, type Channel } from './channels.js';
import { CsvKernel } from './csv-kernel.js';
import { CsvScanner, type Fields } from './csv-scanner.js';
import { DATE_EXAMPLES, DATE_RANGE, TimeZone, parseDate } from './dates.js';
import { TICKET_FIELDS, type TicketField } from './fields.js';
import { isOutsideWindow, OUTSIDE_WINDOW, type TicketFormat } from './formats.js';
import { availableParallelism } from 'node:os';
import { canUseWorkers, PARALLEL_MIN_BYTES, takeIngestWorker } from './worker-start.js';
import { readHeaderRecord } from './read-header.js';
import { knownSize, readChunks, splitPoint, splitPoints } from './sources.js';
import { TicketIdSet } from './id-set.js';
import { parseHoursToMinutes, parseNumber, parseRating } from './values.js';

export interface TicketIngestOptions {
  /** Picks the format of a file from its header (a forced preset or mapping ignores the header's look). */
  formatFor: (file: string, header: readonly string[]) => TicketFormat;
  isSkipInvalid: boolean;
  /** Time zone for timestamps without an offset (--tz); overrides the mapping file's. */
  timeZone?: string;
  /** Called as bytes are consumed, for progress. */
  onProgress?: (file: string, bytes: number, rows: number) => void;
  /** Threads for a large plain file (this one and nThreads − 1 workers share its ranges); default the cores available. */
  nThreads?: number;
}

/**
 * Bytes per range of a large file: the threads claim ranges in turn until none is left, so they finish within
 * about a range's time of each other (~10 ms) however the machine shares its cores between them.
 */
const RANGE_BYTES = Number(process.env.BENCHMARK_RANGE_BYTES ?? 2 * 1024 * 1024);

/**
 * After a file's first chunk: room in the accumulator for the rows the `left` bytes still to read will hold at
 * the rate of the first chunk (`done` bytes, `rows` rows), a tenth more for rows shorter than those.
 */
function expectRowsOf(accumulator: TicketAccumulator, left: number, done: number, rows: number): void {
  accumulator.expectRows((1.1 * left * rows) / done);
}

/** With BENCHMARK_TRACE_SPLIT set, says on stderr how each large file was read (for the tests of the split). */
function traceSplit(message: string): void {
  if (process.env.BENCHMARK_TRACE_SPLIT) process.stderr.write(`benchmark: trace: ${message}\n`);
}

/** Hands a file's ranges to a worker (started early when the command guessed it would be needed), to claim with this thread. */
function startRangeWorker(job: RangeJob): { result: Promise<RangesResult>; stop: () => void } {
  const worker = takeIngestWorker();
  const result = new Promise<RangesResult>((resolve, reject) => {
    // The accumulator arrives as its fields (the merge reads only those); the id set is made a set again.
    worker.once('message', (fields: RangesResult) => resolve({ ...fields, ids: TicketIdSet.from(fields.ids) }));
    worker.once('error', reject);
  });
  worker.postMessage(job);
  return { result, stop: () => void worker.terminate() };
}

export interface TicketIngest {
  accumulator: TicketAccumulator;
  accounting: Accounting;
  /** The format each file was read with, in input order. */
  formats: { file: string; format: string }[];
}

/** Column indexes of one file's fields; -1 where the file lacks the field. */
export type Layout = Record<TicketField, number>;

const REQUIRED: readonly TicketField[] = ['organization', 'created_at'];

export function resolveLayout(file: string, header: readonly string[], format: TicketFormat): Layout {
  const lower = header.map((h) => h.trim().toLowerCase());
  const layout = {} as Layout;
  for (const field of TICKET_FIELDS) {
    const candidates = format.columns[field] ?? [];
    layout[field] = -1;
    for (const name of candidates) {
      const wanted = name.trim().toLowerCase();
      const index = lower.indexOf(wanted);
      if (index !== -1) {
        const again = lower.indexOf(wanted, index + 1);
        if (again !== -1) {
          throw new InputError({ file, line: 1 }, `the column "${header[index]!.trim()}" appears twice in the header (columns ${index + 1} and ${again + 1}): which one holds ${field} is ambiguous; rename one`, 'duplicate column');
        }
        layout[field] = index;
        break;
      }
    }
  }
  for (const field of REQUIRED) {
    if (field === 'organization' && format.constantOrganization !== undefined) continue;
    if (layout[field] === -1) {
      const wanted = format.columns[field]?.[0] ?? field;
      const what = wanted === field ? `the required column "${field}"` : `the column "${wanted}" that holds ${field}`;
      throw new InputError({ file, line: 1 }, `missing ${what} (${format.name} format)${didYouMean(wanted, header)}; found: ${summariseHeader(header)}`, 'missing column');
    }
  }
  if (format.dedupe === 'last-by-id' && layout.ticket_id === -1) {
    throw new UsageError(`${file}: dedupe "last-by-id" needs a ticket id column (${format.columns.ticket_id?.[0] ?? 'ticket_id'}), which the header lacks`);
  }
  return layout;
}

/** A header cell that is not text (invalid UTF-8, NUL) is bad input at line 1, naming the column's position. */
export function checkHeaderText(file: string, f: Fields): void {
  for (let j = 0; j < f.count; j++) {
    const problem = textProblem(f.bytes, f.starts[j]!, f.ends[j]!);
    if (problem !== null) throw new InputError({ file, line: f.line }, `header column ${j + 1}: expected text, got ${problem}`, 'not text');
  }
}

function summariseHeader(header: readonly string[]): string {
  const shown = header.slice(0, 12).map((h) => quoteFound(h, 40)).join(', ');
  return header.length > 12 ? `${shown}, … (${header.length} columns)` : shown;
}

const OTHER_CHANNEL = { channel: 'other' as Channel, index: CHANNEL_INDEX.other };
const SPACE = 0x20;
const TAB = 0x09;
const encoder = new TextEncoder();

/**
 * Decodes rows of one file into tickets, reading plain cells straight from the bytes and falling back to the
 * string parsers (which word the errors) for anything unusual. Throws InputError with line and column.
 */
export class RowDecoder {
  private readonly missingTokens: Uint8Array[];
  private readonly missingTexts: Set<string>;
  readonly zone: TimeZone | undefined;
  private readonly organizations: BytesTable<{ name: string; id: number }>;
  /** Every row's organisation when the unit is the file (--by file). */
  private readonly constantOrg: { name: string; id: number } | undefined;
  private readonly assignees: BytesTable<number>;
  private readonly ids: TicketIdSet | undefined;
  private readonly channels: BytesTable<{ channel: Channel; index: number }>;
  private readonly ratings = new BytesTable<Rated | -1>((text) => {
    const rating = parseRating(text);
    return rating === undefined ? -1 : rating === 'good' ? Rated.good : rating === 'bad' ? Rated.bad : Rated.unrated;
  });
  private readonly date: DateOut = { utcMs: 0, localMs: 0 };
  // Trimmed range of the current cell.
  private s = 0;
  private e = 0;

  constructor(
    private readonly file: string,
    private readonly header: readonly string[],
    private readonly layout: Layout,
    private readonly format: TicketFormat,
    timeZone: string | undefined,
    orgId: (name: string) => number,
    agentId: (name: string) => number,
    /** Ticket ids seen so far (across files), for exports that hold each ticket once. */
    ids?: TicketIdSet,
  ) {
    // Event logs hold several rows per ticket: their ids are not checked for repeats.
    this.ids = format.dedupe === 'none' ? ids : undefined;
    this.organizations = new BytesTable((text) => {
      const name = text.trim();
      return { name, id: name === '' ? -1 : orgId(name) };
    });
    this.constantOrg = format.constantOrganization === undefined ? undefined : { name: format.constantOrganization, id: orgId(format.constantOrganization) };
    this.missingTexts = new Set(['', ...format.missing]);
    this.missingTokens = format.missing.map((token) => encoder.encode(token));
    const zoneName = timeZone ?? format.timeZone;
    this.zone = zoneName === undefined ? undefined : new TimeZone(zoneName);
    const normalise = channelNormaliser(format.channels);
    this.channels = new BytesTable((text) => {
      const channel = normalise(this.missingTexts.has(text.trim()) ? '' : text);
      return { channel, index: CHANNEL_INDEX[channel] };
    });
    this.assignees = new BytesTable((text) => (text.trim() === '' ? -1 : agentId(text.trim())));
  }

  /** Sets s..e to the cell's trimmed bytes; false when the column is absent or the cell is empty or a missing token. */
  private locate(f: Fields, field: TicketField): boolean {
    const index = this.layout[field];
    if (index === -1 || index >= f.count) return false;
    let s = f.starts[index]!;
    let e = f.ends[index]!;
    const bytes = f.bytes;
    while (s < e && (bytes[s] === SPACE || bytes[s] === TAB)) s++;
    while (e > s && (bytes[e - 1] === SPACE || bytes[e - 1] === TAB)) e--;
    if (s === e || isOneOf(bytes, s, e, this.missingTokens)) return false;
    this.s = s;
    this.e = e;
    return true;
  }

  private text(f: Fields, field: TicketField): string {
    return f.text(this.layout[field]);
  }

  private fail(f: Fields, field: TicketField, detail: string, reason: string): never {
    throw new InputError({ file: this.file, line: f.line, column: this.header[this.layout[field]] }, detail, reason);
  }

  /** Reads a date cell into this.date. */
  private readDate(f: Fields, field: TicketField): void {
    const index = this.layout[field];
    if (f.quoting[index] !== 2 && dateFromBytes(f.bytes, this.s, this.e, this.format.dateFormat, this.zone, this.date)) return;
    const text = this.text(f, field).trim();
    const parsed = parseDate(text, this.format.dateFormat, this.zone);
    if (typeof parsed === 'string') {
      const isRange = parsed === 'out of range';
      this.fail(
        f,
        field,
        `expected a date like ${DATE_EXAMPLES[this.format.dateFormat]}${isRange ? ` within range (${DATE_RANGE})` : ''}, got ${quoteFound(text)}`,
        isRange ? 'date out of range' : 'unparseable date',
      );
    }
    this.date.utcMs = parsed.utcMs;
    this.date.localMs = parsed.localMs;
  }

  private count(f: Fields, field: TicketField): number {
    if (!this.locate(f, field)) return NaN;
    let value = decimalFromBytes(f.bytes, this.s, this.e);
    if (Number.isNaN(value)) value = parseNumber(this.text(f, field));
    if (Number.isNaN(value) || value < 0) this.fail(f, field, `expected a count ≥ 0, got ${quoteFound(this.text(f, field))}`, 'not a number');
    return value;
  }

  private duration(f: Fields, field: TicketField): number {
    if (!this.locate(f, field)) return NaN;
    let minutes: number;
    if (this.format.durationUnit === 'hours') {
      const hours = decimalFromBytes(f.bytes, this.s, this.e);
      minutes = Number.isNaN(hours) ? parseHoursToMinutes(this.text(f, field)) : hours * 60;
    } else {
      minutes = decimalFromBytes(f.bytes, this.s, this.e);
      if (Number.isNaN(minutes)) minutes = parseNumber(this.text(f, field));
    }
    if (Number.isNaN(minutes)) {
      const expected = this.format.durationUnit === 'hours' ? 'hours as HH:MM:SS or a decimal' : 'a number of minutes';
      this.fail(f, field, `expected ${expected}, got ${quoteFound(this.text(f, field))}`, 'not a number');
    }
    if (minutes < 0) this.fail(f, field, `expected a duration ≥ 0, got ${quoteFound(this.text(f, field))}`, 'negative duration');
    return minutes;
  }

  /** Fills `t` from the record. Returns false (no error) when the row has no organisation. */
  decode(f: Fields, t: Ticket): boolean {
    if (f.count !== this.header.length) {
      throw new InputError({ file: this.file, line: f.line }, `expected ${this.header.length} fields as in the header, found ${f.count}`, 'wrong number of fields');
    }
    if (!this.locate(f, 'created_at')) this.fail(f, 'created_at', 'expected a creation date, got an empty value', 'missing creation date');
    this.readDate(f, 'created_at');
    t.createdUtcMs = this.date.utcMs;
    t.createdLocalMs = this.date.localMs;

    let solvedUtcMs = NaN;
    t.solvedLocalMs = NaN;
    if (this.locate(f, 'solved_at')) {
      this.readDate(f, 'solved_at');
      solvedUtcMs = this.date.utcMs;
      t.solvedLocalMs = this.date.localMs;
    }
    let resolution = this.duration(f, 'full_resolution_minutes');
    if (Number.isNaN(resolution) && !Number.isNaN(solvedUtcMs)) {
      resolution = (solvedUtcMs - t.createdUtcMs) / 60_000;
      if (resolution < 0) {
        const solved = this.text(f, 'solved_at').trim();
        const created = this.text(f, 'created_at').trim();
        this.fail(f, 'solved_at', `solved before created: ${quoteFound(solved)} is earlier than ${quoteFound(created)}`, 'solved before created');
      }
    }
    t.resolutionMinutes = resolution;
    t.firstReplyMinutes = this.duration(f, 'first_reply_minutes');

    let rating: Rated | -1 = Rated.unrated;
    if (this.locate(f, 'satisfaction')) {
      rating = this.intern(f, 'satisfaction', this.ratings);
      if (rating === -1) {
        this.fail(f, 'satisfaction', `expected Good, Bad, Offered, Not Offered or a 1–5 rating, got ${quoteFound(this.text(f, 'satisfaction'))}`, 'unknown satisfaction value');
      }
    }
    t.rating = rating;
    t.replies = this.count(f, 'replies');
    t.reopens = this.count(f, 'reopens');
    t.assigneeId = this.locate(f, 'assignee') ? this.intern(f, 'assignee', this.assignees) : -1;
    t.id = this.format.dedupe === 'last-by-id' && this.locate(f, 'ticket_id') ? this.text(f, 'ticket_id').trim() : '';
    const channel = this.locate(f, 'channel') ? this.intern(f, 'channel', this.channels) : OTHER_CHANNEL;
    t.channel = channel.channel;
    t.channelIndex = channel.index;
    const org = this.constantOrg ?? (this.locate(f, 'organization') ? this.intern(f, 'organization', this.organizations) : undefined);
    t.organization = org?.name ?? '';
    t.orgId = org?.id ?? -1;
    if (this.ids !== undefined && this.locate(f, 'ticket_id') && !this.ids.add(f.bytes, this.s, this.e, () => this.text(f, 'ticket_id').trim())) {
      this.fail(
        f,
        'ticket_id',
        `ticket ${quoteFound(this.text(f, 'ticket_id').trim())} appears a second time: an export holds each ticket once (for an event log with a row per update, use a mapping file with "dedupe": "last-by-id")`,
        'duplicate ticket id',
      );
    }
    return t.orgId !== -1;
  }

  /** The located cell through an interning table (quoted cells with escapes are decoded first). */
  private intern<T>(f: Fields, field: TicketField, table: BytesTable<T>): T {
    try {
      if (f.quoting[this.layout[field]] === 2) {
        const bytes = encoder.encode(this.text(f, field).trim());
        const index = this.layout[field];
        const problem = textProblem(f.bytes, f.starts[index]!, f.ends[index]!);
        if (problem !== null) throw new CellTextError(problem);
        return table.get(bytes, 0, bytes.length);
      }
      return table.get(f.bytes, this.s, this.e);
    } catch (error) {
      if (!(error instanceof CellTextError)) throw error;
      this.fail(f, field, `expected text, got ${error.message} in ${quoteFound(this.text(f, field).trim())}`, 'not text');
    }
  }
}

export function blankTicket(): Ticket {
  return {
    id: '',
    organization: '',
    orgId: -1,
    channel: 'other',
    channelIndex: OTHER_CHANNEL.index,
    createdUtcMs: NaN,
    createdLocalMs: NaN,
    solvedLocalMs: NaN,
    firstReplyMinutes: NaN,
    resolutionMinutes: NaN,
    rating: Rated.unrated,
    replies: NaN,
    reopens: NaN,
    assigneeId: -1,
  };
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

/** A bad row as a range's outcome holds it (to go to another thread). */
function outcomeOf(error: InputError): NonNullable<RangeOutcome['error']> {
  return { line: error.location.line, column: error.location.column, detail: error.detail, reason: error.reason };
}

/** What one thread made of the ranges it claimed, for the caller to merge. */
export interface RangesResult {
  accumulator: TicketAccumulator;
  /** The ticket ids of its ranges, so the caller can tell whether a ticket is in two threads' ranges. */
  ids: TicketIdSet;
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
 * Run by the main thread and by the worker. `onChunk` hears of each chunk read (for progress).
 */
export async function readRanges(job: RangeJob, onChunk?: (rows: number) => void): Promise<RangesResult> {
  const accumulator = new TicketAccumulator({ isCalendarTime: job.format.isCalendarTime });
  const ids = new TicketIdSet();
  const { rows: decoder, batch } = decodersFor(job.file, job.header, job.format, job.timeZone, accumulator, ids);
  // Ranges are only ever parts of a plain export (event logs are read whole), which has a batch decoder.
  if (batch === undefined) throw new Error('internal: ranges of an event log');
  const ticket = blankTicket();
  const ranges: RangeOutcome[] = [];
  let range!: RangeOutcome;
  let rejects = new Map<string, [string, number, number]>();
  let rowsRead = 0;
  const reject = (reason: string, line: number): void => {
    const entry = rejects.get(reason);
    if (entry) entry[1]++;
    else rejects.set(reason, [reason, 1, line]);
  };
  const useRow = (t: Ticket): void => {
    range.rowsUsed++;
    accumulator.add(t);
  };
  const useRecord = (f: Fields): void => {
    try {
      if (!decoder.decode(f, ticket)) {
        reject('no organization', f.line);
        return;
      }
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      if (!job.isSkipInvalid) {
        range.error ??= outcomeOf(error);
        throw error;
      }
      reject(error.reason, error.location.line ?? f.line);
      return;
    }
    useRow(ticket);
  };
  const useFolded = (k: number): void => void (range.rowsUsed += k);
  const flush = (): void => batch.flush(ticket, useRow, useRecord, useFolded);
  const nRanges = job.bounds.length - 1;
  let isFirstChunk = true;
  for (;;) {
    const index = Atomics.add(job.next, 0, 1);
    if (index >= nRanges) break;
    range = { index, rowsRead: 0, rowsUsed: 0, rejects: [], lines: 0, isClean: true, error: null };
    rejects = new Map();
    const [start, end] = [job.bounds[index]!, job.bounds[index + 1]!];
    const scanner = new CsvScanner(
      job.file,
      (f) => {
        range.rowsRead++;
        batch.add(f);
        if (batch.isFull) flush();
      },
      batch.plainSink((k) => (range.rowsRead += k), flush),
    );
    try {
      for await (const chunk of readChunks(job.file, { start, end })) {
        scanThenFlush(() => scanner.push(chunk), flush);
        onChunk?.(rowsRead + range.rowsRead);
        // This thread's share of the rows left, at the rate of its first chunk.
        if (isFirstChunk && range.rowsRead > 0) expectRowsOf(accumulator, (job.bounds[nRanges]! - end) / 2 + (end - start - scanner.bytesDone), scanner.bytesDone, range.rowsRead);
        isFirstChunk = false;
      }
      range.isClean = scanner.isBetweenRecords();
      scanThenFlush(() => scanner.finish(), flush);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      range.error ??= outcomeOf(error);
    }
    range.lines = scanner.linesDone();
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
  accumulator.releaseCounts();
  ids.release();
  return { accumulator, ids, ranges };
}

/**
 * A large plain file read in ranges by this thread and workers at once (one for each other thread: nThreads;
 * event logs, whose rows supersede each other in order, are read whole): each thread claims the next range
 * until none is left, into an accumulator of its own, and sorts what it gathered; they are then merged here. Returns false, having added nothing, when
 * the file must be read in order on this thread instead: a range that ended inside a quoted field (a line
 * break in a value at a range's end), or a ticket id in two threads' ranges (so that the repeat is found at its
 * line). A bad row (when not skipping) is thrown at its line, as one thread reading in order would find it.
 */
async function readInRanges(
  file: string,
  size: number,
  nThreads: number,
  /** The run's accumulator; `fresh` becomes it when there is none yet. */
  accumulatorOf: (fresh: TicketAccumulator) => TicketAccumulator,
  ids: TicketIdSet,
  accounting: Accounting,
  formats: { file: string; format: string }[],
  options: TicketIngestOptions,
): Promise<boolean> {
  if (!canUseWorkers || nThreads < 2 || size < PARALLEL_MIN_BYTES) return false;
  const record = await readHeaderRecord(file);
  // The header must be the first line, whole (no blank line before it, no line break in a quoted name), so that
  // the data starts after the first line end.
  if (record === undefined || record.line !== 1 || record.endLine !== 1) return false;
  const header = record.cells;
  if (header.some((cell) => /[\u0000\ufffd]/.test(cell))) return false;
  const format = options.formatFor(file, header);
  if (!isBatchable(format, header.length)) return false;
  resolveLayout(file, header, format);
  const headerEnd = splitPoint(file, size, 0);
  const targets: number[] = [];
  for (let at = headerEnd + RANGE_BYTES; at < size; at += RANGE_BYTES) targets.push(at);
  const bounds = [headerEnd];
  for (const point of [...splitPoints(file, size, targets), size]) if (point > bounds[bounds.length - 1]!) bounds.push(point);
  if (bounds.length < 3) return false;
  const job: RangeJob = { file, bounds, next: new Int32Array(new SharedArrayBuffer(4)), header, format, isSkipInvalid: options.isSkipInvalid, timeZone: options.timeZone };
  // A worker for each thread beside this one (the first started early), never more than the ranges.
  const nWorkers = Math.max(1, Math.min(nThreads - 1, bounds.length - 2));
  traceSplit(`${file}: ${bounds.length - 1} ranges for ${nWorkers + 1} threads`);
  const workers = Array.from({ length: nWorkers }, () => startRangeWorker(job));
  let here: RangesResult;
  let theirs: RangesResult[];
  try {
    // Progress: the bytes up to the ranges claimed so far (the last bound is the file's size).
    here = await readRanges(job, (rows) => options.onProgress?.(file, bounds[Math.min(Atomics.load(job.next, 0), bounds.length - 1)]!, accounting.rowsRead + rows));
    here.accumulator.seal();
    theirs = await Promise.all(workers.map((worker) => worker.result));
  } finally {
    for (const worker of workers) worker.stop();
  }
  const threads = [here, ...theirs];
  const outcomes = threads.flatMap((thread) => thread.ranges).sort((a, b) => a.index - b.index);
  // Every range up to the first with a bad row (or all of them) was read, each ending between records.
  const last = outcomes.findIndex((range) => range.error !== null);
  const read = last === -1 ? outcomes : outcomes.slice(0, last + 1);
  const isWhole = read.every((range, i) => range.index === i) && (last !== -1 || read.length === bounds.length - 1);
  const isClean = read.every((range) => range.isClean || range.index === bounds.length - 2);
  if (!isWhole) throw new Error('internal: a range was not read');
  // A ticket id in two threads' ranges (or in a file read before).
  const isShared = threads.some((thread, t) => ids.overlaps(thread.ids) || threads.slice(t + 1).some((other) => thread.ids.overlaps(other.ids)));
  if (!isClean || isShared) {
    traceSplit(`${file}: the ranges dropped, read in order`);
    return false;
  }
  // File lines: the header, then each range's lines in turn.
  let offset = 1;
  let rows = 0;
  for (const range of read) {
    if (range.error !== null) throw new InputError({ file, line: range.error.line === undefined ? undefined : range.error.line + offset, column: range.error.column }, range.error.detail, range.error.reason);
    rows += range.rowsRead;
    accounting.rowsRead += range.rowsRead;
    accounting.rowsUsed += range.rowsUsed;
    for (const [reason, count, line] of range.rejects) accounting.rejectMany(reason, count, `${file}:${line + offset}`);
    offset += range.lines;
  }
  formats.push({ file, format: format.name });
  // This thread's accumulator is the whole run's when nothing was read before; else it is merged in too.
  const accumulator = accumulatorOf(here.accumulator);
  for (const thread of threads) {
    if (thread.accumulator !== accumulator) accumulator.mergeFrom(thread.accumulator);
    ids.addAll(thread.ids);
  }
  traceSplit(`${file}: the ranges merged (this thread ${here.ranges.length}, the worker${nWorkers > 1 ? 's' : ''} ${theirs.map((thread) => thread.ranges.length).join(', ')})`);
  options.onProgress?.(file, size, accounting.rowsRead);
  if (rows === 0) throw new InputError({ file, line: 1 }, 'the file has a header but no data rows', 'header only');
  return true;
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

/**
 * The decoders of one file: the row decoder, and — except for event logs, whose rows supersede each other in
 * order and go one by one — the batch decoder, sharing the accumulator's numbering and the ticket ids.
 */
/**
 * Whether a format's rows may take the batch path (and the kernel and ranges behind it): plain exports whose
 * organisation is a column and that keep every row. Event logs, a constant organisation (--by file) and a window
 * (--from/--to) go row by row, through the row decoder.
 */
function isBatchable(format: TicketFormat, nColumns: number): boolean {
  return format.dedupe === 'none' && format.constantOrganization === undefined && format.window === undefined && nColumns * (BATCH_ROWS + 1) <= MAX_BATCH_FIELDS;
}

/**
 * Field slots a batch may hold (its starts and ends, in JavaScript and in the kernel's memory: 8 bytes each):
 * a header far wider than any real export (hundreds of thousands of columns) is read row by row instead.
 */
const MAX_BATCH_FIELDS = 16 * 1024 * 1024;

function decodersFor(
  file: string,
  header: readonly string[],
  format: TicketFormat,
  timeZone: string | undefined,
  accumulator: TicketAccumulator,
  ids: TicketIdSet,
): { rows: RowDecoder; batch: BatchDecoder | undefined } {
  const layout = resolveLayout(file, header, format);
  const orgId = (name: string): number => accumulator.orgId(name);
  const agentId = (name: string): number => accumulator.agentId(name);
  const rows = new RowDecoder(file, header, layout, format, timeZone, orgId, agentId, ids);
  const kernel = isBatchable(format, header.length) ? CsvKernel.create(header.length, BATCH_ROWS, BATCH_NUMBER_COLUMNS, BATCH_INTERNED_COLUMNS) : undefined;
  const fold = kernel === undefined ? undefined : (n: number): number => kernel.fold(accumulator, n);
  const batch = isBatchable(format, header.length) ? new BatchDecoder(header.length, layout, format, rows.zone, orgId, agentId, ids, kernel, fold) : undefined;
  return { rows, batch };
}

/**
 * Reads ticket exports into per-organisation accumulators in one streaming pass per file; the same
 * organisation in several files is one organisation. A bad row stops the run with an InputError unless
 * `isSkipInvalid`, in which case it is counted by reason. Rows without an organisation, and event-log rows
 * superseded by a later row of the same ticket, are counted as rejects too.
 */
export async function ingestTickets(files: readonly string[], options: TicketIngestOptions): Promise<TicketIngest> {
  const accounting = new Accounting();
  const formats: { file: string; format: string }[] = [];
  let accumulator: TicketAccumulator | undefined;
  // For event logs: the latest row per ticket id, folded in once every file is read.
  const latest = new Map<string, { ticket: Ticket; where: string; format: TicketFormat }>();
  // Without dedupe one ticket object is reused for every row: the accumulators copy what they keep.
  const scratch = blankTicket();

  const nThreads = options.nThreads ?? availableParallelism();
  const ids = new TicketIdSet();
  for (const file of files) {
    let decoder: RowDecoder | undefined;
    let batch: BatchDecoder | undefined;
    let format: TicketFormat | undefined;
    let nData = 0;
    const size = knownSize(file);
    const accumulatorOf = (fresh: TicketAccumulator): TicketAccumulator => (accumulator ??= fresh);
    if (size !== undefined && (await readInRanges(file, size, nThreads, accumulatorOf, ids, accounting, formats, options))) continue;
    const useRow = (t: Ticket): void => {
      accounting.rowsUsed++;
      accumulator!.add(t);
    };
    /** One record through the row decoder: event-log rows, and plain-file rows the batch hands over. */
    const useRecord = (f: Fields): void => {
      const isDedupe = format!.dedupe === 'last-by-id';
      const ticket = isDedupe ? blankTicket() : scratch;
      let hasOrganization: boolean;
      try {
        hasOrganization = decoder!.decode(f, ticket);
      } catch (error) {
        if (!(error instanceof InputError) || !options.isSkipInvalid) throw error;
        accounting.reject(error.reason, `${file}:${error.location.line ?? f.line}`);
        return;
      }
      if (isDedupe) {
        const where = `${file}:${f.line}`;
        const previous = latest.get(ticket.id);
        if (previous) accounting.reject('superseded by a later row of the same ticket', previous.where);
        latest.set(ticket.id, { ticket, where, format: format! });
        return;
      }
      if (!hasOrganization) {
        accounting.reject('no organization', `${file}:${f.line}`);
        return;
      }
      if (isOutsideWindow(format!, ticket.createdUtcMs)) {
        accounting.reject(OUTSIDE_WINDOW, `${file}:${f.line}`);
        return;
      }
      useRow(ticket);
    };
    const useFolded = (k: number): void => void (accounting.rowsUsed += k);
    const flush = (): void => batch?.flush(scratch, useRow, useRecord, useFolded);
    const onRecord = (f: Fields): void => {
      if (decoder === undefined || format === undefined) {
        checkHeaderText(file, f);
        const header = f.texts();
        format = options.formatFor(file, header);
        accumulator ??= new TicketAccumulator({ isCalendarTime: format.isCalendarTime });
        ({ rows: decoder, batch } = decodersFor(file, header, format, options.timeZone, accumulator, ids));
        formats.push({ file, format: format.name });
        const plain = batch?.plainSink(
          (k) => {
            nData += k;
            accounting.rowsRead += k;
          },
          flush,
        );
        if (plain !== undefined) scanner.usePlain(plain);
        return;
      }
      nData++;
      accounting.rowsRead++;
      if (batch === undefined) {
        useRecord(f);
        return;
      }
      batch.add(f);
      if (batch.isFull) flush();
    };
    const scanner = new CsvScanner(file, onRecord);
    try {
      let isFirstChunk = true;
      for await (const chunk of readChunks(file)) {
        scanThenFlush(() => scanner.push(chunk), flush);
        options.onProgress?.(file, scanner.bytesDone, accounting.rowsRead);
        if (isFirstChunk && size !== undefined && nData > 0) expectRowsOf(accumulator!, size - scanner.bytesDone, scanner.bytesDone, nData);
        isFirstChunk = false;
      }
      scanThenFlush(() => scanner.finish(), flush);
    } finally {
      // The counters and ticket ids leave this file's kernel (the next file has its own).
      accumulator?.releaseCounts();
      ids.release();
    }
    options.onProgress?.(file, scanner.bytesDone, accounting.rowsRead);
    if (decoder === undefined) throw new InputError({ file }, 'the file is empty: expected a header row and ticket rows', 'empty file');
    if (nData === 0) throw new InputError({ file, line: 1 }, 'the file has a header but no data rows', 'header only');
  }
  for (const { ticket, where, format } of latest.values()) {
    if (ticket.organization === '') {
      accounting.reject('no organization', where);
      continue;
    }
    if (isOutsideWindow(format, ticket.createdUtcMs)) {
      accounting.reject(OUTSIDE_WINDOW, where);
      continue;
    }
    accounting.rowsUsed++;
    accumulator!.add(ticket);
  }
  return { accumulator: accumulator!, accounting, formats };
}
