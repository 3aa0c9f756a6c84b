// Values that used to be accepted and should not be: a number too large for a double, offsets no clock uses;
// and the daylight-saving rule the README states, checked against JavaScript's own Date in the same zone.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TimeZone, parseDate } from '../../src/ingest/dates.js';
import { parseNumber } from '../../src/ingest/values.js';
import { runCli, runJson } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'benchmark-values-'));
function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('numbers', () => {
  it('a value too large for a double is no number, as "Infinity" is not', () => {
    expect(parseNumber('1e309')).toBeNaN();
    expect(parseNumber('-1e309')).toBeNaN();
    expect(parseNumber(`1${'0'.repeat(309)}`)).toBeNaN();
    expect(parseNumber('Infinity')).toBeNaN();
    expect(parseNumber('1e308')).toBe(1e308);
  });

  it('in a duration column it is a bad row naming line and column (exit 3), whichever reader meets it', () => {
    for (const value of ['1e309', `1${'0'.repeat(309)}`]) {
      const file = write('huge.csv', `organization,created_at,full_resolution_minutes\nA,2025-01-01 10:00,30\nA,2025-01-01 11:00,${value}\n`);
      const result = runCli(['metrics', file]);
      expect(result.code, value).toBe(3);
      expect(result.stderr).toMatch(new RegExp(`huge\\.csv:3: column "full_resolution_minutes"`));
    }
  });
});

describe('offsets', () => {
  it('takes the offsets clocks use and refuses the others as out of range', () => {
    expect(parseDate('2025-01-01T10:00:00+14:00', 'iso')).toEqual({ utcMs: Date.UTC(2024, 11, 31, 20), localMs: Date.UTC(2025, 0, 1, 10) });
    expect(parseDate('2025-01-01T10:00:00-12:00', 'iso')).toEqual({ utcMs: Date.UTC(2025, 0, 1, 22), localMs: Date.UTC(2025, 0, 1, 10) });
    for (const offset of ['+25:00', '+99:99', '-15:00', '+05:60']) expect(parseDate(`2025-01-01T10:00:00${offset}`, 'iso'), offset).toBe('out of range');
  });

  it('in an export, an offset no clock uses is a bad row (exit 3)', () => {
    const file = write('offset.csv', 'organization,created_at\nA,2025-01-01T10:00:00+02:00\nA,2025-01-01T10:00:00+99:99\n');
    const result = runCli(['metrics', file]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('offset.csv:3: column "created_at"');
  });
});

describe('daylight saving', () => {
  // The reference: JavaScript's Date in the same zone (a child process with TZ set), for the gap and overlap nights.
  const reference = spawnSync(process.execPath, ['-e', 'console.log(JSON.stringify([new Date(2025, 2, 30, 2, 30).getTime(), new Date(2025, 9, 26, 2, 30).getTime()]))'], {
    encoding: 'utf8',
    env: { TZ: 'Europe/Paris', PATH: process.env.PATH ?? '' },
  });
  const [gap, overlap] = JSON.parse(reference.stdout) as [number, number];

  it('a wall time in the spring-forward gap moves forward by the gap; one in the autumn overlap is the earlier instant', () => {
    const paris = new TimeZone('Europe/Paris');
    const gapWall = Date.UTC(2025, 2, 30, 2, 30);
    const overlapWall = Date.UTC(2025, 9, 26, 2, 30);
    expect(paris.toUtc(gapWall)).toBe(gap);
    expect(paris.toUtc(overlapWall)).toBe(overlap);
    // 02:30 in the gap is 01:30 UTC (03:30 summer time); 02:30 in the overlap is 00:30 UTC (still summer time).
    expect(new Date(gap).toISOString()).toBe('2025-03-30T01:30:00.000Z');
    expect(new Date(overlap).toISOString()).toBe('2025-10-26T00:30:00.000Z');
  });

  it('the CLI reads them so', () => {
    const file = write('dst.csv', 'organization,created_at,solved_at\nA,2025-03-30 02:30,2025-03-30 04:30\nA,2025-10-26 02:30,2025-10-26 02:45\n');
    const report = runJson<{ input: { period: { from: string; to: string } }; organizations: { metrics: { resolutionMedianHours: number } }[] }>(['metrics', file, '--tz', 'Europe/Paris']);
    expect(report.input.period.from).toBe('2025-03-30T01:30:00Z');
    expect(report.input.period.to).toBe('2025-10-26T00:30:00Z');
  });
});
