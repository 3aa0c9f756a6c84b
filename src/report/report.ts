// The versioned report type every renderer formats and `benchmark check` will read back as a baseline, and what
// the input measured (isMeasured).

import type { OrgSla } from '../metrics/sla.js';
import type { Archetype, ClusterFold, Evidence } from '../archetypes/fold.js';
import type { PeerBenchmark } from '../benchmark/peers.js';
import type { Channel } from '../ingest/channels.js';
import type { ChannelMetrics, OrgMetrics } from '../metrics/org-metrics.js';
import type { MetricKey } from '../metrics/registry.js';

export const SCHEMA_VERSION = 4;

/** A channel's metrics (org-metrics.ts) and its gaps (channel-gaps.ts). */
export interface ReportChannel extends ChannelMetrics {
  /** The organisation's own reference: its fastest channel with enough solved tickets and a median at or above the floor. */
  referenceChannel: Channel | null;
  gapVsReferenceHours: number | null;
  gapVsReferenceRatio: number | null;
  peerMedianHours: number | null;
  /** Cluster peers with enough solved tickets in this channel (the organisation never among them). */
  peers: number;
  gapVsPeersHours: number | null;
  gapVsPeersRatio: number | null;
  /** Flagged as slower than the organisation's reference channel. */
  inconsistency: boolean;
  /** Flagged as slower than the cluster peers' median for the same channel. */
  peerGap: boolean;
  /** Either kind. */
  flagged: boolean;
  /** Solved tickets over 24 h that would be within 24 h had the channel matched its reference's (its peers') median. */
  movableUnder24hVsReference: number | null;
  movableUnder24hVsPeers: number | null;
  /** Those tickets × --cost-per-late-ticket: an estimate; null without a cost. */
  estimatedCostVsReference: number | null;
  estimatedCostVsPeers: number | null;
}

export interface ReportOrganization {
  name: string;
  cluster: number | null;
  archetype: Archetype | null;
  metrics: OrgMetrics;
  channels: ReportChannel[];
  /** Standing among the cluster's peers and overall, and coverage gaps (classify only). */
  peers: PeerBenchmark | null;
  /** The study's variables this organisation has a value for, and those it lacks (classify only). */
  evidence: Evidence | null;
  /** Service-level targets, only where the export has due times (due_at): the organisation's and each channel's. */
  sla?: OrgSla;
}

/** What the fold says of a cluster beyond its archetype and reason (fold.ts ClusterFold). */
type FoldEvidence = Pick<ClusterFold, 'scores' | 'runnerUp' | 'margin' | 'coverage' | 'confidence' | 'decidedBy' | 'evidence'>;

export interface ReportCluster extends FoldEvidence {
  id: number;
  size: number;
  archetype: Archetype;
  reason: string;
  /** Median of the members' values, per feature, in original units. */
  profile: Record<string, number | null>;
  /** Population percentile of the centroid, per feature. */
  percentiles: Record<string, number>;
  /** Features that set the cluster apart most (largest |centroid|), strongest first. */
  definingFeatures: string[];
  typical: { firstReplyMedianHours: number | null; resolutionMedianHours: number | null; csat: number | null };
}

export interface ReportArchetype {
  name: Archetype;
  summary: string;
  clusters: number[];
  organizations: number;
}

export interface ReportModel {
  k: number;
  kRequested: number;
  seed: number;
  restarts: number;
  bestRestart: number;
  inertia: number;
  iterations: number;
  converged: boolean;
  /** Organisations per cluster, in cluster order. */
  sizes: number[];
  /** Clusters found empty during iterations and re-seeded, over all restarts. */
  emptyClustersReseeded: number;
  /** Mean silhouette coefficient, on `silhouetteRows` organisations (all up to 10,000, else a seeded sample). */
  silhouette: number;
  silhouetteRows: number;
  calinskiHarabasz: number;
  daviesBouldin: number;
  scaling: 'robust' | 'standard';
  features: { name: string; transform: 'log1p' | 'none'; center: number; scale: number; scaleKind: 'iqr' | 'std'; imputed: number; fill: number }[];
  featuresMissing: { name: string; reason: string }[];
  /** k × d centroids in the scaled feature space, in cluster order: with the clusters and organisations, what places new data as this fit would (check does). */
  centroids: number[][];
}

export interface ReportInput {
  kind: 'tickets' | 'orgs';
  isSample: boolean;
  files: { file: string; format: string }[];
  hours: 'calendar' | 'business';
  rowsRead: number;
  rowsUsed: number;
  rowsRejected: number;
  rejectsByReason: Record<string, number>;
  /** FILE:LINE of the first row rejected for each reason. */
  firstRejectAt: Record<string, string>;
  organizations: number;
  /** What one organisation is: "file" (each input file), or "column NAME" (the column its name comes from). */
  unit: string;
  /** The --from/--to window on creation time (ISO; null for an open end), or null without one. */
  window: { from: string | null; to: string | null } | null;
  /** First and last creation time across the input (ticket input only), or the window where it sets them. */
  period: { from: string; to: string; months: number; weeks: number } | null;
  profile: { file: string; matched: number; unmatchedProfileNames: string[]; organizationsWithoutProfile: number; columns: string[] } | null;
  /**
   * For an event log or a message log only: how many rows (events, messages) made how many tickets, and the
   * rules that made them (docs/inputs.md).
   */
  eventLog?: { events: number; tickets: number; solved: readonly string[]; solvedAt: 'first' | 'last'; attributesFrom: 'first' | 'last'; sequence?: string };
  /** For a message log only: how many messages made how many conversations (one ticket each), and where their cells come from. */
  messageLog?: { messages: number; conversations: number; attributesFrom: 'first' | 'first-outbound' };
}

export type SortOrder = 'asc' | 'desc';

export interface SortSpec {
  key: 'name' | 'cluster' | 'archetype' | 'gap' | MetricKey;
  order: SortOrder;
}

/** The selection a report records: what was asked, resolved, and how many organisations it kept of how many. */
export interface Selection {
  sort: SortSpec | null;
  top: number | null;
  archetypes: Archetype[] | null;
  clusters: number[] | null;
  organizations: string[] | null;
  shown: number;
  of: number;
}

export interface Unmeasured {
  metrics: MetricKey[];
  channelFields: (keyof ReportChannel)[];
}

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  command: 'classify' | 'metrics';
  input: ReportInput;
  warnings: string[];
  model: ReportModel | null;
  archetypes: ReportArchetype[];
  clusters: ReportCluster[];
  gapThresholds: { ratio: number; minTickets: number; floorMinutes: number };
  /** The cost behind the gaps' estimates (--cost-per-late-ticket), and what the estimate assumes. */
  economics: { costPerLateTicket: number | null; assumption: string };
  /** Repeat contacts across channels: the window (--repeat-days), and whether the input had requesters to measure them. */
  repeatContacts: { windowDays: number; isMeasured: boolean };
  /**
   * What no organisation of the input has a value for: organisation metrics, and channel fields null in every
   * channel of every organisation. The JSON report leaves these out of each organisation (and the peer
   * standings on those metrics), saying so once here; in memory every organisation still has them, as null.
   */
  unmeasured: Unmeasured;
  organizations: ReportOrganization[];
  /** Which organisations are shown and in what order (--org, --archetype, --cluster, --sort, --top); null: all, by name. */
  selection: Selection | null;
  /** The saved model organisations were placed with (classify --model); null when fitted in this run. */
  modelSource: { file: string; fittedAt: string; trainingOrganizations: number } | null;
  /**
   * Milliseconds per stage, and within clustering the features and the k-means fit (null where this run fitted
   * nothing: metrics, or --model); null with --no-timings (then the same input and seed give byte-identical JSON).
   */
  timings: { ingestMs: number; metricsMs: number; clusterMs: number; featuresMs: number | null; fitMs: number | null; totalMs: number } | null;
}

/** How a report is rendered for reading (table and Markdown). */
export interface RenderOptions {
  isColor: boolean;
  /** Show every channel, not only flagged gaps. */
  isAllChannels: boolean;
  /** The width tables are fitted to (terminal.ts); null for no limit. */
  width: number | null;
  /** Threads the renderer may use (threads.ts threadCount); one when not given. A large report is rendered by two (split.ts). */
  threads?: number;
}

/** Whether some organisation of the input has the metric (not in report.unmeasured): a table gives a column only to such a metric. */
export function isMeasured(report: Pick<Report, 'unmeasured'>, key: MetricKey): boolean {
  return !report.unmeasured.metrics.includes(key);
}
