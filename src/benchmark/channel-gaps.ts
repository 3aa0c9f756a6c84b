// Per-channel resolution gaps (docs/method.md): each channel against the organisation's best and its peers' same channel.

import { CHANNELS, type Channel } from '../ingest/channels.js';
import { CHANNEL_INDEX } from '../metrics/accumulator.js';
import { lowerBound } from '../metrics/lower-bound.js';
import type { OrgRecord } from '../metrics/org-metrics.js';
import { MIN_PEERS, distributionOf, medianExcluding, type Distribution } from './peers.js';

export interface GapThresholds {
  /** A gap counts when the channel's median resolution is at least this many times the comparison's. */
  ratio: number;
  /** … and the channel has at least this many solved tickets. */
  minTickets: number;
  /**
   * A channel whose median resolution is below this many minutes is no reference for the organisation's other
   * channels: its requests close as they are opened (internal or automated ones), and every ratio against it
   * would be meaningless.
   */
  floorMinutes: number;
}

export const DEFAULT_GAP_THRESHOLDS: GapThresholds = { ratio: 1.5, minTickets: 20, floorMinutes: 1 };

export interface ChannelGap {
  channel: Channel;
  /** The organisation's fastest channel by median resolution among channels with enough solved tickets and a median at or above the floor. */
  referenceChannel: Channel | null;
  gapVsReferenceHours: number | null;
  gapVsReferenceRatio: number | null;
  /** Median, over the other members of the cluster with enough solved tickets in this channel, of their median resolution (null with fewer than MIN_PEERS of them). */
  peerMedianHours: number | null;
  nPeers: number;
  gapVsPeersHours: number | null;
  gapVsPeersRatio: number | null;
  /** Inconsistency: at least `ratio` times slower than the organisation's own reference channel. */
  isInconsistent: boolean;
  /** Peer gap: at least `ratio` times slower than its cluster peers' median for the same channel. */
  isPeerGap: boolean;
  /** Either kind. */
  flagged: boolean;
  /**
   * For a flagged inconsistency (peer gap): solved tickets that took over 24 h and would have taken 24 h or less had
   * the channel matched the reference's median (its peers' median), every solved ticket's time scaled by
   * comparison median ÷ channel median. Null for a channel not flagged for that kind, or without ticket times.
   */
  movableVsReference: number | null;
  movableVsPeers: number | null;
}

/** Solved tickets of organisation i's channel taking at most `minutes`; undefined where the input has no ticket times. */
export type CountWithin = (org: number, channel: Channel, minutes: number) => number | undefined;

const DAY_MINUTES = 24 * 60;

/** Tickets over 24 h that scaling the channel's times by `factor` (< 1) would bring within 24 h. */
function movable(countWithin: CountWithin | undefined, org: number, channel: Channel, factor: number | null): number | null {
  if (countWithin === undefined || factor === null) return null;
  if (factor >= 1) return 0;
  const now = countWithin(org, channel, DAY_MINUTES);
  const scaled = countWithin(org, channel, DAY_MINUTES / factor);
  return now === undefined || scaled === undefined ? null : scaled - now;
}

function ratioOf(value: number, reference: number): number | null {
  return reference > 0 ? value / reference : null;
}

export { medianExcluding } from './peers.js';

/** Per cluster (0-based), the distribution of eligible organisations' median resolution hours per channel: what a saved model keeps. */
export type ChannelPeers = Partial<Record<Channel, Distribution>>[];

/** The key of a cluster × channel list: cluster · channels + the channel's index. */
function listKey(cluster: number, channel: Channel): number {
  return cluster * CHANNELS.length + CHANNEL_INDEX[channel];
}

/** Eligible organisations' median resolution hours by cluster × channel (listKey), in record order. */
function eligibleLists(records: readonly OrgRecord[], clusters: ArrayLike<number>, minTickets: number): Map<number, number[]> {
  const lists = new Map<number, number[]>();
  // Indexed loops: run once per report, this code mostly runs before it is optimised, where they are cheaper.
  for (let i = 0; i < records.length; i++) {
    const channels = records[i]!.channels;
    for (let j = 0; j < channels.length; j++) {
      const c = channels[j]!;
      if (c.solvedTickets < minTickets || c.resolutionMedianHours === null) continue;
      const key = listKey(clusters[i]!, c.channel);
      const list = lists.get(key);
      if (list === undefined) lists.set(key, [c.resolutionMedianHours]);
      else list.push(c.resolutionMedianHours);
    }
  }
  return lists;
}

/** The channel peer distributions of k clusters, for a saved model. */
export function buildChannelPeers(records: readonly OrgRecord[], clusters: ArrayLike<number>, k: number, minTickets: number): ChannelPeers {
  const peers: ChannelPeers = Array.from({ length: k }, () => ({}));
  for (const [key, values] of eligibleLists(records, clusters, minTickets)) {
    peers[Math.floor(key / CHANNELS.length)]![CHANNELS[key % CHANNELS.length]!] = distributionOf(values);
  }
  return peers;
}

/**
 * Computes every channel's gaps, each kind flagged on its own. A channel with at least `minTickets` solved tickets
 * is *inconsistent* when its median resolution is at least `ratio` × the organisation's reference channel's (its
 * fastest channel with enough solved tickets and a median of at least `floorMinutes`), and has a *peer gap* when
 * it is at least `ratio` × its peers' median for the same channel (with at least MIN_PEERS peers).
 * `clusters[i]` is the cluster of `records[i]` (all in one group when clustering was not run).
 * O(orgs · channels · log(cluster size)).
 *
 * With `reference` (a saved model's channel peers), each organisation is compared with the model's cluster
 * peers (less one value equal to its own: the same organisation, when the model was fitted on it); without,
 * with the other members of its cluster in this run. With `countWithin`, the tickets each gap keeps over 24 h.
 */
export function channelGaps(records: readonly OrgRecord[], clusters: ArrayLike<number>, thresholds: GapThresholds, reference?: ChannelPeers, countWithin?: CountWithin): ChannelGap[][] {
  const { minTickets, ratio } = thresholds;
  const floorHours = thresholds.floorMinutes / 60;
  // Eligible medians per cluster and channel, sorted once, so each organisation's peer median (the others')
  // is a lookup rather than a sort.
  const sortedLists = new Map<number, Float64Array>();
  if (reference === undefined) {
    for (const [key, values] of eligibleLists(records, clusters, minTickets)) sortedLists.set(key, Float64Array.from(values).sort());
  } else {
    reference.forEach((byChannel, cluster) => {
      for (const [channel, distribution] of Object.entries(byChannel)) sortedLists.set(listKey(cluster, channel as Channel), Float64Array.from(distribution.values));
    });
  }
  const none = new Float64Array(0);
  const out: ChannelGap[][] = [];
  for (let i = 0; i < records.length; i++) {
    const channels = records[i]!.channels;
    // The reference: the fastest eligible channel at or above the floor.
    let best = -1;
    for (let j = 0; j < channels.length; j++) {
      const c = channels[j]!;
      const hours = c.resolutionMedianHours;
      if (c.solvedTickets >= minTickets && hours !== null && hours >= floorHours && (best === -1 || hours < channels[best]!.resolutionMedianHours!)) best = j;
    }
    const referenceChannel = best === -1 ? null : channels[best]!.channel;
    const referenceHours = best === -1 ? NaN : channels[best]!.resolutionMedianHours!;
    const gaps: ChannelGap[] = [];
    for (let j = 0; j < channels.length; j++) {
      const c = channels[j]!;
      const value = c.resolutionMedianHours;
      const isEligible = c.solvedTickets >= minTickets && value !== null;
      const sorted = sortedLists.get(listKey(clusters[i]!, c.channel)) ?? none;
      // This organisation is among the sorted values when its own channel is eligible: leave it out. With a saved
      // model, an organisation it was fitted on is recognised by its value being among the model's.
      const at = isEligible ? lowerBound(sorted, value) : -1;
      const self = at !== -1 && (reference === undefined || sorted[at] === value) ? at : -1;
      const nPeers = sorted.length - (self >= 0 ? 1 : 0);
      // A peer median rests on at least MIN_PEERS peers; with fewer there is none.
      const peerMedian = nPeers >= MIN_PEERS ? medianExcluding(sorted, self) : null;
      const gapVsReferenceRatio = value !== null && best !== -1 ? ratioOf(value, referenceHours) : null;
      const gapVsPeersRatio = value !== null && peerMedian !== null ? ratioOf(value, peerMedian) : null;
      const isInconsistent = isEligible && gapVsReferenceRatio !== null && gapVsReferenceRatio >= ratio;
      const isPeerGap = isEligible && gapVsPeersRatio !== null && gapVsPeersRatio >= ratio;
      gaps.push({
        channel: c.channel,
        referenceChannel,
        gapVsReferenceHours: value !== null && best !== -1 ? value - referenceHours : null,
        gapVsReferenceRatio,
        peerMedianHours: peerMedian,
        nPeers,
        gapVsPeersHours: value !== null && peerMedian !== null ? value - peerMedian : null,
        gapVsPeersRatio,
        isInconsistent,
        isPeerGap,
        flagged: isInconsistent || isPeerGap,
        // What closing a gap is worth, for the gaps flagged (counting costs a search of the channel's durations).
        movableVsReference: isInconsistent ? movable(countWithin, i, c.channel, 1 / gapVsReferenceRatio!) : null,
        movableVsPeers: isPeerGap ? movable(countWithin, i, c.channel, 1 / gapVsPeersRatio!) : null,
      });
    }
    out.push(gaps);
  }
  return out;
}
