// `benchmark check` configuration: assertions on support metrics against absolute bounds and a baseline report,
// validated with zod (unknown keys and values named with the closest known one). The JSON Schema in
// benchmark.config.schema.json is generated from this schema (npm run schema), for editor completion.

import * as z from 'zod';
import { ARCHETYPES } from '../archetypes/fold.js';
import { UsageError } from '../errors.js';
import { readJsonFile } from '../json-file.js';
import { CHANNELS } from '../ingest/channels.js';
import { CHANNEL_KEYS, METRIC_KEYS, anyMetricDef, type MetricKey } from '../metrics/registry.js';
import { didYouMean } from '../suggest.js';

/** Organisation metrics an assertion can name (registry.ts). */
export const ORG_METRICS: readonly MetricKey[] = METRIC_KEYS;
/** Metrics an organisation × channel (or channel) scope can name. */
export const CHANNEL_METRICS = CHANNEL_KEYS;

/** Every metric name an assertion may use: organisation metrics and channel-only ones. */
export const METRIC_NAMES = [...new Set<string>([...ORG_METRICS, ...CHANNEL_METRICS])];

/** Which way is worse for each metric; metrics absent here (volumes, counts) have no worse direction. */
/** Which way each metric is worse (registry.ts); volumes are neither. */
export function worseWhen(metric: string): 'higher' | 'lower' | null {
  return anyMetricDef(metric)?.worseWhen ?? null;
}

export const LEVELS = ['off', 'warn', 'error'] as const;
export type Level = (typeof LEVELS)[number];
export const AGGREGATIONS = ['median', 'p90', 'mean'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
export const CHECKS = ['cluster-change', 'archetype-change', 'new-flagged-gap', 'missing'] as const;
export type CheckKind = (typeof CHECKS)[number];

/**
 * Where an assertion looks. Every key is optional; together they narrow: no key is all organisations as one
 * population; `organization` one organisation ("*": each organisation, one result apiece); `archetype` the
 * organisations of one archetype ("*": each); `channel` that channel across the organisations in scope ("*":
 * each channel).
 */
const scopeSchema = z
  .strictObject({
    organization: z.string().min(1).optional(),
    archetype: z.enum([...ARCHETYPES, '*']).optional(),
    channel: z.union([z.enum(CHANNELS), z.literal('*')]).optional(),
  })
  .describe('Where the assertion looks: all organisations (no key), one organisation ("*" for each), an archetype ("*" for each), a channel ("*" for each), or an organisation × channel');

const metricAssertionSchema = z
  .strictObject({
    metric: z.enum(METRIC_NAMES as [string, ...string[]]).describe('An organisation metric of the JSON report (for channel scopes, a channel metric)'),
    scope: scopeSchema.optional(),
    aggregation: z.enum(AGGREGATIONS).optional().describe('How the values of several organisations in scope are combined (default median)'),
    level: z.enum(LEVELS).optional().describe('off, warn or error (default error)'),
    max: z.number().finite().optional().describe('Fails above this value'),
    min: z.number().finite().optional().describe('Fails below this value'),
    maxIncreasePct: z.number().finite().nonnegative().optional().describe('Fails when the value rises more than this % above the baseline'),
    maxDecreasePct: z.number().finite().nonnegative().optional().describe('Fails when the value falls more than this % below the baseline'),
    minSample: z.number().int().nonnegative().optional().describe('Skipped (with a notice) when the scope has fewer tickets than this in the current or baseline data (default 30)'),
  })
  .describe('A bound on a metric');

const changeAssertionSchema = z
  .strictObject({
    check: z.enum(CHECKS).describe('cluster-change or archetype-change: an organisation moved; new-flagged-gap: a channel flagged now and not in the baseline; missing: an organisation or channel of the baseline absent now'),
    scope: scopeSchema.optional(),
    level: z.enum(LEVELS).optional().describe('off, warn or error (default error)'),
  })
  .describe('A change between the baseline and the current data');

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  assertions: z.array(z.union([metricAssertionSchema, changeAssertionSchema])).describe('Assertions, evaluated in order'),
});

export type Scope = z.infer<typeof scopeSchema>;
export type MetricAssertion = z.infer<typeof metricAssertionSchema>;
export type ChangeAssertion = z.infer<typeof changeAssertionSchema>;
export type Assertion = MetricAssertion | ChangeAssertion;
export interface CheckConfig {
  assertions: Assertion[];
}

export const DEFAULT_MIN_SAMPLE = 30;

/** Channel medians move more between periods than an organisation's (fewer tickets): a wider bound. */
export const DEFAULT_CHANNEL_BOUNDS = { warnPct: 25, errorPct: 50 } as const;

/**
 * Without --config: median resolution and first reply, across organisations and per organisation, warn at
 * +10% and fail at +20%; median resolution per channel (across organisations: +10% / +20%; per organisation ×
 * channel: +25% / +50%); every bound needing 30 tickets behind the value (solved tickets for resolution), now
 * and in the baseline. Departures, newly flagged gaps and archetype changes warn.
 */
export const DEFAULT_CONFIG: CheckConfig = {
  assertions: [
    ...(['resolutionMedianHours', 'firstReplyMedianHours'] as const).flatMap((metric) =>
      [{}, { organization: '*' }].flatMap((scope): MetricAssertion[] => [
        { metric, scope, level: 'warn', maxIncreasePct: 10, minSample: DEFAULT_MIN_SAMPLE },
        { metric, scope, level: 'error', maxIncreasePct: 20, minSample: DEFAULT_MIN_SAMPLE },
      ]),
    ),
    { metric: 'resolutionMedianHours', scope: { channel: '*' }, level: 'warn', maxIncreasePct: 10, minSample: DEFAULT_MIN_SAMPLE },
    { metric: 'resolutionMedianHours', scope: { channel: '*' }, level: 'error', maxIncreasePct: 20, minSample: DEFAULT_MIN_SAMPLE },
    { metric: 'resolutionMedianHours', scope: { organization: '*', channel: '*' }, level: 'warn', maxIncreasePct: DEFAULT_CHANNEL_BOUNDS.warnPct, minSample: DEFAULT_MIN_SAMPLE },
    { metric: 'resolutionMedianHours', scope: { organization: '*', channel: '*' }, level: 'error', maxIncreasePct: DEFAULT_CHANNEL_BOUNDS.errorPct, minSample: DEFAULT_MIN_SAMPLE },
    { check: 'missing', scope: { organization: '*' }, level: 'warn' },
    { check: 'new-flagged-gap', scope: { organization: '*' }, level: 'warn' },
    { check: 'archetype-change', scope: { organization: '*' }, level: 'warn' },
  ],
};

function known(path: readonly PropertyKey[]): readonly string[] {
  const last = path[path.length - 1];
  if (path.length === 0) return Object.keys(configSchema.shape);
  if (path.includes('scope') && last !== 'scope') return [];
  if (last === 'scope') return ['organization', 'archetype', 'channel'];
  return [...Object.keys(metricAssertionSchema.shape), 'check'];
}

/** The first problem zod found, worded with where it is and, for a misspelt key or value, the closest known one. */
function describeIssue(issue: z.core.$ZodIssue, json: unknown): string {
  const where = issue.path.length === 0 ? '' : `${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '')}: `;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    return `${where}unknown key "${key}"${didYouMean(key, known(issue.path))}`;
  }
  if (issue.code === 'invalid_value') {
    const found = issue.path.reduce<unknown>((value, key) => (value as Record<PropertyKey, unknown> | undefined)?.[key], json);
    const values = issue.values.map(String);
    return `${where}expected one of ${values.slice(0, 8).join(', ')}${values.length > 8 ? ', …' : ''}, got ${JSON.stringify(found)}${typeof found === 'string' ? didYouMean(found, values) : ''}`;
  }
  return `${where}${issue.message}`;
}

/** Unions report every branch's failure; pick the branch the assertion meant (by `check` or `metric`). */
function pickIssue(error: z.ZodError, json: unknown): z.core.$ZodIssue {
  // A misspelt key also leaves the right key missing: name the misspelling, which says what to fix.
  const issue = error.issues.find((i) => i.code === 'unrecognized_keys') ?? error.issues[0]!;
  if (issue.code !== 'invalid_union') return issue;
  const path = issue.path;
  const value = path.reduce<unknown>((v, key) => (v as Record<PropertyKey, unknown> | undefined)?.[key], json) as Record<string, unknown> | undefined;
  const branch = value !== undefined && typeof value === 'object' && value !== null && 'check' in value ? 1 : 0;
  const inner = issue.errors[branch]?.[0];
  return inner === undefined ? issue : { ...inner, path: [...path, ...inner.path] };
}

/** Reads and checks a config file; anything wrong is a UsageError (exit 2) naming the file, the place and the fix. */
export function loadConfig(file: string): CheckConfig {
  const json = readJsonFile(file, '--config', (message) => `invalid JSON (${message})`);
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) throw new UsageError(`${file}: ${describeIssue(pickIssue(parsed.error, json), json)}`);
  const config = parsed.data as CheckConfig;
  config.assertions.forEach((a, i) => checkAssertion(file, i, a));
  return config;
}

/** What zod cannot say: bounds that make no sense for the metric or the scope. */
function checkAssertion(file: string, index: number, a: Assertion): void {
  const where = `${file}: assertions[${index}]`;
  if ('check' in a) return;
  if (a.max === undefined && a.min === undefined && a.maxIncreasePct === undefined && a.maxDecreasePct === undefined) {
    throw new UsageError(`${where}: "${a.metric}" has no bound: give max, min, maxIncreasePct or maxDecreasePct`);
  }
  if (a.scope?.channel !== undefined && !(CHANNEL_METRICS as readonly string[]).includes(a.metric)) {
    throw new UsageError(`${where}: a channel scope needs a channel metric (${CHANNEL_METRICS.join(', ')}), got "${a.metric}"`);
  }
  if (a.scope?.channel === undefined && !(ORG_METRICS as readonly string[]).includes(a.metric)) {
    throw new UsageError(`${where}: "${a.metric}" is a channel metric: give a channel in the scope`);
  }
  const worse = worseWhen(a.metric);
  if (worse === 'lower' && a.maxIncreasePct !== undefined) {
    throw new UsageError(`${where}: for "${a.metric}" higher is better, so an increase is never a regression: use maxDecreasePct`);
  }
  if (worse === 'higher' && a.maxDecreasePct !== undefined) {
    throw new UsageError(`${where}: for "${a.metric}" lower is better, so a decrease is never a regression: use maxIncreasePct`);
  }
}

/** The JSON Schema of the config file (draft 2020-12), for editors. */
export function configJsonSchema(): unknown {
  return { ...z.toJSONSchema(configSchema), title: 'benchmark check configuration' };
}
