// A direct, slow evaluation of the metric definitions (src/metrics/definitions.ts) over a list of tickets: the
// reference the streaming aggregator is checked against. Plain arrays, sorts and sets; nothing shared with
// the CLI's accumulators.

import type { Aggregate, Condition, DefinedTicket, Formula } from '../../src/metrics/definitions.js';

export interface Period {
  days: number;
  /** First and last creation time (ms). */
  fromMs: number;
  toMs: number;
}

function value(t: DefinedTicket, field: 'firstReplyMinutes' | 'resolutionMinutes' | 'replies' | 'reopens'): number | null {
  return t[field];
}

function holds(c: Condition, t: DefinedTicket): boolean {
  switch (c.is) {
    case 'solved':
      return t.resolutionMinutes !== null;
    case 'present':
      return value(t, c.field) !== null;
    case 'atMost':
      return value(t, c.field) !== null && value(t, c.field)! <= c.value;
    case 'above':
      return value(t, c.field) !== null && value(t, c.field)! > c.value;
    case 'rating':
      return t.rating === c.value;
    case 'all':
      return c.of.every((x) => holds(x, t));
  }
}

/** Type-7 quantile of unsorted values (R's default), null when there are none. */
function quantile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * (sorted[Math.ceil(h)]! - sorted[lo]!);
}

function aggregate(a: Aggregate, tickets: readonly DefinedTicket[], period: Period): number | null {
  switch (a.op) {
    case 'count':
      return tickets.filter((t) => a.where === undefined || holds(a.where, t)).length;
    case 'sum': {
      const values = tickets.filter((t) => a.where === undefined || holds(a.where, t)).map((t) => value(t, a.field)).filter((v): v is number => v !== null);
      return values.reduce((s, v) => s + v, 0);
    }
    case 'distinctAssignees':
      return new Set(tickets.map((t) => t.assignee).filter((x) => x !== null)).size;
    case 'quantile':
      return quantile(tickets.map((t) => t[a.field]).filter((v): v is number => v !== null), a.p);
    case 'coverageHours': {
      // Distinct clock hours with a first reply, then per hour of the week how many of them there are (the weeks
      // active) against how often that hour occurs in the period, hour by hour.
      const hours = new Set<number>();
      for (const t of tickets) if (t.firstReplyMinutes !== null) hours.add(Math.floor((t.createdMs + t.firstReplyMinutes * 60_000) / 3_600_000));
      if (hours.size === 0) return null;
      const slotOf = (h: number): string => `${(((Math.floor(h / 24) + 4) % 7) + 7) % 7}:${((h % 24) + 24) % 24}`;
      const active = new Map<string, number>();
      for (const h of hours) active.set(slotOf(h), (active.get(slotOf(h)) ?? 0) + 1);
      const occurs = new Map<string, number>();
      for (let h = Math.floor(period.fromMs / 3_600_000); h <= Math.floor(period.toMs / 3_600_000); h++) occurs.set(slotOf(h), (occurs.get(slotOf(h)) ?? 0) + 1);
      let n = 0;
      for (const [slot, weeks] of active) {
        const isWeekend = slot.startsWith('0:') || slot.startsWith('6:');
        if (isWeekend === (a.part === 'weekend') && weeks >= Math.max(1, Math.ceil((occurs.get(slot) ?? 0) / 2))) n++;
      }
      return n;
    }
  }
}

export function evaluate(f: Formula, tickets: readonly DefinedTicket[], period: Period, organization: readonly DefinedTicket[] = tickets): number | null {
  const at = (g: Formula): number | null => evaluate(g, tickets, period, organization);
  if ('agg' in f) return aggregate(f.agg, tickets, period);
  if ('ratio' in f) {
    const [n, d] = [at(f.ratio[0]), at(f.ratio[1])];
    return n === null || d === null || d === 0 ? null : n / d;
  }
  if ('times' in f) {
    const v = at(f.times[0]);
    return v === null ? null : v * f.times[1];
  }
  if ('perMonth' in f) {
    const v = at(f.perMonth);
    return v === null ? null : v / (period.days / 30.4375);
  }
  if ('perWeek' in f) {
    const v = at(f.perWeek);
    return v === null ? null : v / Math.max(period.days / 7, 1);
  }
  if ('plus' in f) {
    const [a, b] = [at(f.plus[0]), at(f.plus[1])];
    return a === null || b === null ? null : a + b;
  }
  if ('minus' in f) {
    const [a, b] = [at(f.minus[0]), at(f.minus[1])];
    return a === null || b === null ? null : a - b;
  }
  if ('nullIfZero' in f) {
    const v = at(f.nullIfZero);
    return v === 0 ? null : v;
  }
  const own = at(f.shareOfOrganization);
  const total = evaluate(f.shareOfOrganization, organization, period);
  return own === null || total === null || total === 0 ? null : own / total;
}
