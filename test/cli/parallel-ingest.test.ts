// Large files are read in ranges that two threads claim in turn; the result must be exactly the one-thread
// result. BENCHMARK_PARALLEL_MIN_BYTES=1 makes small test files take that path, and BENCHMARK_RANGE_BYTES=20000
// cuts them into many ranges. Which thread reads which range depends on timing; the results may not.

import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTicketExport } from '../../bench/generate.js';
import { ROOT, runCli } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'benchmark-parallel-'));
// Small ranges on any machine: BENCHMARK_CORES stands in for the cores, which cap --threads.
const FORCE = { BENCHMARK_PARALLEL_MIN_BYTES: '1', BENCHMARK_RANGE_BYTES: '20000', BENCHMARK_TRACE_SPLIT: '1', BENCHMARK_CORES: '4' };
const RANGES = /: \d+ ranges for 2 threads$/;
const MERGED = /: the ranges merged \(this thread \d+, the worker \d+\)$/;
const DROPPED = /: the ranges dropped, read in order$/;
const TRACE = /^benchmark: trace: (.*)\n/gm;

/**
 * The same run on one thread and on two; `two.trace` holds what the two-thread run said about its ranges
 * (taken out of its stderr), so each test can check how the file was read.
 */
function both(args: string[], rangeBytes = 20_000): { one: ReturnType<typeof runCli>; two: ReturnType<typeof runCli> & { trace: string[] } } {
  const env = { ...FORCE, BENCHMARK_RANGE_BYTES: String(rangeBytes) };
  const one = runCli([...args, '--threads', '1'], { env });
  const two = runCli([...args, '--threads', '2'], { env });
  const trace = [...two.stderr.matchAll(TRACE)].map((m) => m[1]!);
  expect(one.stderr).not.toMatch(TRACE);
  return { one, two: { ...two, stderr: two.stderr.replace(TRACE, ''), trace } };
}

describe('reading a file on two threads', () => {
  it('gives byte-identical JSON to one thread', () => {
    const { one, two } = both(['classify', 'fixtures/sample/tickets.csv', '--profile', 'fixtures/sample/profile.csv', '--format', 'json', '--no-timings', '-q']);
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(two.trace).toEqual([expect.stringMatching(RANGES), expect.stringMatching(MERGED)]);
    // Both threads read ranges (the worker, started as the command starts, is ready when reading begins).
    const [, here, there] = /this thread (\d+), the worker (\d+)/.exec(two.trace[1]!)!.map(Number);
    expect(here).toBeGreaterThan(0);
    expect(there).toBeGreaterThan(0);
  });

  it('reads on three threads (two workers) exactly as on one, the parts merged across three runs', () => {
    const run = (threads: string): ReturnType<typeof runCli> => runCli(['metrics', 'fixtures/sample/tickets.csv', '--format', 'json', '--no-timings', '-q', '--threads', threads], { env: FORCE });
    const one = run('1');
    const three = run('3');
    expect(one.code).toBe(0);
    expect(three.stdout).toBe(one.stdout);
    const trace = [...three.stderr.matchAll(TRACE)].map((m) => m[1]!);
    expect(trace).toEqual([expect.stringMatching(/: \d+ ranges for 3 threads$/), expect.stringMatching(/: the ranges merged \(this thread \d+, the workers \d+, \d+\)$/)]);
  });

  it('--threads is capped by the cores: 64 asked on two cores read on two threads', () => {
    const run = runCli(['metrics', 'fixtures/sample/tickets.csv', '--format', 'json', '--no-timings', '-q', '--threads', '64'], { env: { ...FORCE, BENCHMARK_CORES: '2' } });
    expect(run.code, run.stderr).toBe(0);
    const trace = [...run.stderr.matchAll(TRACE)].map((m) => m[1]!);
    expect(trace[0]).toMatch(/: \d+ ranges for 2 threads$/);
  });

  it('merges the parts of several files (two threads each, merged group by group) exactly as one thread reads them', () => {
    // The sample's rows in three files: the same organisations in each, six parts to merge.
    const [header, ...rows] = readFileSync(join(ROOT, 'fixtures/sample/tickets.csv'), 'utf8').trimEnd().split('\n');
    const files = [0, 1, 2].map((k) => {
      const file = join(dir, `third-${k}.csv`);
      writeFileSync(file, `${[header, ...rows.filter((_, i) => i % 3 === k)].join('\n')}\n`);
      return file;
    });
    const { one, two } = both(['metrics', ...files, '--format', 'json', '--no-timings', '-q']);
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(two.trace.filter((t) => MERGED.test(t))).toHaveLength(3);
    const whole = runCli(['metrics', 'fixtures/sample/tickets.csv', '--format', 'json', '--no-timings', '-q', '--threads', '1']);
    expect(JSON.parse(two.stdout).organizations).toEqual(JSON.parse(whole.stdout).organizations);
  });

  it('exits as usual when the worker started early is not needed (an event log is read whole, an organisation table on one thread)', () => {
    const events = join(dir, 'events.csv');
    writeFileSync(events, 'number,org,opened,closed\nT1,A,2024-01-01 10:00,\nT1,A,2024-01-01 10:00,2024-01-01 12:00\nT2,B,2024-01-02 09:00,2024-01-02 09:30\n');
    const map = join(dir, 'events.map.json');
    writeFileSync(map, JSON.stringify({ columns: { ticket_id: 'number', organization: 'org', created_at: 'opened', solved_at: 'closed' }, dedupe: 'last-by-id' }));
    const eventRun = both(['metrics', events, '--map', map, '--format', 'json', '--no-timings', '-q']);
    expect(eventRun.two.code).toBe(0);
    expect(eventRun.two.stdout).toBe(eventRun.one.stdout);
    const table = join(dir, 'orgs.csv');
    writeFileSync(table, 'organization,tickets_per_month,agents\nA,100,4\nB,250,9\n');
    const tableRun = both(['metrics', table, '--format', 'json', '--no-timings', '-q']);
    expect(tableRun.two.code).toBe(0);
    expect(tableRun.two.stdout).toBe(tableRun.one.stdout);
    expect([...eventRun.two.trace, ...tableRun.two.trace]).toEqual([]);
  });

  it('falls back to one thread when a range ends inside a quoted field', () => {
    // One long quoted cell with many line breaks (longer than a range) covers a range's end.
    const lines = ['organization,channel,created_at,solved_at,assignee'];
    for (let i = 0; i < 20; i++) lines.push(`A,email,2024-01-0${1 + (i % 9)} 10:00,2024-01-0${1 + (i % 9)} 12:00,x`);
    lines.push(`B,web,2024-01-02 10:00,2024-01-02 11:00,"${'line\n'.repeat(400)}"`);
    for (let i = 0; i < 5; i++) lines.push(`B,chat,2024-01-03 10:00,2024-01-03 10:30,y`);
    const file = join(dir, 'quoted-middle.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { one, two } = both(['metrics', file, '--format', 'json', '--no-timings', '-q'], 1000);
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(two.trace).toEqual([expect.stringMatching(RANGES), expect.stringMatching(DROPPED)]);
  });

  it('splits an export with quoted free text (commas, doubled quotes, line breaks) at record starts, and reads it as one thread does', () => {
    const file = join(dir, 'free-text.csv');
    const fd = openSync(file, 'w');
    writeTicketExport(4000, 'free-text', (chunk) => writeSync(fd, chunk), 3);
    closeSync(fd);
    // Line breaks inside quoted descriptions: some range targets fall inside one.
    expect(readFileSync(file, 'utf8')).toContain('\nSent from my phone"');
    const { one, two } = both(['metrics', file, '--format', 'json', '--no-timings', '-q'], 20_000);
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(two.trace).toEqual([expect.stringMatching(RANGES), expect.stringMatching(MERGED)]);
  });

  it('reads a file in order when its header is not its first line (a blank line before it)', () => {
    const file = join(dir, 'blank-first.csv');
    writeFileSync(file, `\n${readFileSync(join(ROOT, 'fixtures/sample/tickets.csv'), 'utf8')}`);
    const { one, two } = both(['metrics', file, '--format', 'json', '--no-timings', '-q']);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(two.trace).toEqual([]);
  });

  it('names the right line for a bad row in a later range, and counts skipped rows across the ranges', () => {
    const sample = readFileSync(join(ROOT, 'fixtures/sample/tickets.csv'), 'utf8').trimEnd().split('\n');
    const badLine = sample.length - 10;
    sample[badLine - 1] = sample[badLine - 1]!.replace(/2025-09-\d\d \d\d:\d\d:\d\d/, 'never');
    const file = join(dir, 'bad-late.csv');
    writeFileSync(file, `${sample.join('\n')}\n`);
    const { one, two } = both(['metrics', file]);
    expect(one.code).toBe(3);
    expect(two.stderr).toBe(one.stderr);
    expect(two.stderr).toContain(`${file}:${badLine}: column "created_at"`);
    expect(two.trace).toEqual([expect.stringMatching(RANGES)]);
    const skipped = both(['metrics', file, '--skip-invalid', '--format', 'json', '--no-timings', '-q']);
    expect(skipped.two.stdout).toBe(skipped.one.stdout);
    expect(JSON.parse(skipped.two.stdout).input.firstRejectAt).toEqual({ 'unparseable date': `${file}:${badLine}` });
    expect(skipped.two.trace[1]).toMatch(MERGED);
  });

  it('finds a ticket in two ranges at its line, as one thread does, and with --skip-invalid counts it once', () => {
    const sample = readFileSync(join(ROOT, 'fixtures/sample/tickets.csv'), 'utf8').trimEnd().split('\n');
    const early = sample[5]!.split(',')[0]!;
    const lateLine = sample.length - 3;
    sample[lateLine - 1] = sample[lateLine - 1]!.replace(/^\d+,/, `${early},`);
    const file = join(dir, 'duplicate-across-halves.csv');
    writeFileSync(file, `${sample.join('\n')}\n`);
    const { one, two } = both(['metrics', file]);
    expect(one.code).toBe(3);
    expect(two.stderr).toBe(one.stderr);
    expect(two.stderr).toContain(`${file}:${lateLine}: column "ticket_id": ticket "${early}" appears a second time`);
    // In two threads' ranges the file is read again in order; in one thread's, that thread finds it.
    expect(two.trace[0]).toMatch(RANGES);
    const skipped = both(['metrics', file, '--skip-invalid', '--format', 'json', '--no-timings', '-q']);
    expect(skipped.two.stdout).toBe(skipped.one.stdout);
    expect(JSON.parse(skipped.two.stdout).input.rejectsByReason).toEqual({ 'duplicate ticket id': 1 });
  });
});
