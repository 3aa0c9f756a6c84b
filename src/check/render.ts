// `benchmark check` output: a terminal table of failures and warnings (every result with --verbose) and the
// counts, JSON (the results file), JUnit XML for CI test reporters, and Markdown for job summaries and
// pull-request comments.

import { mdCell } from '../report/render-markdown.js';
import { fitTable, leftOutNote } from '../report/fit-table.js';
import { indentedProse } from '../terminal.js';
import { plural } from '../report/format.js';
import { visibleStrings } from '../report/visible.js';
import type { CheckResult, CheckSummary, Status } from './evaluate.js';
import type { CheckFormat } from './formats.js';

export { CHECK_FORMATS, type CheckFormat } from './formats.js';

export interface CheckContext {
  baselineFile: string;
  inputs: string[];
  configFile: string | null;
  /** List every result, not only failures and warnings. */
  isVerbose: boolean;
  /** The width the table is fitted to (terminal.ts); null for no limit. */
  width: number | null;
  /** How the current data was classified: with the baseline's model, refitted, or with a saved model (its file). */
  placedWith: 'baseline' | 'refitted' | string;
}

/** At most this many rows in the Markdown summary: a pull-request comment stays readable. */
export const MARKDOWN_ROWS = 25;

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

function howPlaced(context: CheckContext): string {
  if (context.placedWith === 'baseline') return 'placed with the baseline’s model';
  if (context.placedWith === 'refitted') return 'refitted with the baseline’s k and seed';
  return `placed with ${context.placedWith}`;
}

/** The key of what a result measures and where: a warning with the same key as a failure says nothing more. */
function subject(r: CheckResult): string {
  return JSON.stringify([r.kind, r.metric, r.aggregation, r.scopeText]);
}

/**
 * What a default listing shows: failures, and warnings that no failure of the same check and scope already
 * says (a +10% warning beside a +20% failure); with --verbose, everything.
 */
function shownResults(results: readonly CheckResult[], isVerbose: boolean): CheckResult[] {
  if (isVerbose) return ordered(results);
  const failed = new Set(results.filter((r) => r.status === 'fail').map(subject));
  return ordered(results).filter((r) => r.status === 'fail' || (r.status === 'warn' && !failed.has(subject(r))));
}

/**
 * The terminal table: failures and warnings (every result with --verbose), worst first, fitted to the width;
 * then the counts. Unchanged data prints two lines.
 */
export function renderCheckTable(shownSummary: CheckSummary, shownContext: CheckContext): string {
  // Names from the data reach the terminal as visible marks, never as control sequences.
  const [summary, context] = visibleStrings([shownSummary, shownContext] as const);
  const shown = shownResults(summary.results, context.isVerbose);
  const out = [`benchmark check: ${context.inputs.join(', ') || 'bundled sample'} against ${context.baselineFile}${context.configFile === null ? ' (default assertions' : ` (${context.configFile}`}; ${howPlaced(context)})`];
  if (shown.length > 0) {
    const fitted = fitTable(
      [
        { head: 'Status', cells: shown.map((r) => r.status) },
        { head: 'Level', cells: shown.map((r) => r.level), dropRank: 0 },
        { head: 'Check', cells: shown.map(what), shrink: 'wrap', min: 12 },
        { head: 'Scope', cells: shown.map((r) => r.scopeText), shrink: 'wrap', min: 12 },
        { head: 'Baseline → current', cells: shown.map((r) => `${formatValue(r.baseline)} → ${formatValue(r.current)}`), shrink: 'wrap', min: 10, dropRank: 3 },
        { head: 'Delta', cells: shown.map(deltaText), shrink: 'wrap', min: 8, dropRank: 2 },
        { head: 'Bound', cells: shown.map((r) => r.bounds), shrink: 'wrap', min: 10, dropRank: 1 },
        { head: 'Notice', cells: shown.map((r) => r.notice ?? ''), shrink: 'wrap', min: 16, dropRank: 4 },
      ],
      context.width,
    );
    out.push(fitted.text);
    const note = leftOutNote(fitted.leftOut, context.width);
    if (note !== null) out.push(indentedProse(note, context.width));
  }
  const hidden = summary.results.filter((r) => r.status !== 'off').length - shown.length;
  out.push(`${summaryLine(summary)}${hidden > 0 ? ` (${hidden} not listed: --verbose lists every result)` : ''}`);
  return `${out.join('\n')}\n`;
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

/**
 * Each result's test case name: the check, its scope, its level and bound ("resolutionMedianHours · Acme ×
 * channel email · error ≤ +50% vs baseline"), stable from run to run; a name two assertions of a config would
 * share gets the assertion's number.
 */
export function uniqueNames(results: readonly CheckResult[]): string[] {
  const base = results.map((r) => `${what(r)} · ${r.scopeText} · ${r.level}${r.bounds === '' ? '' : ` ${r.bounds}`}`);
  const counts = new Map<string, number>();
  for (const name of base) counts.set(name, (counts.get(name) ?? 0) + 1);
  return base.map((name, i) => (counts.get(name)! > 1 ? `${name} (assertion ${results[i]!.assertion + 1})` : name));
}

/** JUnit XML: one test case per result; fail → <failure>, warn → passed with the warning in system-out, skipped → <skipped>. */
export function renderCheckJunit(summary: CheckSummary, context: CheckContext): string {
  const cases = summary.results.filter((r) => r.status !== 'off');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="benchmark check" tests="${cases.length}" failures="${summary.counts.fail}" skipped="${summary.counts.skipped}">`,
    `  <testsuite name="${xml(`benchmark check against ${context.baselineFile}`)}" tests="${cases.length}" failures="${summary.counts.fail}" skipped="${summary.counts.skipped}" errors="0">`,
  ];
  const names = uniqueNames(cases);
  for (const [i, r] of cases.entries()) {
    const name = xml(names[i]!);
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

/**
 * Markdown for a pull-request comment or job summary: failures and warnings only, worst first, at most
 * MARKDOWN_ROWS of them, with the counts of everything.
 */
export function renderCheckMarkdown(shownSummary: CheckSummary, shownContext: CheckContext): string {
  const [summary, context] = visibleStrings([shownSummary, shownContext] as const);
  const c = summary.counts;
  const icon = summary.isRegression ? '❌' : c.warn > 0 ? '⚠️' : '✅';
  const out = [`## ${icon} benchmark check`, '', `${summaryLine(summary)}. Baseline ${mdCell(context.baselineFile)}${context.configFile === null ? ', default assertions' : `, config ${mdCell(context.configFile)}`}; ${howPlaced(context)}.`, ''];
  const problems = shownResults(summary.results, false);
  const shown = problems.slice(0, MARKDOWN_ROWS);
  if (shown.length > 0) {
    out.push('| Status | Check | Scope | Baseline → current | Delta | Bound | Notice |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const r of shown) {
      out.push(`| ${r.status === 'fail' ? '**fail**' : r.status} | ${mdCell(what(r))} | ${mdCell(r.scopeText)} | ${mdCell(`${formatValue(r.baseline)} → ${formatValue(r.current)}`)} | ${mdCell(deltaText(r))} | ${mdCell(r.bounds)} | ${mdCell(r.notice ?? '')} |`);
    }
    out.push('');
    if (problems.length > shown.length) out.push(`${problems.length - shown.length} more failures and warnings are in the JSON or JUnit results (--format json, --format junit).`, '');
  }
  out.push(`${plural(c.pass, 'check')} passed${c.skipped > 0 ? `, ${plural(c.skipped, 'check')} skipped (too few tickets, or not in both reports)` : ''}.`);
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
