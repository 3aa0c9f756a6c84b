// Ticket export formats: the presets (generic, zendesk, freshdesk), mapping files, and recognising them from a header.

import type { Channel } from './channels.js';
import type { DateFormat } from './dates.js';
import type { EventLogOptions } from './event-log.js';
import type { RowCondition } from './where.js';
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
  /** Read as an event log (a mapping's `events`): rows are events of cases, collapsed into tickets (event-log.ts). */
  events?: EventLogOptions;
  /** Read as a message log (a mapping's `messages`): rows are messages, collapsed into a ticket per conversation (message-log.ts). */
  messages?: MessageLogMapping;
  /** Column names for organisation-table input, when the mapping file names them. */
  orgColumns: Record<string, string>;
  /** Every row's organisation, when the unit is the file (--by file) or the mapping gives one: no organisation column is read. */
  constantOrganization?: string;
  /** Where a constant organisation comes from: the file's name (--by file) or the mapping's value. */
  constantOrganizationFrom?: 'file' | 'mapping';
  /** Fields with one value on every row (a mapping's `"channel": {"value": "phone"}`): no column is read for them. */
  constants: Partial<Record<ConstantField, string>>;
  /** Rows are kept only where every condition holds (a mapping's `where`); the others are rejected under their reason. */
  where: readonly RowCondition[];
  /** Only tickets created in [fromMs, toMs) are used (--from/--to); the others are counted as outside the window. */
  window?: { fromMs: number; toMs: number };
}

/**
 * How a mapping's `messages` reads a message log (message-log.ts): which messages are the customer's
 * (`inbound`, a condition on a column), and where the organisation, channel and agent are found.
 */
export interface MessageLogMapping {
  inbound: RowCondition;
  /** The first message of the conversation (default), or its first outbound one (the organisation's own handle). */
  attributesFrom?: 'first' | 'first-outbound';
}

/** The ticket fields a mapping may give one value for every row. */
export const CONSTANT_FIELDS = ['organization', 'channel', 'assignee', 'group', 'status'] as const;
export type ConstantField = (typeof CONSTANT_FIELDS)[number];

/** The reason rows outside --from/--to are counted under. */
export const OUTSIDE_WINDOW = 'created outside --from/--to';

/** Whether a creation time (UTC ms) falls outside a format's window. */
export function isOutsideWindow(format: TicketFormat, createdUtcMs: number): boolean {
  const w = format.window;
  return w !== undefined && !(createdUtcMs >= w.fromMs && createdUtcMs < w.toMs);
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
    constants: {},
    where: [],
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
        // The support team: Zendesk's "Organization" is the requester's company, a customer, not a support operation.
        organization: ['group'],
        channel: ['via'],
        created_at: ['created at'],
        solved_at: ['solved at'],
        first_reply_minutes: [`first reply time in minutes${suffix}`],
        full_resolution_minutes: [`full resolution time in minutes${suffix}`],
        satisfaction: ['satisfaction score'],
        replies: ['replies'],
        reopens: ['reopens'],
        assignee: ['assignee'],
        requester: ['requester', 'requester email'],
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
        // The support team (Group), not the requester's company ("Company Name", a customer).
        organization: ['group'],
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

export const ORG_COLUMN_KEYS = ['organization', ...ORG_FEATURE_FIELDS, ...ORG_PERFORMANCE_FIELDS] as const;

/** A validated mapping file (see mapping.ts, loaded only when --map is given: zod takes ~120 ms to import). */
export interface MappingFile {
  preset?: PresetName;
  input?: 'tickets' | 'orgs';
  /** Field → column name, or `{ value }`: one value for every row. */
  columns?: Record<string, string | { value: string }>;
  where?: RowCondition[];
  dateFormat?: DateFormat;
  timezone?: string;
  missing?: string[];
  channels?: Record<string, Channel>;
  durationUnit?: 'minutes' | 'hours';
  dedupe?: 'none' | 'last-by-id';
  events?: { solved: string[]; solvedAt?: 'first' | 'last'; attributesFrom?: 'first' | 'last'; sequence?: string };
  messages?: MessageLogMapping;
  description?: string;
}

export interface LoadedMapping {
  file: string;
  mapping: MappingFile;
}

/** Applies a mapping file on top of a preset (the mapping's own, or generic). */
export function formatFromMapping(loaded: LoadedMapping, hours: HoursMode): TicketFormat {
  const { mapping } = loaded;
  const format = preset(mapping.preset ?? 'generic', hours);
  format.name = `mapping ${loaded.file}`;
  for (const [key, column] of Object.entries(mapping.columns ?? {})) {
    if (typeof column !== 'string') {
      // A constant (mapping.ts allows it for CONSTANT_FIELDS only): no column holds the field.
      delete format.columns[key as TicketField];
      if (key === 'organization') {
        format.constantOrganization = column.value;
        format.constantOrganizationFrom = 'mapping';
      }
      else format.constants[key as ConstantField] = column.value;
      continue;
    }
    if ((TICKET_FIELDS as readonly string[]).includes(key)) format.columns[key as TicketField] = [column];
    if ((ORG_COLUMN_KEYS as readonly string[]).includes(key)) format.orgColumns[key] = column;
  }
  format.where = mapping.where ?? [];
  if (mapping.dateFormat) format.dateFormat = mapping.dateFormat;
  format.timeZone = mapping.timezone;
  format.missing = mapping.missing ?? [];
  format.channels = { ...format.channels, ...(mapping.channels ?? {}) };
  if (mapping.durationUnit) format.durationUnit = mapping.durationUnit;
  format.dedupe = mapping.dedupe ?? 'none';
  if (mapping.messages !== undefined) format.messages = mapping.messages;
  if (mapping.events !== undefined) format.events = { solved: mapping.events.solved, solvedAt: mapping.events.solvedAt ?? 'first', attributesFrom: mapping.events.attributesFrom ?? 'last', sequence: mapping.events.sequence };
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
