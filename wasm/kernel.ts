// The kernel (AssemblyScript, compiled to WebAssembly by `npm run build`): the byte loops of ingest's fast
// path: finding the fields of plain records with 16-byte SIMD compares; reading numbers and ISO timestamps and
// interning cells for a whole batch column; and sorting an organisation's durations. Then the clustering's
// loops over rows: k-means++ seeding's candidate passes, Lloyd's E-step and the silhouette's pair sums, each
// summing as the TypeScript loops do, so that every result has their bits. Every ingest function is
// conservative: what it does not take (a quote, a CR, a wrong field count, a number or timestamp in any but the
// plainest form, a value not yet in a table) it leaves to the TypeScript code, which reads it exactly as without
// the kernel. Memory is the caller's: it passes where each array starts.

import {
  AGENT_WAYS, C_BAD, C_GOOD, C_ONE_TOUCH, C_OPEN, C_REOPENED, C_REPLIES_SUM, C_SOLVED, C_SOLVED_WITH_REOPENS, C_SOLVED_WITH_REPLIES, C_TICKETS, C_WITH_REPLIES,
  CC_BAD, CC_GOOD, CC_SOLVED, CC_TICKETS, CHANNEL_COUNTERS, CHANNEL_STRIDE, F64_CREATED_LOCAL, F64_CREATED_UTC, F64_FIRST_REPLY, F64_REOPENS, F64_REPLIES,
  F64_RESOLUTION, HOUR_LIMIT, I32_ASSIGNEE, I32_CHANNEL, I32_ORG, I32_RATING, N_CHANNELS, ORG_STRIDE, RATED_BAD, RATED_GOOD,
} from '../src/metrics/layout';

const COMMA: u8 = 0x2c;
const LF: u8 = 0x0a;
const CR: u8 = 0x0d;
const QUOTE: u8 = 0x22;

/** Where the record after the last one scanPlain took starts. */
export let scanEnd: i32 = 0;
/** How many quoted fields the records scanPlain took have (0: none; the caller then need not look). */
export let scanQuoted: i32 = 0;
/** How many line breaks inside quotes the records scanPlain took have (0: each is one line). */
export let scanBreaks: i32 = 0;

/**
 * Scans records from `p` that are plain: exactly `nColumns` fields, each unquoted (no quote, CR or LF byte) or
 * quoted whole ("…", with "" for a quote inside, and LF line breaks but no CR inside), ended by an LF before
 * `length` (a blank line is not plain). Record r's field j is [starts[r · nColumns + j], ends[…]) (i32 arrays; a
 * quoted field's bytes between its quotes) and quoting[…] is 0 unquoted, 1 quoted, 2 quoted with "" inside (u8),
 * as the TypeScript scanner writes them; breaks[r] is how many line breaks record r has inside quotes (i32).
 * Stops before the first record that is not plain (a CR, a quote inside an unquoted field, anything but a
 * delimiter after a closing quote: the TypeScript scanner reads or words those), after `maxRecords`, or at a
 * record the data cuts; returns the number of records taken and sets scanEnd, scanQuoted and scanBreaks.
 */
export function scanPlain(bytes: usize, p: i32, length: i32, nColumns: i32, maxRecords: i32, starts: usize, ends: usize, quoting: usize, breaks: usize): i32 {
  let r: i32 = 0;
  let j: i32 = 0;
  let k: i32 = 0;
  let recordStart = p;
  let fieldStart = p;
  // Quoted fields so far, and in the records taken.
  let nQuoted: i32 = 0;
  let nQuotedTaken: i32 = 0;
  // Line breaks inside quotes: in the record being scanned, and in the records taken.
  let recordBreaks: i32 = 0;
  let nBreaksTaken: i32 = 0;
  const commas = i8x16.splat(COMMA);
  const lfs = i8x16.splat(LF);
  const crs = i8x16.splat(CR);
  const quotes = i8x16.splat(QUOTE);
  let block = p;
  while (block < length) {
    let mask: i32;
    if (block + 16 <= length) {
      const v = v128.load(bytes + <usize>block);
      mask = i8x16.bitmask(v128.or(v128.or(i8x16.eq(v, commas), i8x16.eq(v, lfs)), v128.or(i8x16.eq(v, crs), i8x16.eq(v, quotes))));
    } else {
      mask = 0;
      for (let i = block; i < length; i++) {
        const c = load<u8>(bytes + <usize>i);
        if (c == COMMA || c == LF || c == CR || c == QUOTE) mask |= 1 << (i - block);
      }
    }
    // Where the next block starts: 16 bytes on, or just after a quoted field's delimiter.
    let next = block + 16;
    let isStopped = false;
    while (mask != 0) {
      let at = block + ctz(mask);
      mask &= mask - 1;
      let c = load<u8>(bytes + <usize>at);
      let quoted: u8 = 0;
      let valueStart = fieldStart;
      let valueEnd = at;
      if (c == QUOTE) {
        // A quoted field: its closing quote, then the delimiter after it.
        const close = at == fieldStart ? closingQuote(bytes, at + 1, length) : -1;
        if (close < 0 || close + 1 >= length) {
          isStopped = true;
          break;
        }
        quoted = closingQuoteKind;
        recordBreaks += closingQuoteBreaks;
        valueStart = at + 1;
        valueEnd = close;
        at = close + 1;
        c = load<u8>(bytes + <usize>at);
        next = at + 1;
        mask = 0;
        nQuoted++;
      }
      const slot = <usize>(k + j);
      if (c == COMMA) {
        if (j + 1 >= nColumns) {
          isStopped = true;
          break;
        }
        store<i32>(starts + (slot << 2), valueStart);
        store<i32>(ends + (slot << 2), valueEnd);
        store<u8>(quoting + slot, quoted);
        j++;
        fieldStart = at + 1;
      } else if (c == LF) {
        if (j != nColumns - 1 || (nColumns == 1 && fieldStart == at)) {
          isStopped = true;
          break;
        }
        store<i32>(starts + (slot << 2), valueStart);
        store<i32>(ends + (slot << 2), valueEnd);
        store<u8>(quoting + slot, quoted);
        store<i32>(breaks + (<usize>r << 2), recordBreaks);
        nBreaksTaken += recordBreaks;
        recordBreaks = 0;
        r++;
        k += nColumns;
        j = 0;
        recordStart = at + 1;
        fieldStart = at + 1;
        nQuotedTaken = nQuoted;
        if (r == maxRecords) break;
      } else {
        // A CR, or anything but a delimiter after a closing quote.
        isStopped = true;
        break;
      }
    }
    if (isStopped || r == maxRecords) break;
    block = next;
  }
  scanEnd = recordStart;
  scanQuoted = nQuotedTaken;
  scanBreaks = nBreaksTaken;
  return r;
}

/** What closingQuote found inside the quotes: 1 nothing, 2 a doubled quote; and how many LFs. */
let closingQuoteKind: u8 = 1;
let closingQuoteBreaks: i32 = 0;

/**
 * Where the quote closing a field that opened before `from` is (a quote not followed by another), or −1 where
 * a CR comes first or the data ends before it is certain; sets closingQuoteKind and closingQuoteBreaks.
 */
function closingQuote(bytes: usize, from: i32, length: i32): i32 {
  const lfs = i8x16.splat(LF);
  const crs = i8x16.splat(CR);
  const quotes = i8x16.splat(QUOTE);
  closingQuoteKind = 1;
  closingQuoteBreaks = 0;
  let q = from;
  while (q < length) {
    let at: i32;
    if (q + 16 <= length) {
      const v = v128.load(bytes + <usize>q);
      const mask = i8x16.bitmask(v128.or(i8x16.eq(v, quotes), v128.or(i8x16.eq(v, lfs), i8x16.eq(v, crs))));
      if (mask == 0) {
        q += 16;
        continue;
      }
      at = q + ctz(mask);
    } else {
      at = q;
      while (at < length) {
        const c = load<u8>(bytes + <usize>at);
        if (c == QUOTE || c == LF || c == CR) break;
        at++;
      }
      if (at >= length) return -1;
    }
    const c = load<u8>(bytes + <usize>at);
    if (c == LF) {
      closingQuoteBreaks++;
      q = at + 1;
      continue;
    }
    if (c != QUOTE) return -1;
    if (at + 1 >= length) return -1;
    if (load<u8>(bytes + <usize>(at + 1)) != QUOTE) return at;
    closingQuoteKind = 2;
    q = at + 2;
  }
  return -1;
}

/**
 * A plain decimal (optional sign, digits, optional fraction; at most 15 digits), as bytes.ts decimalFromBytes
 * reads it, with the same arithmetic; NaN for anything else.
 */
function decimal(bytes: usize, start: i32, end: i32): f64 {
  let p = start;
  let sign: f64 = 1;
  if (p < end) {
    const c = load<u8>(bytes + <usize>p);
    if (c == 0x2d || c == 0x2b) {
      if (c == 0x2d) sign = -1;
      p++;
    }
  }
  let value: f64 = 0;
  let nDigits = 0;
  while (p < end) {
    const c = <i32>load<u8>(bytes + <usize>p) - 0x30;
    if (c < 0 || c > 9) break;
    value = value * 10 + <f64>c;
    nDigits++;
    p++;
  }
  if (p < end && load<u8>(bytes + <usize>p) == 0x2e) {
    p++;
    let scale: f64 = 1;
    while (p < end) {
      const c = <i32>load<u8>(bytes + <usize>p) - 0x30;
      if (c < 0 || c > 9) break;
      value = value * 10 + <f64>c;
      scale *= 10;
      nDigits++;
      p++;
    }
    if (nDigits > 15) return NaN;
    value /= scale;
  }
  if (p != end || nDigits == 0 || nDigits > 15) return NaN;
  return sign * value;
}

/**
 * Column `column` of n rows (fields at starts/ends[r · stride + column]) as numbers ≥ 0 times `scale` into out
 * (f64); an empty cell is NaN; a row whose cell is anything else gets slow[r] = 1 (as BatchDecoder does).
 */
export function decodeNonNegative(bytes: usize, starts: usize, ends: usize, stride: i32, column: i32, n: i32, out: usize, scale: f64, slow: usize): void {
  for (let r = 0; r < n; r++) {
    const at = <usize>(r * stride + column) << 2;
    const s = load<i32>(starts + at);
    const e = load<i32>(ends + at);
    if (s == e) {
      store<f64>(out + (<usize>r << 3), NaN);
      continue;
    }
    const value = decimal(bytes, s, e);
    if (!(value >= 0)) store<u8>(slow + <usize>r, 1);
    store<f64>(out + (<usize>r << 3), value * scale);
  }
}

function twoDigits(bytes: usize, p: i32): i32 {
  const a = <i32>load<u8>(bytes + <usize>p) - 0x30;
  const b = <i32>load<u8>(bytes + <usize>p + 1) - 0x30;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function floorDiv(a: i32, b: i32): i32 {
  const q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil), as bytes.ts daysFromCivil. */
function daysFromCivil(year: i32, month: i32, day: i32): i32 {
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = floorDiv(153 * (month + (month > 2 ? -3 : 9)) + 2, 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + floorDiv(yearOfEra, 4) - floorDiv(yearOfEra, 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

// The calendar of the years the kernel reads (1970–2100, as bytes.ts isValidDate), a month at a time: the day
// its first day is (days since 1970-01-01) and its length, made on first use; a date is then two lookups.
const FIRST_YEAR = 1970;
const LAST_YEAR = 2100;
const N_MONTHS = (LAST_YEAR - FIRST_YEAR + 1) * 12;
const MONTH_START = memory.data(N_MONTHS * 4);
const MONTH_LENGTH = memory.data(N_MONTHS);
let isCalendarMade = false;

function makeCalendar(): void {
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    const isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    for (let month = 1; month <= 12; month++) {
      const at = <usize>((year - FIRST_YEAR) * 12 + month - 1);
      let days = 31;
      if (month == 2) days = isLeap ? 29 : 28;
      else if (month == 4 || month == 6 || month == 9 || month == 11) days = 30;
      store<i32>(MONTH_START + (at << 2), daysFromCivil(year, month, 1));
      store<u8>(MONTH_LENGTH + at, <u8>days);
    }
  }
  isCalendarMade = true;
}

/** Days since 1970-01-01 of a valid date of 1970–2100 (as daysFromCivil), or -2147483648 for any other date. */
function dayOf(year: i32, month: i32, day: i32): i32 {
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12 || day < 1) return i32.MIN_VALUE;
  if (!isCalendarMade) makeCalendar();
  const at = <usize>((year - FIRST_YEAR) * 12 + month - 1);
  if (day > <i32>load<u8>(MONTH_LENGTH + at)) return i32.MIN_VALUE;
  return load<i32>(MONTH_START + (at << 2)) + day - 1;
}

/** The date forms the kernel reads (formats.ts DATE_FORMATS, in that order): 0 is the plainest ISO form only. */
const DATE_ISO = 0;
const DATE_DAY_FIRST = 1;
const DATE_SHORT_YEAR = 2;
const DATE_AM_PM = 3;

/**
 * Column `column` of n rows as wall-clock milliseconds into out (f64), in date form `format`: 0, the plainest
 * ISO form `YYYY-MM-DD HH:MM:SS` (or with T), as bytes.ts isoFixed reads it; 1–3, `D/M/YYYY HH:mm`,
 * `M/D/YY H:mm` and `MM/DD/YYYY hh:mm:ss A`, as bytes.ts dateFromBytesGeneral reads them. An empty cell is NaN
 * (and, when `isRequired`, slow[r] = 1). A cell the kernel does not read gets ask[r] = 1, for the TypeScript
 * parser; returns how many did.
 */
export function decodeDates(bytes: usize, starts: usize, ends: usize, stride: i32, column: i32, n: i32, out: usize, isRequired: bool, slow: usize, ask: usize, format: i32): i32 {
  let asked = 0;
  for (let r = 0; r < n; r++) {
    const at = <usize>(r * stride + column) << 2;
    const s = load<i32>(starts + at);
    const e = load<i32>(ends + at);
    store<u8>(ask + <usize>r, 0);
    if (s == e) {
      if (isRequired) store<u8>(slow + <usize>r, 1);
      store<f64>(out + (<usize>r << 3), NaN);
      continue;
    }
    const ms = format == DATE_ISO ? isoFixed(bytes, s, e) : slashDate(bytes, s, e, format);
    if (ms == ms) {
      store<f64>(out + (<usize>r << 3), ms);
    } else {
      store<u8>(ask + <usize>r, 1);
      asked++;
    }
  }
  return asked;
}

/** Where slashDate reads. */
let cursor: i32 = 0;

/** 1..max digits at the cursor, as a number (the cursor moves past them); -1 when there are none. */
function digitsAt(bytes: usize, end: i32, max: i32): i32 {
  let value = 0;
  let n = 0;
  while (n < max && cursor < end) {
    const c = <i32>load<u8>(bytes + <usize>cursor) - 0x30;
    if (c < 0 || c > 9) break;
    value = value * 10 + c;
    n++;
    cursor++;
  }
  return n == 0 ? -1 : value;
}

/** Whether the byte at the cursor is `byte` (the cursor moves past it if so). */
function expectAt(bytes: usize, end: i32, byte: u8): bool {
  if (cursor < end && load<u8>(bytes + <usize>cursor) == byte) {
    cursor++;
    return true;
  }
  return false;
}

/** A slashed date (forms 1–3 of decodeDates) in [p, end), as dateFromBytesGeneral reads it; NaN otherwise. */
function slashDate(bytes: usize, p: i32, end: i32, format: i32): f64 {
  cursor = p;
  const first = digitsAt(bytes, end, 2);
  if (!expectAt(bytes, end, 0x2f)) return NaN;
  const second_ = digitsAt(bytes, end, 2);
  if (!expectAt(bytes, end, 0x2f)) return NaN;
  const yearStart = cursor;
  let year = digitsAt(bytes, end, 4);
  const yearDigits = cursor - yearStart;
  if (format == DATE_SHORT_YEAR) {
    if (yearDigits != 2) return NaN;
    year = year < 70 ? 2000 + year : 1900 + year;
  } else if (yearDigits != 4) {
    return NaN;
  }
  const day = format == DATE_DAY_FIRST ? first : second_;
  const month = format == DATE_DAY_FIRST ? second_ : first;
  let hour = 0;
  let minute = 0;
  let second = 0;
  if (cursor < end) {
    if (!expectAt(bytes, end, 0x20)) return NaN;
    hour = digitsAt(bytes, end, 2);
    if (!expectAt(bytes, end, 0x3a)) return NaN;
    minute = digitsAt(bytes, end, 2);
    if (expectAt(bytes, end, 0x3a)) second = digitsAt(bytes, end, 2);
    if (format == DATE_AM_PM) {
      expectAt(bytes, end, 0x20);
      if (cursor + 2 != end) return NaN;
      const a = load<u8>(bytes + <usize>cursor) | 0x20;
      const m = load<u8>(bytes + <usize>cursor + 1) | 0x20;
      if ((a != 0x61 && a != 0x70) || m != 0x6d || hour < 1 || hour > 12) return NaN;
      hour = (hour % 12) + (a == 0x70 ? 12 : 0);
      cursor += 2;
    }
  }
  if (cursor != end || year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return NaN;
  const days = dayOf(year, month, day);
  if (days == i32.MIN_VALUE || hour > 23 || minute > 59 || second > 59) return NaN;
  return <f64>(<i64>days * 86_400_000 + <i64>hour * 3_600_000 + <i64>minute * 60_000 + <i64>second * 1000);
}

function isoFixed(bytes: usize, p: i32, end: i32): f64 {
  if (end - p != 19) return NaN;
  if (load<u8>(bytes + <usize>p + 4) != 0x2d || load<u8>(bytes + <usize>p + 7) != 0x2d || load<u8>(bytes + <usize>p + 13) != 0x3a || load<u8>(bytes + <usize>p + 16) != 0x3a) return NaN;
  const separator = load<u8>(bytes + <usize>p + 10);
  if (separator != 0x20 && separator != 0x54) return NaN;
  const century = twoDigits(bytes, p);
  const yy = twoDigits(bytes, p + 2);
  const month = twoDigits(bytes, p + 5);
  const day = twoDigits(bytes, p + 8);
  const hour = twoDigits(bytes, p + 11);
  const minute = twoDigits(bytes, p + 14);
  const second = twoDigits(bytes, p + 17);
  if (century < 0 || yy < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return NaN;
  const year = century * 100 + yy;
  const days = dayOf(year, month, day);
  if (days == i32.MIN_VALUE || hour > 23 || minute > 59 || second > 59) return NaN;
  return <f64>(<i64>days * 86_400_000 + <i64>hour * 3_600_000 + <i64>minute * 60_000 + <i64>second * 1000);
}

// Interning tables: distinct cell bytes → a value the TypeScript side computed once. A table's header (eight
// i32 at `table`): slot mask, entries, entry capacity, arena bytes used, arena capacity, and where its slots
// (i32: entry + 1, 0 empty; room for twice the entry capacity, used as the entries need: at most half full),
// entries (i32 × 4: hash, arena offset, length, value) and arena start.
const T_MASK = 0;
const T_SIZE = 4;
const T_CAPACITY = 8;
const T_ARENA_USED = 12;
const T_ARENA_CAPACITY = 16;
const T_SLOTS = 20;
const T_ENTRIES = 24;
const T_ARENA = 28;

/** The bytes [p, p + n) (n < 8) as the low bytes of a u64: an 8-byte load (what follows is readable), masked. */
@inline function tailWord(at: usize, n: i32): u64 {
  return load<u64>(at) & ((<u64>1 << (<u64>n << 3)) - 1);
}

/** A hash of bytes [s, e), eight at a time (what follows them in memory is readable). */
function hashOf(bytes: usize, s: i32, e: i32): i32 {
  let hash: u64 = <u64>(e - s) * 0x9e3779b97f4a7c15;
  let p = s;
  for (; p + 8 <= e; p += 8) hash = (hash ^ load<u64>(bytes + <usize>p)) * 0xff51afd7ed558ccd;
  if (p < e) hash = (hash ^ tailWord(bytes + <usize>p, e - p)) * 0xff51afd7ed558ccd;
  return <i32>(hash ^ (hash >> 29) ^ (hash >> 47));
}

/** Whether n bytes at a and at b are the same, eight at a time (what follows both is readable). */
function sameBytes(a: usize, b: usize, n: i32): bool {
  let i = 0;
  for (; i + 8 <= n; i += 8) if (load<u64>(a + <usize>i) != load<u64>(b + <usize>i)) return false;
  return i == n || tailWord(a + <usize>i, n - i) == tailWord(b + <usize>i, n - i);
}

/** The entry of bytes [s, e) in the table, or -1. */
function find(table: usize, bytes: usize, s: i32, e: i32, hash: i32): i32 {
  const mask = load<i32>(table + T_MASK);
  const slots = <usize>load<i32>(table + T_SLOTS);
  const entries = <usize>load<i32>(table + T_ENTRIES);
  const arena = <usize>load<i32>(table + T_ARENA);
  const length = e - s;
  for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
    const entry = load<i32>(slots + (<usize>slot << 2)) - 1;
    if (entry == -1) return -1;
    const at = entries + (<usize>entry << 4);
    if (load<i32>(at) != hash || load<i32>(at + 8) != length) continue;
    if (sameBytes(arena + <usize>load<i32>(at + 4), bytes + <usize>s, length)) return entry;
  }
  return -1;
}

/**
 * Column `column` of n rows through the table into out (i32): rows with slow[r] set are skipped; an empty cell
 * is `empty` (and, when `isRequired`, slow[r] = 1); a value of -2 (a cell the batch does not read) sets slow[r].
 * A cell not in the table gets ask[r] = 1, for the TypeScript side to compute and add; returns how many did.
 */
export function internColumn(bytes: usize, starts: usize, ends: usize, stride: i32, column: i32, n: i32, table: usize, out: usize, empty: i32, isRequired: bool, slow: usize, ask: usize): i32 {
  let asked = 0;
  const entries = <usize>load<i32>(table + T_ENTRIES);
  for (let r = 0; r < n; r++) {
    store<u8>(ask + <usize>r, 0);
    if (load<u8>(slow + <usize>r) != 0) continue;
    const at = <usize>(r * stride + column) << 2;
    const s = load<i32>(starts + at);
    const e = load<i32>(ends + at);
    if (s == e) {
      if (isRequired) store<u8>(slow + <usize>r, 1);
      store<i32>(out + (<usize>r << 2), empty);
      continue;
    }
    const entry = find(table, bytes, s, e, hashOf(bytes, s, e));
    if (entry == -1) {
      store<u8>(ask + <usize>r, 1);
      asked++;
      continue;
    }
    const value = load<i32>(entries + (<usize>entry << 4) + 12);
    if (value == -2) store<u8>(slow + <usize>r, 1);
    store<i32>(out + (<usize>r << 2), value);
  }
  return asked;
}

/** Adds bytes [s, e) → value to the table (if not there); false when the table is full. */
export function internAdd(table: usize, bytes: usize, s: i32, e: i32, value: i32): bool {
  const hash = hashOf(bytes, s, e);
  if (find(table, bytes, s, e, hash) != -1) return true;
  const size = load<i32>(table + T_SIZE);
  const length = e - s;
  const used = load<i32>(table + T_ARENA_USED);
  if (size >= load<i32>(table + T_CAPACITY) || used + length > load<i32>(table + T_ARENA_CAPACITY)) return false;
  const arena = <usize>load<i32>(table + T_ARENA);
  memory.copy(arena + <usize>used, bytes + <usize>s, <usize>length);
  const at = <usize>load<i32>(table + T_ENTRIES) + (<usize>size << 4);
  store<i32>(at, hash);
  store<i32>(at + 4, used);
  store<i32>(at + 8, length);
  store<i32>(at + 12, value);
  store<i32>(table + T_ARENA_USED, used + length);
  store<i32>(table + T_SIZE, size + 1);
  let mask = load<i32>(table + T_MASK);
  const slots = <usize>load<i32>(table + T_SLOTS);
  if ((size + 1) * 2 > mask + 1) {
    // Half full: twice the slots (the region has room for twice the entry capacity), every entry placed again.
    // The slot array stays as small as the values are few, so a lookup stays in cache.
    mask = mask * 2 + 1;
    store<i32>(table + T_MASK, mask);
    memory.fill(slots, 0, <usize>(mask + 1) << 2);
    const entries = <usize>load<i32>(table + T_ENTRIES);
    for (let entry = 0; entry < size; entry++) place(slots, mask, load<i32>(entries + (<usize>entry << 4)), entry);
  }
  place(slots, mask, hash, size);
  return true;
}

function place(slots: usize, mask: i32, hash: i32, entry: i32): void {
  let slot = hash & mask;
  while (load<i32>(slots + (<usize>slot << 2)) != 0) slot = (slot + 1) & mask;
  store<i32>(slots + (<usize>slot << 2), entry + 1);
}

// Sorting durations: each organisation's values are sorted within each of its channel groups and as a whole,
// a span at a time (the caller copies one organisation's span in and out), in place: insertion sort for short
// ranges, an LSD radix sort over order-preserving keys for the rest.

/** The order-preserving unsigned key of a double (negative values and -0 below +0, as a typed array sorts). */
@inline function keyOf(bits: u64): u64 {
  return (bits >> 63) != 0 ? ~bits : bits | 0x8000000000000000;
}

@inline function bitsOf(key: u64): u64 {
  return (key >> 63) != 0 ? key & 0x7fffffffffffffff : ~key;
}

/** Sorts the keys at [at, at + 8n) (u64), using `scratch` (8n bytes) and `counts` (8 × 256 u32). */
function sortKeys(at: usize, n: i32, scratch: usize, counts: usize): void {
  if (n < 48) {
    for (let i = 1; i < n; i++) {
      const key = load<u64>(at + (<usize>i << 3));
      let j = i - 1;
      while (j >= 0 && load<u64>(at + (<usize>j << 3)) > key) {
        store<u64>(at + (<usize>(j + 1) << 3), load<u64>(at + (<usize>j << 3)));
        j--;
      }
      store<u64>(at + (<usize>(j + 1) << 3), key);
    }
    return;
  }
  memory.fill(counts, 0, 8 * 256 * 4);
  for (let i = 0; i < n; i++) {
    const key = load<u64>(at + (<usize>i << 3));
    for (let d = 0; d < 8; d++) {
      const c = counts + ((<usize>d << 8) + <usize>((key >> (<u64>d << 3)) & 0xff)) * 4;
      store<u32>(c, load<u32>(c) + 1);
    }
  }
  let from = at;
  let to = scratch;
  for (let d = 0; d < 8; d++) {
    const table = counts + (<usize>d << 10);
    // A digit all keys share moves nothing.
    let isConstant = false;
    for (let b = 0; b < 256; b++) {
      const c = load<u32>(table + (<usize>b << 2));
      if (c == <u32>n) isConstant = true;
      if (c != 0) break;
    }
    if (isConstant) continue;
    let sum: u32 = 0;
    for (let b = 0; b < 256; b++) {
      const c = table + (<usize>b << 2);
      const count = load<u32>(c);
      store<u32>(c, sum);
      sum += count;
    }
    const shift = <u64>d << 3;
    for (let i = 0; i < n; i++) {
      const key = load<u64>(from + (<usize>i << 3));
      const c = table + (<usize>((key >> shift) & 0xff) << 2);
      const slot = load<u32>(c);
      store<u32>(c, slot + 1);
      store<u64>(to + (<usize>slot << 3), key);
    }
    const swap = from;
    from = to;
    to = swap;
  }
  if (from != at) memory.copy(at, from, <usize>n << 3);
}

/**
 * Sorts each range [bounds[r], bounds[r + 1]) (i32 bounds, nRanges + 1 of them) of the f64 values at `values`
 * in place, ascending as a typed array sorts; `scratch` holds 8 bytes per value, `counts` 8 × 256 u32.
 */
export function sortRanges(values: usize, bounds: usize, nRanges: i32, scratch: usize, counts: usize): void {
  const n = load<i32>(bounds + (<usize>nRanges << 2));
  for (let i = 0; i < n; i++) store<u64>(values + (<usize>i << 3), keyOf(load<u64>(values + (<usize>i << 3))));
  for (let r = 0; r < nRanges; r++) {
    const start = load<i32>(bounds + (<usize>r << 2));
    const end = load<i32>(bounds + (<usize>(r + 1) << 2));
    if (end - start > 1) sortKeys(values + (<usize>start << 3), end - start, scratch, counts);
  }
  for (let i = 0; i < n; i++) store<u64>(values + (<usize>i << 3), bitsOf(load<u64>(values + (<usize>i << 3))));
}

/**
 * Merges the ascending ranges [bounds[r], bounds[r + 1]) (nRanges of them, adjacent, from 0) of the f64 values
 * at `values` into one ascending run, in place, pairwise (bottom-up), with `scratch` (8 bytes per value):
 * cheaper than sorting again. Ordered as a typed array sorts (-0 before +0).
 */
export function mergeRanges(values: usize, bounds: usize, nRanges: i32, scratch: usize): void {
  let from = values;
  let to = scratch;
  let runs = nRanges;
  // bounds is rewritten as runs merge: run r is [bounds[r], bounds[r + 1]).
  while (runs > 1) {
    let out = 0;
    for (let r = 0; r < runs; r += 2) {
      const start = load<i32>(bounds + (<usize>r << 2));
      const middle = load<i32>(bounds + (<usize>(r + 1) << 2));
      const end = r + 2 <= runs ? load<i32>(bounds + (<usize>(r + 2) << 2)) : middle;
      let i = start;
      let j = middle;
      let k = start;
      while (i < middle && j < end) {
        const a = load<u64>(from + (<usize>i << 3));
        const b = load<u64>(from + (<usize>j << 3));
        if (keyOf(a) <= keyOf(b)) {
          store<u64>(to + (<usize>k << 3), a);
          i++;
        } else {
          store<u64>(to + (<usize>k << 3), b);
          j++;
        }
        k++;
      }
      if (i < middle) memory.copy(to + (<usize>k << 3), from + (<usize>i << 3), <usize>(middle - i) << 3);
      if (j < end) memory.copy(to + (<usize>(k + middle - i) << 3), from + (<usize>j << 3), <usize>(end - j) << 3);
      store<i32>(bounds + (<usize>out << 2), start);
      out++;
    }
    store<i32>(bounds + (<usize>out << 2), load<i32>(bounds + (<usize>runs << 2)));
    runs = out;
    const swap = from;
    from = to;
    to = swap;
  }
  if (from != values) memory.copy(values, from, <usize>load<i32>(bounds + 4) << 3);
}

// Sealing activity hours: a log block of (organisation, hour) pairs at a time, first for each organisation's
// count and span, then for its bits (or its list, when its hours are too sparse for a bitmap).

/** Adds n pairs to the organisations' counts and spans (i32 arrays: count, lowest and highest hour). */
export function hourSpans(orgs: usize, hours: usize, n: i32, counts: usize, low: usize, high: usize): void {
  for (let i = 0; i < n; i++) {
    const at = <usize>load<i32>(orgs + (<usize>i << 2)) << 2;
    const hour = load<i32>(hours + (<usize>i << 2));
    store<i32>(counts + at, load<i32>(counts + at) + 1);
    if (hour < load<i32>(low + at)) store<i32>(low + at, hour);
    if (hour > load<i32>(high + at)) store<i32>(high + at, hour);
  }
}

/**
 * Sets n pairs' hours: organisation o's hour h is bit h & 31 of bits[origin[o] + (h >> 5)], or, for an
 * organisation listed instead (listCursor[o] ≥ 0), the next entry of `listed` from listCursor[o] on.
 */
export function hourBits(orgs: usize, hours: usize, n: i32, origin: usize, bits: usize, listCursor: usize, listed: usize): void {
  for (let i = 0; i < n; i++) {
    const at = <usize>load<i32>(orgs + (<usize>i << 2)) << 2;
    const hour = load<i32>(hours + (<usize>i << 2));
    const cursor = load<i32>(listCursor + at);
    if (cursor >= 0) {
      store<i32>(listed + (<usize>cursor << 2), hour);
      store<i32>(listCursor + at, cursor + 1);
    } else {
      const word = bits + (<usize>(load<i32>(origin + at) + (hour >> 5)) << 2);
      store<u32>(word, load<u32>(word) | (<u32>1 << <u32>(hour & 31)));
    }
  }
}

/** Counts n group numbers (i32) into counts[group + 1] (i32). */
export function countGroups(groups: usize, n: i32, counts: usize): void {
  for (let i = 0; i < n; i++) {
    const at = counts + ((<usize>load<i32>(groups + (<usize>i << 2)) + 1) << 2);
    store<i32>(at, load<i32>(at) + 1);
  }
}

/** Places n values (f64) by group: value i at out[cursor[groups[i]]++], in order. */
export function scatterGroups(values: usize, groups: usize, n: i32, cursor: usize, out: usize): void {
  for (let i = 0; i < n; i++) {
    const at = cursor + (<usize>load<i32>(groups + (<usize>i << 2)) << 2);
    const to = load<i32>(at);
    store<i32>(at, to + 1);
    store<f64>(out + (<usize>to << 3), load<f64>(values + (<usize>i << 3)));
  }
}

// Folding a decoded batch into the accumulator's counters (metrics/accumulator.ts TicketAccumulator.addBatch,
// row for row the same arithmetic; the layout is metrics/layout.ts, compiled into both): the counters live in this memory while a file is read; the durations, activity
// hours and new (organisation, agent) pairs of the batch are written out for the accumulator to append.

const HOUR_LIMIT_F64: f64 = <f64>HOUR_LIMIT;
const MINUTE_MS: f64 = 60000;
const HOUR_MS: f64 = 3600000;

@inline function bump(at: usize): void {
  store<f64>(at, load<f64>(at) + 1);
}

/** Writes (org, hour) to the hour output when the hour is a clock hour (hour-log.ts add); returns the new count. */
@inline function noteHour(orgs: usize, hours: usize, nHours: i32, org: i32, hourValue: f64): i32 {
  const hour = Math.floor(hourValue);
  if (!(hour >= -HOUR_LIMIT_F64 && hour <= HOUR_LIMIT_F64)) return nHours;
  store<i32>(orgs + (<usize>nHours << 2), org);
  store<i32>(hours + (<usize>nHours << 2), <i32>hour);
  return nHours + 1;
}

/**
 * Folds the batch's rows r < n without slow[r] into the counters at `counts` (f64, ORG_STRIDE per
 * organisation). Columns of `rows` values each, in the batch decoder's order: f64 createdUtc, createdLocal,
 * solvedUtc, solvedLocal, resolution, firstReply, replies, reopens; i32 rating, assignee, channel, org.
 * Writes out: the resolution and first-reply durations with their groups (`durations`: resolution values,
 * first-reply values (f64 × rows each), then their groups (i32 × rows each)); the activity hours (`hours`:
 * organisations then hours, i32 × 2 rows each); the (organisation, agent) pairs not in `agentCache` (`pairs`:
 * organisations then agents, i32 × rows each), which are then put in it (AGENT_WAYS i32 per organisation, beside
 * no other). `result`: f64 lowest and highest
 * creation time (read and updated), then i32 counts of resolution values, first-reply values, hours and pairs.
 * Returns the rows folded.
 */
export function foldRows(n: i32, rows: i32, f64Columns: usize, i32Columns: usize, slow: usize, counts: usize, isCalendar: bool, durations: usize, hours: usize, pairs: usize, agentCache: usize, result: usize): i32 {
  const f64Column = <usize>rows << 3;
  const i32Column = <usize>rows << 2;
  const createdUtc = f64Columns + <usize>F64_CREATED_UTC * f64Column;
  const createdLocal = f64Columns + <usize>F64_CREATED_LOCAL * f64Column;
  const resolution = f64Columns + <usize>F64_RESOLUTION * f64Column;
  const firstReply = f64Columns + <usize>F64_FIRST_REPLY * f64Column;
  const replies = f64Columns + <usize>F64_REPLIES * f64Column;
  const reopens = f64Columns + <usize>F64_REOPENS * f64Column;
  const rating = i32Columns + <usize>I32_RATING * i32Column;
  const assignee = i32Columns + <usize>I32_ASSIGNEE * i32Column;
  const channel = i32Columns + <usize>I32_CHANNEL * i32Column;
  const org = i32Columns + <usize>I32_ORG * i32Column;
  const resValues = durations;
  const frValues = durations + f64Column;
  const resGroups = durations + 2 * f64Column;
  const frGroups = resGroups + i32Column;
  const hourOrgs = hours;
  const hourValues = hours + 2 * i32Column;
  const pairOrgs = pairs;
  const pairAgents = pairs + i32Column;
  let createdMin = load<f64>(result);
  let createdMax = load<f64>(result + 8);
  let nRes = 0;
  let nFr = 0;
  let nHours = 0;
  let nPairs = 0;
  let folded = 0;
  for (let r = 0; r < n; r++) {
    if (load<u8>(slow + <usize>r) != 0) continue;
    folded++;
    const at4 = <usize>r << 2;
    const at8 = <usize>r << 3;
    const o = load<i32>(org + at4);
    const c = load<i32>(channel + at4);
    const group = o * N_CHANNELS + c;
    const base = counts + ((<usize>o * ORG_STRIDE) << 3);
    const channelBase = base + (<usize>(CHANNEL_COUNTERS + c * CHANNEL_STRIDE) << 3);
    const created = load<f64>(createdUtc + at8);
    if (created < createdMin) createdMin = created;
    if (created > createdMax) createdMax = created;
    bump(base + (C_TICKETS << 3));
    bump(channelBase + (CC_TICKETS << 3));
    const agent = load<i32>(assignee + at4);
    if (agent != -1) {
      // The organisation's last AGENT_WAYS agents handed over (agent + 1; 0 empty), newest first.
      const ways = agentCache + ((<usize>o * AGENT_WAYS) << 2);
      let way = 0;
      while (way < AGENT_WAYS && load<i32>(ways + (<usize>way << 2)) != agent + 1) way++;
      if (way == AGENT_WAYS) {
        memory.copy(ways + 4, ways, (AGENT_WAYS - 1) << 2);
        store<i32>(ways, agent + 1);
        store<i32>(pairOrgs + (<usize>nPairs << 2), o);
        store<i32>(pairAgents + (<usize>nPairs << 2), agent);
        nPairs++;
      }
    }
    const repliesValue = load<f64>(replies + at8);
    const hasReplies = repliesValue == repliesValue;
    if (hasReplies) {
      store<f64>(base + (C_REPLIES_SUM << 3), load<f64>(base + (C_REPLIES_SUM << 3)) + repliesValue);
      bump(base + (C_WITH_REPLIES << 3));
    }
    const createdLocalMs = load<f64>(createdLocal + at8);
    const firstReplyMinutes = load<f64>(firstReply + at8);
    if (firstReplyMinutes == firstReplyMinutes) {
      store<f64>(frValues + (<usize>nFr << 3), firstReplyMinutes);
      store<i32>(frGroups + (<usize>nFr << 2), group);
      nFr++;
      if (isCalendar) nHours = noteHour(hourOrgs, hourValues, nHours, o, (createdLocalMs + firstReplyMinutes * MINUTE_MS) / HOUR_MS);
    }
    const rated = load<i32>(rating + at4);
    if (rated == RATED_GOOD) {
      bump(base + (C_GOOD << 3));
      bump(channelBase + (CC_GOOD << 3));
    } else if (rated == RATED_BAD) {
      bump(base + (C_BAD << 3));
      bump(channelBase + (CC_BAD << 3));
    }
    const minutes = load<f64>(resolution + at8);
    if (minutes != minutes) {
      bump(base + (C_OPEN << 3));
      continue;
    }
    bump(base + (C_SOLVED << 3));
    bump(channelBase + (CC_SOLVED << 3));
    store<f64>(resValues + (<usize>nRes << 3), minutes);
    store<i32>(resGroups + (<usize>nRes << 2), group);
    nRes++;
    // Solving is not noted as activity: when a ticket is solved depends on how long it waited (coverage hours
    // must describe when a team works, not how fast it is), so coverage comes from first replies alone.
    const reopensValue = load<f64>(reopens + at8);
    if (reopensValue == reopensValue) {
      bump(base + (C_SOLVED_WITH_REOPENS << 3));
      if (reopensValue > 0) bump(base + (C_REOPENED << 3));
    }
    if (hasReplies) {
      bump(base + (C_SOLVED_WITH_REPLIES << 3));
      if (repliesValue <= 1) bump(base + (C_ONE_TOUCH << 3));
    }
  }
  store<f64>(result, createdMin);
  store<f64>(result + 8, createdMax);
  store<i32>(result + 16, nRes);
  store<i32>(result + 20, nFr);
  store<i32>(result + 24, nHours);
  store<i32>(result + 28, nPairs);
  return folded;
}

// Ticket ids: the plainest (an integer of at most nine digits, without a leading zero) checked against and
// added to the id bitmap (id-set.ts TicketIdSet, placed in this memory), in row order.

/** Integer ids below this are in the bitmap (id-set.ts BITMAP_LIMIT). */
const ID_LIMIT: i32 = 1 << 27;

/**
 * Goes through rows from..n−1 in order, adding each row's ticket id (column `column`) to the bitmap at `bits`,
 * and stops at the first row the TypeScript side must see first: one already marked slow, or whose id is not
 * the plainest integer (it decides). A repeated id marks its row slow (the row decoder words the error) and
 * stops there too. An empty cell has no id to add. Returns the row it stopped at (n when none); `result` (i32)
 * gets one past the highest bitmap word set.
 */
export function checkIds(from: i32, n: i32, bytes: usize, starts: usize, ends: usize, stride: i32, column: i32, slow: usize, bits: usize, result: usize): i32 {
  let usedWords = load<i32>(result);
  let r = from;
  for (; r < n; r++) {
    if (load<u8>(slow + <usize>r) != 0) break;
    const at = <usize>(r * stride + column) << 2;
    const s = load<i32>(starts + at);
    const e = load<i32>(ends + at);
    if (s == e) continue;
    if (e - s > 9 || (load<u8>(bytes + <usize>s) == 0x30 && e - s > 1)) break;
    let value = 0;
    let p = s;
    for (; p < e; p++) {
      const c = <i32>load<u8>(bytes + <usize>p) - 0x30;
      if (c < 0 || c > 9) break;
      value = value * 10 + c;
    }
    if (p != e || value >= ID_LIMIT) break;
    const word = bits + (<usize>(value >>> 5) << 2);
    const mask: u32 = 1 << <u32>(value & 31);
    const old = load<u32>(word);
    if ((old & mask) != 0) {
      store<u8>(slow + <usize>r, 1);
      break;
    }
    store<u32>(word, old | mask);
    if ((value >>> 5) + 1 > usedWords) usedWords = (value >>> 5) + 1;
  }
  store<i32>(result, usedWords);
  return r;
}

/**
 * The silhouette's pair sums for sample rows s in [from, to) (cluster/quality.ts blockSums): for each pair
 * (s, t > s), the Euclidean distance added to sums[s·k + labels[t]] and to sums[t·k + labels[s]] (f64, size × k,
 * zeroed by the caller). `cols` is the sample feature-major: feature f of row t at cols[f · size + t]; `center`
 * has room for d pairs of f64. Four rows t at a time, one in each lane of two vectors: each lane's squared
 * distance is summed from feature 0 on, one feature after another (no fused multiply-add), and added to the sums
 * t by t, exactly as the TypeScript kernel does, so the sums have the same bits.
 */
export function silhouetteSums(cols: usize, size: i32, d: i32, from: i32, to: i32, labels: usize, sums: usize, k: i32, center: usize): void {
  const rowBytes = <usize>size << 3;
  for (let s = from; s < to; s++) {
    // Row s's features, each in both lanes.
    for (let f = 0; f < d; f++) v128.store(center + (<usize>f << 4), f64x2.splat(load<f64>(cols + <usize>f * rowBytes + (<usize>s << 3))));
    const own = load<i32>(labels + (<usize>s << 2));
    const base = sums + (<usize>(s * k) << 3);
    let t = s + 1;
    for (; t + 3 < size; t += 4) {
      let a = f64x2.splat(0);
      let b = f64x2.splat(0);
      let at = cols + (<usize>t << 3);
      for (let f = 0; f < d; f++, at += rowBytes) {
        const c = v128.load(center + (<usize>f << 4));
        const e = f64x2.sub(v128.load(at), c);
        const g = f64x2.sub(v128.load(at, 16), c);
        a = f64x2.add(a, f64x2.mul(e, e));
        b = f64x2.add(b, f64x2.mul(g, g));
      }
      a = f64x2.sqrt(a);
      b = f64x2.sqrt(b);
      addPair(base, sums, labels, t, k, own, f64x2.extract_lane(a, 0));
      addPair(base, sums, labels, t + 1, k, own, f64x2.extract_lane(a, 1));
      addPair(base, sums, labels, t + 2, k, own, f64x2.extract_lane(b, 0));
      addPair(base, sums, labels, t + 3, k, own, f64x2.extract_lane(b, 1));
    }
    for (; t < size; t++) {
      let acc: f64 = 0;
      for (let f = 0; f < d; f++) {
        const e = load<f64>(cols + <usize>f * rowBytes + (<usize>t << 3)) - load<f64>(center + (<usize>f << 4));
        acc += e * e;
      }
      addPair(base, sums, labels, t, k, own, Math.sqrt(acc));
    }
  }
}

/** Pair (s, t)'s distance added to row s's sum for t's cluster (at base) and to t's sum for s's cluster. */
@inline function addPair(base: usize, sums: usize, labels: usize, t: i32, k: i32, own: i32, distance: f64): void {
  const at = base + (<usize>load<i32>(labels + (<usize>t << 2)) << 3);
  store<f64>(at, load<f64>(at) + distance);
  const back = sums + (<usize>(t * k + own) << 3);
  store<f64>(back, load<f64>(back) + distance);
}

/**
 * Greedy k-means++'s trial pass (cluster/kmeans-run.ts seedPlusPlus): for each candidate centre t of nTrials,
 * potentials[t] = Σ_i min(squared distance from row i to candidate t, nearest[i]), summed over i in order.
 * `data` is n × d row-major f64; `cands` holds the candidates in groups of four, two lanes a vector: for group g
 * and feature f, the vectors at cands + ((2g · d + f) · 16) (candidates 4g, 4g + 1) and cands + (((2g + 1) · d +
 * f) · 16) (4g + 2, 4g + 3), a group short of four padded with its last. One pass over the rows per group. Each
 * lane is one candidate: its squared distance is summed from feature 0 on, one feature after another (no fused
 * multiply-add), and its potential row by row, exactly as the TypeScript kernel does, so they have the same bits.
 */
export function seedTrials(data: usize, n: i32, d: i32, cands: usize, nTrials: i32, nearest: usize, potentials: usize): void {
  const rowBytes = <usize>d << 3;
  const pairBytes = <usize>d << 4;
  for (let g = 0; g < nTrials; g += 4) {
    const first = cands + <usize>(g >> 1) * pairBytes;
    const second = first + pairBytes;
    let p = f64x2.splat(0);
    let q = f64x2.splat(0);
    let row = data;
    for (let i = 0; i < n; i++, row += rowBytes) {
      const x0 = f64x2.splat(load<f64>(row));
      let e = f64x2.sub(x0, v128.load(first));
      let h = f64x2.sub(x0, v128.load(second));
      let a = f64x2.mul(e, e);
      let b = f64x2.mul(h, h);
      for (let f = 1; f < d; f++) {
        const x = f64x2.splat(load<f64>(row + (<usize>f << 3)));
        e = f64x2.sub(x, v128.load(first + (<usize>f << 4)));
        h = f64x2.sub(x, v128.load(second + (<usize>f << 4)));
        a = f64x2.add(a, f64x2.mul(e, e));
        b = f64x2.add(b, f64x2.mul(h, h));
      }
      const near = f64x2.splat(load<f64>(nearest + (<usize>i << 3)));
      p = f64x2.add(p, v128.bitselect(a, near, f64x2.lt(a, near)));
      q = f64x2.add(q, v128.bitselect(b, near, f64x2.lt(b, near)));
    }
    const out = potentials + (<usize>g << 3);
    store<f64>(out, f64x2.extract_lane(p, 0));
    if (g + 1 < nTrials) store<f64>(out, f64x2.extract_lane(p, 1), 8);
    if (g + 2 < nTrials) store<f64>(out, f64x2.extract_lane(q, 0), 16);
    if (g + 3 < nTrials) store<f64>(out, f64x2.extract_lane(q, 1), 24);
  }
}

/**
 * Admits the chosen candidate (d f64 at `center`) as centre c (seedPlusPlus admitCenter): each row's squared
 * distance to it, summed from feature 0 on as seedTrials does, folded into its nearest centre (labels, i32) and
 * its two smallest squared distances (nearest, second).
 */
export function seedAdmit(data: usize, n: i32, d: i32, center: usize, c: i32, labels: usize, nearest: usize, second: usize): void {
  const rowBytes = <usize>d << 3;
  let row = data;
  for (let i = 0; i < n; i++, row += rowBytes) {
    const v = squaredDistance(row, center, d);
    const at = <usize>i << 3;
    const near = load<f64>(nearest + at);
    if (v < near) {
      store<f64>(second + at, near);
      store<f64>(nearest + at, v);
      store<i32>(labels + (<usize>i << 2), c);
    } else if (v < load<f64>(second + at)) {
      store<f64>(second + at, v);
    }
  }
}

/**
 * One E-step of Lloyd's algorithm with Hamerly's bounds (cluster/kmeans-run.ts assign, which says what it does),
 * on the same arrays: `data` n × d, `centers` and `sums` k × d and `gaps`, `shift` and `counts` k (f64), `labels`
 * n (i32), `upper` and `lower` n (f64). Every distance is summed from feature 0 on, one feature after another,
 * and the centres are compared in order, as the TypeScript code does, so bounds, labels and sums have the same
 * bits. Returns the rows that changed cluster.
 */
export function lloydAssign(data: usize, n: i32, d: i32, centers: usize, k: i32, labels: usize, upper: usize, lower: usize, gaps: usize, shift: usize, maxShift: f64, maxAt: i32, secondShift: f64, sums: usize, counts: usize): i32 {
  const rowBytes = <usize>d << 3;
  let nChanged = 0;
  let row = data;
  for (let i = 0; i < n; i++, row += rowBytes) {
    const labelAt = labels + (<usize>i << 2);
    const upperAt = upper + (<usize>i << 3);
    const lowerAt = lower + (<usize>i << 3);
    const c = load<i32>(labelAt);
    const up = load<f64>(upperAt) + load<f64>(shift + (<usize>c << 3));
    const low = load<f64>(lowerAt) - (c == maxAt ? secondShift : maxShift);
    store<f64>(upperAt, up);
    store<f64>(lowerAt, low);
    const gap = load<f64>(gaps + (<usize>c << 3));
    const bound = gap > low ? gap : low;
    if (up <= bound) continue;
    const tight = Math.sqrt(squaredDistance(row, centers + <usize>c * rowBytes, d));
    store<f64>(upperAt, tight);
    if (tight <= bound) continue;
    let best = -1;
    let d1 = Infinity;
    let d2 = Infinity;
    let center = centers;
    for (let j = 0; j < k; j++, center += rowBytes) {
      const v = squaredDistance(row, center, d);
      if (v < d1) {
        d2 = d1;
        d1 = v;
        best = j;
      } else if (v < d2) {
        d2 = v;
      }
    }
    store<f64>(upperAt, Math.sqrt(d1));
    store<f64>(lowerAt, Math.sqrt(d2));
    if (best != c) {
      nChanged++;
      store<i32>(labelAt, best);
      const from = counts + (<usize>c << 3);
      const to = counts + (<usize>best << 3);
      store<f64>(from, load<f64>(from) - 1);
      store<f64>(to, load<f64>(to) + 1);
      const fromSums = sums + <usize>c * rowBytes;
      const toSums = sums + <usize>best * rowBytes;
      for (let f = 0; f < d; f++) {
        const at = <usize>f << 3;
        const x = load<f64>(row + at);
        store<f64>(fromSums + at, load<f64>(fromSums + at) - x);
        store<f64>(toSums + at, load<f64>(toSums + at) + x);
      }
    }
  }
  return nChanged;
}

/** Squared distance between two rows of d f64, summed from feature 0 on. */
@inline function squaredDistance(a: usize, b: usize, d: i32): f64 {
  let e = load<f64>(a) - load<f64>(b);
  let v = e * e;
  for (let f = 1; f < d; f++) {
    const at = <usize>f << 3;
    e = load<f64>(a + at) - load<f64>(b + at);
    v += e * e;
  }
  return v;
}
