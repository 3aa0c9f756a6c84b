// The layout both sides of ingest share: the columns of a ticket batch and the per-organisation counters.
// This file is compiled twice, into the TypeScript side (metrics/ticket-batch.ts, metrics/accumulator.ts) and
// into the WebAssembly kernel (wasm/kernel.ts imports it), so the two cannot part: it must stay plain integer
// constants that AssemblyScript reads as i32.

/** Rows per batch: enough for the column loops to run long, small enough for the columns to stay in cache. */
export const BATCH_ROWS = 2048;

/** The batch's number columns (f64 × BATCH_ROWS each, in this order). */
export const F64_CREATED_UTC = 0;
export const F64_CREATED_LOCAL = 1;
export const F64_SOLVED_UTC = 2;
export const F64_SOLVED_LOCAL = 3;
/** Minutes from creation to the latest solve; NaN while open. */
export const F64_RESOLUTION = 4;
export const F64_FIRST_REPLY = 5;
export const F64_REPLIES = 6;
export const F64_REOPENS = 7;
export const N_F64_COLUMNS = 8;

/** The batch's interned columns (i32 × BATCH_ROWS each, in this order). */
export const I32_RATING = 0;
/** The agent's number; -1 without one. */
export const I32_ASSIGNEE = 1;
export const I32_CHANNEL = 2;
/** The organisation's number; -1 without one. */
export const I32_ORG = 3;
/** The requester's number (for repeat contacts); -1 without one. */
export const I32_REQUESTER = 4;
export const N_I32_COLUMNS = 5;

/** Ratings in I32_RATING. */
export const RATED_UNRATED = 0;
export const RATED_GOOD = 1;
export const RATED_BAD = 2;

/** Canonical channels (ingest/channels.ts CHANNELS has their names, in this number). */
export const N_CHANNELS = 12;

/** Per-organisation counters: C_* at the organisation's base, then four per channel from CHANNEL_COUNTERS. */
export const C_TICKETS = 0;
export const C_SOLVED = 1;
export const C_OPEN = 2;
export const C_SOLVED_WITH_REOPENS = 3;
export const C_REOPENED = 4;
export const C_SOLVED_WITH_REPLIES = 5;
export const C_ONE_TOUCH = 6;
export const C_REPLIES_SUM = 7;
export const C_WITH_REPLIES = 8;
export const C_GOOD = 9;
export const C_BAD = 10;
/** Distinct agents seen on the organisation's tickets (counted from pairs, not by the fold). */
export const C_AGENTS = 11;
export const CHANNEL_COUNTERS = 12;
/** A channel's counters, from CHANNEL_COUNTERS + channel × CHANNEL_STRIDE. */
export const CC_TICKETS = 0;
export const CC_SOLVED = 1;
export const CC_GOOD = 2;
export const CC_BAD = 3;
export const CHANNEL_STRIDE = 4;
export const ORG_STRIDE = CHANNEL_COUNTERS + N_CHANNELS * CHANNEL_STRIDE;

/** Agents per organisation in the kernel's cache of pairs already handed over. */
export const AGENT_WAYS = 8;
/** Activity hours kept: within ±2³⁰ hours of 1970 (a bad duration far beyond any real one is no clock hour). */
export const HOUR_LIMIT = 1073741824;
