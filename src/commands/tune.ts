// `benchmark tune`: how many clusters? Inertia, silhouette, Calinski–Harabasz and Davies–Bouldin for a range of k.

import { Command, InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../errors.js';
import type { TuneFormat, TuneReport } from '../report/render-tune.js';

export const TUNE_FORMATS = ['table', 'json', 'csv'] as const satisfies readonly TuneFormat[];
import { roundMs } from '../report/format.js';
import { SCHEMA_VERSION } from '../report/report.js';
import { addCommonInputOptions, addFitOptions, choice, DEFAULT_RESTARTS, DEFAULT_SEED, type CommonFlags } from './options.js';
import { assertOutputsApart } from '../output.js';
import { emit, noteSample, noter, progressStream } from './stderr-and-output.js';
import { outputWidth } from '../terminal.js';

export const TUNE_HELP = `
Fits k-means for every k in a range (the same engine, seed and restarts as classify) and reports, for each
k, the inertia, mean silhouette, Calinski–Harabasz and Davies–Bouldin indexes; marks the elbow of the
inertia curve and recommends a k (the one most of these criteria point to).

Examples:
  benchmark tune                           # the bundled synthetic sample, k = 2..20
  benchmark tune --k 8..12 --format json -o tune.json

Exit codes: 0 ok, 2 usage or configuration error, 3 bad input.`;

/** Parses "A..B" (or a single k) into the list of k to try. */
export function parseKRange(value: string): number[] {
  const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$/.exec(value);
  const from = m ? Number(m[1]) : NaN;
  const to = m ? Number(m[2] ?? m[1]) : NaN;
  if (!m || from < 2 || to < from || to > 100) {
    throw new InvalidArgumentError(`expected a range A..B with 2 ≤ A ≤ B ≤ 100 (such as 2..20), got ${JSON.stringify(value)}`);
  }
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

interface TuneFlags extends Omit<CommonFlags, 'format' | 'k'> {
  format: TuneFormat;
  k: number[];
}

export function tuneCommand(): Command {
  const command = new Command('tune').description('compare k: inertia, silhouette, Calinski–Harabasz, Davies–Bouldin; the elbow and a recommendation').addHelpText('after', TUNE_HELP);
  addCommonInputOptions(command);
  command
    .addOption(new Option('--k <range>', 'the k to try, as A..B').argParser(parseKRange).default(parseKRange('2..20'), '2..20'));
  addFitOptions(command, 'k-means++ restarts per k; the lowest inertia wins').addOption(
    new Option('--format <format>', `output format (${TUNE_FORMATS.join(', ')})`).argParser(choice(TUNE_FORMATS)).default('table'),
  );
  return command.action(async (files: string[], flags: TuneFlags) => {
    const note = noter(flags.quiet === true);
    // The pipeline and the sweep load with this command, not at every start-up.
    const [{ sweep }, { countDistinct }, { describeInput, loadOrganizations, prepareFeatures }, { inputsOf }] = await Promise.all([import('../cluster/sweep.js'), import('../cluster/kmeans.js'), import('../pipeline.js'), import('./run.js')]);
    noteSample(files, note);
    assertOutputsApart([{ flag: '-o', file: flags.output }], inputsOf(files, flags));
    const started = performance.now();
    const loaded = await loadOrganizations({
      ...flags,
      files,
      isSkipInvalid: flags.skipInvalid === true,
      timeZone: flags.tz,
      nThreads: flags.threads,
      progress: progressStream(flags.quiet === true),
    });
    const warnings = [...loaded.warnings];
    const matrix = await prepareFeatures(loaded, flags.scaling ?? 'robust', warnings);
    const nDistinct = countDistinct(matrix.matrix, flags.k[flags.k.length - 1]!);
    let ks = flags.k;
    if (ks[0]! > nDistinct) throw new UsageError(`--k ${ks[0]}..${ks[ks.length - 1]} starts above the distinct organisations found (${nDistinct}); use --k 2..${nDistinct}`);
    if (ks[ks.length - 1]! > nDistinct) {
      warnings.push(`k range cut to ${ks[0]}..${nDistinct}: only ${nDistinct} distinct organisations`);
      ks = ks.filter((k) => k <= nDistinct);
    }
    const clusterStarted = performance.now();
    const result = await sweep(matrix.matrix, ks, { seed: flags.seed ?? DEFAULT_SEED, nRestarts: flags.restarts ?? DEFAULT_RESTARTS, nThreads: flags.threads });
    for (const warning of warnings) note(`warning: ${warning}`);
    const report: TuneReport = {
      schemaVersion: SCHEMA_VERSION,
      command: 'tune',
      input: describeInput(loaded, flags.hours),
      warnings,
      seed: flags.seed ?? DEFAULT_SEED,
      restarts: flags.restarts ?? DEFAULT_RESTARTS,
      scaling: flags.scaling ?? 'robust',
      features: matrix.used.map((f) => f.name),
      rows: result.rows,
      knee: result.knee,
      recommendedK: result.recommendedK,
      reason: result.reason,
      timings: flags.timings
        ? { ingestMs: roundMs(loaded.ingestMs), metricsMs: roundMs(loaded.metricsMs), clusterMs: roundMs(performance.now() - clusterStarted), totalMs: roundMs(performance.now() - started) }
        : null,
    };
    const { renderTune } = await import('../report/render-tune.js');
    const text = renderTune(report, flags.format, outputWidth(process.stdout, flags.output !== undefined));
    await emit(text, flags.output, flags.format, note);
  });
}
