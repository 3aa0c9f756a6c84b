// Per-organisation and per-organisation×channel accumulators that a ticket stream is folded into, one ticket at a time.
// Counters of all organisations live in one flat array; durations are appended to flat columns tagged with their
// organisation × channel group (sequential writes), grouped by a counting sort into parts, and the parts (one
// per thread that read a file) merged group by group at the end.

import { CHANNELS, type Channel } from '../ingest/channels.js';
import { CreatedDays } from './created-days.js';
import { HourLog } from './hour-log.js';
import { groupByKernel } from './seal-kernel.js';
import { identity, partNumbers } from './merge-runs.js';

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

/**
 * Per-organisation counters, ORG_STRIDE numbers per organisation in one flat array (an organisation's counters
 * share a few cache lines, and there is no object per organisation to allocate, collect or clone).
 */
export const Counter = {
  tickets: 0,
  solved: 1,
  open: 2,
  solvedWithReopens: 3,
  reopened: 4,
  solvedWithReplies: 5,
  oneTouch: 6,
  repliesSum: 7,
  withReplies: 8,
  good: 9,
  bad: 10,
  /** Distinct agents seen on the organisation's tickets. */
  agents: 11,
} as const;
/** Per channel c, its counters start at CHANNEL_COUNTERS + c · 4: tickets, solved, good and bad ratings. */
export const CHANNEL_COUNTERS = 12;
export const ChannelCounter = { tickets: 0, solved: 1, good: 2, bad: 3 } as const;
export const ORG_STRIDE = CHANNEL_COUNTERS + N_CHANNELS * 4;

/**
 * A set of (organisation, agent) pairs: open addressing over two Int32Arrays, so the commonest case (a pair
 * seen before) costs a hash and a probe or two, with no number boxed and nothing allocated.
 */
export class PairSet {
  orgs = new Int32Array(1024).fill(-1);
  agents = new Int32Array(1024);
  size = 0;

  /** Adds the pair; false when it was there already. */
  add(org: number, agent: number): boolean {
    let mask = this.orgs.length - 1;
    let hash = Math.imul(org, 0x9e3779b1) ^ Math.imul(agent + 1, 0x85ebca77);
    hash ^= hash >>> 15;
    let slot = hash & mask;
    for (;;) {
      const o = this.orgs[slot]!;
      if (o === -1) break;
      if (o === org && this.agents[slot] === agent) return false;
      slot = (slot + 1) & mask;
    }
    if ((this.size + 1) * 2 > this.orgs.length) {
      this.rehash();
      mask = this.orgs.length - 1;
      slot = hash & mask;
      while (this.orgs[slot] !== -1) slot = (slot + 1) & mask;
    }
    this.orgs[slot] = org;
    this.agents[slot] = agent;
    this.size++;
    return true;
  }

  private rehash(): void {
    const { orgs, agents } = this;
    this.orgs = new Int32Array(orgs.length * 2).fill(-1);
    this.agents = new Int32Array(orgs.length * 2);
    this.size = 0;
    for (let slot = 0; slot < orgs.length; slot++) if (orgs[slot] !== -1) this.add(orgs[slot]!, agents[slot]!);
  }
}

/**
 * Values grouped by organisation × channel group: group g is sorted[offsets[g] .. offsets[g + 1]), ascending.
 * An organisation's groups are adjacent (o · N_CHANNELS + c), and in `orgSorted` the same span holds all its
 * values sorted together, for the organisation's own quantiles.
 */
export interface Grouped {
  sorted: Float64Array;
  offsets: Int32Array;
  orgSorted: Float64Array;
}

/** A part's grouped values with the part's number of each organisation of the accumulator (-1: none). */
export interface DurationRun extends Grouped {
  orgOf: Int32Array;
}

/** A growable pair of columns: a value and the organisation × channel group it belongs to. */
export class TaggedColumn {
  values = new Float64Array(1024);
  groups = new Int32Array(1024);
  length = 0;

  push(value: number, group: number): void {
    if (this.length === this.values.length) this.reserve(Math.max(1024, this.length * 2));
    this.values[this.length] = value;
    this.groups[this.length++] = group;
  }

  /** Appends n values with their groups. */
  append(values: Float64Array, groups: Int32Array, n: number): void {
    if (this.length + n > this.values.length) this.reserve(Math.max(1024, this.length * 2, this.length + n));
    this.values.set(values.subarray(0, n), this.length);
    this.groups.set(groups.subarray(0, n), this.length);
    this.length += n;
  }

  /** Empties the column and lets its memory go. */
  clear(): void {
    this.values = new Float64Array(0);
    this.groups = new Int32Array(0);
    this.length = 0;
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
   * is sorted[offsets[g] .. offsets[g + 1]). Groups of one organisation are adjacent (orgId · N_CHANNELS + c),
   * and orgSorted holds each organisation's span sorted as a whole. The sorting is the WebAssembly kernel's
   * (an organisation at a time), or typed-array sorts without it.
   */
  grouped(nGroups: number): Grouped {
    const sorted = new Float64Array(this.length);
    const orgSorted = new Float64Array(this.length);
    const byKernel = groupByKernel(this.values, this.groups, this.length, nGroups, N_CHANNELS, sorted, orgSorted);
    if (byKernel !== undefined) return { sorted, offsets: byKernel, orgSorted };
    const offsets = new Int32Array(nGroups + 1);
    for (let i = 0; i < this.length; i++) offsets[this.groups[i]! + 1]!++;
    for (let g = 0; g < nGroups; g++) offsets[g + 1]! += offsets[g]!;
    const cursor = offsets.slice(0, nGroups);
    for (let i = 0; i < this.length; i++) sorted[cursor[this.groups[i]!]!++] = this.values[i]!;
    // Each organisation's span sorted whole first (its channels' values together), then each group in place.
    orgSorted.set(sorted);
    for (let g = 0; g < nGroups; g += N_CHANNELS) if (offsets[g + N_CHANNELS]! - offsets[g]! > 1) orgSorted.subarray(offsets[g]!, offsets[g + N_CHANNELS]!).sort();
    for (let g = 0; g < nGroups; g++) if (offsets[g + 1]! - offsets[g]! > 1) sorted.subarray(offsets[g]!, offsets[g + 1]!).sort();
    return { sorted, offsets, orgSorted };
  }
}

/**
 * A batch of tickets folded by the WebAssembly kernel (ingest/csv-kernel.ts fold) into counters that live in its
 * memory while a file is read (TicketAccumulator.placeCounts): what it leaves for the accumulator to append.
 */
export interface FoldedBatch {
  /** Tickets folded. */
  rows: number;
  createdMinMs: number;
  createdMaxMs: number;
  resolution: { values: Float64Array; groups: Int32Array; n: number };
  firstReply: { values: Float64Array; groups: Int32Array; n: number };
  /** Activity hours: (organisation, hour) pairs. */
  hours: { orgs: Int32Array; hours: Int32Array; n: number };
  /** (Organisation, agent) pairs that may be new (the kernel leaves out the ones it has handed over already). */
  agents: { orgs: Int32Array; agents: Int32Array; n: number };
}

export interface AccumulatorOptions {
  /** Whether exported durations are calendar time, so created + duration is a real instant of agent activity. */
  isCalendarTime: boolean;
}

/** Folds tickets into per-organisation accumulators. Memory: ORG_STRIDE numbers per organisation, 12 bytes per duration, 8 per activity hour. */
export class TicketAccumulator {
  readonly names: string[] = [];
  /** Tickets per day of creation, for the period's stretched-tail check (created-days.ts). */
  readonly createdDays = new CreatedDays();
  /** The organisations' counters (see Counter): organisation id · ORG_STRIDE + counter. */
  counts = new Float64Array(64 * ORG_STRIDE);
  /** (organisation, local hour) pairs in which an agent first replied, counted per organisation at the end. */
  readonly hours = new HourLog();
  private ids = new Map<string, number>();
  /** Agent names by number, and their numbers. */
  readonly agentNames: string[] = [];
  private agentIds = new Map<string, number>();
  /** The organisation × agent pairs seen, to count each organisation's distinct agents. */
  readonly agentPairs = new PairSet();
  readonly resolution = new TaggedColumn();
  readonly firstReply = new TaggedColumn();
  /**
   * Durations already grouped (seal): this accumulator's earlier ones and other accumulators' (mergeFrom),
   * each with the organisation number here of each of its organisations.
   */
  readonly parts: { resolution: Grouped; firstReply: Grouped; orgs: Int32Array }[] = [];
  createdMinMs = Infinity;
  createdMaxMs = -Infinity;
  nTickets = 0;

  /** Whether `counts` is a view of a kernel's memory (placeCounts). */
  private isPlaced = false;

  constructor(private readonly options: AccumulatorOptions) {}

  get isCalendarTime(): boolean {
    return this.options.isCalendarTime;
  }

  /**
   * Moves the counters into `place` (a view of a kernel's memory, all zeros, for its fold of batches); false when
   * they would not fit. They stay there, and `counts` is that view, until releaseCounts().
   */
  placeCounts(place: Float64Array<ArrayBuffer>): boolean {
    if (this.isPlaced) this.releaseCounts();
    if (this.names.length * ORG_STRIDE > place.length) return false;
    place.set(this.counts.subarray(0, this.names.length * ORG_STRIDE));
    this.counts = place;
    this.isPlaced = true;
    return true;
  }

  /** Takes the counters back from a kernel's memory (placeCounts) into an array of their own, leaving the place zeros again. */
  releaseCounts(): void {
    if (!this.isPlaced) return;
    const used = this.names.length * ORG_STRIDE;
    const own = new Float64Array(Math.max(64 * ORG_STRIDE, used));
    own.set(this.counts.subarray(0, used));
    this.counts.fill(0, 0, used);
    this.counts = own;
    this.isPlaced = false;
  }

  /** Appends what the kernel's fold of a batch left (its counters are already in `counts`). */
  addFolded(batch: FoldedBatch): void {
    this.nTickets += batch.rows;
    if (batch.createdMinMs < this.createdMinMs) this.createdMinMs = batch.createdMinMs;
    if (batch.createdMaxMs > this.createdMaxMs) this.createdMaxMs = batch.createdMaxMs;
    this.resolution.append(batch.resolution.values, batch.resolution.groups, batch.resolution.n);
    this.firstReply.append(batch.firstReply.values, batch.firstReply.groups, batch.firstReply.n);
    this.hours.append(batch.hours.orgs, batch.hours.hours, batch.hours.n);
    const { orgs, agents, n } = batch.agents;
    for (let i = 0; i < n; i++) this.addAgent(orgs[i]!, agents[i]!);
  }

  /**
   * Makes room for about `rows` more tickets' durations at once (an estimate from the bytes left to read), so
   * the columns do not grow by doubling and copying. Room not used costs address space only.
   */
  expectRows(rows: number): void {
    const capacity = Math.ceil(rows);
    this.resolution.reserve(this.resolution.length + capacity);
    this.firstReply.reserve(this.firstReply.length + capacity);
  }

  /** The number of organisations so far. */
  get size(): number {
    return this.names.length;
  }

  /** Counter `counter` (see Counter) of organisation `id`. */
  count(id: number, counter: number): number {
    return this.counts[id * ORG_STRIDE + counter]!;
  }

  /** Counter `counter` (see ChannelCounter) of organisation `id` on channel `c`. */
  channelCount(id: number, c: number, counter: number): number {
    return this.counts[id * ORG_STRIDE + CHANNEL_COUNTERS + c * 4 + counter]!;
  }

  /** The number of an organisation (by exact name), made on first sight. */
  orgId(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
      if ((id + 1) * ORG_STRIDE > this.counts.length) {
        this.releaseCounts();
        const counts = new Float64Array(this.counts.length * 2);
        counts.set(this.counts);
        this.counts = counts;
      }
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

  /** Counts agent `agent` for organisation `org` once. */
  private addAgent(org: number, agent: number): void {
    if (this.agentPairs.add(org, agent)) this.counts[org * ORG_STRIDE + Counter.agents]!++;
  }

  add(t: Ticket): void {
    const org = t.orgId;
    const channel = t.channelIndex;
    const group = org * N_CHANNELS + channel;
    const counts = this.counts;
    const base = org * ORG_STRIDE;
    const channelBase = base + CHANNEL_COUNTERS + channel * 4;
    this.nTickets++;
    if (t.createdUtcMs < this.createdMinMs) this.createdMinMs = t.createdUtcMs;
    if (t.createdUtcMs > this.createdMaxMs) this.createdMaxMs = t.createdUtcMs;
    this.createdDays.add(t.createdUtcMs);
    counts[base + Counter.tickets]!++;
    counts[channelBase + ChannelCounter.tickets]!++;
    if (t.assigneeId !== -1) this.addAgent(org, t.assigneeId);
    const replies = t.replies;
    if (replies === replies) {
      counts[base + Counter.repliesSum]! += replies;
      counts[base + Counter.withReplies]!++;
    }
    const hours = this.hours;
    if (t.firstReplyMinutes === t.firstReplyMinutes) {
      this.firstReply.push(t.firstReplyMinutes, group);
      if (this.options.isCalendarTime) hours.add(org, Math.floor((t.createdLocalMs + t.firstReplyMinutes * 60_000) / HOUR_MS));
    }
    if (t.rating === Rated.good) {
      counts[base + Counter.good]!++;
      counts[channelBase + ChannelCounter.good]!++;
    } else if (t.rating === Rated.bad) {
      counts[base + Counter.bad]!++;
      counts[channelBase + ChannelCounter.bad]!++;
    }
    const resolution = t.resolutionMinutes;
    if (resolution !== resolution) {
      counts[base + Counter.open]!++;
      return;
    }
    counts[base + Counter.solved]!++;
    counts[channelBase + ChannelCounter.solved]!++;
    this.resolution.push(resolution, group);
    // Solving is not noted as activity (coverage must not depend on how long tickets wait): first replies only.
    if (t.reopens === t.reopens) {
      counts[base + Counter.solvedWithReopens]!++;
      if (t.reopens > 0) counts[base + Counter.reopened]!++;
    }
    if (replies === replies) {
      counts[base + Counter.solvedWithReplies]!++;
      if (replies <= 1) counts[base + Counter.oneTouch]!++;
    }
  }

  /**
   * Groups the durations and activity hours gathered so far into parts and frees their columns: done by a
   * worker before it sends, and by the main thread while the worker finishes, so that the sorting is shared.
   */
  seal(): void {
    this.releaseCounts();
    const nGroups = this.names.length * N_CHANNELS;
    if (this.resolution.length + this.firstReply.length > 0) {
      // Each column lets its memory go as soon as it is grouped (peak memory).
      const resolution = this.resolution.grouped(nGroups);
      this.resolution.clear();
      const firstReply = this.firstReply.grouped(nGroups);
      this.firstReply.clear();
      this.parts.push({ resolution, firstReply, orgs: identity(this.names.length) });
    }
    this.hours.seal(this.names.length);
  }

  /**
   * All durations of a column (`resolution` or `firstReply`) as the sorted parts the threads made (what was
   * gathered here and not yet sealed is sealed first), each with its numbering of this accumulator's
   * organisations. The metrics take order statistics across the parts without merging them (sorted-runs.ts).
   */
  durationRuns(column: 'resolution' | 'firstReply'): DurationRun[] {
    if (this.resolution.length + this.firstReply.length > 0) this.seal();
    const nOrgs = this.names.length;
    return this.parts.filter((part) => part[column].sorted.length > 0).map((part) => ({ ...part[column], orgOf: partNumbers(part.orgs, nOrgs) }));
  }

  /**
   * Folds in another accumulator's content as it arrives from a worker thread (plain fields, no classes):
   * organisations matched by name, counters added, agents united, its sealed parts of durations and hours
   * kept with their organisations renumbered. O(organisations + agent pairs).
   */
  mergeFrom(other: TicketAccumulator): void {
    const ids = other.names.map((name) => this.orgId(name));
    const agents = other.agentNames.map((name) => this.agentId(name));
    for (let i = 0; i < ids.length; i++) {
      const from = i * ORG_STRIDE;
      const to = ids[i]! * ORG_STRIDE;
      // Every counter but the agents adds up; agents are counted again below as pairs.
      for (let k = 0; k < ORG_STRIDE; k++) if (k !== Counter.agents) this.counts[to + k]! += other.counts[from + k]!;
    }
    const pairs = other.agentPairs;
    for (let slot = 0; slot < pairs.orgs.length; slot++) if (pairs.orgs[slot] !== -1) this.addAgent(ids[pairs.orgs[slot]!]!, agents[pairs.agents[slot]!]!);
    // Its durations and hours arrive sealed in parts (the worker sorted them while this thread read its own
    // part): kept as parts, their organisations renumbered, and merged group by group for the metrics.
    if (other.resolution.length + other.firstReply.length > 0) throw new Error('internal: an accumulator to merge must be sealed first');
    for (const part of other.parts) this.parts.push({ resolution: part.resolution, firstReply: part.firstReply, orgs: part.orgs.map((org) => ids[org]!) });
    this.hours.addParts(other.hours, ids);
    this.createdMinMs = Math.min(this.createdMinMs, other.createdMinMs);
    this.createdMaxMs = Math.max(this.createdMaxMs, other.createdMaxMs);
    this.createdDays.merge(other.createdDays as unknown as { counts: Float64Array; base: number });
    this.nTickets += other.nTickets;
  }
}
