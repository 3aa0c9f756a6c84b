// Options shared by classify and metrics: declared once, parsed as raw values, then resolved against meaning.

import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_GAP_THRESHOLDS } from '../benchmark/channel-gaps.js';
import { SCALINGS } from '../features/features.js';
import { INPUT_KINDS } from '../ingest/fields.js';
import { HOURS_MODES, PRESETS } from '../ingest/formats.js';
import type { PipelineOptions } from '../pipeline.js';
import { FORMATS, type OutputFormat } from '../report/render.js';
import { didYouMean } from '../suggest.js';
import { startIngestWorkerEarly } from '../ingest/worker-start.js';
import { DEFAULT_REPEAT_DAYS } from '../metrics/contacts.js';
import { MAX_THREADS } from '../threads.js';
import { collect, parseClusters, parseSort, type SortSpec } from '../report/select.js';

export const DEFAULT_K = 12;
export const DEFAULT_SEED = 42;
export const DEFAULT_RESTARTS = 10;

export function choice<T extends string>(values: readonly T[]): (value: string) => T {
  return (value: string): T => {
    if ((values as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`expected one of ${values.join(', ')}, got ${JSON.stringify(value)}${didYouMean(value, values)}`);
  };
}

export function integer(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer ≥ ${min}${max < Number.MAX_SAFE_INTEGER ? ` and ≤ ${max}` : ''}, got ${JSON.stringify(value)}`);
    }
    return n;
  };
}

export function timeZone(value: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
  } catch {
    throw new InvalidArgumentError(`expected an IANA time zone such as "Europe/Paris", got ${JSON.stringify(value)}`);
  }
  return value;
}

export function positiveNumber(min: number): (value: string) => number {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min) throw new InvalidArgumentError(`expected a number ≥ ${min}, got ${JSON.stringify(value)}`);
    return n;
  };
}

/** The options every command takes: input reading, output file, and run control. */
export function addCommonInputOptions(command: Command): Command {
  return command
    .argument('[files...]', 'ticket exports or organisation tables (CSV, or .csv.gz); globs such as "exports/2025-*.csv"; - for standard input; none: the bundled synthetic sample')
    .addOption(new Option('--preset <name>', `ticket export format, instead of recognising it from the header (${PRESETS.join(', ')})`).argParser(choice(PRESETS)))
    .option('--map <file>', 'mapping file (JSON): column names or constants, date format or pattern, time zone, missing-value tokens, channel names, row filters, due times, event or message logs (docs/inputs.md)')
    .addOption(new Option('--input <kind>', `what the files hold, instead of recognising it (${INPUT_KINDS.join(', ')})`).argParser(choice(INPUT_KINDS)))
    .option('--profile <file>', 'CSV of per-organisation attributes exports lack (business_rules, self_service_ratio, weekday_hours, weekend_hours, agents), joined on organization')
    .addOption(new Option('--hours <mode>', `calendar or business-hours durations; never mixed (${HOURS_MODES.join(', ')})`).argParser(choice(HOURS_MODES)).default('calendar'))
    .addOption(new Option('--tz <zone>', 'IANA time zone of timestamps without an offset, and for weekday/weekend coverage (overrides a mapping file\'s timezone)').argParser(timeZone))
    .option('--by <unit>', 'what one organisation is: a column (a mapped field such as group or assignee, or any header name), or "file" (each input file is one organisation)')
    .option('--from <date>', 'only tickets created on or after this date (2025-09-01) or instant (2025-09-01T08:00Z)')
    .option('--to <date>', 'only tickets created up to this date, the whole day included, or before this instant')
    .addOption(new Option('--threads <n>', 'threads for reading large files, k-means restarts and rendering large reports (default and most: the cores available); results do not depend on it').argParser(integer(1, MAX_THREADS)))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .addOption(new Option('--repeat-days <n>', 'a requester who opens another ticket through a different channel within n days has come back (repeat contacts; needs a requester column)').argParser(positiveNumber(0)).default(DEFAULT_REPEAT_DAYS))
    .option('--skip-invalid', 'skip bad rows, counting them by reason, instead of stopping at the first one')
    .option('--no-timings', 'leave stage timings out of the report (byte-identical JSON for the same input and seed)')
    .option('-q, --quiet', 'no notes or warnings on standard error')
    .option('--debug', 'show stack traces for unexpected errors');
}

/** The options of the report commands (classify, metrics): input options plus format and channel gaps. */
export function addCommonOptions(command: Command): Command {
  addCommonInputOptions(command)
    .addOption(new Option('--format <format>', `output format (${FORMATS.join(', ')})`).argParser(choice(FORMATS)).default('table'))
    .option('--all-channels', 'list every organisation × channel, not only flagged gaps');
  addSelectionOptions(command);
  return addGapOptions(command);
}

/** Which organisations a report shows and in what order (report/select.ts): every format, after everything is computed. */
export function addSelectionOptions(command: Command): Command {
  return command
    .addOption(new Option('--sort <metric>', 'order organisations by a metric (resolutionMedianHours or resolution_median_hours), name, cluster, archetype or gap (the largest flagged gap); worst first; add :asc or :desc').argParser(parseSort))
    .addOption(new Option('--top <n>', 'keep the first n organisations (after --sort and the filters)').argParser(integer(1)))
    .addOption(new Option('--archetype <name>', 'only organisations of this archetype (repeatable; case and hyphens ignored: late-bloomers)').argParser(collect))
    .addOption(new Option('--cluster <n>', 'only organisations of these clusters (repeatable, or 2,5)').argParser(parseClusters))
    .addOption(new Option('--org <name>', 'only this organisation (repeatable; exact name, case ignored when unique, or a pattern with * and ?)').argParser(collect));
}

/** The channel gap thresholds. */
export function addGapOptions(command: Command): Command {
  return command
    .addOption(new Option('--gap-ratio <x>', 'flag a channel whose median resolution is at least x times the comparison').argParser(positiveNumber(1)).default(DEFAULT_GAP_THRESHOLDS.ratio))
    .addOption(new Option('--gap-min-tickets <n>', 'flag only channels with at least n solved tickets').argParser(integer(1)).default(DEFAULT_GAP_THRESHOLDS.minTickets))
    .addOption(
      new Option('--gap-floor <minutes>', 'a channel whose median resolution is below this is no reference for the others (requests closed as they are opened)')
        .argParser(positiveNumber(0))
        .default(DEFAULT_GAP_THRESHOLDS.floorMinutes),
    )
    .addOption(new Option('--cost-per-late-ticket <amount>', 'what a ticket solved after 24 h costs more than one solved within 24 h, in your currency: the gaps are then priced (an estimate)').argParser(positiveNumber(0)));
}

/** How a fit runs, for every command that fits (classify, tune). */
export function addFitOptions(command: Command, restartsHelp = 'k-means++ restarts; the lowest inertia wins'): Command {
  return command
    .addOption(new Option('--seed <n>', 'random seed for k-means++').argParser(integer(0, 2 ** 31 - 1)).default(DEFAULT_SEED))
    .addOption(new Option('--restarts <n>', restartsHelp).argParser(integer(1, 1000)).default(DEFAULT_RESTARTS))
    .addOption(new Option('--scaling <kind>', `feature scaling (${SCALINGS.join(', ')})`).argParser(choice(SCALINGS)).default('robust'));
}

/** The options classify adds: k, the fit, and the feature matrix out. */
export function addClusterOptions(command: Command): Command {
  command.addOption(new Option('--k <n>', 'number of clusters').argParser(integer(2, 1000)).default(DEFAULT_K));
  return addFitOptions(command)
    .option('--features-out <file>', 'write the scaled feature matrix as CSV (organization + one column per feature)')
    .option('--save-model <file>', 'write the fitted model (features and scaling, centroids, archetypes, peer distributions) to classify with later')
    .option('--model <file>', 'place organisations with a saved model (nearest centroid, no refit) and benchmark them against its peers');
}

export interface CommonFlags {
  preset?: PipelineOptions['preset'];
  map?: string;
  input?: PipelineOptions['input'];
  profile?: string;
  hours: PipelineOptions['hours'];
  tz?: string;
  by?: string;
  from?: string;
  to?: string;
  format: OutputFormat;
  output?: string;
  skipInvalid?: boolean;
  allChannels?: boolean;
  sort?: SortSpec;
  top?: number;
  archetype?: string[];
  cluster?: number[];
  org?: string[];
  gapRatio: number;
  gapMinTickets: number;
  gapFloor: number;
  repeatDays: number;
  costPerLateTicket?: number;
  timings: boolean;
  quiet?: boolean;
  debug?: boolean;
  k?: number;
  seed?: number;
  restarts?: number;
  threads?: number;
  scaling?: PipelineOptions['scaling'];
  featuresOut?: string;
  saveModel?: string;
  model?: string;
}

/** The action of a command that runs the pipeline and writes its report (classify, metrics). */
export function reportAction(name: 'classify' | 'metrics'): (files: string[], flags: CommonFlags, self: Command) => Promise<void> {
  return async (files, flags, self) => {
    startIngestWorkerEarly(files, flags.threads);
    // The pipeline loads with the command that runs, not at every start-up.
    const { runReportCommand } = await import('./run.js');
    await runReportCommand(name, files, flags, self);
  };
}
