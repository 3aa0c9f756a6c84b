// What a thread rendering a share of a report is given (split.ts sends it, split-worker.ts renders from it), and
// the state both threads keep in shared memory while they take the report's chunks in turn.

import type { Archetype, Evidence } from '../archetypes/fold.js';
import type { PeerReference } from '../benchmark/peers.js';
import type { MetricColumn } from '../metrics/metric-columns.js';
import type { MessagePort } from 'node:worker_threads';
import type { TableLayout } from './fit-table.js';
import type { OrgTable, OrgTablesContext } from './render-table.js';
import type { OrganizationColumns } from './organization-columns.js';
import type { Report } from './report.js';

/**
 * The formats a report is rendered in by two threads: those that write every organisation at length, and the
 * terminal table's tables with a row per organisation (each drawn to the layout this thread fitted).
 */
export type SplitFormat = 'csv' | 'json' | 'ndjson' | 'table';

/** For the table format: which table, fitted how, and what its columns depend on. */
export interface SplitTable {
  which: OrgTable;
  layout: TableLayout;
  tables: OrgTablesContext;
}

/**
 * Organisations per chunk: each thread takes the next chunk not yet taken (BENCHMARK_SPLIT_CHUNK in tests).
 * Measured at 500,000 organisations (whole process, CSV / JSON): 256 5.84 / 7.29 s, 512 6.01 / 7.17 s, 1,024
 * 6.02 / 7.68 s, 4,096 8.8 s (JSON); below 256 slower again.
 */
export const CHUNK = Number(process.env.BENCHMARK_SPLIT_CHUNK ?? 256);
/** Chunks the other thread may have taken beyond those written: what it holds in memory at most (a JSON chunk of 256 is ~0.35 MB). 8 against 4: JSON at 500,000 7.07 against 7.29 s. */
export const AHEAD = 8;

/** Int32 slots of the shared state. */
export const NEXT = 0; // the next chunk to take
export const WRITTEN = 1; // chunks written by the calling thread, in order
export const POSTED = 2; // chunks the other thread has posted
export const STOP = 3; // set by either thread: the other thread takes no more (1: the calling thread stopped, 2: the other thread failed)
export const STATE_SLOTS = 4;

/** What either kind of share is given. */
interface SplitJobBase {
  kind: 'render';
  format: SplitFormat;
  /** The table drawn, for the table format (else null). */
  table: SplitTable | null;
  /** Organisations per chunk (CHUNK as the calling thread read it). */
  chunk: number;
  /** For tests: the chunk at which the worker fails as if it had thrown (BENCHMARK_SPLIT_FAIL_AT), or -1. */
  failAt: number;
  unmeasured: Report['unmeasured'];
  names: string[];
  /** Int32Array[STATE_SLOTS]. */
  state: SharedArrayBuffer;
  /** Where each chunk the worker renders is posted: { chunk, bytes } with the bytes transferred. */
  port: MessagePort;
}

/** Classified organisations (of an organisation table or a ticket export): the worker works their peer standings out itself. */
export interface ClassifiedSplitJob extends SplitJobBase {
  organizations: 'classified';
  /** Per organisation: its row in `columns`, its cluster (0-based), its evidence (an index into `evidences`). */
  rows: Int32Array;
  labels: Int32Array;
  evidence: Int32Array;
  evidences: Evidence[];
  /** Per cluster. */
  archetypes: Archetype[];
  /** The organisations' metric table (metric-columns.ts), column by column. */
  size: number;
  columns: MetricColumn[];
  reference: PeerReference;
  membership: 'member' | 'recognise';
  /**
   * A ticket export's organisations as columns (organization-columns.ts), with their channels (then `columns` is
   * their metric table, row j organisation j's); null for an organisation table's.
   */
  ticketExport: OrganizationColumns | null;
}

/** A ticket export's organisations without clusters, with their channels (a `metrics` report), as columns. */
export interface PlainSplitJob extends SplitJobBase {
  organizations: 'plain';
  ticketExport: OrganizationColumns;
}

export type SplitJob = ClassifiedSplitJob | PlainSplitJob;

export interface ChunkMessage {
  chunk: number;
  bytes: Uint8Array;
}
