// What every command does around its work: notes on standard error, progress, and writing the result.

import { writeAtomic, writeStdout } from '../output.js';
import type { ProgressStream } from '../progress.js';
import { Progress } from '../progress.js';
import type { Report } from '../report/report.js';
import { visible } from '../report/visible.js';

export type Note = (text: string) => void;

/** Notes and warnings on standard error, prefixed `benchmark: `, none with -q. */
export function noter(isQuiet: boolean): Note {
  return (text) => {
    if (!isQuiet) process.stderr.write(`benchmark: ${visible(text)}\n`);
  };
}

/** A run's warnings and, when rows were rejected, how many and why: what every report command says on stderr. */
export function noteRun(report: Pick<Report, 'warnings' | 'input'>, note: Note): void {
  for (const warning of report.warnings) note(`warning: ${warning}`);
  const { input } = report;
  if (input.rowsRejected > 0) note(`${input.rowsRejected} of ${input.rowsRead} rows rejected (${Object.entries(input.rejectsByReason).map(([r, n]) => `${r}: ${n}`).join('; ')})`);
}

/** Says on standard error that the bundled sample is used, when no files were given. */
export function noteSample(files: readonly string[], note: Note): void {
  if (files.length === 0) note('no input files given: using the bundled synthetic sample (fixtures/sample/tickets.csv with profile.csv)');
}

/** Standard error when progress should be drawn there (a terminal, no -q), else undefined. */
export function progressStream(isQuiet: boolean): ProgressStream | undefined {
  return Progress.isWanted(process.stderr, isQuiet) ? process.stderr : undefined;
}

/** Writes the rendered report to `output` (atomically, with a note) or to standard output. */
export async function emit(text: string, output: string | undefined, format: string, note: Note): Promise<void> {
  if (output === undefined) {
    await writeStdout(text);
    return;
  }
  await writeAtomic(output, text);
  note(`wrote the ${format} report to ${output}`);
}
