// The terminal report: the summary (input, the fit, archetypes, clusters, the largest flagged gaps), then the
// organisations, their peer standing, every channel when asked, and the definitions; every table fitted to the
// width (fit-table.ts) and every paragraph wrapped to it.

import { lineByLine, Pieces, type Text } from '../output.js';
import { Chalk } from 'chalk';
import { describeLog, flaggedRatio, peerStandingColumns, unmeasuredLine, METRIC_DEFINITIONS, PEER_STANDING_SHORT_HEAD, PEER_STANDING_NOTE, bucketsCell, repeatCell, describeDefining, featureLabel, gapKind, gapRule, movableCell, peerStandingCell, peersCell, referenceCell, STANDING_CELL_WIDTH, unitPhrase } from './describe.js';
import { formatCount, formatHours, formatNumber, formatShare } from './format.js';
import type { MetricKey } from '../metrics/registry.js';
import { cellsOf, fitTable, leftOutNote, rowTexts, tableEnds, type Column } from './fit-table.js';
import { splitPlan } from './split.js';
import { describeSelection } from './select.js';
import { indentedProse } from '../terminal.js';
import { CHANNELS } from '../ingest/channels.js';
import { visibleReport } from './visible.js';
import { isMeasured, type RenderOptions, type Report, type ReportChannel, type ReportOrganization } from './report.js';

const LARGEST_GAPS = 10;

function flaggedOf(org: ReportOrganization): ReportChannel[] {
  return org.channels.filter((c) => c.flagged);
}


export function renderTable(shown: Report, options: RenderOptions): Text {
  // Names from the data reach the terminal as visible marks, never as control sequences.
  const report = visibleReport(shown);
  const c = new Chalk({ level: options.isColor ? 1 : 0 });
  const { width } = options;
  // Lines, and tables' lines drawn as they are written.
  const out: (string | Iterable<string> | Pieces)[] = [];
  const heading = (text: string): void => {
    out.push('', c.bold(text));
  };
  /** A line of prose, wrapped to the width with its indent kept. */
  const say = (text: string, indent = '  '): void => {
    out.push(indentedProse(text, width, indent));
  };
  /** What was left out for width, said under the table. */
  const sayLeftOut = (leftOut: readonly string[]): void => {
    const note = leftOutNote(leftOut, width);
    if (note !== null) say(c.dim(note));
  };
  const draw = (columns: Column[], isCompact = true): void => {
    const fitted = fitTable(columns, width, isCompact);
    out.push(fitted.lines);
    sayLeftOut(fitted.leftOut);
  };
  const { input, model, selection } = report;
  const orgs = report.organizations;
  /**
   * One of the tables with a row per organisation, drawn on two threads where the report is large enough
   * (split.ts): this thread draws the head and the last rule, and the rows come in chunks from both threads.
   */
  const drawOrganizations = (which: OrgTable, tables: OrgTablesContext): void => {
    const columns = orgTableColumns(which, orgs, tables);
    const fitted = fitTable(columns, width);
    const split = splitPlan(report, options, 'table', { which, layout: fitted.layout, tables });
    if (split === null) out.push(fitted.lines);
    else {
      const { head, foot } = tableEnds(fitted.layout);
      const rowText = rowTexts(columns, fitted.layout);
      out.push(...head, new Pieces(split.pieces((_, j) => rowText(j))), foot);
    }
    sayLeftOut(fitted.leftOut);
  };

  heading(report.command === 'classify' ? 'benchmark classify' : 'benchmark metrics');
  for (const f of input.files) say(`input: ${f.file} (${f.format})${input.isSample ? c.yellow(' — synthetic sample data') : ''}`);
  if (input.profile) say(`profile: ${input.profile.file} (${input.profile.matched} matched, ${input.profile.unmatchedProfileNames.length} unmatched; columns ${input.profile.columns.join(', ')})`);
  say(`rows read ${formatCount(input.rowsRead)} = used ${formatCount(input.rowsUsed)} + rejected ${formatCount(input.rowsRejected)}`);
  const logLine = describeLog(input);
  if (logLine !== null) say(logLine, '    ');
  for (const [reason, count] of Object.entries(input.rejectsByReason)) say(`rejected: ${reason}: ${formatCount(count)} (first at ${input.firstRejectAt[reason]})`, '    ');
  say(`organisations: ${formatCount(input.organizations)}, ${unitPhrase(input.unit)}${input.period ? `; period ${input.period.from} → ${input.period.to}${input.window ? ' (--from/--to)' : ''}` : ''}; ${input.hours} hours`);
  const unmeasured = unmeasuredLine(report);
  if (unmeasured !== null) say(unmeasured);

  if (model) {
    say(`k-means: k = ${model.k}${model.k !== model.kRequested ? ` (asked for ${model.kRequested})` : ''}, seed ${model.seed}, ${model.restarts} restarts, ${model.converged ? 'converged' : 'not converged'} in ${model.iterations} iterations, inertia ${model.inertia.toFixed(3)}`);
    say(`quality: silhouette ${model.silhouette.toFixed(3)}${model.silhouetteRows < input.organizations ? ` (on a sample of ${formatCount(model.silhouetteRows)})` : ''}, Calinski–Harabasz ${model.calinskiHarabasz.toFixed(1)}, Davies–Bouldin ${model.daviesBouldin.toFixed(3)}`);
    say(`features (${model.scaling} scaling): ${model.features.map((f) => `${f.name}${f.transform === 'log1p' ? ' (log1p)' : ''}`).join(', ')}`);
    if (model.featuresMissing.length > 0) say(`features missing: ${model.featuresMissing.map((f) => `${f.name} (${f.reason})`).join(', ')}`);
    if (report.modelSource !== null) say(`placed with the saved model ${report.modelSource.file} (fitted ${report.modelSource.fittedAt} on ${formatCount(report.modelSource.trainingOrganizations)} organisations)`);

    heading('Archetypes');
    draw([
      { head: 'Archetype', cells: report.archetypes.map((a) => c.bold(a.name)), shrink: 'wrap', min: 13 },
      { head: 'Clusters', cells: report.archetypes.map((a) => a.clusters.join(', ') || '–'), shrink: 'wrap', min: 8, dropRank: 0 },
      { head: 'Organisations', cells: report.archetypes.map((a) => formatCount(a.organizations)) },
      { head: 'In one line (measured traits)', cells: report.archetypes.map((a) => a.summary), shrink: 'wrap', min: 20 },
    ], false);

    heading(`Clusters (${report.clusters.length})`);
    const cl = report.clusters;
    draw([
      { head: '#', cells: cl.map((x) => String(x.id)) },
      { head: 'Size', cells: cl.map((x) => formatCount(x.size)) },
      { head: 'Archetype', cells: cl.map((x) => x.archetype), shrink: 'wrap', min: 10 },
      { head: 'Defining features (members’ median)', cells: cl.map((x) => describeDefining(x).join('\n')), shrink: 'wrap', min: 16, dropRank: 3 },
      { head: 'FRT', cells: cl.map((x) => formatHours(x.typical.firstReplyMedianHours)), dropRank: 2 },
      { head: 'Resolution', cells: cl.map((x) => formatHours(x.typical.resolutionMedianHours)), dropRank: 4 },
      { head: 'CSAT', cells: cl.map((x) => formatShare(x.typical.csat)), dropRank: 5 },
      { head: 'Why', cells: cl.map((x) => x.reason), shrink: 'wrap', min: 24, dropRank: 1 },
    ], false);
  }

  // The largest flagged gaps of the organisations shown, largest first.
  const flagged = orgs.flatMap((o) => flaggedOf(o).map((ch) => ({ o, ch, size: flaggedRatio(ch) ?? 0 })));
  flagged.sort((a, b) => b.size - a.size || (a.o.name < b.o.name ? -1 : a.o.name > b.o.name ? 1 : 0) || CHANNELS.indexOf(a.ch.channel) - CHANNELS.indexOf(b.ch.channel));
  const largest = flagged.slice(0, LARGEST_GAPS);
  heading(flagged.length > largest.length ? `Largest flagged gaps (${largest.length} of ${formatCount(flagged.length)})` : `Flagged channel gaps (${flagged.length})`);
  say(gapRule(report.gapThresholds, model ? 'cluster peers’' : 'peers’'));
  if (largest.length > 0) {
    draw(gapColumns(largest.map((x) => ({ org: x.o.name, ch: x.ch })), c, false));
    if (flagged.length > largest.length) say(`every flagged gap: --all-channels, or --format csv; one organisation’s: --org NAME`);
  } else {
    say(orgs.some((o) => o.channels.length > 0) ? 'no flagged gaps' : 'no channels');
  }

  const of = selection === null ? '' : ` of ${formatCount(selection.of)}`;
  heading(`Organisations (${formatCount(orgs.length)}${of}${selection === null ? ', by name' : `: ${describeSelection(selection)}`})`);
  const tables: OrgTablesContext = { isColor: options.isColor, hasModel: model !== null, unmeasured: report.unmeasured, repeatContacts: report.repeatContacts };
  if (orgs.length === 0) say('none matches the selection');
  else drawOrganizations('organizations', tables);

  if (orgs.some((o) => o.peers !== null)) {
    heading('Peer standing');
    // Each cell made alone (a standing's cells are never wider than STANDING_CELL_WIDTH: a column whose head is
    // as wide is not measured, and its standings are worked out only when drawn).
    say(PEER_STANDING_NOTE);
    drawOrganizations('standing', tables);
  }

  if (options.isAllChannels) {
    const rows = orgs.flatMap((o) => o.channels.map((ch) => ({ org: o.name, ch })));
    heading(`Channels (${formatCount(rows.length)})`);
    if (rows.length > 0) draw(gapColumns(rows, c, true));
    else say('no channels');
  }
  if (flagged.length > 0 || options.isAllChannels) say(`could be ≤24 h: ${report.economics.assumption}`);

  heading('Definitions');
  for (const [name, definition] of METRIC_DEFINITIONS) say(`${name}: ${definition}`);
  if (model) say(`Clustering inputs: ${model.features.map((f) => featureLabel(f.name)).join(', ')}; performance is reported, never clustered on`);
  if (input.isSample) say(c.yellow('The bundled sample is synthetic: generated by scripts/generate-sample.mjs, not real organisations.'));
  // Without the blank line before the first heading; a report of many organisations is never one string.
  return lineByLine(out, out[0] === '' ? 1 : 0);
}

/** The tables with a row per organisation: the organisations, and their peer standing. */
export type OrgTable = 'organizations' | 'standing';

/** What those tables' columns depend on beyond the organisations (plain data: a thread drawing rows is sent it). */
export interface OrgTablesContext {
  isColor: boolean;
  hasModel: boolean;
  unmeasured: Report['unmeasured'];
  repeatContacts: Report['repeatContacts'];
}

/** The columns of table `which` over `orgs`: the same on this thread and on one drawing a share of its rows. */
export function orgTableColumns(which: OrgTable, orgs: readonly ReportOrganization[], tables: OrgTablesContext): Column[] {
  const c = new Chalk({ level: tables.isColor ? 1 : 0 });
  if (which === 'standing') {
    // Metrics left out last to first: the later ones (shares within 24/48 h, reopens) before resolution and first reply.
    return [
      { head: 'Organisation', cells: cellsOf(orgs, (o) => o.name), shrink: 'truncate', min: 14 },
      ...peerStandingColumns(tables).map((j) => {
        const head = PEER_STANDING_SHORT_HEAD[j]!;
        const isGaps = j === PEER_STANDING_SHORT_HEAD.length - 1;
        return { head, cells: cellsOf(orgs, (o) => peerStandingCell(o, j) ?? '–'), shrink: 'wrap' as const, min: 6, dropRank: isGaps ? 0 : PEER_STANDING_SHORT_HEAD.length - j, ...(isGaps ? {} : { widest: STANDING_CELL_WIDTH }) };
      }),
    ];
  }
  const has = (key: MetricKey): boolean => isMeasured(tables, key);
  return [
    { head: 'Organisation', cells: cellsOf(orgs, (o) => o.name), shrink: 'truncate', min: 14 },
    ...(tables.hasModel
      ? [
          { head: 'Cluster', cells: cellsOf(orgs, (o) => String(o.cluster)) },
          { head: 'Archetype', cells: cellsOf(orgs, (o) => o.archetype ?? '–'), shrink: 'truncate' as const, min: 9, dropRank: 6 },
        ]
      : []),
    // A metric no organisation has is no column (said once above, unmeasuredLine).
    ...(has('tickets') ? [{ head: 'Tickets', cells: cellsOf(orgs, (o) => formatCount(o.metrics.tickets)), dropRank: 4 }] : []),
    ...(has('ticketsPerMonth') ? [{ head: 'Per month', cells: cellsOf(orgs, (o) => formatNumber(o.metrics.ticketsPerMonth)), dropRank: 1 }] : []),
    ...(has('firstReplyMedianHours') ? [{ head: 'FRT', cells: cellsOf(orgs, (o) => formatHours(o.metrics.firstReplyMedianHours)), dropRank: 5 }] : []),
    ...(has('resolutionMedianHours') ? [{ head: 'Resolution', cells: cellsOf(orgs, (o) => formatHours(o.metrics.resolutionMedianHours)), dropRank: 8 }] : []),
    ...(has('resolvedWithin24hShare') ? [{ head: '≤24 h', cells: cellsOf(orgs, (o) => formatShare(o.metrics.resolvedWithin24hShare)), dropRank: 2 }] : []),
    ...(!has('csat')
      ? []
      : has('csatRated')
        ? [{ head: 'CSAT (rated)', cells: cellsOf(orgs, (o) => (o.metrics.csat === null ? '–' : `${formatShare(o.metrics.csat)} (${formatCount(o.metrics.csatRated)})`)), dropRank: 3 }]
        : [{ head: 'CSAT', cells: cellsOf(orgs, (o) => formatShare(o.metrics.csat)), dropRank: 3 }]),
    ...(tables.repeatContacts.isMeasured ? [{ head: `Back via another channel (${tables.repeatContacts.windowDays} d)`, cells: cellsOf(orgs, (o) => repeatCell(o.metrics)), shrink: 'wrap' as const, min: 10, dropRank: 0 }] : []),
    ...(tables.hasModel
      ? [{ head: 'Flagged channels', cells: cellsOf(orgs, (o) => flaggedOf(o).map((ch) => c.red(ch.channel)).join(', ') || '–'), shrink: 'wrap' as const, min: 8, dropRank: 7 }]
      : has('openTickets')
        ? [{ head: 'Open', cells: cellsOf(orgs, (o) => formatCount(o.metrics.openTickets)), dropRank: 7 }]
        : []),
  ];
}

/** The columns of a list of organisation × channel rows: the flagged gaps, or every channel. */
function gapColumns(rows: { org: string; ch: ReportChannel }[], c: InstanceType<typeof Chalk>, isEvery: boolean): Column[] {
  return [
    { head: 'Organisation', cells: cellsOf(rows, (r) => r.org), shrink: 'truncate', min: 14 },
    { head: 'Channel', cells: cellsOf(rows, (r) => (r.ch.flagged ? c.red(r.ch.channel) : r.ch.channel)) },
    { head: 'Tickets', cells: cellsOf(rows, (r) => formatCount(r.ch.tickets)), dropRank: 3 },
    ...(isEvery ? [{ head: 'Share', cells: cellsOf(rows, (r) => formatShare(r.ch.share)), dropRank: 1 }, { head: 'FRT', cells: cellsOf(rows, (r) => formatHours(r.ch.firstReplyMedianHours)), dropRank: 2 }] : []),
    { head: 'Resolution', cells: cellsOf(rows, (r) => formatHours(r.ch.resolutionMedianHours)) },
    { head: 'Res. p90', cells: cellsOf(rows, (r) => formatHours(r.ch.resolutionP90Hours)), dropRank: 0 },
    { head: 'Solved ≤24 h / 24–48 h / >48 h', cells: cellsOf(rows, (r) => bucketsCell(r.ch)), shrink: 'wrap', min: 10, dropRank: 4 },
    { head: 'vs reference channel', cells: cellsOf(rows, (r) => referenceCell(r.ch)), shrink: 'wrap', min: 10, dropRank: 7 },
    { head: 'vs peers (median)', cells: cellsOf(rows, (r) => peersCell(r.ch)), shrink: 'wrap', min: 10, dropRank: 8 },
    { head: 'Flagged', cells: cellsOf(rows, (r) => (r.ch.flagged ? c.red(gapKind(r.ch)) : '')), shrink: 'wrap', min: 13, dropRank: 6 },
    { head: 'Could be ≤24 h', cells: cellsOf(rows, (r) => movableCell(r.ch)), shrink: 'wrap', min: 8, dropRank: 5 },
  ];
}
