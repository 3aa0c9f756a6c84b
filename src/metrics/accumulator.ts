// Per-organisation and per-organisation×channel accumulators that a ticket stream is folded into, one ticket at a time.

import type { Channel } from '../ingest/channels.js';
import { Samples } from './samples.js';

export const Rated = { unrated: 0, good: 1, bad: 2 } as const;
export type Rated = (typeof Rated)[keyof typeof Rated];

/** One ticket as ingest hands it over. Durations in minutes; NaN where unknown. */
export interface Ticket {
  id: string;
  organization: string;
  channel: Channel;
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
  assignee: string;
}

export class ChannelAccumulator {
  nTickets = 0;
  nSolved = 0;
  readonly resolution = new Samples();
  readonly firstReply = new Samples();
  nGood = 0;
  nBad = 0;
}

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
  readonly resolution = new Samples();
  readonly firstReply = new Samples();
  readonly assignees = new Set<string>();
  /** Local hour indexes (hours since 1970-01-01 00:00 local) in which an agent replied or solved. */
  readonly activeHours = new Set<number>();
  readonly channels = new Map<Channel, ChannelAccumulator>();

  channel(channel: Channel): ChannelAccumulator {
    let acc = this.channels.get(channel);
    if (acc === undefined) {
      acc = new ChannelAccumulator();
      this.channels.set(channel, acc);
    }
    return acc;
  }
}

export interface AccumulatorOptions {
  /** Whether exported durations are calendar time, so created + duration is a real instant of agent activity. */
  isCalendarTime: boolean;
}

/** Folds tickets into per-organisation accumulators. Memory: O(organisations + solved tickets) numbers. */
export class TicketAccumulator {
  readonly orgs = new Map<string, OrgAccumulator>();
  createdMinMs = Infinity;
  createdMaxMs = -Infinity;
  nTickets = 0;

  constructor(private readonly options: AccumulatorOptions) {}

  add(t: Ticket): void {
    let org = this.orgs.get(t.organization);
    if (org === undefined) {
      org = new OrgAccumulator();
      this.orgs.set(t.organization, org);
    }
    this.nTickets++;
    if (t.createdUtcMs < this.createdMinMs) this.createdMinMs = t.createdUtcMs;
    if (t.createdUtcMs > this.createdMaxMs) this.createdMaxMs = t.createdUtcMs;
    const ch = org.channel(t.channel);
    org.nTickets++;
    ch.nTickets++;
    if (t.assignee !== '') org.assignees.add(t.assignee);
    if (!Number.isNaN(t.replies)) {
      org.repliesSum += t.replies;
      org.nWithReplies++;
    }
    if (!Number.isNaN(t.firstReplyMinutes)) {
      org.firstReply.push(t.firstReplyMinutes);
      ch.firstReply.push(t.firstReplyMinutes);
      if (this.options.isCalendarTime) {
        org.activeHours.add(Math.floor((t.createdLocalMs + t.firstReplyMinutes * 60_000) / HOUR_MS));
      }
    }
    if (t.rating === Rated.good) {
      org.nGood++;
      ch.nGood++;
    } else if (t.rating === Rated.bad) {
      org.nBad++;
      ch.nBad++;
    }
    if (Number.isNaN(t.resolutionMinutes)) {
      org.nOpen++;
      return;
    }
    org.nSolved++;
    ch.nSolved++;
    org.resolution.push(t.resolutionMinutes);
    ch.resolution.push(t.resolutionMinutes);
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
}
