// The CSV kernel (AssemblyScript, compiled to WebAssembly by `npm run build`): the byte loops of ingest's fast
// path: finding the fields of plain records with 16-byte SIMD compares, and reading numbers and ISO timestamps
// for a whole batch column. Every function is conservative: what it does not take (a quote, a CR, a wrong field
// count, a number or timestamp in any but the plainest form) it leaves to the TypeScript code, which reads it
// exactly as without the kernel. Memory is the caller's: it passes where each array starts.

const COMMA: u8 = 0x2c;
const LF: u8 = 0x0a;
const CR: u8 = 0x0d;
const QUOTE: u8 = 0x22;

/** Where the record after the last one scanPlain took starts. */
export let scanEnd: i32 = 0;

/**
 * Scans records from `p` that are plain: exactly `nColumns` fields, no quote or CR byte, ended by an LF before
 * `length` (a blank line is not plain). Record r's field j is [starts[r · nColumns + j], ends[…]) (i32 arrays).
 * Stops before the first record that is not plain, after `maxRecords`, or at a record the data cuts; returns the
 * number of records taken and sets scanEnd.
 */
export function scanPlain(bytes: usize, p: i32, length: i32, nColumns: i32, maxRecords: i32, starts: usize, ends: usize): i32 {
  let r: i32 = 0;
  let j: i32 = 0;
  let k: i32 = 0;
  let recordStart = p;
  let fieldStart = p;
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
    while (mask != 0) {
      const at = block + ctz(mask);
      mask &= mask - 1;
      const c = load<u8>(bytes + <usize>at);
      if (c == COMMA) {
        if (j + 1 >= nColumns) {
          scanEnd = recordStart;
          return r;
        }
        store<i32>(starts + (<usize>(k + j) << 2), fieldStart);
        store<i32>(ends + (<usize>(k + j) << 2), at);
        j++;
        fieldStart = at + 1;
      } else if (c == LF) {
        if (j != nColumns - 1 || (nColumns == 1 && fieldStart == at)) {
          scanEnd = recordStart;
          return r;
        }
        store<i32>(starts + (<usize>(k + j) << 2), fieldStart);
        store<i32>(ends + (<usize>(k + j) << 2), at);
        r++;
        k += nColumns;
        j = 0;
        recordStart = at + 1;
        fieldStart = at + 1;
        if (r == maxRecords) {
          scanEnd = recordStart;
          return r;
        }
      } else {
        scanEnd = recordStart;
        return r;
      }
    }
    block += 16;
  }
  scanEnd = recordStart;
  return r;
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

function isValidDate(year: i32, month: i32, day: i32): bool {
  if (year < 1970 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
  const isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  let days = 31;
  if (month == 2) days = isLeap ? 29 : 28;
  else if (month == 4 || month == 6 || month == 9 || month == 11) days = 30;
  return day <= days;
}

/**
 * Column `column` of n rows as `YYYY-MM-DD HH:MM:SS` (or with T) wall-clock milliseconds into out (f64), as
 * bytes.ts isoFixed reads them; an empty cell is NaN (and, when `isRequired`, slow[r] = 1). A cell in any other
 * form gets ask[r] = 1, for the TypeScript parser; returns how many did.
 */
export function decodeIsoDates(bytes: usize, starts: usize, ends: usize, stride: i32, column: i32, n: i32, out: usize, isRequired: bool, slow: usize, ask: usize): i32 {
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
    const ms = isoFixed(bytes, s, e);
    if (ms == ms) {
      store<f64>(out + (<usize>r << 3), ms);
    } else {
      store<u8>(ask + <usize>r, 1);
      asked++;
    }
  }
  return asked;
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
  if (!isValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return NaN;
  return <f64>(<i64>daysFromCivil(year, month, day) * 86_400_000 + <i64>hour * 3_600_000 + <i64>minute * 60_000 + <i64>second * 1000);
}
