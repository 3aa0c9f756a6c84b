// The unit (--by COLUMN, --by file) and the period (--from/--to, and the warning when a few tickets stretch it),
// through the real binary on small files whose figures are worked by hand.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { runCli, runJson } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'benchmark-unit-'));
function write(name: string, text: string): string {
  const file = join(dir, name);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
  return file;
}

// Six tickets: two teams (team) serving three customers (organization).
const TICKETS = write(
  'tickets.csv',
  [
    'ticket_id,organization,team,channel,created_at,solved_at',
    '1,Acme,North,email,2025-03-03 09:00,2025-03-03 11:00',
    '2,Acme,South,email,2025-03-04 09:00,2025-03-04 13:00',
    '3,Bolt,North,web,2025-03-05 09:00,2025-03-05 10:00',
    '4,Bolt,North,web,2025-03-06 09:00,2025-03-06 15:00',
    '5,Core,South,chat,2025-03-07 09:00,2025-03-07 09:30',
    '6,Core,South,chat,2025-03-10 09:00,2025-03-10 17:00',
  ].join('\n') + '\n',
);

describe('--by', () => {
  it('defaults to the organization column and says so', () => {
    const report = runJson<Report>(['metrics', TICKETS]);
    expect(report.input.unit).toBe('column organization');
    expect(report.organizations.map((o) => [o.name, o.metrics.tickets])).toEqual([['Acme', 2], ['Bolt', 2], ['Core', 2]]);
    expect(runCli(['metrics', TICKETS]).stdout).toContain('organisations: 3, one per value of column organization;');
  });

  it('takes any column as the unit', () => {
    const report = runJson<Report>(['metrics', TICKETS, '--by', 'team']);
    expect(report.input.unit).toBe('column team');
    // North: tickets 1, 3, 4 (resolutions 2 h, 1 h, 6 h → median 2 h); South: 2, 5, 6 (4 h, 0.5 h, 8 h → 4 h).
    expect(report.organizations.map((o) => [o.name, o.metrics.tickets, o.metrics.resolutionMedianHours])).toEqual([
      ['North', 3, 2],
      ['South', 3, 4],
    ]);
  });

  it('a column the header lacks is bad input naming it, with the closest column', () => {
    const result = runCli(['metrics', TICKETS, '--by', 'teams']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('"teams"');
    expect(result.stderr).toContain('team');
  });

  it('--by file: each input file is one organisation, named after the file', () => {
    const header = 'created_at,solved_at,channel\n';
    const acme = write('clients/acme.csv', `${header}2025-03-03 09:00,2025-03-03 10:00,email\n2025-03-04 09:00,2025-03-04 12:00,email\n`);
    const bolt = write('clients/bolt-ltd.csv.gz', '');
    // A gzip file: the name drops .csv.gz.
    writeFileSync(bolt, gzipSync(`${header}2025-03-05 09:00,2025-03-05 09:30,chat\n`));
    const report = runJson<Report>(['metrics', acme, bolt, '--by', 'file']);
    expect(report.input.unit).toBe('file');
    expect(report.organizations.map((o) => [o.name, o.metrics.tickets, o.metrics.resolutionMedianHours])).toEqual([
      ['acme', 2, 2],
      ['bolt-ltd', 1, 0.5],
    ]);
    expect(report.input.rowsRead).toBe(3);
    expect(runCli(['metrics', acme, bolt, '--by', 'file']).stdout).toContain('organisations: 2, one per input file;');
  });

  it('--by file ignores an organization column, and is refused for organisation tables', () => {
    const report = runJson<Report>(['metrics', TICKETS, '--by', 'file']);
    expect(report.organizations.map((o) => [o.name, o.metrics.tickets])).toEqual([['tickets', 6]]);
    const table = write('orgs.csv', 'organization,tickets_per_month,agents\nA,10,2\nB,20,3\n');
    const result = runCli(['classify', table, '--by', 'file']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--by file: an organisation table has one row per organisation already');
  });
});

describe('--from / --to', () => {
  it('keeps the tickets created in the window, counts the rest under their own reason, and takes the window as the period', () => {
    // 2025-03-04 to 2025-03-07, whole days: tickets 2, 3, 4, 5.
    const report = runJson<Report>(['metrics', TICKETS, '--from', '2025-03-04', '--to', '2025-03-07']);
    expect(report.input).toMatchObject({ rowsRead: 6, rowsUsed: 4, rowsRejected: 2, rejectsByReason: { 'created outside --from/--to': 2 } });
    expect(report.input.window).toEqual({ from: '2025-03-04T00:00:00Z', to: '2025-03-08T00:00:00Z' });
    expect(report.input.period).toMatchObject({ from: '2025-03-04T00:00:00Z', to: '2025-03-08T00:00:00Z' });
    // Four days: Bolt's 2 tickets are 2 ÷ (4 / 30.4375) a month.
    const bolt = report.organizations.find((o) => o.name === 'Bolt')!;
    expect(bolt.metrics.ticketsPerMonth).toBeCloseTo(2 / (4 / 30.4375), 9);
  });

  it('takes instants with offsets, and an open end', () => {
    const report = runJson<Report>(['metrics', TICKETS, '--from', '2025-03-06T09:00:00Z']);
    expect(report.input.rowsUsed).toBe(3);
    expect(report.input.window).toEqual({ from: '2025-03-06T09:00:00Z', to: null });
    const before = runJson<Report>(['metrics', TICKETS, '--to', '2025-03-05T08:00+01:00']);
    // 08:00 at +01:00 is 07:00 UTC on the 5th: tickets 1 and 2.
    expect(before.input.rowsUsed).toBe(2);
  });

  it('reads a date in the time zone of the run', () => {
    // In Tokyo (UTC+9) 2025-03-04 starts at 2025-03-03 15:00 UTC: ticket 1 (09:00 local on the 3rd) is before it.
    const report = runJson<Report>(['metrics', TICKETS, '--from', '2025-03-04', '--tz', 'Asia/Tokyo']);
    expect(report.input.window!.from).toBe('2025-03-03T15:00:00Z');
    expect(report.input.rowsUsed).toBe(5);
  });

  it('refuses a malformed or empty window (exit 2)', () => {
    for (const [args, message] of [
      [['--from', '2025-13-01'], '--from: expected a date such as 2025-09-01'],
      [['--to', 'yesterday'], '--to: expected a date such as 2025-09-01'],
      [['--from', '2025-03-07', '--to', '2025-03-01'], 'leave no time between them'],
    ] as const) {
      const result = runCli(['metrics', TICKETS, ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });
});

describe('the stretched period', () => {
  it('warns when a few tickets stretch the period far beyond the rest, saying how to set it', () => {
    // 200 tickets over three days in March, and 2 from the previous July.
    const lines = ['organization,created_at,solved_at'];
    for (let i = 0; i < 200; i++) lines.push(`Acme,2025-03-0${3 + (i % 3)} ${String(8 + (i % 10)).padStart(2, '0')}:00,`);
    lines.push('Acme,2024-07-01 10:00,', 'Acme,2024-07-02 10:00,');
    const file = write('stretched.csv', `${lines.join('\n')}\n`);
    const report = runJson<Report>(['metrics', file]);
    const warning = report.warnings.find((w) => w.startsWith('the period'));
    expect(warning).toBe(
      'the period 2024-07-01 → 2025-03-05 (8.1 months) is stretched by a few tickets: 98% were created 2025-03-03 → 2025-03-05 (3.0 days); 2 tickets before and 0 tickets after; rates such as tickets per month use the whole period: set it with --from 2025-03-03 --to 2025-03-05',
    );
    // The advice works: with it, no warning and a three-day period.
    const windowed = runJson<Report>(['metrics', file, '--from', '2025-03-03', '--to', '2025-03-05']);
    expect(windowed.warnings.filter((w) => w.startsWith('the period'))).toEqual([]);
    expect(windowed.input.rowsUsed).toBe(200);
  });

  it('says nothing for a period the tickets fill', () => {
    expect(runJson<Report>(['metrics']).warnings.filter((w) => w.startsWith('the period'))).toEqual([]);
  });
});
