// The vocabulary of metric definitions (docs/method.md, Metrics): a metric is an aggregation over normalised
// tickets, stated declaratively. Each metric's definition is in registry.ts; the SQL generator compiles them; the
// streaming aggregator (accumulator.ts, org-metrics.ts) is checked against them by a test that evaluates them
// directly on tickets (test/data/definitions.test.ts), and both give the same numbers on the same data.

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

export const count = (where?: Condition): Formula => ({ agg: { op: 'count', where } });
export const ratio = (numerator: Formula, denominator: Formula): Formula => ({ ratio: [numerator, denominator] });
export const solved: Condition = { is: 'solved' };
export const solvedWith = (field: TicketField): Condition => ({ is: 'all', of: [solved, { is: 'present', field }] });
export const hours = (field: 'firstReplyMinutes' | 'resolutionMinutes', p: number): Formula => ({ times: [{ agg: { op: 'quantile', field, p } }, 1 / 60] });
export const ticketsPerMonth: Formula = { perMonth: count() };
export const agents: Formula = { nullIfZero: { agg: { op: 'distinctAssignees' } } };
const good = count({ is: 'rating', value: 'good' });
export const rated: Formula = { plus: [good, count({ is: 'rating', value: 'bad' })] };
export const csat: Formula = ratio(good, rated);
