// The client report's content: one organisation placed among its peers, its gaps, and the tactics of its
// archetype that answer those gaps. Renderers (HTML, Markdown) only format what this builds.

import { HOW_TO_MEASURE, ordinal, VARIABLE_LABEL, type Archetype, type Variable } from '../archetypes/fold.js';
import { PEER_METRICS, type PeerStanding } from '../benchmark/peers.js';
import type { Projection } from '../cluster/projection.js';
import { unknownOrganization } from '../suggest.js';
import { featureLabel, gapPhrase } from './describe.js';
import { formatHours, formatRatio, formatShare } from './format.js';
import type { Report, ReportChannel, ReportCluster, ReportOrganization } from './report.js';

/**
 * What each archetype means, for readers who have not met the method: sentences, each said only when the
 * variables it speaks of were measured (archetypeMeaning).
 */
export const ARCHETYPE_MEANING: Record<Archetype, readonly { text: string; variables: readonly Variable[] }[]> = {
  'Relationship Builders': [
    { text: 'Low volume and few tickets per agent.', variables: ['tickets_per_month', 'tickets_per_agent'] },
    { text: 'Low volume handled by a small team.', variables: ['tickets_per_month', 'agents'] },
    { text: 'Customers tend to be satisfied, even when first replies are not fast.', variables: ['csat', 'first_reply_median_hours'] },
    { text: 'Their risk is growth: what works by hand at this size stops working at twice the volume.', variables: ['tickets_per_month'] },
  ],
  'Masters of Complexity': [
    { text: 'Many agent comments per ticket and few tickets per agent.', variables: ['comments_per_ticket', 'tickets_per_agent'] },
    { text: 'Satisfaction is kept high by effort; the lever is making that effort cheaper, not smaller.', variables: ['csat', 'comments_per_ticket'] },
  ],
  'Late Bloomers': [
    { text: 'The workload per agent is high.', variables: ['tickets_per_agent'] },
    { text: 'Little automation (business rules) stands behind it.', variables: ['business_rules'] },
    { text: 'Little self-service stands behind it.', variables: ['self_service_ratio'] },
    { text: 'Coverage hours are thin.', variables: ['weekday_hours', 'weekend_hours'] },
    { text: 'They are usually slower and less satisfied for their workload, and have the most to gain.', variables: ['csat', 'resolution_median_hours'] },
  ],
  'Captains of Scale': [
    { text: 'Very high volume.', variables: ['tickets_per_month'] },
    { text: 'Heavy automation and self-service.', variables: ['business_rules', 'self_service_ratio'] },
    { text: 'Broad hours including weekends.', variables: ['weekday_hours', 'weekend_hours'] },
    { text: 'Satisfaction kept high despite the volume.', variables: ['csat', 'tickets_per_month'] },
    { text: 'Their task is to stay ahead of the next order of magnitude.', variables: ['tickets_per_month'] },
  ],
};

/** The archetype's meaning from measured variables only (the summary beside it names what was not measured). */
export function archetypeMeaning(archetype: Archetype, measured: ReadonlySet<Variable>): string {
  return ARCHETYPE_MEANING[archetype].filter((s) => s.variables.every((v) => measured.has(v))).map((s) => s.text).join(' ');
}

export type TacticArea = 'self-service' | 'automation' | 'staffing and hours';

/** Each archetype's recommended tactics, one per area. */
export const TACTICS: Record<Archetype, Record<TacticArea, string>> = {
  'Relationship Builders': {
    'self-service': 'Publish answers to the questions you answer most often, so your personal attention goes to the requests that need it.',
    automation: 'Add light routing and reply templates before volume grows: keep the personal tone, drop the repeated typing.',
    'staffing and hours': 'Cover the hours your customers write in; a small team benefits most from overlapping shifts rather than longer ones.',
  },
  'Masters of Complexity': {
    'self-service': 'Turn resolved complex cases into detailed guides and troubleshooting flows, so the next customer arrives better informed.',
    automation: 'Automate triage and hand-offs (business rules, skills-based routing, macros for the information you always ask for) to cut the back-and-forth.',
    'staffing and hours': 'Staff specialists by channel and topic; measure first reply separately from resolution, since complex work is slow to solve but need not be slow to acknowledge.',
  },
  'Late Bloomers': {
    'self-service': 'Start a help centre with the top ten request types; deflecting even a tenth of the volume frees the team to catch up.',
    automation: 'Introduce business rules for routing, prioritisation and follow-ups; this is where workload most outruns your setup.',
    'staffing and hours': 'Match hours to when tickets arrive, including weekends if your customers write then, before adding headcount.',
  },
  'Captains of Scale': {
    'self-service': 'Keep the help centre in step with the product: measure which articles deflect and which send customers on to a ticket.',
    automation: 'Review the business rules that route your slowest channel; at this volume a rule that fires late costs thousands of hours.',
    'staffing and hours': 'Protect weekend and off-hours coverage as volume grows; that breadth is part of what makes this profile work.',
  },
};

/** The variable each tactic area speaks of: without it, the area gets no tactic, only what to add. */
const TACTIC_VARIABLE: Record<TacticArea, readonly Variable[]> = {
  'self-service': ['self_service_ratio'],
  automation: ['business_rules'],
  'staffing and hours': ['weekday_hours', 'weekend_hours'],
};

export interface Tactic {
  area: TacticArea;
  /** The tactic, or, when its area was not measured, what is missing and how to add it. */
  text: string;
  isMeasured: boolean;
  /** The client's own figures that make the tactic relevant; empty for the archetype's general advice. */
  evidence: string[];
}

export interface ClientReport {
  organization: ReportOrganization;
  cluster: ReportCluster;
  archetype: { name: Archetype; summary: string; meaning: string };
  /** Plain-language traits that set the cluster apart. */
  traits: string[];
  standings: (PeerStanding & { label: string; unit: 'hours' | 'share' })[];
  channels: ReportChannel[];
  flagged: ReportChannel[];
  coverageGaps: { channel: string; clusterShare: number }[];
  tactics: Tactic[];
  method: {
    populationOrganizations: number;
    clusterSize: number;
    /** Other organisations of the cluster (never the client itself). */
    peers: number;
    k: number;
    fitted: string;
    input: string[];
    period: string | null;
    gapRule: Report['gapThresholds'];
    /** What the gaps' economics assume. */
    economics: string;
    /** The window of repeat contacts in days, or null when the input has no requesters. */
    repeatDays: number | null;
    /** What one organisation is in this input ("column Group", "file"). */
    unit: string;
    /** The study's variables the archetype rests on, and those the input lacks. */
    evidence: { measured: string[]; missing: string[] };
    rowsRead: number;
    rowsUsed: number;
    rowsRejected: number;
    isSample: boolean;
  };
  map: { points: { x: number; y: number; archetype: Archetype }[]; client: { x: number; y: number }; explained: number[] } | null;
  /** The previous period (report --baseline): the client's figures then, where that report has the client. */
  previous: Previous | null;
}

/** The client in an earlier report: its metric values and each channel's median resolution. */
export interface Previous {
  file: string;
  period: string | null;
  metrics: Partial<Record<string, number | null>>;
  channels: Partial<Record<string, number | null>>;
}

/** The client's figures in an earlier report (a JSON report of classify or metrics), or null when it is not there. */
export function previousOf(baseline: Report, file: string, name: string): Previous | null {
  const o = baseline.organizations.find((x) => x.name === name);
  if (o === undefined) return null;
  return {
    file,
    period: baseline.input?.period ? `${baseline.input.period.from} to ${baseline.input.period.to}` : null,
    metrics: { ...o.metrics },
    channels: Object.fromEntries(o.channels.map((c) => [c.channel, c.resolutionMedianHours])),
  };
}

/** Finds an organisation by exact name, then case-insensitively; otherwise a usage error naming the closest names. */
export function findOrganization(report: Report, name: string): number {
  const exact = report.organizations.findIndex((o) => o.name === name);
  if (exact !== -1) return exact;
  const folded = report.organizations.findIndex((o) => o.name.toLowerCase() === name.trim().toLowerCase());
  if (folded !== -1) return folded;
  throw unknownOrganization(name, report.organizations.map((o) => o.name));
}

function standingPhrase(s: PeerStanding & { label: string }): string {
  return `${s.label} better than ${Math.round(s.betterThanClusterPct ?? 0)}% of cluster peers`;
}

/** The archetype's tactics, each tied to the client's own gaps where it has one. */
function tacticsFor(archetype: Archetype, client: ClientReport['standings'], organization: ReportOrganization, cluster: ReportCluster, flagged: ReportChannel[], coverageGaps: ClientReport['coverageGaps']): Tactic[] {
  const weak = client.filter((s) => s.betterThanClusterPct !== null && s.betterThanClusterPct < 40);
  const weakOf = (...metrics: string[]): string[] => weak.filter((s) => metrics.includes(s.metric)).map(standingPhrase);
  const below = (feature: 'self_service_ratio' | 'business_rules' | 'weekend_hours' | 'weekday_hours', metric: keyof ReportOrganization['metrics']): string[] => {
    const own = organization.metrics[metric];
    const typical = cluster.profile[feature];
    // Only a clear shortfall counts: at least a tenth below the cluster's typical value.
    if (own === null || typical === null || typical === undefined || !(own < 0.9 * typical)) return [];
    return [`${featureLabel(feature)} ${formatValue(own)} vs the cluster’s ${formatValue(typical)}`];
  };
  const evidence: Record<TacticArea, string[]> = {
    'self-service': [...below('self_service_ratio', 'selfServiceRatio'), ...weakOf('oneTouchRate')],
    automation: [
      ...below('business_rules', 'businessRules'),
      ...flagged.map((c) => `${c.channel}: median resolution ${formatHours(c.resolutionMedianHours)}, ${gapPhrase(c)} (${c.solvedTickets} solved tickets)`),
      ...weakOf('resolutionMedianHours', 'reopenRate', 'resolvedWithin24hShare', 'resolvedWithin48hShare'),
    ],
    'staffing and hours': [
      ...below('weekend_hours', 'weekendHours'),
      ...below('weekday_hours', 'weekdayHours'),
      ...coverageGaps.map((g) => `no ${g.channel} tickets, while ${formatShare(g.clusterShare)} of the cluster serves ${g.channel}`),
      ...weakOf('firstReplyMedianHours', 'csat'),
    ],
  };
  const areas: TacticArea[] = ['self-service', 'automation', 'staffing and hours'];
  const measured = new Set(cluster.evidence.measured);
  // Areas with evidence first (most evidence first), then the archetype's general advice; an area whose variable
  // was not measured says so and how to measure it, instead of advising on it.
  return areas
    .map((area, order) => {
      const lacking = TACTIC_VARIABLE[area].filter((v) => !measured.has(v));
      const isMeasured = lacking.length < TACTIC_VARIABLE[area].length;
      const text = isMeasured ? TACTICS[archetype][area] : `Not measured: ${lacking.map((v) => VARIABLE_LABEL[v]).join(', ')}. To be advised here, ${HOW_TO_MEASURE[lacking[0]!]}.`;
      return { area, text, isMeasured, evidence: evidence[area], order };
    })
    .sort((a, b) => Number(b.isMeasured) - Number(a.isMeasured) || b.evidence.length - a.evidence.length || a.order - b.order)
    .map(({ area, text, isMeasured, evidence: e }) => ({ area, text, isMeasured, evidence: e }));
}

function formatValue(value: number): string {
  return Math.abs(value) >= 100 ? String(Math.round(value)) : String(Number(value.toPrecision(3)));
}

export function buildClientReport(report: Report, index: number, map: { projection: Projection; coordinates: { x: number; y: number }[] } | null, previous: Previous | null = null): ClientReport {
  const organization = report.organizations[index]!;
  if (organization.cluster === null || organization.archetype === null || organization.peers === null) {
    throw new Error('a client report needs a classified organisation');
  }
  const cluster = report.clusters.find((c) => c.id === organization.cluster)!;
  const archetypeName = organization.archetype;
  // Metrics nobody in the reference has (an organisation table without them, say) are left out.
  const standings = organization.peers.standings.filter((s) => s.overallMedian !== null).map((s) => {
    const def = PEER_METRICS.find((m) => m.metric === s.metric)!;
    return { ...s, label: def.label, unit: def.unit };
  });
  const flagged = organization.channels.filter((c) => c.flagged);
  const coverageGaps = organization.peers.coverageGaps;
  const traits = cluster.definingFeatures.map((name) => {
    const p = cluster.percentiles[name] ?? 50;
    const level = p >= 80 ? 'very high' : p >= 60 ? 'high' : p > 40 ? 'typical' : p > 20 ? 'low' : 'very low';
    const typical = cluster.profile[name];
    return `${level} ${featureLabel(name)} (typically ${typical === null || typical === undefined ? '–' : formatValue(typical)}; ${ordinal(p)} percentile of the population)`;
  });
  const { model, input } = report;
  const archetypeOfCluster = (id: number): Archetype => report.clusters[id]?.archetype ?? 'Late Bloomers';
  return {
    organization,
    cluster,
    archetype: { name: archetypeName, summary: report.archetypes.find((a) => a.name === archetypeName)?.summary ?? '', meaning: archetypeMeaning(archetypeName, new Set(cluster.evidence.measured)) },
    traits,
    standings,
    channels: organization.channels,
    flagged,
    coverageGaps,
    tactics: tacticsFor(archetypeName, standings, organization, cluster, flagged, coverageGaps),
    method: {
      populationOrganizations: report.modelSource?.trainingOrganizations ?? input.organizations,
      clusterSize: organization.peers.clusterSize,
      peers: organization.peers.peers,
      k: model?.k ?? report.clusters.length,
      fitted: report.modelSource === null ? 'fitted in this run' : `saved model ${report.modelSource.file}, fitted ${report.modelSource.fittedAt}`,
      input: input.files.map((f) => `${f.file} (${f.format})`),
      period: input.period === null ? null : `${input.period.from} to ${input.period.to}`,
      gapRule: report.gapThresholds,
      economics: report.economics.assumption,
      unit: input.unit,
      repeatDays: report.repeatContacts.isMeasured ? report.repeatContacts.windowDays : null,
      evidence: { measured: cluster.evidence.measured.map((v) => VARIABLE_LABEL[v]), missing: cluster.evidence.missing.map((v) => VARIABLE_LABEL[v]) },
      rowsRead: input.rowsRead,
      rowsUsed: input.rowsUsed,
      rowsRejected: input.rowsRejected,
      isSample: input.isSample,
    },
    previous,
    map:
      map === null
        ? null
        : {
            points: map.projection.points.map((p) => ({ x: p.x, y: p.y, archetype: archetypeOfCluster(p.cluster) })),
            client: map.coordinates[index]!,
            explained: map.projection.explained,
          },
  };
}
