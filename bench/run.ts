// `npm run bench`: stage timings on generated inputs, and k-means against scikit-learn on the same matrix.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fitKMeans } from '../src/cluster/kmeans.js';
import { median } from '../src/metrics/quantile.js';
import { runPipeline } from '../src/pipeline.js';
import { renderFeaturesCsv } from '../src/features/features-csv.js';
import { generateOrgTable } from './generate.js';
import { BIN, benchIngest, timed, timeProcess, type IngestResult, type ProcessRun, type Timed } from './ingest.js';
import { TICKET_LAYOUTS } from './generate.js';

interface Args {
  sizes: number[];
  repeats: number;
  k: number;
  restarts: number;
  isJson: boolean;
  /** Which parts to run. */
  parts: Set<'kmeans' | 'ingest' | 'scale'>;
  /** Ticket counts for the ingest benchmark (10,000,000 with --large, the generic layout only). */
  ingestRows: number[];
  /** Organisation-table sizes run as whole processes in every format against the pandas + scikit-learn script. */
  scaleSizes: number[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = { sizes: [45_000, 500_000], repeats: 3, k: 12, restarts: 10, isJson: false, parts: new Set(['kmeans', 'ingest', 'scale']), ingestRows: [1_000_000], scaleSizes: [45_000, 500_000] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--json') args.isJson = true;
    else if (flag === '--only' && (value === 'kmeans' || value === 'ingest' || value === 'scale')) (args.parts = new Set([value])), i++;
    else if (flag === '--large') args.ingestRows = [1_000_000, 10_000_000];
    else if (flag === '--ingest-rows' && value) (args.ingestRows = value.split(',').map(Number)), i++;
    else if (flag === '--sizes' && value) (args.sizes = args.scaleSizes = value.split(',').map(Number)), i++;
    else if (flag === '--repeats' && value) (args.repeats = Number(value)), i++;
    else if (flag === '--k' && value) (args.k = Number(value)), i++;
    else if (flag === '--restarts' && value) (args.restarts = Number(value)), i++;
    else {
      process.stderr.write(`bench: unknown argument ${JSON.stringify(flag)}; usage: npm run bench -- [--only kmeans|ingest|scale] [--sizes 45000,500000] [--ingest-rows 1000000] [--large] [--repeats 3] [--k 12] [--restarts 10] [--json]\n`);
      process.exit(2);
    }
  }
  return args;
}

const SKLEARN_SCRIPT = fileURLToPath(new URL('../../scripts/sklearn_kmeans.py', import.meta.url));

/** The first Python with these modules (scikit-learn by default; Debian's python3-sklearn and python3-pandas live under /usr/bin/python3). */
function findPython(modules = 'sklearn'): string | undefined {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', `import ${modules}`], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return undefined;
}

const PANDAS_SCRIPT = fileURLToPath(new URL('../../scripts/pandas_pipeline.py', import.meta.url));
const SCALE_FORMATS = ['csv', 'json', 'ndjson', 'table', 'markdown'] as const;

interface ScaleResult {
  rows: number;
  /** `benchmark classify FILE --format F -o OUT` per format, whole processes. */
  ours: { format: (typeof SCALE_FORMATS)[number]; timed: Timed; ratio: number | null }[];
  pandas: Timed | null;
  /** The same table with its rows in no order (not sorted by name, as most tables are not): CSV, against pandas on that file. */
  unordered: { timed: Timed; pandas: Timed | null; ratio: number | null };
}

/** `csv`'s rows (after the header) in an order of their own, the same for a seed. */
function shuffledRows(csv: string, seed: number): string {
  const lines = csv.split('\n');
  const header = lines.shift()!;
  const rows = lines.filter((line) => line !== '');
  let state = seed;
  for (let i = rows.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = Math.floor((state / 2_147_483_648) * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return `${header}\n${rows.join('\n')}\n`;
}

/**
 * classify on an organisation table of `rows`, as a whole process in every format (CSV `repeats` times, the
 * others once above 100,000 organisations), against the pandas + scikit-learn script, alternating.
 */
function benchScale(rows: number, args: Args, python: string | undefined, dir: string): ScaleResult {
  const file = join(dir, `scale-${rows}.csv`);
  const table = generateOrgTable(rows, 1);
  writeFileSync(file, table);
  const unorderedFile = join(dir, `scale-${rows}-unordered.csv`);
  writeFileSync(unorderedFile, shuffledRows(table, 7));
  const out = join(dir, 'scale-out');
  // Every run writes a new file: the one before it is removed first, outside the timing. Replacing the 0.7 GB
  // report the run before left cost the run freeing its blocks, whichever tool it was: 0.07–0.4 s measured as
  // rm alone, 0.75–0.9 s in the final rename of profiled runs.
  const fresh = (command: string, runArgs: string[]): ProcessRun => {
    rmSync(out, { force: true });
    return timeProcess(command, runArgs);
  };
  const classify = (input: string, format: string): ProcessRun => fresh(process.execPath, [BIN, 'classify', input, '--format', format, '-o', out, '-q', '--k', String(args.k), '--restarts', String(args.restarts)]);
  const runs = new Map<string, ProcessRun[]>();
  const pandasRuns: ProcessRun[] = [];
  const unorderedRuns: ProcessRun[] = [];
  const unorderedPandasRuns: ProcessRun[] = [];
  for (let r = 0; r < args.repeats; r++) {
    for (const format of SCALE_FORMATS) {
      if (format !== 'csv' && r > 0 && rows > 100_000) continue;
      runs.set(format, [...(runs.get(format) ?? []), classify(file, format)]);
    }
    if (python) pandasRuns.push(fresh(python, [PANDAS_SCRIPT, file, out, String(args.k)]));
    // The unordered table once above 100,000 organisations, as the other formats.
    if (r > 0 && rows > 100_000) continue;
    unorderedRuns.push(classify(unorderedFile, 'csv'));
    if (python) unorderedPandasRuns.push(fresh(python, [PANDAS_SCRIPT, unorderedFile, out, String(args.k)]));
  }
  rmSync(file);
  rmSync(unorderedFile);
  rmSync(out, { force: true });
  const pandas = python ? timed(pandasRuns) : null;
  const unorderedPandas = python ? timed(unorderedPandasRuns) : null;
  const unordered = timed(unorderedRuns);
  return {
    rows,
    ours: SCALE_FORMATS.map((format) => {
      const ours = timed(runs.get(format)!);
      return { format, timed: ours, ratio: pandas === null ? null : ours.medianMs / pandas.medianMs };
    }),
    pandas,
    unordered: { timed: unordered, pandas: unorderedPandas, ratio: unorderedPandas === null ? null : unordered.medianMs / unorderedPandas.medianMs },
  };
}

interface SizeResult {
  rows: number;
  features: number;
  stages: { generateMs: number; ingestMs: number; metricsMs: number; clusterMs: number; featuresMs: number; fitMs: number; totalMs: number };
  /**
   * What the run spent after its fit (quality, peers, gaps, report): its total less reading, metrics, features
   * and its own fit (timings.fitMs, which starts the k-means workers and compiles the kernels).
   */
  afterFitMs: number;
  fit: { medianMs: number; runsMs: number[]; inertias: number[]; medianInertia: number; iterations: number[] };
  sklearn: { version: string; medianMs: number; runsMs: number[]; inertias: number[]; medianInertia: number; iterations: number[] } | null;
  fitRatio: number | null;
  inertiaRatio: number | null;
}

async function benchSize(rows: number, args: Args, python: string | undefined, dir: string): Promise<SizeResult> {
  let started = performance.now();
  const csv = generateOrgTable(rows, 1);
  const file = join(dir, `orgs-${rows}.csv`);
  writeFileSync(file, csv);
  const generateMs = performance.now() - started;

  started = performance.now();
  const { report, features } = await runPipeline({
    command: 'classify',
    files: [file],
    hours: 'calendar',
    k: args.k,
    isKExplicit: true,
    seed: 42,
    nRestarts: args.restarts,
    scaling: 'robust',
    gaps: { ratio: 1.5, minTickets: 20, floorMinutes: 1 },
    isSkipInvalid: false,
    hasTimings: true,
  });
  const totalMs = performance.now() - started;
  const timings = report.timings!;

  // The matrix the pipeline fitted, as --features-out writes it, for scikit-learn to read.
  const matrixFile = join(dir, `features-${rows}.csv`);
  writeFileSync(matrixFile, renderFeaturesCsv(features!.names, features!.organizations, features!.matrix));
  const matrix = features!.matrix;
  const runsMs: number[] = [];
  const inertias: number[] = [];
  const iterations: number[] = [];
  for (let r = 0; r < args.repeats; r++) {
    const t0 = performance.now();
    const fit = await fitKMeans(matrix, { k: args.k, seed: 42 + r, nRestarts: args.restarts });
    runsMs.push(performance.now() - t0);
    inertias.push(fit.inertia);
    iterations.push(fit.iterations);
  }

  let sklearn: SizeResult['sklearn'] = null;
  if (python) {
    const out = spawnSync(python, [SKLEARN_SCRIPT, matrixFile, String(args.k), String(args.restarts), String(args.repeats), '0'], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (out.status !== 0) throw new Error(`scikit-learn run failed: ${out.stderr}`);
    const parsed = JSON.parse(out.stdout) as { version: string; seconds: number[]; memberInertia: number[]; iterations: number[] };
    const ms = parsed.seconds.map((s) => s * 1000);
    sklearn = { version: parsed.version, medianMs: median(ms), runsMs: ms, inertias: parsed.memberInertia, medianInertia: median(parsed.memberInertia), iterations: parsed.iterations };
  }
  const fitMedian = median(runsMs);
  return {
    rows,
    features: features!.matrix.d,
    stages: { generateMs, ingestMs: timings.ingestMs, metricsMs: timings.metricsMs, clusterMs: timings.clusterMs, featuresMs: timings.featuresMs!, fitMs: timings.fitMs!, totalMs },
    fit: { medianMs: fitMedian, runsMs, inertias, medianInertia: median(inertias), iterations },
    afterFitMs: totalMs - timings.ingestMs - timings.metricsMs - timings.featuresMs! - timings.fitMs!,
    sklearn,
    fitRatio: sklearn ? fitMedian / sklearn.medianMs : null,
    inertiaRatio: sklearn ? median(inertias) / sklearn.medianInertia : null,
  };
}

const fmt = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const python = findPython();
  const dir = mkdtempSync(join(tmpdir(), 'benchmark-bench-'));
  const results: SizeResult[] = [];
  const ingest: IngestResult[] = [];
  const scale: ScaleResult[] = [];
  const pandas = findPython('pandas, sklearn');
  try {
    if (args.parts.has('ingest')) {
      for (const rows of args.ingestRows) {
        for (const layout of rows > 2_000_000 ? (['generic'] as const) : TICKET_LAYOUTS) {
          if (!args.isJson) process.stderr.write(`bench: ingest, ${rows.toLocaleString('en-US')} tickets, ${layout} layout…\n`);
          ingest.push(benchIngest(dir, rows, args.repeats, layout));
        }
      }
    }
    if (args.parts.has('scale')) {
      for (const rows of args.scaleSizes) {
        if (!args.isJson) process.stderr.write(`bench: classify at scale, ${rows.toLocaleString('en-US')} organisations, every format…\n`);
        scale.push(benchScale(rows, args, pandas, dir));
      }
    }
    if (args.parts.has('kmeans')) {
      for (const rows of args.sizes) {
        if (!args.isJson) process.stderr.write(`bench: k-means, ${rows.toLocaleString('en-US')} organisations…\n`);
        results.push(await benchSize(rows, args, python, dir));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (args.isJson) {
    process.stdout.write(`${JSON.stringify({ k: args.k, restarts: args.restarts, repeats: args.repeats, ingest, scale, kmeans: results }, null, 2)}\n`);
    return;
  }
  const out: string[] = [];
  const rss = (t: Timed | null): string => (t === null || t.peakRssMb === null ? 'peak RSS not measured' : `${t.peakRssMb.toFixed(0)} MB peak`);
  if (ingest.length > 0) {
    out.push(`ingest: benchmark metrics (JSON to /dev/null) against DuckDB read_csv + group-by medians, whole processes, medians of ${args.repeats}, alternating`);
    for (const r of ingest) {
      const what = `${r.layout}, ${r.rows.toLocaleString('en-US')} ${r.layout === 'event-log' ? 'rows' : 'tickets'}, ${r.organizations.toLocaleString('en-US')} organisations, ${r.megabytes.toFixed(0)} MB`;
      out.push(`  ${what}`);
      out.push(`    ours ${fmt(r.ours.medianMs)} (${rss(r.ours)}); DuckDB ${r.duckdb === null ? 'not installed' : `${fmt(r.duckdb.medianMs)} (${rss(r.duckdb)}; its query alone ${fmt(r.duckdb.queryMedianMs)})`}${r.ratio === null ? '' : `; ours ÷ DuckDB ${r.ratio.toFixed(2)}`}`);
    }
    out.push('');
  }
  if (scale.length > 0) {
    out.push(`classify at scale: organisation tables, whole processes (-o FILE), against scripts/pandas_pipeline.py (pandas + scikit-learn: log1p, robust scaling, KMeans k = ${args.k} n_init = ${args.restarts}, silhouette on 10,000, Calinski–Harabasz, Davies–Bouldin, labels written)${pandas === undefined ? ': pandas not installed (apt-get install python3-pandas python3-sklearn), ratios skipped' : ''}`);
    for (const r of scale) {
      out.push(`  ${r.rows.toLocaleString('en-US')} organisations: pandas + scikit-learn ${r.pandas === null ? '–' : `${fmt(r.pandas.medianMs)} (${rss(r.pandas)})`}`);
      for (const o of r.ours) out.push(`    --format ${o.format.padEnd(8)} ${fmt(o.timed.medianMs).padStart(8)} (${rss(o.timed)}, ${o.timed.runsMs.length} run${o.timed.runsMs.length === 1 ? '' : 's'})${o.ratio === null ? '' : `; ours ÷ pandas ${o.ratio.toFixed(2)}`}`);
      const u = r.unordered;
      out.push(`    rows in no order, --format csv ${fmt(u.timed.medianMs)} (${rss(u.timed)}, ${u.timed.runsMs.length} run${u.timed.runsMs.length === 1 ? '' : 's'}); pandas + scikit-learn on that file ${u.pandas === null ? '–' : `${fmt(u.pandas.medianMs)} (${rss(u.pandas)})`}${u.ratio === null ? '' : `; ours ÷ pandas ${u.ratio.toFixed(2)}`}`);
    }
    out.push('');
  }
  if (results.length > 0) out.push(`k-means: k = ${args.k}, ${args.restarts} k-means++ restarts per fit, medians of ${args.repeats} fits (each its own seed); scikit-learn ${results[0]?.sklearn?.version ?? 'not installed (apt-get install python3-sklearn): ratios skipped'}`);
  if (results.length > 0) out.push('inertia: sum of squared distances to the member means of each fit\'s clusters, for both');
  for (const r of results) {
    out.push('');
    out.push(`${r.rows.toLocaleString('en-US')} organisations × ${r.features} features`);
    out.push(`  stages: generate ${fmt(r.stages.generateMs)}, ingest ${fmt(r.stages.ingestMs)}, metrics ${fmt(r.stages.metricsMs)}, cluster ${fmt(r.stages.clusterMs)} (features ${fmt(r.stages.featuresMs)}, fit ${fmt(r.stages.fitMs)}), classify total ${fmt(r.stages.totalMs)} (in process, no output)`);
    out.push(`  after the fit (quality, peers, gaps, report): ${fmt(r.afterFitMs)}, ${(r.afterFitMs / r.stages.fitMs).toFixed(2)}× that run's fit, ${(r.afterFitMs / r.fit.medianMs).toFixed(2)}× the fits' median below`);
    out.push(`  fit, ours:         ${fmt(r.fit.medianMs)} (runs ${r.fit.runsMs.map(fmt).join(', ')}), inertia ${r.fit.medianInertia.toFixed(3)}`);
    if (r.sklearn) {
      out.push(`  fit, scikit-learn: ${fmt(r.sklearn.medianMs)} (runs ${r.sklearn.runsMs.map(fmt).join(', ')}), inertia ${r.sklearn.medianInertia.toFixed(3)}`);
      out.push(`  ratio ours ÷ scikit-learn: time ${r.fitRatio!.toFixed(3)}, inertia ${r.inertiaRatio!.toFixed(5)}`);
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

await main();
