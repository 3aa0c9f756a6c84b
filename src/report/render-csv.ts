// The CSV report: one row per organisation (channel "all") and one per organisation × channel.

import { PEER_METRICS, standingFor } from '../benchmark/peers.js';
import type { OrgMetrics } from '../metrics/org-metrics.js';
import { CHANNEL_KEYS, METRIC_KEYS, METRICS, channelMetricDef, type MetricKey } from '../metrics/registry.js';
import type { SlaFigures } from '../metrics/sla.js';
import { ClassifiedOrganization } from './classified-organization.js';
import { numberText } from './format.js';
import { isMeasured, type RenderOptions, type Report, type ReportOrganization } from './report.js';
import { splitPlan } from './split.js';

/**
 * Quotes a cell as RFC 4180 needs, and neutralises cells a spreadsheet would run as a formula (leading =, +,
 * -, @, tab or carriage return) by prefixing a single quote. Numbers are written by the caller, unquoted.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function num(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : numberText(value);
}

/** Organisation metrics the channel rows lack (their cells are empty there), in registry order. */
const ORG_ONLY_KEYS = METRIC_KEYS.filter((key) => !(CHANNEL_KEYS as readonly string[]).includes(key));
const GAP_COLUMNS = ['reference_channel', 'gap_vs_reference_hours', 'gap_vs_peers_hours', 'inconsistency', 'peer_gap', 'flagged', 'movable_under_24h_vs_reference', 'movable_under_24h_vs_peers', 'estimated_cost_vs_reference', 'estimated_cost_vs_peers'];

const COLUMNS = [
  'organization',
  'cluster',
  'archetype',
  'channel',
  ...CHANNEL_KEYS.map((key) => channelMetricDef(key).column),
  ...GAP_COLUMNS,
  ...ORG_ONLY_KEYS.map((key) => METRICS[key].column),
  ...PEER_METRICS.flatMap((m) => [`${METRICS[m.metric as MetricKey].column}_cluster_pct`, `${METRICS[m.metric as MetricKey].column}_overall_pct`]),
  'coverage_gaps',
];

/** Percentile ranks (by value) within the cluster and overall, per peer metric, and coverage gaps: ",a,b,…,gaps". */
function peerCells(o: ReportOrganization): string {
  // Read once: a classified organisation works its standing out on each read.
  const peers = o.peers;
  let line = '';
  for (let m = 0; m < PEER_METRICS.length; m++) {
    const s = peers === null ? undefined : standingFor(peers, m);
    line += `,${num(s?.clusterPercentile)},${num(s?.overallPercentile)}`;
  }
  return `${line},${csvCell(peers?.coverageGaps.map((g) => g.channel).join(' ') ?? '')}`;
}

/**
 * peerCells for a report: a classified organisation works out only the standings on metrics some organisation
 * has, each alone, and its coverage gaps; a metric none has (report.unmeasured) has no percentile to write.
 */
function peerCellsOf(report: Report): (o: ReportOrganization) => string {
  const measured = PEER_METRICS.map((m) => isMeasured(report, m.metric));
  return (o) => {
    if (!(o instanceof ClassifiedOrganization)) return peerCells(o);
    let line = '';
    for (let m = 0; m < PEER_METRICS.length; m++) {
      if (!measured[m]) {
        line += ',,';
        continue;
      }
      const s = o.standingOn(m);
      line += `,${num(s?.clusterPercentile)},${num(s?.overallPercentile)}`;
    }
    return `${line},${csvCell(o.coverageGaps().map((g) => g.channel).join(' '))}`;
  };
}

/** Service-level columns, last, only where the export has due times (sla.ts). */
const SLA_COLUMNS = ['sla_solved_with_due', 'sla_met', 'sla_met_share', 'sla_late_median_hours', 'sla_open_past_due', 'sla_open_within_due'];

function slaCells(sla: SlaFigures | undefined): string[] {
  return sla === undefined ? SLA_COLUMNS.map(() => '') : [num(sla.solvedWithDue), num(sla.met), num(sla.metShare), num(sla.lateMedianHours), num(sla.openPastDue), num(sla.openWithinDue)];
}

/** The CSV, a line at a time (each built by concatenation: 500,000 organisations × 57 columns). */
export function* renderCsv(report: Report, options?: RenderOptions): Generator<string | Uint8Array> {
  const hasSla = report.organizations.some((o) => o.sla !== undefined);
  yield `${[...COLUMNS, ...(hasSla ? SLA_COLUMNS : [])].join(',')}\n`;
  const rows = csvOrganizationText(report, hasSla);
  const split = splitPlan(report, options, 'csv');
  if (split !== null) {
    yield* split.pieces((o) => rows(o));
    return;
  }
  for (const o of report.organizations) yield rows(o);
}

/**
 * An organisation's rows of the CSV, each with its line end: the organisation's own (channel "all"), then one
 * per channel. `hasSla`: whether the report has the service-level columns. Used alike by a thread rendering a
 * share of the report (split.ts).
 */
export function csvOrganizationText(report: Report, hasSla: boolean): (o: ReportOrganization) => string {
  const slaText = (sla: SlaFigures | undefined): string => (hasSla ? `,${slaCells(sla).join(',')}` : '');
  const gapBlanks = ','.repeat(GAP_COLUMNS.length);
  const blankAfterGaps = ','.repeat(ORG_ONLY_KEYS.length + 2 * PEER_METRICS.length + 1);
  const peerCellsOfOrg = peerCellsOf(report);
  // Which cells of the organisation row are read: its own metrics, but those no organisation has (empty for all).
  const channelKeys = CHANNEL_KEYS.map((key) => ({ key, isRead: key !== 'share' && (METRIC_KEYS as readonly string[]).includes(key) && isMeasured(report, key as MetricKey) }));
  const orgOnlyKeys = ORG_ONLY_KEYS.map((key) => ({ key, isRead: isMeasured(report, key) }));
  return (o) => {
    const m = o.metrics;
    const head = `${csvCell(o.name)},${num(o.cluster)},${o.archetype ?? ''}`;
    // The organisation row's channel-table cells: its own metric, the whole share for "share".
    let line = `${head},all`;
    for (const { key, isRead } of channelKeys) line += key === 'share' ? ',1' : isRead ? `,${num(m[key as MetricKey])}` : ',';
    line += gapBlanks;
    for (const { key, isRead } of orgOnlyKeys) line += isRead ? `,${num(m[key])}` : ',';
    let text = `${line}${peerCellsOfOrg(o)}${slaText(o.sla)}\n`;
    for (const c of o.channels) {
      let row = `${head},${c.channel}`;
      for (const key of CHANNEL_KEYS) row += `,${num(c[key])}`;
      row +=
        `,${c.referenceChannel ?? ''},${num(c.gapVsReferenceHours)},${num(c.gapVsPeersHours)},${c.inconsistency},${c.peerGap},${c.flagged}` +
        `,${num(c.movableUnder24hVsReference)},${num(c.movableUnder24hVsPeers)},${num(c.estimatedCostVsReference)},${num(c.estimatedCostVsPeers)}`;
      text += `${row}${blankAfterGaps}${slaText(o.sla?.channels[c.channel])}\n`;
    }
    return text;
  };
}
