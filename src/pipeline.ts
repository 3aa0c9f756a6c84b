// The pipeline both commands run: ingest → metrics → features → k-means → archetypes → channel gaps → report.

import type { Archetype } from './archetypes/fold.js';
import { buildChannelPeers, channelGaps, type ChannelGap, type CountWithin, type GapThresholds } from './benchmark/channel-gaps.js';
import type { PeerReference } from './benchmark/peers.js';
import type { Projection } from './cluster/projection.js';
import type { BenchmarkModel } from './model/model.js';
import type { Matrix } from './cluster/matrix.js';
import { InputError, UsageError } from './errors.js';
import type { FeatureMatrix, Scaling } from './features/features.js';
import type { Accounting } from './ingest/accounting.js';
import type { InputKind } from './ingest/fields.js';
import { formatFromMapping, type HoursMode } from './ingest/formats.js';
import { displayName, planInput, SAMPLE_TICKETS, type InputOptions } from './ingest/input.js';
import { ingestOrgTable, joinProfile, type ProfileJoin } from './ingest/orgs.js';
import { knownSize } from './ingest/sources.js';
import { Progress, type ProgressStream } from './progress.js';
import { ingestTickets } from './ingest/tickets.js';
import type { TicketAccumulator } from './metrics/accumulator.js';
import { computeOrgRecords, type OrgRecord, type Period } from './metrics/org-metrics.js';
import { AbsentKeys } from './metrics/absent-keys.js';
import { metricsNoneHas } from './metrics/metric-columns.js';
import { groupByLabel } from './metrics/group-by-label.js';
import { medianInPlace } from './metrics/quantile.js';
import { plural, roundMs } from './report/format.js';
import { ClassifiedOrganization, type PeerContext } from './report/classified-organization.js';
import { SCHEMA_VERSION, type Report, type ReportCluster, type ReportInput, type ReportModel, type ReportChannel, type ReportOrganization } from './report/report.js';
import { threadCount } from './threads.js';
import { DEFAULT_REPEAT_DAYS } from './metrics/contacts.js';

/**
 * The modules of clustering (features, k-means and its quality measures, archetypes, peers, projection, saved
 * models): loaded when classify or tune first needs them (loadClustering), not by `metrics`, which does not
 * cluster.
 */
interface Clustering {
  fold: typeof import('./archetypes/fold.js');
  peers: typeof import('./benchmark/peers.js');
  projection: typeof import('./cluster/projection.js');
  model: typeof import('./model/model.js');
  kmeans: typeof import('./cluster/kmeans.js');
  features: typeof import('./features/features.js');
}
let clustering: Clustering | undefined;

/** The clustering modules, loaded on first use. */
async function loadClustering(): Promise<Clustering> {
  clustering ??= {
    fold: await import('./archetypes/fold.js'),
    peers: await import('./benchmark/peers.js'),
    projection: await import('./cluster/projection.js'),
    model: await import('./model/model.js'),
    kmeans: await import('./cluster/kmeans.js'),
    features: await import('./features/features.js'),
  };
  return clustering;
}

/** The clustering modules, once loadClustering has run. */
function modules(): Clustering {
  if (clustering === undefined) throw new Error('internal: the clustering modules are not loaded');
  return clustering;
}

export interface PipelineOptions extends InputOptions {
  command: 'classify' | 'metrics';
  /** Where progress goes while reading (a terminal's stderr), or undefined for none. */
  progress?: ProgressStream;
  k: number;
  isKExplicit: boolean;
  seed: number;
  nRestarts: number;
  /** Threads for reading large files and for k-means restarts (undefined: the cores available). */
  nThreads?: number;
  scaling: Scaling;
  gaps: GapThresholds;
  /** What a ticket solved after 24 h costs more than one within 24 h (--cost-per-late-ticket), to price the gaps. */
  costPerLateTicket?: number;
  hasTimings: boolean;
  /** A saved model to place organisations with, instead of fitting (classify only). */
  model?: { file: string; model: BenchmarkModel };
  /** Build the model file's content (for --save-model). */
  isModelWanted?: boolean;
  /** Build the 2-D map of organisations (for the client report). */
  isMapWanted?: boolean;
}

export interface PipelineResult {
  report: Report;
  /** The scaled matrix the model was fitted on, for --features-out (classify only). */
  features: { names: string[]; organizations: string[]; matrix: Matrix } | null;
  /** What --save-model writes, when asked for. */
  model: BenchmarkModel | null;
  /** The map of the reference population and where each organisation of this run lands on it, when asked for. */
  map: { projection: Projection; coordinates: { x: number; y: number }[] } | null;
}

/** A period stretched by a few tickets: its whole span against the days holding the middle 98% of tickets. */
const STRETCH = { share: 0.01, ratio: 3, minExtraDays: 7 } as const;

/**
 * Warns when a handful of tickets stretch the period far beyond where the rest lie (odd dates in an extract):
 * rates (tickets per month) are taken over the whole period, so say how much it is stretched and how to set it.
 */
function warnStretchedPeriod(acc: TicketAccumulator, warnings: string[]): void {
  const days = acc.createdDays;
  const low = days.quantileDay(STRETCH.share);
  const high = days.quantileDay(1 - STRETCH.share);
  if (low === null || high === null) return;
  const DAY = 86_400_000;
  const core = high + DAY - low;
  const whole = acc.createdMaxMs - acc.createdMinMs;
  if (!(whole > STRETCH.ratio * core && whole - core > STRETCH.minExtraDays * DAY)) return;
  const outside = days.countOutside(low, high);
  const span = (ms: number): string => (ms >= 60 * DAY ? `${(ms / (30.4375 * DAY)).toFixed(1)} months` : `${(ms / DAY).toFixed(1)} days`);
  const day = (ms: number): string => toIso(ms).slice(0, 10);
  warnings.push(
    `the period ${day(acc.createdMinMs)} → ${day(acc.createdMaxMs)} (${span(whole)}) is stretched by a few tickets: ${100 - 2 * 100 * STRETCH.share}% were created ${day(low)} → ${day(high)} (${span(core)}); ${plural(outside.before, 'ticket')} before and ${plural(outside.after, 'ticket')} after; rates such as tickets per month use the whole period: set it with --from ${day(low)} --to ${day(high)}`,
  );
}

function toIso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** What reading the input gives: one record per organisation and where every row went. */
export interface LoadedInput {
  kind: InputKind;
  isSample: boolean;
  records: OrgRecord[];
  accounting: Accounting;
  period: Period | null;
  formats: { file: string; format: string }[];
  profile: ProfileJoin | null;
  eventLog?: ReportInput['eventLog'];
  messageLog?: ReportInput['messageLog'];
  /** The first input file, as messages name it. */
  firstFile: string;
  /** What one organisation is: "file", or "column NAME". */
  unit: string;
  /** The --from/--to window (ISO; null for an open end), or null without one. */
  window: { from: string | null; to: string | null } | null;
  warnings: string[];
  ingestMs: number;
  metricsMs: number;
  /** Solved tickets of records[org]'s channel taking at most `minutes`; undefined for an organisation table (no ticket times). */
  countWithin: CountWithin | undefined;
}


/** Ingest and per-organisation metrics: tickets or an organisation table, plus the profile, into records. */
export async function loadOrganizations(options: InputOptions & Pick<PipelineOptions, 'progress' | 'nThreads'>): Promise<LoadedInput> {
  const started = performance.now();
  const { kind, isSample, files, profileFile, mapping, window, formatFor, unit } = await planInput(options);
  const warnings: string[] = [];

  let records: OrgRecord[];
  let accounting: Accounting;
  let period: Period | null = null;
  let countWithin: CountWithin | undefined;
  let formats: { file: string; format: string }[];
  let ingestMs: number;
  let metricsStarted: number;
  let eventLog: ReportInput['eventLog'];
  let messageLog: ReportInput['messageLog'];
  if (kind === 'tickets') {
    const sizes = files.map(knownSize);
    const progress = options.progress ? new Progress(options.progress, sizes.every((s) => s !== undefined) ? sizes.reduce((a, b) => a! + b!, 0) : undefined) : undefined;
    let ingest: Awaited<ReturnType<typeof ingestTickets>>;
    try {
      ingest = await ingestTickets(files, {
        formatFor,
        isSkipInvalid: options.isSkipInvalid,
        timeZone: options.timeZone,
        nThreads: threadCount(options.nThreads),
        onProgress: progress ? (file, bytes, rows) => progress.update(displayName(file, isSample), bytes, rows) : undefined,
      });
    } finally {
      progress?.done();
    }
    ingestMs = performance.now() - started;
    metricsStarted = performance.now();
    if (ingest.accounting.rowsUsed === 0) {
      throw new InputError({ file: files[0]! }, `no usable ticket rows: ${ingest.accounting.rowsRead} read, all rejected (${ingest.accounting.describe()})`, 'no usable rows');
    }
    ({ records, period, countWithin } = computeOrgRecords(ingest.accumulator, window, options.repeatDays));
    if (window === undefined) warnStretchedPeriod(ingest.accumulator, warnings);
    accounting = ingest.accounting;
    formats = ingest.formats;
    warnings.push(...ingest.warnings);
    eventLog = ingest.eventLog;
    messageLog = ingest.messageLog;
  } else {
    if (options.by === 'file') throw new UsageError('--by file: an organisation table has one row per organisation already; --by file is for ticket exports');
    if (window !== undefined) throw new UsageError('--from/--to: an organisation table has no creation times to window; they are for ticket exports');
    const rename = { ...(mapping ? formatFromMapping(mapping, options.hours).orgColumns : {}), ...(options.by !== undefined ? { organization: options.by } : {}) };
    const table = await ingestOrgTable(files, { rename: Object.keys(rename).length > 0 ? rename : undefined, isSkipInvalid: options.isSkipInvalid, missing: mapping?.mapping.missing });
    ingestMs = performance.now() - started;
    metricsStarted = performance.now();
    records = table.records;
    accounting = table.accounting;
    formats = files.map((file) => ({ file, format: 'organisation table' }));
  }
  let profile: ProfileJoin | null = null;
  if (profileFile !== undefined) {
    profile = await joinProfile(profileFile, records, options.isSkipInvalid);
    if (profile.unmatchedProfileNames.length > 0) {
      const shown = profile.unmatchedProfileNames.slice(0, 5).map((n) => JSON.stringify(n)).join(', ');
      const more = profile.unmatchedProfileNames.length > 5 ? ` and ${profile.unmatchedProfileNames.length - 5} more` : '';
      warnings.push(`profile ${displayName(profileFile, isSample)}: ${plural(profile.unmatchedProfileNames.length, 'name')} ${profile.unmatchedProfileNames.length === 1 ? 'matches' : 'match'} no organisation in the input: ${shown}${more}`);
    }
    profile = { ...profile, file: displayName(profile.file, isSample) };
  }
  return {
    kind,
    isSample,
    records,
    accounting,
    period,
    formats: formats.map((f) => ({ file: displayName(f.file, isSample), format: f.format })),
    profile,
    ...(eventLog === undefined ? {} : { eventLog }),
    ...(messageLog === undefined ? {} : { messageLog }),
    firstFile: displayName(files[0]!, isSample),
    unit,
    window: window === undefined ? null : { from: Number.isFinite(window.fromMs) ? toIso(window.fromMs) : null, to: Number.isFinite(window.toMs) ? toIso(window.toMs) : null },
    warnings,
    ingestMs,
    metricsMs: performance.now() - metricsStarted,
    countWithin,
  };
}

/** The input block of a report. */
export function describeInput(loaded: LoadedInput, hours: HoursMode): ReportInput {
  const { accounting, period } = loaded;
  return {
    kind: loaded.kind,
    isSample: loaded.isSample,
    files: loaded.formats,
    hours,
    rowsRead: accounting.rowsRead,
    rowsUsed: accounting.rowsUsed,
    rowsRejected: accounting.rowsRejected,
    rejectsByReason: accounting.rejectsByReason(),
    // The bundled sample's rows are named by its display name, not where the package is installed.
    firstRejectAt: loaded.isSample ? Object.fromEntries(Object.entries(accounting.firstRejectAt()).map(([reason, at]) => [reason, at.replace(SAMPLE_TICKETS, displayName(SAMPLE_TICKETS, true))])) : accounting.firstRejectAt(),
    organizations: loaded.records.length,
    unit: loaded.unit,
    window: loaded.window,
    period: period ? { from: toIso(period.fromMs), to: toIso(period.toMs), months: period.months, weeks: period.weeks } : null,
    profile: loaded.profile,
    ...(loaded.eventLog === undefined ? {} : { eventLog: loaded.eventLog }),
    ...(loaded.messageLog === undefined ? {} : { messageLog: loaded.messageLog }),
  };
}

/**
 * The feature matrix for clustering, with a warning per imputed feature; an input with no usable feature is bad
 * input, and one with a single feature is clustered on it alone, with a warning saying what to add. Loads the
 * clustering modules, for what comes after it.
 */
export async function prepareFeatures(loaded: LoadedInput, scaling: Scaling, warnings: string[]): Promise<FeatureMatrix> {
  await loadClustering();
  const { records } = loaded;
  if (records.length < 2) {
    throw new InputError({ file: loaded.firstFile }, `clustering needs at least 2 organisations; the input has ${records.length}${records.length === 1 ? ` (${JSON.stringify(records[0]!.name)}): use benchmark metrics for one organisation, or classify it against a saved model (--model)` : ''}`, 'too few organisations');
  }
  const matrix = modules().features.buildFeatureMatrix(records, scaling);
  if (matrix.features.length === 0) {
    throw new InputError(
      { file: loaded.firstFile },
      `clustering needs at least one feature; the input provides none (missing: ${matrix.missing.map((m) => `${m.name}: ${m.reason}`).join('; ')})`,
      'too few features',
    );
  }
  if (matrix.features.length === 1) {
    const only = matrix.features[0]!.name;
    warnings.push(
      `only one clustering variable measured (${only}): organisations are grouped by it alone and archetypes rest on it (low confidence); to compare how teams operate, add agents (map an assignee column), coverage hours (map first reply times) or a --profile with agents, weekday_hours, weekend_hours, business_rules, self_service_ratio`,
    );
  }
  for (const f of matrix.used) {
    if (f.imputed > 0) warnings.push(`${f.imputed} of ${records.length} organisations lack ${f.name}: given the median`);
  }
  return matrix;
}

/**
 * The number of clusters to fit: k, or fewer (with a warning) when there are fewer distinct organisations
 * and k was not asked for explicitly; an explicit k above them is a usage error naming both numbers.
 */
export function decideK(matrix: FeatureMatrix, loaded: LoadedInput, k: number, isKExplicit: boolean, warnings: string[]): number {
  const n = loaded.records.length;
  const nDistinct = modules().kmeans.countDistinct(matrix.matrix, Math.max(k, 2));
  if (nDistinct < 2) {
    throw new InputError({ file: loaded.firstFile }, `clustering needs at least 2 organisations with different feature values; found ${n} organisation(s), ${nDistinct} distinct`, 'too few organisations');
  }
  if (k <= nDistinct) return k;
  const what = nDistinct === n ? `the organisations found (${n})` : `the distinct organisations found (${nDistinct} of ${n})`;
  if (isKExplicit) throw new UsageError(`--k ${k} exceeds ${what}; use --k ${nDistinct} or fewer`);
  warnings.push(`k lowered from ${k} to ${nDistinct}: only ${nDistinct} distinct organisations to cluster`);
  return nDistinct;
}

/** Organisations per cluster below which a population is small: with fewer than this many × k, say so. */
export const SMALL_POPULATION_PER_CLUSTER = 5;
/** A cluster with fewer members than this gives its members fewer than two peers each. */
export const SMALL_CLUSTER = 3;

/**
 * Warns when the population is small for its k (fewer than 5 × k organisations, or a cluster under 3 members):
 * peer figures then rest on few peers and are withheld (peers.ts MIN_PEERS). When the population is small,
 * tune's recommendation (every k from 2 to 20 that the organisations allow, same seed and restarts) is run and
 * named; otherwise the tiny clusters are. Fits of a small population are cheap.
 */
async function warnSmallPopulation(matrix: FeatureMatrix, sizes: readonly number[], fitOptions: { seed: number; nRestarts: number; nThreads?: number }, warnings: string[]): Promise<void> {
  const n = matrix.matrix.n;
  const k = sizes.length;
  const tiny = sizes.map((size, c) => ({ id: c + 1, size })).filter((c) => c.size < SMALL_CLUSTER);
  const isSmall = n < SMALL_POPULATION_PER_CLUSTER * k;
  if (!isSmall && tiny.length === 0) return;
  const parts: string[] = [];
  if (isSmall) parts.push(`small population: ${plural(n, 'organisation')} for k = ${k} (fewer than ${SMALL_POPULATION_PER_CLUSTER} per cluster)`);
  if (tiny.length > 0) parts.push(`${plural(tiny.length, 'cluster')} under ${SMALL_CLUSTER} members (${tiny.map((c) => `cluster ${c.id}: ${c.size}`).join(', ')})`);
  let advice = 'see benchmark tune for a k that suits the data';
  if (isSmall) {
    const kMax = Math.min(20, modules().kmeans.countDistinct(matrix.matrix, 21) - 1);
    if (kMax >= 2) {
      const { sweep } = await import('./cluster/sweep.js');
      const ks = Array.from({ length: kMax - 1 }, (_, i) => i + 2);
      const result = await sweep(matrix.matrix, ks, fitOptions);
      advice = `benchmark tune recommends ${result.reason}; try --k ${result.recommendedK}`;
    }
  }
  warnings.push(`${parts.join('; ')}: peer percentiles and medians need at least 3 peers and are left out where there are fewer; ${advice}`);
}

/**
 * Each cluster's median of each feature in original units (organisations lacking the feature left out), as
 * k × d values, null where no member has the feature. A feature's values grouped by cluster in one pass, each
 * group's median by selection.
 */
function clusterProfiles(matrix: FeatureMatrix, labels: Int32Array, k: number): (number | null)[] {
  const d = matrix.features.length;
  const profiles: (number | null)[] = new Array<number | null>(k * d).fill(null);
  matrix.raw.forEach((column, j) => {
    const { grouped, bounds } = groupByLabel(column, labels, k);
    for (let c = 0; c < k; c++) if (bounds[c + 1]! > bounds[c]!) profiles[c * d + j] = medianInPlace(grouped.subarray(bounds[c]!, bounds[c + 1]!));
  });
  return profiles;
}

/**
 * What clustering gives a report, whether the model was fitted in this run or read from a saved model: the
 * clusters, each organisation's cluster, and the reference its peers are taken from.
 */
interface Classification {
  model: ReportModel;
  clusters: ReportCluster[];
  /** Each organisation's cluster (0-based), in the order of the records. */
  labels: Int32Array;
  peers: PeerReference;
  /** How an organisation is kept out of its own peers: as a member of the run, or recognised among a saved model's values. */
  peerMode: 'member' | 'recognise';
  /** A saved model's channel peer medians; undefined when they come from this run. */
  channelPeers: BenchmarkModel['channelPeers'] | undefined;
  features: PipelineResult['features'];
  map: PipelineResult['map'];
  /** What --save-model writes (its archetypes are added with the report's). */
  saved: BenchmarkModel | null;
  source: Report['modelSource'];
  /** This run's fit: milliseconds preparing the features (and deciding k), and fitting k-means (its restarts); null when placed with a saved model. */
  stageMs: { features: number; fit: number } | null;
}

/** Fits k-means on this run's organisations, folds the clusters into archetypes and builds the peer reference. */
async function fitClassification(loaded: LoadedInput, input: ReportInput, options: PipelineOptions, warnings: string[]): Promise<Classification> {
  const { records } = loaded;
  const featuresStarted = performance.now();
  const matrix = await prepareFeatures(loaded, options.scaling, warnings);
  const k = decideK(matrix, loaded, options.k, options.isKExplicit, warnings);
  const fitStarted = performance.now();
  const fit = await modules().kmeans.fitKMeans(matrix.matrix, { k, seed: options.seed, nRestarts: options.nRestarts, nThreads: options.nThreads });
  const stageMs = { features: fitStarted - featuresStarted, fit: performance.now() - fitStarted };
  if (fit.nReseeded > 0) warnings.push(`${plural(fit.nReseeded, 'empty cluster')} re-seeded during k-means iterations`);
  if (fit.centroids.length < k) warnings.push(`${plural(k - fit.centroids.length, 'cluster')} ended empty and ${k - fit.centroids.length === 1 ? 'was' : 'were'} dropped: ${fit.centroids.length} clusters reported`);
  if (!fit.isConverged) warnings.push(`k-means stopped at ${fit.iterations} iterations without converging`);
  const labels = fit.labels;
  await warnSmallPopulation(matrix, fit.sizes, { seed: options.seed, nRestarts: options.nRestarts, nThreads: options.nThreads }, warnings);
  // The silhouette and the peer reference's distributions begun on a worker while this thread folds the clusters
  // (it takes its share of the silhouette left when it asks for the result).
  const quality = modules().kmeans.qualityInBackground(matrix.matrix, labels, fit.centroids.length, options.seed, { nThreads: options.nThreads, nRestarts: options.nRestarts }, () =>
    modules().peers.peerMetricValues(records),
  );
  const folds = modules().fold.foldClusters({ features: matrix.features, matrix: matrix.matrix, labels, centroids: fit.centroids, performance: records.map((r) => r.metrics) });
  const profiles = clusterProfiles(matrix, labels, folds.length);
  const clusters: ReportCluster[] = folds.map((fold, id) => {
    const profileValues: Record<string, number | null> = {};
    matrix.features.forEach((f, j) => {
      profileValues[f.name] = profiles[id * matrix.features.length + j]!;
    });
    const centroid = fit.centroids[id]!;
    const defining = matrix.features
      .map((f, j) => ({ name: f.name, weight: Math.abs(centroid[j]!) }))
      .sort((a, b) => b.weight - a.weight || (a.name < b.name ? -1 : 1))
      .slice(0, 3)
      .map((x) => x.name);
    return {
      id: id + 1,
      size: fit.sizes[id]!,
      archetype: fold.archetype,
      reason: fold.reason,
      profile: profileValues,
      percentiles: fold.percentiles,
      definingFeatures: defining,
      scores: fold.scores,
      runnerUp: fold.runnerUp,
      margin: fold.margin,
      coverage: fold.coverage,
      confidence: fold.confidence,
      decidedBy: fold.decidedBy,
      evidence: fold.evidence,
      typical: fold.typical,
    };
  });
  // The worker's distributions where it was given the columns (it has done its share of the silhouette by then).
  const peers = modules().peers.buildPeerReference(records, labels, clusters.length, await quality.peerDistributions());
  const qualityFigures = await quality.result();
  const model: ReportModel = {
    k: fit.centroids.length,
    kRequested: options.k,
    seed: options.seed,
    restarts: options.nRestarts,
    bestRestart: fit.bestRestart,
    inertia: fit.inertia,
    iterations: fit.iterations,
    converged: fit.isConverged,
    sizes: fit.sizes,
    emptyClustersReseeded: fit.nReseeded,
    ...qualityFigures,
    scaling: options.scaling,
    features: matrix.used,
    featuresMissing: matrix.missing,
    centroids: fit.centroids,
  };
  const projection = options.isModelWanted || options.isMapWanted ? modules().projection.buildProjection(matrix.matrix, labels) : null;
  const saved: BenchmarkModel | null =
    options.isModelWanted && projection !== null
      ? {
          kind: modules().model.MODEL_KIND,
          schemaVersion: modules().model.MODEL_SCHEMA_VERSION,
          fittedAt: modules().model.fittedAtNow(),
          fit: withoutCentroids(model),
          centroids: fit.centroids,
          clusters,
          archetypes: [],
          gapThresholds: { ratio: options.gaps.ratio, minTickets: options.gaps.minTickets, floorMinutes: options.gaps.floorMinutes },
          peers,
          channelPeers: buildChannelPeers(records, labels, clusters.length, options.gaps.minTickets),
          projection,
          training: { kind: input.kind, files: input.files, hours: input.hours, rowsRead: input.rowsRead, rowsUsed: input.rowsUsed, rowsRejected: input.rowsRejected, organizations: input.organizations, period: input.period },
        }
      : null;
  return {
    model,
    clusters,
    labels,
    peers,
    peerMode: 'member',
    channelPeers: undefined,
    features: { names: matrix.features.map((f) => f.name), organizations: records.map((r) => r.name), matrix: matrix.matrix },
    map: projection !== null && options.isMapWanted ? { projection, coordinates: coordinatesOf(projection, matrix.matrix) } : null,
    saved,
    source: null,
    stageMs,
  };
}

/** The fit as a saved model records it: its centroids are the model's own field. */
function withoutCentroids(model: ReportModel): Omit<ReportModel, 'centroids'> {
  const { centroids: _centroids, ...fit } = model;
  return fit;
}

/** Places this run's organisations with a saved model: its scaling, nearest centroids, its clusters and peers. */
function placeClassification(loaded: LoadedInput, saved: { file: string; model: BenchmarkModel }, options: PipelineOptions, warnings: string[]): Classification {
  const { model, file } = saved;
  const placed = placeWithModel(loaded, model, file, warnings);
  return {
    model: { ...model.fit, centroids: model.centroids },
    clusters: model.clusters.map((c, id) => ({ ...c, size: placed.sizes[id]! })),
    labels: placed.labels,
    peers: model.peers,
    peerMode: 'recognise',
    channelPeers: model.channelPeers,
    features: { names: model.fit.features.map((f) => f.name), organizations: loaded.records.map((r) => r.name), matrix: placed.matrix },
    map: options.isMapWanted ? { projection: model.projection, coordinates: coordinatesOf(model.projection, placed.matrix) } : null,
    saved: null,
    source: { file, fittedAt: model.fittedAt, trainingOrganizations: model.training.organizations },
    stageMs: null,
  };
}

/** What the gaps' economics assume, said in every report beside the figures. */
export const ECONOMICS_ASSUMPTION =
  'tickets that would move under 24 h, for each flagged gap: each solved ticket of the channel with its time scaled by the comparison median ÷ the channel median (the channel as fast as its reference, or its peers, in the same proportion throughout); estimated cost: those tickets × --cost-per-late-ticket, the extra a ticket solved after 24 h costs';

/** Runs the whole pipeline and builds the report. Throws UsageError/InputError for the CLI to map to exit codes. */
export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const started = performance.now();
  const loaded = await loadOrganizations(options);
  const warnings = [...loaded.warnings];
  const input = describeInput(loaded, options.hours);
  const clusterStarted = performance.now();
  let classification: Classification | null = null;
  if (options.command === 'classify') {
    await loadClustering();
    classification = options.model === undefined ? await fitClassification(loaded, input, options, warnings) : placeClassification(loaded, options.model, options, warnings);
  }
  // Without clustering (metrics), every organisation's peers are all the others.
  const labels = classification?.labels ?? new Int32Array(loaded.records.length);
  const gaps = channelGaps(loaded.records, labels, options.gaps, classification?.channelPeers, loaded.countWithin);
  // The ticket durations behind countWithin can go before the report is built (peak memory).
  loaded.countWithin = undefined;
  const clusterMs = performance.now() - clusterStarted;
  const report = buildReport(options, input, loaded, classification, gaps, warnings);
  if (options.hasTimings) {
    const stageMs = classification?.stageMs ?? null;
    report.timings = {
      ingestMs: roundMs(loaded.ingestMs),
      metricsMs: roundMs(loaded.metricsMs),
      clusterMs: roundMs(clusterMs),
      featuresMs: stageMs === null ? null : roundMs(stageMs.features),
      fitMs: stageMs === null ? null : roundMs(stageMs.fit),
      totalMs: roundMs(performance.now() - started),
    };
  }
  const saved = classification?.saved ?? null;
  if (saved !== null) saved.archetypes = report.archetypes;
  return { report, features: classification?.features ?? null, model: saved, map: classification?.map ?? null };
}

/** The report: the input, the classification (null for metrics), and every organisation with its channels, gaps and peers. */
function buildReport(options: PipelineOptions, input: ReportInput, loaded: LoadedInput, classification: Classification | null, gaps: ChannelGap[][], warnings: string[]): Report {
  const { records } = loaded;
  const cost = options.costPerLateTicket;
  // Indexed loops and objects written out rather than spread: this runs once per report, mostly before V8
  // optimises it, where a spread copies property by property (measured ~10 µs per channel, 140 ms for 2,000
  // organisations) and callbacks cost more than loops.
  const organizations: ReportOrganization[] = [];
  // Classified organisations work out their peer standing when it is read (classified-organization.ts).
  // What each organisation's archetype rests on, read a variable at a time.
  const evidence = classification === null ? null : modules().fold.organizationEvidences(records);
  const peerContext: PeerContext | null = classification === null ? null : { reference: classification.peers, membership: classification.peerMode, benchmark: modules().peers.peerBenchmark, standing: modules().peers.peerStanding, coverageGaps: modules().peers.peerCoverageGaps, betterThan: modules().peers.peerBetterThan };
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const channels: ReportOrganization['channels'] = [];
    for (let ci = 0; ci < r.channels.length; ci++) {
      const c = r.channels[ci]!;
      const g = gaps[i]![ci]!;
      channels.push({
        channel: c.channel,
        tickets: c.tickets,
        solvedTickets: c.solvedTickets,
        share: c.share,
        firstReplyMedianHours: c.firstReplyMedianHours,
        firstReplyP90Hours: c.firstReplyP90Hours,
        resolutionMedianHours: c.resolutionMedianHours,
        resolutionP90Hours: c.resolutionP90Hours,
        csat: c.csat,
        csatRated: c.csatRated,
        resolvedWithin24h: c.resolvedWithin24h,
        resolvedIn24to48h: c.resolvedIn24to48h,
        resolvedAfter48h: c.resolvedAfter48h,
        requesters: c.requesters,
        repeatContactShare: c.repeatContactShare,
        referenceChannel: g.referenceChannel,
        gapVsReferenceHours: g.gapVsReferenceHours,
        gapVsReferenceRatio: g.gapVsReferenceRatio,
        peerMedianHours: g.peerMedianHours,
        peers: g.nPeers,
        gapVsPeersHours: g.gapVsPeersHours,
        gapVsPeersRatio: g.gapVsPeersRatio,
        inconsistency: g.isInconsistent,
        peerGap: g.isPeerGap,
        flagged: g.flagged,
        movableUnder24hVsReference: g.movableVsReference,
        movableUnder24hVsPeers: g.movableVsPeers,
        estimatedCostVsReference: cost === undefined || g.movableVsReference === null ? null : g.movableVsReference * cost,
        estimatedCostVsPeers: cost === undefined || g.movableVsPeers === null ? null : g.movableVsPeers * cost,
      });
    }
    if (classification !== null) {
      const label = classification.labels[i]!;
      organizations.push(new ClassifiedOrganization(r, label, classification.clusters[label]!.archetype, channels, evidence![i]!, peerContext!));
      continue;
    }
    organizations.push({ name: r.name, cluster: null, archetype: null, metrics: r.metrics, channels, peers: null, evidence: null, ...(r.sla === undefined ? {} : { sla: r.sla }) });
  }
  const clusters = classification?.clusters ?? [];
  const archetypes =
    classification === null
      ? []
      : modules().fold.ARCHETYPES.map((name) => ({
          name,
          summary: modules().fold.archetypeSummary(name, modules().fold.measuredOf(clusters)),
          clusters: clusters.filter((c) => c.archetype === name).map((c) => c.id),
          organizations: clusters.filter((c) => c.archetype === name).reduce((sum, c) => sum + c.size, 0),
        }));
  return {
    schemaVersion: SCHEMA_VERSION,
    command: options.command,
    input,
    warnings,
    model: classification?.model ?? null,
    archetypes,
    clusters,
    gapThresholds: { ratio: options.gaps.ratio, minTickets: options.gaps.minTickets, floorMinutes: options.gaps.floorMinutes },
    economics: { costPerLateTicket: cost ?? null, assumption: ECONOMICS_ASSUMPTION },
    repeatContacts: { windowDays: options.repeatDays ?? DEFAULT_REPEAT_DAYS, isMeasured: records.some((r) => r.metrics.requesters !== null) },
    unmeasured: { metrics: metricsNoneHas(records), channelFields: channelFieldsNoneHas(organizations) },
    organizations,
    selection: null,
    modelSource: classification?.source ?? null,
    timings: null,
  };
}

/** The channel fields null in every channel of every organisation (none where no organisation has a channel). */
function channelFieldsNoneHas(organizations: readonly ReportOrganization[]): (keyof ReportChannel)[] {
  const first = organizations.find((o) => o.channels.length > 0)?.channels[0];
  if (first === undefined) return [];
  const absent = new AbsentKeys(Object.keys(first) as (keyof ReportChannel)[], 'non-null');
  for (let i = 0; i < organizations.length; i++) {
    const channels = organizations[i]!.channels;
    for (let c = 0; c < channels.length; c++) if (!absent.see(channels[c]!)) return [];
  }
  return absent.absent;
}

function coordinatesOf(projection: Projection, m: Matrix): { x: number; y: number }[] {
  return Array.from({ length: m.n }, (_, i) => modules().projection.project(projection, m.data.subarray(i * m.d, (i + 1) * m.d)));
}

/**
 * Places organisations with a saved model: features scaled with the model's parameters, each organisation
 * in the cluster of its nearest centroid.
 */
function placeWithModel(loaded: LoadedInput, model: BenchmarkModel, file: string, warnings: string[]): { labels: Int32Array; sizes: number[]; matrix: Matrix } {
  const applied = modules().features.applyFeatures(loaded.records, model.fit.features);
  if (applied.missing.length === model.fit.features.length) {
    throw new InputError({ file: loaded.firstFile }, `the input provides none of the model's features (${model.fit.features.map((f) => f.name).join(', ')}), so it cannot be placed with ${file}`, 'too few features');
  }
  if (applied.missing.length > 0) warnings.push(`the input lacks ${applied.missing.join(', ')}, which the model ${file} uses: every organisation given the model's median`);
  applied.imputed.forEach((count, j) => {
    if (count > 0 && count < loaded.records.length) warnings.push(`${count} of ${loaded.records.length} organisations lack ${model.fit.features[j]!.name}: given the model's median`);
  });
  return { ...modules().kmeans.nearestCentroids(applied.matrix, model.centroids), matrix: applied.matrix };
}

