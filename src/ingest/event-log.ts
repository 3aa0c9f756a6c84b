// Event logs: one row per change of a case (a status change, a reassignment), collapsed into one ticket per
// case once every file is read. Created is the case's first event (or its created_at cell, where the mapping
// names one); solved is the first (or last) event whose status is a solved one, when the case's latest event
// is solved; a reopen is a non-solved status after a solved one; organisation, channel, agent and the other
// cells come from the case's first or last event. Events are ordered by time, then by the mapping's sequence
// column where it names one, then by the order they were read (files in the order given, rows in file order),
// so ties keep the log's own order.

import type { TicketRow } from '../metrics/ticket-batch.js';

/** How a mapping's `events` reads a log. */
export interface EventLogOptions {
  /** Statuses that mean solved (trimmed, compared without regard to case). */
  solved: readonly string[];
  /** Which solved event gives the solve time: the first (default) or the last. */
  solvedAt: 'first' | 'last';
  /** Which event gives the organisation, channel, agent and the other cells: the last (default) or the first. */
  attributesFrom: 'first' | 'last';
  /** A column numbering a case's events (an update counter): events at the same time are ordered by it, then as read. */
  sequence?: string;
}

/** A ticket made from the rows of a log (a case's events, a conversation's messages), or why they are rejected. */
export interface LogTicket {
  row: TicketRow;
  hasOrganization: boolean;
  /** FILE:LINE of the row the ticket's cells come from. */
  where: string;
  /** The rows it was made from (used or rejected together). */
  rows: number;
  /** Why its rows are rejected (and FILE:LINE of the row at fault), before any other check. */
  rejected?: { reason: string; where: string };
}

/** A case's ticket; when the solve precedes the creation, the case id and where its first event is. */
export interface CaseTicket extends LogTicket {
  solvedBeforeCreated?: { id: string; createdWhere: string };
}

interface Case {
  id: string;
  /** The event rows giving the first and last event's cells. */
  first: TicketRow;
  firstWhere: string;
  firstHasOrg: boolean;
  firstTime: number;
  firstOrder: number;
  last: TicketRow;
  lastWhere: string;
  lastHasOrg: boolean;
  lastTime: number;
  lastOrder: number;
}

/** Events of every case (growable columns), and each case's first and last event. */
export class EventLog {
  private readonly caseOf = new Map<string, number>();
  private readonly cases: Case[] = [];
  private evCase: number[] = [];
  private evTime: number[] = [];
  /** The sequence column's value (Infinity where empty: after numbered events, as SQL sorts NULLs last). */
  private evSeq: number[] = [];
  private evLocal: number[] = [];
  private evSolved: boolean[] = [];
  private evWhere: string[] = [];
  private readonly solvedStatuses: Set<string>;

  constructor(readonly options: EventLogOptions) {
    this.solvedStatuses = new Set(options.solved.map((s) => s.trim().toLowerCase()));
  }

  get events(): number {
    return this.evCase.length;
  }

  get tickets(): number {
    return this.cases.length;
  }

  isSolvedStatus(status: string): boolean {
    return this.solvedStatuses.has(status.trim().toLowerCase());
  }

  /** One event: its case id, time (UTC and local wall clock), status, and the row's cells as a ticket row. */
  add(id: string, utcMs: number, localMs: number, status: string, sequence: number, row: TicketRow, hasOrganization: boolean, where: string): void {
    const seq = this.evCase.length;
    const order = Number.isNaN(sequence) ? Infinity : sequence;
    let c = this.caseOf.get(id);
    if (c === undefined) {
      c = this.cases.length;
      this.caseOf.set(id, c);
      this.cases.push({ id, first: row, firstWhere: where, firstHasOrg: hasOrganization, firstTime: utcMs, firstOrder: order, last: row, lastWhere: where, lastHasOrg: hasOrganization, lastTime: utcMs, lastOrder: order });
    } else {
      const k = this.cases[c]!;
      // Earlier in (time, sequence), ties staying with the one read first.
      if (utcMs < k.firstTime || (utcMs === k.firstTime && order < k.firstOrder)) {
        k.first = row;
        k.firstWhere = where;
        k.firstHasOrg = hasOrganization;
        k.firstTime = utcMs;
        k.firstOrder = order;
      }
      // Later in (time, sequence), or a tie read later, is the last.
      if (utcMs > k.lastTime || (utcMs === k.lastTime && order >= k.lastOrder)) {
        k.last = row;
        k.lastWhere = where;
        k.lastHasOrg = hasOrganization;
        k.lastTime = utcMs;
        k.lastOrder = order;
      }
    }
    this.evCase.push(c);
    this.evTime.push(utcMs);
    this.evSeq.push(order);
    this.evLocal.push(localMs);
    this.evSolved.push(this.isSolvedStatus(status));
    this.evWhere.push(where);
  }

  /** Each case as a ticket, in the order cases were first seen. */
  *collapse(): Generator<CaseTicket> {
    const n = this.evCase.length;
    const order = Array.from({ length: n }, (_, i) => i);
    const { evCase, evTime, evSeq } = this;
    order.sort((a, b) => evCase[a]! - evCase[b]! || evTime[a]! - evTime[b]! || (evSeq[a] === evSeq[b] ? a - b : evSeq[a]! < evSeq[b]! ? -1 : 1));
    const { solvedAt, attributesFrom } = this.options;
    for (let i = 0; i < n; ) {
      const c = evCase[order[i]!]!;
      let solvedEvent = -1;
      let reopens = 0;
      let wasSolved = false;
      let isSolved = false;
      let j = i;
      for (; j < n && evCase[order[j]!] === c; j++) {
        const e = order[j]!;
        isSolved = this.evSolved[e]!;
        if (isSolved && (solvedEvent === -1 || solvedAt === 'last')) solvedEvent = e;
        if (wasSolved && !isSolved) reopens++;
        wasSolved = isSolved;
      }
      const events = j - i;
      i = j;
      const k = this.cases[c]!;
      const from = attributesFrom === 'first' ? k.first : k.last;
      const row: TicketRow = { ...from };
      // Created: the first event's created_at cell, or its time.
      row.createdUtcMs = k.first.createdUtcMs;
      row.createdLocalMs = k.first.createdLocalMs;
      // Solved only when the latest event is (a case reopened and not solved again is open).
      if (isSolved && solvedEvent !== -1) {
        row.solvedUtcMs = evTime[solvedEvent]!;
        row.solvedLocalMs = this.evLocal[solvedEvent]!;
        row.resolutionMinutes = (row.solvedUtcMs - row.createdUtcMs) / 60_000;
      } else {
        row.solvedUtcMs = NaN;
        row.solvedLocalMs = NaN;
        row.resolutionMinutes = NaN;
      }
      // The reopens column where the mapping names one (the chosen event's), else the status changes counted.
      if (Number.isNaN(row.reopens)) row.reopens = reopens;
      const ticket: CaseTicket = {
        row,
        hasOrganization: attributesFrom === 'first' ? k.firstHasOrg : k.lastHasOrg,
        where: attributesFrom === 'first' ? k.firstWhere : k.lastWhere,
        rows: events,
      };
      if (row.resolutionMinutes < 0) {
        ticket.rejected = { reason: 'solved before created', where: this.evWhere[solvedEvent]! };
        ticket.solvedBeforeCreated = { id: k.id, createdWhere: k.firstWhere };
      }
      yield ticket;
    }
  }
}
