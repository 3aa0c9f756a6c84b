// The JSON report: the Report type, keys in the type's order, two-space indented except each organisation,
// which is one compact line (a report of 500,000 organisations is a third smaller and written about twice as
// fast, and still reads, greps and diffs an organisation to a line). Each organisation leaves out what the
// report's `unmeasured` lists, that no organisation of the input has: the metrics, their peer standings and
// the channel fields (for an organisation table without ticket counts, reopens or first-touch rates: twelve
// nulls and four empty standings, half of every line). Written a piece at a time, so that a report of any size
// is never one string; the organisations straight into bytes, a chunk at a time (json-bytes.ts), as
// JSON.stringify would write them.

import type { Evidence } from '../archetypes/fold.js';
import type { PeerBenchmark } from '../benchmark/peers.js';
import type { OrgMetrics } from '../metrics/org-metrics.js';
import { METRIC_KEYS } from '../metrics/registry.js';
import { JsonBytes, JsonPiece, SLAB_BYTES } from './json-bytes.js';
import type { RenderOptions, Report, ReportChannel, ReportOrganization } from './report.js';
import { splitPlan, writtenChunk } from './split.js';
import { CHUNK } from './split-job.js';

/** `value` as JSON.stringify(value, null, 2) writes it, each line after the first indented by `indent`. */
function indented(value: unknown, indent: string): string {
  // JSON text never holds a raw line break inside a string (it is escaped), so every \n is a line of layout.
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}

export function* renderJson(report: Report, options?: RenderOptions): Generator<string | Uint8Array> {
  const entries = Object.entries(report).filter(([, value]) => value !== undefined);
  yield '{\n';
  for (const [i, [key, value]] of entries.entries()) {
    const comma = i < entries.length - 1 ? ',' : '';
    if (key === 'organizations' && Array.isArray(value) && value.length > 0) {
      yield `  "organizations": [\n`;
      const write = jsonOrganizationWriter(organizationJsonWriter(report), value.length);
      const split = splitPlan(report, options, 'json');
      yield* split !== null ? split.written(write) : writtenInChunks(value as ReportOrganization[], write);
      yield `  ]${comma}\n`;
    } else {
      yield `  ${JSON.stringify(key)}: ${indented(value, '  ')}${comma}\n`;
    }
  }
  yield '}\n';
}

/** Organisations written on this thread alone, a chunk at a time, each chunk's bytes one piece (as split.ts writes them). */
function* writtenInChunks(organizations: readonly ReportOrganization[], write: OrganizationLineWriter): Generator<Uint8Array> {
  const out = new JsonBytes(SLAB_BYTES, true);
  for (let c = 0; c * CHUNK < organizations.length; c++) yield writtenChunk(organizations, c, write, out);
}

/** Writes organisation j's text in a report (its line, with what goes around it) into `out`. */
export type OrganizationLineWriter = (o: ReportOrganization, j: number, out: JsonBytes) => void;

const INDENT = new JsonPiece('    ');
const COMMA_LINE_END = new JsonPiece(',\n');

/**
 * Organisation j's text in the JSON report of n organisations: its indent, its line and what ends it. Written
 * alike by a thread rendering a share (split.ts).
 */
export function jsonOrganizationWriter(organization: OrganizationWriter, n: number): OrganizationLineWriter {
  return (o, j, out) => {
    out.raw(INDENT);
    organization(o, out);
    if (j < n - 1) out.raw(COMMA_LINE_END);
    else out.byte(0x0a);
  };
}

/** An organisation's line of the NDJSON report. */
export function ndjsonOrganizationWriter(organization: OrganizationWriter): OrganizationLineWriter {
  return (o, _j, out) => {
    organization(o, out);
    out.byte(0x0a);
  };
}

/**
 * The organisations alone, one JSON object a line, each as the JSON report writes it (`--format ndjson`): for
 * tools that read records a line at a time (DuckDB's read_json, pandas' read_json with lines=True, jq -c).
 */
export function* renderNdjson(report: Report, options?: RenderOptions): Generator<string | Uint8Array> {
  const write = ndjsonOrganizationWriter(organizationJsonWriter(report));
  const split = splitPlan(report, options, 'ndjson');
  yield* split !== null ? split.written(write) : writtenInChunks(report.organizations, write);
}

/** The keys of the report's first channel, in their order: those every channel is written with (less the unmeasured). */
function firstChannelKeys(report: Report): string[] {
  const first = report.organizations.find((o) => o.channels.length > 0)?.channels[0];
  return first === undefined ? [] : Object.keys(first);
}

/** Writes one organisation's JSON line (its text alone, no indent or line end) into `out`. */
export type OrganizationWriter = (o: ReportOrganization, out: JsonBytes) => void;

/**
 * A writer of an object's members `keys`, in their order, as JSON.stringify writes a copy with only those: a
 * member whose value is undefined is left out. Made as a function written for those keys (one shape, no loop
 * over names).
 */
function membersWriter<T>(keys: readonly string[]): (source: T, out: JsonBytes) => void {
  // Each member's key with its quotes and colon, and with the comma before it for all but a first.
  const first = keys.map((key) => new JsonPiece(`${JSON.stringify(key)}:`));
  const later = keys.map((key) => new JsonPiece(`,${JSON.stringify(key)}:`));
  const body = keys
    .map((key, i) => `v = s[${JSON.stringify(key)}]; if (v !== undefined && typeof v !== 'function' && typeof v !== 'symbol') { out.raw(isFirst ? first[${i}] : later[${i}]); isFirst = false; if (typeof v === 'number') out.number(v); else out.value(v); }`)
    .join('\n');
  return new Function('first', 'later', `return (s, out) => { let v; let isFirst = true; out.byte(0x7b);\n${body}\nout.byte(0x7d); };`)(first, later) as (source: T, out: JsonBytes) => void;
}

/**
 * How an organisation is written: as JSON.stringify writes it, byte for byte, without what `unmeasured` lists,
 * its members in ReportOrganization's order (evidence and sla after peers), straight into bytes. Its evidence,
 * one object per pattern of variables present shared by every organisation with that pattern, is encoded once
 * per pattern and copied in (a sixth of an organisation table's line). A thread rendering a share of the
 * report, which has not its organisations, is given the channel keys.
 */
export function organizationJsonWriter(report: Report, channelFields: readonly string[] = firstChannelKeys(report)): OrganizationWriter {
  const { metrics: noMetric, channelFields: noChannelField } = report.unmeasured;
  const unmeasured = new Set<string>(noMetric);
  const metrics = membersWriter<OrgMetrics>(METRIC_KEYS.filter((key) => !unmeasured.has(key)));
  const channel = membersWriter<ReportChannel>(channelFields.filter((key) => !noChannelField.includes(key as keyof ReportChannel)));
  const evidenceBytes = new Map<Evidence, JsonPiece>();
  const NAME = new JsonPiece('{"name":');
  const CLUSTER = new JsonPiece(',"cluster":');
  // The archetype with the keys about it (`,"archetype":"Late Bloomers","metrics":`), per archetype.
  const archetypeBytes = new Map<string | null, JsonPiece>();
  const CHANNELS = new JsonPiece(',"channels":[');
  const PEERS = new JsonPiece('],"peers":');
  const PEERS_HEAD = new JsonPiece('],"peers":{"clusterSize":');
  const EVIDENCE = new JsonPiece(',"evidence":');
  const SLA = new JsonPiece(',"sla":');
  return (o, out) => {
    out.raw(NAME);
    out.string(o.name);
    out.raw(CLUSTER);
    out.value(o.cluster);
    let archetype = archetypeBytes.get(o.archetype);
    if (archetype === undefined) archetypeBytes.set(o.archetype, (archetype = new JsonPiece(`,"archetype":${JSON.stringify(o.archetype)},"metrics":`)));
    out.raw(archetype);
    metrics(o.metrics, out);
    out.raw(CHANNELS);
    const channels = o.channels;
    for (let i = 0; i < channels.length; i++) {
      if (i > 0) out.byte(0x2c);
      channel(channels[i]!, out);
    }
    const peers = o.peers;
    if (peers === null) {
      out.raw(PEERS);
      out.null();
    } else {
      out.raw(PEERS_HEAD);
      writePeers(peers, unmeasured, out);
    }
    out.raw(EVIDENCE);
    const evidence = o.evidence;
    if (evidence === null) out.null();
    else {
      let bytes = evidenceBytes.get(evidence);
      if (bytes === undefined) evidenceBytes.set(evidence, (bytes = new JsonPiece(JSON.stringify(evidence))));
      out.raw(bytes);
    }
    if (o.sla !== undefined) {
      out.raw(SLA);
      out.text(JSON.stringify(o.sla));
    }
    out.byte(0x7d);
  };
}

const PEER_COUNT = new JsonPiece(',"peers":');
const STANDINGS = new JsonPiece(',"standings":[');
const COVERAGE_GAPS = new JsonPiece('],"coverageGaps":');
const CLUSTER_MEDIAN = new JsonPiece(',"clusterMedian":');
const OVERALL_MEDIAN = new JsonPiece(',"overallMedian":');
const CLUSTER_PERCENTILE = new JsonPiece(',"clusterPercentile":');
const OVERALL_PERCENTILE = new JsonPiece(',"overallPercentile":');
const BETTER_THAN = new JsonPiece(',"betterThanClusterPct":');
const CLUSTER_NOTE = new JsonPiece(',"clusterNote":');

/** A standing's text up to its value (`{"metric":"csat","value":`), per metric; and from its value to its peer count, per way. */
const STANDING_HEADS = new Map<string, JsonPiece>();
const STANDING_BETTERS = new Map<string, JsonPiece>();

function standingHead(metric: string): JsonPiece {
  let bytes = STANDING_HEADS.get(metric);
  if (bytes === undefined) STANDING_HEADS.set(metric, (bytes = new JsonPiece(`{"metric":${JSON.stringify(metric)},"value":`)));
  return bytes;
}

function standingBetter(better: string): JsonPiece {
  let bytes = STANDING_BETTERS.get(better);
  if (bytes === undefined) STANDING_BETTERS.set(better, (bytes = new JsonPiece(`,"better":${JSON.stringify(better)},"clusterPeers":`)));
  return bytes;
}

/**
 * A peer benchmark (less the standings on what is unmeasured) after its opening `{"clusterSize":`, members in
 * PeerBenchmark's and PeerStanding's order: the order peers.ts makes them in (its two object literals), which
 * JSON.stringify follows; the tests compare the two on whole reports. Reports are rendered only from
 * benchmarks made in the run.
 */
function writePeers(peers: PeerBenchmark, unmeasured: ReadonlySet<string>, out: JsonBytes): void {
  out.number(peers.clusterSize);
  out.raw(PEER_COUNT);
  out.number(peers.peers);
  out.raw(STANDINGS);
  const standings = peers.standings;
  let isFirst = true;
  for (let i = 0; i < standings.length; i++) {
    const s = standings[i]!;
    if (unmeasured.size > 0 && unmeasured.has(s.metric)) continue;
    if (!isFirst) out.byte(0x2c);
    isFirst = false;
    out.raw(standingHead(s.metric));
    out.numberOrNull(s.value);
    out.raw(standingBetter(s.better));
    out.number(s.clusterPeers);
    out.raw(CLUSTER_MEDIAN);
    out.numberOrNull(s.clusterMedian);
    out.raw(OVERALL_MEDIAN);
    out.numberOrNull(s.overallMedian);
    out.raw(CLUSTER_PERCENTILE);
    out.numberOrNull(s.clusterPercentile);
    out.raw(OVERALL_PERCENTILE);
    out.numberOrNull(s.overallPercentile);
    out.raw(BETTER_THAN);
    out.numberOrNull(s.betterThanClusterPct);
    out.raw(CLUSTER_NOTE);
    if (s.clusterNote === null) out.null();
    else out.string(s.clusterNote);
    out.byte(0x7d);
  }
  out.raw(COVERAGE_GAPS);
  out.value(peers.coverageGaps);
  out.byte(0x7d);
}
