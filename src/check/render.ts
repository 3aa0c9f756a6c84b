// `benchmark check` output: a terminal table of every result, JSON (the results file), JUnit XML for CI test
// reporters, and Markdown for job summaries and pull-request comments.

import { createRequire } from 'node:module';
import type TableType from 'cli-table3';
import { mdCell } from '../report/render-markdown.js';
import { plural } from '../report/format.js';
import { visibleStrings } from '../report/visible.js';
import type { CheckResult, CheckSummary, Status } from './evaluate.js';
import type { CheckFormat } from './formats.js';

export { CHECK_FORMATS, type CheckFormat } from './formats.js';

export interface CheckContext {
  baselineFile: string;
  inputs: string[];
  configFile: string | null;
}

const ORDER: Record<Status, number> = { fail: 0, warn: 1, skipped: 2, pass: 3, off: 4 };

/** Results with problems first (fail, warn, skipped, pass, off), in config order within each. */
function ordered(results: readonly CheckResult[]): CheckResult[] {
  return results.map((r, i) => ({ r, i })).sort((a, b) => ORDER[a.r.status] - ORDER[b.r.status] || a.i - b.i).map((x) => x.r);
}

function formatValue(value: number | string | null): string {
  if (value === null) return '–';
  if (typeof value === 'string') return value;
  return Math.abs(value) >= 100 ? String(Math.round(value)) : String(Number(value.toPrecision(4)));
}

function what(r: CheckResult): string {
  if (r.kind !== 'metric') return r.kind;
  return r.aggregation === null ? r.metric! : `${r.metric} (${r.aggregation})`;
}

function deltaText(r: CheckResult): string {
  if (r.delta === null) return '–';
  const sign = r.delta > 0 ? '+' : '';
  return `${sign}${formatValue(r.delta)}${r.deltaPct === null ? '' : ` (${r.deltaPct > 0 ? '+' : ''}${r.deltaPct.toFixed(1)}%)`}`;
}

export function summaryLine(summary: CheckSummary): string {
  const c = summary.counts;
  return `${summary.results.length} checks: ${c.fail} failed, ${c.warn} warned, ${c.skipped} skipped, ${c.pass} passed${c.off > 0 ? `, ${c.off} off` : ''}`;
}

export function renderCheckTable(shownSummary: CheckSummary, shownContext: CheckContext): string {
  // Names from the data reach the terminal as visible marks, never as control sequences.
  const [summary, context] = visibleStrings([shownSummary, shownContext] as const);
  // cli-table3 is loaded when a table is drawn, not at every start-up.
  const Table = createRequire(import.meta.url)('cli-table3') as typeof TableType;
  const table = new Table({
    head: ['Status', 'Level', 'Check', 'Scope', 'Baseline → current', 'Delta', 'Bound', 'Notice'],
    style: { head: [], border: [], compact: true },
    wordWrap: true,
    colWidths: [9, 7, null, null, null, null, null, 40] as number[],
  });
  for (const r of ordered(summary.results)) {
    table.push([r.status, r.level, what(r), r.scopeText, `${formatValue(r.baseline)} → ${formatValue(r.current)}`, deltaText(r), r.bounds, r.notice ?? '']);
  }
  return `benchmark check: ${context.inputs.join(', ') || 'bundled sample'} against ${context.baselineFile}${context.configFile === null ? ' (default assertions)' : ` with ${context.configFile}`}\n${table.toString()}\n${summaryLine(summary)}\n`;
}

export function renderCheckJson(summary: CheckSummary, context: CheckContext): string {
  return `${JSON.stringify({ schemaVersion: 1, baseline: context.baselineFile, inputs: context.inputs, config: context.configFile, counts: summary.counts, isRegression: summary.isRegression, results: summary.results }, null, 2)}\n`;
}

function xml(text: string): string {
  // Characters XML 1.0 cannot hold are dropped; the rest escaped.
  return text
    .replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** JUnit XML: one test case per result; fail → <failure>, warn → passed with the warning in system-out, skipped → <skipped>. */
export function renderCheckJunit(summary: CheckSummary, context: CheckContext): string {
  const cases = summary.results.filter((r) => r.status !== 'off');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="benchmark check" tests="${cases.length}" failures="${summary.counts.fail}" skipped="${summary.counts.skipped}">`,
    `  <testsuite name="${xml(`benchmark check against ${context.baselineFile}`)}" tests="${cases.length}" failures="${summary.counts.fail}" skipped="${summary.counts.skipped}" errors="0">`,
  ];
  for (const r of cases) {
    const name = xml(`${what(r)} · ${r.scopeText}`);
    const detail = xml(`${formatValue(r.baseline)} → ${formatValue(r.current)}, delta ${deltaText(r)}, bound ${r.bounds}${r.notice === null ? '' : `: ${r.notice}`}`);
    lines.push(`    <testcase classname="${xml(`benchmark.${r.kind}`)}" name="${name}">`);
    if (r.status === 'fail') lines.push(`      <failure message="${xml(r.notice ?? 'failed')}" type="${xml(r.level)}">${detail}</failure>`);
    if (r.status === 'skipped') lines.push(`      <skipped message="${xml(r.notice ?? 'skipped')}"/>`);
    if (r.status === 'warn') lines.push(`      <system-out>warning: ${detail}</system-out>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}

/** Markdown: every failure, warning and skip in a table; passes counted (a pull-request comment must stay short). */
export function renderCheckMarkdown(shownSummary: CheckSummary, shownContext: CheckContext): string {
  const [summary, context] = visibleStrings([shownSummary, shownContext] as const);
  const c = summary.counts;
  const icon = summary.isRegression ? '❌' : c.warn > 0 ? '⚠️' : '✅';
  const out = [`## ${icon} benchmark check`, '', `${summaryLine(summary)}. Baseline ${mdCell(context.baselineFile)}${context.configFile === null ? ', default assertions' : `, config ${mdCell(context.configFile)}`}.`, ''];
  const shown = ordered(summary.results).filter((r) => r.status === 'fail' || r.status === 'warn' || r.status === 'skipped');
  if (shown.length > 0) {
    out.push('| Status | Level | Check | Scope | Baseline → current | Delta | Bound | Notice |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const r of shown) {
      out.push(`| ${r.status === 'fail' ? '**fail**' : r.status} | ${r.level} | ${mdCell(what(r))} | ${mdCell(r.scopeText)} | ${mdCell(`${formatValue(r.baseline)} → ${formatValue(r.current)}`)} | ${mdCell(deltaText(r))} | ${mdCell(r.bounds)} | ${mdCell(r.notice ?? '')} |`);
    }
    out.push('');
  }
  out.push(c.pass > 0 ? `${plural(c.pass, 'check')} passed.` : 'No check passed.');
  return `${out.join('\n')}\n`;
}

export function renderCheck(format: CheckFormat, summary: CheckSummary, context: CheckContext): string {
  switch (format) {
    case 'table':
      return renderCheckTable(summary, context);
    case 'json':
      return renderCheckJson(summary, context);
    case 'junit':
      return renderCheckJunit(summary, context);
    case 'markdown':
      return renderCheckMarkdown(summary, context);
  }
}
