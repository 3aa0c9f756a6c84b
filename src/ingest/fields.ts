// The canonical fields of the two input kinds: one row per ticket, or one row per organisation.

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
  'group',
  'status',
] as const;
export type TicketField = (typeof TICKET_FIELDS)[number];

/** Organisation-table columns that are clustering inputs (METHOD.md §2). */
export const ORG_FEATURE_FIELDS = [
  'tickets_per_month',
  'tickets_per_agent',
  'comments_per_ticket',
  'weekday_hours',
  'weekend_hours',
  'agents',
  'business_rules',
  'self_service_ratio',
] as const;
export type OrgFeatureField = (typeof ORG_FEATURE_FIELDS)[number];

/** Organisation-table columns that report performance (never clustering inputs). */
export const ORG_PERFORMANCE_FIELDS = [
  'first_reply_median_hours',
  'resolution_median_hours',
  'csat',
  'tickets',
  'solved_tickets',
  'open_tickets',
  'first_reply_p90_hours',
  'resolution_p90_hours',
  'resolved_within_24h_share',
  'resolved_within_48h_share',
  'csat_rated',
  'reopen_rate',
  'one_touch_rate',
] as const;
export type OrgPerformanceField = (typeof ORG_PERFORMANCE_FIELDS)[number];

/** Profile columns: what ticket exports lack, joined on organisation name. */
export const PROFILE_FIELDS = ['business_rules', 'self_service_ratio', 'weekday_hours', 'weekend_hours', 'agents'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export const INPUT_KINDS = ['tickets', 'orgs'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];
