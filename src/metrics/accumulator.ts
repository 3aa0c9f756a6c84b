// Per-organisation and per-organisation×channel accumulators that ticket batches are folded into (addBatch).
// Counters of all organisations live in one flat array; durations are appended to flat columns tagged with their
// organisation × channel group (sequential writes), grouped by a counting sort into parts, and the parts (one
// per thread that read a file) merged group by group at the end.

import { SlaLog } from './sla.js';
import { CHANNELS, type Channel } from '../ingest/channels.js';
import { BytesNumbers, type NumberedKeys } from '../ingest/bytes.js';
import {
  C_AGENTS, C_BAD, C_GOOD, C_ONE_TOUCH, C_OPEN, C_REOPENED, C_REPLIES_SUM, C_SOLVED, C_SOLVED_WITH_REOPENS, C_SOLVED_WITH_REPLIES, C_TICKETS, C_WITH_REPLIES,
  CC_BAD, CC_GOOD, CC_SOLVED, CC_TICKETS, CHANNEL_COUNTERS, CHANNEL_STRIDE, N_CHANNELS, ORG_STRIDE, RATED_BAD, RATED_GOOD, RATED_UNRATED,
} from './layout.js';
import type { TicketBatch } from './ticket-batch.js';
import { ContactLog, type ContactColumns } from './contacts.js';
import { CreatedDays, type DayCounts } from './created-days.js';
import { HourLog, type HourPart } from './hour-log.js';
import { groupByKernel } from './seal-kernel.js';
import { identity, partNumbers } from './merge-runs.js';

export const Rated = { unrated: RATED_UNRATED, good: RATED_GOOD, bad: RATED_BAD } as const;
export type Rated = (typeof Rated)[keyof typeof Rated];

if (CHANNELS.length !== N_CHANNELS) throw new Error('internal: layout.ts N_CHANNELS is the number of CHANNELS');
export { N_CHANNELS };
export const CHANNEL_INDEX = Object.fromEntries(CHANNELS.map((c, i) => [c, i])) as Record<Channel, number>;
const HOUR_MS = 3_600_000;

/**
 * Per-organisation counters, ORG_STRIDE numbers per organisation in one flat array (an organisation's counters
 * share a few cache lines, and there is no object per organisation to allocate, collect or clone).
 */
export const Counter = {
  tickets: C_TICKETS,
  solved: C_SOLVED,
  open: C_OPEN,
  solvedWithReopens: C_SOLVED_WITH_REOPENS,
  reopened: C_REOPENED,
  solvedWithReplies: C_SOLVED_WITH_REPLIES,
  oneTouch: C_ONE_TOUCH,
  repliesSum: C_REPLIES_SUM,
  withReplies: C_WITH_REPLIES,
  good: C_GOOD,
  bad: C_BAD,
  /** Distinct agents seen on the organisation's tickets. */
  agents: C_AGENTS,
} as const;
/** Per channel c, its counters start at CHANNEL_COUNTERS + c · CHANNEL_STRIDE: tickets, solved, good and bad ratings. */
export { CHANNEL_COUNTERS, ORG_STRIDE };
export const ChannelCounter = { tickets: CC_TICKETS, solved: CC_SOLVED, good: CC_GOOD, bad: CC_BAD } as const;

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

/** Names numbered 0, 1, … in the order they are first seen. */
class NameNumbers {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }
}

/** A sealed accumulator's content as it travels between threads (TicketAccumulator.sealForTransfer). */
export interface SealedAccumulator {
  names: readonly string[];
  /** The agents' names as bytes, in number order (agents are counted per organisation, never named). */
  agentKeys: NumberedKeys;
  counts: Float64Array;
  agentPairs: { orgs: Int32Array; agents: Int32Array };
  parts: { resolution: Grouped; firstReply: Grouped; orgs: Int32Array }[];
  hourParts: HourPart[];
  createdMinMs: number;
  createdMaxMs: number;
  createdDays: DayCounts;
  nTickets: number;
  requesterNames: readonly string[];
  contacts: ContactColumns;
}

export interface AccumulatorOptions {
  /** Whether exported durations are calendar time, so created + duration is a real instant of agent activity. */
  isCalendarTime: boolean;
}

/** Folds tickets into per-organisation accumulators. Memory: ORG_STRIDE numbers per organisation, 12 bytes per duration, 8 per activity hour. */
export class TicketAccumulator {
  /** Organisations by number. */
  private readonly orgs = new NameNumbers();
  /** Tickets per day of creation, for the period's stretched-tail check (created-days.ts). */
  readonly createdDays = new CreatedDays();
  /** The organisations' counters (see Counter): organisation id · ORG_STRIDE + counter. */
  counts = new Float64Array(64 * ORG_STRIDE);
  /** (organisation, local hour) pairs in which an agent first replied, counted per organisation at the end. */
  readonly hours = new HourLog();
  /** Agents by number, keyed by the bytes of their names (no text is made of them). */
  readonly agentNumbers = new BytesNumbers();
  /** Requesters by number, and the contacts of tickets with a requester (for repeat contacts across channels). */
  private readonly requesters = new NameNumbers();
  readonly contacts = new ContactLog();
  /** Due times, where the export has them (service-level targets: sla.ts); read on one thread, row by row. */
  sla: SlaLog | undefined;

  /** Notes a counted ticket's due time (the log made on the first). */
  addDueTime(org: number, channel: number, solvedUtcMs: number, dueUtcMs: number): void {
    (this.sla ??= new SlaLog()).add(org, channel, solvedUtcMs, dueUtcMs);
  }
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
    return this.counts[id * ORG_STRIDE + CHANNEL_COUNTERS + c * CHANNEL_STRIDE + counter]!;
  }

  /** The number of an organisation (by exact name), made on first sight. */
  orgId(name: string): number {
    const id = this.orgs.id(name);
    if ((id + 1) * ORG_STRIDE > this.counts.length) {
      this.releaseCounts();
      const counts = new Float64Array(this.counts.length * 2);
      counts.set(this.counts);
      this.counts = counts;
    }
    return id;
  }

  get names(): readonly string[] {
    return this.orgs.names;
  }

  /** The number of a requester (by exact name), made on first sight. */
  requesterId(name: string): number {
    return this.requesters.id(name);
  }

  get requesterNames(): readonly string[] {
    return this.requesters.names;
  }

  /** Notes the contacts of a folded batch's rows that have a requester (the kernel's fold counts the rest). */
  addContacts(batch: TicketBatch, n: number): void {
    this.contacts.addBatch(batch, n);
  }

  /** The number of an agent (by exact name), made on first sight. */
  agentId(name: string): number {
    return this.agentNumbers.idOfText(name);
  }

  /** Counts agent `agent` for organisation `org` once. */
  private addAgent(org: number, agent: number): void {
    if (this.agentPairs.add(org, agent)) this.counts[org * ORG_STRIDE + C_AGENTS]!++;
  }

  /**
   * Folds the rows r < n of a batch not marked slow (the kernel's fold does the same arithmetic on the fast
   * path, on the same layout). Returns how many rows were folded.
   */
  addBatch(batch: TicketBatch, n: number): number {
    const { counts, hours } = this;
    const { createdUtc, createdLocal, resolution: resolutions, firstReply: firstReplies, replies: repliesColumn, reopens: reopensColumn, rating, assignee, channel: channels, org: orgs, slow } = batch;
    let folded = 0;
    for (let r = 0; r < n; r++) {
      if (slow[r] !== 0) continue;
      folded++;
      const org = orgs[r]!;
      const channel = channels[r]!;
      const group = org * N_CHANNELS + channel;
      const base = org * ORG_STRIDE;
      const channelBase = base + CHANNEL_COUNTERS + channel * CHANNEL_STRIDE;
      const created = createdUtc[r]!;
      if (created < this.createdMinMs) this.createdMinMs = created;
      if (created > this.createdMaxMs) this.createdMaxMs = created;
      this.createdDays.add(created);
      counts[base + C_TICKETS]!++;
      counts[channelBase + CC_TICKETS]!++;
      const agent = assignee[r]!;
      if (agent !== -1) this.addAgent(org, agent);
      const replies = repliesColumn[r]!;
      if (replies === replies) {
        counts[base + C_REPLIES_SUM]! += replies;
        counts[base + C_WITH_REPLIES]!++;
      }
      const firstReply = firstReplies[r]!;
      if (firstReply === firstReply) {
        this.firstReply.push(firstReply, group);
        if (this.options.isCalendarTime) hours.add(org, Math.floor((createdLocal[r]! + firstReply * 60_000) / HOUR_MS));
      }
      const rated = rating[r]!;
      if (rated === RATED_GOOD) {
        counts[base + C_GOOD]!++;
        counts[channelBase + CC_GOOD]!++;
      } else if (rated === RATED_BAD) {
        counts[base + C_BAD]!++;
        counts[channelBase + CC_BAD]!++;
      }
      const resolution = resolutions[r]!;
      if (resolution !== resolution) {
        counts[base + C_OPEN]!++;
        continue;
      }
      counts[base + C_SOLVED]!++;
      counts[channelBase + CC_SOLVED]!++;
      this.resolution.push(resolution, group);
      // Solving is not noted as activity (coverage must not depend on how long tickets wait): first replies only.
      const reopens = reopensColumn[r]!;
      if (reopens === reopens) {
        counts[base + C_SOLVED_WITH_REOPENS]!++;
        if (reopens > 0) counts[base + C_REOPENED]!++;
      }
      if (replies === replies) {
        counts[base + C_SOLVED_WITH_REPLIES]!++;
        if (replies <= 1) counts[base + C_ONE_TOUCH]!++;
      }
    }
    this.nTickets += folded;
    this.contacts.addBatch(batch, n);
    return folded;
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
   * This accumulator, sealed, as another thread's mergeFrom takes it: plain data (what a message between
   * threads keeps) and the buffers of its large arrays, which move rather than being copied.
   */
  sealForTransfer(): { sealed: SealedAccumulator; transfer: ArrayBuffer[] } {
    this.seal();
    this.releaseCounts();
    const hourParts = this.hours.sealedParts();
    const sealed: SealedAccumulator = {
      names: this.names,
      agentKeys: this.agentNumbers.keys(),
      counts: this.counts,
      agentPairs: { orgs: this.agentPairs.orgs, agents: this.agentPairs.agents },
      parts: this.parts,
      hourParts,
      createdMinMs: this.createdMinMs,
      createdMaxMs: this.createdMaxMs,
      createdDays: this.createdDays.snapshot(),
      nTickets: this.nTickets,
      requesterNames: this.requesterNames,
      contacts: this.contacts.columns(),
    };
    const arrays = [
      ...this.parts.flatMap((part) => [part.resolution, part.firstReply].flatMap((grouped) => [grouped.sorted, grouped.offsets, grouped.orgSorted])),
      ...hourParts.flatMap((part) => [part.bits, part.wordOffsets, part.baseWords, part.hours, part.hourOffsets]),
      sealed.counts,
      sealed.agentKeys.arena,
      sealed.agentKeys.ends,
      sealed.agentPairs.orgs,
      sealed.agentPairs.agents,
      sealed.contacts.orgs,
      sealed.contacts.requesters,
      sealed.contacts.channels,
      sealed.contacts.created,
    ];
    return { sealed, transfer: [...new Set(arrays.map((array) => array.buffer as ArrayBuffer))] };
  }

  /**
   * Folds in another accumulator's sealed content (sealForTransfer, on this thread or another): organisations
   * matched by name, counters added, agents united, its parts of durations and hours kept with their
   * organisations renumbered. O(organisations + agent pairs).
   */
  mergeFrom(other: SealedAccumulator): void {
    const ids = other.names.map((name) => this.orgId(name));
    const agents = this.agentNumbers.numbersOf(other.agentKeys);
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
    for (const part of other.parts) this.parts.push({ resolution: part.resolution, firstReply: part.firstReply, orgs: part.orgs.map((org) => ids[org]!) });
    this.hours.addParts(other.hourParts, ids);
    this.createdMinMs = Math.min(this.createdMinMs, other.createdMinMs);
    this.createdMaxMs = Math.max(this.createdMaxMs, other.createdMaxMs);
    this.createdDays.merge(other.createdDays);
    this.nTickets += other.nTickets;
    if (other.contacts.length > 0) this.contacts.append(other.contacts, ids, other.requesterNames.map((name) => this.requesterId(name)));
  }
}
