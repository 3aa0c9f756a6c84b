// Final per-organisation and per-organisation×channel metrics (METHOD.md §4) from the accumulators.

import { CHANNELS, type Channel } from '../ingest/channels.js';
import { ChannelCounter, Counter, N_CHANNELS, type Grouped, type TicketAccumulator } from './accumulator.js';
import { quantile } from 'simple-statistics';
import { upperBound } from './lower-bound.js';
import { quantileSorted } from './quantile.js';

/** Every per-organisation metric the report carries; null where the input cannot tell. */
export interface OrgMetrics {
  tickets: number | null;
  solvedTickets: number | null;
  openTickets: number | null;
  ticketsPerMonth: number | null;
  agents: number | null;
  ticketsPerAgent: number | null;
  commentsPerTicket: number | null;
  weekdayHours: number | null;
  weekendHours: number | null;
  businessRules: number | null;
  selfServiceRatio: number | null;
  firstReplyMedianHours: number | null;
  firstReplyP90Hours: number | null;
  resolutionMedianHours: number | null;
  resolutionP90Hours: number | null;
  resolvedWithin24hShare: number | null;
  resolvedWithin48hShare: number | null;
  csat: number | null;
  csatRated: number | null;
  reopenRate: number | null;
  oneTouchRate: number | null;
}
export type OrgMetricKey = keyof OrgMetrics;

export interface ChannelMetrics {
  channel: Channel;
  tickets: number;
  solvedTickets: number;
  share: number;
  firstReplyMedianHours: number | null;
  firstReplyP90Hours: number | null;
  resolutionMedianHours: number | null;
  resolutionP90Hours: number | null;
  csat: number | null;
  csatRated: number;
}

export interface OrgRecord {
  name: string;
  metrics: OrgMetrics;
  channels: ChannelMetrics[];
}

export function emptyMetrics(): OrgMetrics {
  return {
    tickets: null,
    solvedTickets: null,
    openTickets: null,
    ticketsPerMonth: null,
    agents: null,
    ticketsPerAgent: null,
    commentsPerTicket: null,
    weekdayHours: null,
    weekendHours: null,
    businessRules: null,
    selfServiceRatio: null,
    firstReplyMedianHours: null,
    firstReplyP90Hours: null,
    resolutionMedianHours: null,
    resolutionP90Hours: null,
    resolvedWithin24hShare: null,
    resolvedWithin48hShare: null,
    csat: null,
    csatRated: null,
    reopenRate: null,
    oneTouchRate: null,
  };
}

const DAY_MS = 86_400_000;
const MONTH_DAYS = 30.4375;

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

function hoursAt(sorted: Float64Array, p: number): number | null {
  return sorted.length === 0 ? null : quantileSorted(sorted, p) / 60;
}

/** The export period that rates are taken over: first to last creation time across the whole input. */
export interface Period {
  fromMs: number;
  toMs: number;
  /** Months in the period (at least one day's worth), for tickets per month. */
  months: number;
  /** Weeks in the period (at least one), for coverage hours per week. */
  weeks: number;
}

export function periodOf(acc: TicketAccumulator): Period {
  const days = Math.max((acc.createdMaxMs - acc.createdMinMs) / DAY_MS, 1);
  return { fromMs: acc.createdMinMs, toMs: acc.createdMaxMs, months: days / MONTH_DAYS, weeks: Math.max(days / 7, 1) };
}

/**
 * An organisation's whole sample of a grouped column: its channel groups, adjacent (each sorted on its own).
 * The quantiles need only two order statistics each, so they come from a selection over a copy (simple-statistics'
 * quantile, O(n)) rather than the groups merged into one sorted run; the shares count each group's values up to
 * the limit.
 */
interface OrgSample {
  column: Grouped;
  from: number;
  to: number;
}

function orgQuantileHours(sample: OrgSample, ps: [number, number]): [number | null, number | null] {
  const { sorted, offsets } = sample.column;
  const values = sorted.subarray(offsets[sample.from]!, offsets[sample.to]!);
  if (values.length === 0) return [null, null];
  // One group: already sorted.
  for (let g = sample.from; g < sample.to; g++) {
    if (offsets[g + 1]! - offsets[g]! === values.length) return [quantileSorted(values, ps[0]) / 60, quantileSorted(values, ps[1]) / 60];
  }
  const [a, b] = quantile(values as unknown as number[], ps) as number[];
  return [a! / 60, b! / 60];
}

function orgShareAtMost(sample: OrgSample, limit: number): number | null {
  const { sorted, offsets } = sample.column;
  const total = offsets[sample.to]! - offsets[sample.from]!;
  if (total === 0) return null;
  let atMost = 0;
  for (let g = sample.from; g < sample.to; g++) atMost += upperBound(sorted.subarray(offsets[g]!, offsets[g + 1]!), limit);
  return atMost / total;
}

/** The sorted values of group g of a grouped column. */
function segment(column: Grouped, g: number): Float64Array {
  return column.sorted.subarray(column.offsets[g]!, column.offsets[g + 1]!);
}

function channelMetrics(channel: Channel, c: number, acc: TicketAccumulator, id: number, resolution: Float64Array, firstReply: Float64Array): ChannelMetrics {
  const good = acc.channelCount(id, c, ChannelCounter.good);
  const bad = acc.channelCount(id, c, ChannelCounter.bad);
  const tickets = acc.channelCount(id, c, ChannelCounter.tickets);
  return {
    channel,
    tickets,
    solvedTickets: acc.channelCount(id, c, ChannelCounter.solved),
    share: tickets / acc.count(id, Counter.tickets),
    firstReplyMedianHours: hoursAt(firstReply, 0.5),
    firstReplyP90Hours: hoursAt(firstReply, 0.9),
    resolutionMedianHours: hoursAt(resolution, 0.5),
    resolutionP90Hours: hoursAt(resolution, 0.9),
    csat: ratio(good, good + bad),
    csatRated: good + bad,
  };
}

function orgMetrics(acc: TicketAccumulator, id: number, period: Period, coverage: { weekday: Int32Array; weekend: Int32Array }, resolution: OrgSample, firstReply: OrgSample): OrgMetrics {
  const weekdaySlots = coverage.weekday[id]!;
  const weekendSlots = coverage.weekend[id]!;
  const nHours = weekdaySlots + weekendSlots;
  const count = (counter: number): number => acc.count(id, counter);
  const ticketsPerMonth = count(Counter.tickets) / period.months;
  const agents = count(Counter.agents) > 0 ? count(Counter.agents) : null;
  const good = count(Counter.good);
  const bad = count(Counter.bad);
  const [firstReplyMedianHours, firstReplyP90Hours] = orgQuantileHours(firstReply, [0.5, 0.9]);
  const [resolutionMedianHours, resolutionP90Hours] = orgQuantileHours(resolution, [0.5, 0.9]);
  return {
    tickets: count(Counter.tickets),
    solvedTickets: count(Counter.solved),
    openTickets: count(Counter.open),
    ticketsPerMonth,
    agents,
    ticketsPerAgent: agents === null ? null : ticketsPerMonth / agents,
    commentsPerTicket: ratio(count(Counter.repliesSum), count(Counter.withReplies)),
    weekdayHours: nHours > 0 ? weekdaySlots / period.weeks : null,
    weekendHours: nHours > 0 ? weekendSlots / period.weeks : null,
    // Ticket exports do not tell these; a profile file may (ingest/orgs.ts joins it).
    businessRules: null,
    selfServiceRatio: null,
    firstReplyMedianHours,
    firstReplyP90Hours,
    resolutionMedianHours,
    resolutionP90Hours,
    resolvedWithin24hShare: orgShareAtMost(resolution, 24 * 60),
    resolvedWithin48hShare: orgShareAtMost(resolution, 48 * 60),
    csat: ratio(good, good + bad),
    csatRated: good + bad,
    reopenRate: ratio(count(Counter.reopened), count(Counter.solvedWithReopens)),
    oneTouchRate: ratio(count(Counter.oneTouch), count(Counter.solvedWithReplies)),
  };
}

/** Per-organisation records, sorted by name (code-unit order), channels in the canonical channel order. */
export function computeOrgRecords(acc: TicketAccumulator): { records: OrgRecord[]; period: Period } {
  const period = periodOf(acc);
  // Coverage first: the hour log can go before the duration columns are grouped (peak memory).
  const coverage = acc.hours.countByWeekPart(acc.size);
  const resolution = acc.groupedDurations('resolution');
  const firstReply = acc.groupedDurations('firstReply');
  // An organisation seen only on rejected or superseded rows has no tickets and is no organisation of the report.
  const order = acc.names
    .map((name, id) => ({ name, id }))
    .filter(({ id }) => acc.count(id, Counter.tickets) > 0)
    .sort((a, b) => compareNames(a.name, b.name));
  const records = order.map(({ name, id }) => {
    const base = id * N_CHANNELS;
    const channels: ChannelMetrics[] = [];
    CHANNELS.forEach((channel, c) => {
      if (acc.channelCount(id, c, ChannelCounter.tickets) > 0) channels.push(channelMetrics(channel, c, acc, id, segment(resolution, base + c), segment(firstReply, base + c)));
    });
    // The organisation's groups are adjacent: together they are its whole sample.
    const orgResolution = { column: resolution, from: base, to: base + N_CHANNELS };
    const orgFirstReply = { column: firstReply, from: base, to: base + N_CHANNELS };
    return { name, metrics: orgMetrics(acc, id, period, coverage, orgResolution, orgFirstReply), channels };
  });
  return { records, period };
}

export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
