// Parsing timestamps in the formats help-desk exports use, into UTC instants and local wall-clock times.

/** The named formats (read by the byte parsers and the WebAssembly kernel, in this order). */
export const DATE_FORMATS = ['iso', 'D/M/YYYY HH:mm', 'M/D/YY H:mm', 'MM/DD/YYYY hh:mm:ss A'] as const;
export type NamedDateFormat = (typeof DATE_FORMATS)[number];
/** A named format, or a pattern of tokens (see compilePattern). */
export type DateFormat = NamedDateFormat | (string & {});

export function isNamedDateFormat(format: string): format is NamedDateFormat {
  return (DATE_FORMATS as readonly string[]).includes(format);
}

export interface ParsedDate {
  /** The instant, in milliseconds since the epoch (UTC). */
  utcMs: number;
  /** The wall-clock time in the reporting time zone, encoded as if it were UTC (for hour-of-week slots). */
  localMs: number;
}

const MIN_YEAR = 1970;
const MAX_YEAR = 2100;
/** The range a date must fall in, as messages say it. */
export const DATE_RANGE = `years ${MIN_YEAR}–${MAX_YEAR}, a day the month has, hours 0–23 (24:00 at midnight), offsets up to ±14:00`;

/** What a value of each named format looks like, for messages (dateExample covers patterns too). */
const DATE_EXAMPLES: Record<NamedDateFormat, string> = {
  iso: '2024-03-01 14:05',
  'D/M/YYYY HH:mm': '29/2/2016 01:16',
  'M/D/YY H:mm': '10/21/18 0:00',
  'MM/DD/YYYY hh:mm:ss A': '03/01/2024 02:05:00 PM',
};

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** Offset written in the value, in minutes east of UTC; undefined when the value has none. */
  offsetMinutes: number | undefined;
}

const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DAY_FIRST = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const MONTH_FIRST_SHORT = /^(\d{1,2})\/(\d{1,2})\/(\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const MONTH_FIRST_12H = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm]))?$/;

function int(s: string | undefined): number {
  return s === undefined ? 0 : Number(s);
}

/** What a value of the format looks like, for messages: an example, and for a pattern the pattern itself. */
export function dateExample(format: DateFormat): string {
  if (isNamedDateFormat(format)) return DATE_EXAMPLES[format];
  const pattern = compilePattern(format);
  return typeof pattern === 'string' ? format : `${pattern.example} (pattern ${JSON.stringify(format)})`;
}

function readWallClock(value: string, format: DateFormat): WallClock | string {
  let m: RegExpExecArray | null;
  if (!isNamedDateFormat(format)) {
    const pattern = compilePattern(format);
    return typeof pattern === 'string' ? 'unrecognised' : pattern.read(value);
  }
  switch (format) {
    case 'iso': {
      m = ISO.exec(value);
      if (!m) return 'unrecognised';
      const fraction = m[7] === undefined ? 0 : Math.round(Number(`0.${m[7]}`) * 1000);
      return {
        year: int(m[1]),
        month: int(m[2]),
        day: int(m[3]),
        hour: int(m[4]),
        minute: int(m[5]),
        second: int(m[6]),
        ms: fraction,
        offsetMinutes: m[8] === undefined ? undefined : parseOffset(m[8]),
      };
    }
    case 'D/M/YYYY HH:mm':
      m = DAY_FIRST.exec(value);
      if (!m) return 'unrecognised';
      return clock(int(m[3]), int(m[2]), int(m[1]), int(m[4]), int(m[5]), int(m[6]));
    case 'M/D/YY H:mm':
      m = MONTH_FIRST_SHORT.exec(value);
      if (!m) return 'unrecognised';
      // Two-digit years: 00–69 are 2000–2069, 70–99 are 1970–1999 (as spreadsheets read them).
      return clock(expandYear(int(m[3])), int(m[1]), int(m[2]), int(m[4]), int(m[5]), int(m[6]));
    case 'MM/DD/YYYY hh:mm:ss A': {
      m = MONTH_FIRST_12H.exec(value);
      if (!m) return 'unrecognised';
      let hour = int(m[4]);
      if (m[7] !== undefined) {
        if (hour < 1 || hour > 12) return 'out of range';
        const isPm = m[7].toLowerCase() === 'pm';
        hour = (hour % 12) + (isPm ? 12 : 0);
      }
      return clock(int(m[3]), int(m[1]), int(m[2]), hour, int(m[5]), int(m[6]));
    }
  }
}

function clock(year: number, month: number, day: number, hour: number, minute: number, second: number): WallClock {
  return { year, month, day, hour, minute, second, ms: 0, offsetMinutes: undefined };
}

function expandYear(yy: number): number {
  return yy < 70 ? 2000 + yy : 1900 + yy;
}

/** Offsets real clocks use: at most 14 hours either way (−12:00 … +14:00 in use), minutes 0–59. */
export const MAX_OFFSET_HOURS = 14;

/** Minutes east of UTC of an offset as written (`Z`, `+02`, `+0530`, `-03:00`); NaN for one no clock uses. */
function parseOffset(text: string): number {
  if (text === 'Z' || text === 'z') return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4) || '0');
  return hours > MAX_OFFSET_HOURS || minutes > 59 ? NaN : sign * (hours * 60 + minutes);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses one timestamp. Returns the parsed instant, or a string saying what is wrong ("unrecognised",
 * "out of range"). Values without an offset are wall-clock times in `timeZone` (UTC when absent).
 * O(1); no exceptions.
 * @example parseDate('29/2/2016 01:16', 'D/M/YYYY HH:mm') // { utcMs: 1456708560000, localMs: 1456708560000 }
 */
export function parseDate(value: string, format: DateFormat, zone?: TimeZone): ParsedDate | string {
  const w = readWallClock(value.trim(), format);
  if (typeof w === 'string') return w;
  if (w.year < MIN_YEAR || w.year > MAX_YEAR) return 'out of range';
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.day > daysInMonth(w.year, w.month)) return 'out of range';
  if (w.hour > 23 || w.minute > 59 || w.second > 59) {
    // 24:00 is sometimes written for midnight at the end of a day.
    if (!(w.hour === 24 && w.minute === 0 && w.second === 0)) return 'out of range';
  }
  if (w.offsetMinutes !== undefined && Number.isNaN(w.offsetMinutes)) return 'out of range';
  const wallMs = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
  if (w.offsetMinutes !== undefined) {
    const utcMs = wallMs - w.offsetMinutes * 60_000;
    return { utcMs, localMs: zone ? zone.toLocal(utcMs) : wallMs };
  }
  return { utcMs: zone ? zone.toUtc(wallMs) : wallMs, localMs: wallMs };
}

/** An IANA time zone, with offsets cached per hour so parsing millions of rows stays cheap. */
export class TimeZone {
  private readonly format: Intl.DateTimeFormat;
  private readonly offsetByHour = new Map<number, number>();

  constructor(readonly name: string) {
    // Throws RangeError for an unknown zone; the caller turns that into a usage error.
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Offset of local time from UTC at the instant `utcMs`, in milliseconds. */
  offsetAt(utcMs: number): number {
    const hourKey = Math.floor(utcMs / 3_600_000);
    let offset = this.offsetByHour.get(hourKey);
    if (offset === undefined) {
      const parts: Record<string, number> = {};
      for (const p of this.format.formatToParts(new Date(hourKey * 3_600_000))) {
        if (p.type !== 'literal') parts[p.type] = Number(p.value);
      }
      const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
      offset = asUtc - hourKey * 3_600_000;
      this.offsetByHour.set(hourKey, offset);
    }
    return offset;
  }

  toLocal(utcMs: number): number {
    return utcMs + this.offsetAt(utcMs);
  }

  /**
   * The instant a wall-clock time denotes: u with u + offset(u) = wall. The offsets a day either side are
   * the candidates; in an overlap (clocks going back) the earlier instant wins, in a gap (clocks going
   * forward) the time is read with the offset from before the change.
   */
  toUtc(wallMs: number): number {
    const before = this.offsetAt(wallMs - 86_400_000);
    const after = this.offsetAt(wallMs + 86_400_000);
    let best = Infinity;
    for (const offset of before === after ? [before] : [before, after]) {
      const candidate = wallMs - offset;
      if (this.offsetAt(candidate) === offset && candidate < best) best = candidate;
    }
    return best === Infinity ? wallMs - before : best;
  }
}

// Date patterns: any layout of tokens, for exports none of the named formats reads.
//
//   YYYY year · YY two-digit year (00–69 → 20xx) · M MM month · MMM MMMM month name (Jan, January) ·
//   D DD day · ddd dddd weekday name (read, not checked) · H HH hour 0–23 · h hh hour 1–12 with A or a (AM/PM) ·
//   m mm minute · s ss second · S… fraction of a second (any number of digits) · Z ZZ offset (+00:00, +0000,
//   +00 or Z) · X epoch seconds · x epoch milliseconds · [text] literal text · any other character but a
//   letter is itself (a space matches one or more spaces).

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The tokens a pattern may hold, longest first (so MMMM is read before MM). */
const TOKENS = ['YYYY', 'YY', 'MMMM', 'MMM', 'MM', 'M', 'DD', 'D', 'dddd', 'ddd', 'HH', 'H', 'hh', 'h', 'mm', 'm', 'ss', 's', 'A', 'a', 'ZZ', 'Z', 'X', 'x'] as const;
type Token = (typeof TOKENS)[number] | 'S';

/** The regular expression group each token reads. */
function tokenSource(token: Token): string {
  switch (token) {
    case 'YYYY':
      return '(\\d{4})';
    case 'YY':
    case 'MM':
    case 'DD':
    case 'HH':
    case 'hh':
    case 'mm':
    case 'ss':
      return '(\\d{2})';
    case 'M':
    case 'D':
    case 'H':
    case 'h':
    case 'm':
    case 's':
      return '(\\d{1,2})';
    case 'MMM':
    case 'MMMM':
    case 'ddd':
    case 'dddd':
      return '([A-Za-z]+\\.?)';
    case 'A':
    case 'a':
      return '([AaPp]\\.?[Mm]\\.?)';
    case 'Z':
    case 'ZZ':
      return '(Z|z|[+-]\\d{2}(?::?\\d{2})?)';
    case 'X':
      return '(-?\\d+(?:\\.\\d+)?)';
    case 'x':
      return '(-?\\d+)';
    case 'S':
      return '(\\d{1,9})';
  }
}

export interface CompiledPattern {
  /** The wall clock a value holds (or the instant, for epochs), or what is wrong with it. */
  read(value: string): WallClock | string;
  /** 2024-03-01 14:05:09 UTC written in the pattern. */
  example: string;
  /** The tokens in order, for translating the pattern into SQL. */
  parts: readonly ({ token: Token; width: number } | { literal: string })[];
}

const compiled = new Map<string, CompiledPattern | string>();

/**
 * Compiles a date pattern (tokens above); a string saying what is wrong with it when it is not one (an
 * unknown letter, no day, a 12-hour clock without AM/PM).
 */
export function compilePattern(pattern: string): CompiledPattern | string {
  let result = compiled.get(pattern);
  if (result === undefined) {
    result = compile(pattern);
    compiled.set(pattern, result);
  }
  return result;
}

function compile(pattern: string): CompiledPattern | string {
  const parts: ({ token: Token; width: number } | { literal: string })[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close === -1) return `an unclosed [ at character ${i + 1}`;
      parts.push({ literal: pattern.slice(i + 1, close) });
      i = close + 1;
      continue;
    }
    if (c === 'S') {
      let j = i;
      while (pattern[j] === 'S') j++;
      parts.push({ token: 'S', width: j - i });
      i = j;
      continue;
    }
    const token = TOKENS.find((t) => pattern.startsWith(t, i));
    if (token !== undefined) {
      parts.push({ token, width: token.length });
      i += token.length;
      continue;
    }
    if (/[A-Za-z]/.test(c) && c !== 'T') return `${JSON.stringify(c)} at character ${i + 1} is not a token (tokens: YYYY YY M MM MMM MMMM D DD ddd dddd H HH h hh m mm s ss S… A a Z ZZ X x; literal text in [brackets])`;
    parts.push({ literal: c });
    i++;
  }
  const tokens = parts.flatMap((p) => ('token' in p ? [p.token] : []));
  const has = (...ts: Token[]): boolean => ts.some((t) => tokens.includes(t));
  const isEpoch = has('X', 'x');
  if (isEpoch && tokens.length > 1) return 'X and x (epoch seconds, milliseconds) stand alone in a pattern';
  if (!isEpoch) {
    if (!has('YYYY', 'YY')) return 'no year (YYYY or YY)';
    if (!has('M', 'MM', 'MMM', 'MMMM')) return 'no month (M, MM, MMM or MMMM)';
    if (!has('D', 'DD')) return 'no day (D or DD)';
    if (has('h', 'hh') !== has('A', 'a')) return has('h', 'hh') ? 'a 12-hour clock (h, hh) needs A or a (AM/PM)' : 'AM/PM (A, a) needs a 12-hour clock (h or hh)';
  }
  const source = parts.map((p) => ('token' in p ? tokenSource(p.token) : p.literal === ' ' ? '\\s+' : p.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  const re = new RegExp(`^${source}$`);
  const read = (value: string): WallClock | string => {
    const m = re.exec(value);
    if (m === null) return 'unrecognised';
    const w: WallClock = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, ms: 0, offsetMinutes: undefined };
    let pm: boolean | undefined;
    let g = 1;
    for (const part of parts) {
      if (!('token' in part)) continue;
      const text = m[g++]!;
      switch (part.token) {
        case 'YYYY':
          w.year = Number(text);
          break;
        case 'YY':
          w.year = expandYear(Number(text));
          break;
        case 'M':
        case 'MM':
          w.month = Number(text);
          break;
        case 'MMM':
        case 'MMMM': {
          const month = nameIndex(MONTHS, text);
          if (month === -1) return 'unrecognised';
          w.month = month + 1;
          break;
        }
        case 'D':
        case 'DD':
          w.day = Number(text);
          break;
        case 'ddd':
        case 'dddd':
          if (nameIndex(WEEKDAYS, text) === -1) return 'unrecognised';
          break;
        case 'H':
        case 'HH':
        case 'h':
        case 'hh':
          w.hour = Number(text);
          break;
        case 'm':
        case 'mm':
          w.minute = Number(text);
          break;
        case 's':
        case 'ss':
          w.second = Number(text);
          break;
        case 'S':
          w.ms = Math.round(Number(`0.${text}`) * 1000);
          break;
        case 'A':
        case 'a':
          pm = text[0] === 'p' || text[0] === 'P';
          break;
        case 'Z':
        case 'ZZ':
          w.offsetMinutes = parseOffset(text);
          break;
        case 'X':
        case 'x': {
          const ms = part.token === 'X' ? Math.round(Number(text) * 1000) : Number(text);
          const t = new Date(ms);
          if (Number.isNaN(t.getTime())) return 'out of range';
          return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate(), hour: t.getUTCHours(), minute: t.getUTCMinutes(), second: t.getUTCSeconds(), ms: t.getUTCMilliseconds(), offsetMinutes: 0 };
        }
      }
    }
    if (pm !== undefined) {
      if (w.hour < 1 || w.hour > 12) return 'out of range';
      w.hour = (w.hour % 12) + (pm ? 12 : 0);
    }
    return w;
  };
  const example = parts
    .map((p) => {
      if (!('token' in p)) return p.literal;
      const examples: Record<Token, string> = {
        YYYY: '2024', YY: '24', MMMM: 'March', MMM: 'Mar', MM: '03', M: '3', DD: '01', D: '1', dddd: 'Friday', ddd: 'Fri', HH: '14', H: '14', hh: '02', h: '2',
        mm: '05', m: '5', ss: '09', s: '9', A: 'PM', a: 'pm', ZZ: '+0000', Z: '+00:00', X: '1709301909', x: '1709301909000', S: '123456789'.slice(0, p.width),
      };
      return examples[p.token];
    })
    .join('');
  return { read, example, parts };
}

/** The index of a month or weekday name, full or abbreviated to three letters or more (Sept., Tues); -1 if none. */
function nameIndex(names: readonly string[], text: string): number {
  const word = text.replace(/\.$/, '').toLowerCase();
  if (word.length < 3) return -1;
  return names.findIndex((name) => name.startsWith(word));
}
