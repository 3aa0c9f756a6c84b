// A large report rendered by two threads. The organisations are cut into chunks; this thread and a worker each
// take the next chunk not yet taken, and this thread writes them in order: its own as it makes them, the
// worker's as the worker posts them (encoded, so they are copied once). Each organisation's text is made by
// the same function on both threads from the same figures, so the report is byte for byte the one a single
// thread writes. Used for organisation tables (what reaches hundreds of thousands of organisations): their
// organisations have no channels and their metrics are columns, so the worker is given a few arrays, not
// objects, and works the peer standings out itself. A ticket export's organisations (with channels; plain in a
// `metrics` report, classified in a `classify` report) are sent as columns too (organization-columns.ts). Anything the
// worker cannot do (it fails, or it is slow to start) this thread does: the report never waits on it for good.

import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Archetype, Evidence } from '../archetypes/fold.js';
import { peerBenchmark, peerBetterThan, peerCoverageGaps, peerStanding } from '../benchmark/peers.js';
import { lendWorker } from '../cluster/pool.js';
import { MetricColumns, placeOf } from '../metrics/metric-columns.js';
import { canUseWorkers, threadCount } from '../threads.js';
import { ClassifiedOrganization, type PeerContext } from './classified-organization.js';
import { JsonBytes, SLAB_BYTES } from './json-bytes.js';
import type { OrganizationLineWriter } from './render-json.js';
import type { RenderOptions, Report, ReportOrganization } from './report.js';
import { organizationColumns, type OrganizationColumns } from './organization-columns.js';
import { AHEAD, CHUNK, NEXT, POSTED, STATE_SLOTS, STOP, WRITTEN, type ChunkMessage, type ClassifiedSplitJob, type PlainSplitJob, type SplitFormat, type SplitTable } from './split-job.js';

/** Reports with fewer organisations are rendered on one thread (a worker's share would not repay sending it). */
export const SPLIT_MIN = Number(process.env.BENCHMARK_SPLIT_MIN ?? 20_000);
/**
 * The terminal table's rows are drawn on two threads from this many organisations: below, posting the job and
 * the worker's first chunks cost more than they save (measured, whole process: 45,000 organisations 1.44 → 1.62 s
 * split, 100,000 2.44 → 2.57 s, 250,000 5.25 → 4.85 s, 500,000 10.5 → 9.6 s).
 */
export const TABLE_SPLIT_MIN = Number(process.env.BENCHMARK_SPLIT_MIN ?? 150_000);
/**
 * For tests, which cannot count on the worker taking a chunk before this thread has made them all (that is a
 * race): BENCHMARK_SPLIT_WORKER_ONLY=1 leaves every chunk to the worker, BENCHMARK_SPLIT_FAIL_AT=c makes it
 * fail at chunk c.
 */
const WORKER_ONLY = process.env.BENCHMARK_SPLIT_WORKER_ONLY === '1';
const FAIL_AT = Number(process.env.BENCHMARK_SPLIT_FAIL_AT ?? -1);
/** How long this thread waits for one of the worker's chunks before it makes the chunk itself (the worker stops). */
const PATIENCE_MS = 30_000;

export interface Split {
  /** The organisations' text in order, chunk by chunk: `text(o, j)` is organisation j's, on either thread. */
  pieces(text: (o: ReportOrganization, j: number) => string): Generator<string | Uint8Array>;
  /** The same written as bytes: `write(o, j, out)` writes organisation j's into `out`; each chunk is one piece. */
  written(write: OrganizationLineWriter): Generator<string | Uint8Array>;
}

/**
 * Chunk c of `organizations` (CHUNK of them) written by `write` into `out`, taken as one piece: what either
 * thread makes of a chunk of a JSON or NDJSON report, and what one thread makes of every chunk.
 */
export function writtenChunk(organizations: readonly ReportOrganization[], c: number, write: OrganizationLineWriter, out: JsonBytes): Uint8Array {
  const to = Math.min(organizations.length, (c + 1) * CHUNK);
  for (let j = c * CHUNK; j < to; j++) write(organizations[j]!, j, out);
  return out.take();
}

/** The split of `organizations` given to the worker as `job`: this thread's chunks made as texts (pieces) or written as bytes (written). */
function splitOf(organizations: readonly ReportOrganization[], job: Omit<ClassifiedSplitJob, 'state' | 'port'> | Omit<PlainSplitJob, 'state' | 'port'>): Split {
  const n = organizations.length;
  return {
    pieces: (text) =>
      renderInTurns(n, job, function* (c) {
        const to = Math.min(n, (c + 1) * CHUNK);
        for (let j = c * CHUNK; j < to; j++) yield text(organizations[j]!, j);
      }),
    written: (write) => {
      const out = new JsonBytes(SLAB_BYTES, true);
      return renderInTurns(n, job, function* (c) {
        yield writtenChunk(organizations, c, write, out);
      });
    },
  };
}

/**
 * How `report` is rendered on two threads in `format`, or null where it is rendered on one: fewer than
 * SPLIT_MIN organisations (TABLE_SPLIT_MIN for the table), one thread allowed, or organisations the worker cannot
 * make from columns (any with service levels, classified by more than one peer context or not with peers.ts, a
 * value organization-columns.ts cannot hold; for the table format, any not classified from one metric table, or with
 * channels). For the table format, `drawn` is the table (split-job.ts SplitTable): the rows are drawn to its
 * layout on either thread.
 */
export function splitPlan(report: Report, options: RenderOptions | undefined, format: SplitFormat, drawn: SplitTable | null = null): Split | null {
  const organizations = report.organizations;
  const n = organizations.length;
  if (!canUseWorkers || n < (format === 'table' ? TABLE_SPLIT_MIN : SPLIT_MIN) || threadCount(options?.threads ?? 1) < 2) return null;
  if (!(organizations[0] instanceof ClassifiedOrganization)) return format === 'table' ? null : plainPlan(report, format);
  const rows = new Int32Array(n);
  const labels = new Int32Array(n);
  const evidence = new Int32Array(n);
  const evidences: Evidence[] = [];
  const evidenceIndex = new Map<Evidence, number>();
  const archetypes: Archetype[] = [];
  let table: MetricColumns | undefined;
  let context: PeerContext | undefined;
  // Whether every organisation's metrics are a view of one metric table, and none has channels (an organisation
  // table): the worker is sent that table; otherwise (a ticket export) the organisations as columns.
  let isTable = true;
  for (let j = 0; j < n; j++) {
    const o = organizations[j]!;
    if (!(o instanceof ClassifiedOrganization) || o.sla !== undefined) return null;
    const parts = o.parts;
    if ((context ??= parts.context) !== parts.context) return null;
    const place = isTable ? placeOf(parts.record.metrics) : null;
    if (place === null || o.channels.length > 0 || parts.record.channels.length > 0 || (table !== undefined && place.table !== table)) isTable = false;
    else {
      table = place.table;
      rows[j] = place.index;
    }
    labels[j] = parts.label;
    if ((archetypes[parts.label] ??= o.archetype) !== o.archetype) return null;
    let e = evidenceIndex.get(o.evidence);
    if (e === undefined) {
      evidenceIndex.set(o.evidence, (e = evidences.length));
      evidences.push(o.evidence);
    }
    evidence[j] = e;
  }
  // The worker works the standings out with peers.ts itself: the context must be that.
  if (context!.benchmark !== peerBenchmark || context!.standing !== peerStanding || context!.coverageGaps !== peerCoverageGaps || context!.betterThan !== peerBetterThan) return null;
  let ticketExport: OrganizationColumns | null = null;
  if (!isTable) {
    // A ticket export's organisations (each with its channels), as columns; its metric table's rows are theirs.
    if (format === 'table' || (ticketExport = organizationColumns(report, 'classified')) === null) return null;
    table = MetricColumns.of(ticketExport.size, ticketExport.metrics);
    for (let j = 0; j < n; j++) rows[j] = j;
  }
  const names = organizations.map((o) => o.name);
  const job: Omit<ClassifiedSplitJob, 'state' | 'port'> = {
    kind: 'render',
    format,
    table: drawn,
    chunk: CHUNK,
    failAt: FAIL_AT,
    unmeasured: report.unmeasured,
    names,
    organizations: 'classified',
    rows,
    labels,
    evidence,
    evidences,
    archetypes,
    size: table!.size,
    columns: table!.columns,
    reference: context!.reference,
    membership: context!.membership,
    ticketExport,
  };
  return splitOf(organizations, job);
}

/**
 * The plan for organisations without clusters (a `metrics` report of a ticket export: each with its channels),
 * sent to the worker as columns (organization-columns.ts), or null where they cannot be.
 */
function plainPlan(report: Report, format: Exclude<SplitFormat, 'table'>): Split | null {
  const ticketExport = organizationColumns(report, 'plain');
  if (ticketExport === null) return null;
  const organizations = report.organizations;
  const job: Omit<PlainSplitJob, 'state' | 'port'> = {
    kind: 'render',
    format,
    table: null,
    chunk: CHUNK,
    failAt: FAIL_AT,
    unmeasured: report.unmeasured,
    names: organizations.map((o) => o.name),
    organizations: 'plain',
    ticketExport,
  };
  return splitOf(organizations, job);
}

/** The report's n organisations in order, chunk by chunk: this thread's made by `own(c)`, the worker's as it posts them. */
function* renderInTurns(n: number, job: Omit<ClassifiedSplitJob, 'state' | 'port'> | Omit<PlainSplitJob, 'state' | 'port'>, own: (c: number) => Generator<string | Uint8Array>): Generator<string | Uint8Array> {
  const nChunks = Math.ceil(n / CHUNK);
  const stateBuffer = new SharedArrayBuffer(STATE_SLOTS * 4);
  const state = new Int32Array(stateBuffer);
  const { port1, port2 } = new MessageChannel();
  let hasWorker = true;
  let waitingSince: number | undefined;
  let fromWorker = 0;
  try {
    lendWorker({ ...job, state: stateBuffer, port: port2 }, [port2]).catch(() => {
      // A worker that fails before it says so in the state: this thread stops waiting for it at its patience.
    });
  } catch {
    hasWorker = false;
  }
  // Chunks this thread made ahead while the worker's were not in yet, until their turn to be written: kept as
  // their pieces, never joined (a joined chunk is a string of ~0.35 MB to flatten before it is encoded, which
  // made encoding 7× slower: 1.2 s of 7.5 at 500,000 organisations in JSON).
  const held = new Map<number, (string | Uint8Array)[]>();
  try {
    for (let c = 0; c < nChunks; c++) {
      for (;;) {
        const made = held.get(c);
        if (made !== undefined) {
          held.delete(c);
          yield* made;
          break;
        }
        // A chunk not yet taken is this thread's; one taken already is the worker's (this thread makes its own as it takes them).
        if (!hasWorker || (!WORKER_ONLY && Atomics.compareExchange(state, NEXT, c, c + 1) === c)) {
          yield* own(c);
          break;
        }
        const got = receivedChunk(port1, state, c);
        if (got instanceof Uint8Array) {
          fromWorker++;
          yield got;
          break;
        }
        if (got === FAILED || performance.now() - (waitingSince ??= performance.now()) > PATIENCE_MS) {
          // The worker failed or stalled: this thread makes the rest.
          hasWorker = false;
          Atomics.store(state, STOP, 1);
          continue;
        }
        // The worker's chunk is not in yet: make the next one not taken meanwhile, if not too far ahead.
        const next = Atomics.load(state, NEXT);
        if (!WORKER_ONLY && next < nChunks && next - c <= AHEAD && Atomics.compareExchange(state, NEXT, next, next + 1) === next) {
          held.set(next, [...own(next)]);
          continue;
        }
        Atomics.wait(state, POSTED, Atomics.load(state, POSTED), 100);
      }
      waitingSince = undefined;
      Atomics.store(state, WRITTEN, c + 1);
      Atomics.notify(state, WRITTEN);
    }
  } finally {
    // Done, or the report abandoned (a failed write): the worker takes no more chunks.
    Atomics.store(state, STOP, 1);
    Atomics.notify(state, WRITTEN);
    port1.close();
    // As ingest/ranges.ts says how a large file was read, for the tests of the split.
    if (process.env.BENCHMARK_TRACE_SPLIT) process.stderr.write(`benchmark: trace: the report rendered in ${nChunks} chunks, ${fromWorker} by the worker\n`);
  }
}

const FAILED = 'failed';

/** The worker's chunk `c` if it has posted it, FAILED when it has failed, else null. */
function receivedChunk(port: MessagePort, state: Int32Array, c: number): Uint8Array | typeof FAILED | null {
  const received = receiveMessageOnPort(port);
  if (received !== undefined) {
    const message = received.message as ChunkMessage;
    // Chunks come in the order the worker took them, which is the order they are written in.
    return message.chunk === c ? message.bytes : FAILED;
  }
  return Atomics.load(state, STOP) === 2 ? FAILED : null;
}
