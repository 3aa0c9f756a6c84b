import { describe, expect, it } from 'vitest';
import { TimeZone, compilePattern, dateExample, parseDate } from '../../src/ingest/dates.js';

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

// Expected instants are written with Date.UTC from the values by hand (an independent reading of each value).
describe('date patterns', () => {
  const cases: [string, string, number][] = [
    ['ddd MMM DD HH:mm:ss ZZ YYYY', 'Tue Oct 31 22:10:47 +0000 2017', Date.UTC(2017, 9, 31, 22, 10, 47)],
    ['ddd MMM DD HH:mm:ss ZZ YYYY', 'Wed Nov 01 03:10:47 +0530 2017', Date.UTC(2017, 9, 31, 21, 40, 47)],
    ['X', '1509487847', Date.UTC(2017, 9, 31, 22, 10, 47)],
    ['X', '1509487847.25', Date.UTC(2017, 9, 31, 22, 10, 47, 250)],
    ['x', '1509487847123', Date.UTC(2017, 9, 31, 22, 10, 47, 123)],
    ['DD.MM.YYYY HH:mm', '31.10.2017 22:10', Date.UTC(2017, 9, 31, 22, 10)],
    ['YYYY-MM-DD[T]HH:mm:ss.SSSZ', '2017-10-31T22:10:47.5+01:00', Date.UTC(2017, 9, 31, 21, 10, 47, 500)],
    ['YYYY-MM-DDTHH:mm:ssZ', '2017-10-31T22:10:47Z', Date.UTC(2017, 9, 31, 22, 10, 47)],
    ['MMMM D, YYYY h:mm a', 'October 31, 2017 10:10 pm', Date.UTC(2017, 9, 31, 22, 10)],
    ['MMMM D, YYYY h:mm a', 'Sept. 3, 2017 12:05 am', Date.UTC(2017, 8, 3, 0, 5)],
    ['DD/MM/YY', '31/10/17', Date.UTC(2017, 9, 31)],
    ['YYYYMMDD HHmmss', '20171031 221047', Date.UTC(2017, 9, 31, 22, 10, 47)],
  ];
  for (const [pattern, value, expected] of cases) {
    it(`reads ${JSON.stringify(value)} with ${JSON.stringify(pattern)}`, () => {
      const parsed = parseDate(value, pattern);
      expect(typeof parsed === 'string' ? parsed : parsed.utcMs).toBe(expected);
    });
  }

  it('reads wall-clock times in a time zone, offsets as written', () => {
    const paris = new TimeZone('Europe/Paris');
    // 31 October 2017: Paris is on UTC+1 (summer time ended on the 29th).
    expect(parseDate('31.10.2017 22:10', 'DD.MM.YYYY HH:mm', paris)).toEqual({ utcMs: Date.UTC(2017, 9, 31, 21, 10), localMs: Date.UTC(2017, 9, 31, 22, 10) });
    // An offset in the value wins over the zone; the local time is the zone's.
    expect(parseDate('Tue Oct 31 22:10:47 +0000 2017', 'ddd MMM DD HH:mm:ss ZZ YYYY', paris)).toEqual({ utcMs: Date.UTC(2017, 9, 31, 22, 10, 47), localMs: Date.UTC(2017, 9, 31, 23, 10, 47) });
  });

  it('says what is wrong with a value', () => {
    expect(parseDate('Tue Foo 31 22:10:47 +0000 2017', 'ddd MMM DD HH:mm:ss ZZ YYYY')).toBe('unrecognised');
    expect(parseDate('31.13.2017 22:10', 'DD.MM.YYYY HH:mm')).toBe('out of range');
    expect(parseDate('2017-10-31', 'DD.MM.YYYY HH:mm')).toBe('unrecognised');
    expect(parseDate('13:00 pm 1/1/2017', 'h:mm a D/M/YYYY')).toBe('out of range');
  });

  it('refuses patterns that cannot read a date, saying why', () => {
    expect(compilePattern('YYYY-QQ')).toMatch(/"Q" at character 6 is not a token/);
    expect(compilePattern('MM/DD')).toBe('no year (YYYY or YY)');
    expect(compilePattern('hh:mm YYYY-MM-DD')).toMatch(/12-hour clock/);
    expect(compilePattern('[oops')).toMatch(/unclosed \[/);
    expect(compilePattern('X YYYY')).toMatch(/stand alone/);
  });

  it('gives an example of the pattern for messages', () => {
    expect(dateExample('ddd MMM DD HH:mm:ss ZZ YYYY')).toBe('Fri Mar 01 14:05:09 +0000 2024 (pattern "ddd MMM DD HH:mm:ss ZZ YYYY")');
    expect(dateExample('D/M/YYYY HH:mm')).toBe('29/2/2016 01:16');
  });
});
