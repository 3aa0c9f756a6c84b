// Mapping files: JSON naming the columns and formats of any other export, validated with zod.

import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { UsageError } from '../errors.js';
import { didYouMean } from '../suggest.js';
import { CHANNELS } from './channels.js';
import { DATE_FORMATS, compilePattern, isNamedDateFormat } from './dates.js';
import { TICKET_FIELDS } from './fields.js';
import { CONSTANT_FIELDS, ORG_COLUMN_KEYS, PRESETS, type LoadedMapping } from './formats.js';
import { describeCondition, type RowCondition } from './where.js';

const COLUMN_KEYS = [...new Set<string>([...TICKET_FIELDS, ...ORG_COLUMN_KEYS])];

/** A condition on a column's cells (where.ts): one test of four, checked by checkCondition. */
const conditionSchema = z
  .object({ column: z.string().min(1), in: z.array(z.string()).optional(), notIn: z.array(z.string()).optional(), matches: z.string().optional(), notMatches: z.string().optional() })
  .strict();

export const mappingSchema = z
  .object({
    preset: z.enum(PRESETS).optional(),
    input: z.enum(['tickets', 'orgs']).optional(),
    columns: z.record(z.string(), z.union([z.string().min(1), z.object({ value: z.string().min(1) }).strict()])).optional(),
    where: z.array(conditionSchema).optional(),
    /** A named format (DATE_FORMATS) or a pattern of tokens (dates.ts compilePattern). */
    dateFormat: z.string().min(1).optional(),
    timezone: z.string().min(1).optional(),
    missing: z.array(z.string()).optional(),
    channels: z.record(z.string(), z.enum(CHANNELS)).optional(),
    durationUnit: z.enum(['minutes', 'hours']).optional(),
    dedupe: z.enum(['none', 'last-by-id']).optional(),
    events: z
      .object({ solved: z.array(z.string().min(1)).min(1), solvedAt: z.enum(['first', 'last']).optional(), attributesFrom: z.enum(['first', 'last']).optional(), sequence: z.string().min(1).optional() })
      .strict()
      .optional(),
    messages: z
      .object({
        inbound: conditionSchema,
        attributesFrom: z.enum(['first', 'first-outbound']).optional(),
      })
      .strict()
      .optional(),
    description: z.string().optional(),
  })
  .strict();

const MAPPING_KEYS = Object.keys(mappingSchema.shape);

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
    // A byte-order mark, as some editors save JSON, is no part of it.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  checkKeys(json, file);
  const parsed = mappingSchema.safeParse(json);
  if (!parsed.success) throw new UsageError(`${file}: ${describeZodIssue(parsed.error.issues[0]!, MAPPING_KEYS)}`);
  for (const [key, column] of Object.entries(parsed.data.columns ?? {})) {
    if (!COLUMN_KEYS.includes(key)) {
      throw new UsageError(`${file}: columns.${key}: not a field benchmark knows${didYouMean(key, COLUMN_KEYS)} (fields: ${COLUMN_KEYS.join(', ')})`);
    }
    if (typeof column !== 'string' && !(CONSTANT_FIELDS as readonly string[]).includes(key)) {
      throw new UsageError(`${file}: columns.${key}: a constant ({"value": …}) is taken for ${CONSTANT_FIELDS.join(', ')} only; name the column that holds ${key}`);
    }
  }
  if (parsed.data.events !== undefined) checkEventLog(file, parsed.data);
  if (parsed.data.messages !== undefined) checkMessageLog(file, parsed.data);
  for (const [i, condition] of (parsed.data.where ?? []).entries()) checkCondition(file, `where.${i}`, condition);
  if (parsed.data.timezone !== undefined) checkTimeZone(parsed.data.timezone, `${file}: timezone`);
  const dateFormat = parsed.data.dateFormat;
  if (dateFormat !== undefined && !isNamedDateFormat(dateFormat)) {
    const pattern = compilePattern(dateFormat);
    if (typeof pattern === 'string') {
      throw new UsageError(`${file}: dateFormat: ${JSON.stringify(dateFormat)} is neither a named format (${DATE_FORMATS.map((f) => JSON.stringify(f)).join(', ')}) nor a date pattern: ${pattern}; see docs/inputs.md, "Date patterns"`);
    }
  }
  return { file, mapping: parsed.data };
}

/** An event log names its case id, event time and status columns, and takes its solve times from the statuses. */
function checkEventLog(file: string, mapping: z.infer<typeof mappingSchema>): void {
  const columns = mapping.columns ?? {};
  const missing = (['ticket_id', 'timestamp', 'status'] as const).filter((f) => typeof columns[f] !== 'string');
  if (missing.length > 0) throw new UsageError(`${file}: events: an event log needs the columns ${missing.map((f) => `"${f}"`).join(', ')} in "columns" (the case id, each event's time, its status)`);
  for (const field of ['solved_at', 'full_resolution_minutes'] as const) {
    if (columns[field] !== undefined) throw new UsageError(`${file}: events: an event log's solve time comes from its status changes (events.solved): leave "${field}" out of "columns"`);
  }
  if (mapping.dedupe === 'last-by-id') throw new UsageError(`${file}: events and dedupe "last-by-id" both say how rows become tickets: give one (events reads every row)`);
  if (mapping.input === 'orgs') throw new UsageError(`${file}: events: an event log is a ticket input, not an organisation table`);
  if (columns.due_at !== undefined) throw new UsageError(`${file}: events: due times (due_at) are read for ticket exports, not event logs`);
}

/** A message log names its messages' time and how they form conversations, and takes its times from the messages. */
function checkMessageLog(file: string, mapping: z.infer<typeof mappingSchema>): void {
  const columns = mapping.columns ?? {};
  const has = (f: string): boolean => typeof columns[f] === 'string';
  if (!has('timestamp')) throw new UsageError(`${file}: messages: a message log needs the column "timestamp" in "columns" (each message's time)`);
  if (!has('conversation_id') && !(has('message_id') && has('in_reply_to'))) {
    throw new UsageError(`${file}: messages: a message log needs "conversation_id", or "message_id" and "in_reply_to", in "columns" (how its messages form conversations)`);
  }
  for (const field of ['created_at', 'solved_at', 'first_reply_minutes', 'full_resolution_minutes', 'replies'] as const) {
    if (columns[field] !== undefined) throw new UsageError(`${file}: messages: a message log's ${field} comes from its messages: leave "${field}" out of "columns"`);
  }
  if (mapping.events !== undefined || mapping.dedupe === 'last-by-id') throw new UsageError(`${file}: messages, events and dedupe each say how rows become tickets: give one`);
  if (mapping.input === 'orgs') throw new UsageError(`${file}: messages: a message log is a ticket input, not an organisation table`);
  if (columns.due_at !== undefined) throw new UsageError(`${file}: messages: due times (due_at) are read for ticket exports, not message logs`);
  checkCondition(file, 'messages.inbound', mapping.messages!.inbound);
}

/** A condition (where, messages.inbound) has exactly one test, and a regular expression that compiles. */
function checkCondition(file: string, key: string, condition: RowCondition): void {
  const ops = (['in', 'notIn', 'matches', 'notMatches'] as const).filter((op) => condition[op] !== undefined);
  if (ops.length !== 1) throw new UsageError(`${file}: ${key}: expected exactly one of "in", "notIn", "matches", "notMatches" beside "column", got ${ops.length === 0 ? 'none' : ops.map((op) => `"${op}"`).join(' and ')}`);
  const pattern = condition.matches ?? condition.notMatches;
  if (pattern === undefined) return;
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    throw new UsageError(`${file}: ${key} (${describeCondition(condition)}): not a valid regular expression: ${(error as Error).message}`);
  }
}

/** Names that, as keys of a JavaScript object, would set its prototype or shadow its constructor. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Refuses the keys of `columns` and `channels` that an object cannot hold as plain keys (`__proto__` would be
 * dropped or change the object), naming them, before validation copies the objects.
 */
function checkKeys(json: unknown, file: string): void {
  if (json === null || typeof json !== 'object') return;
  for (const section of ['columns', 'channels'] as const) {
    const value = (json as Record<string, unknown>)[section];
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    for (const key of Object.keys(value)) {
      if (RESERVED_KEYS.has(key)) throw new UsageError(`${file}: ${section}.${key}: a name benchmark cannot take as a key${section === 'columns' ? `; fields: ${COLUMN_KEYS.join(', ')}` : ' (rename the channel value in the export, or leave it to map to other)'}`);
    }
  }
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

