// The peer benchmark: where each organisation stands on its performance metrics within its cluster and overall,
// which channels most of its cluster serves and it does not, and the reference distributions behind both
// (built from the organisations of this run, or read from a saved model).

import { CHANNELS, type Channel } from '../ingest/channels.js';
import { lowerBound, upperBound } from '../metrics/lower-bound.js';
import { groupByLabel, mergeSortedRuns } from '../metrics/group-by-label.js';
import { readMetric } from '../metrics/metric-columns.js';
import { percentileRankSorted } from '../metrics/percentile-rank.js';
import type { OrgMetrics, OrgRecord } from '../metrics/org-metrics.js';
import { quantileSorted } from '../metrics/quantile.js';
import { metricDef, PEER_KEYS } from '../metrics/registry.js';

export interface PeerMetricDef {
  metric: keyof OrgMetrics;
  label: string;
  /** Which way is better for the organisation. */
  better: 'lower' | 'higher';
  unit: 'hours' | 'share';
}

/** The performance metrics an organisation is placed on (registry.ts: PEER_KEYS), with the way that is better. */
export const PEER_METRICS: readonly PeerMetricDef[] = PEER_KEYS.map((key) => {
  const def = metricDef(key);
  return { metric: key, label: def.label, better: def.worseWhen === 'higher' ? 'lower' : 'higher', unit: def.unit === 'hours' ? 'hours' : 'share' };
});

/** Up to this many values a distribution is kept whole; above, as this many evenly spaced quantiles. */
export const DISTRIBUTION_POINTS = 1001;

/**
 * A reference distribution: `n` values, kept as their sorted values when n ≤ DISTRIBUTION_POINTS (exact
 * percentiles) and otherwise as DISTRIBUTION_POINTS type-7 quantiles (percentiles within 0.1 points).
 */
export interface Distribution {
  n: number;
  values: number[];
}

export function distributionOf(values: Iterable<number>): Distribution {
  return distributionOfSorted(Float64Array.from(values).sort());
}

/** distributionOf for values sorted already (ascending, as Float64Array's sort leaves them). */
export function distributionOfSorted(sorted: Float64Array): Distribution {
  if (sorted.length <= DISTRIBUTION_POINTS) return { n: sorted.length, values: Array.from(sorted) };
  const points = Array.from({ length: DISTRIBUTION_POINTS }, (_, i) => quantileSorted(sorted, i / (DISTRIBUTION_POINTS - 1)));
  return { n: sorted.length, values: points };
}

/**
 * Percentile rank (0–100) of `value`: the share of the reference below it plus half the share equal to it
 * (exact for a whole distribution; for a quantile grid, the same rule on the grid). Null for an empty one.
 */
export function percentileIn(distribution: Distribution, value: number): number | null {
  const { values } = distribution;
  if (values.length === 0) return null;
  if (distribution.n === values.length) return percentileRankSorted(values, value);
  const below = lowerBound(values, value);
  // Values equal to it start at `below` if any do (most values fall between grid points: no second search).
  const equal = below < values.length && values[below] === value ? upperBound(values, value) - below : 0;
  // A grid of quantiles at 0, 1/(m−1), …, 1: interpolate between the grid points around the value.
  const m = values.length;
  if (equal > 0) return (100 * (below + (equal - 1) / 2)) / (m - 1);
  if (below === 0) return 0;
  if (below === m) return 100;
  const lo = values[below - 1]!;
  const hi = values[below]!;
  return (100 * (below - 1 + (value - lo) / (hi - lo))) / (m - 1);
}

/** A peer figure (percentile, median) needs at least this many peers; with fewer it is not given. */
export const MIN_PEERS = 3;

/**
 * A distribution as an organisation's peers see it: without its own value when it is one of them. For a whole
 * distribution the value's place is skipped (no copy, and no object: this runs for every organisation and
 * metric); a quantile grid (over DISTRIBUTION_POINTS organisations) only counts one fewer. The view is a
 * number: the index in `distribution.values` left out, NOT_LEFT_OUT, or ONE_FEWER for a member on a grid.
 */
const NOT_LEFT_OUT = -1;
const ONE_FEWER = -2;

export function peerView(distribution: Distribution, value: number | null, isMember: boolean): number {
  const { n, values } = distribution;
  if (!isMember || value === null) return NOT_LEFT_OUT;
  if (n !== values.length) return ONE_FEWER;
  const at = lowerBound(values, value);
  return at < values.length && values[at] === value ? at : NOT_LEFT_OUT;
}

/** Peers in a view: the distribution's values less the one left out. */
export function peersIn(distribution: Distribution, view: number): number {
  return view === NOT_LEFT_OUT ? distribution.n : distribution.n - 1;
}

/** percentileIn over a view: the share of peers below the value plus half of those equal to it. */
export function percentileInView(distribution: Distribution, view: number, value: number): number | null {
  if (view < 0) return percentileIn(distribution, value);
  const n = distribution.n - 1;
  if (n === 0) return null;
  // The value left out is the first of those equal to it, at `view`: below it are `view` values, one fewer is equal.
  const equal = upperBound(distribution.values, value) - view - 1;
  return (100 * (view + equal / 2)) / n;
}

/** medianOf over a view. */
export function medianOfView(distribution: Distribution, view: number): number | null {
  return view < 0 ? medianOf(distribution) : medianExcluding(distribution.values, view);
}

/** Median of ascending `sorted` without its element at `skip` (type 7, as quantileSorted). Null when nothing is left. */
export function medianExcluding(sorted: ArrayLike<number>, skip: number): number | null {
  const m = sorted.length - (skip >= 0 ? 1 : 0);
  if (m <= 0) return null;
  const h = (m - 1) / 2;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const low = sorted[skip >= 0 && lo >= skip ? lo + 1 : lo]!;
  const high = sorted[skip >= 0 && hi >= skip ? hi + 1 : hi]!;
  return low + (h - lo) * (high - low);
}

export function medianOf(distribution: Distribution): number | null {
  return distribution.values.length === 0 ? null : quantileSorted(distribution.values, 0.5);
}

/** What organisations are benchmarked against: distributions overall and per cluster (0-based), per metric and channel. */
export interface PeerReference {
  /** Organisations in the reference, per cluster. */
  clusterSizes: number[];
  metrics: { metric: keyof OrgMetrics; overall: Distribution; byCluster: Distribution[] }[];
  /** Per cluster: the share of its organisations with tickets in each channel. */
  channelServed: Partial<Record<Channel, number>>[];
}

/** One metric's distributions in a reference: over every organisation with a value, and per cluster (0-based). */
export interface MetricDistributions {
  overall: Distribution;
  byCluster: Distribution[];
}

/**
 * A metric's distributions from its values (NaN where an organisation lacks it) and the organisations' clusters
 * (0-based): what buildPeerReference keeps per metric, and what a worker makes while this thread goes on after a
 * fit (cluster/kmeans.ts qualityInBackground). O(n log n).
 */
export function metricDistributions(values: Float64Array, labels: ArrayLike<number>, k: number): MetricDistributions {
  // Every present value (a distribution sorts them: their order is no matter), and each cluster's.
  const { grouped, bounds } = groupByLabel(values, labels, k);
  // Each cluster's values sorted where they are, and the population's by merging them (half a sort's time).
  for (let c = 0; c < k; c++) grouped.subarray(bounds[c]!, bounds[c + 1]!).sort();
  return { overall: distributionOfSorted(mergeSortedRuns(grouped, bounds)), byCluster: Array.from({ length: k }, (_, c) => distributionOfSorted(grouped.subarray(bounds[c]!, bounds[c + 1]!))) };
}

/**
 * Each of PEER_METRICS' values (NaN where missing) in the records' order, what metricDistributions takes; null
 * for a metric no organisation has (its distributions are those of no values). An array read for such a metric is
 * read into again for the next, so that absent metrics touch no new memory (an organisation table lacks four).
 */
export function peerMetricValues(records: readonly OrgRecord[]): (Float64Array | null)[] {
  let unused: Float64Array | undefined;
  return PEER_METRICS.map(({ metric }) => {
    const values = unused ?? new Float64Array(records.length);
    unused = readMetric(records, metric, values) === 0 ? values : undefined;
    return unused === undefined ? values : null;
  });
}

/**
 * Builds the reference from organisations and their clusters (0-based). O(n log n). `distributions`: each of
 * PEER_METRICS' (metricDistributions of peerMetricValues), where they were made already (on a worker).
 */
export function buildPeerReference(records: readonly OrgRecord[], labels: ArrayLike<number>, k: number, distributions?: readonly MetricDistributions[]): PeerReference {
  const clusterSizes = new Array<number>(k).fill(0);
  for (let i = 0; i < records.length; i++) clusterSizes[labels[i]!]!++;
  const values = distributions === undefined ? new Float64Array(records.length) : undefined;
  const metrics = PEER_METRICS.map(({ metric }, m) => {
    if (distributions !== undefined) return { metric, ...distributions[m]! };
    readMetric(records, metric, values!);
    return { metric, ...metricDistributions(values!, labels, k) };
  });
  const served: Partial<Record<Channel, number>>[] = Array.from({ length: k }, () => ({}));
  records.forEach((r, i) => {
    const counts = served[labels[i]!]!;
    for (const c of r.channels) if (c.tickets > 0) counts[c.channel] = (counts[c.channel] ?? 0) + 1;
  });
  const channelServed = served.map((counts, c) => {
    const shares: Partial<Record<Channel, number>> = {};
    for (const channel of CHANNELS) if (counts[channel] !== undefined) shares[channel] = counts[channel]! / clusterSizes[c]!;
    return shares;
  });
  return { clusterSizes, metrics, channelServed };
}

export interface PeerStanding {
  metric: keyof OrgMetrics;
  value: number | null;
  better: 'lower' | 'higher';
  /** Cluster peers with a value of the metric (the organisation itself never among them). */
  clusterPeers: number;
  clusterMedian: number | null;
  overallMedian: number | null;
  /** Percentile rank of the value (0–100, by value, not by merit) within the cluster and overall. */
  clusterPercentile: number | null;
  overallPercentile: number | null;
  /** The share of cluster peers this organisation does better than (0–100): the percentile, turned for lower-is-better metrics. */
  betterThanClusterPct: number | null;
  /** Why the cluster figures are missing when the organisation has a value ("only 1 peer has it; 3 needed"), else null. */
  clusterNote: string | null;
}

export interface CoverageGap {
  channel: Channel;
  /** Share of the cluster's organisations serving the channel. */
  clusterShare: number;
}

export interface PeerBenchmark {
  clusterSize: number;
  /** Other organisations in the cluster: its size less this organisation when it is one of the reference's. */
  peers: number;
  standings: PeerStanding[];
  /** Channels that more than half of the cluster serves and this organisation does not. */
  coverageGaps: CoverageGap[];
}

/** Share of a cluster above which a channel the organisation lacks counts as a coverage gap. */
export const COVERAGE_GAP_SHARE = 0.5;

/** "no peers", "1 peer", "2 peers". */
export function peersPhrase(n: number): string {
  return n === 0 ? 'no peers' : `${n} ${n === 1 ? 'peer' : 'peers'}`;
}

/** Which way is better, per peer metric. */
const PEER_BETTER = new Map(PEER_METRICS.map((m) => [m.metric, m.better]));

/**
 * The standing of an organisation without a value for a metric depends on its cluster alone: made once per
 * reference, cluster and metric, and shared (an organisation table lacking four of the seven metrics holds
 * 500,000 × 4 of them otherwise).
 */
const ABSENT_STANDINGS = new WeakMap<PeerReference, Map<number, PeerStanding>>();

function absentStanding(reference: PeerReference, cluster: number, m: number): PeerStanding {
  let byKey = ABSENT_STANDINGS.get(reference);
  if (byKey === undefined) ABSENT_STANDINGS.set(reference, (byKey = new Map()));
  const key = cluster * reference.metrics.length + m;
  let standing = byKey.get(key);
  if (standing === undefined) {
    const { metric, overall, byCluster } = reference.metrics[m]!;
    const inCluster = byCluster[cluster]!;
    standing = {
      metric,
      value: null,
      better: PEER_BETTER.get(metric)!,
      clusterPeers: inCluster.n,
      clusterMedian: inCluster.n >= MIN_PEERS ? medianOf(inCluster) : null,
      overallMedian: overall.n >= MIN_PEERS ? medianOf(overall) : null,
      clusterPercentile: null,
      overallPercentile: null,
      betterThanClusterPct: null,
      clusterNote: null,
    };
    byKey.set(key, standing);
  }
  return standing;
}

/**
 * Where one organisation stands; it is never its own peer. `membership`: 'member' when the reference was built
 * from this run's organisations, it among them; 'recognise' when the reference is a saved model's, where the
 * organisation counts as one of its training organisations when each of its values is one of its cluster's
 * (the same organisation placed again). A member's own value is taken out of its cluster and of the population
 * first. Cluster figures rest on at least MIN_PEERS peers with the metric, or are null with a note saying why.
 */
export function peerBenchmark(record: OrgRecord, cluster: number, reference: PeerReference, membership: 'member' | 'recognise'): PeerBenchmark {
  const isMember = isMemberOf(record, cluster, reference, membership);
  // Indexed loops, no callbacks or per-metric objects but the standing: this runs for every organisation.
  const standings: PeerStanding[] = [];
  for (let r = 0; r < reference.metrics.length; r++) standings.push(standingAt(record, cluster, reference, isMember, r));
  const clusterSize = reference.clusterSizes[cluster] ?? 0;
  return { clusterSize, peers: clusterSize - (isMember ? 1 : 0), standings, coverageGaps: gapsAmongPeers(record, cluster, reference, isMember) };
}

/**
 * peerBenchmark's standing on PEER_METRICS[m] alone (undefined where the reference lacks the metric): for
 * reports that make a standing's cells one at a time (the table measures a column without the others).
 */
export function peerStanding(record: OrgRecord, cluster: number, reference: PeerReference, membership: 'member' | 'recognise', m: number): PeerStanding | undefined {
  const r = referencePlaces(reference)[m]!;
  return r < 0 ? undefined : standingAt(record, cluster, reference, isMemberOf(record, cluster, reference, membership), r);
}

/**
 * peerStanding's betterThanClusterPct alone (undefined where the reference lacks the metric): the cluster's
 * percentile only, no medians, no overall figures and no standing object, for cells that show only it.
 */
export function peerBetterThan(record: OrgRecord, cluster: number, reference: PeerReference, membership: 'member' | 'recognise', m: number): number | null | undefined {
  const r = referencePlaces(reference)[m]!;
  if (r < 0) return undefined;
  const { metric, byCluster } = reference.metrics[r]!;
  const value = record.metrics[metric];
  if (value === null || !Number.isFinite(value)) return null;
  const inCluster = byCluster[cluster]!;
  const percentile = clusterPercentileOf(inCluster, peerView(inCluster, value, isMemberOf(record, cluster, reference, membership)), value);
  return percentile === null ? null : betterThan(percentile, PEER_BETTER.get(metric)!);
}

/** The value's percentile among its cluster's peers in `view`, or null with fewer than MIN_PEERS of them. */
function clusterPercentileOf(inCluster: Distribution, view: number, value: number): number | null {
  return peersIn(inCluster, view) >= MIN_PEERS ? percentileInView(inCluster, view, value) : null;
}

/** peerBenchmark's coverage gaps alone, no standing worked out. */
export function peerCoverageGaps(record: OrgRecord, cluster: number, reference: PeerReference, membership: 'member' | 'recognise'): CoverageGap[] {
  return gapsAmongPeers(record, cluster, reference, isMemberOf(record, cluster, reference, membership));
}

function isMemberOf(record: OrgRecord, cluster: number, reference: PeerReference, membership: 'member' | 'recognise'): boolean {
  return membership === 'member' || isRecognised(record, cluster, reference);
}

/** The standing on the reference's r-th metric. */
function standingAt(record: OrgRecord, cluster: number, reference: PeerReference, isMember: boolean, r: number): PeerStanding {
  const { metric, overall, byCluster } = reference.metrics[r]!;
  const value = record.metrics[metric];
  if (value === null || !Number.isFinite(value)) return absentStanding(reference, cluster, r);
  const better = PEER_BETTER.get(metric)!;
  const inCluster = byCluster[cluster]!;
  const clusterView = peerView(inCluster, value, isMember);
  const everyoneView = peerView(overall, value, isMember);
  const clusterPeers = peersIn(inCluster, clusterView);
  const everyone = peersIn(overall, everyoneView);
  const isEnough = clusterPeers >= MIN_PEERS;
  const clusterPercentile = clusterPercentileOf(inCluster, clusterView, value);
  return {
    metric,
    value,
    better,
    clusterPeers,
    clusterMedian: isEnough ? medianOfView(inCluster, clusterView) : null,
    overallMedian: everyone >= MIN_PEERS ? medianOfView(overall, everyoneView) : null,
    clusterPercentile,
    overallPercentile: everyone < MIN_PEERS ? null : percentileInView(overall, everyoneView, value),
    betterThanClusterPct: clusterPercentile === null ? null : betterThan(clusterPercentile, better),
    clusterNote: isEnough ? null : `${clusterPeers === 0 ? 'no peer in the cluster has it' : `only ${peersPhrase(clusterPeers)} in the cluster ${clusterPeers === 1 ? 'has' : 'have'} it`}; ${MIN_PEERS} needed`,
  };
}

/** Coverage gaps speak for the cluster: only with enough peers to speak for. */
function gapsAmongPeers(record: OrgRecord, cluster: number, reference: PeerReference, isMember: boolean): CoverageGap[] {
  const peers = (reference.clusterSizes[cluster] ?? 0) - (isMember ? 1 : 0);
  return peers < MIN_PEERS ? [] : coverageGaps(record, reference.channelServed[cluster] ?? NOTHING_SERVED);
}

/** Where each of PEER_METRICS is in the reference's metrics (−1 where it is not), worked out once per reference. */
const REFERENCE_PLACES = new WeakMap<PeerReference, Int32Array>();

function referencePlaces(reference: PeerReference): Int32Array {
  let places = REFERENCE_PLACES.get(reference);
  if (places === undefined) {
    places = Int32Array.from(PEER_METRICS, (m) => reference.metrics.findIndex((r) => r.metric === m.metric));
    REFERENCE_PLACES.set(reference, places);
  }
  return places;
}

/** Channels more than COVERAGE_GAP_SHARE of the cluster serves and the organisation does not. */
function coverageGaps(record: OrgRecord, served: Partial<Record<Channel, number>>): CoverageGap[] {
  const gaps: CoverageGap[] = [];
  for (const { channel, share } of widelyServed(served)) {
    if (!record.channels.some((c) => c.channel === channel && c.tickets > 0)) gaps.push({ channel, clusterShare: share });
  }
  return gaps;
}

/** The channels more than COVERAGE_GAP_SHARE of a cluster serves, in CHANNELS order: worked out once per cluster, not per organisation. */
const NOTHING_SERVED: Partial<Record<Channel, number>> = {};
const WIDELY_SERVED = new WeakMap<Partial<Record<Channel, number>>, { channel: Channel; share: number }[]>();

function widelyServed(served: Partial<Record<Channel, number>>): { channel: Channel; share: number }[] {
  let channels = WIDELY_SERVED.get(served);
  if (channels === undefined) {
    channels = CHANNELS.flatMap((channel) => ((served[channel] ?? 0) > COVERAGE_GAP_SHARE ? [{ channel, share: served[channel]! }] : []));
    WIDELY_SERVED.set(served, channels);
  }
  return channels;
}

/**
 * Whether a saved model's reference holds this organisation: each of its values is one of its cluster's (a whole
 * distribution's; never on a quantile grid), and it has at least one.
 */
function isRecognised(record: OrgRecord, cluster: number, reference: PeerReference): boolean {
  let known = 0;
  for (const m of reference.metrics) {
    const value = record.metrics[m.metric];
    if (value === null || !Number.isFinite(value)) continue;
    known++;
    const distribution = m.byCluster[cluster]!;
    if (distribution.n !== distribution.values.length || peerView(distribution, value, true) < 0) return false;
  }
  return known > 0;
}

/**
 * The standing on PEER_METRICS[m]: at place m where the reference holds the metrics in that order (always, for a
 * reference built in this run), else found by name (a saved model's may hold them otherwise).
 */
export function standingFor(benchmark: PeerBenchmark, m: number): PeerStanding | undefined {
  const metric = PEER_METRICS[m]!.metric;
  const at = benchmark.standings[m];
  return at?.metric === metric ? at : benchmark.standings.find((s) => s.metric === metric);
}

/** A percentile rank by value, as "better than this share of the reference". */
export function betterThan(percentile: number, better: 'lower' | 'higher'): number {
  return better === 'higher' ? percentile : 100 - percentile;
}
