// Peer distributions and percentile ranks, checked against hand-worked values and against exact ranks.

import { describe, expect, it } from 'vitest';
import { DISTRIBUTION_POINTS, PEER_METRICS, betterThan, buildPeerReference, distributionOf, medianOf, metricDistributions, peerBetterThan, peerMetricValues, peerStanding, percentileIn } from '../../src/benchmark/peers.js';
import { emptyMetrics, type OrgRecord } from '../../src/metrics/org-metrics.js';
import { Random } from '../../src/cluster/rng.js';

describe('percentile ranks', () => {
  it('share below plus half the share equal (hand-worked)', () => {
    const d = distributionOf([4, 1, 3, 2, 2]); // sorted 1 2 2 3 4
    expect(d.values).toEqual([1, 2, 2, 3, 4]);
    expect(percentileIn(d, 2)).toBe(40); // 1 below, 2 equal: (1 + 1) / 5
    expect(percentileIn(d, 2.5)).toBe(60); // 3 below
    expect(percentileIn(d, 0)).toBe(0);
    expect(percentileIn(d, 9)).toBe(100);
    expect(percentileIn(d, 4)).toBe(90); // 4 below, 1 equal
    expect(percentileIn(distributionOf([]), 1)).toBeNull();
    expect(medianOf(d)).toBe(2);
  });

  it('"better than" turns the rank for lower-is-better metrics', () => {
    expect(betterThan(20, 'lower')).toBe(80);
    expect(betterThan(20, 'higher')).toBe(20);
  });

  it('a large distribution keeps quantiles whose percentiles stay within 0.1 points of the exact ones', () => {
    const rng = new Random(7);
    const random = (): number => rng.next();
    const values = Array.from({ length: 50_000 }, () => Math.exp(3 * random()));
    const d = distributionOf(values);
    expect(d.n).toBe(50_000);
    expect(d.values).toHaveLength(DISTRIBUTION_POINTS);
    const sorted = Float64Array.from(values).sort();
    expect(medianOf(d)).toBeCloseTo((sorted[24_999]! + sorted[25_000]!) / 2, 12);
    for (let i = 0; i < 200; i++) {
      const probe = Math.exp(3 * random());
      const below = sorted.filter((v) => v < probe).length;
      const exact = (100 * below) / sorted.length;
      expect(Math.abs(percentileIn(d, probe)! - exact)).toBeLessThan(0.1);
    }
  });
});

describe('a standing’s "better than" alone (peerBetterThan)', () => {
  const record = (name: string, csat: number | null, frt: number | null): OrgRecord => {
    const metrics = emptyMetrics();
    metrics.csat = csat;
    metrics.firstReplyMedianHours = frt;
    return { name, metrics, channels: [] };
  };
  const CSAT = PEER_METRICS.findIndex((m) => m.metric === 'csat');
  const FRT = PEER_METRICS.findIndex((m) => m.metric === 'firstReplyMedianHours');

  it('hand-worked: the organisation left out of its cluster, the rank turned for lower-is-better', () => {
    // One cluster: CSAT 0.1, 0.2, 0.3, 0.4; first reply 4, 3, 2, 1 hours.
    const records = [record('a', 0.1, 4), record('b', 0.2, 3), record('c', 0.3, 2), record('d', 0.4, 1)];
    const reference = buildPeerReference(records, new Int32Array(4), 1);
    // c among a, b, d: two of three below on CSAT (higher is better): 66.7; on first reply, one of three faster.
    expect(peerBetterThan(records[2]!, 0, reference, 'member', CSAT)).toBeCloseTo(200 / 3, 12);
    expect(peerBetterThan(records[2]!, 0, reference, 'member', FRT)).toBeCloseTo(200 / 3, 12);
    expect(peerBetterThan(records[0]!, 0, reference, 'member', CSAT)).toBe(0);
    expect(peerBetterThan(record('e', null, 1), 0, reference, 'member', CSAT)).toBeNull();
  });

  it('is peerStanding’s betterThanClusterPct for every organisation, metric and membership', () => {
    const rng = new Random(11);
    // Ties (values on a grid of 20), missing values, and a cluster of two (too few peers).
    const records = Array.from({ length: 400 }, (_, i) => record(`o${i}`, rng.next() < 0.1 ? null : Math.floor(rng.next() * 20) / 20, rng.next() < 0.1 ? null : Math.floor(rng.next() * 20)));
    const labels = Int32Array.from(records, (_, i) => (i < 2 ? 3 : i % 3));
    const reference = buildPeerReference(records, labels, 4);
    let given = 0;
    for (const membership of ['member', 'recognise'] as const) {
      records.forEach((r, i) => {
        for (let m = 0; m < PEER_METRICS.length; m++) {
          const expected = peerStanding(r, labels[i]!, reference, membership, m)?.betterThanClusterPct;
          expect(peerBetterThan(r, labels[i]!, reference, membership, m)).toBe(expected);
          if (expected !== null && expected !== undefined) given++;
        }
      });
    }
    expect(given).toBeGreaterThan(500);
  });
});

describe('the peer reference from distributions made elsewhere (a worker, after the fit)', () => {
  it('is the reference built from the records, metrics no organisation has included', () => {
    const rng = new Random(13);
    const records = Array.from({ length: 2_500 }, (_, i) => {
      const metrics = emptyMetrics();
      metrics.csat = rng.next() < 0.2 ? null : Math.floor(rng.next() * 20) / 20;
      metrics.resolutionMedianHours = rng.next() * 300;
      return { name: `o${i}`, metrics, channels: [] } as OrgRecord;
    });
    const labels = Int32Array.from(records, (_, i) => (i * 7) % 5);
    const columns = peerMetricValues(records);
    // Only csat and resolution are measured: the other columns are null, as a worker is given them.
    expect(columns.filter((c) => c !== null)).toHaveLength(2);
    const distributions = columns.map((c) => metricDistributions(c ?? new Float64Array(0), labels, 5));
    expect(buildPeerReference(records, labels, 5, distributions)).toEqual(buildPeerReference(records, labels, 5));
    expect(distributions[PEER_METRICS.findIndex((m) => m.metric === 'resolutionMedianHours')]!.overall.n).toBe(2_500);
  });
});
