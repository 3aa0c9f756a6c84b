// Column-at-a-time decoding of plain rows. The scanner's records are gathered into a batch (field boundaries
// only); each needed column is then decoded for the whole batch in one small loop, straight from the bytes.
// A row with anything unusual in a cell it needs (quotes, padding, a missing-value token, a value the byte
// parsers do not take, a repeated ticket id, a wrong field count) is marked and handed, in its turn, to the
// row decoder, which reads it exactly as before and words any error: the batch changes speed, not results.

import { CHANNEL_INDEX, Rated } from '../metrics/accumulator.js';
import { BATCH_ROWS, I32_ASSIGNEE, I32_CHANNEL, I32_ORG, I32_RATING, I32_REQUESTER } from '../metrics/layout.js';
import { TicketBatch } from '../metrics/ticket-batch.js';
import { BytesTable, CellTextError, dateFromBytes, decimalFromBytes, isOneOf, isPlainAscii, textOf, textProblem, type BytesNumbers, type DateOut } from './bytes.js';
import { channelNormaliser } from './channels.js';
import type { CsvKernel } from './csv-kernel.js';
import { Fields, type PlainSink } from './csv-scanner.js';
import { isNamedDateFormat, type TimeZone } from './dates.js';
import type { TicketFormat } from './formats.js';
import type { TicketIdSet } from './id-set.js';
import type { Layout } from './layout.js';
import type { Numbering } from './row-decoder.js';
import { parseRating } from './values.js';

export { BATCH_ROWS };
/** The kernel's interning tables, one for each interned column of the batch (layout.ts I32_*). */
const [RATINGS, AGENTS, CHANNELS, ORGS, REQUESTERS] = [I32_RATING, I32_ASSIGNEE, I32_CHANNEL, I32_ORG, I32_REQUESTER] as const;
/** A table value for a cell the batch does not read (padded, a missing-value token): its row goes to the row decoder. */
const SPECIAL = -2;
const SPACE = 0x20;
const TAB = 0x09;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** Whether a cell's text would be read differently after trimming, or means "no value". */
function isSpecial(text: string, missing: ReadonlySet<string>): boolean {
  return text.trim() !== text || missing.has(text);
}

/** Whether a byte is whitespace that String.prototype.trim removes (the ASCII ones). */
function isAsciiSpace(byte: number): boolean {
  return byte === SPACE || (byte >= TAB && byte <= 0x0d);
}

/**
 * An agent's number straight from the bytes of the name, or SPECIAL (a missing-value token, or text that trimming
 * would change): the row decoder's reading, where no text is made of a name that is plain ASCII. Agents are
 * counted per organisation and never named, so their numbering is by bytes (BytesNumbers).
 */
class AgentBytes {
  constructor(
    private readonly numbers: BytesNumbers,
    private readonly missingTokens: readonly Uint8Array[],
    private readonly missing: ReadonlySet<string>,
  ) {}

  get(bytes: Uint8Array, start: number, end: number): number {
    const id = this.numbers.find(bytes, start, end);
    if (id !== -1) return id;
    if (start === end) return SPECIAL;
    if (isPlainAscii(bytes, start, end)) return isAsciiSpace(bytes[start]!) || isAsciiSpace(bytes[end - 1]!) || isOneOf(bytes, start, end, this.missingTokens) ? SPECIAL : this.numbers.add(bytes, start, end);
    const text = textOf(bytes, start, end);
    if (text === null) throw new CellTextError(textProblem(bytes, start, end)!);
    return isSpecial(text, this.missing) ? SPECIAL : this.numbers.add(bytes, start, end);
  }
}

/** What the batch decoder looks a column's values up in. */
interface Interned {
  get(bytes: Uint8Array, start: number, end: number): number;
}

export class BatchDecoder {
  /**
   * Field boundaries of the gathered rows: row r's field j at [r · stride + j]. These are the scanner's own
   * arrays (its Fields): the scanner writes each record where the last one ended, so gathering copies nothing.
   */
  private starts = new Int32Array(0);
  private ends = new Int32Array(0);
  private quoting = new Uint8Array(0);
  private readonly counts = new Int32Array(BATCH_ROWS);
  private readonly lines = new Int32Array(BATCH_ROWS);
  private readonly endLines = new Int32Array(BATCH_ROWS);
  /** The decoded rows (in a kernel's memory when there is one); `slow` is 1 where a row goes to the row decoder. */
  readonly batch: TicketBatch;
  private readonly slow: Uint8Array;
  private bytes: Uint8Array = new Uint8Array(0);
  private n = 0;
  private readonly stride: number;
  // Raw cell bytes → value, or SPECIAL.
  private readonly orgs: BytesTable<number>;
  private readonly agents: AgentBytes;
  private readonly requesters: BytesTable<number>;
  private readonly channels: BytesTable<number>;
  private readonly ratings: BytesTable<number>;
  private readonly date: DateOut = { utcMs: 0, localMs: 0 };
  /** Scratch record for rows handed to the row decoder. */
  private readonly fields = new Fields();
  /** The scanner's record, whose arrays the rows are gathered in. */
  private scanned: Fields | undefined;
  /** The format's missing-value tokens, as bytes. */
  private readonly missingTokens: Uint8Array[];
  /** Whether the kernel may add ticket ids (checkIds). */
  private readonly kernelReadsIds: boolean;
  /** The missing-value tokens a number or date column's byte parser would read as a value. */
  private readonly readableMissing: Uint8Array[];

  constructor(
    private readonly nColumns: number,
    private readonly layout: Layout,
    private readonly format: TicketFormat,
    private readonly zone: TimeZone | undefined,
    numbering: Numbering,
    private readonly ids: TicketIdSet | undefined,
    private readonly kernel?: CsvKernel,
  ) {
    this.stride = nColumns;
    this.readColumns = Int32Array.from(new Set(Object.values(layout).filter((column) => column !== -1)));
    this.batch = kernel?.batch ?? TicketBatch.create(BATCH_ROWS);
    this.slow = this.batch.slow;
    const missing = new Set(['', ...format.missing]);
    this.missingTokens = format.missing.map((token) => encoder.encode(token));
    // The kernel takes an id of digits for an id; a missing-value token of digits is not one.
    this.kernelReadsIds = format.missing.every((token) => !/^[0-9]+$/.test(token));
    this.readableMissing = this.missingTokens.filter((token) => !Number.isNaN(decimalFromBytes(token, 0, token.length)) || dateFromBytes(token, 0, token.length, format.dateFormat, undefined, { utcMs: 0, localMs: 0 }));
    this.orgs = new BytesTable((text) => (isSpecial(text, missing) ? SPECIAL : numbering.orgId(text)));
    this.agents = new AgentBytes(numbering.agentNumbers, this.missingTokens, missing);
    this.requesters = new BytesTable((text) => (isSpecial(text, missing) ? SPECIAL : numbering.requesterId(text)));
    const normalise = channelNormaliser(format.channels);
    this.channels = new BytesTable((text) => (isSpecial(text, missing) ? SPECIAL : CHANNEL_INDEX[normalise(text)]));
    this.ratings = new BytesTable((text) => {
      if (isSpecial(text, missing)) return SPECIAL;
      const rating = parseRating(text);
      return rating === undefined ? SPECIAL : rating === 'good' ? Rated.good : rating === 'bad' ? Rated.bad : Rated.unrated;
    });
  }

  /**
   * Gathers the record the scanner has just written at `f.base`, and moves `f.base` on so that the scanner
   * writes the next record after it (the bytes must stay as they are until the next flush).
   */
  add(f: Fields): void {
    if (this.n === 0) {
      this.bytes = f.bytes;
      // Room for a whole batch, and a record's spare fields beyond the last row.
      if (f.starts.length < (BATCH_ROWS + 1) * this.stride) f.grow((BATCH_ROWS + 1) * this.stride);
    } else if (f.bytes !== this.bytes) {
      throw new Error('internal: a batch spans two buffers (it must be flushed after each chunk)');
    }
    const r = this.n++;
    const count = f.count;
    this.counts[r] = count;
    this.lines[r] = f.line;
    this.endLines[r] = f.endLine;
    // Quoted values the batch does not read (a subject, a description with commas and line breaks) leave the
    // row to it; a quoted value it reads sends the row to the row decoder, which unquotes it.
    this.slow[r] = count !== this.nColumns || (f.isQuoted && this.readsQuoted(f)) ? 1 : 0;
    // A record with more fields than the header spills into the next row's place, which the next record
    // overwrites: such a row is decided on its count alone.
    f.base = this.n === BATCH_ROWS ? 0 : this.n * this.stride;
    this.starts = f.starts;
    this.ends = f.ends;
    this.quoting = f.quoting;
    this.scanned = f;
  }

  /** The columns the batch reads (every field the layout finds). */
  private readonly readColumns: Int32Array;

  /** Whether a field the batch reads is quoted in the record just scanned. */
  private readsQuoted(f: Fields, base = f.base): boolean {
    const { readColumns } = this;
    for (let i = 0; i < readColumns.length; i++) if (f.quoting[base + readColumns[i]!] !== 0) return true;
    return false;
  }

  /**
   * Gathers `k` plain records the scanner's kernel has just written from `f.base` on (from line `f.line`, each
   * one line more than its line breaks inside quotes, `breaks[i]`, where `nBreaks` is not 0; exactly the header's
   * field count, `nQuoted` fields quoted in all), as `add` would one by one: a record with a quoted field the
   * batch reads goes to the row decoder, which unquotes it.
   */
  addPlain(f: Fields, k: number, nQuoted: number, nBreaks: number, breaks: Int32Array): void {
    if (this.n === 0) this.bytes = f.bytes;
    else if (f.bytes !== this.bytes) throw new Error('internal: a batch spans two buffers (it must be flushed after each chunk)');
    const first = this.n;
    let line = f.line;
    for (let i = 0; i < k; i++) {
      const r = first + i;
      this.counts[r] = this.nColumns;
      this.lines[r] = line;
      if (nBreaks > 0) line += breaks[i]!;
      this.endLines[r] = line;
      line++;
      this.slow[r] = nQuoted > 0 && this.readsQuoted(f, f.base + i * this.stride) ? 1 : 0;
    }
    this.n += k;
    f.base = this.n === BATCH_ROWS ? 0 : this.n * this.stride;
    this.starts = f.starts;
    this.ends = f.ends;
    this.quoting = f.quoting;
    this.scanned = f;
  }

  /** A sink for the scanner's kernel runs, flushing through `flush` when the batch is full; undefined without a kernel. */
  plainSink(onRows: (k: number) => void, flush: () => void): PlainSink | undefined {
    const kernel = this.kernel;
    if (kernel === undefined) return undefined;
    return {
      kernel,
      nColumns: this.nColumns,
      room: () => BATCH_ROWS - this.n,
      add: (f, k) => {
        onRows(k);
        this.addPlain(f, k, kernel.scanQuoted, kernel.scanBreaks, kernel.breaks);
        if (this.n === BATCH_ROWS) flush();
      },
    };
  }

  /** Whether the batch is full. */
  get isFull(): boolean {
    return this.n === BATCH_ROWS;
  }

  /**
   * Decodes the gathered rows into the batch and hands each row the batch does not take, in order, to
   * `decodeSlow` (the record and its row: the row decoder writes the row and marks it to be counted, or leaves
   * it uncounted), each before the ticket ids of the rows after it are checked (an id is the first of its ticket
   * where it first appears). Returns the rows in the batch, for the caller to fold; empties the gathering.
   * With `keepFast` (dedupe last-by-id), each row the batch takes is handed to it in its turn, with its ticket id
   * as the row decoder reads it (bytes [start, end) of `id`): an id the batch cannot pass on as it is written
   * (empty, padded, a missing-value token, beyond plain ASCII) leaves its row to the row decoder.
   */
  flush(decodeSlow: (f: Fields, r: number) => void, keepFast?: (id: Uint8Array, start: number, end: number, r: number, line: number) => void): number {
    const n = this.n;
    if (n === 0) return 0;
    this.n = 0;
    // The scanner writes its next record at the start again (the rows below are decoded first).
    this.scanned!.base = 0;
    this.decodeColumns(n);
    // The kernel adds the plainest ids itself, up to each row to see here.
    const idColumn = this.layout.ticket_id;
    const kernelIds = this.ids !== undefined && idColumn !== -1 && this.kernelReadsIds && this.isKernelBatch() ? this.kernel! : undefined;
    for (let r = 0; r < n; r++) {
      if (kernelIds !== undefined) {
        r = kernelIds.checkIds(this.ids!, r, n, this.bytes, this.stride, idColumn);
        if (r === n) break;
      }
      if (this.slow[r] === 0 && this.isRepeatedOrOdd(r)) this.slow[r] = 1;
      if (keepFast !== undefined && this.slow[r] === 0 && !this.isPlainId(r)) this.slow[r] = 1;
      if (this.slow[r] !== 0) decodeSlow(this.record(r), r);
      else if (keepFast !== undefined) {
        const at = r * this.stride + this.layout.ticket_id;
        keepFast(this.bytes, this.starts[at]!, this.ends[at]!, r, this.lines[r]!);
      }
    }
    return n;
  }

  /** Whether row r's ticket id is read as it is written: not empty, padded, a missing-value token, or beyond plain ASCII. */
  private isPlainId(r: number): boolean {
    const idColumn = this.layout.ticket_id;
    if (idColumn === -1) return false;
    const s = this.starts[r * this.stride + idColumn]!;
    const e = this.ends[r * this.stride + idColumn]!;
    return s !== e && !this.isPaddedOrMissing(s, e) && isPlainAscii(this.bytes, s, e);
  }

  /** Whether the id in bytes [s, e) is padded with spaces or tabs (which the row decoder trims), or a missing-value token. */
  private isPaddedOrMissing(s: number, e: number): boolean {
    const { bytes } = this;
    return bytes[s] === SPACE || bytes[s] === TAB || bytes[e - 1] === SPACE || bytes[e - 1] === TAB || isOneOf(bytes, s, e, this.missingTokens);
  }

  /**
   * Whether row r's ticket id goes to the row decoder: padded, a missing-value token (which it trims and skips),
   * or seen before (which it words as an error). Adds the id otherwise.
   */
  private isRepeatedOrOdd(r: number): boolean {
    const { ids, bytes } = this;
    const idColumn = this.layout.ticket_id;
    if (ids === undefined || idColumn === -1) return false;
    const s = this.starts[r * this.stride + idColumn]!;
    const e = this.ends[r * this.stride + idColumn]!;
    return s !== e && (this.isPaddedOrMissing(s, e) || !ids.add(bytes, s, e, () => decoder.decode(bytes.subarray(s, e))));
  }

  /** Row r as a record for the row decoder. */
  private record(r: number): Fields {
    const f = this.fields;
    const count = this.counts[r]!;
    while (f.starts.length < count) f.grow();
    const base = r * this.stride;
    const kept = Math.min(count, this.stride);
    f.bytes = this.bytes;
    for (let j = 0; j < kept; j++) {
      f.starts[j] = this.starts[base + j]!;
      f.ends[j] = this.ends[base + j]!;
      f.quoting[j] = this.quoting[base + j]!;
    }
    // Fields beyond the header's count only matter for their number (the row decoder rejects the row on it).
    for (let j = kept; j < count; j++) {
      f.starts[j] = 0;
      f.ends[j] = 0;
      f.quoting[j] = 0;
    }
    f.count = count;
    f.line = this.lines[r]!;
    f.endLine = this.endLines[r]!;
    return f;
  }

  private decodeColumns(n: number): void {
    const { layout } = this;
    const { createdUtc, createdLocal, solvedUtc, solvedLocal, firstReply, replies, reopens, rating, assignee, channel, org, requester } = this.batch;
    this.decodeDates(n, layout.created_at, createdUtc, createdLocal, true);
    this.decodeDates(n, layout.solved_at, solvedUtc, solvedLocal, false);
    const durationScale = this.format.durationUnit === 'hours' ? 60 : 1;
    this.decodeNonNegative(n, layout.full_resolution_minutes, this.batch.resolution, durationScale);
    this.decodeNonNegative(n, layout.first_reply_minutes, firstReply, durationScale);
    this.decodeNonNegative(n, layout.replies, replies, 1);
    this.decodeNonNegative(n, layout.reopens, reopens, 1);
    this.decodeInterned(n, layout.satisfaction, this.ratings, RATINGS, rating, Rated.unrated, false);
    this.decodeInterned(n, layout.assignee, this.agents, AGENTS, assignee, -1, false);
    this.decodeInterned(n, layout.channel, this.channels, CHANNELS, channel, CHANNEL_INDEX.other, false);
    this.decodeInterned(n, layout.organization, this.orgs, ORGS, org, -1, true);
    this.decodeInterned(n, layout.requester, this.requesters, REQUESTERS, requester, -1, false);
    if (this.readableMissing.length > 0) this.markMissing(n);
    // Resolution from the timestamps where the export has no duration; solved before created is an error
    // the row decoder words.
    const { slow } = this;
    const { resolution } = this.batch;
    for (let r = 0; r < n; r++) {
      if (resolution[r] === resolution[r] || solvedUtc[r] !== solvedUtc[r]) continue;
      const minutes = (solvedUtc[r]! - createdUtc[r]!) / 60_000;
      if (minutes < 0) slow[r] = 1;
      resolution[r] = minutes;
    }
  }

  /**
   * Marks the rows with a missing-value token the byte parsers would read as a value (a token like "0") in a
   * number or date column: the row decoder takes it for no value.
   */
  private markMissing(n: number): void {
    const { layout, slow, starts, ends, bytes, stride, readableMissing } = this;
    for (const column of [layout.created_at, layout.solved_at, layout.full_resolution_minutes, layout.first_reply_minutes, layout.replies, layout.reopens]) {
      if (column === -1) continue;
      for (let r = 0; r < n; r++) if (slow[r] === 0 && isOneOf(bytes, starts[r * stride + column]!, ends[r * stride + column]!, readableMissing)) slow[r] = 1;
    }
  }

  /** Whether the kernel can read this batch: its bytes and fields are in the kernel's memory. */
  private isKernelBatch(): boolean {
    const kernel = this.kernel;
    return kernel !== undefined && kernel.holds(this.bytes) && kernel.holds(this.starts);
  }

  private decodeDates(n: number, column: number, utc: Float64Array, local: Float64Array, isRequired: boolean): void {
    const { slow, starts, ends, bytes, stride, date, zone } = this;
    const dateFormat = this.format.dateFormat;
    if (column === -1) {
      utc.fill(NaN, 0, n);
      local.fill(NaN, 0, n);
      return;
    }
    if (zone === undefined && isNamedDateFormat(dateFormat) && this.isKernelBatch()) {
      // Wall-clock time is the time: the kernel reads the plainest forms, the byte parser below the rest.
      const asked = this.kernel!.decodeDates(bytes, stride, column, n, utc, isRequired, dateFormat);
      local.set(utc.subarray(0, n));
      if (asked === 0) return;
      const ask = this.kernel!.ask;
      for (let r = 0; r < n; r++) {
        if (ask[r] === 0) continue;
        if (dateFromBytes(bytes, starts[r * stride + column]!, ends[r * stride + column]!, dateFormat, zone, date)) {
          utc[r] = date.utcMs;
          local[r] = date.localMs;
        } else {
          slow[r] = 1;
        }
      }
      return;
    }
    for (let r = 0; r < n; r++) {
      const s = starts[r * stride + column]!;
      const e = ends[r * stride + column]!;
      if (s === e) {
        if (isRequired) slow[r] = 1;
        utc[r] = NaN;
        local[r] = NaN;
      } else if (dateFromBytes(bytes, s, e, dateFormat, zone, date)) {
        utc[r] = date.utcMs;
        local[r] = date.localMs;
      } else {
        slow[r] = 1;
      }
    }
  }

  /**
   * Numbers ≥ 0 (durations, counts), times `scale` (60 for durations written in hours); an empty cell is NaN,
   * anything else the byte parser declines is a row for the row decoder.
   */
  private decodeNonNegative(n: number, column: number, out: Float64Array, scale: number): void {
    if (column === -1) {
      out.fill(NaN, 0, n);
      return;
    }
    const { slow, starts, ends, bytes, stride } = this;
    if (this.isKernelBatch()) {
      this.kernel!.decodeNonNegative(bytes, stride, column, n, out, scale);
      return;
    }
    for (let r = 0; r < n; r++) {
      const s = starts[r * stride + column]!;
      const e = ends[r * stride + column]!;
      if (s === e) {
        out[r] = NaN;
        continue;
      }
      const value = decimalFromBytes(bytes, s, e);
      if (!(value >= 0)) slow[r] = 1;
      out[r] = value * scale;
    }
  }

  /** Cells through an interning table; an empty cell is `empty` (or, when `isRequired`, a row for the row decoder). */
  private decodeInterned(n: number, column: number, table: Interned, t: number, out: Int32Array, empty: number, isRequired: boolean): void {
    if (column === -1) {
      out.fill(empty, 0, n);
      if (isRequired) this.slow.fill(1, 0, n);
      return;
    }
    const { slow, starts, ends, bytes, stride, kernel } = this;
    if (kernel !== undefined && kernel.isTableOpen(t) && this.isKernelBatch()) {
      // The kernel's table has the values seen before; a new one is made here (in row order, as below) and
      // added to it.
      if (kernel.intern(t, bytes, stride, column, n, empty, isRequired) === 0) return;
      const ask = kernel.ask;
      for (let r = 0; r < n; r++) {
        if (ask[r] === 0) continue;
        const s = starts[r * stride + column]!;
        const e = ends[r * stride + column]!;
        const value = this.valueOf(table, bytes, s, e);
        kernel.internAdd(t, bytes, s, e, value);
        if (value === SPECIAL) slow[r] = 1;
        out[r] = value;
      }
      return;
    }
    for (let r = 0; r < n; r++) {
      if (slow[r] !== 0) continue;
      const s = starts[r * stride + column]!;
      const e = ends[r * stride + column]!;
      if (s === e) {
        if (isRequired) slow[r] = 1;
        out[r] = empty;
        continue;
      }
      const value = this.valueOf(table, bytes, s, e);
      if (value === SPECIAL) slow[r] = 1;
      out[r] = value;
    }
  }

  /** A cell's value through the table; SPECIAL for bytes that are not text (invalid UTF-8, NUL), which the row decoder words. */
  private valueOf(table: Interned, bytes: Uint8Array, s: number, e: number): number {
    try {
      return table.get(bytes, s, e);
    } catch (error) {
      if (!(error instanceof CellTextError)) throw error;
      return SPECIAL;
    }
  }
}
