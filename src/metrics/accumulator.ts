// Per-organisation and per-organisation×channel accumulators that a ticket stream is folded into, one ticket at a time.
// Counters live on one small object per organisation; durations are appended to flat columns tagged with their
// organisation × channel group (sequential writes), and grouped once at the end by a counting sort.

import { CHANNELS, type Channel } from '../ingest/channels.js';
import { HourSet } from './hour-set.js';

export const Rated = { unrated: 0, good: 1, bad: 2 } as const;
export type Rated = (typeof Rated)[keyof typeof Rated];

/** One ticket as ingest hands it over. Durations in minutes; NaN where unknown. */
export interface Ticket {
  id: string;
  organization: string;
  /** The accumulator's number for the organisation (TicketAccumulator.orgId); -1 without one. */
  orgId: number;
  channel: Channel;
  /** The channel's index in CHANNELS. */
  channelIndex: number;
  createdUtcMs: number;
  createdLocalMs: number;
  /** NaN when the ticket is not solved. */
  solvedLocalMs: number;
  firstReplyMinutes: number;
  /** NaN when the ticket is open. */
  resolutionMinutes: number;
  rating: Rated;
  replies: number;
  reopens: number;
  /** The accumulator's number for the assignee (TicketAccumulator.agentId); -1 without one. */
  assigneeId: number;
}

export const N_CHANNELS = CHANNELS.length;
export const CHANNEL_INDEX = Object.fromEntries(CHANNELS.map((c, i) => [c, i])) as Record<Channel, number>;
const HOUR_MS = 3_600_000;

export class OrgAccumulator {
  nTickets = 0;
  nSolved = 0;
  nOpen = 0;
  nSolvedWithReopens = 0;
  nReopened = 0;
  nSolvedWithReplies = 0;
  nOneTouch = 0;
  repliesSum = 0;
  nWithReplies = 0;
  nGood = 0;
  nBad = 0;
  /** Per channel (in CHANNELS order): tickets, solved, good and bad ratings. */
  readonly channelTickets = new Float64Array(N_CHANNELS);
  readonly channelSolved = new Float64Array(N_CHANNELS);
  readonly channelGood = new Float64Array(N_CHANNELS);
  readonly channelBad = new Float64Array(N_CHANNELS);
  /** Agent numbers (TicketAccumulator.agentId) seen on this organisation's tickets. */
  readonly agents = new Set<number>();
  /** The last agent added: consecutive tickets of one agent skip the set. */
  lastAgent = -1;
  /** Local hour indexes (hours since 1970-01-01 00:00 local) in which an agent replied or solved. */
  readonly activeHours = new HourSet();
}

/** A growable pair of columns: a value and the organisation × channel group it belongs to. */
export class TaggedColumn {
  values = new Float64Array(1024);
  groups = new Int32Array(1024);
  length = 0;

  push(value: number, group: number): void {
    if (this.length === this.values.length) this.reserve(this.length * 2);
    this.values[this.length] = value;
    this.groups[this.length++] = group;
  }

  /** Makes room for `capacity` entries in all (one copy, instead of doublings while pushing). */
  reserve(capacity: number): void {
    if (capacity <= this.values.length) return;
    const values = new Float64Array(capacity);
    const groups = new Int32Array(capacity);
    values.set(this.values.subarray(0, this.length));
    groups.set(this.groups.subarray(0, this.length));
    this.values = values;
    this.groups = groups;
  }

  /**
   * The values grouped by group number (a counting sort, O(n + groups)) and sorted within each group: group g
   * is sorted[offsets[g] .. offsets[g + 1]). Groups of one organisation are adjacent (orgId · N_CHANNELS + c).
   */
  grouped(nGroups: number): { sorted: Float64Array; offsets: Int32Array } {
    const offsets = new Int32Array(nGroups + 1);
    for (let i = 0; i < this.length; i++) offsets[this.groups[i]! + 1]!++;
    for (let g = 0; g < nGroups; g++) offsets[g + 1]! += offsets[g]!;
    const cursor = offsets.slice(0, nGroups);
    const sorted = new Float64Array(this.length);
    for (let i = 0; i < this.length; i++) sorted[cursor[this.groups[i]!]!++] = this.values[i]!;
    for (let g = 0; g < nGroups; g++) if (offsets[g + 1]! - offsets[g]! > 1) sorted.subarray(offsets[g]!, offsets[g + 1]!).sort();
    return { sorted, offsets };
  }
}

export interface AccumulatorOptions {
  /** Whether exported durations are calendar time, so created + duration is a real instant of agent activity. */
  isCalendarTime: boolean;
}

/** Folds tickets into per-organisation accumulators. Memory: O(organisations) objects plus 12 bytes per duration. */
export class TicketAccumulator {
  readonly names: string[] = [];
  readonly orgs: OrgAccumulator[] = [];
  private ids = new Map<string, number>();
  /** Agent names by number, and their numbers. */
  readonly agentNames: string[] = [];
  private agentIds = new Map<string, number>();
  readonly resolution = new TaggedColumn();
  readonly firstReply = new TaggedColumn();
  createdMinMs = Infinity;
  createdMaxMs = -Infinity;
  nTickets = 0;

  constructor(private readonly options: AccumulatorOptions) {}

  /** The number of an organisation (by exact name), made on first sight. */
  orgId(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
      this.orgs.push(new OrgAccumulator());
    }
    return id;
  }

  /** The number of an agent (by exact name), made on first sight. */
  agentId(name: string): number {
    let id = this.agentIds.get(name);
    if (id === undefined) {
      id = this.agentNames.length;
      this.agentIds.set(name, id);
      this.agentNames.push(name);
    }
    return id;
  }

  add(t: Ticket): void {
    const org = this.orgs[t.orgId]!;
    const channel = t.channelIndex;
    const group = t.orgId * N_CHANNELS + channel;
    this.nTickets++;
    if (t.createdUtcMs < this.createdMinMs) this.createdMinMs = t.createdUtcMs;
    if (t.createdUtcMs > this.createdMaxMs) this.createdMaxMs = t.createdUtcMs;
    org.nTickets++;
    org.channelTickets[channel]!++;
    if (t.assigneeId !== -1 && t.assigneeId !== org.lastAgent) {
      org.agents.add(t.assigneeId);
      org.lastAgent = t.assigneeId;
    }
    if (!Number.isNaN(t.replies)) {
      org.repliesSum += t.replies;
      org.nWithReplies++;
    }
    if (!Number.isNaN(t.firstReplyMinutes)) {
      this.firstReply.push(t.firstReplyMinutes, group);
      if (this.options.isCalendarTime) org.activeHours.add(Math.floor((t.createdLocalMs + t.firstReplyMinutes * 60_000) / HOUR_MS));
    }
    if (t.rating === Rated.good) {
      org.nGood++;
      org.channelGood[channel]!++;
    } else if (t.rating === Rated.bad) {
      org.nBad++;
      org.channelBad[channel]!++;
    }
    if (Number.isNaN(t.resolutionMinutes)) {
      org.nOpen++;
      return;
    }
    org.nSolved++;
    org.channelSolved[channel]!++;
    this.resolution.push(t.resolutionMinutes, group);
    if (!Number.isNaN(t.solvedLocalMs)) org.activeHours.add(Math.floor(t.solvedLocalMs / HOUR_MS));
    else if (this.options.isCalendarTime) org.activeHours.add(Math.floor((t.createdLocalMs + t.resolutionMinutes * 60_000) / HOUR_MS));
    if (!Number.isNaN(t.reopens)) {
      org.nSolvedWithReopens++;
      if (t.reopens > 0) org.nReopened++;
    }
    if (!Number.isNaN(t.replies)) {
      org.nSolvedWithReplies++;
      if (t.replies <= 1) org.nOneTouch++;
    }
  }

  /**
   * Folds in another accumulator's content as it arrives from a worker thread (plain fields, no classes):
   * organisations matched by name, counters added, hours and agents united, durations re-tagged. O(size).
   */
  mergeFrom(other: TicketAccumulator): void {
    const ids = other.names.map((name) => this.orgId(name));
    const agents = other.agentNames.map((name) => this.agentId(name));
    other.orgs.forEach((source, i) => {
      const target = this.orgs[ids[i]!]!;
      for (const key of ['nTickets', 'nSolved', 'nOpen', 'nSolvedWithReopens', 'nReopened', 'nSolvedWithReplies', 'nOneTouch', 'repliesSum', 'nWithReplies', 'nGood', 'nBad'] as const) {
        target[key] += source[key];
      }
      for (let c = 0; c < N_CHANNELS; c++) {
        target.channelTickets[c]! += source.channelTickets[c]!;
        target.channelSolved[c]! += source.channelSolved[c]!;
        target.channelGood[c]! += source.channelGood[c]!;
        target.channelBad[c]! += source.channelBad[c]!;
      }
      for (const agent of source.agents) target.agents.add(agents[agent]!);
      target.activeHours.addAll(source.activeHours as unknown as { bits: Uint32Array; base: number });
    });
    // The other accumulator's organisation × channel groups, renumbered as this one's.
    const remap = new Int32Array(other.names.length * N_CHANNELS);
    for (let i = 0; i < other.names.length; i++) for (let c = 0; c < N_CHANNELS; c++) remap[i * N_CHANNELS + c] = ids[i]! * N_CHANNELS + c;
    for (const [from, to] of [
      [other.resolution, this.resolution],
      [other.firstReply, this.firstReply],
    ] as const) {
      to.reserve(to.length + from.length);
      to.values.set(from.values.subarray(0, from.length), to.length);
      const groups = to.groups;
      for (let j = 0, k = to.length; j < from.length; j++, k++) groups[k] = remap[from.groups[j]!]!;
      to.length += from.length;
    }
    this.createdMinMs = Math.min(this.createdMinMs, other.createdMinMs);
    this.createdMaxMs = Math.max(this.createdMaxMs, other.createdMaxMs);
    this.nTickets += other.nTickets;
  }
}
