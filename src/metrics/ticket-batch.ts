// The ticket batch: the one contract between the readers and the metrics. Readers fill its typed columns (the
// batch decoder a column at a time from the bytes, the row decoder one row at a time from the strings) and mark
// in `slow` the rows that are not to be counted; TicketAccumulator.addBatch (or, on the fast path, the kernel's
// fold of the same layout) consumes it. Its columns are laid out as metrics/layout.ts says.

import {
  BATCH_ROWS,
  F64_CREATED_LOCAL,
  F64_CREATED_UTC,
  F64_FIRST_REPLY,
  F64_REOPENS,
  F64_REPLIES,
  F64_RESOLUTION,
  F64_SOLVED_LOCAL,
  F64_SOLVED_UTC,
  I32_ASSIGNEE,
  I32_CHANNEL,
  I32_ORG,
  I32_RATING,
  I32_REQUESTER,
  N_F64_COLUMNS,
  N_I32_COLUMNS,
} from './layout.js';

/** One row held outside a batch (an event log's latest row of a ticket, until every file is read). */
export interface TicketRow {
  createdUtcMs: number;
  createdLocalMs: number;
  solvedUtcMs: number;
  solvedLocalMs: number;
  resolutionMinutes: number;
  firstReplyMinutes: number;
  replies: number;
  reopens: number;
  rating: number;
  assigneeId: number;
  channelIndex: number;
  orgId: number;
  requesterId: number;
}

export class TicketBatch {
  /** Timestamps in ms: UTC, and as the local wall clock (for coverage hours); NaN where the ticket has none. */
  readonly createdUtc: Float64Array;
  readonly createdLocal: Float64Array;
  readonly solvedUtc: Float64Array;
  readonly solvedLocal: Float64Array;
  /** Minutes from creation to the latest solve; NaN while the ticket is open. */
  readonly resolution: Float64Array;
  /** Minutes to the first agent reply; NaN where unknown. */
  readonly firstReply: Float64Array;
  /** Agent replies and reopens; NaN where unknown. */
  readonly replies: Float64Array;
  readonly reopens: Float64Array;
  /** layout.ts RATED_*. */
  readonly rating: Int32Array;
  /** The accumulator's numbers for the agent and the organisation (-1: none), and the channel's index in CHANNELS. */
  readonly assignee: Int32Array;
  readonly channel: Int32Array;
  readonly org: Int32Array;
  /** The accumulator's number for the requester (-1: none), for repeat contacts. */
  readonly requester: Int32Array;
  /** 1 where row r is not to be counted (a row for the row decoder not yet decoded, or one it rejected). */
  readonly slow: Uint8Array;

  constructor(f64: readonly Float64Array[], i32: readonly Int32Array[], slow: Uint8Array) {
    if (f64.length !== N_F64_COLUMNS || i32.length !== N_I32_COLUMNS) throw new Error('internal: a ticket batch has the layout\'s columns');
    this.createdUtc = f64[F64_CREATED_UTC]!;
    this.createdLocal = f64[F64_CREATED_LOCAL]!;
    this.solvedUtc = f64[F64_SOLVED_UTC]!;
    this.solvedLocal = f64[F64_SOLVED_LOCAL]!;
    this.resolution = f64[F64_RESOLUTION]!;
    this.firstReply = f64[F64_FIRST_REPLY]!;
    this.replies = f64[F64_REPLIES]!;
    this.reopens = f64[F64_REOPENS]!;
    this.rating = i32[I32_RATING]!;
    this.assignee = i32[I32_ASSIGNEE]!;
    this.channel = i32[I32_CHANNEL]!;
    this.org = i32[I32_ORG]!;
    this.requester = i32[I32_REQUESTER]!;
    this.slow = slow;
  }

  /** A batch in memory of its own. */
  static create(rows = BATCH_ROWS): TicketBatch {
    return new TicketBatch(
      Array.from({ length: N_F64_COLUMNS }, () => new Float64Array(rows)),
      Array.from({ length: N_I32_COLUMNS }, () => new Int32Array(rows)),
      new Uint8Array(rows),
    );
  }

  get capacity(): number {
    return this.slow.length;
  }

  /** Row r as a row of its own. */
  row(r: number): TicketRow {
    return {
      createdUtcMs: this.createdUtc[r]!,
      createdLocalMs: this.createdLocal[r]!,
      solvedUtcMs: this.solvedUtc[r]!,
      solvedLocalMs: this.solvedLocal[r]!,
      resolutionMinutes: this.resolution[r]!,
      firstReplyMinutes: this.firstReply[r]!,
      replies: this.replies[r]!,
      reopens: this.reopens[r]!,
      rating: this.rating[r]!,
      assigneeId: this.assignee[r]!,
      channelIndex: this.channel[r]!,
      orgId: this.org[r]!,
      requesterId: this.requester[r]!,
    };
  }

  /** Puts a row at r, to be counted. */
  /** Copies row `from` of `source` into row r, to be counted. */
  copyRow(r: number, source: TicketBatch, from: number): void {
    this.createdUtc[r] = source.createdUtc[from]!;
    this.createdLocal[r] = source.createdLocal[from]!;
    this.solvedUtc[r] = source.solvedUtc[from]!;
    this.solvedLocal[r] = source.solvedLocal[from]!;
    this.resolution[r] = source.resolution[from]!;
    this.firstReply[r] = source.firstReply[from]!;
    this.replies[r] = source.replies[from]!;
    this.reopens[r] = source.reopens[from]!;
    this.rating[r] = source.rating[from]!;
    this.assignee[r] = source.assignee[from]!;
    this.channel[r] = source.channel[from]!;
    this.org[r] = source.org[from]!;
    this.requester[r] = source.requester[from]!;
    this.slow[r] = 0;
  }

  /** A batch of `rows` rows holding this one's rows (for stores that grow). */
  grown(rows: number): TicketBatch {
    const bigger = TicketBatch.create(rows);
    for (const [to, from] of [
      [bigger.createdUtc, this.createdUtc],
      [bigger.createdLocal, this.createdLocal],
      [bigger.solvedUtc, this.solvedUtc],
      [bigger.solvedLocal, this.solvedLocal],
      [bigger.resolution, this.resolution],
      [bigger.firstReply, this.firstReply],
      [bigger.replies, this.replies],
      [bigger.reopens, this.reopens],
    ] as const) to.set(from);
    for (const [to, from] of [
      [bigger.rating, this.rating],
      [bigger.assignee, this.assignee],
      [bigger.channel, this.channel],
      [bigger.org, this.org],
      [bigger.requester, this.requester],
    ] as const) to.set(from);
    bigger.slow.set(this.slow);
    return bigger;
  }

  setRow(r: number, t: TicketRow): void {
    this.createdUtc[r] = t.createdUtcMs;
    this.createdLocal[r] = t.createdLocalMs;
    this.solvedUtc[r] = t.solvedUtcMs;
    this.solvedLocal[r] = t.solvedLocalMs;
    this.resolution[r] = t.resolutionMinutes;
    this.firstReply[r] = t.firstReplyMinutes;
    this.replies[r] = t.replies;
    this.reopens[r] = t.reopens;
    this.rating[r] = t.rating;
    this.assignee[r] = t.assigneeId;
    this.channel[r] = t.channelIndex;
    this.org[r] = t.orgId;
    this.requester[r] = t.requesterId;
    this.slow[r] = 0;
  }
}
