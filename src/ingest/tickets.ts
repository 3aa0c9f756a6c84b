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
import { DATE_EXAMPLES, TimeZone, parseDate } from './dates.js';
import { TICKET_FIELDS, type TicketField } from './fields.js';
import type { TicketFormat } from './formats.js';
import { availableParallelism } from 'node:os';
import { canUseWorkers, PARALLEL_MIN_BYTES, takeIngestWorker } from './worker-start.js';
import { readHeader } from './read-header.js';
import { knownSize, readChunks, splitPoint } from './sources.js';
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
  /** Threads for a large plain file (its second half goes to a worker); default the cores available. */
  nThreads?: number;
}

/**
 * Where the worker's part starts, so that both threads finish together: the worker (started before the CLI's
 * modules load: bin/benchmark.js, worker-start.ts) is ready when reading begins, and this thread reads a little
 * slower (it also runs the event loop and collects a larger heap), so it takes MAIN_SHARE of the file (measured
 * on the 1,000,000-ticket benchmark file); then each sorts what it gathered.
 */
const MAIN_SHARE = 0.48;

function splitTarget(size: number): number {
  return Math.floor(size * MAIN_SHARE);
}

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

/** Hands the second part of a file to a worker (started early when the command guessed it would be needed). */
function startRangeWorker(job: RangeJob): { result: Promise<RangeResult>; stop: () => void } {
  const worker = takeIngestWorker();
  const result = new Promise<RangeResult>((resolve, reject) => {
    worker.once('message', resolve);
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
        `expected a date like ${DATE_EXAMPLES[this.format.dateFormat]}${isRange ? ' within range' : ''}, got ${quoteFound(text)}`,
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
    const org = this.locate(f, 'organization') ? this.intern(f, 'organization', this.organizations) : undefined;
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

/**
 * A large plain file is read in two halves at once: this thread reads the first, a worker the second, from the
 * first line end after the middle (event logs, whose rows supersede each other in order, are read whole). If
 * the split turns out to fall inside a quoted field, the caller drops the worker's half and reads on.
 */
async function startSecondHalf(
  file: string,
  size: number | undefined,
  nThreads: number,
  options: TicketIngestOptions,
): Promise<{ second: { result: Promise<RangeResult>; stop: () => void } | undefined; splitAt: number }> {
  if (!canUseWorkers || nThreads < 2 || size === undefined || size < PARALLEL_MIN_BYTES) return { second: undefined, splitAt: Infinity };
  const header = await readHeader(file);
  const format = header === undefined ? undefined : options.formatFor(file, header);
  if (header === undefined || format === undefined || format.dedupe !== 'none') return { second: undefined, splitAt: Infinity };
  resolveLayout(file, header, format);
  const splitAt = splitPoint(file, size, splitTarget(size));
  if (splitAt >= size) return { second: undefined, splitAt: Infinity };
  const job = { file, start: splitAt, end: size, header, format, isSkipInvalid: options.isSkipInvalid, timeZone: options.timeZone };
  traceSplit(`${file}: bytes ${splitAt}–${size} go to a worker`);
  return { second: startRangeWorker(job), splitAt };
}

/** What reading one byte range of a file leaves, for the caller to merge; line numbers are the range's own. */
export interface RangeResult {
  accumulator: TicketAccumulator;
  /** The ticket ids of the range, so the caller can tell whether a ticket is in both halves. */
  ids: TicketIdSet;
  rowsRead: number;
  rowsUsed: number;
  /** reason → [count, first line in the range] */
  rejects: [string, number, number][];
  /** Lines consumed, so the caller can turn range lines into file lines. */
  lines: number;
  /** Whether the range ended exactly between two records (its split point was a record boundary). */
  isClean: boolean;
  /** The first bad row, when not skipping (line in the range). */
  error: { line: number | undefined; column: string | undefined; detail: string; reason: string } | null;
}

export interface RangeJob {
  file: string;
  start: number;
  /** Exclusive end. */
  end: number;
  header: string[];
  format: TicketFormat;
  isSkipInvalid: boolean;
  timeZone: string | undefined;
}

/**
 * Reads the data rows of bytes [start, end) of a plain file (the range starts at a line start and holds no
 * header) into a fresh accumulator. Used by the worker thread that reads the second half of a large file.
 */
export async function readRange(job: RangeJob, chunks: AsyncIterable<Uint8Array>): Promise<RangeResult> {
  const accumulator = new TicketAccumulator({ isCalendarTime: job.format.isCalendarTime });
  const ids = new TicketIdSet();
  const { rows: decoder, batch } = decodersFor(job.file, job.header, job.format, job.timeZone, accumulator, ids);
  // A range is only ever part of a plain export (event logs are read whole), which has a batch decoder.
  if (batch === undefined) throw new Error('internal: a range of an event log');
  const ticket = blankTicket();
  const rejects = new Map<string, [string, number, number]>();
  const result: RangeResult = { accumulator, ids, rowsRead: 0, rowsUsed: 0, rejects: [], lines: 0, isClean: true, error: null };
  const reject = (reason: string, line: number): void => {
    const entry = rejects.get(reason);
    if (entry) entry[1]++;
    else rejects.set(reason, [reason, 1, line]);
  };
  const useRow = (t: Ticket): void => {
    result.rowsUsed++;
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
        result.error ??= { line: error.location.line, column: error.location.column, detail: error.detail, reason: error.reason };
        throw error;
      }
      reject(error.reason, error.location.line ?? f.line);
      return;
    }
    useRow(ticket);
  };
  const useFolded = (k: number): void => void (result.rowsUsed += k);
  const flush = (): void => batch.flush(ticket, useRow, useRecord, useFolded);
  const scanner = new CsvScanner(
    job.file,
    (f) => {
      result.rowsRead++;
      batch.add(f);
      if (batch.isFull) flush();
    },
    batch.plainSink((k) => (result.rowsRead += k), flush),
  );
  try {
    let isFirstChunk = true;
    for await (const chunk of chunks) {
      scanThenFlush(() => scanner.push(chunk), flush);
      if (isFirstChunk && result.rowsRead > 0) expectRowsOf(accumulator, job.end - job.start - scanner.bytesDone, scanner.bytesDone, result.rowsRead);
      isFirstChunk = false;
    }
    result.isClean = scanner.isBetweenRecords();
    scanThenFlush(() => scanner.finish(), flush);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    result.error ??= { line: error.location.line, column: error.location.column, detail: error.detail, reason: error.reason };
  }
  result.lines = scanner.linesDone();
  result.rejects = [...rejects.values()];
  // What goes to the main thread holds nothing of the kernel's memory.
  accumulator.releaseCounts();
  ids.release();
  return result;
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
  const kernel = format.dedupe === 'none' ? CsvKernel.create(header.length, BATCH_ROWS, BATCH_NUMBER_COLUMNS, BATCH_INTERNED_COLUMNS) : undefined;
  const fold = kernel === undefined ? undefined : (n: number): number => kernel.fold(accumulator, n);
  const batch = format.dedupe === 'none' ? new BatchDecoder(header.length, layout, format, rows.zone, orgId, agentId, ids, kernel, fold) : undefined;
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
  const latest = new Map<string, { ticket: Ticket; where: string }>();
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
    const halves = await startSecondHalf(file, size, nThreads, options);
    const { splitAt } = halves;
    let second = halves.second;
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
        latest.set(ticket.id, { ticket, where });
        return;
      }
      if (!hasOrganization) {
        accounting.reject('no organization', `${file}:${f.line}`);
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
      for await (const chunk of readChunks(file, second ? { start: 0, end: splitAt } : undefined)) {
        scanThenFlush(() => scanner.push(chunk), flush);
        options.onProgress?.(file, scanner.bytesDone, accounting.rowsRead);
        if (isFirstChunk && size !== undefined && nData > 0) expectRowsOf(accumulator!, Math.min(size, splitAt) - scanner.bytesDone, scanner.bytesDone, nData);
        isFirstChunk = false;
      }
      let half: RangeResult | undefined;
      if (second !== undefined && scanner.isBetweenRecords()) {
        // Sort what this thread has gathered while the worker finishes its part (it sorts its own too).
        accumulator!.seal();
        ids.release();
        half = await second.result;
        second = undefined;
        // A ticket in both halves: read the second half here, where the duplicate is found at its line.
        if (ids.overlaps(half.ids as unknown as { bits: Uint32Array; texts: Set<string> })) half = undefined;
      }
      if (half !== undefined) {
        const offset = scanner.linesDone();
        if (half.error !== null) throw new InputError({ file, line: half.error.line === undefined ? undefined : half.error.line + offset, column: half.error.column }, half.error.detail, half.error.reason);
        accumulator!.mergeFrom(half.accumulator);
        traceSplit(`${file}: the worker's part merged`);
        ids.addAll(half.ids as unknown as { bits: Uint32Array; texts: Set<string> });
        accounting.rowsRead += half.rowsRead;
        accounting.rowsUsed += half.rowsUsed;
        nData += half.rowsRead;
        for (const [reason, count, line] of half.rejects) accounting.rejectMany(reason, count, `${file}:${line + offset}`);
        options.onProgress?.(file, size ?? 0, accounting.rowsRead);
      } else if (splitAt < Infinity) {
        // The split was inside a record, or a ticket is in both halves: read the rest here.
        traceSplit(`${file}: the worker's part dropped, read here`);
        second?.stop();
        second = undefined;
        for await (const chunk of readChunks(file, { start: splitAt, end: size! })) {
          scanThenFlush(() => scanner.push(chunk), flush);
          options.onProgress?.(file, scanner.bytesDone, accounting.rowsRead);
        }
      }
      scanThenFlush(() => scanner.finish(), flush);
    } finally {
      second?.stop();
      // The counters and ticket ids leave this file's kernel (the next file has its own).
      accumulator?.releaseCounts();
      ids.release();
    }
    options.onProgress?.(file, scanner.bytesDone, accounting.rowsRead);
    if (decoder === undefined) throw new InputError({ file }, 'the file is empty: expected a header row and ticket rows', 'empty file');
    if (nData === 0) throw new InputError({ file, line: 1 }, 'the file has a header but no data rows', 'header only');
  }
  for (const { ticket, where } of latest.values()) {
    if (ticket.organization === '') {
      accounting.reject('no organization', where);
      continue;
    }
    accounting.rowsUsed++;
    accumulator!.add(ticket);
  }
  return { accumulator: accumulator!, accounting, formats };
}
