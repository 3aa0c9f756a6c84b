// What classify and metrics share after parsing: run the pipeline, render, write, and say what happened on stderr.

import type { Command } from 'commander';
import { runPipeline, type PipelineOptions } from '../pipeline.js';
import { rendererFor } from '../report/render.js';
import { renderFeaturesCsv } from '../features/features-csv.js';
import { threadCount } from '../threads.js';
import { assertOutputsApart, writeOutputs, writeStdout, type Text } from '../output.js';
import { resolveInputs } from '../ingest/sources.js';
import { noteRun, noteSample, noter, progressStream } from './stderr-and-output.js';
import { DEFAULT_K, DEFAULT_RESTARTS, DEFAULT_SEED, type CommonFlags } from './options.js';
import { UsageError } from '../errors.js';
import { loadModel, modelText } from '../model/model.js';
import { applySelection } from '../report/select.js';
import { isColorWanted, outputWidth } from '../terminal.js';

/** The pipeline options of a report command's flags; --model is loaded here, and fit options beside it are a usage error. */
export function pipelineOptions(commandName: 'classify' | 'metrics', files: string[], flags: CommonFlags, command: Command): PipelineOptions {
  let model: PipelineOptions['model'];
  if (flags.model !== undefined) {
    const fitFlags = ['k', 'seed', 'restarts', 'scaling', 'saveModel'].filter((name) => command.getOptionValueSource(name) === 'cli');
    if (fitFlags.length > 0) {
      const shown = fitFlags.map((name) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ');
      throw new UsageError(`${shown} cannot be used with --model: a saved model is not refitted (fit a new one with classify --save-model)`);
    }
    model = { file: flags.model, model: loadModel(flags.model) };
  }
  return {
    command: commandName,
    files,
    preset: flags.preset,
    map: flags.map,
    input: flags.input,
    profile: flags.profile,
    hours: flags.hours,
    timeZone: flags.tz,
    by: flags.by,
    from: flags.from,
    to: flags.to,
    progress: progressStream(flags.quiet === true),
    k: flags.k ?? DEFAULT_K,
    isKExplicit: command.getOptionValueSource('k') === 'cli',
    seed: flags.seed ?? DEFAULT_SEED,
    nRestarts: flags.restarts ?? DEFAULT_RESTARTS,
    nThreads: flags.threads,
    scaling: flags.scaling ?? 'robust',
    gaps: { ratio: flags.gapRatio, minTickets: flags.gapMinTickets, floorMinutes: flags.gapFloor },
    costPerLateTicket: flags.costPerLateTicket,
    repeatDays: flags.repeatDays,
    isSkipInvalid: flags.skipInvalid === true,
    hasTimings: flags.timings,
    model,
    isModelWanted: flags.saveModel !== undefined,
  };
}

export async function runReportCommand(commandName: 'classify' | 'metrics', files: string[], flags: CommonFlags, command: Command): Promise<void> {
  const note = noter(flags.quiet === true);
  assertOutputsApart(
    [
      { flag: '-o', file: flags.output },
      { flag: '--features-out', file: flags.featuresOut },
      { flag: '--save-model', file: flags.saveModel },
    ],
    inputsOf(files, flags),
  );
  const options = pipelineOptions(commandName, files, flags, command);
  noteSample(files, note);
  const { report: whole, features, model } = await runPipeline(options);
  noteRun(whole, note);
  const report = applySelection(whole, { sort: flags.sort, top: flags.top, archetypes: flags.archetype, clusters: flags.cluster, organizations: flags.org });

  const render = await rendererFor(flags.format);
  const isFile = flags.output !== undefined;
  const text = render(report, {
    isColor: flags.format === 'table' && isColorWanted(process.stdout, isFile),
    isAllChannels: flags.allChannels === true || commandName === 'metrics',
    width: outputWidth(process.stdout, isFile),
    threads: threadCount(flags.threads),
  });
  // Every file of the run is written together, or none is (output.ts).
  const outputs: { file: string; text: Text; note: string }[] = [];
  if (flags.featuresOut !== undefined && features !== null) outputs.push({ file: flags.featuresOut, text: renderFeaturesCsv(features.names, features.organizations, features.matrix), note: `wrote the scaled feature matrix to ${flags.featuresOut}` });
  if (flags.saveModel !== undefined && model !== null) outputs.push({ file: flags.saveModel, text: modelText(model), note: `wrote the model to ${flags.saveModel}` });
  if (flags.output !== undefined) outputs.push({ file: flags.output, text, note: `wrote the ${flags.format} report to ${flags.output}` });
  await writeOutputs(outputs);
  for (const f of outputs) note(f.note);
  if (flags.output === undefined) await writeStdout(text);
}

/** The files a report command reads, for the check that no output names one of them. */
export function inputsOf(files: readonly string[], flags: Pick<CommonFlags, 'map' | 'profile' | 'model'>): { what: string; file: string | undefined }[] {
  let expanded: string[];
  try {
    expanded = resolveInputs(files);
  } catch {
    // A missing input is reported by the run itself.
    expanded = [...files];
  }
  return [...expanded.map((file) => ({ what: `the input ${file}`, file })), { what: `--map ${flags.map}`, file: flags.map }, { what: `--profile ${flags.profile}`, file: flags.profile }, { what: `--model ${flags.model}`, file: flags.model }];
}
