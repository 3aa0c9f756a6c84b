// `benchmark check`: classify the current export, compare it with a baseline report under assertions, and
// exit 1 when an error-level assertion fails — a CI gate for support-metric regressions.

import { appendFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { CHECK_FORMATS, type CheckFormat } from '../check/formats.js';
import { RegressionError, UsageError } from '../errors.js';
import { startIngestWorkerEarly } from '../ingest/worker-start.js';
import { addCommonInputOptions, addGapOptions, choice, type CommonFlags } from './options.js';
import { assertOutputsApart } from '../output.js';
import { emit, noteRun, noteSample, noter } from './stderr-and-output.js';
import { outputWidth } from '../terminal.js';

export const CHECK_HELP = `
Classifies FILES by placing them with the baseline's own model (its scaling, centroids, clusters and peers:
an organisation whose data did not change keeps its cluster and peers; --model uses a saved model, --refit
fits anew), compares the result with a baseline JSON report written earlier by classify --format json, and
evaluates assertions: bounds on metrics (absolute, and relative to the baseline in the direction that is
worse), organisations changing cluster or archetype, newly flagged channel gaps, and organisations or
channels gone missing. Without --config: median resolution and first reply, overall and per organisation,
warn at +10% and fail at +20%; median resolution per channel (+10%/+20% across organisations, +25%/+50%
per organisation × channel); each with at least 30 tickets; departures, new flagged gaps and archetype
changes warn. The table lists failures and warnings (--verbose: everything) and the counts. With
GITHUB_STEP_SUMMARY set, a Markdown summary is appended to that file.

Examples:
  benchmark check fixtures/sample/tickets.csv --profile fixtures/sample/profile.csv --baseline report.json
  benchmark check --baseline report.json --format junit -o check.xml
  benchmark check fixtures/sample/tickets.csv --baseline report.json --model model.json --format markdown

Exit codes: 0 all passed (warnings allowed), 1 an error-level assertion failed, 2 usage or configuration
error, 3 bad input.`;

interface CheckFlags extends Omit<CommonFlags, 'format'> {
  baseline: string;
  refit?: boolean;
  verbose?: boolean;
  config?: string;
  format: CheckFormat;
}

export function checkCommand(): Command {
  const command = new Command('check').description('fail a CI job when support metrics regress against a baseline report').addHelpText('after', CHECK_HELP);
  addCommonInputOptions(command);
  command
    .requiredOption('--baseline <file>', 'a JSON report written earlier by classify --format json')
    .option('--config <file>', 'assertions (JSON; see benchmark.config.schema.json); default: median resolution and first reply +10% warn, +20% fail, per channel +25%/+50%')
    .option('--model <file>', 'classify the current data with a saved model (classify --save-model) instead of the baseline’s')
    .option('--refit', 'fit the current data anew with the baseline’s k, seed, restarts and scaling, instead of placing it with the baseline’s model (clusters and peers may then move for organisations whose data did not change)')
    .option('--verbose', 'list every result, passes and skips included (default: failures and warnings, with counts)')
    .addOption(new Option('--format <format>', `output format (${CHECK_FORMATS.join(', ')})`).argParser(choice(CHECK_FORMATS)).default('table'));
  addGapOptions(command);
  return command.action(async (files: string[], flags: CheckFlags, self: Command) => {
    const note = noter(flags.quiet === true);
    startIngestWorkerEarly(files, flags.threads);
    // The baseline and config readers (zod) load with the command, not at every start-up.
    const [{ loadBaseline }, { DEFAULT_CONFIG, loadConfig }, { evaluate }, { inputsOf, pipelineOptions }, { runPipeline }, { modelOfBaseline }, { applySelection }] = await Promise.all([
      import('../check/baseline.js'),
      import('../check/config.js'),
      import('../check/evaluate.js'),
      import('./run.js'),
      import('../pipeline.js'),
      import('../check/baseline-model.js'),
      import('../report/select.js'),
    ]);
    if (flags.refit === true && flags.model !== undefined) throw new UsageError('--refit and --model: choose one (--model places the current data with a saved model, --refit fits it anew)');
    assertOutputsApart([{ flag: '-o', file: flags.output }], [...inputsOf(files, flags), { what: `--baseline ${flags.baseline}`, file: flags.baseline }, { what: `--config ${flags.config}`, file: flags.config }]);
    const baseline = loadBaseline(flags.baseline);
    const config = flags.config === undefined ? DEFAULT_CONFIG : loadConfig(flags.config);
    const options = pipelineOptions(baseline.command, files, { ...flags, format: 'json' }, self);
    // Placed with the baseline's own model (no refit noise), unless told otherwise or it has none; then fitted
    // as the baseline was.
    if (baseline.model && flags.model === undefined) {
      const placed = flags.refit === true ? { reason: '--refit' } : modelOfBaseline(baseline);
      if ('reason' in placed) {
        if (flags.refit !== true) note(`${placed.reason}: the current data is fitted anew with its k, seed, restarts and scaling, so clusters and peers may move (--model places it with a saved model)`);
        Object.assign(options, { k: baseline.model.kRequested, isKExplicit: false, seed: baseline.model.seed, nRestarts: baseline.model.restarts, scaling: baseline.model.scaling });
      } else {
        options.model = { file: flags.baseline, model: placed };
      }
    }
    if (baseline.gapThresholds) {
      if (self.getOptionValueSource('gapRatio') !== 'cli') options.gaps.ratio = baseline.gapThresholds.ratio;
      if (self.getOptionValueSource('gapMinTickets') !== 'cli') options.gaps.minTickets = baseline.gapThresholds.minTickets;
      const floor = baseline.gapThresholds.floorMinutes;
      if (self.getOptionValueSource('gapFloor') !== 'cli' && floor !== undefined) options.gaps.floorMinutes = floor;
    }
    options.hasTimings = false;
    noteSample(files, note);
    const { report: whole } = await runPipeline(options);
    noteRun(whole, note);
    // A baseline of a selection is compared with the same selection of the current data; its organisations gone
    // from the data are left to the `missing` check.
    const selected = baseline.selection;
    let report = whole;
    if (selected) {
      const present = new Set(whole.organizations.map((o) => o.name));
      report = applySelection(whole, { ...selected, organizations: selected.organizations?.filter((name) => present.has(name)) ?? null });
    }
    const summary = evaluate(config, baseline, report);
    const context = { baselineFile: flags.baseline, inputs: report.input.files.map((f) => f.file), configFile: flags.config ?? null, isVerbose: flags.verbose === true, width: flags.format === 'table' ? outputWidth(process.stdout, flags.output !== undefined) : null, placedWith: options.model === undefined ? 'refitted' as const : options.model.file === flags.baseline ? 'baseline' as const : options.model.file };
    const stepSummary = process.env.GITHUB_STEP_SUMMARY;
    if (stepSummary !== undefined && stepSummary !== '') {
      try {
        await appendFile(stepSummary, (await import('../check/render.js')).renderCheckMarkdown(summary, context));
      } catch (error) {
        throw new UsageError(`GITHUB_STEP_SUMMARY ${stepSummary}: cannot append to it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
    }
    // The renderers load with the command that uses them.
    const { renderCheck, summaryLine } = await import('../check/render.js');
    await emit(renderCheck(flags.format, summary, context), flags.output, flags.format, note);
    if (summary.isRegression) throw new RegressionError(`regression: ${summaryLine(summary)}`);
    note(summaryLine(summary));
  });
}
