// Ingest benchmark: `benchmark metrics` as a whole process against DuckDB on the same generated export.

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../src/metrics/quantile.js';
import { EVENT_LOG_MAPPING, MAPPED_LAYOUT_MAPPING, organizationsOf, writeTicketExport, type TicketLayout } from './generate.js';

export const BIN = fileURLToPath(new URL('../../bin/benchmark.js', import.meta.url));
const DUCKDB_SCRIPT = fileURLToPath(new URL('../../scripts/duckdb_groupby.mjs', import.meta.url));
const TIME = '/usr/bin/time';

export interface ProcessRun {
  ms: number;
  /** Peak resident set size in MB, when GNU time is there to measure it. */
  peakRssMb: number | null;
  stdout: string;
}

/** Runs a command, timing it as a whole process (and its peak RSS through GNU time when available). */
export function timeProcess(command: string, args: string[]): ProcessRun {
  const hasTime = existsSync(TIME);
  const started = performance.now();
  const result = hasTime
    ? spawnSync(TIME, ['-f', '%M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  const rssKb = hasTime ? Number(result.stderr.trim().split('\n').pop()) : NaN;
  return { ms, peakRssMb: Number.isFinite(rssKb) ? rssKb / 1024 : null, stdout: result.stdout };
}

export function writeExport(dir: string, rows: number, layout: TicketLayout): string {
  const file = join(dir, `tickets-${layout}-${rows}.csv`);
  const fd = openSync(file, 'w');
  writeTicketExport(rows, layout, (chunk) => writeSync(fd, chunk));
  closeSync(fd);
  return file;
}

export interface Timed {
  medianMs: number;
  runsMs: number[];
  peakRssMb: number | null;
}

export interface IngestResult {
  layout: TicketLayout;
  rows: number;
  organizations: number;
  megabytes: number;
  ours: Timed;
  duckdb: (Timed & { queryMedianMs: number }) | null;
  ratio: number | null;
}

function metricsArgs(file: string, extra: string[] = []): string[] {
  return [BIN, 'metrics', file, ...extra, '--format', 'json', '-o', '/dev/null', '-q'];
}

/** Medians, the runs and the largest peak RSS of a command's runs. */
export function timed(runs: ProcessRun[]): Timed {
  const peaks = runs.map((r) => r.peakRssMb).filter((m): m is number => m !== null);
  return { medianMs: median(runs.map((r) => r.ms)), runsMs: runs.map((r) => r.ms), peakRssMb: peaks.length > 0 ? Math.max(...peaks) : null };
}

/** The mapping file a layout is read with, if any. */
function mappingArgs(dir: string, layout: TicketLayout): string[] {
  const mapping = layout === 'mapped' ? MAPPED_LAYOUT_MAPPING : layout === 'event-log' ? EVENT_LOG_MAPPING : undefined;
  if (mapping === undefined) return [];
  const file = join(dir, `${layout}.map.json`);
  writeFileSync(file, JSON.stringify(mapping));
  return ['--map', file];
}

/**
 * Times `benchmark metrics` and DuckDB's read_csv + group-by medians (each `repeats` times, alternating, whole
 * processes) on a generated export of `rows` tickets in `layout`.
 */
export function benchIngest(dir: string, rows: number, repeats: number, layout: TicketLayout): IngestResult {
  const file = writeExport(dir, rows, layout);
  const megabytes = Number(spawnSync('stat', ['-c', '%s', file], { encoding: 'utf8' }).stdout) / 1e6;
  const extra = mappingArgs(dir, layout);
  const ours: ProcessRun[] = [];
  const duck: ProcessRun[] = [];
  const hasDuckdb = existsSync(fileURLToPath(new URL('../../node_modules/@duckdb/node-api', import.meta.url)));
  for (let r = 0; r < repeats; r++) {
    ours.push(timeProcess(process.execPath, metricsArgs(file, extra)));
    if (hasDuckdb) duck.push(timeProcess(process.execPath, [DUCKDB_SCRIPT, file, layout]));
  }
  rmSync(file);
  const oursTimed = timed(ours);
  const duckTimed = hasDuckdb ? { ...timed(duck), queryMedianMs: median(duck.map((d) => (JSON.parse(d.stdout) as { queryMs: number }).queryMs)) } : null;
  return { layout, rows, organizations: organizationsOf(layout), megabytes, ours: oursTimed, duckdb: duckTimed, ratio: duckTimed === null ? null : oursTimed.medianMs / duckTimed.medianMs };
}
