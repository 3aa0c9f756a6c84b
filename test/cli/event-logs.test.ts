// Event logs (a mapping's "events"): tickets made from status changes across several files, checked against a
// log small enough to work by hand (the expected figures are worked out in the comments below).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { hasStackTrace, runCli, runJson } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'benchmark-events-'));
const HEADER = 'case,when,state,team,via,agent';
// C3's first event is in the second file, and C1's last: events are ordered by time, across files.
const A = join(dir, 'events-a.csv');
writeFileSync(
  A,
  [
    HEADER,
    'C1,2024-03-01 09:00,New,Alpha,Email,ann',
    'C1,2024-03-01 11:00,Resolved,Alpha,Email,ann',
    'C2,2024-03-02 08:00,New,Alpha,Phone,bob',
    'C2,2024-03-02 10:00,Resolved,Alpha,Phone,bob',
    'C2,2024-03-02 12:00,Active,Beta,Phone,cy',
    'C3,2024-03-03 10:00,Resolved,Beta,Chat,dee',
  ].join('\n') + '\n',
);
const B = join(dir, 'events-b.csv');
writeFileSync(
  B,
  [HEADER, 'C2,2024-03-02 15:00,closed,Beta,Phone,cy', 'C3,2024-03-03 07:00,New,Alpha,Chat,eve', 'C4,2024-03-04 09:00,New,Beta,Email,fay', 'C1,2024-03-01 13:00,Active,Alpha,Email,ann'].join('\n') + '\n',
);

function mapping(events: object, extra: object = {}): string {
  const file = join(dir, `map-${Math.random().toString(36).slice(2)}.json`);
  const columns = { ticket_id: 'case', timestamp: 'when', status: 'state', organization: 'team', channel: 'via', assignee: 'agent' };
  writeFileSync(file, JSON.stringify({ columns, events, ...extra }));
  return file;
}

const org = (report: Report, name: string) => report.organizations.find((o) => o.name === name)!;

describe('event logs', () => {
  it('makes one ticket per case: created at its first event, solved at its first solved event, attributes from its last', () => {
    // C1: New 09:00, Resolved 11:00, Active 13:00 → open (its last event is not solved), 1 reopen; Alpha, email.
    // C2: New 08:00, Resolved 10:00, Active 12:00, closed 15:00 (case ignored) → solved at 10:00: 2 h; 1 reopen; Beta, phone.
    // C3: New 07:00 (second file), Resolved 10:00 → 3 h; Beta, chat (its last event).
    // C4: New 09:00 → open; Beta, email.
    const report = runJson<Report>(['metrics', A, B, '--map', mapping({ solved: ['Resolved', 'Closed'] })]);
    expect(report.input).toMatchObject({ rowsRead: 10, rowsUsed: 10, rowsRejected: 0 });
    expect(report.input.eventLog).toEqual({ solved: ['Resolved', 'Closed'], solvedAt: 'first', attributesFrom: 'last', events: 10, tickets: 4 });
    expect(org(report, 'Alpha').metrics).toMatchObject({ tickets: 1, solvedTickets: 0, openTickets: 1, resolutionMedianHours: null });
    // The table and Markdown reports say how the log became tickets.
    const table = runCli(['metrics', A, B, '--map', mapping({ solved: ['Resolved', 'Closed'] }), '-q']);
    expect(table.stdout).toContain('event log: 10 events of 4 cases; solved at the first event with status "Resolved" or "Closed" when the latest is one; organisation and channel from the last event');
    expect(org(report, 'Beta').metrics).toMatchObject({ tickets: 3, solvedTickets: 2, openTickets: 1, resolutionMedianHours: 2.5, reopenRate: 0.5, agents: 3 });
    expect(org(report, 'Beta').channels.map((c) => [c.channel, c.tickets, c.resolutionMedianHours])).toEqual([
      ['email', 1, null],
      ['chat', 1, 3],
      ['phone', 1, 2],
    ]);
  });

  it('solvedAt "last" takes the last solved event; attributesFrom "first" the first event', () => {
    // Solved at the last solved event: C2 at 15:00 (7 h), C3 at 10:00 (3 h): Beta's median 5 h.
    const last = runJson<Report>(['metrics', A, B, '--map', mapping({ solved: ['Resolved', 'Closed'], solvedAt: 'last' })]);
    expect(org(last, 'Beta').metrics).toMatchObject({ tickets: 3, solvedTickets: 2, resolutionMedianHours: 5 });
    // From the first event: C1, C2 (08:00, Alpha) and C3 (07:00, Alpha, eve) are Alpha's; C4 Beta's.
    const first = runJson<Report>(['metrics', A, B, '--map', mapping({ solved: ['Resolved', 'Closed'], attributesFrom: 'first' })]);
    expect(org(first, 'Alpha').metrics).toMatchObject({ tickets: 3, solvedTickets: 2, resolutionMedianHours: 2.5, agents: 3 });
    expect(org(first, 'Beta').metrics).toMatchObject({ tickets: 1, solvedTickets: 0 });
  });

  it('rejects a case with its rows together, and a case solved before it was created is bad input naming the solved event', () => {
    // With a created_at column: C3 created at 11:00 but resolved at 10:00.
    const file = join(dir, 'created.csv');
    writeFileSync(file, 'case,when,state,team,opened\nC1,2024-03-01 09:00,New,Alpha,2024-03-01 08:00\nC1,2024-03-01 10:00,Resolved,Alpha,2024-03-01 08:00\nC3,2024-03-03 10:00,Resolved,Beta,2024-03-03 11:00\nC3,2024-03-03 09:00,New,,2024-03-03 11:00\n');
    const map = join(dir, 'created.json');
    writeFileSync(map, JSON.stringify({ columns: { ticket_id: 'case', timestamp: 'when', status: 'state', organization: 'team', created_at: 'opened' }, events: { solved: ['Resolved'] } }));
    const bad = runCli(['metrics', file, '--map', map, '-q']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4: case "C3" is solved before it was created: this solved event is 1.00 h before the creation time of its first event \\(line 5\\)`));
    expect(hasStackTrace(bad.stderr)).toBe(false);
    const skipped = runJson<Report>(['metrics', file, '--map', map, '--skip-invalid']);
    // C1: created 08:00 (its created_at), solved 10:00 → 2 h; C3's two rows rejected together.
    expect(skipped.input).toMatchObject({ rowsRead: 4, rowsUsed: 2, rowsRejected: 2, rejectsByReason: { 'solved before created': 2 } });
    expect(org(skipped, 'Alpha').metrics.resolutionMedianHours).toBe(2);
  });

  it('a mapping without the columns an event log needs, or with a solve-time column, is refused', () => {
    const missing = join(dir, 'missing.json');
    writeFileSync(missing, JSON.stringify({ columns: { ticket_id: 'case', organization: 'team' }, events: { solved: ['Resolved'] } }));
    const r1 = runCli(['metrics', A, '--map', missing]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain('events: an event log needs the columns "timestamp", "status" in "columns"');
    const solvedAt = mapping({ solved: ['Resolved'] }, { columns: { ticket_id: 'case', timestamp: 'when', status: 'state', organization: 'team', solved_at: 'when' } });
    const r2 = runCli(['metrics', A, '--map', solvedAt]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('leave "solved_at" out of "columns"');
  });

  it('an export with several rows per ticket read with dedupe last-by-id is said to look like an event log', () => {
    const map = join(dir, 'dedupe.json');
    writeFileSync(map, JSON.stringify({ columns: { ticket_id: 'case', created_at: 'when', organization: 'team', channel: 'via' }, dedupe: 'last-by-id' }));
    const report = runJson<Report>(['metrics', A, B, '--map', map]);
    expect(report.warnings.join('\n')).toContain('10 rows for 4 tickets (2.5 a ticket): this looks like an event log');
    // One row per ticket: no warning.
    const once = join(dir, 'once.csv');
    writeFileSync(once, `${HEADER}\nC1,2024-03-01 09:00,New,Alpha,Email,ann\nC2,2024-03-01 09:00,New,Alpha,Email,ann\nC2,2024-03-01 10:00,New,Alpha,Email,ann\n`);
    expect(runJson<Report>(['metrics', once, '--map', map]).warnings).toEqual([]);
  });
});
