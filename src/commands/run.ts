// What classify and metrics share after parsing: run the pipeline, render, write, and say what happened on stderr.

import type { Command } from 'commander';
import { runPipeline, type PipelineOptions } from '../pipeline.js';
import { rendererFor } from '../report/render.js';
import { renderFeaturesCsv } from '../features/features-csv.js';
import { writeAtomic } from '../output.js';
import { emit, noteSample, noter, progressStream } from './stderr-and-output.js';
import { DEFAULT_K, DEFAULT_RESTARTS, DEFAULT_SEED, type CommonFlags } from './options.js';

function isColorWanted(stream: NodeJS.WriteStream): boolean {
  const noColor = process.env.NO_COLOR;
  return stream.isTTY === true && (noColor === undefined || noColor === '');
}

export async function runReportCommand(commandName: 'classify' | 'metrics', files: string[], flags: CommonFlags, command: Command): Promise<void> {
  const note = noter(flags.quiet === true);
  noteSample(files, note);
  const options: PipelineOptions = {
    command: commandName,
    files,
    preset: flags.preset,
    map: flags.map,
    input: flags.input,
    profile: flags.profile,
    hours: flags.hours,
    timeZone: flags.tz,
    progress: progressStream(flags.quiet === true),
    k: flags.k ?? DEFAULT_K,
    isKExplicit: command.getOptionValueSource('k') === 'cli',
    seed: flags.seed ?? DEFAULT_SEED,
    nRestarts: flags.restarts ?? DEFAULT_RESTARTS,
    nThreads: flags.threads,
    scaling: flags.scaling ?? 'robust',
    gaps: { ratio: flags.gapRatio, minTickets: flags.gapMinTickets },
    isSkipInvalid: flags.skipInvalid === true,
    hasTimings: flags.timings,
  };
  const { report, features } = await runPipeline(options);
  for (const warning of report.warnings) note(`warning: ${warning}`);
  if (report.input.rowsRejected > 0) note(`${report.input.rowsRejected} of ${report.input.rowsRead} rows rejected (${Object.entries(report.input.rejectsByReason).map(([r, n]) => `${r}: ${n}`).join('; ')})`);

  const render = await rendererFor(flags.format);
  const text = render(report, {
    isColor: flags.output === undefined && flags.format === 'table' && isColorWanted(process.stdout),
    isAllChannels: flags.allChannels === true || commandName === 'metrics',
  });
  if (flags.featuresOut !== undefined && features !== null) {
    await writeAtomic(flags.featuresOut, renderFeaturesCsv(features.names, features.organizations, features.matrix));
    note(`wrote the scaled feature matrix to ${flags.featuresOut}`);
  }
  await emit(text, flags.output, flags.format, note);
}
