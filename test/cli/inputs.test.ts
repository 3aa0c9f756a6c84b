// Many inputs: several files, globs, standard input and gzip; time zones; progress only on a terminal.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Progress } from '../../src/progress.js';
import type { Report } from '../../src/report/report.js';
import { BIN, ROOT, runCli, runJson } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'benchmark-inputs-'));
const sample = readFileSync(join(ROOT, 'fixtures/sample/tickets.csv'), 'utf8');
const [header, ...rows] = sample.trimEnd().split('\n');
const whole = join(dir, 'whole.csv');
writeFileSync(whole, sample);
// Three monthly-style parts, rows dealt round-robin so every organisation is spread over all of them.
mkdirSync(join(dir, 'parts'));
const parts = [0, 1, 2].map((p) => {
  const file = join(dir, 'parts', `part-${p}.csv`);
  writeFileSync(file, `${header}\n${rows.filter((_, i) => i % 3 === p).join('\n')}\n`);
  return file;
});

function withoutFiles(report: Report): unknown {
  return { ...report, input: { ...report.input, files: [] } };
}

describe('several inputs', () => {
  const reference = runJson<Report>(['metrics', whole]);

  it('split files give the same organisations and metrics as one file', () => {
    const split = runJson<Report>(['metrics', ...parts]);
    expect(split.input.files.map((f) => f.file)).toEqual(parts);
    // Tickets per month and coverage use the whole period, so these match too.
    expect(withoutFiles(split)).toEqual(withoutFiles(reference));
  });

  it('a glob expands to its files in name order', () => {
    const globbed = runJson<Report>(['metrics', join(dir, 'parts', 'part-*.csv')]);
    expect(globbed.input.files.map((f) => f.file)).toEqual(parts);
    expect(withoutFiles(globbed)).toEqual(withoutFiles(reference));
  });

  it('a glob that matches nothing is a usage error', () => {
    const result = runCli(['metrics', join(dir, 'nothing-*.csv')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`benchmark: no input file matches ${join(dir, 'nothing-*.csv')}\n`);
  });

  it('standard input ("-") reads the same as the file', () => {
    const result = spawnSync(process.execPath, [BIN, 'metrics', '-', '--format', 'json', '--no-timings', '-q'], { input: sample, encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.input.files).toEqual([{ file: '-', format: 'generic' }]);
    expect(withoutFiles(report)).toEqual(withoutFiles(reference));
  });

  it('a .gz file is decompressed on the fly', () => {
    const gz = join(dir, 'whole.csv.gz');
    writeFileSync(gz, gzipSync(sample));
    expect(withoutFiles(runJson<Report>(['metrics', gz]))).toEqual(withoutFiles(reference));
  });

  it('a corrupt .gz file is bad input', () => {
    const gz = join(dir, 'broken.csv.gz');
    writeFileSync(gz, Buffer.from('not gzip at all'));
    const result = runCli(['metrics', gz]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^benchmark: .*broken\.csv\.gz: not a valid gzip file/);
  });

  it('errors name the file and line in whichever file they are, and --skip-invalid counts across files', () => {
    const first = join(dir, 'first.csv');
    const second = join(dir, 'second.csv');
    writeFileSync(first, `${header}\n${rows.slice(0, 3).join('\n')}\n`);
    const bad = rows[3]!.replace(/2025-09-\d\d \d\d:\d\d:\d\d/, 'soon');
    writeFileSync(second, `${header}\n${rows[4]}\n${bad}\n${rows[5]}\n`);
    const stop = runCli(['metrics', first, second]);
    expect(stop.code).toBe(3);
    expect(stop.stderr).toBe(`benchmark: ${second}:3: column "created_at": expected a date like 2024-03-01 14:05, got "soon"\n`);
    const skip = runJson<Report>(['metrics', first, second, '--skip-invalid']);
    expect(skip.input).toMatchObject({ rowsRead: 6, rowsUsed: 5, rowsRejected: 1, firstRejectAt: { 'unparseable date': `${second}:3` } });
  });
});

describe('--tz', () => {
  // Naive timestamps read in New York time: ticket 1 spans the end of daylight saving time on 3 Nov 2024
  // (01:30 EDT → 03:30 EST is 27 hours, where UTC reads 26).
  const file = join(dir, 'tz.csv');
  writeFileSync(file, 'organization,channel,created_at,solved_at\nNY,email,2024-11-02 01:30,2024-11-03 03:30\nNY,email,2024-11-08 09:00,2024-11-08 23:30\n');
  it('reads timestamps without an offset in the zone, durations across DST included', () => {
    // email: 26 h and 14.5 h as UTC → median 20.25; 27 h and 14.5 h in New York → 20.75.
    expect(runJson<Report>(['metrics', file]).organizations[0]!.channels[0]!.resolutionMedianHours).toBe(20.25);
    expect(runJson<Report>(['metrics', file, '--tz', 'America/New_York']).organizations[0]!.channels[0]!.resolutionMedianHours).toBe(20.75);
  });
  it('counts weekday and weekend coverage in the zone', () => {
    // Instants with offsets: the first reply (created + 450 min) is Saturday 03:30 UTC, which is Friday 22:30 in
    // New York; the second (created + 60 min) Tuesday 16:00 UTC, 11:00 in New York.
    const instants = join(dir, 'tz-instants.csv');
    writeFileSync(instants, 'organization,channel,created_at,solved_at,first_reply_minutes\nNY,email,2024-11-08T20:00:00Z,2024-11-09T03:30:00Z,450\nNY,web,2024-11-12T15:00:00Z,2024-11-12T16:00:00Z,60\n');
    const utc = runJson<Report>(['metrics', instants]).organizations[0]!.metrics;
    const ny = runJson<Report>(['metrics', instants, '--tz', 'America/New_York']).organizations[0]!.metrics;
    // The period is under a week: each hour of the week occurs at most once in it, so one reply covers it.
    expect([utc.weekdayHours, utc.weekendHours]).toEqual([1, 1]);
    expect([ny.weekdayHours, ny.weekendHours]).toEqual([2, 0]);
    expect(ny.resolutionMedianHours).toBe(utc.resolutionMedianHours);
  });
  it('refuses an unknown zone with a suggestion of the form', () => {
    const result = runCli(['metrics', file, '--tz', 'Mars/Olympus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('benchmark: --tz: expected an IANA time zone such as "Europe/Paris", got "Mars/Olympus"\n');
  });
});

describe('progress', () => {
  it('draws rows, MB/s, percentage and ETA on a terminal, at most every interval, and clears itself', () => {
    const written: string[] = [];
    let clock = 0;
    const progress = new Progress({ isTTY: true, write: (t) => written.push(t) > 0 }, 10_000_000, () => clock, 200);
    clock = 1000;
    progress.update('a.csv', 2_000_000, 25_000);
    clock = 1100;
    progress.update('a.csv', 3_000_000, 37_500);
    clock = 2000;
    progress.update('a.csv', 5_000_000, 62_500);
    progress.done();
    expect(written).toEqual([
      '\rbenchmark: reading a.csv: 25,000 rows, 2.0 MB/s, 20% (ETA 4 s)\u001b[K',
      '\rbenchmark: reading a.csv: 62,500 rows, 2.5 MB/s, 50% (ETA 2 s)\u001b[K',
      '\r\u001b[K',
    ]);
  });
  it('is only wanted on a terminal and without -q', () => {
    expect(Progress.isWanted({ isTTY: true, write: () => true }, false)).toBe(true);
    expect(Progress.isWanted({ isTTY: true, write: () => true }, true)).toBe(false);
    expect(Progress.isWanted({ isTTY: false, write: () => true }, false)).toBe(false);
  });
  it('prints nothing when stderr is piped', () => {
    const result = runCli(['metrics', whole, '--format', 'json']);
    expect(result.stderr).not.toContain('reading');
    expect(result.stderr).not.toContain('\r');
  });
  it('shows on a real terminal (under script)', () => {
    // script(1) gives the command a pseudo-terminal; stdout goes to a file so only stderr draws there.
    const out = join(dir, 'out.json');
    const result = spawnSync('script', ['-qec', `${process.execPath} ${BIN} metrics ${whole} --format json -o ${out}`, '/dev/null'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/benchmark: reading .*whole\.csv: [\d,]+ rows, [\d.]+ MB\/s, \d+%/);
  });
});

describe('duplicate organisations in an organisation table', () => {
  // Hand-worked: B on lines 2 and 4, A on lines 3 and 6 (and once more in a second file); each name's first row wins.
  const first = join(dir, 'orgs-dup-1.csv');
  const second = join(dir, 'orgs-dup-2.csv');
  writeFileSync(first, 'organization,tickets_per_month,agents\nB,10,2\nA,20,3\nB,30,4\nC,5,1\nA,7,2\n');
  writeFileSync(second, 'organization,tickets_per_month,agents\nD,8,2\nA,9,9\n');

  it('are bad input at the first duplicate in reading order, naming where the name was first', () => {
    const result = runCli(['metrics', first, second, '-q']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`${first}:4: column "organization": duplicate organization "B" (first on line 2)`);
    const across = runCli(['metrics', second, first, '-q']);
    expect(across.stderr).toContain(`${first}:3: column "organization": duplicate organization "A" (first on line 3 of ${second})`);
  });

  it('are rejected and counted with --skip-invalid, each name keeping its first row', () => {
    const report = runJson<Report>(['metrics', first, second, '--skip-invalid']);
    expect(report.input).toMatchObject({ rowsRead: 7, rowsUsed: 4, rowsRejected: 3, rejectsByReason: { 'duplicate organization': 3 }, firstRejectAt: { 'duplicate organization': `${first}:4` } });
    expect(report.organizations.map((o) => [o.name, o.metrics.ticketsPerMonth, o.metrics.agents])).toEqual([
      ['A', 20, 3],
      ['B', 10, 2],
      ['C', 5, 1],
      ['D', 8, 2],
    ]);
  });
});
