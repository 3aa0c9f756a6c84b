// Shared wording for renderers: feature labels with units, and the metric definitions the report footer states.

import { FEATURES } from '../features/features.js';
import { ordinal } from '../archetypes/fold.js';
import { PEER_METRICS, standingFor, type CoverageGap, type PeerStanding } from '../benchmark/peers.js';
import { METRIC_KEYS, metricDef } from '../metrics/registry.js';
import { ClassifiedOrganization } from './classified-organization.js';
import { isMeasured, type Report, type ReportChannel, type ReportCluster, type ReportInput, type ReportOrganization } from './report.js';
import { formatCount, formatHours, formatNumber, formatRatio, formatShare, formatSignedHours } from './format.js';

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
  return `flagged when a channel has ≥ ${t.minTickets} solved tickets and its median resolution is ≥ ${t.ratio}× the organisation’s reference channel (its fastest channel with ≥ ${t.minTickets} solved tickets and a median of at least ${formatMinutes(t.floorMinutes)}): an inconsistency; or ≥ ${t.ratio}× its ${peers} median for that channel (with ≥ 3 of them): a peer gap`;
}

function formatMinutes(minutes: number): string {
  return `${formatNumber(minutes)} min`;
}

/** Which kinds of gap a channel is flagged for: "inconsistency", "peer gap", both, or "". */
export function gapKind(c: ReportChannel): string {
  return [c.inconsistency ? 'inconsistency' : '', c.peerGap ? 'peer gap' : ''].filter((k) => k !== '').join(' + ');
}

/** "chat +6.17 h (1.5×)": the reference channel and the gap to it, or "–". */
export function referenceCell(c: ReportChannel): string {
  return c.referenceChannel === null ? '–' : `${c.referenceChannel} ${formatSignedHours(c.gapVsReferenceHours)} (${formatRatio(c.gapVsReferenceRatio)})`;
}

/** "10.2 h +7.37 h (1.7×)": the peers' median and the gap to it, or "–". */
export function peersCell(c: ReportChannel): string {
  return c.peerMedianHours === null ? '–' : `${formatHours(c.peerMedianHours)} ${formatSignedHours(c.gapVsPeersHours)} (${formatRatio(c.gapVsPeersRatio)})`;
}

/** "12.0% of 250": the share of requesters who came back through another channel, and of how many; "–" without requesters. */
export function repeatCell(m: { requesters: number | null; repeatContactShare: number | null }): string {
  return m.requesters === null || m.repeatContactShare === null ? '–' : `${formatShare(m.repeatContactShare)} of ${formatCount(m.requesters)}`;
}

/** Solved within 24 h / in 24–48 h / after 48 h. */
export function bucketsCell(c: ReportChannel): string {
  return `${formatCount(c.resolvedWithin24h)} / ${formatCount(c.resolvedIn24to48h)} / ${formatCount(c.resolvedAfter48h)}`;
}

/** The larger of a channel's two figures, each counted only where its kind of gap is flagged; null where none is. */
function largestFlagged(c: ReportChannel, vsReference: number | null, vsPeers: number | null): number | null {
  const known = [c.inconsistency ? vsReference : null, c.peerGap ? vsPeers : null].filter((v): v is number => v !== null);
  return known.length === 0 ? null : Math.max(...known);
}

/** How far a channel's flagged gaps go: the larger ratio of its flagged kinds; null when it is not flagged. */
export function flaggedRatio(c: ReportChannel): number | null {
  return largestFlagged(c, c.gapVsReferenceRatio, c.gapVsPeersRatio);
}

/** What a channel's flagged gaps are worth: the larger count of tickets over 24 h they keep, and the larger cost (null where none). */
function gapWorth(c: ReportChannel): { moves: number | null; cost: number | null } {
  return { moves: largestFlagged(c, c.movableUnder24hVsReference, c.movableUnder24hVsPeers), cost: largestFlagged(c, c.estimatedCostVsReference, c.estimatedCostVsPeers) };
}

/** The tickets a flagged gap keeps over 24 h (the larger of its kinds'), and their estimated cost, or "–". */
export function movableCell(c: ReportChannel): string {
  const { moves, cost } = gapWorth(c);
  if (moves === null) return '–';
  return cost === null ? formatCount(moves) : `${formatCount(moves)} (≈ ${formatCount(Math.round(cost))})`;
}

/**
 * A flagged channel in words: each kind against what and by how much, and what closing it would move:
 * "inconsistency: 3.1× its reference channel (chat, 2.0 h); peer gap: 2.0× the peers’ median (4.1 h); 120 of its
 * 300 solved tickets over 24 h would be within 24 h (estimated cost 6,000)".
 */
export function gapPhrase(c: ReportChannel): string {
  const parts: string[] = [];
  if (c.inconsistency) parts.push(`inconsistency: ${formatRatio(c.gapVsReferenceRatio)} its reference channel (${c.referenceChannel ?? '–'}, ${formatHours((c.resolutionMedianHours ?? 0) - (c.gapVsReferenceHours ?? 0))})`);
  if (c.peerGap) parts.push(`peer gap: ${formatRatio(c.gapVsPeersRatio)} the peers’ median (${formatHours(c.peerMedianHours)}, ${c.peers} peers)`);
  else if (c.peerMedianHours === null) parts.push(`${c.peers === 0 ? 'no peers' : c.peers === 1 ? '1 peer' : `${c.peers} peers`} with enough tickets in this channel to compare with (3 needed)`);
  const { moves, cost } = gapWorth(c);
  const over = c.resolvedIn24to48h + c.resolvedAfter48h;
  if (moves !== null && moves > 0) {
    parts.push(`${formatCount(moves)} of its ${formatCount(over)} solved tickets over 24 h would be within 24 h${cost === null ? '' : ` (estimated cost ${formatCount(Math.round(cost))})`}`);
  }
  return parts.join('; ');
}

const SHORT_LABEL: Partial<Record<string, string>> = {
  firstReplyMedianHours: 'FRT',
  resolutionMedianHours: 'Resolution',
  csat: 'CSAT',
  oneTouchRate: 'One-touch',
  reopenRate: 'Reopens',
  resolvedWithin24hShare: '≤24 h',
  resolvedWithin48hShare: '≤48 h',
};

/** Column heads of the peer standing tables: one per performance metric, then coverage gaps. */
export const PEER_STANDING_HEAD: readonly string[] = [...PEER_METRICS.map((m) => m.label), 'Coverage gaps'];

/** The same heads, short, for terminals: "FRT", "Resolution", "≤24 h". */
export const PEER_STANDING_SHORT_HEAD: readonly string[] = [...PEER_METRICS.map((m) => SHORT_LABEL[m.metric] ?? m.label), 'Coverage gaps'];

/**
 * An organisation's peer standing as table cells: per metric the share of its cluster peers it does better
 * than ("73%"), "–" where it lacks the metric; then the channels most of its cluster serves and it does not.
 */
export function peerStandingCells(org: ReportOrganization): string[] {
  // Read once: a classified organisation works its standing out on each read.
  const peers = org.peers;
  if (peers === null) return [];
  return [...PEER_METRICS.map((_, m) => standingCell(standingFor(peers, m))), gapsCell(peers.coverageGaps)];
}

/**
 * Cell j of peerStandingCells alone: a classified organisation works out that one standing (or its coverage
 * gaps) only, so that a table measuring one of these columns makes none of the others.
 */
export function peerStandingCell(org: ReportOrganization, j: number): string | undefined {
  if (!(org instanceof ClassifiedOrganization)) return peerStandingCells(org)[j];
  return j < PEER_METRICS.length ? betterThanCell(org.betterThanOn(j)) : gapsCell(org.coverageGaps());
}

/** standingCell from a standing's betterThanClusterPct alone. */
function betterThanCell(pct: number | null | undefined): string {
  return pct === null || pct === undefined ? '–' : `${Math.round(pct)}%`;
}

/** The widest a standing's cell is ("100%"), with no longer word: a column whose head is as wide needs no measuring. */
export const STANDING_CELL_WIDTH = 4;

function standingCell(s: PeerStanding | undefined): string {
  return s?.betterThanClusterPct === null || s === undefined ? '–' : `${Math.round(s.betterThanClusterPct)}%`;
}

function gapsCell(gaps: readonly CoverageGap[]): string {
  return gaps.map((g) => g.channel).join(', ') || '–';
}

/**
 * The peer-standing columns a report shows, as cell indices of peerStandingCells: the metrics some organisation
 * of the input has (a standing on a metric none has is "–" for all: report.unmeasured), then coverage gaps.
 */
export function peerStandingColumns(report: Pick<Report, 'unmeasured'>): number[] {
  return [...PEER_METRICS.flatMap((m, j) => (isMeasured(report, m.metric) ? [j] : [])), PEER_METRICS.length];
}

/** The metrics no organisation of the input has, in words, or null: said once, as the tables leave them out. */
export function unmeasuredLine(report: Report): string | null {
  const { metrics } = report.unmeasured;
  return metrics.length === 0 ? null : `not measured (no organisation has it; no column in the tables): ${metrics.map((key) => metricDef(key).label).join(', ')}`;
}

export const PEER_STANDING_NOTE = 'each cell: the share of the organisation’s cluster peers it does better than on that metric (lower is better for times and reopens)';

/** The unit in words: "one per input file", "one per value of column Group". */
export function unitPhrase(unit: string): string {
  return unit === 'file' ? 'one per input file' : `one per value of ${unit}`;
}

/** For an event or message log: how many rows made how many tickets, and by which rule (null for other inputs). */
export function describeLog(input: ReportInput): string | null {
  const e = input.eventLog;
  if (e !== undefined) {
    return `event log: ${formatCount(e.events)} events of ${formatCount(e.tickets)} cases; solved at the ${e.solvedAt} event with status ${e.solved.map((s) => JSON.stringify(s)).join(' or ')} when the latest is one; organisation and channel from the ${e.attributesFrom} event${e.sequence === undefined ? '' : `; events at the same time ordered by ${e.sequence}`}`;
  }
  const m = input.messageLog;
  if (m !== undefined) {
    return `message log: ${formatCount(m.messages)} messages in ${formatCount(m.conversations)} conversations, a ticket each; organisation and channel from the ${m.attributesFrom === 'first' ? 'first message' : 'first answer'}`;
  }
  return null;
}
