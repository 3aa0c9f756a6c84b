// What the input is, decided before it is read: the files (or the bundled sample), ticket exports or an
// organisation table (from the flags, the mapping file or the first file's header), each ticket file's format
// with the unit and window applied, and how the report names the unit.

import { InputError, quoteFound } from '../errors.js';
import { packageFile } from '../package-root.js';
import type { InputKind } from './fields.js';
import { formatFromMapping, preset, type HoursMode, type LoadedMapping, type PresetName, type TicketFormat } from './formats.js';
import { readHeader } from './read-header.js';
import { checkInputFile, resolveInputs, sniffInput } from './sources.js';
import { orgTableUnit, recogniseFor, unitOf, withUnit } from './unit.js';
import { windowOf } from './window.js';

const SAMPLE_DIR = packageFile('fixtures/sample/');
export const SAMPLE_TICKETS = `${SAMPLE_DIR}tickets.csv`;
export const SAMPLE_PROFILE = `${SAMPLE_DIR}profile.csv`;

/** The flags that say what the input is and how to read it. */
export interface InputOptions {
  /** Input files; empty means the bundled sample. */
  files: string[];
  preset?: PresetName;
  map?: string;
  input?: InputKind;
  profile?: string;
  hours: HoursMode;
  /** IANA zone for timestamps without an offset (overrides a mapping file's). */
  timeZone?: string;
  /** The unit benchmarked: a column (a field name or a header name), or "file"; default the format's organisation column. */
  by?: string;
  /** The period window on created_at (--from/--to), as the flags give it. */
  from?: string;
  to?: string;
  isSkipInvalid: boolean;
  /** The window of repeat contacts across channels, in days (--repeat-days). */
  repeatDays?: number;
}

export interface InputPlan {
  kind: InputKind;
  isSample: boolean;
  files: string[];
  profileFile: string | undefined;
  mapping: LoadedMapping | undefined;
  window: TicketFormat['window'];
  /** Each ticket file's format from its header, with the unit and the window applied. */
  formatFor: (file: string, header: readonly string[]) => TicketFormat;
  /** What one organisation is, as reports say it: "file", or "column NAME". */
  unit: string;
}

/** Looks at the flags and the first file's header (read once; ingest reads it again from the cache). */
export async function planInput(options: InputOptions): Promise<InputPlan> {
  const isSample = options.files.length === 0;
  const files = isSample ? [SAMPLE_TICKETS] : resolveInputs(options.files);
  const profileFile = options.profile ?? (isSample ? SAMPLE_PROFILE : undefined);
  if (profileFile !== undefined) checkInputFile(profileFile);
  const mapping = options.map === undefined ? undefined : (await import('./mapping.js')).loadMapping(options.map);
  for (const file of [...files, ...(profileFile === undefined ? [] : [profileFile])]) sniffInput(file);
  const header = await readHeader(files[0]!);
  const kind = decideKind(options, mapping, header, files[0]!);
  const window = windowOf(options.from, options.to, options.timeZone ?? mapping?.mapping.timezone);
  const formatFor = withUnit(ticketFormatFor(options, mapping), options.by, window);
  const unit = kind === 'orgs' ? orgTableUnit(options.by, mapping) : header === undefined ? 'column organization' : unitOf(formatFor(files[0]!, header), header);
  return { kind, isSample, files, profileFile, mapping, window, formatFor, unit };
}

function decideKind(options: InputOptions, mapping: LoadedMapping | undefined, header: string[] | undefined, file: string): InputKind {
  if (options.input) return options.input;
  if (mapping?.mapping.input) return mapping.mapping.input;
  if (options.preset || mapping) return 'tickets';
  if (header === undefined) throw new InputError({ file }, 'the file is empty: expected a header row', 'empty file');
  if (header.every((h) => h.trim() === '')) {
    throw new InputError({ file, line: 1 }, 'the header row has no column names: expected a header such as organization,channel,created_at,solved_at', 'empty header');
  }
  const seen = recogniseFor(options.by, header);
  if (seen === undefined) {
    throw new InputError(
      { file, line: 1 },
      `cannot tell what this file is from its columns (${header.slice(0, 8).map((h) => quoteFound(h, 40)).join(', ')}${header.length > 8 ? ', …' : ''}): expected a Zendesk or Freshdesk export, generic ticket columns (organization, created_at, …) or an organisation table (organization, tickets_per_month, …); use --map FILE to name the columns`,
      'unrecognised columns',
    );
  }
  return seen.kind;
}

function ticketFormatFor(options: InputOptions, mapping: LoadedMapping | undefined): (file: string, header: readonly string[]) => TicketFormat {
  return (file, header) => {
    if (mapping) return formatFromMapping(mapping, options.hours);
    if (options.preset) return preset(options.preset, options.hours);
    const seen = recogniseFor(options.by, header);
    if (seen?.kind === 'tickets' && seen.preset) return preset(seen.preset, options.hours);
    throw new InputError(
      { file, line: 1 },
      seen?.kind === 'orgs'
        ? 'this is an organisation table, but the other inputs are ticket exports: pass one kind at a time'
        : 'cannot tell the ticket export format from its columns: expected Zendesk, Freshdesk or generic columns; use --preset or --map FILE',
      'unrecognised columns',
    );
  };
}

/** The bundled sample is shown by a stable name, so reports do not depend on where the package is installed. */
export function displayName(file: string, isSample: boolean): string {
  if (!isSample) return file;
  if (file === SAMPLE_TICKETS) return 'bundled sample: tickets.csv';
  if (file === SAMPLE_PROFILE) return 'bundled sample: profile.csv';
  return file;
}
