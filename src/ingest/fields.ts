// The canonical fields of the two input kinds: one row per ticket, or one row per organisation.

import { FEATURE_COLUMNS, PERFORMANCE_COLUMNS, PROFILE_COLUMNS } from '../metrics/registry.js';

export const TICKET_FIELDS = [
  'ticket_id',
  'organization',
  'channel',
  'created_at',
  'solved_at',
  'first_reply_minutes',
  'full_resolution_minutes',
  'satisfaction',
  'replies',
  'reopens',
  'assignee',
  'requester',
  'group',
  'status',
  // Event logs (mapping "events"): each row's time.
  'timestamp',
  // Message logs (mapping "messages"): a message's id, its conversation, or the message it answers.
  'message_id',
  'conversation_id',
  'in_reply_to',
  // Service-level targets: when the ticket was due.
  'due_at',
] as const;
export type TicketField = (typeof TICKET_FIELDS)[number];

/** Organisation-table columns that are clustering inputs, those that report performance, and profile columns (registry.ts). */
export const ORG_FEATURE_FIELDS = FEATURE_COLUMNS;
export type OrgFeatureField = (typeof ORG_FEATURE_FIELDS)[number];
export const ORG_PERFORMANCE_FIELDS = PERFORMANCE_COLUMNS;
export const PROFILE_FIELDS = PROFILE_COLUMNS;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export const INPUT_KINDS = ['tickets', 'orgs'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];
