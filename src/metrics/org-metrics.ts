// Final per-organisation and per-organisation×channel metrics (METHOD.md §4) from the accumulators.

import { CHANNELS, type Channel } from '../ingest/channels.js';
import { ChannelCounter, Counter, N_CHANNELS, type Grouped, type TicketAccumulator } from './accumulator.js';
import { upperBound } from './lower-bound.js';
import { mergeRuns } from './merge-runs.js';
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

function shareAtMost(sorted: Float64Array, limit: number): number | null {
  return sorted.length === 0 ? null : upperBound(sorted, limit) / sorted.length;
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
 * Groups from..to−1 of a grouped column (each sorted, an organisation's channels) as one sorted run: the one
 * non-empty group itself, or the groups merged into a buffer reused from organisation to organisation (valid
 * until the next call) — cheaper than sorting the union again.
 */
function sampleOf(column: Grouped, from: number, to: number, buffer: { values: Float64Array }): Float64Array {
  const { sorted, offsets } = column;
  const sources: Float64Array[] = [];
  const heads = new Int32Array(to - from);
  const ends = new Int32Array(to - from);
  let n = 0;
  for (let g = from; g < to; g++) {
    if (offsets[g + 1] === offsets[g]) continue;
    sources[n] = sorted;
    heads[n] = offsets[g]!;
    ends[n++] = offsets[g + 1]!;
  }
  if (n === 0) return sorted.subarray(0, 0);
  if (n === 1) return sorted.subarray(heads[0]!, ends[0]!);
  const size = offsets[to]! - offsets[from]!;
  if (buffer.values.length < size) buffer.values = new Float64Array(Math.max(size, buffer.values.length * 2));
  return buffer.values.subarray(0, mergeRuns(buffer.values, 0, sources, heads, ends, n));
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

function orgMetrics(acc: TicketAccumulator, id: number, period: Period, coverage: { weekday: Int32Array; weekend: Int32Array }, resolution: Float64Array, firstReply: Float64Array): OrgMetrics {
  const weekdaySlots = coverage.weekday[id]!;
  const weekendSlots = coverage.weekend[id]!;
  const nHours = weekdaySlots + weekendSlots;
  const count = (counter: number): number => acc.count(id, counter);
  const ticketsPerMonth = count(Counter.tickets) / period.months;
  const agents = count(Counter.agents) > 0 ? count(Counter.agents) : null;
  const good = count(Counter.good);
  const bad = count(Counter.bad);
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
    firstReplyMedianHours: hoursAt(firstReply, 0.5),
    firstReplyP90Hours: hoursAt(firstReply, 0.9),
    resolutionMedianHours: hoursAt(resolution, 0.5),
    resolutionP90Hours: hoursAt(resolution, 0.9),
    resolvedWithin24hShare: shareAtMost(resolution, 24 * 60),
    resolvedWithin48hShare: shareAtMost(resolution, 48 * 60),
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
  const scratch = { resolution: { values: new Float64Array(0) }, firstReply: { values: new Float64Array(0) } };
  const records = order.map(({ name, id }) => {
    const base = id * N_CHANNELS;
    const channels: ChannelMetrics[] = [];
    CHANNELS.forEach((channel, c) => {
      if (acc.channelCount(id, c, ChannelCounter.tickets) > 0) channels.push(channelMetrics(channel, c, acc, id, segment(resolution, base + c), segment(firstReply, base + c)));
    });
    // The organisation's groups are adjacent: their union, sorted, is its whole sample.
    const orgResolution = sampleOf(resolution, base, base + N_CHANNELS, scratch.resolution);
    const orgFirstReply = sampleOf(firstReply, base, base + N_CHANNELS, scratch.firstReply);
    return { name, metrics: orgMetrics(acc, id, period, coverage, orgResolution, orgFirstReply), channels };
  });
  return { records, period };
}

export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
