// Ticket export formats: the presets (generic, zendesk, freshdesk), mapping files, and recognising them from a header.

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { didYouMean } from '../suggest.js';
import { CHANNELS, type Channel } from './channels.js';
import { DATE_FORMATS, type DateFormat } from './dates.js';
import { ORG_FEATURE_FIELDS, ORG_PERFORMANCE_FIELDS, TICKET_FIELDS, type InputKind, type TicketField } from './fields.js';

export const PRESETS = ['generic', 'zendesk', 'freshdesk'] as const;
export type PresetName = (typeof PRESETS)[number];
export const HOURS_MODES = ['calendar', 'business'] as const;
export type HoursMode = (typeof HOURS_MODES)[number];

/** Everything needed to read one kind of export: which column holds each field and how its values are written. */
export interface TicketFormat {
  /** What the report calls this format: a preset name, or "mapping FILE". */
  name: string;
  /** For each field, the header names that may hold it (case-insensitive), first match wins. */
  columns: Partial<Record<TicketField, readonly string[]>>;
  /** Unit of the first_reply/full_resolution columns: minutes, or hours as decimals or HH:MM:SS. */
  durationUnit: 'minutes' | 'hours';
  /** Whether exported durations are calendar time, so created + duration is a real instant of agent activity. */
  isCalendarTime: boolean;
  dateFormat: DateFormat;
  timeZone: string | undefined;
  /** Cell values that mean "no value", besides the empty string. */
  missing: readonly string[];
  channels: Record<string, Channel>;
  dedupe: 'none' | 'last-by-id';
  /** Column names for organisation-table input, when the mapping file names them. */
  orgColumns: Record<string, string>;
}

function base(name: string): TicketFormat {
  return {
    name,
    columns: {},
    durationUnit: 'minutes',
    isCalendarTime: true,
    dateFormat: 'iso',
    timeZone: undefined,
    missing: [],
    channels: {},
    dedupe: 'none',
    orgColumns: {},
  };
}

/** The built-in presets. Zendesk picks the calendar or business-hours column pair; Freshdesk's "(in hrs)" columns are business hours. */
export function preset(name: PresetName, hours: HoursMode): TicketFormat {
  switch (name) {
    case 'generic': {
      const format = base('generic');
      format.columns = Object.fromEntries(TICKET_FIELDS.map((f) => [f, [f]]));
      return format;
    }
    case 'zendesk': {
      const format = base('zendesk');
      const suffix = hours === 'business' ? ' within business hours' : '';
      format.columns = {
        ticket_id: ['id'],
        organization: ['organization'],
        channel: ['via'],
        created_at: ['created at'],
        solved_at: ['solved at'],
        first_reply_minutes: [`first reply time in minutes${suffix}`],
        full_resolution_minutes: [`full resolution time in minutes${suffix}`],
        satisfaction: ['satisfaction score'],
        replies: ['replies'],
        reopens: ['reopens'],
        assignee: ['assignee'],
        group: ['group'],
        status: ['status'],
      };
      format.isCalendarTime = hours === 'calendar';
      return format;
    }
    case 'freshdesk': {
      const format = base('freshdesk');
      format.columns = {
        ticket_id: ['ticket id'],
        organization: ['company name', 'company'],
        channel: ['source'],
        created_at: ['created time'],
        solved_at: ['resolved time', 'closed time'],
        satisfaction: ['survey results', 'survey result'],
        replies: ['agent interactions'],
        assignee: ['agent'],
        group: ['group'],
        status: ['status'],
      };
      // Freshdesk exports its durations in business hours only: in calendar mode resolution comes from the
      // timestamps and first reply is not known; never mix the two.
      if (hours === 'business') {
        format.columns.first_reply_minutes = ['first response time (in hrs)'];
        format.columns.full_resolution_minutes = ['resolution time (in hrs)'];
      }
      format.durationUnit = 'hours';
      format.isCalendarTime = false;
      format.channels = { portal: 'web', 'feedback widget': 'web', 'outbound email': 'email' };
      return format;
    }
  }
}

const ORG_COLUMN_KEYS = ['organization', ...ORG_FEATURE_FIELDS, ...ORG_PERFORMANCE_FIELDS] as const;
const COLUMN_KEYS = [...new Set<string>([...TICKET_FIELDS, ...ORG_COLUMN_KEYS])];

export const mappingSchema = z
  .object({
    preset: z.enum(PRESETS).optional(),
    input: z.enum(['tickets', 'orgs']).optional(),
    columns: z.record(z.string(), z.string().min(1)).optional(),
    dateFormat: z.enum(DATE_FORMATS).optional(),
    timezone: z.string().min(1).optional(),
    missing: z.array(z.string()).optional(),
    channels: z.record(z.string(), z.enum(CHANNELS)).optional(),
    durationUnit: z.enum(['minutes', 'hours']).optional(),
    dedupe: z.enum(['none', 'last-by-id']).optional(),
    description: z.string().optional(),
  })
  .strict();
export type MappingFile = z.infer<typeof mappingSchema>;

const MAPPING_KEYS = Object.keys(mappingSchema.shape);

export interface LoadedMapping {
  file: string;
  mapping: MappingFile;
}

/** Reads and validates a mapping file; every problem is a UsageError naming the file and the key. */
export function loadMapping(file: string): LoadedMapping {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read mapping file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = mappingSchema.safeParse(json);
  if (!parsed.success) throw new UsageError(`${file}: ${describeZodIssue(parsed.error.issues[0]!, MAPPING_KEYS)}`);
  for (const key of Object.keys(parsed.data.columns ?? {})) {
    if (!COLUMN_KEYS.includes(key)) {
      throw new UsageError(`${file}: columns.${key}: not a field benchmark knows${didYouMean(key, COLUMN_KEYS)} (fields: ${COLUMN_KEYS.join(', ')})`);
    }
  }
  if (parsed.data.timezone !== undefined) checkTimeZone(parsed.data.timezone, `${file}: timezone`);
  return { file, mapping: parsed.data };
}

export function checkTimeZone(name: string, what: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
  } catch {
    throw new UsageError(`${what}: expected an IANA time zone such as "Europe/Paris", got ${JSON.stringify(name)}`);
  }
}

/** One line for the first zod issue: the key path, what was expected, and a suggestion for unknown keys. */
export function describeZodIssue(issue: z.core.$ZodIssue, knownKeys: readonly string[]): string {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const where = path === '' ? key : `${path}.${key}`;
    return `${where}: unknown key${didYouMean(key, knownKeys)}`;
  }
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `${path}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${path === '' ? '(top level)' : path}: ${issue.message}`;
}

/** Applies a mapping file on top of a preset (the mapping's own, or generic). */
export function formatFromMapping(loaded: LoadedMapping, hours: HoursMode): TicketFormat {
  const { mapping } = loaded;
  const format = preset(mapping.preset ?? 'generic', hours);
  format.name = `mapping ${loaded.file}`;
  for (const [key, column] of Object.entries(mapping.columns ?? {})) {
    if ((TICKET_FIELDS as readonly string[]).includes(key)) format.columns[key as TicketField] = [column];
    if ((ORG_COLUMN_KEYS as readonly string[]).includes(key)) format.orgColumns[key] = column;
  }
  if (mapping.dateFormat) format.dateFormat = mapping.dateFormat;
  format.timeZone = mapping.timezone;
  format.missing = mapping.missing ?? [];
  format.channels = { ...format.channels, ...(mapping.channels ?? {}) };
  if (mapping.durationUnit) format.durationUnit = mapping.durationUnit;
  format.dedupe = mapping.dedupe ?? 'none';
  return format;
}

function has(header: readonly string[], name: string): boolean {
  return header.includes(name);
}

/**
 * Recognises an export from its (lower-cased, trimmed) header: a Zendesk or Freshdesk ticket export, a
 * generic ticket CSV, or an organisation table. Undefined when nothing fits.
 */
export function recognise(header: readonly string[]): { kind: InputKind; preset?: PresetName } | undefined {
  if (has(header, 'via') && has(header, 'created at')) return { kind: 'tickets', preset: 'zendesk' };
  if (has(header, 'ticket id') && has(header, 'created time')) return { kind: 'tickets', preset: 'freshdesk' };
  if (has(header, 'organization') && has(header, 'created_at')) return { kind: 'tickets', preset: 'generic' };
  const nFeatures = ORG_FEATURE_FIELDS.filter((f) => has(header, f)).length;
  if (has(header, 'organization') && nFeatures >= 1) return { kind: 'orgs' };
  return undefined;
}
