// Repeat contacts across channels: each ticket with a requester is a contact (organisation, requester, channel,
// creation time). A requester *comes back through another channel* from channel c when, after a contact through
// c, the same requester opens a ticket with the same organisation through another channel within the window
// (0 ≤ later − earlier ≤ window). Per organisation: the share of its requesters who did, from any channel; per
// organisation × channel: the share of the requesters who contacted it through that channel who did from it.

import { N_CHANNELS } from './layout.js';
import type { TicketBatch } from './ticket-batch.js';

/** A requester who comes back through another channel within this many days has contacted again (--repeat-days). */
export const DEFAULT_REPEAT_DAYS = 7;

/** The contacts of the tickets read, as flat columns (appended a batch at a time). */
export class ContactLog {
  orgs = new Int32Array(0);
  requesters = new Int32Array(0);
  channels = new Int32Array(0);
  created = new Float64Array(0);
  length = 0;

  private reserve(capacity: number): void {
    if (capacity <= this.orgs.length) return;
    const size = Math.max(capacity, 2 * this.orgs.length, 1024);
    const grow = <T extends Int32Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old.subarray(0, this.length) as never);
      return next;
    };
    this.orgs = grow(this.orgs, (n) => new Int32Array(n));
    this.requesters = grow(this.requesters, (n) => new Int32Array(n));
    this.channels = grow(this.channels, (n) => new Int32Array(n));
    this.created = grow(this.created, (n) => new Float64Array(n));
  }

  /** The counted rows r < n of a batch that have a requester. */
  addBatch(batch: TicketBatch, n: number): void {
    const { slow, requester, org, channel, createdUtc } = batch;
    for (let r = 0; r < n; r++) {
      if (slow[r] !== 0 || requester[r] === -1) continue;
      if (this.length === this.orgs.length) this.reserve(this.length + 1);
      const i = this.length++;
      this.orgs[i] = org[r]!;
      this.requesters[i] = requester[r]!;
      this.channels[i] = channel[r]!;
      this.created[i] = createdUtc[r]!;
    }
  }

  /** Another log's contacts (a worker's), its organisations and requesters renumbered. */
  append(other: ContactColumns, orgs: ArrayLike<number>, requesters: ArrayLike<number>): void {
    this.reserve(this.length + other.length);
    for (let i = 0; i < other.length; i++) {
      const at = this.length++;
      this.orgs[at] = orgs[other.orgs[i]!]!;
      this.requesters[at] = requesters[other.requesters[i]!]!;
      this.channels[at] = other.channels[i]!;
      this.created[at] = other.created[i]!;
    }
  }

  columns(): ContactColumns {
    return { orgs: this.orgs, requesters: this.requesters, channels: this.channels, created: this.created, length: this.length };
  }
}

/** A log's content as plain data (to cross between threads). */
export interface ContactColumns {
  orgs: Int32Array;
  requesters: Int32Array;
  channels: Int32Array;
  created: Float64Array;
  length: number;
}

/** Per organisation, and per organisation × channel (o · N_CHANNELS + c): requesters, and those who came back through another channel. */
export interface RepeatCounts {
  requesters: Int32Array;
  repeaters: Int32Array;
  channelRequesters: Int32Array;
  channelRepeaters: Int32Array;
}

/**
 * Counts repeat contacts within `windowMs`. Contacts are put in order of requester (a counting sort), then of
 * organisation and time within each requester (their few contacts sorted directly); each (organisation,
 * requester) run is swept once with a window of channel counts. O(contacts + requesters).
 */
export function repeatContacts(log: ContactColumns, nOrgs: number, nRequesters: number, windowMs: number): RepeatCounts {
  const n = log.length;
  const counts: RepeatCounts = {
    requesters: new Int32Array(nOrgs),
    repeaters: new Int32Array(nOrgs),
    channelRequesters: new Int32Array(nOrgs * N_CHANNELS),
    channelRepeaters: new Int32Array(nOrgs * N_CHANNELS),
  };
  const offsets = new Int32Array(nRequesters + 1);
  for (let i = 0; i < n; i++) offsets[log.requesters[i]! + 1]!++;
  for (let q = 0; q < nRequesters; q++) offsets[q + 1]! += offsets[q]!;
  const cursor = offsets.slice(0, nRequesters);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[cursor[log.requesters[i]!]!++] = i;
  const inWindow = new Int32Array(N_CHANNELS);
  const seen = new Uint8Array(N_CHANNELS);
  const from = new Uint8Array(N_CHANNELS);
  for (let q = 0; q < nRequesters; q++) {
    const start = offsets[q]!;
    const end = offsets[q + 1]!;
    if (end === start) continue;
    const run = Array.from(order.subarray(start, end)).sort((a, b) => log.orgs[a]! - log.orgs[b]! || log.created[a]! - log.created[b]! || a - b);
    for (let s = 0; s < run.length; ) {
      const org = log.orgs[run[s]!]!;
      let e = s;
      while (e < run.length && log.orgs[run[e]!] === org) e++;
      // One requester's contacts with one organisation, in time order: run[s..e).
      seen.fill(0);
      from.fill(0);
      inWindow.fill(0);
      let hi = s;
      let lo = s;
      for (let a = s; a < e; a++) {
        const t = log.created[run[a]!]!;
        const channel = log.channels[run[a]!]!;
        seen[channel] = 1;
        // The window [t, t + window]: contacts at the same time as a count too, whichever comes first.
        while (lo < e && log.created[run[lo]!]! < t) inWindow[log.channels[run[lo++]!]!]!--;
        while (hi < e && log.created[run[hi]!]! - t <= windowMs) inWindow[log.channels[run[hi++]!]!]!++;
        let others = 0;
        for (let c = 0; c < N_CHANNELS; c++) if (c !== channel) others += inWindow[c]!;
        if (others > 0) from[channel] = 1;
      }
      let isRepeater = false;
      for (let c = 0; c < N_CHANNELS; c++) {
        if (seen[c] === 0) continue;
        counts.channelRequesters[org * N_CHANNELS + c]!++;
        if (from[c] !== 0) {
          counts.channelRepeaters[org * N_CHANNELS + c]!++;
          isRepeater = true;
        }
      }
      counts.requesters[org]!++;
      if (isRepeater) counts.repeaters[org]!++;
      s = e;
    }
  }
  return counts;
}
