// Saved benchmark models: everything needed to place organisations later without refitting (features with
// their transforms and scaling, centroids, the archetype of each cluster with its reason, the peer reference
// distributions, the 2-D map), written by `classify --save-model` and read, validated with zod, by `--model`.

import { createRequire } from 'node:module';
import type * as Zod from 'zod';
import { ARCHETYPES, VARIABLES } from '../archetypes/fold.js';
import type { ChannelPeers } from '../benchmark/channel-gaps.js';
import { DISTRIBUTION_POINTS, PEER_METRICS, type PeerReference } from '../benchmark/peers.js';

const PEER_METRIC_NAMES: string[] = PEER_METRICS.map((m) => m.metric);
import type { Projection } from '../cluster/projection.js';
import { UsageError } from '../errors.js';
import { readJsonFile } from '../json-file.js';
import { FEATURES } from '../features/features.js';
import { CHANNELS } from '../ingest/channels.js';
import type { ReportArchetype, ReportCluster, ReportInput, ReportModel } from '../report/report.js';

export const MODEL_SCHEMA_VERSION = 2;
export const MODEL_KIND = 'benchmark-model';

export interface BenchmarkModel {
  kind: typeof MODEL_KIND;
  schemaVersion: typeof MODEL_SCHEMA_VERSION;
  /** When the model was fitted (ISO 8601; SOURCE_DATE_EPOCH when set, for reproducible files). */
  fittedAt: string;
  /** The fit: k, seed, quality, features with transforms and scaling parameters. */
  fit: Omit<ReportModel, 'centroids'>;
  /** k × d centroids in the scaled feature space, in cluster order (cluster id = index + 1). */
  centroids: number[][];
  clusters: ReportCluster[];
  archetypes: ReportArchetype[];
  /** Channel gap thresholds the channel peers were gathered with. */
  gapThresholds: { ratio: number; minTickets: number; floorMinutes?: number };
  peers: PeerReference;
  channelPeers: ChannelPeers;
  projection: Projection;
  /** What the model was fitted on. */
  training: Pick<ReportInput, 'kind' | 'files' | 'hours' | 'rowsRead' | 'rowsUsed' | 'rowsRejected' | 'organizations' | 'period'>;
}

/** The model file's schema, built on first use: zod is loaded only by the commands that read a model (~80 ms). */
function modelSchema() {
  const { z } = createRequire(import.meta.url)('zod') as typeof Zod;
  const finite = z.number().finite();
  const nullableNumber = finite.nullable();
  const distribution = z.object({ n: z.number().int().nonnegative(), values: z.array(finite) });
  const channel = z.enum(CHANNELS);
  const archetype = z.enum(ARCHETYPES);
  const variable = z.enum(VARIABLES);
  const featureName = z.enum(FEATURES.map((f) => f.name) as [string, ...string[]]);

  return z.object({
    kind: z.literal(MODEL_KIND),
    schemaVersion: z.literal(MODEL_SCHEMA_VERSION),
    fittedAt: z.string().datetime(),
    fit: z.object({
      k: z.number().int().min(1),
      kRequested: z.number().int(),
      seed: z.number().int(),
      restarts: z.number().int(),
      bestRestart: z.number().int(),
      inertia: finite,
      iterations: z.number().int(),
      converged: z.boolean(),
      sizes: z.array(z.number().int()),
      emptyClustersReseeded: z.number().int(),
      silhouette: finite,
      silhouetteRows: z.number().int(),
      calinskiHarabasz: finite,
      daviesBouldin: finite,
      scaling: z.enum(['robust', 'standard']),
      features: z
        .array(
          z.object({
            name: featureName,
            transform: z.enum(['log1p', 'none']),
            center: finite,
            scale: finite.positive(),
            scaleKind: z.enum(['iqr', 'std']),
            imputed: z.number().int(),
            fill: finite,
          }),
        )
        .min(1),
      featuresMissing: z.array(z.object({ name: z.string(), reason: z.string() })),
    }),
    centroids: z.array(z.array(finite)).min(1),
    clusters: z.array(
      z.object({
        id: z.number().int(),
        size: z.number().int(),
        archetype,
        reason: z.string(),
        profile: z.record(z.string(), nullableNumber),
        percentiles: z.record(z.string(), finite),
        definingFeatures: z.array(z.string()),
        scores: z.record(archetype, nullableNumber),
        runnerUp: archetype.nullable(),
        margin: nullableNumber,
        coverage: finite,
        confidence: z.enum(['high', 'medium', 'low']),
        decidedBy: z.array(z.object({ variable: variable, percentile: finite, direction: z.union([z.literal(1), z.literal(-1)]), contribution: finite })),
        evidence: z.object({ measured: z.array(variable), missing: z.array(variable) }),
        typical: z.object({ firstReplyMedianHours: nullableNumber, resolutionMedianHours: nullableNumber, csat: nullableNumber }),
      }),
    ),
    archetypes: z.array(z.object({ name: archetype, summary: z.string(), clusters: z.array(z.number().int()), organizations: z.number().int() })),
    gapThresholds: z.object({ ratio: finite, minTickets: z.number().int(), floorMinutes: finite.min(0).optional() }),
    peers: z.object({
      clusterSizes: z.array(z.number().int()),
      metrics: z.array(z.object({ metric: z.string(), overall: distribution, byCluster: z.array(distribution) })),
      channelServed: z.array(z.partialRecord(channel, finite)),
    }),
    channelPeers: z.array(z.partialRecord(channel, distribution)),
    projection: z.object({
      mean: z.array(finite),
      axes: z.array(z.array(finite)).length(2),
      explained: z.array(finite),
      points: z.array(z.object({ x: finite, y: finite, cluster: z.number().int() })),
      nOrganizations: z.number().int(),
    }),
    training: z.object({
      kind: z.enum(['tickets', 'orgs']),
      files: z.array(z.object({ file: z.string(), format: z.string() })),
      hours: z.enum(['calendar', 'business']),
      rowsRead: z.number().int(),
      rowsUsed: z.number().int(),
      rowsRejected: z.number().int(),
      organizations: z.number().int(),
      period: z.object({ from: z.string(), to: z.string(), months: finite, weeks: finite }).nullable(),
    }),
  });
}

/** The fitting time a model records: SOURCE_DATE_EPOCH (seconds) when set, so builds can be byte-reproducible. */
export function fittedAtNow(): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const ms = epoch !== undefined && /^\d+$/.test(epoch) ? Number(epoch) * 1000 : Date.now();
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** A model file's text. */
export function modelText(model: BenchmarkModel): string {
  return `${JSON.stringify(model, null, 1)}\n`;
}

/** Reads and checks a model file; anything unusable is a UsageError (exit 2) naming the file and the problem. */
export function loadModel(file: string): BenchmarkModel {
  const json = readJsonFile(file, '--model', (message) => `not a model file: invalid JSON (${message})`);
  const head = json as { kind?: unknown; schemaVersion?: unknown } | null;
  if (head === null || typeof head !== 'object' || head.kind !== MODEL_KIND) {
    throw new UsageError(`--model ${file}: not a model file: expected "kind": "${MODEL_KIND}" (write one with classify --save-model)`);
  }
  if (typeof head.schemaVersion === 'number' && head.schemaVersion < MODEL_SCHEMA_VERSION) {
    throw new UsageError(`--model ${file}: model schema version ${head.schemaVersion} is older than this benchmark reads (${MODEL_SCHEMA_VERSION}): archetypes are now folded by evidence; refit with classify --save-model`);
  }
  if (typeof head.schemaVersion === 'number' && head.schemaVersion > MODEL_SCHEMA_VERSION) {
    throw new UsageError(`--model ${file}: model schema version ${head.schemaVersion} is newer than this benchmark reads (${MODEL_SCHEMA_VERSION}): upgrade benchmark or refit the model`);
  }
  const parsed = modelSchema().safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new UsageError(`--model ${file}: corrupt model file: at ${where}: ${issue.message}`);
  }
  const model = parsed.data as unknown as BenchmarkModel;
  const d = model.fit.features.length;
  const k = model.centroids.length;
  const isConsistent =
    model.centroids.every((c) => c.length === d) &&
    model.clusters.length === k &&
    model.peers.clusterSizes.length === k &&
    model.channelPeers.length === k &&
    model.peers.metrics.every((m) => m.byCluster.length === k) &&
    model.projection.mean.length === d;
  if (!isConsistent) throw new UsageError(`--model ${file}: corrupt model file: centroids, clusters and peer distributions disagree on k = ${k} or d = ${d}`);
  const problem = semanticProblem(model);
  if (problem !== undefined) throw new UsageError(`--model ${file}: corrupt model file: at ${problem}`);
  return model;
}

/**
 * What a well-formed model can still get wrong when edited by hand, as "PATH: what" (or undefined): k against
 * the fit, cluster ids and sizes, unique feature names, fit settings the flags would refuse, and every peer
 * distribution sorted, counted right and within its cluster.
 */
function semanticProblem(model: BenchmarkModel): string | undefined {
  const k = model.centroids.length;
  const { fit } = model;
  if (fit.k !== k) return `fit.k: ${fit.k}, but there are ${k} centroids`;
  if (fit.sizes.length !== k) return `fit.sizes: ${fit.sizes.length} sizes for ${k} clusters`;
  if (!(Number.isInteger(fit.restarts) && fit.restarts >= 1 && fit.restarts <= 1000)) return `fit.restarts: expected an integer from 1 to 1000, got ${fit.restarts}`;
  if (!(Number.isInteger(fit.seed) && fit.seed >= 0 && fit.seed <= 2 ** 31 - 1)) return `fit.seed: expected an integer from 0 to 2147483647, got ${fit.seed}`;
  const names = fit.features.map((f) => f.name);
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated !== undefined) return `fit.features: "${repeated}" appears twice`;
  for (let c = 0; c < k; c++) {
    if (model.clusters[c]!.id !== c + 1) return `clusters.${c}.id: expected ${c + 1} (clusters are numbered 1 to k in order), got ${model.clusters[c]!.id}`;
    if (fit.sizes[c]! < 0 || model.peers.clusterSizes[c]! < 0) return `peers.clusterSizes.${c}: a negative size`;
  }
  for (const [i, a] of model.archetypes.entries()) {
    const bad = a.clusters.find((id) => !(Number.isInteger(id) && id >= 1 && id <= k));
    if (bad !== undefined) return `archetypes.${i}.clusters: cluster ${bad} is not one of 1 to ${k}`;
  }
  const wanted = PEER_METRIC_NAMES;
  const metrics: string[] = model.peers.metrics.map((m) => m.metric);
  if (metrics.length !== wanted.length || wanted.some((m) => !metrics.includes(m))) return `peers.metrics: expected one distribution for each of ${wanted.join(', ')}, got ${metrics.join(', ') || 'none'}`;
  for (const [i, m] of model.peers.metrics.entries()) {
    const overall = distributionProblem(m.overall);
    if (overall !== undefined) return `peers.metrics.${i}.overall: ${overall}`;
    let total = 0;
    for (let c = 0; c < k; c++) {
      const d = m.byCluster[c]!;
      const problem = distributionProblem(d) ?? (d.n > model.peers.clusterSizes[c]! ? `${d.n} values in a cluster of ${model.peers.clusterSizes[c]}` : undefined);
      if (problem !== undefined) return `peers.metrics.${i}.byCluster.${c}: ${problem}`;
      total += d.n;
    }
    if (total !== m.overall.n) return `peers.metrics.${i}: the clusters hold ${total} values and the population ${m.overall.n}`;
  }
  for (let c = 0; c < k; c++) {
    for (const [channel, d] of Object.entries(model.channelPeers[c]!)) {
      const problem = distributionProblem(d!);
      if (problem !== undefined) return `channelPeers.${c}.${channel}: ${problem}`;
    }
  }
  const badPoint = model.projection.points.findIndex((p) => !(Number.isInteger(p.cluster) && p.cluster >= 0 && p.cluster < k));
  if (badPoint !== -1) return `projection.points.${badPoint}.cluster: not one of 0 to ${k - 1}`;
  return undefined;
}

/** A distribution's values sorted ascending, and as many as it says: all n up to DISTRIBUTION_POINTS, that many beyond. */
function distributionProblem(d: { n: number; values: number[] }): string | undefined {
  const expected = Math.min(d.n, DISTRIBUTION_POINTS);
  if (d.values.length !== expected) return `${d.values.length} values for n = ${d.n} (expected ${expected})`;
  for (let i = 1; i < d.values.length; i++) if (d.values[i]! < d.values[i - 1]!) return `values not in ascending order (at ${i})`;
  return undefined;
}
