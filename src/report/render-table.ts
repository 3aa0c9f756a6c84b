// The terminal report: input summary, archetypes, clusters, organisations and flagged channel gaps.

import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { METRIC_DEFINITIONS, PEER_STANDING_HEAD, PEER_STANDING_NOTE, bucketsCell, repeatCell, describeDefining, featureLabel, gapKind, gapRule, movableCell, peerStandingCells, peersCell, referenceCell, unitPhrase } from './describe.js';
import { formatCount, formatHours, formatNumber, formatRatio, formatShare, formatSignedHours } from './format.js';
import { visibleStrings } from './visible.js';
import type { RenderOptions, Report, ReportChannel, ReportOrganization } from './report.js';

/** A table without colour codes of its own; compact (no rule between rows) unless cells span several lines. */
function table(head: string[], rows: string[][], isCompact = true, lastWidth?: number): string {
  const colWidths = lastWidth === undefined ? [] : [...head.slice(0, -1).map(() => null), lastWidth];
  const t = new Table({ head, style: { head: [], border: [], compact: isCompact }, colWidths: colWidths as number[], wordWrap: true });
  t.push(...rows);
  return t.toString();
}

function flaggedOf(org: ReportOrganization): ReportChannel[] {
  return org.channels.filter((c) => c.flagged);
}

export function renderTable(shown: Report, options: RenderOptions): string {
  // Names from the data reach the terminal as visible marks, never as control sequences.
  const report = visibleStrings(shown);
  const c = new Chalk({ level: options.isColor ? 1 : 0 });
  const out: string[] = [];
  const heading = (text: string): void => {
    out.push('', c.bold(text));
  };
  const { input } = report;

  heading(report.command === 'classify' ? 'benchmark classify' : 'benchmark metrics');
  for (const f of input.files) out.push(`  input: ${f.file} (${f.format})${input.isSample ? c.yellow(' — synthetic sample data') : ''}`);
  if (input.profile) out.push(`  profile: ${input.profile.file} (${input.profile.matched} matched, ${input.profile.unmatchedProfileNames.length} unmatched; columns ${input.profile.columns.join(', ')})`);
  out.push(`  rows read ${formatCount(input.rowsRead)} = used ${formatCount(input.rowsUsed)} + rejected ${formatCount(input.rowsRejected)}`);
  for (const [reason, count] of Object.entries(input.rejectsByReason)) {
    out.push(`    rejected: ${reason}: ${formatCount(count)} (first at ${input.firstRejectAt[reason]})`);
  }
  out.push(`  organisations: ${formatCount(input.organizations)}, ${unitPhrase(input.unit)}${input.period ? `; period ${input.period.from} → ${input.period.to}${input.window ? ' (--from/--to)' : ''}` : ''}; ${input.hours} hours`);

  const { model } = report;
  if (model) {
    out.push(
      `  k-means: k = ${model.k}${model.k !== model.kRequested ? ` (asked for ${model.kRequested})` : ''}, seed ${model.seed}, ${model.restarts} restarts, ${model.converged ? 'converged' : 'not converged'} in ${model.iterations} iterations, inertia ${model.inertia.toFixed(3)}`,
    );
    out.push(
      `  quality: silhouette ${model.silhouette.toFixed(3)}${model.silhouetteRows < input.organizations ? ` (on a sample of ${formatCount(model.silhouetteRows)})` : ''}, Calinski–Harabasz ${model.calinskiHarabasz.toFixed(1)}, Davies–Bouldin ${model.daviesBouldin.toFixed(3)}`,
    );
    out.push(`  features (${model.scaling} scaling): ${model.features.map((f) => `${f.name}${f.transform === 'log1p' ? ' (log1p)' : ''}`).join(', ')}`);
    if (model.featuresMissing.length > 0) out.push(`  features missing: ${model.featuresMissing.map((f) => `${f.name} (${f.reason})`).join(', ')}`);

    heading('Archetypes');
    out.push(table(['Archetype', 'Clusters', 'Organisations', 'In one line (measured traits)'], report.archetypes.map((a) => [c.bold(a.name), a.clusters.join(', ') || '–', formatCount(a.organizations), a.summary]), false, 72));

    heading(`Clusters (${report.clusters.length})`);
    out.push(
      table(
        ['#', 'Size', 'Archetype', 'Defining features (members’ median)', 'FRT', 'Resolution', 'CSAT', 'Why'],
        report.clusters.map((cl) => [
          String(cl.id),
          formatCount(cl.size),
          cl.archetype,
          describeDefining(cl).join('\n'),
          formatHours(cl.typical.firstReplyMedianHours),
          formatHours(cl.typical.resolutionMedianHours),
          formatShare(cl.typical.csat),
          cl.reason,
        ]),
        false,
        46,
      ),
    );
  }

  heading(`Organisations (${report.organizations.length})`);
  out.push(
    table(
      [
        'Organisation',
        ...(model ? ['Cluster', 'Archetype'] : []),
        'Tickets',
        'Per month',
        'FRT',
        'Resolution',
        '≤24 h',
        'CSAT (rated)',
        ...(report.repeatContacts.isMeasured ? [`Back via another channel (${report.repeatContacts.windowDays} d)`] : []),
        ...(model ? ['Flagged channels'] : ['Open']),
      ],
      report.organizations.map((o) => [
        o.name,
        ...(model ? [String(o.cluster), o.archetype ?? '–'] : []),
        formatCount(o.metrics.tickets),
        formatNumber(o.metrics.ticketsPerMonth),
        formatHours(o.metrics.firstReplyMedianHours),
        formatHours(o.metrics.resolutionMedianHours),
        formatShare(o.metrics.resolvedWithin24hShare),
        o.metrics.csat === null ? '–' : `${formatShare(o.metrics.csat)} (${formatCount(o.metrics.csatRated)})`,
        ...(report.repeatContacts.isMeasured ? [repeatCell(o.metrics)] : []),
        model ? flaggedOf(o).map((ch) => c.red(ch.channel)).join(', ') || '–' : formatCount(o.metrics.openTickets),
      ]),
    ),
  );

  if (report.organizations.some((o) => o.peers !== null)) {
    heading('Peer standing');
    out.push(`  ${PEER_STANDING_NOTE}`);
    out.push(table(['Organisation', ...PEER_STANDING_HEAD], report.organizations.map((o) => [o.name, ...peerStandingCells(o)])));
  }

  const rows: string[][] = [];
  for (const o of report.organizations) {
    for (const ch of o.channels) {
      if (!options.isAllChannels && !ch.flagged) continue;
      rows.push([
        o.name,
        ch.flagged ? c.red(ch.channel) : ch.channel,
        formatCount(ch.tickets),
        formatShare(ch.share),
        formatHours(ch.firstReplyMedianHours),
        formatHours(ch.resolutionMedianHours),
        formatHours(ch.resolutionP90Hours),
        bucketsCell(ch),
        referenceCell(ch),
        peersCell(ch),
        ch.flagged ? c.red(gapKind(ch)) : '',
        movableCell(ch),
      ]);
    }
  }
  const t = report.gapThresholds;
  heading(options.isAllChannels ? 'Channels' : 'Flagged channel gaps');
  out.push(`  ${gapRule(t, model ? 'cluster peers’' : 'peers’')}`);
  if (rows.length > 0) {
    out.push(table(['Organisation', 'Channel', 'Tickets', 'Share', 'FRT', 'Resolution', 'Res. p90', 'Solved ≤24 h / 24–48 h / >48 h', 'vs reference channel', 'vs peers (median)', 'Flagged', 'Could be ≤24 h'], rows));
    out.push(`  could be ≤24 h: ${report.economics.assumption}`);
  } else {
    out.push(options.isAllChannels ? '  no channels' : '  no flagged gaps (use --all-channels to see every channel)');
  }

  heading('Definitions');
  for (const [name, definition] of METRIC_DEFINITIONS) out.push(`  ${name}: ${definition}`);
  if (model) out.push(`  Clustering inputs: ${model.features.map((f) => featureLabel(f.name)).join(', ')}; performance is reported, never clustered on`);
  if (input.isSample) out.push(c.yellow('  The bundled sample is synthetic: generated by scripts/generate-sample.mjs, not real organisations.'));
  return `${out.join('\n').replace(/^\n/, '')}\n`;
}
