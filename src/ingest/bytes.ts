// Reading cell values straight from bytes: interned strings, numbers and timestamps without a string per cell.
// Each returns undefined (or NaN) when the bytes are not the plain, common form, and the caller falls back to
// the string parsers, which also word the error messages.

import { MAX_OFFSET_HOURS, isNamedDateFormat, parseDate, type DateFormat, type NamedDateFormat, type TimeZone } from './dates.js';

const decoder = new TextDecoder('utf-8');
const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** A cell whose bytes are not text: invalid UTF-8 or a NUL byte. Thrown where no line is known; callers add it. */
export class CellTextError extends Error {}

/**
 * What is wrong with bytes [start, end) as text, or null: invalid UTF-8 (with the first bad bytes shown in
 * hex) or a NUL byte. O(length); used once per distinct interned value and for names and headers.
 */
export function textProblem(bytes: Uint8Array, start: number, end: number): string | null {
  const zero = bytes.subarray(start, end).indexOf(0);
  if (zero !== -1) return `a NUL byte at character ${zero + 1}`;
  try {
    strictDecoder.decode(bytes.subarray(start, end));
    return null;
  } catch {
    // Where decoding first failed: the byte length of the text before the first replacement character.
    const text = decoder.decode(bytes.subarray(start, end));
    const at = new TextEncoder().encode(text.slice(0, text.indexOf('\ufffd'))).length;
    let stop = start + at + 1;
    while (stop < end && stop - start - at < 4 && (bytes[stop]! & 0xc0) === 0x80) stop++;
    const shown = Array.from(bytes.subarray(start + at, stop), (b) => b.toString(16).padStart(2, '0')).join(' ');
    return `invalid UTF-8 (${stop - start - at > 1 ? 'bytes' : 'byte'} ${shown} at byte ${at + 1})`;
  }
}

/**
 * Bytes [start, end) as text, or null where they are not text (textProblem then says why): one strict decode
 * instead of a check and a decode (a NUL byte is the only bytes that decode to U+0000).
 */
export function textOf(bytes: Uint8Array, start: number, end: number): string | null {
  let text: string;
  try {
    text = strictDecoder.decode(bytes.subarray(start, end));
  } catch {
    return null;
  }
  return text.indexOf('\0') === -1 ? text : null;
}

/** Whether bytes [start, end) are plain ASCII without a NUL: text as they are, one character a byte. */
export function isPlainAscii(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    if (byte >= 0x80 || byte === 0) return false;
  }
  return true;
}

/** Whether bytes [start, end) are text (textOf would decode them): plain ASCII at a glance, else by decoding. */
export function isText(bytes: Uint8Array, start: number, end: number): boolean {
  return isPlainAscii(bytes, start, end) || textOf(bytes, start, end) !== null;
}

/**
 * Distinct byte strings numbered 0, 1, … in the order they are first added: the keys of a BytesTable, and on
 * their own a numbering of names that never need to be text (agents are only counted, never named).
 * FNV-1a hashed, open addressing; keys live back to back in one byte arena and the table is typed arrays, so a
 * lookup touches a few cache lines and no per-key objects.
 */
export class BytesNumbers {
  /** Slot → number + 1 (0: empty). */
  private slots = new Int32Array(1024);
  private hashes = new Int32Array(512);
  /** Key k is arena[ends[k - 1] .. ends[k]) (ends[-1] = 0). */
  private ends = new Int32Array(512);
  private arena = new Uint8Array(1 << 14);
  private arenaLength = 0;
  /** The hash of the key `find` looked for last (`add` adds that key). */
  private lastHash = 0;
  private count = 0;

  /** How many keys there are (the next one added takes this number). */
  get size(): number {
    return this.count;
  }

  /** The number of bytes [start, end), or -1 where they are not a key (then `add` may add them). */
  find(bytes: Uint8Array, start: number, end: number): number {
    let hash = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    this.lastHash = hash;
    const { slots, arena, ends, hashes } = this;
    const mask = slots.length - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot]! - 1;
      if (entry === -1) return -1;
      if (hashes[entry] !== hash) continue;
      const from = entry === 0 ? 0 : ends[entry - 1]!;
      if (ends[entry]! - from !== length) continue;
      const offset = from - start;
      let i = start;
      while (i < end && arena[offset + i] === bytes[i]) i++;
      if (i === end) return entry;
    }
  }

  /** Adds bytes [start, end), which the last `find` looked for and did not find; returns their number. */
  add(bytes: Uint8Array, start: number, end: number): number {
    const entry = this.count++;
    if (entry === this.hashes.length) {
      this.hashes = grown(this.hashes);
      this.ends = grown(this.ends);
    }
    const length = end - start;
    if (this.arenaLength + length > this.arena.length) {
      const arena = new Uint8Array(Math.max(this.arena.length * 2, this.arenaLength + length));
      arena.set(this.arena.subarray(0, this.arenaLength));
      this.arena = arena;
    }
    this.arena.set(bytes.subarray(start, end), this.arenaLength);
    this.arenaLength += length;
    this.hashes[entry] = this.lastHash;
    this.ends[entry] = this.arenaLength;
    if (this.count * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2);
      for (let e = 0; e < this.count; e++) this.place(e);
    } else {
      this.place(entry);
    }
    return entry;
  }

  /** The number of bytes [start, end), added if they are new. */
  idOf(bytes: Uint8Array, start: number, end: number): number {
    const id = this.find(bytes, start, end);
    return id !== -1 ? id : this.add(bytes, start, end);
  }

  /** The number of a text (by its UTF-8 bytes), added if it is new. */
  idOfText(text: string): number {
    const bytes = encoder.encode(text);
    return this.idOf(bytes, 0, bytes.length);
  }

  /** The keys in number order, copied into buffers that may move to another thread (numbersOf takes them). */
  keys(): NumberedKeys {
    return { arena: this.arena.slice(0, this.arenaLength), ends: this.ends.slice(0, this.count) };
  }

  /** The number here of each of another numbering's keys (added where new), in its order. */
  numbersOf(keys: NumberedKeys): Int32Array {
    const { arena, ends } = keys;
    const numbers = new Int32Array(ends.length);
    for (let k = 0; k < ends.length; k++) numbers[k] = this.idOf(arena, k === 0 ? 0 : ends[k - 1]!, ends[k]!);
    return numbers;
  }

  private place(entry: number): void {
    const mask = this.slots.length - 1;
    let slot = this.hashes[entry]! & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = entry + 1;
  }
}

/** A BytesNumbers' keys: key k is arena[ends[k - 1] .. ends[k]) (ends[-1] = 0). */
export interface NumberedKeys {
  arena: Uint8Array;
  ends: Int32Array;
}

/**
 * Maps distinct byte strings to a value computed once from their text, so a column with few distinct values
 * (organisations, channels, ratings) costs a hash per row instead of a decoded string and a Map lookup.
 */
export class BytesTable<T> {
  private readonly keys = new BytesNumbers();
  private readonly values: T[] = [];

  constructor(private readonly make: (text: string) => T) {}

  get(bytes: Uint8Array, start: number, end: number): T {
    const entry = this.keys.find(bytes, start, end);
    if (entry !== -1) return this.values[entry]!;
    const text = textOf(bytes, start, end);
    if (text === null) throw new CellTextError(textProblem(bytes, start, end)!);
    const value = this.make(text);
    // `make` looks nothing up in this table, so the key `find` missed is still the one `add` adds.
    this.keys.add(bytes, start, end);
    this.values.push(value);
    return value;
  }
}

function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** Whether bytes [start, end) are exactly one of `tokens` (the missing-value tokens of a format, as bytes). */
export function isOneOf(bytes: Uint8Array, start: number, end: number, tokens: readonly Uint8Array[]): boolean {
  for (const token of tokens) {
    if (token.length !== end - start) continue;
    let i = 0;
    while (i < token.length && token[i] === bytes[start + i]) i++;
    if (i === token.length) return true;
  }
  return false;
}

/** A plain decimal (optional sign, digits, optional fraction); NaN for anything else (exponents, spaces, text). */
export function decimalFromBytes(bytes: Uint8Array, start: number, end: number): number {
  let p = start;
  let sign = 1;
  if (p < end && (bytes[p] === 0x2d || bytes[p] === 0x2b)) {
    if (bytes[p] === 0x2d) sign = -1;
    p++;
  }
  let value = 0;
  let nDigits = 0;
  while (p < end) {
    const c = bytes[p]! - 0x30;
    if (c < 0 || c > 9) break;
    value = value * 10 + c;
    nDigits++;
    p++;
  }
  if (p < end && bytes[p] === 0x2e) {
    p++;
    let scale = 1;
    while (p < end) {
      const c = bytes[p]! - 0x30;
      if (c < 0 || c > 9) break;
      value = value * 10 + c;
      scale *= 10;
      nDigits++;
      p++;
    }
    // With at most 15 digits the mantissa and the power of ten are exact, so one division rounds correctly:
    // the same double as Number() gives for the text.
    if (nDigits > 15) return NaN;
    value /= scale;
  }
  if (p !== end || nDigits === 0 || nDigits > 15) return NaN;
  return sign * value;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isValidDate(year: number, month: number, day: number): boolean {
  if (year < 1970 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && isLeap ? 29 : MONTH_DAYS[month - 1]!);
}

/** Where a parsed timestamp lands: UTC and local milliseconds. */
export interface DateOut {
  utcMs: number;
  localMs: number;
}

/**
 * Reads a timestamp in `format` from bytes into `out`. Returns false for anything not in the plain form (the
 * caller then uses parseDate on the text, which accepts the same values and words the errors). O(length).
 */
export function dateFromBytes(bytes: Uint8Array, start: number, end: number, format: DateFormat, zone: TimeZone | undefined, out: DateOut): boolean {
  if (format === 'iso' && end - start === 19) return isoFixed(bytes, start, zone, out) || dateFromBytesGeneral(bytes, start, end, 'iso', zone, out);
  if (!isNamedDateFormat(format)) {
    // A pattern (dates.ts compilePattern): read as text.
    const parsed = parseDate(decoder.decode(bytes.subarray(start, end)), format, zone);
    if (typeof parsed === 'string') return false;
    out.utcMs = parsed.utcMs;
    out.localMs = parsed.localMs;
    return true;
  }
  return dateFromBytesGeneral(bytes, start, end, format, zone, out);
}

/** The two digits at p as a number, or -1. */
function twoDigits(bytes: Uint8Array, p: number): number {
  const a = bytes[p]! - 0x30;
  const b = bytes[p + 1]! - 0x30;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** The commonest form, `YYYY-MM-DD HH:MM:SS` (or with T), read at fixed places without a general parser. */
function isoFixed(bytes: Uint8Array, p: number, zone: TimeZone | undefined, out: DateOut): boolean {
  if (bytes[p + 4] !== 0x2d || bytes[p + 7] !== 0x2d || bytes[p + 13] !== 0x3a || bytes[p + 16] !== 0x3a) return false;
  const separator = bytes[p + 10];
  if (separator !== 0x20 && separator !== 0x54) return false;
  const century = twoDigits(bytes, p);
  const yy = twoDigits(bytes, p + 2);
  const month = twoDigits(bytes, p + 5);
  const day = twoDigits(bytes, p + 8);
  const hour = twoDigits(bytes, p + 11);
  const minute = twoDigits(bytes, p + 14);
  const second = twoDigits(bytes, p + 17);
  if (century < 0 || yy < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return false;
  const year = century * 100 + yy;
  if (!isValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return false;
  const wallMs = daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000;
  out.utcMs = zone ? zone.toUtc(wallMs) : wallMs;
  out.localMs = wallMs;
  return true;
}

function dateFromBytesGeneral(bytes: Uint8Array, start: number, end: number, format: NamedDateFormat, zone: TimeZone | undefined, out: DateOut): boolean {
  let p = start;
  // Reads 1..max digits at p; -1 when there are none.
  const digits = (max: number): number => {
    let value = 0;
    let n = 0;
    while (n < max && p < end) {
      const c = bytes[p]! - 0x30;
      if (c < 0 || c > 9) break;
      value = value * 10 + c;
      n++;
      p++;
    }
    return n === 0 ? -1 : value;
  };
  const expect = (byte: number): boolean => {
    if (p < end && bytes[p] === byte) {
      p++;
      return true;
    }
    return false;
  };
  let year: number;
  let month: number;
  let day: number;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let ms = 0;
  let offsetMinutes: number | undefined;
  switch (format) {
    case 'iso': {
      year = digits(4);
      if (p - start !== 4 || !expect(0x2d)) return false;
      month = digits(2);
      if (!expect(0x2d)) return false;
      day = digits(2);
      if (p < end && (bytes[p] === 0x20 || bytes[p] === 0x54)) {
        p++;
        hour = digits(2);
        if (!expect(0x3a)) return false;
        minute = digits(2);
        if (expect(0x3a)) {
          second = digits(2);
          if (expect(0x2e)) {
            const fractionStart = p;
            const fraction = digits(9);
            if (fraction < 0) return false;
            ms = Math.round((fraction / 10 ** (p - fractionStart)) * 1000);
          }
        }
      }
      if (p < end) {
        if (bytes[p] === 0x5a) {
          p++;
          offsetMinutes = 0;
        } else if (bytes[p] === 0x2b || bytes[p] === 0x2d) {
          const sign = bytes[p] === 0x2d ? -1 : 1;
          p++;
          const hh = digits(2);
          expect(0x3a);
          const mm = p < end ? digits(2) : 0;
          // An offset no clock uses (+25:00, +99:99): the string parser says it is out of range.
          if (hh < 0 || mm < 0 || hh > MAX_OFFSET_HOURS || mm > 59) return false;
          offsetMinutes = sign * (hh * 60 + mm);
        }
      }
      break;
    }
    case 'D/M/YYYY HH:mm':
    case 'M/D/YY H:mm':
    case 'MM/DD/YYYY hh:mm:ss A': {
      const first = digits(2);
      if (!expect(0x2f)) return false;
      const second_ = digits(2);
      if (!expect(0x2f)) return false;
      const yearStart = p;
      year = digits(4);
      const yearDigits = p - yearStart;
      if (format === 'M/D/YY H:mm') {
        if (yearDigits !== 2) return false;
        year = year < 70 ? 2000 + year : 1900 + year;
      } else if (yearDigits !== 4) {
        return false;
      }
      [day, month] = format === 'D/M/YYYY HH:mm' ? [first, second_] : [second_, first];
      if (p < end) {
        if (!expect(0x20)) return false;
        hour = digits(2);
        if (!expect(0x3a)) return false;
        minute = digits(2);
        if (expect(0x3a)) second = digits(2);
        if (format === 'MM/DD/YYYY hh:mm:ss A') {
          expect(0x20);
          if (p + 2 !== end) return false;
          const a = bytes[p]! | 0x20;
          const m = bytes[p + 1]! | 0x20;
          if ((a !== 0x61 && a !== 0x70) || m !== 0x6d || hour < 1 || hour > 12) return false;
          hour = (hour % 12) + (a === 0x70 ? 12 : 0);
          p += 2;
        }
      }
      break;
    }
  }
  if (p !== end || year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return false;
  if (!isValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return false;
  const wallMs = daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
  if (offsetMinutes !== undefined) {
    out.utcMs = wallMs - offsetMinutes * 60_000;
    out.localMs = zone ? zone.toLocal(out.utcMs) : wallMs;
  } else {
    out.utcMs = zone ? zone.toUtc(wallMs) : wallMs;
    out.localMs = wallMs;
  }
  return true;
}
