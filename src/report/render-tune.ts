// Renderers for `benchmark tune`: k against inertia and the quality indexes, the elbow marked.

import type { SweepRow } from '../cluster/sweep.js';
import { csvCell } from './render-csv.js';
import { formatNumber } from './format.js';
import { drawBarChart } from './terminal-chart.js';
import { drawTable } from './fit-table.js';
import { visibleStrings } from './visible.js';
import type { ReportInput } from './report.js';

export type TuneFormat = 'table' | 'json' | 'csv';

export interface TuneReport {
  schemaVersion: number;
  command: 'tune';
  input: ReportInput;
  warnings: string[];
  seed: number;
  restarts: number;
  scaling: 'robust' | 'standard';
  features: string[];
  rows: SweepRow[];
  knee: number | null;
  recommendedK: number;
  reason: string;
  timings: { ingestMs: number; metricsMs: number; clusterMs: number; totalMs: number } | null;
}

/** Inertia and silhouette against k, as text charts, the recommended k (▲) and the elbow (◆) marked. */
function curves(report: TuneReport, width: number | null): string[] {
  const labels = report.rows.map((r) => String(r.k));
  const marks = new Map<number, string>();
  const recommended = report.rows.findIndex((r) => r.k === report.recommendedK);
  const elbow = report.rows.findIndex((r) => r.isKnee);
  if (elbow !== -1) marks.set(elbow, '◆');
  if (recommended !== -1) marks.set(recommended, '▲');
  const legend = `▲ recommended k = ${report.recommendedK}${elbow !== -1 && elbow !== recommended ? `, ◆ elbow k = ${report.rows[elbow]!.k}` : elbow === recommended && elbow !== -1 ? ' (the elbow)' : ''}`;
  return [
    ...drawBarChart({ title: 'Inertia against k (lower is tighter; it always falls, so look for the elbow)', labels, values: report.rows.map((r) => r.inertia), marks, legend, format: (v) => formatNumber(v) }, width),
    '',
    ...drawBarChart({ title: 'Silhouette against k (higher is better separated)', labels, values: report.rows.map((r) => r.silhouette), marks, legend, format: (v) => v.toFixed(2) }, width),
  ];
}

function table(report: TuneReport, width: number | null): string {
  const out: string[] = ['benchmark tune'];
  for (const f of report.input.files) out.push(`  input: ${f.file} (${f.format})${report.input.isSample ? ' — synthetic sample data' : ''}`);
  out.push(`  organisations: ${report.input.organizations}; features: ${report.features.join(', ')} (${report.scaling} scaling); seed ${report.seed}, ${report.restarts} restarts per k`);
  const rows = report.rows.map((r) => {
    const marks = [r.isKnee ? '← elbow' : '', r.k === report.recommendedK ? '← recommended' : ''].filter(Boolean).join(' ');
    return [String(r.k), r.inertia.toFixed(3), r.silhouette.toFixed(4), r.calinskiHarabasz.toFixed(1), r.daviesBouldin.toFixed(4), marks];
  });
  out.push('', drawTable(['k', 'Inertia', 'Silhouette', 'Calinski–Harabasz', 'Davies–Bouldin', ''], rows), '', ...curves(report, width), '', `Recommended ${report.reason}.`);
  const sampled = report.rows.find((r) => r.silhouetteRows < report.input.organizations);
  if (sampled) out.push(`Silhouette on a seeded sample of ${sampled.silhouetteRows} organisations.`);
  out.push('Higher silhouette and Calinski–Harabasz, lower Davies–Bouldin and inertia are better; inertia always falls as k grows, so look for its elbow.');
  return `${out.join('\n')}\n`;
}

function csv(report: TuneReport): string {
  const lines = ['k,inertia,silhouette,silhouette_rows,calinski_harabasz,davies_bouldin,iterations,converged,elbow,recommended'];
  for (const r of report.rows) {
    lines.push([r.k, r.inertia, r.silhouette, r.silhouetteRows, r.calinskiHarabasz, r.daviesBouldin, r.iterations, r.converged, r.isKnee, r.k === report.recommendedK].map((v) => csvCell(String(v))).join(','));
  }
  return `${lines.join('\n')}\n`;
}

export function renderTune(report: TuneReport, format: TuneFormat, width: number | null = null): string {
  switch (format) {
    case 'table':
      return table(visibleStrings(report), width);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv':
      return csv(report);
  }
}
