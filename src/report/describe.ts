// Shared wording for renderers: feature labels with units, and the metric definitions the report footer states.

import { FEATURES } from '../features/features.js';
import { ordinal } from '../archetypes/fold.js';
import type { Report, ReportCluster } from './report.js';
import { formatNumber } from './format.js';

export const METRIC_DEFINITIONS: readonly [string, string][] = [
  ['First reply time (FRT)', 'creation → first public agent reply; the export’s value where it has one'],
  ['Resolution time', 'creation → latest solve (counts reopens); solved − created when not exported; unsolved tickets are open, never zero'],
  ['Resolved within 24 h / 48 h', 'share of solved tickets with resolution ≤ 24 h (48 h)'],
  ['CSAT', 'good ÷ (good + bad); unrated and offered excluded; on 1–5 scales 4–5 are good'],
  ['Reopen rate', 'tickets with reopens > 0 ÷ solved tickets'],
  ['One-touch rate', 'solved tickets with ≤ 1 agent reply ÷ solved tickets'],
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
