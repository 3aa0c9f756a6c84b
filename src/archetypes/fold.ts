// Folding the k clusters into the four operational archetypes by evidence: each archetype has a signature over
// the study's variables (which are high, which low), every cluster is scored against every signature on the
// variables this input measured, and goes to the best score. This file is the one place that states the rule;
// docs/method.md explains it for readers.

import type { Matrix } from '../cluster/matrix.js';
import { FEATURES, type FeatureDef } from '../features/features.js';
import { ORG_FEATURE_FIELDS } from '../ingest/fields.js';
import { METRIC_BY_COLUMN, METRICS, type MetricKey } from '../metrics/registry.js';
import type { OrgMetrics } from '../metrics/org-metrics.js';
import { groupByLabel } from '../metrics/group-by-label.js';
import { readMetric } from '../metrics/metric-columns.js';
import { percentileRanksOf } from '../metrics/percentile-rank.js';
import { medianInPlace } from '../metrics/quantile.js';

export const ARCHETYPES = ['Relationship Builders', 'Masters of Complexity', 'Late Bloomers', 'Captains of Scale'] as const;
export type Archetype = (typeof ARCHETYPES)[number];

/** The variables a signature may speak of: the clustering features and the typical performance of a cluster. */
export const VARIABLES = [...ORG_FEATURE_FIELDS, 'csat', 'first_reply_median_hours', 'resolution_median_hours'] as const;
export type Variable = (typeof VARIABLES)[number];

/** Where an organisation's value of each variable lives in its metrics (registry.ts). */
export const VARIABLE_METRIC = Object.fromEntries(VARIABLES.map((v) => [v, METRIC_BY_COLUMN.get(v)!])) as Record<Variable, MetricKey>;

/** How reasons name a variable: the registry's label, a performance median as the time it measures. */
export const VARIABLE_LABEL = Object.fromEntries(
  VARIABLES.map((v) => [v, v === 'first_reply_median_hours' ? 'first reply time' : v === 'resolution_median_hours' ? 'resolution time' : METRICS[VARIABLE_METRIC[v]].label]),
) as Record<Variable, string>;

/** The performance variables: evidence for an archetype, never enough for one on their own (nor clustered on). */
export const PERFORMANCE_VARIABLES = ['csat', 'first_reply_median_hours', 'resolution_median_hours'] as const satisfies readonly Variable[];

/** One Evidence object per pattern of variables present, shared by every organisation with that pattern (memory at scale). */
const EVIDENCE_BY_PATTERN = new Map<number, Evidence>();

/**
 * The study's variables each record has a value for, and those it lacks, in order: read a variable at a time
 * (readMetric: an organisation table's column as it is, 500,000 organisations in milliseconds rather than
 * eleven reads of each).
 */
export function organizationEvidences(records: readonly { metrics: OrgMetrics }[]): Evidence[] {
  const patterns = new Int32Array(records.length);
  const values = new Float64Array(records.length);
  for (let v = 0; v < VARIABLES.length; v++) {
    if (readMetric(records, VARIABLE_METRIC[VARIABLES[v]!], values) === 0) continue;
    for (let i = 0; i < records.length; i++) if (values[i] === values[i]) patterns[i]! |= 1 << v;
  }
  // Each pattern looked up once (at most 2^11 of them), then by index.
  const byPattern: (Evidence | undefined)[] = [];
  const out = new Array<Evidence>(records.length);
  for (let i = 0; i < records.length; i++) out[i] = byPattern[patterns[i]!] ??= evidenceOf(patterns[i]!);
  return out;
}

/** The Evidence of a pattern of variables present (bit i: VARIABLES[i]), one object per pattern. */
function evidenceOf(pattern: number): Evidence {
  let evidence = EVIDENCE_BY_PATTERN.get(pattern);
  if (evidence === undefined) {
    evidence = { measured: VARIABLES.filter((_, i) => (pattern & (1 << i)) !== 0), missing: VARIABLES.filter((_, i) => (pattern & (1 << i)) === 0) };
    EVIDENCE_BY_PATTERN.set(pattern, evidence);
  }
  return evidence;
}

/** How a user adds a variable the input lacks (said wherever it is reported missing). */
export const HOW_TO_MEASURE: Record<Variable, string> = {
  tickets_per_month: 'map created_at',
  tickets_per_agent: 'map an assignee column (agents) or give tickets_per_agent in --profile',
  comments_per_ticket: 'map a replies column or give comments_per_ticket in --profile',
  weekday_hours: 'map first reply times (coverage comes from first replies) or give weekday_hours in --profile',
  weekend_hours: 'map first reply times (coverage comes from first replies) or give weekend_hours in --profile',
  agents: 'map an assignee column or give agents in --profile',
  business_rules: 'give business_rules (triggers + automations) per organisation in --profile',
  self_service_ratio: 'give self_service_ratio (help-centre views ÷ tickets) per organisation in --profile',
  csat: 'map a satisfaction column',
  first_reply_median_hours: 'map first reply times',
  resolution_median_hours: 'map solved_at or a resolution time column',
};

/** One term of a signature: the variable, whether the archetype has it high (+1) or low (−1), and its weight. */
export interface SignatureTerm {
  variable: Variable;
  direction: 1 | -1;
  weight: number;
}

/**
 * The archetypes' signatures (docs/method.md states them). Performance terms read "low" as fast for
 * times. Late Bloomers is earned by its own evidence (workload per agent high while strategy, resources and
 * performance are weak), never given for want of a better match; volume is left out of it ("any size").
 */
export const SIGNATURES: Record<Archetype, readonly SignatureTerm[]> = {
  'Relationship Builders': [
    { variable: 'tickets_per_month', direction: -1, weight: 2.5 },
    { variable: 'agents', direction: -1, weight: 2 },
    { variable: 'tickets_per_agent', direction: -1, weight: 1 },
    { variable: 'csat', direction: 1, weight: 1 },
  ],
  'Masters of Complexity': [
    { variable: 'comments_per_ticket', direction: 1, weight: 3 },
    { variable: 'tickets_per_agent', direction: -1, weight: 2 },
    { variable: 'agents', direction: 1, weight: 1.5 },
    { variable: 'csat', direction: 1, weight: 0.5 },
  ],
  'Late Bloomers': [
    { variable: 'tickets_per_agent', direction: 1, weight: 2 },
    { variable: 'business_rules', direction: -1, weight: 1.5 },
    { variable: 'self_service_ratio', direction: -1, weight: 1.5 },
    { variable: 'weekday_hours', direction: -1, weight: 0.5 },
    { variable: 'weekend_hours', direction: -1, weight: 0.5 },
    { variable: 'csat', direction: -1, weight: 1.5 },
    { variable: 'first_reply_median_hours', direction: 1, weight: 1.5 },
    { variable: 'resolution_median_hours', direction: 1, weight: 1 },
  ],
  'Captains of Scale': [
    { variable: 'tickets_per_month', direction: 1, weight: 3 },
    { variable: 'business_rules', direction: 1, weight: 2 },
    { variable: 'self_service_ratio', direction: 1, weight: 2 },
    { variable: 'weekday_hours', direction: 1, weight: 1 },
    { variable: 'weekend_hours', direction: 1, weight: 1.5 },
    { variable: 'csat', direction: 1, weight: 1 },
    { variable: 'first_reply_median_hours', direction: -1, weight: 1 },
    { variable: 'resolution_median_hours', direction: -1, weight: 0.5 },
  ],
};

/** Each archetype in plain words, clause by clause; a clause is said only when its variables were measured. */
export const ARCHETYPE_TRAITS: Record<Archetype, readonly { text: string; variables: readonly Variable[] }[]> = {
  'Relationship Builders': [
    { text: 'low volume', variables: ['tickets_per_month'] },
    { text: 'small teams', variables: ['agents'] },
    { text: 'few tickets per agent (high-touch)', variables: ['tickets_per_agent'] },
    { text: 'high satisfaction', variables: ['csat'] },
  ],
  'Masters of Complexity': [
    { text: 'many agent comments per ticket', variables: ['comments_per_ticket'] },
    { text: 'few tickets per agent', variables: ['tickets_per_agent'] },
    { text: 'large teams (heavy investment per ticket)', variables: ['agents'] },
    { text: 'satisfaction kept high', variables: ['csat'] },
  ],
  'Late Bloomers': [
    { text: 'workload per agent high', variables: ['tickets_per_agent'] },
    { text: 'little automation', variables: ['business_rules'] },
    { text: 'little self-service', variables: ['self_service_ratio'] },
    { text: 'thin weekday hours', variables: ['weekday_hours'] },
    { text: 'little weekend cover', variables: ['weekend_hours'] },
    { text: 'slower first replies', variables: ['first_reply_median_hours'] },
    { text: 'slower resolution', variables: ['resolution_median_hours'] },
    { text: 'lower satisfaction', variables: ['csat'] },
  ],
  'Captains of Scale': [
    { text: 'very high volume', variables: ['tickets_per_month'] },
    { text: 'heavy automation', variables: ['business_rules'] },
    { text: 'strong self-service', variables: ['self_service_ratio'] },
    { text: 'broad weekday hours', variables: ['weekday_hours'] },
    { text: 'weekend cover', variables: ['weekend_hours'] },
    { text: 'fast first replies', variables: ['first_reply_median_hours'] },
    { text: 'fast resolution', variables: ['resolution_median_hours'] },
    { text: 'satisfaction kept high', variables: ['csat'] },
  ],
};

/** The variables an archetype's signature or wording rests on. */
export function archetypeVariables(archetype: Archetype): Variable[] {
  return [...new Set([...SIGNATURES[archetype].map((t) => t.variable), ...ARCHETYPE_TRAITS[archetype].flatMap((t) => t.variables)])];
}

/**
 * An archetype in one line from the measured variables only: "low volume, small teams; not measured: CSAT".
 * A clause is said only when every variable it rests on was measured.
 */
export function archetypeSummary(archetype: Archetype, measured: ReadonlySet<Variable>): string {
  const said = ARCHETYPE_TRAITS[archetype].filter((t) => t.variables.every((v) => measured.has(v))).map((t) => t.text);
  const unmeasured = archetypeVariables(archetype).filter((v) => !measured.has(v));
  const head = said.length > 0 ? said.join(', ') : 'none of its traits measured';
  return unmeasured.length > 0 ? `${head}; not measured: ${unmeasured.map((v) => VARIABLE_LABEL[v]).join(', ')}` : head;
}

/** What each organisation achieves, one value per organisation (null where unknown). */
export interface Performance {
  csat: number | null;
  firstReplyMedianHours: number | null;
  resolutionMedianHours: number | null;
}

export type Confidence = 'high' | 'medium' | 'low';

export interface Evidence {
  /** Variables this fold could read, in VARIABLES order. */
  measured: Variable[];
  /** Variables of the study the input lacks, in VARIABLES order. */
  missing: Variable[];
}

/** A variable that decided a cluster's archetype: where the cluster stands and which way the signature wants it. */
export interface Decider {
  variable: Variable;
  percentile: number;
  direction: 1 | -1;
  /** Weighted support for the archetype, in score units (positive: for it). */
  contribution: number;
}

export interface ClusterFold {
  archetype: Archetype;
  /** One line: the archetype, its margin and confidence, the deciding variables, and what was not measured. */
  reason: string;
  /** Score (−1 … 1) of each archetype whose signature has a measured variable; null where none has. */
  scores: Record<Archetype, number | null>;
  runnerUp: Archetype | null;
  /** Best score minus the runner-up's (null without a runner-up). */
  margin: number | null;
  /** Share (0–1) of the winning signature's weight that was measured. */
  coverage: number;
  confidence: Confidence;
  decidedBy: Decider[];
  evidence: Evidence;
  /** Population percentile of the centroid, per feature name, and of the typical performance, per variable. */
  percentiles: Record<string, number>;
  typical: Performance;
}

export interface FoldInput {
  features: readonly FeatureDef[];
  /** Scaled organisation rows (n × d) and cluster labels. */
  matrix: Matrix;
  labels: ArrayLike<number>;
  centroids: readonly number[][];
  performance: readonly Performance[];
}

/** A performance variable counts as measured when at least this share of organisations have it. */
export const MIN_PERFORMANCE_COVERAGE = 0.5;
/** Confidence levels: high needs this margin and coverage, medium the second pair; anything less is low. */
export const CONFIDENCE_RULE = { high: { margin: 0.2, coverage: 0.75 }, medium: { margin: 0.08, coverage: 0.5 } } as const;

export function ordinal(value: number): string {
  const n = Math.round(value);
  const mod100 = n % 100;
  const suffix = mod100 >= 11 && mod100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}


/**
 * One performance value over all organisations and its median per cluster (organisations without it
 * left out), through typed arrays: one value per organisation, as docs/method.md says.
 */
function bucketValues(performance: readonly Performance[], labels: ArrayLike<number>, k: number, pick: (p: Performance) => number | null): { all: Float64Array; byCluster: (number | null)[] } {
  const values = new Float64Array(performance.length);
  for (let i = 0; i < performance.length; i++) {
    const v = pick(performance[i]!);
    values[i] = v === null || !Number.isFinite(v) ? NaN : v;
  }
  const { grouped, bounds } = groupByLabel(values, labels, k);
  const medianOf = (group: Float64Array): number | null => (group.length === 0 ? null : medianInPlace(group));
  // Every present value (the medians reorder them within their clusters: ranks only count them).
  return { all: grouped, byCluster: Array.from({ length: k }, (_, c) => medianOf(grouped.subarray(bounds[c]!, bounds[c + 1]!))) };
}

function confidenceOf(margin: number | null, coverage: number, best: number): Confidence {
  if (best <= 0) return 'low';
  const m = margin ?? 1;
  if (m >= CONFIDENCE_RULE.high.margin && coverage >= CONFIDENCE_RULE.high.coverage) return 'high';
  if (m >= CONFIDENCE_RULE.medium.margin && coverage >= CONFIDENCE_RULE.medium.coverage) return 'medium';
  return 'low';
}


/**
 * Scores one cluster's percentiles against every signature: per measured term, weight × direction × (p − 50)/50,
 * summed and divided by the measured weight, so a score runs from −1 (the opposite profile) to 1. An archetype
 * is scored only when at least one of its operating variables (not performance) was measured: an archetype
 * says how a team operates, and speed or satisfaction alone cannot tell that.
 */
export function scoreSignatures(percentile: Partial<Record<Variable, number>>): Record<Archetype, { score: number | null; coverage: number; terms: Decider[] }> {
  const out = {} as Record<Archetype, { score: number | null; coverage: number; terms: Decider[] }>;
  for (const archetype of ARCHETYPES) {
    let total = 0;
    let measuredWeight = 0;
    let sum = 0;
    const terms: Decider[] = [];
    for (const term of SIGNATURES[archetype]) {
      total += term.weight;
      const p = percentile[term.variable];
      if (p === undefined) continue;
      measuredWeight += term.weight;
      const contribution = (term.weight * term.direction * (p - 50)) / 50;
      sum += contribution;
      terms.push({ variable: term.variable, percentile: p, direction: term.direction, contribution });
    }
    const isOperatingMeasured = terms.some((t) => !(PERFORMANCE_VARIABLES as readonly Variable[]).includes(t.variable));
    out[archetype] = {
      score: measuredWeight > 0 && isOperatingMeasured ? sum / measuredWeight : null,
      coverage: total > 0 ? measuredWeight / total : 0,
      terms: terms.map((t) => ({ ...t, contribution: t.contribution / measuredWeight })),
    };
  }
  return out;
}

/** "high"/"low", or "slow"/"fast" for times. */
export function directionWord(variable: Variable, direction: 1 | -1): string {
  const isTime = variable !== 'csat' && (PERFORMANCE_VARIABLES as readonly Variable[]).includes(variable);
  return isTime ? (direction === 1 ? 'slow' : 'fast') : direction === 1 ? 'high' : 'low';
}

function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Folds each cluster into the archetype whose signature its centroid matches best (scoreSignatures), with the
 * runner-up, the margin, the variables that decided (the winning signature's terms that support it, strongest
 * first), what was not measured, and a confidence (CONFIDENCE_RULE; low whenever the best score is not
 * positive). Ties go to the earlier archetype in ARCHETYPES. Percentiles are of the centroid among the
 * organisations' scaled values, and of the cluster's median performance among the organisations' values.
 * O(n·d·k): a few ranks each, counted without sorting.
 */
export function foldClusters(input: FoldInput): ClusterFold[] {
  const { features, matrix, labels, centroids, performance } = input;
  const { data, n, d } = matrix;
  const k = centroids.length;
  // Every centre's percentile per feature, among the organisations' column of the matrix, in one pass a feature.
  const featureRanks = Array.from({ length: d }, (_, j) => percentileRanksOf(data.subarray(0, n * d), centroids.map((c) => c[j]!), j, d));
  const perf = PERFORMANCE_VARIABLES.map((variable) => ({ variable, ...bucketValues(performance, labels, k, (p) => p[VARIABLE_METRIC[variable] as keyof Performance]) }))
    .filter((p) => p.all.length > 0 && p.all.length >= MIN_PERFORMANCE_COVERAGE * n)
    .map((p) => {
      // Each cluster's median's percentile among all the values (none for a cluster without them).
      const ranks = percentileRanksOf(p.all, p.byCluster.filter((v): v is number => v !== null));
      let r = 0;
      return { ...p, rankByCluster: p.byCluster.map((v) => (v === null ? null : ranks[r++]!)) };
    });

  return centroids.map((_, cluster) => {
    const typical: Performance = { csat: null, firstReplyMedianHours: null, resolutionMedianHours: null };
    const percentiles: Record<string, number> = {};
    const at: Partial<Record<Variable, number>> = {};
    features.forEach((f, j) => {
      const p = featureRanks[j]![cluster]!;
      percentiles[f.name] = p;
      at[f.name as Variable] = p;
    });
    for (const p of perf) {
      const value = p.byCluster[cluster]!;
      typical[VARIABLE_METRIC[p.variable] as keyof Performance] = value;
      if (value === null) continue;
      const pct = p.rankByCluster[cluster]!;
      percentiles[p.variable] = pct;
      at[p.variable] = pct;
    }
    const scored = scoreSignatures(at);
    const ranked = ARCHETYPES.filter((a) => scored[a].score !== null).sort((a, b) => scored[b].score! - scored[a].score! || ARCHETYPES.indexOf(a) - ARCHETYPES.indexOf(b));
    const measured = VARIABLES.filter((v) => at[v] !== undefined);
    const missing = VARIABLES.filter((v) => at[v] === undefined);
    const scores = Object.fromEntries(ARCHETYPES.map((a) => [a, scored[a].score === null ? null : round(scored[a].score!)])) as Record<Archetype, number | null>;
    // Every clustering feature is in some signature, and clustering needs one: some archetype is always scored.
    if (ranked.length === 0) throw new Error('internal: no archetype signature reads any clustering feature');
    const best = ranked[0]!;
    const runnerUp = ranked[1] ?? null;
    const bestScore = scored[best].score!;
    const margin = runnerUp === null ? null : bestScore - scored[runnerUp].score!;
    const coverage = scored[best].coverage;
    const confidence = confidenceOf(margin, coverage, bestScore);
    const decidedBy = scored[best].terms
      .filter((t) => t.contribution > 0)
      .sort((a, b) => b.contribution - a.contribution || VARIABLES.indexOf(a.variable) - VARIABLES.indexOf(b.variable))
      .slice(0, 3)
      .map((t) => ({ ...t, percentile: round(t.percentile, 1), contribution: round(t.contribution) }));
    const notMeasured = SIGNATURES[best].map((t) => t.variable).filter((v) => at[v] === undefined);
    const why = decidedBy.length > 0 ? decidedBy.map((t) => `${VARIABLE_LABEL[t.variable]} at the ${ordinal(t.percentile)} percentile (${directionWord(t.variable, t.direction)})`).join(', ') : 'no measured variable leans its way';
    const versus = runnerUp === null ? '' : `, ahead of ${runnerUp} by ${margin!.toFixed(2)}`;
    const reason = `${why}; score ${bestScore.toFixed(2)}${versus}; ${confidence} confidence${notMeasured.length > 0 ? `; not measured: ${notMeasured.map((v) => VARIABLE_LABEL[v]).join(', ')}` : ''}`;
    return { archetype: best, reason, scores, runnerUp, margin: margin === null ? null : round(margin), coverage: round(coverage), confidence, decidedBy, evidence: { measured, missing }, percentiles, typical };
  });
}

/** The variables measured for the population: those any cluster could read. */
export function measuredOf(folds: readonly { evidence: Evidence }[]): Set<Variable> {
  return new Set(folds.flatMap((f) => f.evidence.measured));
}
