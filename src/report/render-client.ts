// The client report as one self-contained HTML file (inline CSS and SVG charts, no scripts, no network) or as
// Markdown. Every piece of data is escaped: organisation and channel names are whatever the export held.

import { ordinal } from '../archetypes/fold.js';
import { peersPhrase } from '../benchmark/peers.js';
import { visibleStrings } from './visible.js';
import type { ClientCharts } from './charts.js';
import type { ClientReport } from './client.js';
import { METRIC_DEFINITIONS, bucketsCell, gapKind, gapPhrase, gapRule, referenceCell, repeatCell } from './describe.js';
import { formatCount, formatHours, formatRatio, formatShare, formatSignedHours } from './format.js';
import { mdCell, mdTable } from './render-markdown.js';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function formatMetric(value: number | null, unit: 'hours' | 'share'): string {
  return unit === 'hours' ? formatHours(value) : formatShare(value);
}

function pct(value: number | null): string {
  return value === null ? '–' : ordinal(value);
}

function standingWord(betterThan: number | null, note: string | null): string {
  if (betterThan === null) return note ?? 'no data';
  if (betterThan >= 75) return 'well ahead';
  if (betterThan >= 55) return 'ahead';
  if (betterThan > 45) return 'in the middle';
  if (betterThan > 25) return 'behind';
  return 'well behind';
}

const STYLE = `
  :root { color-scheme: light; }
  body { font: 14px/1.5 Helvetica, Arial, sans-serif; color: #222; max-width: 860px; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
  .subtitle { color: #555; margin-top: 0; }
  .archetype { background: #f4f6fa; border-left: 4px solid #4e79a7; padding: 0.6rem 1rem; }
  .sample { background: #fff4e5; border-left: 4px solid #f28e2b; padding: 0.4rem 1rem; }
  table { border-collapse: collapse; width: 100%; margin: 0.6rem 0; font-size: 13px; }
  th, td { text-align: left; padding: 0.25rem 0.5rem; border-bottom: 1px solid #eee; vertical-align: top; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  .flag { color: #b22; font-weight: bold; }
  figure { margin: 1rem 0; } figcaption { color: #555; font-size: 12px; }
  figure svg { max-width: 100%; height: auto; }
  .evidence { color: #444; margin: 0.2rem 0 0.8rem 1rem; }
  footer { color: #666; font-size: 12px; margin-top: 2rem; }
  @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } figure, table { break-inside: avoid; } }
`;

function table(head: { text: string; isNumber?: boolean }[], rows: { html: string; isNumber?: boolean }[][]): string {
  const th = head.map((h) => `<th${h.isNumber ? ' class="num"' : ''}>${escapeHtml(h.text)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td${c.isNumber ? ' class="num"' : ''}>${c.html}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function figure(svg: string | null, id: string, caption: string): string {
  if (svg === null) return `<p><em>${escapeHtml(caption)}: not enough data to draw.</em></p>`;
  return `<figure id="${id}" class="chart">${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

export function renderClientHtml(client: ClientReport, charts: ClientCharts): string {
  const o = client.organization;
  const e = escapeHtml;
  const m = client.method;
  const parts: string[] = [];
  parts.push(`<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`);
  parts.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  parts.push(`<title>${e(o.name)}: operational benchmark</title><style>${STYLE}</style></head><body>`);
  parts.push(`<h1>${e(o.name)}</h1><p class="subtitle">Operational benchmark against ${e(peersPhrase(m.peers))} in cluster ${o.cluster} of ${m.k} and ${formatCount(m.populationOrganizations)} organisations in all</p>`);
  if (m.isSample) parts.push(`<p class="sample">Built from the bundled <strong>synthetic sample</strong>, not real organisations.</p>`);

  parts.push(`<h2>Archetype: ${e(client.archetype.name)}</h2>`);
  parts.push(`<div class="archetype"><p><strong>${e(client.archetype.summary)}.</strong> ${e(client.archetype.meaning)}</p><p>Why this cluster is ${e(client.archetype.name)}: ${e(client.cluster.reason)}.</p></div>`);
  parts.push(`<h2>The cluster’s defining traits</h2><ul>${client.traits.map((t) => `<li>${e(t)}</li>`).join('')}</ul>`);

  parts.push(`<h2>Where ${e(o.name)} stands against its peers</h2>`);
  parts.push(figure(charts.standing, 'chart-standing', 'Each metric turned so that right is better: the share of cluster peers (and of all organisations) this organisation does better than'));
  parts.push(
    table(
      [{ text: 'Metric' }, { text: 'Value', isNumber: true }, ...(client.previous === null ? [] : [{ text: 'Previous', isNumber: true }, { text: 'Change', isNumber: true }]), { text: 'Cluster median', isNumber: true }, { text: 'Percentile in cluster', isNumber: true }, { text: 'Overall median', isNumber: true }, { text: 'Percentile overall', isNumber: true }, { text: 'Standing in cluster' }],
      client.standings.map((s) => [
        { html: e(s.label) },
        { html: formatMetric(s.value, s.unit), isNumber: true },
        ...previousCells(client.previous, client.previous?.metrics[s.metric], s.value, s.unit).map((text) => ({ html: e(text), isNumber: true })),
        { html: formatMetric(s.clusterMedian, s.unit), isNumber: true },
        { html: pct(s.clusterPercentile), isNumber: true },
        { html: formatMetric(s.overallMedian, s.unit), isNumber: true },
        { html: pct(s.overallPercentile), isNumber: true },
        { html: e(`${standingWord(s.betterThanClusterPct, s.clusterNote)}${s.betterThanClusterPct === null ? '' : ` (${s.better} is better)`}`) },
      ]),
    ),
  );

  parts.push(`<h2>Resolution by channel against peers</h2>`);
  parts.push(figure(charts.channels, 'chart-channels', 'Median resolution per channel: this organisation against its cluster peers’ median for the same channel'));
  parts.push(
    table(
      [{ text: 'Channel' }, { text: 'Tickets', isNumber: true }, { text: 'Solved', isNumber: true }, { text: 'Solved ≤24 h / 24–48 h / >48 h', isNumber: true }, { text: 'Median resolution', isNumber: true }, ...(client.previous === null ? [] : [{ text: 'Previous', isNumber: true }, { text: 'Change', isNumber: true }]), { text: 'Peers’ median', isNumber: true }, { text: 'vs peers', isNumber: true }, { text: 'vs reference channel', isNumber: true }, ...(m.repeatDays === null ? [] : [{ text: `Back via another channel (${m.repeatDays} d)`, isNumber: true }]), { text: 'Flagged' }],
      client.channels.map((c) => [
        { html: e(c.channel) },
        { html: formatCount(c.tickets), isNumber: true },
        { html: formatCount(c.solvedTickets), isNumber: true },
        { html: e(bucketsCell(c)), isNumber: true },
        { html: formatHours(c.resolutionMedianHours), isNumber: true },
        ...previousCells(client.previous, client.previous?.channels[c.channel], c.resolutionMedianHours, 'hours').map((text) => ({ html: e(text), isNumber: true })),
        { html: formatHours(c.peerMedianHours), isNumber: true },
        { html: `${formatSignedHours(c.gapVsPeersHours)} (${formatRatio(c.gapVsPeersRatio)})`, isNumber: true },
        { html: c.referenceChannel === null ? '–' : e(`${formatSignedHours(c.gapVsReferenceHours)} vs ${c.referenceChannel}`), isNumber: true },
        ...(m.repeatDays === null ? [] : [{ html: e(repeatCell(c)), isNumber: true }]),
        { html: c.flagged ? `<span class="flag">${e(gapKind(c))}</span>` : '' },
      ]),
    ),
  );

  parts.push(`<h2>Flagged gaps</h2>`);
  const gapItems = [
    ...client.flagged.map((c) => `<li><strong>${e(c.channel)}</strong>: median resolution ${e(formatHours(c.resolutionMedianHours))}, ${e(gapPhrase(c))}, on ${formatCount(c.solvedTickets)} solved of ${formatCount(c.tickets)} tickets.</li>`),
    ...client.coverageGaps.map((g) => `<li><strong>${e(g.channel)}</strong> not offered: ${e(formatShare(g.clusterShare))} of the cluster serves it.</li>`),
  ];
  parts.push(gapItems.length > 0 ? `<ul id="gaps">${gapItems.join('')}</ul>` : '<p id="gaps">No flagged channel or coverage gaps.</p>');
  parts.push(`<p>A channel is ${e(gapRule(m.gapRule, 'cluster peers’'))}.</p>`);

  parts.push(`<h2>Recommended tactics for ${e(client.archetype.name)}</h2>`);
  for (const t of client.tactics) {
    parts.push(`<h3>${e(t.area[0]!.toUpperCase() + t.area.slice(1))}</h3><p>${e(t.text)}</p>`);
    if (t.evidence.length > 0) parts.push(`<ul class="evidence">${t.evidence.map((x) => `<li>${e(x)}</li>`).join('')}</ul>`);
    else if (t.isMeasured) parts.push(`<p class="evidence"><em>General advice for the archetype: no gap of yours points here.</em></p>`);
  }

  parts.push(`<h2>Where ${e(o.name)} sits on the cluster map</h2>`);
  parts.push(figure(charts.map, 'chart-map', 'Organisations on the first two principal components of the scaled clustering features, coloured by archetype; the diamond is this organisation'));

  parts.push(`<h2>Method notes</h2><ul>`);
  parts.push(`<li>Population: ${formatCount(m.populationOrganizations)} organisations in ${m.k} clusters (k-means on workload, strategy and resource features), folded into four archetypes; ${e(m.fitted)}.</li>`);
  parts.push(`<li>Input: ${m.input.map(e).join('; ')}; rows read ${formatCount(m.rowsRead)} = used ${formatCount(m.rowsUsed)} + rejected ${formatCount(m.rowsRejected)}${m.period === null ? '' : `; tickets created ${e(m.period)}`}.</li>`);
  parts.push(`<li>Unit: one organisation per ${e(unitWords(m.unit))}${m.period === null ? '' : `; period ${e(m.period)}`}.</li>`);
  parts.push(`<li>The archetype rests on ${e(m.evidence.measured.join(', ') || 'nothing measured')}${m.evidence.missing.length > 0 ? `; not measured: ${e(m.evidence.missing.join(', '))}` : ''}.</li>`);
  parts.push(`<li>Could be within 24 h: ${e(m.economics)}.</li>`);
  if (client.previous !== null) parts.push(`<li>Previous period: ${e(client.previous.file)}${client.previous.period === null ? '' : ` (${e(client.previous.period)})`}.</li>`);
  parts.push(`<li>Percentiles: the share of the reference organisations with a lower value plus half of those with the same value; “better than” turns it for metrics where lower is better.</li>`);
  for (const [name, definition] of METRIC_DEFINITIONS) parts.push(`<li><strong>${e(name)}</strong>: ${e(definition)}</li>`);
  parts.push(`</ul><footer>Generated by benchmark.</footer></body></html>\n`);
  return parts.join('\n');
}

/** The previous period's value and the change, as two cells; none without a previous report. */
function previousCells(previous: ClientReport['previous'], before: number | null | undefined, now: number | null, unit: 'hours' | 'share'): string[] {
  if (previous === null) return [];
  if (before === null || before === undefined) return ['–', '–'];
  if (now === null) return [formatMetric(before, unit), '–'];
  const percent = before > 0 ? Math.round(((now - before) / before) * 100) : null;
  const change = unit === 'hours' ? `${formatSignedHours(now - before)}${percent === null ? '' : ` (${percent > 0 ? '+' : ''}${percent}%)`}` : `${now >= before ? '+' : ''}${((now - before) * 100).toFixed(1)} pts`;
  return [formatMetric(before, unit), change];
}

/** "value of column Group", or "input file". */
function unitWords(unit: string): string {
  return unit === 'file' ? 'input file' : `value of ${unit}`;
}

export function renderClientMarkdown(shown: ClientReport): string {
  const client = visibleStrings(shown);
  const o = client.organization;
  const m = client.method;
  const out: string[] = [];
  out.push(`# ${mdCell(o.name)}: operational benchmark`, '');
  out.push(`Against ${peersPhrase(m.peers)} in cluster ${o.cluster} of ${m.k} and ${formatCount(m.populationOrganizations)} organisations in all.${m.isSample ? ' **Synthetic sample data.**' : ''}`, '');
  out.push(`## Archetype: ${client.archetype.name}`, '', `**${mdCell(client.archetype.summary)}.** ${mdCell(client.archetype.meaning)}`, '', `Why: ${mdCell(client.cluster.reason)}.`, '');
  out.push('## The cluster’s defining traits', '', ...client.traits.map((t) => `- ${mdCell(t)}`), '');
  out.push('## Standing against peers', '');
  out.push(
    mdTable(
      ['Metric', 'Value', ...(client.previous === null ? [] : ['Previous', 'Change']), 'Cluster median', 'Percentile in cluster', 'Overall median', 'Percentile overall', 'Standing in cluster'],
      client.standings.map((s) => [s.label, formatMetric(s.value, s.unit), ...previousCells(client.previous, client.previous?.metrics[s.metric], s.value, s.unit), formatMetric(s.clusterMedian, s.unit), pct(s.clusterPercentile), formatMetric(s.overallMedian, s.unit), pct(s.overallPercentile), `${standingWord(s.betterThanClusterPct, s.clusterNote)}${s.betterThanClusterPct === null ? '' : ` (${s.better} is better)`}`]),
    ),
    '',
  );
  out.push('## Resolution by channel against peers', '');
  out.push(
    mdTable(
      ['Channel', 'Tickets', 'Solved', 'Solved ≤24 h / 24–48 h / >48 h', 'Median resolution', ...(client.previous === null ? [] : ['Previous', 'Change']), 'Peers’ median', 'vs peers', 'vs reference channel', ...(m.repeatDays === null ? [] : [`Back via another channel (${m.repeatDays} d)`]), 'Flagged'],
      client.channels.map((c) => [c.channel, formatCount(c.tickets), formatCount(c.solvedTickets), bucketsCell(c), formatHours(c.resolutionMedianHours), ...previousCells(client.previous, client.previous?.channels[c.channel], c.resolutionMedianHours, 'hours'), formatHours(c.peerMedianHours), `${formatSignedHours(c.gapVsPeersHours)} (${formatRatio(c.gapVsPeersRatio)})`, referenceCell(c), ...(m.repeatDays === null ? [] : [repeatCell(c)]), c.flagged ? `**${gapKind(c)}**` : '']),
    ),
    '',
  );
  out.push('## Flagged gaps', '');
  const gaps = [
    ...client.flagged.map((c) => `- **${c.channel}**: median resolution ${formatHours(c.resolutionMedianHours)}, ${gapPhrase(c)}, on ${formatCount(c.solvedTickets)} solved of ${formatCount(c.tickets)} tickets.`),
    ...client.coverageGaps.map((g) => `- **${g.channel}** not offered: ${formatShare(g.clusterShare)} of the cluster serves it.`),
  ];
  out.push(...(gaps.length > 0 ? gaps : ['No flagged channel or coverage gaps.']), '');
  out.push(`## Recommended tactics for ${client.archetype.name}`, '');
  for (const t of client.tactics) {
    out.push(`### ${t.area[0]!.toUpperCase()}${t.area.slice(1)}`, '', t.text, '');
    if (t.evidence.length > 0) out.push(...t.evidence.map((x) => `- ${mdCell(x)}`), '');
    else if (t.isMeasured) out.push('_General advice for the archetype: no gap of yours points here._', '');
  }
  out.push('## Method notes', '');
  out.push(`- Population: ${formatCount(m.populationOrganizations)} organisations in ${m.k} clusters; ${mdCell(m.fitted)}.`);
  out.push(`- Input: ${m.input.map(mdCell).join('; ')}; rows read ${formatCount(m.rowsRead)} = used ${formatCount(m.rowsUsed)} + rejected ${formatCount(m.rowsRejected)}${m.period === null ? '' : `; tickets created ${m.period}`}.`);
  out.push(`- Unit: one organisation per ${unitWords(m.unit)}${m.period === null ? '' : `; period ${m.period}`}.`);
  out.push(`- The archetype rests on ${m.evidence.measured.join(', ') || 'nothing measured'}${m.evidence.missing.length > 0 ? `; not measured: ${m.evidence.missing.join(', ')}` : ''}.`);
  const rule = gapRule(m.gapRule, 'cluster peers’');
  out.push(`- A channel is ${rule}.`);
  out.push(`- Could be within 24 h: ${m.economics}.`);
  if (client.previous !== null) out.push(`- Previous period: ${mdCell(client.previous.file)}${client.previous.period === null ? '' : ` (${client.previous.period})`}.`);
  out.push('- Percentiles: the share of the reference organisations with a lower value plus half of those with the same value.');
  for (const [name, definition] of METRIC_DEFINITIONS) out.push(`- **${name}**: ${definition}`);
  return `${out.join('\n')}\n`;
}
