// Evaluating `benchmark check` assertions: each assertion expanded over its scope ("*" gives one result per
// organisation, archetype or channel), measured in the baseline and the current report the same way, and
// judged against its bounds. Too small a sample or a value the baseline lacks is a skip with a notice.

import { ARCHETYPES } from '../archetypes/fold.js';
import { CHANNELS, type Channel } from '../ingest/channels.js';
import type { OrgMetrics } from '../metrics/org-metrics.js';
import { quantileSorted } from '../metrics/quantile.js';
import { anyMetricDef, type MetricDef } from '../metrics/registry.js';
import { gapKind } from '../report/describe.js';
import type { Report, ReportChannel, ReportOrganization } from '../report/report.js';
import { DEFAULT_MIN_SAMPLE, type Aggregation, type Assertion, type ChangeAssertion, type CheckConfig, type Level, type MetricAssertion, type Scope } from './config.js';

export type Status = 'pass' | 'warn' | 'fail' | 'skipped' | 'off';

export interface CheckResult {
  /** Index of the assertion in the config. */
  assertion: number;
  kind: 'metric' | ChangeAssertion['check'];
  metric: string | null;
  aggregation: Aggregation | null;
  /** The scope as evaluated (wildcards resolved). */
  scope: { organization?: string; archetype?: string; channel?: string };
  scopeText: string;
  level: Level;
  baseline: number | string | null;
  current: number | string | null;
  delta: number | null;
  deltaPct: number | null;
  /** The bounds, as a reader would say them ("≤ +20% vs baseline; ≤ 48"). */
  bounds: string;
  /** Tickets behind the value, now and in the baseline (metric assertions). */
  sample: { current: number | null; baseline: number | null } | null;
  status: Status;
  /** Why it failed or was skipped; null for a plain pass. */
  notice: string | null;
}

/** The ticket count that backs a metric: solved tickets for resolution measures, rated tickets for CSAT, else tickets. */
function sampleKey(metric: string): MetricDef['sample'] {
  return anyMetricDef(metric)?.sample ?? 'tickets';
}

function aggregate(values: number[], aggregation: Aggregation): number | null {
  if (values.length === 0) return null;
  if (aggregation === 'mean') return values.reduce((a, b) => a + b, 0) / values.length;
  return quantileSorted(Float64Array.from(values).sort(), aggregation === 'median' ? 0.5 : 0.9);
}

function describeScope(scope: CheckResult['scope']): string {
  const parts: string[] = [];
  if (scope.organization !== undefined) parts.push(scope.organization);
  if (scope.archetype !== undefined) parts.push(`archetype ${scope.archetype}`);
  if (scope.channel !== undefined) parts.push(`channel ${scope.channel}`);
  return parts.length === 0 ? 'all organisations' : parts.join(' × ');
}

function orgsIn(report: Report, scope: CheckResult['scope']): ReportOrganization[] {
  return report.organizations.filter((o) => (scope.organization === undefined || o.name === scope.organization) && (scope.archetype === undefined || o.archetype === scope.archetype));
}

/** One value for the scope: the organisation's own, or the aggregation of the organisations' values; with the tickets behind it. */
function measure(report: Report, scope: CheckResult['scope'], metric: string, aggregation: Aggregation): { value: number | null; sample: number; nOrgs: number } {
  const orgs = orgsIn(report, scope);
  const key = sampleKey(metric);
  const values: number[] = [];
  let sample = 0;
  for (const o of orgs) {
    let value: number | null | undefined;
    if (scope.channel !== undefined) {
      const c = o.channels.find((x) => x.channel === scope.channel);
      if (c === undefined) continue;
      value = c[metric as keyof ReportChannel] as number | null;
      sample += c[key] ?? 0;
    } else {
      value = o.metrics[metric as keyof OrgMetrics];
      sample += o.metrics[key] ?? 0;
    }
    if (value !== null && value !== undefined && Number.isFinite(value)) values.push(value);
  }
  const value = scope.organization !== undefined && scope.organization !== '*' ? (values[0] ?? null) : aggregate(values, aggregation);
  return { value, sample, nOrgs: orgs.length };
}

/**
 * Resolves "*" in a scope against both reports, in a stable order. An organisation × channel that a wildcard
 * makes is left out when the organisation served the channel in neither report: nothing to check there.
 */
function expandScope(scope: Scope | undefined, baseline: Report, current: Report): CheckResult['scope'][] {
  const s = scope ?? {};
  const names = [...new Set([...baseline.organizations.map((o) => o.name), ...current.organizations.map((o) => o.name)])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const present = new Set<Channel>([...baseline.organizations, ...current.organizations].flatMap((o) => o.channels.map((c) => c.channel)));
  const served = new Set<string>([...baseline.organizations, ...current.organizations].flatMap((o) => o.channels.map((c) => `${o.name}\u0000${c.channel}`)));
  const isWild = s.organization === '*' || s.channel === '*';
  const organizations = s.organization === '*' ? names : [s.organization];
  const archetypes = s.archetype === '*' ? [...ARCHETYPES] : [s.archetype];
  const channels = s.channel === '*' ? CHANNELS.filter((c) => present.has(c)) : [s.channel];
  const out: CheckResult['scope'][] = [];
  for (const organization of organizations) {
    for (const archetype of archetypes) {
      for (const channel of channels) {
        if (isWild && organization !== undefined && channel !== undefined && !served.has(`${organization}\u0000${channel}`)) continue;
        const one: CheckResult['scope'] = {};
        if (organization !== undefined) one.organization = organization;
        if (archetype !== undefined) one.archetype = archetype;
        if (channel !== undefined) one.channel = channel;
        out.push(one);
      }
    }
  }
  return out;
}

function boundsText(a: MetricAssertion): string {
  const parts: string[] = [];
  if (a.maxIncreasePct !== undefined) parts.push(`≤ +${a.maxIncreasePct}% vs baseline`);
  if (a.maxDecreasePct !== undefined) parts.push(`≥ −${a.maxDecreasePct}% vs baseline`);
  if (a.max !== undefined) parts.push(`≤ ${a.max}`);
  if (a.min !== undefined) parts.push(`≥ ${a.min}`);
  return parts.join('; ');
}

function failing(level: Level): Status {
  return level === 'error' ? 'fail' : 'warn';
}

function evaluateMetric(a: MetricAssertion, index: number, baseline: Report, current: Report): CheckResult[] {
  const level = a.level ?? 'error';
  const aggregation = a.aggregation ?? 'median';
  const minSample = a.minSample ?? DEFAULT_MIN_SAMPLE;
  const isRelative = a.maxIncreasePct !== undefined || a.maxDecreasePct !== undefined;
  return expandScope(a.scope, baseline, current).map((scope): CheckResult => {
    const now = measure(current, scope, a.metric, aggregation);
    const before = measure(baseline, scope, a.metric, aggregation);
    const delta = now.value !== null && before.value !== null ? now.value - before.value : null;
    const deltaPct = delta !== null && before.value !== null && before.value !== 0 ? (100 * delta) / Math.abs(before.value) : null;
    const result: CheckResult = {
      assertion: index,
      kind: 'metric',
      metric: a.metric,
      aggregation: scope.organization !== undefined ? null : aggregation,
      scope,
      scopeText: describeScope(scope),
      level,
      baseline: before.value,
      current: now.value,
      delta,
      deltaPct,
      bounds: boundsText(a),
      sample: { current: now.sample, baseline: before.sample },
      status: 'pass',
      notice: null,
    };
    if (level === 'off') return { ...result, status: 'off' };
    const skip = (notice: string): CheckResult => ({ ...result, status: 'skipped', notice });
    if (now.nOrgs === 0) return skip('not in the current data');
    if (now.value === null) return skip(`the current data has no ${a.metric} here`);
    if (now.sample < minSample) return skip(`too few tickets: ${now.sample} < minSample ${minSample}`);
    const problems: string[] = [];
    if (a.max !== undefined && now.value > a.max) problems.push(`above the maximum ${a.max}`);
    if (a.min !== undefined && now.value < a.min) problems.push(`below the minimum ${a.min}`);
    if (isRelative) {
      if (before.nOrgs === 0) return problems.length > 0 ? { ...result, status: failing(level), notice: `${problems.join('; ')} (not in the baseline: relative bounds not checked)` } : skip('not in the baseline');
      if (before.value === null) return problems.length > 0 ? { ...result, status: failing(level), notice: `${problems.join('; ')} (the baseline lacks ${a.metric}: relative bounds not checked)` } : skip(`the baseline lacks ${a.metric}`);
      if (before.sample < minSample) return skip(`too few tickets in the baseline: ${before.sample} < minSample ${minSample}`);
      const rise = before.value === 0 ? (now.value > 0 ? Infinity : 0) : deltaPct!;
      if (a.maxIncreasePct !== undefined && rise > a.maxIncreasePct) problems.push(`rose ${Number.isFinite(rise) ? `${rise.toFixed(1)}%` : 'from 0'}, more than ${a.maxIncreasePct}%`);
      const fall = before.value === 0 ? (now.value < 0 ? Infinity : 0) : -deltaPct!;
      if (a.maxDecreasePct !== undefined && fall > a.maxDecreasePct) problems.push(`fell ${Number.isFinite(fall) ? `${fall.toFixed(1)}%` : 'from 0'}, more than ${a.maxDecreasePct}%`);
    }
    if (problems.length === 0) return result;
    return { ...result, status: failing(level), notice: problems.join('; ') };
  });
}

/** An organisation's flagged channels. */
function flaggedOf(o: ReportOrganization | undefined): Set<string> {
  return new Set(o?.channels.filter((c) => c.flagged).map((c) => c.channel) ?? []);
}

function evaluateChange(a: ChangeAssertion, index: number, baseline: Report, current: Report): CheckResult[] {
  const level = a.level ?? 'error';
  const scopes = expandScope(a.scope, baseline, current);
  const byName = (report: Report): Map<string, ReportOrganization> => new Map(report.organizations.map((o) => [o.name, o]));
  const before = byName(baseline);
  const now = byName(current);
  return scopes.map((scope): CheckResult => {
    const base: CheckResult = {
      assertion: index,
      kind: a.check,
      metric: null,
      aggregation: null,
      scope,
      scopeText: describeScope(scope),
      level,
      baseline: null,
      current: null,
      delta: null,
      deltaPct: null,
      bounds: a.check === 'missing' ? 'present now' : a.check === 'new-flagged-gap' ? 'no newly flagged channel' : `same ${a.check === 'cluster-change' ? 'cluster' : 'archetype'}`,
      sample: null,
      status: 'pass',
      notice: null,
    };
    if (level === 'off') return { ...base, status: 'off' };
    // The organisations the scope covers, by name, in the baseline (for departures) or in both.
    const inScope = (o: ReportOrganization): boolean => (scope.organization === undefined || o.name === scope.organization) && (scope.archetype === undefined || o.archetype === scope.archetype || now.get(o.name)?.archetype === scope.archetype);
    const baselineOrgs = baseline.organizations.filter(inScope);
    const found: string[] = [];
    let subject: { baseline: string | number | null; current: string | number | null } | null = null;
    if (a.check === 'missing') {
      for (const o of baselineOrgs) {
        const other = now.get(o.name);
        // With a channel scope, only organisations that served the channel can miss it.
        if (scope.channel !== undefined && !o.channels.some((c) => c.channel === scope.channel)) continue;
        if (other === undefined) {
          found.push(scope.organization !== undefined ? 'absent from the current data' : o.name);
        } else if (scope.channel !== undefined && !other.channels.some((c) => c.channel === scope.channel)) {
          found.push(scope.organization !== undefined ? `no ${scope.channel} tickets now` : `${o.name} (${scope.channel})`);
        }
      }
      if (baselineOrgs.length === 0) return { ...base, status: 'skipped', notice: 'not in the baseline' };
    } else if (a.check === 'new-flagged-gap') {
      const orgs = current.organizations.filter(inScope);
      // A baseline of schema 2 flagged a channel only when it was slow against both its best channel and its
      // peers: compare like with like.
      const isFlaggedNow = baseline.schemaVersion < 3 ? (c: ReportChannel): boolean => c.inconsistency && c.peerGap : (c: ReportChannel): boolean => c.flagged;
      for (const o of orgs) {
        const was = flaggedOf(before.get(o.name));
        for (const c of o.channels) {
          if (!isFlaggedNow(c) || was.has(c.channel) || (scope.channel !== undefined && c.channel !== scope.channel)) continue;
          found.push(scope.organization !== undefined ? `${c.channel} (${c.resolutionMedianHours?.toFixed(1)} h; ${gapKind(c)})` : `${o.name} ${c.channel}`);
        }
      }
      if (orgs.length === 0) return { ...base, status: 'skipped', notice: 'not in the current data' };
    } else {
      const field = a.check === 'cluster-change' ? 'cluster' : 'archetype';
      if (baseline.command !== 'classify' || current.command !== 'classify') return { ...base, status: 'skipped', notice: `the baseline or the current report has no ${field}s (a metrics report)` };
      let compared = 0;
      for (const o of baselineOrgs) {
        const other = now.get(o.name);
        if (other === undefined) continue;
        compared++;
        if (scope.organization !== undefined) subject = { baseline: o[field], current: other[field] };
        if (o[field] !== other[field]) found.push(scope.organization !== undefined ? `${o[field]} → ${other[field]}` : `${o.name} (${o[field]} → ${other[field]})`);
      }
      if (compared === 0) return { ...base, status: 'skipped', notice: 'in scope in only one of the baseline and the current data' };
    }
    const result = subject === null ? base : { ...base, baseline: subject.baseline, current: subject.current };
    if (found.length === 0) return result;
    const shown = found.slice(0, 10).join(', ') + (found.length > 10 ? `, and ${found.length - 10} more` : '');
    return { ...result, status: failing(level), notice: scope.organization !== undefined ? shown : `${found.length}: ${shown}` };
  });
}

export interface CheckSummary {
  results: CheckResult[];
  counts: Record<Status, number>;
  /** Whether an error-level assertion failed (exit 1). */
  isRegression: boolean;
}

export function evaluate(config: CheckConfig, baseline: Report, current: Report): CheckSummary {
  const results = config.assertions.flatMap((a: Assertion, i) => ('check' in a ? evaluateChange(a, i, baseline, current) : evaluateMetric(a, i, baseline, current)));
  const counts: Record<Status, number> = { pass: 0, warn: 0, fail: 0, skipped: 0, off: 0 };
  for (const r of results) counts[r.status]++;
  return { results, counts, isRegression: counts.fail > 0 };
}

