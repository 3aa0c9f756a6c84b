import { describe, expect, it } from 'vitest';
import { TimeZone, parseDate } from '../../src/ingest/dates.js';

const utc = (...args: [number, number, number, number?, number?, number?]): number => Date.UTC(args[0], args[1] - 1, args[2], args[3] ?? 0, args[4] ?? 0, args[5] ?? 0);

describe('parseDate', () => {
  it('reads ISO timestamps with and without offsets', () => {
    expect(parseDate('2024-03-01 14:05', 'iso')).toEqual({ utcMs: utc(2024, 3, 1, 14, 5), localMs: utc(2024, 3, 1, 14, 5) });
    expect(parseDate('2024-03-01T14:05:09Z', 'iso')).toEqual({ utcMs: utc(2024, 3, 1, 14, 5, 9), localMs: utc(2024, 3, 1, 14, 5, 9) });
    expect(parseDate('2016-07-13 15:11:07+02:00', 'iso')).toMatchObject({ utcMs: utc(2016, 7, 13, 13, 11, 7), localMs: utc(2016, 7, 13, 15, 11, 7) });
    expect(parseDate('2024-03-01', 'iso')).toMatchObject({ utcMs: utc(2024, 3, 1) });
  });
  it('reads the day-first, two-digit-year and 12-hour formats', () => {
    expect(parseDate('29/2/2016 01:16', 'D/M/YYYY HH:mm')).toMatchObject({ utcMs: utc(2016, 2, 29, 1, 16) });
    expect(parseDate('10/21/18 0:00', 'M/D/YY H:mm')).toMatchObject({ utcMs: utc(2018, 10, 21) });
    expect(parseDate('03/01/2024 02:05:00 PM', 'MM/DD/YYYY hh:mm:ss A')).toMatchObject({ utcMs: utc(2024, 3, 1, 14, 5) });
    expect(parseDate('03/01/2024 12:05:00 AM', 'MM/DD/YYYY hh:mm:ss A')).toMatchObject({ utcMs: utc(2024, 3, 1, 0, 5) });
  });
  it('says what is wrong instead of guessing', () => {
    expect(parseDate('n/a', 'iso')).toBe('unrecognised');
    expect(parseDate('2024-02-30 10:00', 'iso')).toBe('out of range');
    expect(parseDate('2023-02-29', 'iso')).toBe('out of range');
    expect(parseDate('1899-12-31', 'iso')).toBe('out of range');
    expect(parseDate('2016-02-29 01:16', 'D/M/YYYY HH:mm')).toBe('unrecognised');
    expect(parseDate('13/13/2016 01:16', 'D/M/YYYY HH:mm')).toBe('out of range');
  });
  it('interprets wall-clock times in a time zone, across daylight saving', () => {
    const ny = new TimeZone('America/New_York');
    // 2018-10-21 00:00 EDT is 04:00 UTC; 2018-12-01 00:00 EST is 05:00 UTC.
    expect(parseDate('10/21/18 0:00', 'M/D/YY H:mm', ny)).toEqual({ utcMs: utc(2018, 10, 21, 4), localMs: utc(2018, 10, 21) });
    expect(parseDate('12/1/18 0:00', 'M/D/YY H:mm', ny)).toMatchObject({ utcMs: utc(2018, 12, 1, 5) });
    // An instant with an offset is shown in the zone's local time.
    expect(parseDate('2018-10-21T04:00:00Z', 'iso', ny)).toEqual({ utcMs: utc(2018, 10, 21, 4), localMs: utc(2018, 10, 21) });
  });
  it('resolves daylight-saving gaps and overlaps deterministically', () => {
    const chicago = new TimeZone('America/Chicago');
    // 2024-11-03 01:30 happens twice in Chicago (CDT, then CST): the earlier, 06:30 UTC, wins.
    expect(chicago.toUtc(utc(2024, 11, 3, 1, 30))).toBe(utc(2024, 11, 3, 6, 30));
    // 2024-03-10 02:30 never happens (clocks jump from 02:00 to 03:00): read with the offset from before, CST.
    expect(chicago.toUtc(utc(2024, 3, 10, 2, 30))).toBe(utc(2024, 3, 10, 8, 30));
    expect(chicago.toUtc(utc(2024, 11, 3, 3, 0))).toBe(utc(2024, 11, 3, 9, 0));
  });
});
