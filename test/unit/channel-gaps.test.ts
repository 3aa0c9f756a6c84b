// Channel gaps on hand-made organisations: every expected value below is worked out in the comments.

import { describe, expect, it } from 'vitest';
import { channelGaps, type CountWithin } from '../../src/benchmark/channel-gaps.js';
import type { ChannelMetrics, OrgRecord } from '../../src/metrics/org-metrics.js';
import { emptyMetrics } from '../../src/metrics/org-metrics.js';

function channel(name: ChannelMetrics['channel'], solved: number, medianHours: number): ChannelMetrics {
  return {
    channel: name,
    tickets: solved,
    solvedTickets: solved,
    share: 0,
    firstReplyMedianHours: null,
    firstReplyP90Hours: null,
    resolutionMedianHours: medianHours,
    resolutionP90Hours: null,
    csat: null,
    csatRated: 0,
    resolvedWithin24h: 0,
    resolvedIn24to48h: 0,
    resolvedAfter48h: 0,
    requesters: null,
    repeatContactShare: null,
  };
}
const org = (name: string, channels: ChannelMetrics[]): OrgRecord => ({ name, metrics: emptyMetrics(), channels });
const thresholds = { ratio: 1.5, minTickets: 20, floorMinutes: 1 };

// Hand-worked: A's email (10 h) against its reference channel, chat (2 h): +8 h, 5×; against the other members'
// email medians (4 h, 6 h and 5 h → median 5 h): +5 h, 2×. Both ≥ 1.5× with ≥ 20 solved tickets: both kinds.
describe('channelGaps', () => {
  const records = [
    org('A', [channel('email', 30, 10), channel('chat', 30, 2)]),
    org('B', [channel('email', 30, 4)]),
    org('C', [channel('email', 25, 6)]),
    org('E', [channel('email', 40, 5)]),
    org('D', [channel('email', 30, 50), channel('phone', 5, 1)]),
  ];
  const gaps = channelGaps(records, [0, 0, 0, 0, 1], thresholds);

  it('compares with the reference channel and the peers, and says which kinds are slow', () => {
    expect(gaps[0]![0]).toEqual({
      channel: 'email',
      referenceChannel: 'chat',
      gapVsReferenceHours: 8,
      gapVsReferenceRatio: 5,
      peerMedianHours: 5,
      nPeers: 3,
      gapVsPeersHours: 5,
      gapVsPeersRatio: 2,
      isInconsistent: true,
      isPeerGap: true,
      flagged: true,
      movableVsReference: null,
      movableVsPeers: null,
    });
    expect(gaps[0]![1]!.flagged).toBe(false);
  });
  it('does not flag an organisation’s reference channel', () => {
    expect(gaps[1]![0]!.gapVsReferenceRatio).toBe(1);
    expect(gaps[1]![0]!.flagged).toBe(false);
  });
  it('ignores channels with too few solved tickets, and peers in other clusters', () => {
    // D's phone has 5 solved tickets: not its reference; D is alone in its cluster: no peers.
    expect(gaps[4]![0]!.referenceChannel).toBe('email');
    expect(gaps[4]![0]!.peerMedianHours).toBeNull();
    expect(gaps[4]![1]!.flagged).toBe(false);
  });
  it('flags each kind on its own', () => {
    // C's email (6 h) against its peers A 10, B 4, E 5 → median 5 h: 1.2×, no peer gap; but C's chat (1 h)
    // makes email 6× its reference: an inconsistency alone.
    const own = channelGaps([...records.slice(0, 2), org('C', [channel('email', 25, 6), channel('chat', 25, 1)]), ...records.slice(3)], [0, 0, 0, 0, 1], thresholds);
    expect(own[2]![0]).toMatchObject({ isInconsistent: true, isPeerGap: false, flagged: true, gapVsPeersRatio: 1.2 });
    // D's email (50 h) is its own reference (1×); with A, B, C, E as its cluster (medians 10, 4, 6, 5 → 5.5 h)
    // it is 9.09× its peers: a peer gap alone.
    const peer = channelGaps(records, [0, 0, 0, 0, 0], thresholds);
    expect(peer[4]![0]).toMatchObject({ isInconsistent: false, isPeerGap: true, flagged: true, peerMedianHours: 5.5 });
  });
  it('gives no peer median from fewer than 3 peers, and then flags on the reference alone', () => {
    // Without E, A's email has two peers (B and C): no peer median.
    const two = channelGaps(records.filter((r) => r.name !== 'E'), [0, 0, 0, 1], thresholds);
    expect(two[0]![0]!.nPeers).toBe(2);
    expect(two[0]![0]!.peerMedianHours).toBeNull();
    expect(two[0]![0]!.gapVsPeersRatio).toBeNull();
    expect(two[0]![0]).toMatchObject({ isInconsistent: true, isPeerGap: false, flagged: true });
  });
  it('takes no channel below the floor for a reference (requests closed as they are opened)', () => {
    // A 311-like organisation: internal requests close at once (0 h), phone takes 147 h, web 12 h. Without a
    // floor every ratio against 0 h is undefined and nothing is flagged; with the 1-minute floor, web (12 h)
    // is the reference and phone is 12.25× it.
    const city = [org('City', [channel('other', 900, 0), channel('phone', 1640, 147), channel('web', 400, 12)])];
    const floored = channelGaps(city, [0], thresholds)[0]!;
    expect(floored.map((g) => g.referenceChannel)).toEqual(['web', 'web', 'web']);
    expect(floored[1]).toMatchObject({ gapVsReferenceRatio: 12.25, isInconsistent: true });
    const unfloored = channelGaps(city, [0], { ...thresholds, floorMinutes: 0 })[0]!;
    expect(unfloored[1]).toMatchObject({ referenceChannel: 'other', gapVsReferenceRatio: null, isInconsistent: false });
  });
  it('counts the tickets over 24 h that matching the comparison would bring within 24 h', () => {
    // A's email: 10 h median against chat's 2 h (factor 0.2) and peers' 5 h (factor 0.5). Its solved tickets
    // take 2, 20, 30, 60, 100 and 200 h. Within 24 h now: 2 (2 h, 20 h). Scaled by 0.2 they take 0.4, 4, 6, 12,
    // 20, 40 h: 5 within 24 h, so 3 move. Scaled by 0.5: 1, 10, 15, 30, 50, 100 h: 3 within, so 1 moves.
    const times = [2, 20, 30, 60, 100, 200].map((h) => h * 60);
    const countWithin: CountWithin = (i, ch, minutes) => (i === 0 && ch === 'email' ? times.filter((t) => t <= minutes).length : 0);
    const priced = channelGaps(records, [0, 0, 0, 0, 1], thresholds, undefined, countWithin);
    expect(priced[0]![0]).toMatchObject({ movableVsReference: 3, movableVsPeers: 1 });
    // A channel not flagged for a kind has no figure for it.
    expect(priced[1]![0]).toMatchObject({ movableVsReference: null, movableVsPeers: null });
  });
});

describe('medianExcluding', () => {
  it('is the median of the others, as a fresh median would be', async () => {
    const { medianExcluding } = await import('../../src/benchmark/channel-gaps.js');
    const { median } = await import('../../src/metrics/quantile.js');
    const values = Float64Array.of(1, 2, 4, 4, 7, 9);
    for (let skip = 0; skip < values.length; skip++) {
      const others = [...values].filter((_, i) => i !== skip);
      expect(medianExcluding(values, skip)).toBe(median(others));
    }
    expect(medianExcluding(Float64Array.of(3), 0)).toBeNull();
    expect(medianExcluding(Float64Array.of(3, 5), -1)).toBe(4);
  });
});
