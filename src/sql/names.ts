// What the `sql` command's options name (the dialects, a generic export's columns), apart from the generator so
// that the command line loads without it.

import type { TicketField } from '../ingest/fields.js';

export const DIALECTS = ['duckdb', 'postgres', 'spark', 'bigquery', 'snowflake'] as const;
export type DialectName = (typeof DIALECTS)[number];

/** The columns a generic ticket export has, by their canonical names. */
export const GENERIC_COLUMNS: TicketField[] = ['ticket_id', 'organization', 'channel', 'created_at', 'solved_at', 'first_reply_minutes', 'satisfaction', 'replies', 'reopens', 'assignee'];
