import { describe, expect, it } from 'vitest';
import { channelGaps } from '../../src/benchmark/channel-gaps.js';
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
  };
}
const org = (name: string, channels: ChannelMetrics[]): OrgRecord => ({ name, metrics: emptyMetrics(), channels });

// Hand-worked: A's email (10 h) against its best channel, chat (2 h): +8 h, 5×; against the other members'
// email medians (4 h, 6 h and 5 h → median 5 h): +5 h, 2×. Both ≥ 1.5× with ≥ 20 solved tickets: flagged.
describe('channelGaps', () => {
  const records = [
    org('A', [channel('email', 30, 10), channel('chat', 30, 2)]),
    org('B', [channel('email', 30, 4)]),
    org('C', [channel('email', 25, 6)]),
    org('E', [channel('email', 40, 5)]),
    org('D', [channel('email', 30, 50), channel('phone', 5, 1)]),
  ];
  const gaps = channelGaps(records, [0, 0, 0, 0, 1], { ratio: 1.5, minTickets: 20 });

  it('compares with the best channel and the peers, and flags when both are slow', () => {
    expect(gaps[0]![0]).toEqual({
      channel: 'email',
      bestChannel: 'chat',
      gapVsBestHours: 8,
      gapVsBestRatio: 5,
      peerMedianHours: 5,
      nPeers: 3,
      gapVsPeersHours: 5,
      gapVsPeersRatio: 2,
      flagged: true,
    });
    expect(gaps[0]![1]!.flagged).toBe(false);
  });
  it('does not flag an organisation’s best channel', () => {
    expect(gaps[1]![0]!.gapVsBestRatio).toBe(1);
    expect(gaps[1]![0]!.flagged).toBe(false);
  });
  it('ignores channels with too few solved tickets, and peers in other clusters', () => {
    // D's phone has 5 solved tickets: not its best channel; D is alone in its cluster: no peers.
    expect(gaps[4]![0]!.bestChannel).toBe('email');
    expect(gaps[4]![0]!.peerMedianHours).toBeNull();
    expect(gaps[4]![1]!.flagged).toBe(false);
  });
  it('gives no peer median from fewer than 3 peers', () => {
    // Without E, A's email has two peers (B and C): no peer median, and the flag rests on the best channel alone.
    const two = channelGaps(records.filter((r) => r.name !== 'E'), [0, 0, 0, 1], { ratio: 1.5, minTickets: 20 });
    expect(two[0]![0]!.nPeers).toBe(2);
    expect(two[0]![0]!.peerMedianHours).toBeNull();
    expect(two[0]![0]!.gapVsPeersRatio).toBeNull();
    expect(two[0]![0]!.flagged).toBe(true);
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
