// The JSON report: the Report type, keys in the type's order, two-space indented except each organisation,
// which is one compact line (a report of 500,000 organisations is a third smaller and written about twice as
// fast, and still reads, greps and diffs an organisation to a line). Each organisation leaves out what the
// report's `unmeasured` lists, that no organisation of the input has: the metrics, their peer standings and
// the channel fields (for an organisation table without ticket counts, reopens or first-touch rates: twelve
// nulls and four empty standings, half of every line). Written a piece at a time, so that a report of any size
// is never one string.

import type { Evidence } from '../archetypes/fold.js';
import type { PeerBenchmark } from '../benchmark/peers.js';
import type { OrgMetrics } from '../metrics/org-metrics.js';
import { METRIC_KEYS } from '../metrics/registry.js';
import type { RenderOptions, Report, ReportChannel, ReportOrganization } from './report.js';
import { splitPlan } from './split.js';

/** `value` as JSON.stringify(value, null, 2) writes it, each line after the first indented by `indent`. */
function indented(value: unknown, indent: string): string {
  // JSON text never holds a raw line break inside a string (it is escaped), so every \n is a line of layout.
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}

export function* renderJson(report: Report, options?: RenderOptions): Generator<string | Uint8Array> {
  const entries = Object.entries(report).filter(([, value]) => value !== undefined);
  const organization = organizationJson(report);
  yield '{\n';
  for (const [i, [key, value]] of entries.entries()) {
    const comma = i < entries.length - 1 ? ',' : '';
    if (key === 'organizations' && Array.isArray(value) && value.length > 0) {
      yield `  "organizations": [\n`;
      const split = splitPlan(report, options, 'json');
      if (split !== null) {
        yield* split.pieces(jsonOrganizationText(organization, value.length));
        yield `  ]${comma}\n`;
        continue;
      }
      // Three pieces, not one template: the writer encodes each as it is (no string joined to flatten).
      for (let j = 0; j < value.length; j++) {
        yield '    ';
        yield organization(value[j] as ReportOrganization);
        yield j < value.length - 1 ? ',\n' : '\n';
      }
      yield `  ]${comma}\n`;
    } else {
      yield `  ${JSON.stringify(key)}: ${indented(value, '  ')}${comma}\n`;
    }
  }
  yield '}\n';
}

/**
 * Organisation j's text in the JSON report of n organisations (its indent, its line and what ends it), as one
 * piece: what the report's loop above writes in three. Made alike by a thread rendering a share (split.ts).
 */
export function jsonOrganizationText(organization: (o: ReportOrganization) => string, n: number): (o: ReportOrganization, j: number) => string {
  return (o, j) => `    ${organization(o)}${j < n - 1 ? ',\n' : '\n'}`;
}

/** An organisation's line of the NDJSON report. */
export function ndjsonOrganizationText(organization: (o: ReportOrganization) => string): (o: ReportOrganization) => string {
  return (o) => `${organization(o)}\n`;
}

/** A copy of an object with only `keys`, in their order: made by a function written for those keys (one shape, no loop over names). */
function picker<T>(keys: readonly string[]): (source: T) => Partial<T> {
  return new Function('s', `return { ${keys.map((key) => `${JSON.stringify(key)}: s[${JSON.stringify(key)}]`).join(', ')} };`) as (source: T) => Partial<T>;
}

/**
 * The organisations alone, one JSON object a line, each as the JSON report writes it (`--format ndjson`): for
 * tools that read records a line at a time (DuckDB's read_json, pandas' read_json with lines=True, jq -c).
 */
export function* renderNdjson(report: Report, options?: RenderOptions): Generator<string | Uint8Array> {
  const organization = organizationJson(report);
  const split = splitPlan(report, options, 'ndjson');
  if (split !== null) {
    yield* split.pieces(ndjsonOrganizationText(organization));
    return;
  }
  for (const o of report.organizations) {
    yield organization(o);
    yield '\n';
  }
}

/** The keys of the report's first channel, in their order: those every channel is written with (less the unmeasured). */
function firstChannelKeys(report: Report): string[] {
  const first = report.organizations.find((o) => o.channels.length > 0)?.channels[0];
  return first === undefined ? [] : Object.keys(first);
}

/**
 * How an organisation is written: without what `unmeasured` lists. Its evidence, one object per pattern of
 * variables present shared by every organisation with that pattern, is written once per pattern and spliced in
 * (a sixth of an organisation table's line, serialised again for every organisation otherwise). A thread
 * rendering a share of the report, which has not its organisations, is given the channel keys.
 */
export function organizationJson(report: Report, channelFields: readonly string[] = firstChannelKeys(report)): (o: ReportOrganization) => string {
  const { metrics: noMetric, channelFields: noChannelField } = report.unmeasured;
  const unmeasured = new Set<string>(noMetric);
  const metrics = picker<OrgMetrics>(METRIC_KEYS.filter((key) => !unmeasured.has(key)));
  const channel = picker<ReportChannel>(channelFields.filter((key) => !noChannelField.includes(key as keyof ReportChannel)));
  const peersOf = (peers: PeerBenchmark | null): PeerBenchmark | null =>
    peers === null || unmeasured.size === 0 ? peers : { clusterSize: peers.clusterSize, peers: peers.peers, standings: peers.standings.filter((s) => !unmeasured.has(s.metric)), coverageGaps: peers.coverageGaps };
  const evidenceJson = new Map<Evidence, string>();
  const evidenceOf = (evidence: Evidence | null): string => {
    if (evidence === null) return 'null';
    let json = evidenceJson.get(evidence);
    if (json === undefined) evidenceJson.set(evidence, (json = JSON.stringify(evidence)));
    return json;
  };
  return (o) => {
    // The keys in ReportOrganization's order: evidence (and sla) after peers.
    const head = JSON.stringify({ name: o.name, cluster: o.cluster, archetype: o.archetype, metrics: metrics(o.metrics), channels: o.channels.map(channel), peers: peersOf(o.peers) });
    return `${head.slice(0, -1)},"evidence":${evidenceOf(o.evidence)}${o.sla === undefined ? '' : `,"sla":${JSON.stringify(o.sla)}`}}`;
  };
}
