// A classified organisation as the report holds it: its peer standing is worked out each time it is read, never
// held. Held, the standings of 500,000 organisations (seven each) took a third of a run's memory and doubled its
// garbage collection; read once per organisation by each renderer, they cost less than they took to keep.

import type { Archetype, Evidence } from '../archetypes/fold.js';
import type { CoverageGap, PeerBenchmark, PeerReference, PeerStanding } from '../benchmark/peers.js';
import type { OrgMetrics, OrgRecord } from '../metrics/org-metrics.js';
import type { OrgSla } from '../metrics/sla.js';
import type { ReportChannel, ReportOrganization } from './report.js';

/** What every organisation's standing is worked out from: the reference, how an organisation is one of its members, and the function (peers.ts, loaded with the clustering modules). */
export interface PeerContext {
  reference: PeerReference;
  membership: 'member' | 'recognise';
  benchmark: (record: OrgRecord, cluster: number, reference: PeerReference, membership: 'member' | 'recognise') => PeerBenchmark;
  /** One standing of the benchmark's, and its coverage gaps, each alone (peers.ts peerStanding, peerCoverageGaps). */
  standing: (record: OrgRecord, cluster: number, reference: PeerReference, membership: 'member' | 'recognise', m: number) => PeerStanding | undefined;
  coverageGaps: (record: OrgRecord, cluster: number, reference: PeerReference, membership: 'member' | 'recognise') => CoverageGap[];
  /** A standing's betterThanClusterPct alone (peers.ts peerBetterThan). */
  betterThan: (record: OrgRecord, cluster: number, reference: PeerReference, membership: 'member' | 'recognise', m: number) => number | null | undefined;
}

export class ClassifiedOrganization implements ReportOrganization {
  readonly #record: OrgRecord;
  /** The organisation's cluster, 0-based. */
  readonly #label: number;
  readonly #context: PeerContext;
  name: string;
  cluster: number;
  archetype: Archetype;
  metrics: OrgMetrics;
  channels: ReportChannel[];
  evidence: Evidence;
  declare sla?: OrgSla;

  constructor(record: OrgRecord, label: number, archetype: Archetype, channels: ReportChannel[], evidence: Evidence, context: PeerContext, name = record.name) {
    this.#record = record;
    this.#label = label;
    this.#context = context;
    this.name = name;
    this.cluster = label + 1;
    this.archetype = archetype;
    this.metrics = record.metrics;
    this.channels = channels;
    this.evidence = evidence;
    if (record.sla !== undefined) this.sla = record.sla;
  }

  /** Where the organisation stands among its cluster's peers and overall (peers.ts peerBenchmark), made anew on each read. */
  get peers(): PeerBenchmark {
    return this.#context.benchmark(this.#record, this.#label, this.#context.reference, this.#context.membership);
  }

  /** `peers`' standing on PEER_METRICS[m] alone (a table measuring one column of them makes no other). */
  standingOn(m: number): PeerStanding | undefined {
    return this.#context.standing(this.#record, this.#label, this.#context.reference, this.#context.membership, m);
  }

  /** standingOn(m)'s betterThanClusterPct alone (undefined where there is no such standing), nothing else worked out. */
  betterThanOn(m: number): number | null | undefined {
    return this.#context.betterThan(this.#record, this.#label, this.#context.reference, this.#context.membership, m);
  }

  /** `peers`' coverage gaps alone. */
  coverageGaps(): CoverageGap[] {
    return this.#context.coverageGaps(this.#record, this.#label, this.#context.reference, this.#context.membership);
  }

  /** What the organisation is made from: its record, its cluster (0-based) and the peer context (split.ts sends them to another thread). */
  get parts(): { record: OrgRecord; label: number; context: PeerContext } {
    return { record: this.#record, label: this.#label, context: this.#context };
  }

  /** The same organisation shown under another name (visible.ts: control characters made visible). */
  withName(name: string): ClassifiedOrganization {
    return new ClassifiedOrganization(this.#record, this.#label, this.archetype, this.channels, this.evidence, this.#context, name);
  }

  /** The report's JSON: the keys in ReportOrganization's order, the standing worked out once. */
  toJSON(): ReportOrganization {
    const { name, cluster, archetype, metrics, channels, evidence, sla } = this;
    const peers = this.peers;
    return sla === undefined ? { name, cluster, archetype, metrics, channels, peers, evidence } : { name, cluster, archetype, metrics, channels, peers, evidence, sla };
  }
}
