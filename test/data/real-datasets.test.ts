// Every real dataset in ../shared/data runs through `metrics` and `classify` with its committed mapping file,
// and the per-organisation and per-organisation×channel counts and medians equal an independent computation
// in DuckDB (read_csv, GROUP BY, median() and quantile_cont(), written here from the datasets' SOURCE.md).

import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTicketExport } from '../../bench/generate.js';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA, ROOT, runCli, runJson } from '../helpers.js';
import type { Report } from '../../src/report/report.js';

let connection: DuckDBConnection;
beforeAll(async () => {
  const instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  // One thread keeps read_csv in file order, which the event-log "last row per ticket" check relies on.
  await connection.run('SET threads = 1');
});
afterAll(() => connection?.closeSync());

interface Expected {
  org: string;
  channel: string;
  tickets: number;
  solved: number;
  median: number | null;
  p90: number | null;
  good: number;
  bad: number;
}

/**
 * `tickets` must select the columns org, channel (normalised), created and solved (TIMESTAMP or TIMESTAMPTZ,
 * NULL when open) and rating ('good', 'bad' or NULL) for the rows the CLI should use; this groups them by
 * organisation and channel, and by organisation alone (channel '*').
 */
async function expected(tickets: string): Promise<Expected[]> {
  const hours = '(epoch(solved) - epoch(created)) / 3600.0';
  const sql = `
    WITH t AS (${tickets})
    SELECT org, coalesce(channel, '*') AS channel, count(*)::INTEGER AS tickets, count(solved)::INTEGER AS solved,
      median(${hours})::DOUBLE AS median, quantile_cont(${hours}, 0.9)::DOUBLE AS p90,
      count(*) FILTER (WHERE rating = 'good')::INTEGER AS good, count(*) FILTER (WHERE rating = 'bad')::INTEGER AS bad
    FROM t GROUP BY GROUPING SETS ((org, channel), (org)) ORDER BY org, channel`;
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS() as unknown as Expected[];
}

function relativeClose(actual: number | null, wanted: number | null): void {
  if (wanted === null) {
    expect(actual).toBeNull();
    return;
  }
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - wanted)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(wanted)));
}

/** `rowsUsed` is the tickets' count, except for event logs (their events). */
function compare(report: Report, rows: Expected[], rowsUsed?: number): void {
  const byOrg = new Map(report.organizations.map((o) => [o.name, o]));
  const orgRows = rows.filter((r) => r.channel === '*');
  expect([...byOrg.keys()].sort()).toEqual(orgRows.map((r) => r.org).sort());
  expect(report.input.rowsUsed).toBe(rowsUsed ?? orgRows.reduce((s, r) => s + r.tickets, 0));
  for (const row of rows) {
    const org = byOrg.get(row.org)!;
    const ours =
      row.channel === '*'
        ? { tickets: org.metrics.tickets, solved: org.metrics.solvedTickets, median: org.metrics.resolutionMedianHours, p90: org.metrics.resolutionP90Hours }
        : (() => {
            const c = org.channels.find((x) => x.channel === row.channel)!;
            expect(c, `${row.org} × ${row.channel}`).toBeDefined();
            return { tickets: c.tickets, solved: c.solvedTickets, median: c.resolutionMedianHours, p90: c.resolutionP90Hours };
          })();
    expect(ours.tickets, `${row.org} × ${row.channel}`).toBe(row.tickets);
    expect(ours.solved, `${row.org} × ${row.channel}`).toBe(row.solved);
    relativeClose(ours.median, row.median);
    relativeClose(ours.p90, row.p90);
  }
  const channelCount = rows.filter((r) => r.channel !== '*').length;
  expect(report.organizations.reduce((s, o) => s + o.channels.length, 0)).toBe(channelCount);
}

const SF = `${DATA}sf311-service-requests-sample/sf311_service_requests_sample.csv`;
const NYC = `${DATA}nyc311-service-requests-sample/nyc311_2018-10-21_sample.csv`;
const SN = `${DATA}servicenow-incident-event-log/incident_event_log.csv`;
const KAGGLE = `${DATA}kaggle-customer-support-tickets-SYNTHETIC/customer_support_tickets_first999.csv`;

describe.runIf(existsSync(DATA))('real datasets against DuckDB', () => {
  it('SF 311: agency × source, ISO timestamps with offsets, 17 closed-before-created rows rejected', async () => {
    const report = runJson<Report>(['metrics', SF, '--map', 'examples/sf311.map.json', '--skip-invalid']);
    expect(report.input).toMatchObject({ rowsRead: 10000, rowsUsed: 9983, rowsRejected: 17, rejectsByReason: { 'solved before created': 17 } });
    const rows = await expected(`
      SELECT agency_name AS org,
        CASE source WHEN 'Phone' THEN 'phone' WHEN 'Web' THEN 'web' WHEN 'Mobile/Open311' THEN 'web' WHEN 'Twitter' THEN 'social'
          WHEN 'Integrated Agency' THEN 'api' WHEN 'Email' THEN 'email' ELSE 'other' END AS channel,
        created_date::TIMESTAMPTZ AS created, nullif(closed_date, '')::TIMESTAMPTZ AS solved, NULL::VARCHAR AS rating
      FROM read_csv('${SF}', all_varchar = true)
      WHERE nullif(closed_date, '') IS NULL OR closed_date::TIMESTAMPTZ >= created_date::TIMESTAMPTZ`);
    compare(report, rows);
  });

  it('NYC 311: BOM, CRLF, M/D/YY H:mm, many open requests', async () => {
    const report = runJson<Report>(['metrics', NYC, '--map', 'examples/nyc311.map.json']);
    expect(report.input).toMatchObject({ rowsRead: 6765, rowsUsed: 6765, rowsRejected: 0 });
    const rows = await expected(`
      SELECT "Agency" AS org,
        CASE "Open Data Channel Type" WHEN 'PHONE' THEN 'phone' WHEN 'ONLINE' THEN 'web' WHEN 'MOBILE' THEN 'web' ELSE 'other' END AS channel,
        strptime("Created Date", '%m/%d/%y %H:%M') AS created,
        strptime(nullif("Closed Date", ''), '%m/%d/%y %H:%M') AS solved, NULL::VARCHAR AS rating
      FROM read_csv('${NYC}', all_varchar = true)`);
    compare(report, rows);
    // Open requests are backlog, never zero-length resolutions.
    const open = report.organizations.reduce((s, o) => s + o.metrics.openTickets!, 0);
    expect(open).toBe(rows.filter((r) => r.channel === '*').reduce((s, r) => s + r.tickets - r.solved, 0));
  });

  it('ServiceNow read as an event log: tickets from the state changes, reopens counted, D/M/YYYY dates, ? as missing', async () => {
    const report = runJson<Report>(['metrics', SN, '--map', 'examples/servicenow.map.json']);
    expect(report.input.eventLog).toEqual({ solved: ['Resolved', 'Closed'], solvedAt: 'first', attributesFrom: 'last', sequence: 'sys_mod_count', events: 141712, tickets: 24918 });
    expect(report.warnings).toEqual([]);
    // Each incident from its updates, ordered by sys_updated_at, then sys_mod_count, then file order (one thread
    // keeps read_csv in file order): created at opened_at of its first update; solved at its first update to Resolved or Closed
    // when its last update is one of them; group and channel of its last update; a reopen is an update to
    // another state right after a Resolved or Closed one.
    const cases = `
      WITH ev AS (SELECT *, row_number() OVER () AS seq FROM read_csv('${SN}', all_varchar = true)),
      e AS (SELECT number, seq, sys_mod_count::INTEGER AS mods, strptime(sys_updated_at, '%d/%m/%Y %H:%M') AS t, strptime(opened_at, '%d/%m/%Y %H:%M') AS opened,
        incident_state IN ('Resolved', 'Closed') AS is_solved, nullif(assignment_group, '?') AS grp, contact_type FROM ev),
      o AS (SELECT *, row_number() OVER (PARTITION BY number ORDER BY t, mods, seq) AS k, count(*) OVER (PARTITION BY number) AS n,
        lag(is_solved) OVER (PARTITION BY number ORDER BY t, mods, seq) AS previous FROM e)
      SELECT number, max(CASE WHEN k = 1 THEN opened END) AS created, min(CASE WHEN is_solved THEN t END) AS first_solved,
        bool_or(k = n AND is_solved) AS ends_solved, max(CASE WHEN k = n THEN grp END) AS grp, max(CASE WHEN k = n THEN contact_type END) AS contact_type,
        sum(CASE WHEN previous AND NOT is_solved THEN 1 ELSE 0 END) AS reopens, count(*) AS events
      FROM o GROUP BY number`;
    const rows = await expected(`
      WITH cases AS (${cases})
      SELECT grp AS org,
        CASE contact_type WHEN 'Phone' THEN 'phone' WHEN 'Email' THEN 'email' WHEN 'Self service' THEN 'web' WHEN 'IVR' THEN 'phone' WHEN 'Direct opening' THEN 'walk-in' ELSE 'other' END AS channel,
        created, CASE WHEN ends_solved THEN first_solved END AS solved, NULL::VARCHAR AS rating
      FROM cases WHERE grp IS NOT NULL`);
    const counts = (await connection.runAndReadAll(`
      WITH cases AS (${cases})
      SELECT grp AS org, sum(events)::INTEGER AS events, count(*) FILTER (WHERE ends_solved AND reopens > 0)::INTEGER AS reopened
      FROM cases GROUP BY grp`)).getRowObjectsJS() as unknown as { org: string | null; events: number; reopened: number }[];
    compare(report, rows, counts.filter((c) => c.org !== null).reduce((s, c) => s + c.events, 0));
    expect(report.input.rejectsByReason).toEqual({ 'no organization': counts.find((c) => c.org === null)!.events });
    for (const c of counts.filter((x) => x.org !== null)) {
      const org = report.organizations.find((o) => o.name === c.org)!;
      relativeClose(org.metrics.reopenRate, org.metrics.solvedTickets === 0 ? null : c.reopened / org.metrics.solvedTickets!);
    }
    expect(counts.reduce((s, c) => s + c.reopened, 0)).toBeGreaterThan(100);
  });

  it('ServiceNow read the simple way (last row per incident): the same file, with a warning that it is an event log', async () => {
    const report = runJson<Report>(['metrics', SN, '--map', 'examples/servicenow-last-row.map.json']);
    expect(report.warnings.join('\n')).toMatch(/141712 rows for 24918 tickets \(5\.7 a ticket\): this looks like an event log/);
    expect(report.input.rowsRead).toBe(141712);
    expect(report.input.rowsRead).toBe(report.input.rowsUsed + report.input.rowsRejected);
    // 24,918 incidents: every other row is superseded by a later row of the same incident.
    expect(report.input.rejectsByReason['superseded by a later row of the same ticket']).toBe(141712 - 24918);
    const rows = await expected(`
      WITH events AS (SELECT *, row_number() OVER () AS position FROM read_csv('${SN}', all_varchar = true)),
      last AS (SELECT * FROM events QUALIFY row_number() OVER (PARTITION BY number ORDER BY position DESC) = 1)
      SELECT assignment_group AS org,
        CASE contact_type WHEN 'Phone' THEN 'phone' WHEN 'Email' THEN 'email' WHEN 'Self service' THEN 'web' WHEN 'IVR' THEN 'phone' ELSE 'other' END AS channel,
        strptime(opened_at, '%d/%m/%Y %H:%M') AS created,
        strptime(nullif(resolved_at, '?'), '%d/%m/%Y %H:%M') AS solved, NULL::VARCHAR AS rating
      FROM last WHERE assignment_group <> '?'`);
    compare(report, rows);
    expect(report.input.rejectsByReason['no organization']).toBe(2157);
  });

  it('NYC 311 with its due dates: per agency and channel, the share solved by the due time and the median lateness', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'benchmark-sla-'));
    const map = join(dir, 'nyc-due.map.json');
    const base = JSON.parse(readFileSync(join(ROOT, 'examples/nyc311.map.json'), 'utf8')) as { columns: Record<string, string> };
    writeFileSync(map, JSON.stringify({ ...base, columns: { ...base.columns, due_at: 'Due Date' } }));
    const report = runJson<Report>(['metrics', NYC, '--map', map]);
    const ny = (column: string): string => `timezone('America/New_York', strptime(nullif("${column}", ''), '%m/%d/%y %H:%M'))`;
    const reader = await connection.runAndReadAll(`
      WITH t AS (
        SELECT "Agency" AS org,
          CASE "Open Data Channel Type" WHEN 'PHONE' THEN 'phone' WHEN 'ONLINE' THEN 'web' WHEN 'MOBILE' THEN 'web' ELSE 'other' END AS channel,
          ${ny('Created Date')} AS created, ${ny('Closed Date')} AS solved, ${ny('Due Date')} AS due
        FROM read_csv('${NYC}', all_varchar = true)
      ), period AS (SELECT max(created) AS period_end FROM t)
      SELECT org, coalesce(channel, '*') AS channel,
        count(*) FILTER (WHERE solved IS NOT NULL AND due IS NOT NULL)::INTEGER AS solved_with_due,
        count(*) FILTER (WHERE solved <= due)::INTEGER AS met,
        median((epoch(solved) - epoch(due)) / 3600.0) FILTER (WHERE solved > due)::DOUBLE AS late,
        count(*) FILTER (WHERE solved IS NULL AND due < period_end)::INTEGER AS past_due,
        count(*) FILTER (WHERE solved IS NULL AND due >= period_end)::INTEGER AS within_due
      FROM t CROSS JOIN period WHERE due IS NOT NULL GROUP BY GROUPING SETS ((org, channel), (org)) ORDER BY org, channel`);
    const rows = reader.getRowObjectsJS() as unknown as { org: string; channel: string; solved_with_due: number; met: number; late: number | null; past_due: number; within_due: number }[];
    expect(rows.filter((r) => r.channel === '*').reduce((s, r) => s + r.solved_with_due, 0)).toBeGreaterThan(500);
    for (const row of rows) {
      const org = report.organizations.find((o) => o.name === row.org)!;
      const sla = row.channel === '*' ? org.sla! : org.sla!.channels[row.channel as 'web']!;
      expect(sla, `${row.org} × ${row.channel}`).toMatchObject({ solvedWithDue: row.solved_with_due, met: row.met, openPastDue: row.past_due, openWithinDue: row.within_due });
      relativeClose(sla.metShare, row.solved_with_due === 0 ? null : row.met / row.solved_with_due);
      relativeClose(sla.lateMedianHours, row.late);
    }
    // Agencies without a due time on any ticket say so with zeros, never a share.
    for (const o of report.organizations.filter((x) => !rows.some((r) => r.org === x.name))) expect(o.sla).toMatchObject({ solvedWithDue: 0, metShare: null, channels: {} });
  });

  it('Kaggle (synthetic): 1–5 ratings, "Social media", multi-line quoted text', async () => {
    const report = runJson<Report>(['metrics', KAGGLE, '--map', 'examples/kaggle-synthetic.map.json', '--skip-invalid']);
    expect(report.input).toMatchObject({ rowsRead: 999, rejectsByReason: { 'missing creation date': 331, 'solved before created': 156 } });
    const rows = await expected(`
      SELECT "Product Purchased" AS org,
        CASE "Ticket Channel" WHEN 'Email' THEN 'email' WHEN 'Chat' THEN 'chat' WHEN 'Phone' THEN 'phone' WHEN 'Social media' THEN 'social' ELSE 'other' END AS channel,
        "First Response Time"::TIMESTAMP AS created, nullif("Time to Resolution", '')::TIMESTAMP AS solved,
        CASE WHEN nullif("Customer Satisfaction Rating", '') IS NULL THEN NULL WHEN "Customer Satisfaction Rating"::DOUBLE >= 4 THEN 'good' ELSE 'bad' END AS rating
      FROM read_csv('${KAGGLE}', all_varchar = true)
      WHERE nullif("First Response Time", '') IS NOT NULL
        AND (nullif("Time to Resolution", '') IS NULL OR "Time to Resolution"::TIMESTAMP >= "First Response Time"::TIMESTAMP)`);
    compare(report, rows);
    for (const row of rows.filter((r) => r.channel === '*')) {
      const org = report.organizations.find((o) => o.name === row.org)!;
      expect(org.metrics.csatRated).toBe(row.good + row.bad);
      relativeClose(org.metrics.csat, row.good + row.bad === 0 ? null : row.good / (row.good + row.bad));
    }
  });

  it('a generated 50,000-ticket export, read on two threads: counts, resolution and first-reply medians', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'benchmark-generated-')), 'tickets.csv');
    const fd = openSync(file, 'w');
    writeTicketExport(50_000, 'generic', (chunk) => writeSync(fd, chunk), 7);
    closeSync(fd);
    const result = runCli(['metrics', file, '--format', 'json', '--no-timings', '-q', '--threads', '2'], { env: { BENCHMARK_PARALLEL_MIN_BYTES: '1', BENCHMARK_CORES: '2' } });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    const rows = await expected(`
      SELECT organization AS org, channel, created_at::TIMESTAMP AS created, solved_at::TIMESTAMP AS solved, satisfaction AS rating
      FROM read_csv('${file}', all_varchar = true)`);
    compare(report, rows);
    const frt = await connection.runAndReadAll(
      `SELECT organization AS org, channel, (median(first_reply_minutes::DOUBLE) / 60)::DOUBLE AS m FROM read_csv('${file}', all_varchar = true) GROUP BY ALL`,
    );
    for (const row of frt.getRowObjectsJS() as unknown as { org: string; channel: string; m: number }[]) {
      const channel = report.organizations.find((o) => o.name === row.org)!.channels.find((c) => c.channel === row.channel)!;
      relativeClose(channel.firstReplyMedianHours, row.m);
    }
  });

  it('every dataset classifies with its mapping', () => {
    for (const args of [
      [SF, '--map', 'examples/sf311.map.json', '--skip-invalid'],
      [NYC, '--map', 'examples/nyc311.map.json'],
      [SN, '--map', 'examples/servicenow.map.json'],
      [SN, '--map', 'examples/servicenow-last-row.map.json'],
      [KAGGLE, '--map', 'examples/kaggle-synthetic.map.json', '--skip-invalid'],
    ]) {
      const report = runJson<Report>(['classify', ...args]);
      // Twelve clusters, or fewer (with a warning) where the variables measured leave fewer distinct organisations.
      expect(report.clusters.length).toBeGreaterThanOrEqual(2);
      expect(report.clusters.length).toBeLessThanOrEqual(12);
      if (report.clusters.length < 12) expect(report.warnings.join('\n')).toMatch(/k lowered from 12 to \d+/);
      expect(report.organizations.every((o) => o.cluster !== null && o.archetype !== null)).toBe(true);
    }
  });
});
