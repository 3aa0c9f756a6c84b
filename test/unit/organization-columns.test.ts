// The organisations of a ticket export's report as columns (src/report/organization-columns.ts), which a thread
// rendering a share of the report makes them again from: each must come back equal field by field, and a value
// the columns cannot hold exactly must keep the report on one thread. The expected values are the objects
// themselves.

import { describe, expect, it } from 'vitest';
import { AbsentKeys } from '../../src/metrics/absent-keys.js';
import { emptyMetrics } from '../../src/metrics/org-metrics.js';
import { METRIC_KEYS } from '../../src/metrics/registry.js';
import { organizationColumns, organizationsFromColumns } from '../../src/report/organization-columns.js';
import type { Report, ReportChannel, ReportOrganization } from '../../src/report/report.js';

function channel(name: string, values: Partial<ReportChannel>): ReportChannel {
  return {
    channel: name as ReportChannel['channel'],
    tickets: 10,
    solvedTickets: 9,
    share: 0.5,
    firstReplyMedianHours: 1.25,
    firstReplyP90Hours: null,
    resolutionMedianHours: -0,
    resolutionP90Hours: Infinity,
    csat: 0.1 + 0.2,
    csatRated: 3,
    resolvedWithin24h: 4,
    resolvedIn24to48h: 2,
    resolvedAfter48h: 3,
    requesters: null,
    repeatContactShare: null,
    referenceChannel: 'chat',
    gapVsReferenceHours: 2.5,
    gapVsReferenceRatio: 1e-300,
    peerMedianHours: null,
    peers: 0,
    gapVsPeersHours: null,
    gapVsPeersRatio: null,
    inconsistency: true,
    peerGap: false,
    flagged: true,
    movableUnder24hVsReference: 1,
    movableUnder24hVsPeers: null,
    estimatedCostVsReference: null,
    estimatedCostVsPeers: null,
    ...values,
  };
}

function organization(name: string, channels: ReportChannel[], metrics: Partial<ReportOrganization['metrics']> = {}): ReportOrganization {
  return { name, cluster: null, archetype: null, metrics: { ...emptyMetrics(), tickets: 19, csat: 0.7, ...metrics }, channels, peers: null, evidence: null };
}

function reportOf(organizations: ReportOrganization[]): Report {
  const channelKeys = Object.keys(channel('email', {})) as (keyof ReportChannel)[];
  const absentChannel = new AbsentKeys(channelKeys, 'non-null');
  for (const o of organizations) for (const c of o.channels) absentChannel.see(c);
  const absentMetric = new AbsentKeys(METRIC_KEYS, 'finite');
  for (const o of organizations) absentMetric.see(o.metrics);
  return { organizations, unmeasured: { metrics: absentMetric.absent, channelFields: absentChannel.absent } } as unknown as Report;
}

/** What a renderer reads of an organisation's metrics: the measured ones. */
function measuredMetrics(report: Report, o: ReportOrganization): Record<string, unknown> {
  return Object.fromEntries(METRIC_KEYS.filter((key) => !report.unmeasured.metrics.includes(key)).map((key) => [key, o.metrics[key]]));
}

describe('organizationColumns and organizationsFromColumns', () => {
  const organizations = [
    organization('Acme, "Ltd"', [channel('email', {}), channel('phone', { referenceChannel: null, inconsistency: false, flagged: false, gapVsReferenceHours: null, peers: 12 })], { agents: -0, resolutionP90Hours: Infinity }),
    organization('no channels', []),
    organization('日本語', [channel('chat', { requesters: 7, repeatContactShare: 0.25, peerGap: true })], { requesters: 3 }),
  ];

  it('make every organisation again, equal field by field (-0, Infinity, nulls, texts and booleans)', () => {
    const report = reportOf(organizations);
    const columns = organizationColumns(report, 'plain');
    expect(columns).not.toBeNull();
    const make = organizationsFromColumns(columns!, organizations.map((o) => o.name));
    organizations.forEach((o, j) => {
      const made = make(j);
      expect(made.name).toBe(o.name);
      expect(made.channels).toEqual(o.channels);
      // toEqual tells -0 from 0, and Infinity from null.
      made.channels.forEach((c, i) => expect(Object.is(c.resolutionMedianHours, o.channels[i]!.resolutionMedianHours)).toBe(true));
      expect(measuredMetrics(report, made)).toEqual(measuredMetrics(report, o));
      expect(Object.is(made.metrics.agents, o.metrics.agents)).toBe(true);
      expect([made.cluster, made.archetype, made.peers, made.evidence, made.sla]).toEqual([null, null, null, null, undefined]);
    });
    // Fields null in every channel are not kept as columns.
    expect(columns!.channelColumns[columns!.channelKeys.indexOf('estimatedCostVsPeers')]).toBeNull();
    expect(columns!.channelColumns[columns!.channelKeys.indexOf('requesters')]).not.toBeNull();
  });

  it.each<[string, (os: ReportOrganization[]) => void]>([
    ['a NaN, which a column keeps for null', (os) => (os[0]!.channels[1]!.csat = NaN)],
    ['a channel field missing', (os) => delete (os[2]!.channels[0] as Partial<ReportChannel>).gapVsPeersRatio],
    ['a number where a text belongs', (os) => ((os[0]!.channels[0] as unknown as Record<string, unknown>).referenceChannel = 3)],
    ['a metric that is not a number', (os) => ((os[2]!.metrics as unknown as Record<string, unknown>).csat = '0.5')],
    ['a classified organisation', (os) => (os[1]!.cluster = 2)],
    ['service levels', (os) => (os[1]!.sla = {} as ReportOrganization['sla'])],
  ])('keep the report on one thread for %s', (_what, change) => {
    const changed = structuredClone(organizations);
    change(changed);
    expect(organizationColumns(reportOf(changed), 'plain')).toBeNull();
  });
});

describe('AbsentKeys', () => {
  it('finds the keys no object has a value for, against a key-by-key reading', () => {
    const keys = Array.from({ length: 40 }, (_, k) => `k${k}`);
    const objects = Array.from({ length: 500 }, (_, i) => Object.fromEntries(keys.map((key, k) => [key, k % 3 === 0 || (i * 7 + k) % 97 !== 0 ? null : k % 5 === 0 ? NaN : i])));
    for (const presence of ['non-null', 'finite'] as const) {
      const absent = new AbsentKeys(keys, presence);
      for (const o of objects) absent.see(o);
      const has = (v: unknown): boolean => (presence === 'non-null' ? v !== null : typeof v === 'number' && Number.isFinite(v));
      expect(absent.absent).toEqual(keys.filter((key) => !objects.some((o) => has(o[key]))));
    }
  });

  it('says when every key has been seen, so that the caller can stop reading', () => {
    const absent = new AbsentKeys(['a', 'b'], 'non-null');
    expect(absent.see({ a: 1, b: null })).toBe(true);
    expect(absent.see({ a: null, b: 0 })).toBe(false);
    expect(absent.absent).toEqual([]);
  });
});
