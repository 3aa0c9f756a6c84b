// The worker's side of a report rendered by two threads (split.ts): it makes the organisations from the arrays
// it is given, as the calling thread made them, takes the next chunk not yet taken, renders it with the same
// function as the calling thread, and posts it encoded (JSON and NDJSON are written as bytes to begin with). It
// stays at most AHEAD chunks ahead of what the calling thread has written, and stops when told to or when the
// chunks run out.

import { peerBenchmark, peerBetterThan, peerCoverageGaps, peerStanding } from '../benchmark/peers.js';
import { MetricColumns } from '../metrics/metric-columns.js';
import { encodePieces } from '../output.js';
import { ClassifiedOrganization, type PeerContext } from './classified-organization.js';
import { rowTexts } from './fit-table.js';
import { csvOrganizationText } from './render-csv.js';
import { JsonBytes } from './json-bytes.js';
import { jsonOrganizationWriter, ndjsonOrganizationWriter, organizationJsonWriter, type OrganizationLineWriter } from './render-json.js';
import { organizationsFromColumns } from './organization-columns.js';
import { orgTableColumns } from './render-table.js';
import type { Report, ReportOrganization } from './report.js';
import { AHEAD, NEXT, POSTED, STOP, WRITTEN, type ChunkMessage, type SplitJob } from './split-job.js';

export function renderShare(job: SplitJob): void {
  const state = new Int32Array(job.state);
  try {
    renderChunks(job, state);
  } catch {
    // The calling thread makes the chunks this one has not posted.
    Atomics.store(state, STOP, 2);
    Atomics.notify(state, POSTED);
  } finally {
    job.port.close();
  }
}

/** Organisation j of the share, made as the calling thread made it: from its metric table and peer reference, or from its columns. */
function organizationsOf(job: SplitJob): (j: number) => ReportOrganization {
  if (job.organizations === 'plain') return organizationsFromColumns(job.ticketExport, job.names);
  const context: PeerContext = { reference: job.reference, membership: job.membership, benchmark: peerBenchmark, standing: peerStanding, coverageGaps: peerCoverageGaps, betterThan: peerBetterThan };
  if (job.ticketExport !== null) {
    // A ticket export's: its record's channels are the report's (the coverage gaps read their channel and tickets).
    const made = organizationsFromColumns(job.ticketExport, job.names);
    return (j) => {
      const label = job.labels[j]!;
      const { name, metrics, channels } = made(j);
      return new ClassifiedOrganization({ name, metrics, channels }, label, job.archetypes[label]!, channels, job.evidences[job.evidence[j]!]!, context);
    };
  }
  const table = MetricColumns.of(job.size, job.columns);
  return (j) => {
    const label = job.labels[j]!;
    const record = { name: job.names[j]!, metrics: table.view(job.rows[j]!), channels: [] };
    return new ClassifiedOrganization(record, label, job.archetypes[label]!, [], job.evidences[job.evidence[j]!]!, context);
  };
}

function renderChunks(job: SplitJob, state: Int32Array): void {
  const n = job.names.length;
  const nChunks = Math.ceil(n / job.chunk);
  const organizationAt = organizationsOf(job);
  // What the renderers read of the report beyond its organisations (render-csv.ts, render-json.ts): what is unmeasured.
  const report = { unmeasured: job.unmeasured, organizations: [] } as unknown as Report;
  // JSON and NDJSON are written straight into bytes; the table and CSV as texts, encoded.
  let text: ((o: ReportOrganization, j: number) => string) | null = null;
  let write: OrganizationLineWriter | null = null;
  // Each chunk a buffer of its own: it is transferred.
  let out: JsonBytes | null = null;
  // For the table: the organisations of the chunk being made, at their rows (its cells read them by row).
  let rows: ReportOrganization[] | null = null;
  if (job.format === 'table') {
    const { which, layout, tables } = job.table!;
    rows = new Array<ReportOrganization>(n);
    const rowText = rowTexts(orgTableColumns(which, rows, tables), layout);
    text = (_, j) => rowText(j);
  } else if (job.format === 'csv') {
    // A split report has no service levels (splitPlan), so no service-level columns.
    text = csvOrganizationText(report, false);
  } else {
    const organization = organizationJsonWriter(report, job.ticketExport?.channelKeys ?? []);
    write = job.format === 'json' ? jsonOrganizationWriter(organization, n) : ndjsonOrganizationWriter(organization);
    out = new JsonBytes();
  }
  for (;;) {
    // Never more than AHEAD chunks beyond those written: wait for the calling thread to write.
    for (;;) {
      if (Atomics.load(state, STOP) !== 0) return;
      const written = Atomics.load(state, WRITTEN);
      if (Atomics.load(state, NEXT) - written < AHEAD) break;
      Atomics.wait(state, WRITTEN, written, 100);
    }
    const c = Atomics.add(state, NEXT, 1);
    if (c >= nChunks) return;
    if (c === job.failAt) throw new Error(`failing at chunk ${c}, as asked`);
    const pieces: string[] = [];
    const to = Math.min(n, (c + 1) * job.chunk);
    for (let j = c * job.chunk; j < to; j++) {
      const organization = organizationAt(j);
      if (write !== null) {
        write(organization, j, out!);
        continue;
      }
      if (rows !== null) rows[j] = organization;
      pieces.push(text!(organization, j));
      if (rows !== null) delete rows[j];
    }
    const bytes = out !== null ? out.take() : encodePieces(pieces);
    const message: ChunkMessage = { chunk: c, bytes };
    job.port.postMessage(message, [bytes.buffer as ArrayBuffer]);
    Atomics.add(state, POSTED, 1);
    Atomics.notify(state, POSTED);
  }
}
