// The CSV report: one row per organisation (channel "all") and one per organisation × channel.

import { PEER_METRICS } from '../benchmark/peers.js';
import type { Report, ReportOrganization } from './report.js';

/**
 * Quotes a cell as RFC 4180 needs, and neutralises cells a spreadsheet would run as a formula (leading =, +,
 * -, @, tab or carriage return) by prefixing a single quote. Numbers are written by the caller, unquoted.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function num(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

const COLUMNS = [
  'organization',
  'cluster',
  'archetype',
  'channel',
  'tickets',
  'solved_tickets',
  'share',
  'first_reply_median_hours',
  'first_reply_p90_hours',
  'resolution_median_hours',
  'resolution_p90_hours',
  'csat',
  'csat_rated',
  'best_channel',
  'gap_vs_best_hours',
  'gap_vs_peers_hours',
  'flagged',
  'tickets_per_month',
  'agents',
  'tickets_per_agent',
  'comments_per_ticket',
  'weekday_hours',
  'weekend_hours',
  'business_rules',
  'self_service_ratio',
  'open_tickets',
  'resolved_within_24h_share',
  'resolved_within_48h_share',
  'reopen_rate',
  'one_touch_rate',
  ...PEER_METRICS.flatMap((m) => [`${snake(m.metric)}_cluster_pct`, `${snake(m.metric)}_overall_pct`]),
  'coverage_gaps',
];

function snake(name: string): string {
  return name.replace(/[A-Z0-9]+/g, (c) => `_${c.toLowerCase()}`);
}

/** Percentile ranks (by value) within the cluster and overall, per peer metric, and coverage gaps. */
function peerCells(o: ReportOrganization): string[] {
  const cells = PEER_METRICS.flatMap((def) => {
    const s = o.peers?.standings.find((x) => x.metric === def.metric);
    return [num(s?.clusterPercentile), num(s?.overallPercentile)];
  });
  return [...cells, csvCell(o.peers?.coverageGaps.map((g) => g.channel).join(' ') ?? '')];
}

export function renderCsv(report: Report): string {
  const lines = [COLUMNS.join(',')];
  for (const o of report.organizations) {
    const m = o.metrics;
    const head = [csvCell(o.name), num(o.cluster), o.archetype ?? ''];
    lines.push(
      [
        ...head,
        'all',
        num(m.tickets),
        num(m.solvedTickets),
        '1',
        num(m.firstReplyMedianHours),
        num(m.firstReplyP90Hours),
        num(m.resolutionMedianHours),
        num(m.resolutionP90Hours),
        num(m.csat),
        num(m.csatRated),
        '',
        '',
        '',
        '',
        num(m.ticketsPerMonth),
        num(m.agents),
        num(m.ticketsPerAgent),
        num(m.commentsPerTicket),
        num(m.weekdayHours),
        num(m.weekendHours),
        num(m.businessRules),
        num(m.selfServiceRatio),
        num(m.openTickets),
        num(m.resolvedWithin24hShare),
        num(m.resolvedWithin48hShare),
        num(m.reopenRate),
        num(m.oneTouchRate),
        ...peerCells(o),
      ].join(','),
    );
    for (const c of o.channels) {
      lines.push(
        [
          ...head,
          c.channel,
          num(c.tickets),
          num(c.solvedTickets),
          num(c.share),
          num(c.firstReplyMedianHours),
          num(c.firstReplyP90Hours),
          num(c.resolutionMedianHours),
          num(c.resolutionP90Hours),
          num(c.csat),
          num(c.csatRated),
          c.bestChannel ?? '',
          num(c.gapVsBestHours),
          num(c.gapVsPeersHours),
          c.flagged ? 'true' : 'false',
          ...new Array<string>(13 + 2 * PEER_METRICS.length + 1).fill(''),
        ].join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
