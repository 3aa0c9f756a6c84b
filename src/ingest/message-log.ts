// Message logs: one row per message (as social-media and chat tools export them), collapsed into one ticket per
// conversation once every file is read. A conversation is the messages sharing a conversation id, or a message
// and every reply to it through the in-reply-to column (a reply to a message not in the log starts one). Its
// ticket is created at its first inbound (customer) message, first replied to at the first outbound message
// after that, solved at the last outbound message after it; replies are the outbound messages after it. The
// organisation, channel and agent come from the conversation's first message, or its first outbound one (for
// logs where the organisation is the author of the answers, such as a support account's handle). Messages are
// ordered by time, then by the order they were read.

import type { TicketRow } from '../metrics/ticket-batch.js';
import type { LogTicket } from './event-log.js';

export class MessageLog {
  private readonly ids = new Map<string, number>();
  private readonly conversationIds = new Map<string, number>();
  private time: number[] = [];
  private local: number[] = [];
  private inbound: boolean[] = [];
  private rows: TicketRow[] = [];
  private hasOrg: boolean[] = [];
  private where: string[] = [];
  /** The message each replies to (its number), -1 for none or one not in the log (resolved at the end). */
  private parentId: string[] = [];
  private conversation: number[] = [];

  constructor(readonly attributesFrom: 'first' | 'first-outbound') {}

  get messages(): number {
    return this.time.length;
  }

  private nConversations = 0;
  get conversations(): number {
    return this.nConversations;
  }

  /** One message: its id, the message it answers or its conversation's id, time, direction and cells. */
  add(id: string, inReplyTo: string, conversationId: string, utcMs: number, localMs: number, isInbound: boolean, row: TicketRow, hasOrganization: boolean, where: string): void {
    const n = this.time.length;
    if (id !== '' && !this.ids.has(id)) this.ids.set(id, n);
    let conversation = -1;
    if (conversationId !== '') {
      conversation = this.conversationIds.get(conversationId) ?? this.conversationIds.size;
      this.conversationIds.set(conversationId, conversation);
    }
    this.conversation.push(conversation);
    this.parentId.push(inReplyTo);
    this.time.push(utcMs);
    this.local.push(localMs);
    this.inbound.push(isInbound);
    this.rows.push(row);
    this.hasOrg.push(hasOrganization);
    this.where.push(where);
  }

  /** Each message's conversation: its conversation id's, or the root of its reply chain. */
  private roots(): Int32Array {
    const n = this.time.length;
    const root = new Int32Array(n);
    if (this.conversationIds.size > 0) {
      // Messages without a conversation id are conversations of their own.
      let next = this.conversationIds.size;
      for (let i = 0; i < n; i++) root[i] = this.conversation[i]! !== -1 ? this.conversation[i]! : next++;
      return root;
    }
    const parent = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const p = this.parentId[i] === '' ? undefined : this.ids.get(this.parentId[i]!);
      parent[i] = p === undefined || p === i ? i : p;
    }
    // Follow each chain to its root (a cycle, which no real log has, ends where it closes), compressing paths;
    // `visit` marks the messages seen while following message i's chain.
    const visit = new Int32Array(n).fill(-1);
    const path: number[] = [];
    for (let i = 0; i < n; i++) {
      path.length = 0;
      let r = i;
      while (parent[r] !== r && visit[r] !== i) {
        visit[r] = i;
        path.push(r);
        r = parent[r]!;
      }
      for (const p of path) parent[p] = r;
      root[i] = r;
    }
    return root;
  }

  /** Each conversation as a ticket, in the order of their first message read. */
  *collapse(): Generator<LogTicket> {
    const n = this.time.length;
    const root = this.roots();
    const order = Array.from({ length: n }, (_, i) => i);
    // By conversation (numbered by its first message read), then time, then read order.
    const first = new Map<number, number>();
    for (let i = 0; i < n; i++) if (!first.has(root[i]!)) first.set(root[i]!, i);
    const key = Int32Array.from(root, (r) => first.get(r)!);
    const { time } = this;
    order.sort((a, b) => key[a]! - key[b]! || time[a]! - time[b]! || a - b);
    this.nConversations = first.size;
    for (let i = 0; i < n; ) {
      let j = i;
      while (j < n && key[order[j]!] === key[order[i]!]) j++;
      const messages = order.slice(i, j);
      i = j;
      const firstInbound = messages.findIndex((m) => this.inbound[m]);
      if (firstInbound === -1) {
        const where = this.where[messages[0]!]!;
        yield { row: this.rows[messages[0]!]!, hasOrganization: this.hasOrg[messages[0]!]!, where, rows: messages.length, rejected: { reason: 'conversation without an inbound message', where } };
        continue;
      }
      const opened = messages[firstInbound]!;
      const answers = messages.slice(firstInbound + 1).filter((m) => !this.inbound[m]);
      const firstOutbound = messages.find((m) => !this.inbound[m]);
      const from = this.attributesFrom === 'first' ? messages[0]! : firstOutbound;
      const source = from ?? messages[0]!;
      const row: TicketRow = { ...this.rows[source]! };
      row.createdUtcMs = this.time[opened]!;
      row.createdLocalMs = this.local[opened]!;
      row.firstReplyMinutes = answers.length === 0 ? NaN : (this.time[answers[0]!]! - row.createdUtcMs) / 60_000;
      const last = answers[answers.length - 1];
      row.solvedUtcMs = last === undefined ? NaN : this.time[last]!;
      row.solvedLocalMs = last === undefined ? NaN : this.local[last]!;
      row.resolutionMinutes = last === undefined ? NaN : (row.solvedUtcMs - row.createdUtcMs) / 60_000;
      row.replies = answers.length;
      // A conversation no one answered has no organisation where the answers' author is the organisation.
      const where = this.where[source]!;
      if (from === undefined) yield { row, hasOrganization: false, where, rows: messages.length, rejected: { reason: 'unanswered conversation: no answer to take its organisation from', where } };
      else yield { row, hasOrganization: this.hasOrg[from]!, where, rows: messages.length };
    }
  }
}
