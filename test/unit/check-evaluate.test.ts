// `benchmark check` assertions on hand-made reports, where every expected value is worked out by hand:
// each assertion kind and scope, both directions, minSample, a baseline lacking a metric.

import { describe, expect, it } from 'vitest';
import type { Assertion } from '../../src/check/config.js';
import { evaluate, type CheckResult } from '../../src/check/evaluate.js';
import { emptyMetrics } from '../../src/metrics/org-metrics.js';
import type { Report, ReportChannel, ReportOrganization } from '../../src/report/report.js';

type Archetype = NonNullable<ReportOrganization['archetype']>;

function channel(name: ReportChannel['channel'], resolution: number, solved: number, flagged = false): ReportChannel {
  return {
    channel: name, tickets: solved, solvedTickets: solved, share: 0, firstReplyMedianHours: null, firstReplyP90Hours: null,
    resolutionMedianHours: resolution, resolutionP90Hours: null, csat: null, csatRated: 0, resolvedWithin24h: 0, resolvedIn24to48h: 0, resolvedAfter48h: 0, requesters: null, repeatContactShare: null,
    referenceChannel: null, gapVsReferenceHours: null, gapVsReferenceRatio: null, peerMedianHours: null, peers: 0, gapVsPeersHours: null, gapVsPeersRatio: null,
    inconsistency: flagged, peerGap: flagged, flagged, movableUnder24hVsReference: null, movableUnder24hVsPeers: null, estimatedCostVsReference: null, estimatedCostVsPeers: null,
  };
}

function org(name: string, cluster: number, archetype: Archetype, resolution: number | null, csat: number | null, solved: number, channels: ReportChannel[] = []): ReportOrganization {
  return { name, cluster, archetype, metrics: { ...emptyMetrics(), tickets: solved, solvedTickets: solved, csatRated: solved, resolutionMedianHours: resolution, csat }, channels, peers: null, evidence: null };
}

function report(organizations: ReportOrganization[]): Report {
  return { schemaVersion: 3, command: 'classify', organizations } as unknown as Report;
}

// Baseline: A (Late Bloomers) 10 h, CSAT 0.90; B (Captains) 20 h, 0.80; C (Captains) 30 h, 0.70; D small.
const baseline = report([
  org('A', 1, 'Late Bloomers', 10, 0.9, 100, [channel('email', 10, 60), channel('chat', 2, 40)]),
  org('B', 2, 'Captains of Scale', 20, 0.8, 100, [channel('email', 20, 100)]),
  org('C', 2, 'Captains of Scale', 30, 0.7, 100, [channel('email', 30, 100, true)]),
  org('D', 3, 'Relationship Builders', 5, 0.95, 10),
]);
// Current: A slower (13 h: +30%) with email newly flagged and chat gone; B faster (16 h: −20%) and lower CSAT
// (0.72: −10%); C unchanged but moved cluster and archetype; D gone.
const current = report([
  org('A', 1, 'Late Bloomers', 13, 0.9, 100, [channel('email', 13, 100, true)]),
  org('B', 2, 'Captains of Scale', 16, 0.72, 100, [channel('email', 16, 100)]),
  org('C', 4, 'Masters of Complexity', 30, 0.7, 100, [channel('email', 30, 100, true)]),
]);

function run(...assertions: Assertion[]): CheckResult[] {
  return evaluate({ assertions }, baseline, current).results;
}

function statusBy(results: CheckResult[]): Record<string, string> {
  return Object.fromEntries(results.map((r) => [r.scopeText, r.status]));
}

describe('metric assertions', () => {
  it('relative bounds in the worse direction: resolution rising, CSAT falling', () => {
    const [a] = run({ metric: 'resolutionMedianHours', scope: { organization: 'A' }, maxIncreasePct: 20 });
    expect(a).toMatchObject({ status: 'fail', baseline: 10, current: 13, delta: 3 });
    expect(a!.deltaPct).toBeCloseTo(30, 12);
    expect(a!.notice).toBe('rose 30.0%, more than 20%');
    // B got faster: a decrease of resolution is no regression.
    expect(run({ metric: 'resolutionMedianHours', scope: { organization: 'B' }, maxIncreasePct: 5 })[0]!.status).toBe('pass');
    const [csat] = run({ metric: 'csat', scope: { organization: 'B' }, maxDecreasePct: 5, level: 'warn' });
    expect(csat).toMatchObject({ status: 'warn', notice: 'fell 10.0%, more than 5%' });
    expect(run({ metric: 'csat', scope: { organization: 'B' }, maxDecreasePct: 15 })[0]!.status).toBe('pass');
  });

  it('absolute bounds, with no baseline needed', () => {
    expect(run({ metric: 'resolutionMedianHours', scope: { organization: 'A' }, max: 12 })[0]).toMatchObject({ status: 'fail', notice: 'above the maximum 12' });
    expect(run({ metric: 'csat', scope: { organization: 'B' }, min: 0.75 })[0]).toMatchObject({ status: 'fail', notice: 'below the minimum 0.75' });
    expect(run({ metric: 'csat', scope: { organization: 'B' }, min: 0.7 })[0]!.status).toBe('pass');
  });

  it('all organisations: median, p90 and mean across organisations (type-7 quantiles)', () => {
    // Current resolution 13, 16, 30; baseline 10, 20, 30, 5.
    const [median] = run({ metric: 'resolutionMedianHours', maxIncreasePct: 100 });
    expect(median).toMatchObject({ scopeText: 'all organisations', baseline: 15, current: 16, aggregation: 'median' }); // (10 + 20) / 2
    const [p90] = run({ metric: 'resolutionMedianHours', aggregation: 'p90', max: 100 });
    expect(p90!.current).toBeCloseTo(27.2, 12); // 16 + 0.8 × (30 − 16)
    expect(p90!.baseline).toBeCloseTo(27, 12); // h = 2.7 on 5, 10, 20, 30: 20 + 0.7 × 10
    const [mean] = run({ metric: 'resolutionMedianHours', aggregation: 'mean', max: 100 });
    expect(mean!.current).toBeCloseTo(59 / 3, 12);
    expect(mean!.baseline).toBe(16.25);
  });

  it('archetype scope, one and each', () => {
    const [captains] = run({ metric: 'resolutionMedianHours', scope: { archetype: 'Captains of Scale' }, maxIncreasePct: 10 });
    // Captains now: B only (C moved): 16; baseline B and C: 25.
    expect(captains).toMatchObject({ baseline: 25, current: 16, status: 'pass' });
    const each = run({ metric: 'resolutionMedianHours', scope: { archetype: '*' }, maxIncreasePct: 10 });
    expect(statusBy(each)).toEqual({
      'archetype Relationship Builders': 'skipped',
      'archetype Masters of Complexity': 'skipped',
      'archetype Late Bloomers': 'fail',
      'archetype Captains of Scale': 'pass',
    });
    expect(each[0]!.notice).toBe('not in the current data');
    expect(each[1]!.notice).toBe('not in the baseline');
  });

  it('channel, each channel, and organisation × channel scopes', () => {
    const [email] = run({ metric: 'resolutionMedianHours', scope: { channel: 'email' }, maxIncreasePct: 10 });
    expect(email).toMatchObject({ baseline: 20, current: 16, status: 'pass', sample: { current: 300, baseline: 260 } });
    const each = run({ metric: 'resolutionMedianHours', scope: { channel: '*' }, max: 25, minSample: 1 });
    expect(statusBy(each)).toEqual({ 'channel email': 'pass', 'channel chat': 'skipped' });
    const [aEmail] = run({ metric: 'resolutionMedianHours', scope: { organization: 'A', channel: 'email' }, maxIncreasePct: 20 });
    expect(aEmail).toMatchObject({ scopeText: 'A × channel email', baseline: 10, current: 13, status: 'fail' });
  });

  it('each organisation; minSample skips with a notice and never passes silently', () => {
    const each = run({ metric: 'resolutionMedianHours', scope: { organization: '*' }, maxIncreasePct: 20, minSample: 30 });
    expect(statusBy(each)).toEqual({ A: 'fail', B: 'pass', C: 'pass', D: 'skipped' });
    expect(each.find((r) => r.scopeText === 'D')!.notice).toBe('not in the current data');
    const small = run({ metric: 'resolutionMedianHours', scope: { organization: 'A' }, maxIncreasePct: 20, minSample: 101 });
    expect(small[0]).toMatchObject({ status: 'skipped', notice: 'too few tickets: 100 < minSample 101' });
  });

  it('a baseline lacking the metric skips relative bounds, but still applies absolute ones', () => {
    const lacking = report(baseline.organizations.map((o) => ({ ...o, metrics: { ...o.metrics, resolutionMedianHours: null } })));
    const [relative] = evaluate({ assertions: [{ metric: 'resolutionMedianHours', scope: { organization: 'A' }, maxIncreasePct: 20 }] }, lacking, current).results;
    expect(relative).toMatchObject({ status: 'skipped', notice: 'the baseline lacks resolutionMedianHours' });
    const [both] = evaluate({ assertions: [{ metric: 'resolutionMedianHours', scope: { organization: 'A' }, maxIncreasePct: 20, max: 12 }] }, lacking, current).results;
    expect(both).toMatchObject({ status: 'fail', notice: 'above the maximum 12 (the baseline lacks resolutionMedianHours: relative bounds not checked)' });
  });

  it('level off evaluates nothing', () => {
    expect(run({ metric: 'resolutionMedianHours', scope: { organization: 'A' }, maxIncreasePct: 1, level: 'off' })[0]!.status).toBe('off');
  });
});

describe('change assertions', () => {
  it('cluster and archetype changes, per organisation and over a population', () => {
    expect(statusBy(run({ check: 'archetype-change', scope: { organization: '*' } }))).toEqual({ A: 'pass', B: 'pass', C: 'fail', D: 'skipped' });
    const [c] = run({ check: 'cluster-change', scope: { organization: 'C' } });
    expect(c).toMatchObject({ status: 'fail', baseline: 2, current: 4, notice: '2 → 4' });
    const [all] = run({ check: 'archetype-change', level: 'warn' });
    expect(all).toMatchObject({ status: 'warn', notice: '1: C (Captains of Scale → Masters of Complexity)' });
    const [captains] = run({ check: 'archetype-change', scope: { archetype: 'Captains of Scale' } });
    expect(captains!.status).toBe('fail');
    expect(run({ check: 'cluster-change', scope: { archetype: 'Late Bloomers' } })[0]!.status).toBe('pass');
  });

  it('newly flagged channel gaps (a gap flagged in both is not new)', () => {
    const [all] = run({ check: 'new-flagged-gap' });
    expect(all).toMatchObject({ status: 'fail', notice: '1: A email' });
    expect(run({ check: 'new-flagged-gap', scope: { organization: 'C' } })[0]!.status).toBe('pass');
    expect(run({ check: 'new-flagged-gap', scope: { channel: 'chat' } })[0]!.status).toBe('pass');
  });

  it('organisations and channels missing from the current data', () => {
    expect(run({ check: 'missing' })[0]).toMatchObject({ status: 'fail', notice: '1: D' });
    expect(statusBy(run({ check: 'missing', scope: { organization: '*' } }))).toEqual({ A: 'pass', B: 'pass', C: 'pass', D: 'fail' });
    expect(run({ check: 'missing', scope: { organization: 'A', channel: 'chat' } })[0]).toMatchObject({ status: 'fail', notice: 'no chat tickets now' });
    expect(run({ check: 'missing', scope: { channel: 'chat' } })[0]).toMatchObject({ status: 'fail', notice: '1: A (chat)' });
    // D is gone, but it had no email channel to lose.
    expect(run({ check: 'missing', scope: { channel: 'email' } })[0]!.status).toBe('pass');
  });

  it('counts and the regression flag', () => {
    const summary = evaluate({ assertions: [{ metric: 'csat', scope: { organization: 'B' }, maxDecreasePct: 5, level: 'warn' }, { check: 'missing', level: 'warn' }] }, baseline, current);
    expect(summary.counts).toEqual({ pass: 0, warn: 2, fail: 0, skipped: 0, off: 0 });
    expect(summary.isRegression).toBe(false);
    expect(evaluate({ assertions: [{ check: 'missing' }] }, baseline, current).isRegression).toBe(true);
  });
});
