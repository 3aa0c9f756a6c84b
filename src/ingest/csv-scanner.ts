// A streaming CSV scanner over bytes: finds record and field boundaries without making strings, so ingest
// decodes only the cells it needs. RFC 4180 quoting (quotes inside unquoted fields are kept as written),
// LF, CRLF or CR line ends, a UTF-8 BOM, blank lines skipped, line numbers kept for messages.

import { InputError } from '../errors.js';
import { textOf } from './bytes.js';
import type { CsvKernel } from './csv-kernel.js';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** One record's fields as byte ranges of `bytes`; valid only during the callback. */
export class Fields {
  bytes: Uint8Array = new Uint8Array(0);
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  /** 0 plain, 1 quoted, 2 quoted with doubled quotes inside (to be unescaped). */
  quoting = new Uint8Array(64);
  count = 0;
  /**
   * Where the record's fields start in starts/ends/quoting. 0 unless a consumer gathers records in place:
   * then it moves `base` on after each record (see BatchDecoder), and the scanner writes the next there.
   */
  base = 0;
  /** Whether any field of the record was quoted. */
  isQuoted = false;
  /** The line the record starts on (1-based) and the line it ends on. */
  line = 0;
  endLine = 0;

  grow(minimum = 0): void {
    const size = Math.max(this.starts.length * 2, minimum);
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    const quoting = new Uint8Array(size);
    starts.set(this.starts);
    ends.set(this.ends);
    quoting.set(this.quoting);
    this.starts = starts;
    this.ends = ends;
    this.quoting = quoting;
  }

  /** Field j as text (UTF-8, quotes unescaped); "" beyond the last field. */
  text(j: number): string {
    if (j >= this.count) return '';
    const k = this.base + j;
    const text = decoder.decode(this.bytes.subarray(this.starts[k]!, this.ends[k]!));
    return this.quoting[k] === 2 ? text.replace(/""/g, '"') : text;
  }

  /** Field j as text() gives it, decoded once, or null where its bytes are not text (bytes.ts textProblem says why). */
  strictText(j: number): string | null {
    if (j >= this.count) return '';
    const k = this.base + j;
    const text = textOf(this.bytes, this.starts[k]!, this.ends[k]!);
    return text !== null && this.quoting[k] === 2 ? text.replace(/""/g, '"') : text;
  }

  /** All fields as text. */
  texts(): string[] {
    const out = new Array<string>(this.count);
    for (let j = 0; j < this.count; j++) out[j] = this.text(j);
    return out;
  }

  /** Byte length of field j. */
  size(j: number): number {
    return j < this.count ? this.ends[this.base + j]! - this.starts[this.base + j]! : 0;
  }
}

const decoder = new TextDecoder('utf-8');

/**
 * Where runs of plain records go when a WebAssembly kernel finds them (see csv-kernel.ts): records of exactly
 * `nColumns` fields, each unquoted or quoted whole (its quoting written as this scanner writes it), on one line
 * each but for LF line breaks inside quotes (the kernel's `breaks` and `scanBreaks` count them). The scanner
 * writes them from `f.base` on, one after another, and calls `add` with how many (their first line in `f.line`);
 * `room` says how many more it may write now.
 */
export interface PlainSink {
  kernel: CsvKernel;
  nColumns: number;
  room(): number;
  add(f: Fields, k: number): void;
}

/**
 * Feed it chunks with push() and end with finish(); it calls `onRecord` for every complete record, in order.
 * A record cut by a chunk boundary is carried over to the next chunk. Throws InputError (with FILE:LINE) for a
 * quote that never closes or a closing quote followed by something other than a delimiter.
 */
export class CsvScanner {
  private carry: Uint8Array | null = null;
  /** Where a carried-over record and the next chunk are joined. */
  private joined = new Uint8Array(0);
  private line = 1;
  private isFirst = true;
  private readonly fields = new Fields();
  /** Bytes consumed so far (complete records), for progress. */
  bytesDone = 0;

  private plain: PlainSink | undefined;

  constructor(
    private readonly file: string,
    private readonly onRecord: (fields: Fields) => void,
    plain?: PlainSink,
  ) {
    if (plain !== undefined) this.usePlain(plain);
  }

  /**
   * Hands runs of plain records to `plain` from now on (between records: from the header's callback, say).
   * The fields are then written in the kernel's memory, where the kernel writes them too.
   */
  usePlain(plain: PlainSink): void {
    this.plain = plain;
    this.fields.starts = plain.kernel.starts;
    this.fields.ends = plain.kernel.ends;
    this.fields.quoting = plain.kernel.quoting;
  }

  push(chunk: Uint8Array): void {
    let bytes = chunk;
    const kernel = this.plain?.kernel;
    if (kernel !== undefined && (this.carry?.length ?? 0) + chunk.length <= kernel.input.length) {
      // The record cut by the last chunk, then this chunk, in the kernel's memory.
      const length = (this.carry?.length ?? 0) + chunk.length;
      bytes = kernel.input.subarray(0, length);
      if (this.carry !== null) bytes.set(this.carry);
      bytes.set(chunk, this.carry?.length ?? 0);
      this.carry = null;
    } else if (this.carry !== null) {
      // The record cut by the last chunk, then this chunk, in a buffer kept from push to push.
      const length = this.carry.length + chunk.length;
      if (this.joined.length < length) this.joined = new Uint8Array(Math.max(length, this.joined.length * 2));
      bytes = this.joined.subarray(0, length);
      bytes.set(this.carry);
      bytes.set(chunk, this.carry.length);
      this.carry = null;
    }
    let start = 0;
    if (this.isFirst && bytes.length >= 3) {
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
      this.isFirst = false;
    } else if (this.isFirst) {
      this.carry = bytes.slice();
      return;
    }
    const consumed = this.scan(bytes, start, false);
    if (consumed < bytes.length) this.carry = bytes.slice(consumed);
    this.bytesDone += consumed;
  }

  /** Whether everything pushed so far ended with a complete record (nothing carried over). */
  isBetweenRecords(): boolean {
    return this.carry === null || this.carry.length === 0;
  }

  /** Lines fully read so far. */
  linesDone(): number {
    return this.line - 1;
  }

  finish(): void {
    let bytes = this.carry ?? new Uint8Array(0);
    this.carry = null;
    const kernel = this.plain?.kernel;
    if (kernel !== undefined && bytes.length <= kernel.input.length) {
      kernel.input.set(bytes);
      bytes = kernel.input.subarray(0, bytes.length);
    }
    let start = 0;
    if (this.isFirst && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
    this.isFirst = false;
    this.scan(bytes, start, true);
    this.bytesDone += bytes.length;
  }

  /** Scans complete records from `pos`; returns where the first incomplete one starts (or the end). */
  private scan(data: Uint8Array, pos: number, isLast: boolean): number {
    const f = this.fields;
    let bytes = data;
    f.bytes = bytes;
    let length = bytes.length;
    let p = pos;
    // Where `bytes` starts in `data` (bytes move into the kernel's memory when a header callback sets it up).
    let shift = 0;
    let plain = this.plain;
    let isKernelBytes = plain !== undefined && plain.kernel.holds(bytes);
    while (p < length) {
      // A run of plain records through the kernel, then (if one stopped it) one record the way below. Not once
      // a record too long for the kernel's field slots has moved the fields out of its memory.
      const room = isKernelBytes && plain!.kernel.holds(f.starts) ? plain!.room() : 0;
      if (room > 0) {
        const { kernel, nColumns } = plain!;
        const k = kernel.scanPlain(bytes, p, length, nColumns, room, f.base);
        if (k > 0) {
          f.line = this.line;
          this.line += k + kernel.scanBreaks;
          p = kernel.scanEnd;
          plain!.add(f, k);
          continue;
        }
      }
      const recordStart = p;
      const startLine = this.line;
      let line = startLine;
      let count = 0;
      let isQuoted = false;
      const base = f.base;
      let isComplete = false;
      // One record: fields until an unquoted line end.
      for (;;) {
        if (base + count === f.starts.length) f.grow();
        if (p < length && bytes[p] === QUOTE) {
          const fieldStart = p + 1;
          let q = fieldStart;
          let quoting = 1;
          let isClosed = false;
          while (q < length) {
            const c = bytes[q]!;
            if (c === QUOTE) {
              if (q + 1 < length && bytes[q + 1] === QUOTE) {
                quoting = 2;
                q += 2;
                continue;
              }
              if (q + 1 >= length && !isLast) break;
              isClosed = true;
              break;
            }
            if (c === LF) line++;
            q++;
          }
          if (!isClosed) {
            if (!isLast) return recordStart + shift;
            throw new InputError({ file: this.file, line: this.line }, 'a quoted field is never closed (expected a closing ", found the end of the file)', 'malformed CSV');
          }
          f.starts[base + count] = fieldStart;
          f.ends[base + count] = q;
          f.quoting[base + count] = quoting;
          isQuoted = true;
          count++;
          p = q + 1;
          const next = p < length ? bytes[p]! : -1;
          if (next === COMMA) {
            p++;
            continue;
          }
          if (next === LF || next === CR || next === -1) {
            if (next === -1 && !isLast) return recordStart + shift;
            isComplete = true;
            break;
          }
          throw new InputError(
            { file: this.file, line },
            `expected a delimiter or the end of the line after a closing quote, found ${JSON.stringify(String.fromCharCode(next))}`,
            'malformed CSV',
          );
        }
        const fieldStart = p;
        // Most bytes are above the comma (44) in the byte order: test that first.
        while (p < length) {
          const c = bytes[p]!;
          if (c > COMMA || (c !== COMMA && c !== LF && c !== CR)) p++;
          else break;
        }
        f.starts[base + count] = fieldStart;
        f.ends[base + count] = p;
        f.quoting[base + count] = 0;
        count++;
        if (p < length && bytes[p] === COMMA) {
          p++;
          continue;
        }
        if (p >= length && !isLast) return recordStart + shift;
        isComplete = true;
        break;
      }
      if (!isComplete) return recordStart + shift;
      // The line end: CRLF, LF or CR (or the end of the data).
      let endLine = line;
      if (p < length) {
        if (bytes[p] === CR) {
          if (p + 1 < length) p += bytes[p + 1] === LF ? 2 : 1;
          else if (isLast) p += 1;
          else return recordStart + shift;
        } else {
          p += 1;
        }
        this.line = line + 1;
      } else {
        this.line = line;
      }
      // A blank line is no record.
      if (count === 1 && f.ends[base] === f.starts[base] && f.quoting[base] === 0) continue;
      f.count = count;
      f.isQuoted = isQuoted;
      f.line = startLine;
      f.endLine = endLine;
      this.onRecord(f);
      if (plain === undefined && this.plain !== undefined) {
        // The record (a header) set up a kernel: the rest of the data moves into its memory, if it fits.
        plain = this.plain;
        if (length - p <= plain.kernel.input.length) {
          plain.kernel.input.set(bytes.subarray(p, length));
          shift += p;
          bytes = plain.kernel.input.subarray(0, length - p);
          f.bytes = bytes;
          length = bytes.length;
          p = 0;
          isKernelBytes = true;
        }
      }
    }
    return p + shift;
  }
}
