// The CSV report: one row per organisation (channel "all") and one per organisation × channel.

import { PEER_METRICS } from '../benchmark/peers.js';
import type { OrgMetrics } from '../metrics/org-metrics.js';
import { CHANNEL_KEYS, METRIC_KEYS, METRICS, channelMetricDef, type MetricKey } from '../metrics/registry.js';
import type { SlaFigures } from '../metrics/sla.js';
import type { Report, ReportOrganization } from './report.js';

/**
 * Quotes a cell as RFC 4180 needs, and neutralises cells a spreadsheet would run as a formula (leading =, +,
 * -, @, tab or carriage return) by prefixing a single quote. Numbers are written by the caller, unquoted.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function num(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
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

/** Percentile ranks (by value) within the cluster and overall, per peer metric, and coverage gaps. */
function peerCells(o: ReportOrganization): string[] {
  const cells = PEER_METRICS.flatMap((def) => {
    const s = o.peers?.standings.find((x) => x.metric === def.metric);
    return [num(s?.clusterPercentile), num(s?.overallPercentile)];
  });
  return [...cells, csvCell(o.peers?.coverageGaps.map((g) => g.channel).join(' ') ?? '')];
}

/** Service-level columns, last, only where the export has due times (sla.ts). */
const SLA_COLUMNS = ['sla_solved_with_due', 'sla_met', 'sla_met_share', 'sla_late_median_hours', 'sla_open_past_due', 'sla_open_within_due'];

function slaCells(sla: SlaFigures | undefined): string[] {
  return sla === undefined ? SLA_COLUMNS.map(() => '') : [num(sla.solvedWithDue), num(sla.met), num(sla.metShare), num(sla.lateMedianHours), num(sla.openPastDue), num(sla.openWithinDue)];
}

/** The CSV, a line at a time. */
export function* renderCsv(report: Report): Generator<string> {
  const hasSla = report.organizations.some((o) => o.sla !== undefined);
  const sla = (cells: string[]): string[] => (hasSla ? cells : []);
  yield `${[...COLUMNS, ...sla(SLA_COLUMNS)].join(',')}\n`;
  // The organisation row's channel-table cells: its own metric, the whole share for "share".
  const orgChannelCells = (m: OrgMetrics): string[] => CHANNEL_KEYS.map((key) => (key === 'share' ? '1' : Object.hasOwn(m, key) ? num(m[key as MetricKey]) : ''));
  const blankAfterGaps = new Array<string>(ORG_ONLY_KEYS.length + 2 * PEER_METRICS.length + 1).fill('');
  for (const o of report.organizations) {
    const m = o.metrics;
    const head = [csvCell(o.name), num(o.cluster), o.archetype ?? ''];
    yield `${[...head, 'all', ...orgChannelCells(m), ...GAP_COLUMNS.map(() => ''), ...ORG_ONLY_KEYS.map((key) => num(m[key])), ...peerCells(o), ...sla(slaCells(o.sla))].join(',')}\n`;
    for (const c of o.channels) {
      const gaps = [
        c.referenceChannel ?? '',
        num(c.gapVsReferenceHours),
        num(c.gapVsPeersHours),
        String(c.inconsistency),
        String(c.peerGap),
        String(c.flagged),
        num(c.movableUnder24hVsReference),
        num(c.movableUnder24hVsPeers),
        num(c.estimatedCostVsReference),
        num(c.estimatedCostVsPeers),
      ];
      yield `${[...head, c.channel, ...CHANNEL_KEYS.map((key) => num(c[key])), ...gaps, ...blankAfterGaps, ...sla(slaCells(o.sla?.channels[c.channel]))].join(',')}\n`;
    }
  }
}
