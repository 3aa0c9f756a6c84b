// Parsing timestamps in the formats help-desk exports use, into UTC instants and local wall-clock times.

export const DATE_FORMATS = ['iso', 'D/M/YYYY HH:mm', 'M/D/YY H:mm', 'MM/DD/YYYY hh:mm:ss A'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

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

/** What a value of each format looks like, for messages. */
export const DATE_EXAMPLES: Record<DateFormat, string> = {
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

function readWallClock(value: string, format: DateFormat): WallClock | string {
  let m: RegExpExecArray | null;
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
