// Service-level targets: where an export has each ticket's due time (due_at), how many tickets were solved by
// it, per organisation and per organisation × channel. A solved ticket with a due time met it when solved at
// or before it, else it was late by solved − due; an open ticket whose due time is before the period's end (the
// last creation time read) is past due; an open ticket still within its time is left out (it may yet meet it).

import { CHANNELS, type Channel } from '../ingest/channels.js';
import { quantileSorted } from './quantile.js';
import { N_CHANNELS } from './layout.js';

/** What a report says of an organisation's (or a channel's) service-level target. */
export interface SlaFigures {
  /** Solved tickets with a due time. */
  solvedWithDue: number;
  /** Of those, solved at or before it. */
  met: number;
  /** met ÷ solvedWithDue; null without any. */
  metShare: number | null;
  /** Median of (solved − due) over the late ones, in hours; null without any. */
  lateMedianHours: number | null;
  /** Open tickets whose due time was before the period's end. */
  openPastDue: number;
  /** Open tickets whose due time was not (left out of the share: they may yet meet it). */
  openWithinDue: number;
}

/** An organisation's figures with each channel's it has tickets with a due time on. */
export type OrgSla = SlaFigures & { channels: Partial<Record<Channel, SlaFigures>> };

/** What an organisation none of whose tickets has a due time shows: zeros and no share. */
export const NO_DUE_TIMES: OrgSla = { solvedWithDue: 0, met: 0, metShare: null, lateMedianHours: null, openPastDue: 0, openWithinDue: 0, channels: {} };

/** The due times of the tickets read, with their organisation, channel and solve time. */
export class SlaLog {
  private org: number[] = [];
  private channel: number[] = [];
  private solved: number[] = [];
  private due: number[] = [];

  add(org: number, channel: number, solvedUtcMs: number, dueUtcMs: number): void {
    if (Number.isNaN(dueUtcMs)) return;
    this.org.push(org);
    this.channel.push(channel);
    this.solved.push(solvedUtcMs);
    this.due.push(dueUtcMs);
  }

  get size(): number {
    return this.org.length;
  }

  /** Figures per organisation number (those with a due time on a ticket), channels in the canonical order. */
  figures(periodEndMs: number): Map<number, OrgSla> {
    const groups = new Map<number, { met: number; solved: number; pastDue: number; within: number; late: number[] }>();
    const group = (key: number) => {
      let g = groups.get(key);
      if (g === undefined) groups.set(key, (g = { met: 0, solved: 0, pastDue: 0, within: 0, late: [] }));
      return g;
    };
    for (let i = 0; i < this.org.length; i++) {
      const solved = this.solved[i]!;
      const due = this.due[i]!;
      // The organisation's group (channel N_CHANNELS) and its channel's.
      for (const key of [this.org[i]! * (N_CHANNELS + 1) + N_CHANNELS, this.org[i]! * (N_CHANNELS + 1) + this.channel[i]!]) {
        const g = group(key);
        if (Number.isNaN(solved)) {
          if (due < periodEndMs) g.pastDue++;
          else g.within++;
        } else {
          g.solved++;
          if (solved <= due) g.met++;
          else g.late.push((solved - due) / 3_600_000);
        }
      }
    }
    const out = new Map<number, OrgSla>();
    // Keys in order: an organisation's channels by index, then the organisation itself (channel N_CHANNELS).
    for (const key of [...groups.keys()].sort((a, b) => a - b)) {
      const g = groups.get(key)!;
      const org = Math.floor(key / (N_CHANNELS + 1));
      const channel = key % (N_CHANNELS + 1);
      g.late.sort((a, b) => a - b);
      const figures: SlaFigures = {
        solvedWithDue: g.solved,
        met: g.met,
        metShare: g.solved === 0 ? null : g.met / g.solved,
        lateMedianHours: g.late.length === 0 ? null : quantileSorted(g.late, 0.5),
        openPastDue: g.pastDue,
        openWithinDue: g.within,
      };
      const channels: OrgSla['channels'] = out.get(org)?.channels ?? {};
      if (channel === N_CHANNELS) out.set(org, { ...figures, channels });
      else {
        channels[CHANNELS[channel]!] = figures;
        if (!out.has(org)) out.set(org, { ...NO_DUE_TIMES, channels });
      }
    }
    return out;
  }
}
