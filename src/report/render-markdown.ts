// The Markdown report, for job summaries, pull-request comments and documents.

import { lineByLine, type Text } from '../output.js';
import { METRIC_DEFINITIONS, PEER_STANDING_HEAD, PEER_STANDING_NOTE, bucketsCell, describeLog, repeatCell, describeDefining, gapKind, gapRule, movableCell, peerStandingCell, peerStandingColumns, peersCell, referenceCell, unitPhrase, unmeasuredLine } from './describe.js';
import { formatCount, formatHours, formatRatio, formatShare, formatSignedHours } from './format.js';
import { UNSAFE_CLASS, visible, visibleReport } from './visible.js';
import { describeSelection } from './select.js';
import type { MetricKey } from '../metrics/registry.js';
import { isMeasured, type RenderOptions, type Report } from './report.js';

/** What mdCell changes: a tab, an unsafe character (visible.ts), or a character Markdown acts on. */
const NEEDS_WORK = new RegExp(`[\\t\\\\|[\\]\`*_&<>]|${UNSAFE_CLASS}`);

/**
 * Data as Markdown text: control characters shown (visible.ts), and the characters Markdown acts on escaped so
 * that a name is never a link, an image, HTML, code or emphasis: backslash, pipe, brackets, backtick, asterisk,
 * underscore, and `<`/`>` as entities.
 */
export function mdCell(text: string): string {
  // Most names have nothing to show or escape: one test, and the text as it is.
  if (!NEEDS_WORK.test(text)) return text;
  return visible(text)
    .replace(/[\\|[\]`*_]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

export function mdTable(head: string[], rows: string[][]): string {
  return [...mdTableLines(head, rows, (r) => r)].join('\n');
}

/** A table's lines: the head, its rule, and a row per item, each row's cells made as it is written. */
function* mdTableLines<T>(head: readonly string[], items: readonly T[], cells: (item: T) => string[]): Generator<string> {
  yield `| ${head.join(' | ')} |`;
  yield `| ${head.map(() => '---').join(' | ')} |`;
  for (const item of items) yield `| ${cells(item).join(' | ')} |`;
}

export function renderMarkdown(shown: Report, options: RenderOptions): Text {
  const report = visibleReport(shown);
  const out: (string | Iterable<string>)[] = [];
  // A table's lines go into `out` as they are written, each row's cells made then: a report of many
  // organisations never holds its tables whole.
  const table = <T>(head: string[], items: readonly T[], cells: (item: T) => string[]): void => {
    out.push({ [Symbol.iterator]: () => mdTableLines(head, items, cells) });
  };
  const { input, model } = report;
  out.push(`# benchmark ${report.command}`, '');
  for (const f of input.files) out.push(`- Input: ${mdCell(f.file)} (${mdCell(f.format)})${input.isSample ? ' — **synthetic sample data**' : ''}`);
  out.push(`- Rows read ${formatCount(input.rowsRead)} = used ${formatCount(input.rowsUsed)} + rejected ${formatCount(input.rowsRejected)}`);
  const logLine = describeLog(input);
  if (logLine !== null) out.push(`- ${mdCell(logLine.charAt(0).toUpperCase() + logLine.slice(1))}`);
  for (const [reason, count] of Object.entries(input.rejectsByReason)) out.push(`  - rejected, ${mdCell(reason)}: ${formatCount(count)} (first at ${mdCell(input.firstRejectAt[reason] ?? '')})`);
  out.push(`- Organisations: ${formatCount(input.organizations)}, ${mdCell(unitPhrase(input.unit))}${input.period ? `; period ${input.period.from} → ${input.period.to}${input.window ? ' (--from/--to)' : ''}` : ''}`);
  const unmeasured = unmeasuredLine(report);
  if (unmeasured !== null) out.push(`- ${unmeasured.charAt(0).toUpperCase()}${unmeasured.slice(1)}`);
  const has = (key: MetricKey): boolean => isMeasured(report, key);
  if (model) {
    out.push(`- k-means: k = ${model.k}, seed ${model.seed}, ${model.restarts} restarts, inertia ${model.inertia.toFixed(3)}`);
    out.push(`- Features: ${model.features.map((f) => f.name).join(', ')}${model.featuresMissing.length > 0 ? `; missing: ${model.featuresMissing.map((f) => f.name).join(', ')}` : ''}`);
    out.push('', '## Archetypes', '');
    out.push(mdTable(['Archetype', 'Clusters', 'Organisations', 'In one line'], report.archetypes.map((a) => [a.name, a.clusters.join(', ') || '–', formatCount(a.organizations), a.summary])));
    out.push('', '## Clusters', '');
    out.push(
      mdTable(
        ['#', 'Size', 'Archetype', 'Defining features', 'FRT', 'Resolution', 'CSAT', 'Why'],
        report.clusters.map((c) => [String(c.id), formatCount(c.size), c.archetype, describeDefining(c).join('; '), formatHours(c.typical.firstReplyMedianHours), formatHours(c.typical.resolutionMedianHours), formatShare(c.typical.csat), mdCell(c.reason)]),
      ),
    );
  }
  out.push('', report.selection === null ? '## Organisations' : `## Organisations (${formatCount(report.selection.shown)} of ${formatCount(report.selection.of)}: ${mdCell(describeSelection(report.selection))})`, '');
  table(
      // A metric no organisation has is no column (said once above).
      ['Organisation', ...(model ? ['Cluster', 'Archetype'] : []), ...(has('tickets') ? ['Tickets'] : []), ...(has('firstReplyMedianHours') ? ['FRT'] : []), ...(has('resolutionMedianHours') ? ['Resolution'] : []), ...(has('csat') ? ['CSAT'] : []), ...(report.repeatContacts.isMeasured ? [`Back via another channel (${report.repeatContacts.windowDays} d)`] : []), 'Flagged channels'],
      report.organizations,
      (o) => [
        mdCell(o.name),
        ...(model ? [String(o.cluster), o.archetype ?? '–'] : []),
        ...(has('tickets') ? [formatCount(o.metrics.tickets)] : []),
        ...(has('firstReplyMedianHours') ? [formatHours(o.metrics.firstReplyMedianHours)] : []),
        ...(has('resolutionMedianHours') ? [formatHours(o.metrics.resolutionMedianHours)] : []),
        ...(has('csat') ? [formatShare(o.metrics.csat)] : []),
        ...(report.repeatContacts.isMeasured ? [repeatCell(o.metrics)] : []),
        o.channels.filter((c) => c.flagged).map((c) => c.channel).join(', ') || '–',
      ],
  );
  if (report.organizations.some((o) => o.peers !== null)) {
    out.push('', '## Peer standing', '', `${PEER_STANDING_NOTE[0]!.toUpperCase()}${PEER_STANDING_NOTE.slice(1)}.`, '');
    const columns = peerStandingColumns(report);
    table(['Organisation', ...columns.map((j) => PEER_STANDING_HEAD[j]!)], report.organizations, (o) => [mdCell(o.name), ...columns.map((j) => peerStandingCell(o, j) ?? '–')]);
  }
  const rows = report.organizations.flatMap((o) => o.channels.filter((c) => options.isAllChannels || c.flagged).map((c) => ({ o, c })));
  const t = report.gapThresholds;
  out.push('', options.isAllChannels ? '## Channels' : '## Flagged channel gaps', '');
  const rule = gapRule(t, 'peers’');
  out.push(`${rule[0]!.toUpperCase()}${rule.slice(1)}.`, '');
  if (rows.length > 0) {
    table(['Organisation', 'Channel', 'Tickets', 'Resolution', 'Solved ≤24 h / 24–48 h / >48 h', 'vs reference channel', 'vs peers', 'Flagged', 'Could be ≤24 h'], rows, ({ o, c }) => [
      mdCell(o.name),
      c.channel,
      formatCount(c.tickets),
      formatHours(c.resolutionMedianHours),
      bucketsCell(c),
      referenceCell(c),
      peersCell(c),
      c.flagged ? `**${gapKind(c)}**` : '',
      movableCell(c),
    ]);
  }
  else out.push('_No flagged gaps._');
  if (rows.length > 0) out.push('', `Could be ≤24 h: ${report.economics.assumption}.`);
  out.push('', '## Definitions', '');
  for (const [name, definition] of METRIC_DEFINITIONS) out.push(`- **${name}**: ${definition}`);
  return lineByLine(out);
}
