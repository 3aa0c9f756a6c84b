// The client report's charts: Vega-Lite specifications compiled and rendered to SVG strings in Node (no
// browser, no canvas, no network), to be inlined in the HTML. Loaded only by the client report.

import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { ARCHETYPES } from '../archetypes/fold.js';
import type { ClientReport } from './client.js';

const ARCHETYPE_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#59a14f'];
const FONT = 'Helvetica, Arial, sans-serif';
const CONFIG = { font: FONT, axis: { labelFontSize: 11, titleFontSize: 11 }, legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 320 }, view: { stroke: null } };

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Position against peers: for each metric, the share of cluster peers and of all organisations it does better than. */
export function standingSpec(client: ClientReport): TopLevelSpec | null {
  const values = client.standings.flatMap((s) => {
    if (s.value === null || s.clusterPercentile === null || s.overallPercentile === null) return [];
    const turn = (p: number): number => (s.better === 'higher' ? p : 100 - p);
    return [
      { metric: s.label, scope: 'within its cluster', better: turn(s.clusterPercentile) },
      { metric: s.label, scope: 'among all organisations', better: turn(s.overallPercentile) },
    ];
  });
  if (values.length === 0) return null;
  return {
    config: CONFIG,
    width: 520,
    height: { step: 26 },
    data: { values },
    layer: [
      { mark: { type: 'rule', color: '#999', strokeDash: [4, 3] }, encoding: { x: { datum: 50, type: 'quantitative' } } },
      {
        mark: { type: 'point', filled: true, size: 90 },
        encoding: {
          y: { field: 'metric', type: 'nominal', sort: null, title: null },
          x: { field: 'better', type: 'quantitative', scale: { domain: [0, 100] }, title: 'better than this % of organisations (right is better; dashed: the middle)' },
          color: { field: 'scope', type: 'nominal', title: null, scale: { range: ['#e15759', '#4e79a7'] }, legend: { orient: 'bottom' } },
          shape: { field: 'scope', type: 'nominal', title: null },
        },
      },
    ],
  } as TopLevelSpec;
}

/** Per-channel median resolution: the client's against its cluster peers' median for the same channel. */
export function channelSpec(client: ClientReport): TopLevelSpec | null {
  const values = client.channels.flatMap((c) => {
    const label = c.flagged ? `${c.channel} (flagged)` : c.channel;
    const rows: { channel: string; who: string; hours: number }[] = [];
    if (c.resolutionMedianHours !== null) rows.push({ channel: label, who: client.organization.name, hours: c.resolutionMedianHours });
    if (c.peerMedianHours !== null) rows.push({ channel: label, who: 'cluster peers (median)', hours: c.peerMedianHours });
    return rows;
  });
  if (values.length === 0) return null;
  return {
    config: CONFIG,
    width: 520,
    height: { step: 16 },
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'channel', type: 'nominal', sort: null, title: null },
      yOffset: { field: 'who', type: 'nominal', sort: null },
      x: { field: 'hours', type: 'quantitative', title: 'median resolution (hours)' },
      color: { field: 'who', type: 'nominal', sort: null, title: null, scale: { range: ['#e15759', '#bab0ac'] }, legend: { orient: 'bottom', labelLimit: 400 } },
    },
  } as TopLevelSpec;
}

/** The cluster map: organisations on the first two principal components, coloured by archetype, the client marked. */
export function mapSpec(client: ClientReport): TopLevelSpec | null {
  if (client.map === null) return null;
  const [e1, e2] = client.map.explained;
  const percent = (e: number | undefined): string => `${Math.round((e ?? 0) * 100)}% of variance`;
  return {
    config: CONFIG,
    width: 520,
    height: 360,
    layer: [
      {
        data: { values: client.map.points },
        mark: { type: 'circle', size: 28, opacity: 0.55 },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: `first principal component (${percent(e1)})`, axis: { labels: false, ticks: false } },
          y: { field: 'y', type: 'quantitative', title: `second principal component (${percent(e2)})`, axis: { labels: false, ticks: false } },
          color: { field: 'archetype', type: 'nominal', title: 'archetype', scale: { domain: [...ARCHETYPES], range: ARCHETYPE_COLOURS }, legend: { orient: 'bottom', columns: 2 } },
        },
      },
      {
        data: { values: [{ ...client.map.client, name: client.organization.name }] },
        layer: [
          { mark: { type: 'point', shape: 'diamond', size: 260, filled: true, color: '#111', stroke: '#fff', strokeWidth: 1.5 }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
          { mark: { type: 'text', dx: 10, align: 'left', fontWeight: 'bold', fontSize: 12 }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, text: { field: 'name' } } },
        ],
      },
    ],
  } as TopLevelSpec;
}

export interface ClientCharts {
  standing: string | null;
  channels: string | null;
  map: string | null;
}

export async function renderClientCharts(client: ClientReport): Promise<ClientCharts> {
  const render = async (spec: TopLevelSpec | null): Promise<string | null> => (spec === null ? null : renderSvg(spec));
  return { standing: await render(standingSpec(client)), channels: await render(channelSpec(client)), map: await render(mapSpec(client)) };
}
