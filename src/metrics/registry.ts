// The metric registry: every fact about a metric, stated once. Its key in JSON reports, its column in
// organisation tables, CSV reports and SQL, its label and unit, which way is worse, how many tickets back it,
// whether it is a clustering variable, a peer metric or a profile column, and its declarative definition over
// tickets (definitions.ts gives the vocabulary). Renderers, `check`, the organisation-table reader, the
// features, the fold's variables and the SQL generator derive from it. Adding a metric: an entry here, its
// computation in org-metrics.ts (checked against the definition by test/data/definitions.test.ts), its tests.

import { agents, count, csat, hours, rated, ratio, solved, solvedWith, ticketsPerMonth, type Formula } from './definitions.js';

export type Unit = 'count' | 'per month' | 'per agent' | 'per ticket' | 'hours per week' | 'hours' | 'share' | 'ratio';

export interface MetricDef {
  /** Column name in organisation tables, CSV reports and SQL (snake case). */
  readonly column: string;
  readonly label: string;
  readonly unit: Unit;
  /** The direction that is worse for the organisation; null for volumes, which are neither. */
  readonly worseWhen: 'higher' | 'lower' | null;
  /** The ticket count behind the value (solved tickets for resolution measures, rated tickets for CSAT). */
  readonly sample: 'tickets' | 'solvedTickets' | 'csatRated' | 'requesters';
  /** A clustering variable: its group (the study's workload, resources, strategy) and its transform before scaling. */
  readonly feature?: { readonly group: 'workload' | 'resources' | 'strategy'; readonly transform: 'log1p' | 'none' };
  /** The definition over one organisation's tickets; absent where tickets cannot give it (profile columns). */
  readonly formula?: Formula;
  /** The definition over one organisation × channel's tickets, where the channel table has the metric. */
  readonly channelFormula?: Formula;
  /** How reports explain it in words (their metric definitions), for the metrics they explain. */
  readonly explained?: readonly [title: string, text: string];
}

/** A duration quantile in hours, for organisations and for channels alike; longer is worse. */
function duration<C extends string>(column: C, label: string, field: 'firstReplyMinutes' | 'resolutionMinutes', p: number, sample: MetricDef['sample'], explained?: readonly [string, string]) {
  return { column, label, unit: 'hours', worseWhen: 'higher', sample, formula: hours(field, p), channelFormula: hours(field, p), ...(explained === undefined ? {} : { explained }) } as const;
}

const within = (minutes: number): Formula => ratio(count({ is: 'atMost', field: 'resolutionMinutes', value: minutes }), count(solved));

/** Every organisation metric, in the order of the JSON report and of the organisation table. */
export const METRICS = {
  tickets: { column: 'tickets', label: 'tickets', unit: 'count', worseWhen: null, sample: 'tickets', formula: count(), channelFormula: count() },
  solvedTickets: { column: 'solved_tickets', label: 'solved tickets', unit: 'count', worseWhen: null, sample: 'tickets', formula: count(solved), channelFormula: count(solved) },
  openTickets: { column: 'open_tickets', label: 'open tickets', unit: 'count', worseWhen: 'higher', sample: 'tickets', formula: { minus: [count(), count(solved)] } },
  ticketsPerMonth: {
    column: 'tickets_per_month', label: 'tickets per month', unit: 'per month', worseWhen: null, sample: 'tickets',
    feature: { group: 'workload', transform: 'log1p' }, formula: ticketsPerMonth,
  },
  agents: { column: 'agents', label: 'agents', unit: 'count', worseWhen: null, sample: 'tickets', feature: { group: 'resources', transform: 'log1p' }, formula: agents },
  ticketsPerAgent: {
    column: 'tickets_per_agent', label: 'tickets per agent', unit: 'per agent', worseWhen: null, sample: 'tickets',
    feature: { group: 'workload', transform: 'log1p' }, formula: ratio(ticketsPerMonth, agents),
  },
  commentsPerTicket: {
    column: 'comments_per_ticket', label: 'comments per ticket', unit: 'per ticket', worseWhen: null, sample: 'tickets',
    feature: { group: 'workload', transform: 'log1p' },
    formula: ratio({ agg: { op: 'sum', field: 'replies' } }, count({ is: 'present', field: 'replies' })),
  },
  weekdayHours: {
    column: 'weekday_hours', label: 'weekday hours', unit: 'hours per week', worseWhen: null, sample: 'tickets',
    feature: { group: 'resources', transform: 'none' }, formula: { agg: { op: 'coverageHours', part: 'weekday' } },
  },
  weekendHours: {
    column: 'weekend_hours', label: 'weekend hours', unit: 'hours per week', worseWhen: null, sample: 'tickets',
    feature: { group: 'resources', transform: 'none' }, formula: { agg: { op: 'coverageHours', part: 'weekend' } },
  },
  businessRules: { column: 'business_rules', label: 'business rules', unit: 'count', worseWhen: null, sample: 'tickets', feature: { group: 'strategy', transform: 'log1p' } },
  selfServiceRatio: { column: 'self_service_ratio', label: 'self-service ratio', unit: 'ratio', worseWhen: null, sample: 'tickets', feature: { group: 'strategy', transform: 'log1p' } },
  firstReplyMedianHours: duration('first_reply_median_hours', 'first reply (median)', 'firstReplyMinutes', 0.5, 'tickets', ['First reply time (FRT)', 'creation → first public agent reply; the export’s value where it has one']),
  firstReplyP90Hours: duration('first_reply_p90_hours', 'first reply (p90)', 'firstReplyMinutes', 0.9, 'tickets'),
  resolutionMedianHours: duration('resolution_median_hours', 'resolution (median)', 'resolutionMinutes', 0.5, 'solvedTickets', [
    'Resolution time',
    'creation → latest solve (counts reopens); solved − created when not exported; unsolved tickets are open, never zero',
  ]),
  resolutionP90Hours: duration('resolution_p90_hours', 'resolution (p90)', 'resolutionMinutes', 0.9, 'solvedTickets'),
  resolvedWithin24hShare: {
    column: 'resolved_within_24h_share', label: 'resolved within 24 h', unit: 'share', worseWhen: 'lower', sample: 'solvedTickets', formula: within(24 * 60),
    explained: ['Resolved within 24 h / 48 h', 'share of solved tickets with resolution ≤ 24 h (48 h)'],
  },
  resolvedWithin48hShare: { column: 'resolved_within_48h_share', label: 'resolved within 48 h', unit: 'share', worseWhen: 'lower', sample: 'solvedTickets', formula: within(48 * 60) },
  csat: {
    column: 'csat', label: 'CSAT', unit: 'share', worseWhen: 'lower', sample: 'csatRated', formula: csat, channelFormula: csat,
    explained: ['CSAT', 'good ÷ (good + bad); unrated and offered excluded; on 1–5 scales 4–5 are good'],
  },
  csatRated: { column: 'csat_rated', label: 'rated tickets', unit: 'count', worseWhen: null, sample: 'tickets', formula: rated, channelFormula: rated },
  reopenRate: {
    column: 'reopen_rate', label: 'reopen rate', unit: 'share', worseWhen: 'higher', sample: 'solvedTickets',
    explained: ['Reopen rate', 'tickets with reopens > 0 ÷ solved tickets'],
    formula: ratio(count({ is: 'all', of: [solved, { is: 'above', field: 'reopens', value: 0 }] }), count(solvedWith('reopens'))),
  },
  oneTouchRate: {
    column: 'one_touch_rate', label: 'one-touch rate', unit: 'share', worseWhen: 'lower', sample: 'solvedTickets',
    explained: ['One-touch rate', 'solved tickets with ≤ 1 agent reply ÷ solved tickets'],
    formula: ratio(count({ is: 'all', of: [solved, { is: 'atMost', field: 'replies', value: 1 }] }), count(solvedWith('replies'))),
  },
  // Across tickets, so not an aggregation the SQL generator compiles (metrics/contacts.ts computes them).
  requesters: { column: 'requesters', label: 'requesters', unit: 'count', worseWhen: null, sample: 'tickets' },
  repeatContactShare: {
    column: 'repeat_contact_share', label: 'came back through another channel', unit: 'share', worseWhen: 'higher', sample: 'requesters',
    explained: ['Repeat contacts', 'requesters who opened another ticket through a different channel within the --repeat-days window after one through this channel ÷ requesters (needs a requester column)'],
  },
} as const satisfies Record<string, MetricDef>;

export type MetricKey = keyof typeof METRICS;
export type MetricColumn = (typeof METRICS)[MetricKey]['column'];

/** The metric's facts, for code that holds a key as a plain string. */
export function metricDef(key: MetricKey): MetricDef {
  return METRICS[key];
}

export const METRIC_KEYS = Object.keys(METRICS) as MetricKey[];

type ColumnsOf<T extends readonly MetricKey[]> = { -readonly [I in keyof T]: (typeof METRICS)[T[I]]['column'] };
const columnsOf = <T extends readonly MetricKey[]>(keys: T): ColumnsOf<T> => keys.map((key) => METRICS[key].column) as ColumnsOf<T>;

/** The clustering variables (the study's workload, resources and strategy), in the order of the feature matrix. */
export const FEATURE_KEYS = ['ticketsPerMonth', 'ticketsPerAgent', 'commentsPerTicket', 'weekdayHours', 'weekendHours', 'agents', 'businessRules', 'selfServiceRatio'] as const;
export const FEATURE_COLUMNS = columnsOf(FEATURE_KEYS);

/** The performance metrics an organisation is placed on among its peers, in the order reports list them. */
export const PEER_KEYS = ['firstReplyMedianHours', 'resolutionMedianHours', 'csat', 'oneTouchRate', 'reopenRate', 'resolvedWithin24hShare', 'resolvedWithin48hShare'] as const;

/** What a profile may give (ticket exports lack the first two, and may misjudge the others). */
export const PROFILE_KEYS = ['businessRules', 'selfServiceRatio', 'weekdayHours', 'weekendHours', 'agents'] as const;
export const PROFILE_COLUMNS = columnsOf(PROFILE_KEYS);

/** Columns of an organisation table that report rather than cluster (never clustering inputs). */
export const PERFORMANCE_KEYS = METRIC_KEYS.filter((key) => !(FEATURE_KEYS as readonly MetricKey[]).includes(key));
export const PERFORMANCE_COLUMNS: readonly string[] = PERFORMANCE_KEYS.map((key) => METRICS[key].column);

/** Organisation-table column → metric key. */
export const METRIC_BY_COLUMN: ReadonlyMap<string, MetricKey> = new Map(METRIC_KEYS.map((key) => [METRICS[key].column, key]));

/** Metrics of the organisation × channel table only: its share of the organisation's tickets, and when its tickets were solved. */
export const CHANNEL_ONLY_METRICS = {
  share: { column: 'share', label: 'share of tickets', unit: 'share', worseWhen: null, sample: 'tickets', channelFormula: { shareOfOrganization: count() } },
  resolvedWithin24h: {
    column: 'resolved_within_24h', label: 'solved within 24 h', unit: 'count', worseWhen: null, sample: 'solvedTickets',
    channelFormula: count({ is: 'atMost', field: 'resolutionMinutes', value: 24 * 60 }),
  },
  resolvedIn24to48h: {
    column: 'resolved_in_24_to_48h', label: 'solved in 24–48 h', unit: 'count', worseWhen: null, sample: 'solvedTickets',
    channelFormula: { minus: [count({ is: 'atMost', field: 'resolutionMinutes', value: 48 * 60 }), count({ is: 'atMost', field: 'resolutionMinutes', value: 24 * 60 })] },
  },
  resolvedAfter48h: {
    column: 'resolved_after_48h', label: 'solved after 48 h', unit: 'count', worseWhen: null, sample: 'solvedTickets',
    channelFormula: count({ is: 'above', field: 'resolutionMinutes', value: 48 * 60 }),
  },
} as const satisfies Record<string, MetricDef>;
type ChannelOnlyKey = keyof typeof CHANNEL_ONLY_METRICS;

/** The metrics of the organisation × channel table, in its order. */
export const CHANNEL_KEYS = [
  'tickets', 'solvedTickets', 'share', 'firstReplyMedianHours', 'firstReplyP90Hours', 'resolutionMedianHours', 'resolutionP90Hours', 'csat', 'csatRated',
  'resolvedWithin24h', 'resolvedIn24to48h', 'resolvedAfter48h', 'requesters', 'repeatContactShare',
] as const satisfies readonly (MetricKey | ChannelOnlyKey)[];
export type ChannelMetricKey = (typeof CHANNEL_KEYS)[number];

export function channelMetricDef(key: ChannelMetricKey): MetricDef {
  return Object.hasOwn(CHANNEL_ONLY_METRICS, key) ? CHANNEL_ONLY_METRICS[key as ChannelOnlyKey] : METRICS[key as MetricKey];
}

/** A metric's facts by its JSON key, organisation or channel metric alike; undefined for a name no metric has. */
export function anyMetricDef(name: string): MetricDef | undefined {
  if ((CHANNEL_KEYS as readonly string[]).includes(name)) return channelMetricDef(name as ChannelMetricKey);
  return Object.hasOwn(METRICS, name) ? METRICS[name as MetricKey] : undefined;
}

export interface ColumnDefinition<K extends string> {
  column: string;
  metric: K;
  formula: Formula;
}

/**
 * The organisation table as SQL and the reference evaluator compute it from tickets: every metric with a
 * definition, in registry order. Months and weeks are those of the whole input (first to last creation time,
 * at least one day; a week at least).
 */
export const ORG_TABLE: readonly ColumnDefinition<MetricKey>[] = METRIC_KEYS.flatMap((key) => {
  const def: MetricDef = METRICS[key];
  return def.formula === undefined ? [] : [{ column: def.column, metric: key, formula: def.formula }];
});

/** The organisation × channel table (channels normalised as channels.ts says). */
export const CHANNEL_TABLE: readonly ColumnDefinition<ChannelMetricKey>[] = CHANNEL_KEYS.flatMap((key) => {
  const def = channelMetricDef(key);
  return def.channelFormula === undefined ? [] : [{ column: def.column, metric: key, formula: def.channelFormula }];
});
