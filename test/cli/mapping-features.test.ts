// Mapping files' row filters, constant columns, date patterns and due times, each on a small export whose
// expected figures are worked out by hand in the comments.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { hasStackTrace, runCli, runJson } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'benchmark-mapping-'));
let n = 0;
function files(csv: string, mapping: object): [string, string] {
  n++;
  const file = join(dir, `export-${n}.csv`);
  const map = join(dir, `map-${n}.json`);
  writeFileSync(file, csv);
  writeFileSync(map, JSON.stringify(mapping));
  return [file, map];
}
/** The export and its mapping as arguments: FILE --map MAP. */
function args(csv: string, mapping: object): string[] {
  const [file, map] = files(csv, mapping);
  return [file, '--map', map];
}

const EXPORT = [
  'Case,Team,Status,Opened,Closed,Due',
  '1,North,Closed,2024-03-01 09:00,2024-03-01 11:00,2024-03-01 12:00',
  '2,North,Closed (Duplicate),2024-03-01 09:00,2024-03-01 09:30,',
  '3,North,Closed,2024-03-02 09:00,2024-03-02 15:00,2024-03-02 12:00',
  '4,South,Cancelled by test,2024-03-02 10:00,,',
  '5,South,Open,2024-03-02 10:00,,2024-03-02 11:00',
  '6,South,Open,2024-03-04 10:00,,2024-03-09 10:00',
  '7,South,Closed,2024-03-03 08:00,2024-03-03 18:00,2024-03-03 12:00',
].join('\n');
const COLUMNS = { ticket_id: 'Case', organization: 'Team', created_at: 'Opened', solved_at: 'Closed', status: 'Status' };

describe('mapping files', () => {
  it('where: rows left out by a condition are counted under it, and the rest are read', () => {
    const [file, map] = files(EXPORT, { columns: COLUMNS, where: [{ column: 'status', notIn: ['Closed (Duplicate)'] }, { column: 'STATUS', notMatches: 'by test$' }] });
    const report = runJson<Report>(['metrics', file, '--map', map]);
    // Row 2 fails the first condition, row 4 the second: 7 read = 5 used + 2 rejected.
    expect(report.input).toMatchObject({
      rowsRead: 7,
      rowsUsed: 5,
      rowsRejected: 2,
      rejectsByReason: { 'left out by where: status not in ["Closed (Duplicate)"]': 1, 'left out by where: STATUS does not match /by test$/': 1 },
    });
    // North keeps tickets 1 (2 h) and 3 (6 h): median 4 h.
    expect(report.organizations.find((o) => o.name === 'North')!.metrics).toMatchObject({ tickets: 2, resolutionMedianHours: 4 });
    const kept = runJson<Report>(['metrics', ...args(EXPORT, { columns: COLUMNS, where: [{ column: 'Status', in: ['Closed'] }] })]);
    expect(kept.input).toMatchObject({ rowsUsed: 3, rowsRejected: 4 });
  });

  it('where: a column the header lacks is bad input at line 1; a broken regular expression is refused', () => {
    const missing = runCli(['metrics', ...args(EXPORT, { columns: COLUMNS, where: [{ column: 'Priority', in: ['1'] }] })]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain(':1: the column "Priority" that "where" filters on is not in the header');
    const broken = runCli(['metrics', ...args(EXPORT, { columns: COLUMNS, where: [{ column: 'Status', matches: '(' }] })]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/where\.0 \(Status matches \/\(\/\): not a valid regular expression/);
    expect(hasStackTrace(broken.stderr + missing.stderr)).toBe(false);
  });

  it('constant columns: one channel and one organisation for every row, normalised as any value is', () => {
    const [file, map] = files(EXPORT, { columns: { ...COLUMNS, organization: { value: 'Acme' }, channel: { value: 'WhatsApp' } } });
    const report = runJson<Report>(['metrics', file, '--map', map]);
    expect(report.input.unit).toBe('value "Acme"');
    expect(report.organizations.map((o) => [o.name, o.metrics.tickets, o.channels.map((c) => c.channel)])).toEqual([['Acme', 7, ['messaging']]]);
  });

  it('a date pattern reads the export; a value it does not read names the pattern and the value', () => {
    const csv = 'id,team,opened,closed\n1,North,Tue Oct 31 22:10:47 +0000 2017,Wed Nov 01 01:40:47 +0100 2017\n2,North,1.11.2017 10:00,\n';
    const mapping = { columns: { ticket_id: 'id', organization: 'team', created_at: 'opened', solved_at: 'closed' }, dateFormat: 'ddd MMM DD HH:mm:ss ZZ YYYY' };
    const bad = runCli(['metrics', ...args(csv, mapping)]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain(':3: column "opened": expected a date like Fri Mar 01 14:05:09 +0000 2024 (pattern "ddd MMM DD HH:mm:ss ZZ YYYY"), got "1.11.2017 10:00"');
    // 22:10:47 UTC to 00:40:47 UTC (01:40:47 at +01:00): 2.5 h.
    const good = runJson<Report>(['metrics', ...args(csv.split('\n').slice(0, 2).join('\n') + '\n', mapping)]);
    expect(good.organizations[0]!.metrics.resolutionMedianHours).toBe(2.5);
  });

  it('due times: the share solved by them, the median lateness of the rest, and open tickets past due', () => {
    const [file, map] = files(EXPORT, { columns: { ...COLUMNS, due_at: 'Due' } });
    const report = runJson<Report>(['metrics', file, '--map', map]);
    // North: ticket 1 met (11:00 ≤ 12:00), ticket 3 late by 3 h; ticket 2 has no due time.
    expect(report.organizations.find((o) => o.name === 'North')!.sla).toMatchObject({ solvedWithDue: 2, met: 1, metShare: 0.5, lateMedianHours: 3, openPastDue: 0, openWithinDue: 0 });
    // South: ticket 7 late by 6 h; ticket 5 open past its due time (before the period's end, the last creation
    // time 2024-03-04 10:00); ticket 6 open and due after it.
    expect(report.organizations.find((o) => o.name === 'South')!.sla).toMatchObject({ solvedWithDue: 1, met: 0, metShare: 0, lateMedianHours: 6, openPastDue: 1, openWithinDue: 1 });
    const csv = runCli(['metrics', file, '--map', map, '--format', 'csv', '-q']);
    const rows = parse(csv.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.organization === 'North' && r.channel === 'all')).toMatchObject({ sla_solved_with_due: '2', sla_met: '1', sla_met_share: '0.5', sla_late_median_hours: '3' });
    // Without due times, no such columns.
    expect(runCli(['metrics', ...args(EXPORT, { columns: COLUMNS }), '--format', 'csv', '-q']).stdout.split('\n')[0]).not.toContain('sla_');
  });
});
