// Shared wording for renderers: feature labels with units, and the metric definitions the report footer states.

import { FEATURES } from '../features/features.js';
import { ordinal } from '../archetypes/fold.js';
import { PEER_METRICS } from '../benchmark/peers.js';
import { METRIC_KEYS, metricDef } from '../metrics/registry.js';
import type { Report, ReportCluster, ReportOrganization } from './report.js';
import { formatNumber } from './format.js';

export const METRIC_DEFINITIONS: readonly (readonly [string, string])[] = [
  ...METRIC_KEYS.flatMap((key) => {
    const { explained } = metricDef(key);
    return explained === undefined ? [] : [explained];
  }),
  ['Across organisations', 'one value per organisation first, then the median across organisations'],
];

export function featureLabel(name: string): string {
  return FEATURES.find((f) => f.name === name)?.label ?? name;
}

/** "tickets per month 1,240 (92nd pct)" for each of a cluster's defining features. */
export function describeDefining(cluster: ReportCluster): string[] {
  return cluster.definingFeatures.map(
    (name) => `${featureLabel(name)} ${formatNumber(cluster.profile[name] ?? null)} (${ordinal(cluster.percentiles[name] ?? 0)} pct)`,
  );
}

/** The flagging rule as the reports print it: "flagged when …", comparing with `peers` (e.g. "cluster peers’"). */
export function gapRule(thresholds: Report['gapThresholds'], peers: string): string {
  const t = thresholds;
  return `flagged when a channel has ≥ ${t.minTickets} solved tickets and its median resolution is ≥ ${t.ratio}× the organisation’s best channel and ≥ ${t.ratio}× its ${peers} median for that channel`;
}

/** Column heads of the peer standing tables: one per performance metric, then coverage gaps. */
export const PEER_STANDING_HEAD: readonly string[] = [...PEER_METRICS.map((m) => m.label), 'Coverage gaps'];

/**
 * An organisation's peer standing as table cells: per metric the share of its cluster peers it does better
 * than ("73%"), "–" where it lacks the metric; then the channels most of its cluster serves and it does not.
 */
export function peerStandingCells(org: ReportOrganization): string[] {
  if (org.peers === null) return [];
  const cells = PEER_METRICS.map((def) => {
    const s = org.peers!.standings.find((x) => x.metric === def.metric);
    return s?.betterThanClusterPct === null || s === undefined ? '–' : `${Math.round(s.betterThanClusterPct)}%`;
  });
  return [...cells, org.peers.coverageGaps.map((g) => g.channel).join(', ') || '–'];
}

export const PEER_STANDING_NOTE = 'each cell: the share of the organisation’s cluster peers it does better than on that metric (lower is better for times and reopens)';

/** The unit in words: "one per input file", "one per value of column Group". */
export function unitPhrase(unit: string): string {
  return unit === 'file' ? 'one per input file' : `one per value of ${unit}`;
}
