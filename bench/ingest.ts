// Ingest benchmark: `benchmark metrics` as a whole process against DuckDB on the same generated export.

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../src/metrics/quantile.js';
import { MAPPED_LAYOUT_MAPPING, writeTicketExport, type TicketLayout } from './generate.js';

const BIN = fileURLToPath(new URL('../../bin/benchmark.js', import.meta.url));
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

export interface IngestResult {
  rows: number;
  megabytes: number;
  ours: { medianMs: number; runsMs: number[]; peakRssMb: number | null };
  duckdb: { medianMs: number; runsMs: number[]; queryMedianMs: number; peakRssMb: number | null } | null;
  ratio: number | null;
  /** Each other layout's median time ÷ the generic layout's. */
  layouts: { layout: TicketLayout; medianMs: number; ratioToGeneric: number }[];
}

function metricsArgs(file: string, extra: string[] = []): string[] {
  return [BIN, 'metrics', file, ...extra, '--format', 'json', '-o', '/dev/null', '-q'];
}

/** Times `benchmark metrics` and DuckDB (each `repeats` times, alternating) on a generated export of `rows` tickets. */
export function benchIngest(dir: string, rows: number, repeats: number, layouts: readonly TicketLayout[]): IngestResult {
  const file = writeExport(dir, rows, 'generic');
  const megabytes = Number(spawnSync('stat', ['-c', '%s', file], { encoding: 'utf8' }).stdout) / 1e6;
  const ours: ProcessRun[] = [];
  const duck: ProcessRun[] = [];
  const hasDuckdb = existsSync(fileURLToPath(new URL('../../node_modules/@duckdb/node-api', import.meta.url)));
  for (let r = 0; r < repeats; r++) {
    ours.push(timeProcess(process.execPath, metricsArgs(file)));
    if (hasDuckdb) duck.push(timeProcess(process.execPath, [DUCKDB_SCRIPT, file]));
  }
  const oursMedian = median(ours.map((o) => o.ms));
  const duckMedian = hasDuckdb ? median(duck.map((d) => d.ms)) : NaN;
  const layoutResults: IngestResult['layouts'] = [];
  for (const layout of layouts) {
    const layoutFile = writeExport(dir, rows, layout);
    const extra: string[] = [];
    if (layout === 'mapped') {
      const map = join(dir, 'mapped.map.json');
      writeFileSync(map, JSON.stringify(MAPPED_LAYOUT_MAPPING));
      extra.push('--map', map);
    }
    const runs = Array.from({ length: repeats }, () => timeProcess(process.execPath, metricsArgs(layoutFile, extra)).ms);
    layoutResults.push({ layout, medianMs: median(runs), ratioToGeneric: median(runs) / oursMedian });
  }
  return {
    rows,
    megabytes,
    ours: { medianMs: oursMedian, runsMs: ours.map((o) => o.ms), peakRssMb: Math.max(...ours.map((o) => o.peakRssMb ?? NaN)) || null },
    duckdb: hasDuckdb
      ? {
          medianMs: duckMedian,
          runsMs: duck.map((d) => d.ms),
          queryMedianMs: median(duck.map((d) => (JSON.parse(d.stdout) as { queryMs: number }).queryMs)),
          peakRssMb: Math.max(...duck.map((d) => d.peakRssMb ?? NaN)) || null,
        }
      : null,
    ratio: hasDuckdb ? oursMedian / duckMedian : null,
    layouts: layoutResults,
  };
}
