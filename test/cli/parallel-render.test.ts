// A large organisation-table report is rendered by two threads taking chunks of organisations in turn
// (src/report/split.ts); the report must be byte for byte the one a single thread writes. Which thread renders
// which chunk depends on timing, so the tests also force the worker to render every chunk
// (BENCHMARK_SPLIT_WORKER_ONLY=1) and make it fail part-way (BENCHMARK_SPLIT_FAIL_AT): the expected report is
// always the one-thread render of the same run (BENCHMARK_SPLIT_MIN above the organisations: no split).

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateOrgTable } from '../../bench/generate.js';
import { runCli } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'benchmark-render-'));
const table = join(dir, 'orgs.csv');
// 2,000 organisations, some with names a CSV must quote or a terminal would not show, one metric missing in some rows.
const generated = generateOrgTable(2000, 3).split('\n');
// A name with an escape sequence, which the terminal table shows as visible marks.
const names = ['Acme, Inc.', 'Ünïcødé "quoted"', '=cmd()', '日本語サポート', 'naïve café', 'esc \u001b[31mred'];
writeFileSync(
  table,
  generated
    .map((line, i) => {
      if (i === 0 || line === '') return line;
      const cells = line.split(',');
      if (i % 7 === 0) cells[0] = `"${names[i % names.length]!.replace(/"/g, '""')} ${i}"`;
      if (i % 11 === 0) cells[cells.length - 2] = '';
      return cells.join(',');
    })
    .join('\n'),
);
const model = join(dir, 'model.json');

const SPLIT = { BENCHMARK_SPLIT_MIN: '100', BENCHMARK_SPLIT_CHUNK: '16', BENCHMARK_CORES: '2', BENCHMARK_TRACE_SPLIT: '1' };
const TRACE = /^benchmark: trace: the report rendered in (\d+) chunks, (\d+) by the worker\n/gm;

/** The run's report, and its chunks and the worker's over every split render (the table format has two). */
function render(args: string[], env: Record<string, string>): { stdout: string; chunks: number; byWorker: number; splits: number } {
  const run = runCli(['classify', table, '--input', 'orgs', '-q', '--no-timings', ...args], { env });
  expect(run.code, run.stderr).toBe(0);
  const traces = [...run.stderr.matchAll(TRACE)];
  return { stdout: run.stdout, chunks: traces.reduce((sum, t) => sum + Number(t[1]), 0), byWorker: traces.reduce((sum, t) => sum + Number(t[2]), 0), splits: traces.length };
}

/** The same report on one thread: no split below BENCHMARK_SPLIT_MIN. */
function oneThread(args: string[], env: Record<string, string> = {}): string {
  const run = render(args, { ...env, BENCHMARK_SPLIT_MIN: '1000000000', BENCHMARK_TRACE_SPLIT: '1' });
  expect(run.chunks).toBe(0);
  return run.stdout;
}

describe('a large report rendered by two threads', () => {
  const cases: [string, string[], Record<string, string>][] = [
    ['CSV', ['--format', 'csv'], {}],
    ['JSON', ['--format', 'json'], {}],
    ['NDJSON sorted by name, descending', ['--format', 'ndjson', '--sort', 'name:desc'], {}],
    ['CSV of one archetype', ['--format', 'csv', '--archetype', 'Late Bloomers'], {}],
    // The terminal table's two tables of organisations: as wide as they come, and fitted to 100 columns (names
    // shortened, standings wrapped, columns left out) in colour.
    ['the table', ['--format', 'table'], {}],
    ['the table in 100 columns, in colour', ['--format', 'table'], { COLUMNS: '100', FORCE_COLOR: '1' }],
  ];

  it.each(cases)('%s: the worker renders every chunk, byte-identical to one thread', (what, args, env) => {
    const split = render(args, { ...SPLIT, ...env, BENCHMARK_SPLIT_WORKER_ONLY: '1' });
    expect(split.chunks).toBeGreaterThan(1);
    expect(split.byWorker).toBe(split.chunks);
    expect(split.splits).toBe(what.startsWith('the table') ? 2 : 1);
    expect(split.stdout).toBe(oneThread(args, env));
  });

  it.each(cases)('%s: both threads take chunks as they come, byte-identical to one thread', (_what, args, env) => {
    const split = render(args, { ...SPLIT, ...env });
    expect(split.chunks).toBeGreaterThan(1);
    expect(split.stdout).toBe(oneThread(args, env));
  });

  it('a worker that fails part-way leaves the rest to the calling thread: the report is whole', () => {
    const args = ['--format', 'json'];
    const split = render(args, { ...SPLIT, BENCHMARK_SPLIT_WORKER_ONLY: '1', BENCHMARK_SPLIT_FAIL_AT: '20' });
    expect(split.byWorker).toBe(20);
    expect(split.stdout).toBe(oneThread(args));
    JSON.parse(split.stdout);
  });

  it('organisations placed with a saved model (peers recognised, not members) render alike', () => {
    expect(runCli(['classify', table, '--input', 'orgs', '-q', '--save-model', model, '--format', 'csv', '-o', join(dir, 'fit.csv')]).code).toBe(0);
    const args = ['--model', model, '--format', 'json'];
    const split = render(args, { ...SPLIT, BENCHMARK_SPLIT_WORKER_ONLY: '1' });
    expect(split.byWorker).toBe(split.chunks);
    expect(split.stdout).toBe(oneThread(args));
  });

  it('one thread asked for: no split', () => {
    expect(render(['--format', 'csv', '--threads', '1'], SPLIT).chunks).toBe(0);
  });

  it('a report written to a file (-o) equals the one on standard output', () => {
    const file = join(dir, 'report.csv');
    const split = runCli(['classify', table, '--input', 'orgs', '-q', '--no-timings', '--format', 'csv', '-o', file], { env: { ...SPLIT, BENCHMARK_SPLIT_WORKER_ONLY: '1' } });
    expect(split.code, split.stderr).toBe(0);
    expect([...split.stderr.matchAll(TRACE)]).toHaveLength(1);
    expect(readFile(file)).toBe(oneThread(['--format', 'csv']));
  });
});

function readFile(file: string): string {
  return readFileSync(file, 'utf8');
}
