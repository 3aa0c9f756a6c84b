// What no organisation of the input has: the JSON report leaves it out of each organisation and says so once
// (`unmeasured`), and `check` and `report --baseline` read such a report back with those fields null again;
// the table and Markdown name it once and give it no column; CSV keeps every column. What is unmeasured is
// checked against the CSV report of the same run.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBaseline } from '../../src/check/baseline.js';
import { PEER_METRICS } from '../../src/benchmark/peers.js';
import { METRIC_KEYS, METRICS } from '../../src/metrics/registry.js';
import type { Report } from '../../src/report/report.js';
import { runCli, runJson } from '../helpers.js';

let dir: string;
let table: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'benchmark-json-'));
  table = join(dir, 'orgs.csv');
  // 40 organisations: reopen_rate for two in three of them, one_touch_rate a column with no value at all.
  const lines = ['organization,tickets_per_month,agents,tickets_per_agent,comments_per_ticket,csat,first_reply_median_hours,resolution_median_hours,reopen_rate,one_touch_rate'];
  for (let i = 0; i < 40; i++) {
    const agents = 2 + ((i * 7) % 23);
    const perMonth = 50 + ((i * 131) % 900);
    const reopen = i % 3 === 0 ? '' : String(((i * 17) % 20) / 100);
    lines.push(`org-${String(i).padStart(2, '0')},${perMonth},${agents},${(perMonth / agents).toFixed(2)},${1 + ((i * 3) % 7) / 2},${0.6 + ((i * 11) % 40) / 100},${1 + ((i * 13) % 48)},${4 + ((i * 29) % 200)},${reopen},`);
  }
  writeFileSync(table, `${lines.join('\n')}\n`);
});

/** The metrics the CSV report of the same run has no value for in any organisation's row. */
function emptyInCsv(args: string[]): string[] {
  const result = runCli([...args, '--format', 'csv', '--no-timings', '-q']);
  expect(result.code, result.stderr).toBe(0);
  const rows = (parse(result.stdout, { columns: true }) as Record<string, string>[]).filter((r) => r.channel === 'all');
  return METRIC_KEYS.filter((key) => METRICS[key].column in rows[0]! && rows.every((r) => r[METRICS[key].column] === ''));
}

describe('the JSON report leaves out what the input lacks', () => {
  it('an organisation table: the metrics no organisation has, said once, left out of each organisation and its standings', () => {
    const args = ['classify', table, '--k', '4'];
    const report = runJson<Report>(args);
    expect(report.unmeasured.metrics).toEqual(emptyInCsv(args));
    // By hand: the table has no ticket counts, reopens for some, first touch for none.
    expect(report.unmeasured.metrics).toEqual(expect.arrayContaining(['tickets', 'oneTouchRate', 'requesters']));
    expect(report.unmeasured.metrics).not.toContain('reopenRate');
    const kept = METRIC_KEYS.filter((key) => !report.unmeasured.metrics.includes(key));
    const standings = PEER_METRICS.map((m) => m.metric).filter((metric) => !report.unmeasured.metrics.includes(metric));
    expect(standings).toContain('reopenRate');
    for (const o of report.organizations) {
      // Every measured metric is there, null where this organisation lacks it; nothing unmeasured is.
      expect(Object.keys(o.metrics)).toEqual(kept);
      expect(o.peers!.standings.map((s) => s.metric)).toEqual(standings);
    }
    expect(report.organizations.find((o) => o.name === 'org-00')!.metrics.reopenRate).toBeNull();
    expect(report.organizations.find((o) => o.name === 'org-01')!.metrics.reopenRate).toBe(0.17);
  });

  it('ticket exports: channel fields null in every channel are left out, and come back when measured', () => {
    const unpriced = runJson<Report>(['classify']);
    expect(unpriced.unmeasured.channelFields).toEqual(expect.arrayContaining(['estimatedCostVsReference', 'estimatedCostVsPeers']));
    for (const o of unpriced.organizations) for (const c of o.channels) expect(c).not.toHaveProperty('estimatedCostVsPeers');
    const priced = runJson<Report>(['classify', '--cost-per-late-ticket', '30']);
    expect(priced.unmeasured.channelFields).not.toContain('estimatedCostVsPeers');
    for (const o of priced.organizations) for (const c of o.channels) expect(c).toHaveProperty('estimatedCostVsPeers');
    // Nothing else differs in shape: the same keys, but the two estimates.
    const keys = (r: Report): string[] => Object.keys(r.organizations[0]!.channels[0]!);
    expect(keys(priced).filter((k) => !keys(unpriced).includes(k))).toEqual(['estimatedCostVsReference', 'estimatedCostVsPeers']);
  });

  it('a lean report read back as a baseline has every field again, null where the input lacked it', () => {
    const file = join(dir, 'baseline.json');
    const result = runCli(['classify', table, '--k', '4', '--format', 'json', '--no-timings', '-q', '-o', file]);
    expect(result.code, result.stderr).toBe(0);
    const baseline = loadBaseline(file);
    for (const o of baseline.organizations) {
      expect(Object.keys(o.metrics).sort()).toEqual([...METRIC_KEYS].sort());
      for (const key of baseline.unmeasured.metrics) expect(o.metrics[key]).toBeNull();
    }
    // And check compares the same data against it without a change.
    const check = runCli(['check', table, '--baseline', file, '--format', 'json']);
    expect(check.code, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout).isRegression).toBe(false);
  });
});

describe('--format ndjson', () => {
  it('one organisation a line, each byte for byte the JSON report’s line for it, the selection kept', () => {
    for (const args of [['classify'], ['classify', table, '--k', '4', '--sort', 'csat', '--top', '7'], ['metrics', 'fixtures/freshdesk/tickets.csv']]) {
      const json = runCli([...args, '--format', 'json', '--no-timings', '-q']);
      const ndjson = runCli([...args, '--format', 'ndjson', '--no-timings', '-q']);
      expect(ndjson.code, ndjson.stderr).toBe(0);
      const report = JSON.parse(json.stdout) as Report;
      // The JSON report writes each organisation as "    {…}," on a line of its own, between these two lines.
      const all = json.stdout.split('\n');
      const from = all.indexOf('  "organizations": [');
      const lines = all.slice(from + 1, all.indexOf('  ],', from)).map((line) => line.slice(4).replace(/,$/, ''));
      expect(lines).toHaveLength(report.organizations.length);
      expect(ndjson.stdout).toBe(lines.map((line) => `${line}\n`).join(''));
      expect(ndjson.stdout.trimEnd().split('\n').map((line) => JSON.parse(line))).toEqual(report.organizations);
    }
  });
});

describe('the table and Markdown give a metric no organisation has no column', () => {
  it('names it once, leaves its columns out, keeps the rest; CSV keeps every column', () => {
    const args = ['classify', table, '--k', '4', '-q'];
    const text = runCli([...args, '--format', 'table'], { env: { COLUMNS: '300' } }).stdout;
    const markdown = runCli([...args, '--format', 'markdown']).stdout;
    const csv = runCli([...args, '--format', 'csv']).stdout;
    // One-touch rate and ticket counts: no organisation has them; reopens: two in three organisations do.
    expect(text).toMatch(/not measured \(no organisation has it; no column in the tables\): tickets, .*one-touch rate/);
    expect(markdown).toMatch(/- Not measured \(no organisation has it; no column in the tables\): tickets, .*one-touch rate/);
    const heads = (lines: string, first: string): string => lines.split('\n').find((line) => line.includes(first))!;
    expect(heads(text, '│ Organisation │ FRT')).toMatch(/│ Reopens │/);
    expect(heads(text, '│ Organisation │ FRT')).not.toMatch(/One-touch|≤24 h/);
    expect(heads(text, '│ Organisation │ Cluster')).not.toMatch(/Tickets|≤24 h/);
    expect(heads(markdown, '| Organisation | first reply')).toContain('| reopen rate |');
    expect(heads(markdown, '| Organisation | first reply')).not.toContain('one-touch');
    expect(heads(markdown, '| Organisation | Cluster')).not.toContain('Tickets');
    expect(csv.split('\n')[0]).toContain(',tickets,');
    expect(csv.split('\n')[0]).toContain(',one_touch_rate,');
  });
});
