// The metric definitions (METHOD.md §2 and §4), stated once, declaratively: what each column of the
// organisation table (and of the organisation × channel table) is, as an aggregation over normalised tickets.
// The SQL generator compiles these; the streaming aggregator (accumulator.ts, org-metrics.ts) is checked against
// them by a test that evaluates them directly on tickets (test/data/definitions.test.ts), and both give the same
// numbers on the same data.

import type { ChannelMetrics, OrgMetrics } from './org-metrics.js';

/** A ticket as the definitions see it (after the export's columns are read and normalised). */
export interface DefinedTicket {
  organization: string;
  channel: string;
  /** Milliseconds since 1970 of the timestamps as written (local time). */
  createdMs: number;
  solvedMs: number | null;
  firstReplyMinutes: number | null;
  /** The export's full resolution minutes, else solved − created; null when not solved. */
  resolutionMinutes: number | null;
  rating: 'good' | 'bad' | null;
  replies: number | null;
  reopens: number | null;
  assignee: string | null;
}

export type TicketField = 'firstReplyMinutes' | 'resolutionMinutes' | 'replies' | 'reopens';

/** A condition on a ticket. */
export type Condition =
  | { is: 'solved' }
  | { is: 'present'; field: TicketField }
  | { is: 'atMost'; field: TicketField; value: number }
  | { is: 'above'; field: TicketField; value: number }
  | { is: 'rating'; value: 'good' | 'bad' }
  | { is: 'all'; of: Condition[] };

/** An aggregate over one organisation's (or organisation × channel's) tickets. */
export type Aggregate =
  | { op: 'count'; where?: Condition }
  | { op: 'sum'; field: TicketField; where?: Condition }
  | { op: 'distinctAssignees' }
  | { op: 'quantile'; field: 'firstReplyMinutes' | 'resolutionMinutes'; p: number }
  /**
   * Coverage hours per week on weekdays (or weekend days): the hours of the week (168 of them, counted from
   * 1970-01-01 00:00, a Thursday) in which the organisation's agents first-replied to a ticket in at least half
   * of the weeks that hour occurs in the period (first to last creation time; at least once); null when no
   * first reply can be placed in time. Activity is created + first reply minutes only: a solve time depends on
   * how long the ticket waited, so it never counts (metrics/coverage.ts).
   */
  | { op: 'coverageHours'; part: 'weekday' | 'weekend' };

/** A column's value: an aggregate, or arithmetic on others; null wherever a divisor is 0 or a value missing. */
export type Formula =
  | { agg: Aggregate }
  | { ratio: [Formula, Formula] }
  | { times: [Formula, number] }
  | { perMonth: Formula }
  | { perWeek: Formula }
  | { plus: [Formula, Formula] }
  | { minus: [Formula, Formula] }
  | { nullIfZero: Formula }
  /** The share of the organisation's value that this organisation × channel holds (channel table only). */
  | { shareOfOrganization: Formula };

export interface ColumnDefinition {
  /** Column name in the organisation table (snake case), as `classify --input orgs` reads it. */
  column: string;
  metric: keyof OrgMetrics;
  formula: Formula;
}

const count = (where?: Condition): Formula => ({ agg: { op: 'count', where } });
const solved: Condition = { is: 'solved' };
const solvedWith = (field: TicketField): Condition => ({ is: 'all', of: [solved, { is: 'present', field }] });
const hours = (field: 'firstReplyMinutes' | 'resolutionMinutes', p: number): Formula => ({ times: [{ agg: { op: 'quantile', field, p } }, 1 / 60] });
const ticketsPerMonth: Formula = { perMonth: count() };
const agents: Formula = { nullIfZero: { agg: { op: 'distinctAssignees' } } };
const good = count({ is: 'rating', value: 'good' });
const rated: Formula = { plus: [good, count({ is: 'rating', value: 'bad' })] };
const csat: Formula = { ratio: [good, rated] };

/**
 * The organisation table: the clustering variables a ticket export can give (business rules and self-service
 * come from profiles), the performance metrics and the counts behind them. Months and weeks are those of the
 * whole input: first to last creation time, at least one day; a week at least.
 */
export const ORG_TABLE: readonly ColumnDefinition[] = [
  { column: 'tickets', metric: 'tickets', formula: count() },
  { column: 'solved_tickets', metric: 'solvedTickets', formula: count(solved) },
  { column: 'open_tickets', metric: 'openTickets', formula: { minus: [count(), count(solved)] } },
  { column: 'tickets_per_month', metric: 'ticketsPerMonth', formula: ticketsPerMonth },
  { column: 'agents', metric: 'agents', formula: agents },
  { column: 'tickets_per_agent', metric: 'ticketsPerAgent', formula: { ratio: [ticketsPerMonth, agents] } },
  { column: 'comments_per_ticket', metric: 'commentsPerTicket', formula: { ratio: [{ agg: { op: 'sum', field: 'replies' } }, count({ is: 'present', field: 'replies' })] } },
  { column: 'weekday_hours', metric: 'weekdayHours', formula: { agg: { op: 'coverageHours', part: 'weekday' } } },
  { column: 'weekend_hours', metric: 'weekendHours', formula: { agg: { op: 'coverageHours', part: 'weekend' } } },
  { column: 'first_reply_median_hours', metric: 'firstReplyMedianHours', formula: hours('firstReplyMinutes', 0.5) },
  { column: 'first_reply_p90_hours', metric: 'firstReplyP90Hours', formula: hours('firstReplyMinutes', 0.9) },
  { column: 'resolution_median_hours', metric: 'resolutionMedianHours', formula: hours('resolutionMinutes', 0.5) },
  { column: 'resolution_p90_hours', metric: 'resolutionP90Hours', formula: hours('resolutionMinutes', 0.9) },
  { column: 'resolved_within_24h_share', metric: 'resolvedWithin24hShare', formula: { ratio: [count({ is: 'atMost', field: 'resolutionMinutes', value: 24 * 60 }), count(solved)] } },
  { column: 'resolved_within_48h_share', metric: 'resolvedWithin48hShare', formula: { ratio: [count({ is: 'atMost', field: 'resolutionMinutes', value: 48 * 60 }), count(solved)] } },
  { column: 'csat', metric: 'csat', formula: csat },
  { column: 'csat_rated', metric: 'csatRated', formula: rated },
  { column: 'reopen_rate', metric: 'reopenRate', formula: { ratio: [count({ is: 'all', of: [solved, { is: 'above', field: 'reopens', value: 0 }] }), count(solvedWith('reopens'))] } },
  { column: 'one_touch_rate', metric: 'oneTouchRate', formula: { ratio: [count({ is: 'all', of: [solved, { is: 'atMost', field: 'replies', value: 1 }] }), count(solvedWith('replies'))] } },
];

export interface ChannelColumnDefinition {
  column: string;
  metric: keyof ChannelMetrics;
  formula: Formula;
}

/** The organisation × channel table (channels normalised as channels.ts says). */
export const CHANNEL_TABLE: readonly ChannelColumnDefinition[] = [
  { column: 'tickets', metric: 'tickets', formula: count() },
  { column: 'solved_tickets', metric: 'solvedTickets', formula: count(solved) },
  { column: 'share', metric: 'share', formula: { shareOfOrganization: count() } },
  { column: 'first_reply_median_hours', metric: 'firstReplyMedianHours', formula: hours('firstReplyMinutes', 0.5) },
  { column: 'first_reply_p90_hours', metric: 'firstReplyP90Hours', formula: hours('firstReplyMinutes', 0.9) },
  { column: 'resolution_median_hours', metric: 'resolutionMedianHours', formula: hours('resolutionMinutes', 0.5) },
  { column: 'resolution_p90_hours', metric: 'resolutionP90Hours', formula: hours('resolutionMinutes', 0.9) },
  { column: 'csat', metric: 'csat', formula: csat },
  { column: 'csat_rated', metric: 'csatRated', formula: rated },
];
