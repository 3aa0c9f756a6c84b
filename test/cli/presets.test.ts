import { describe, expect, it } from 'vitest';
import { runJson } from '../helpers.js';
import type { Report } from '../../src/report/report.js';

// Expected values worked by hand from the fixture rows.
describe('zendesk preset', () => {
  it('benchmarks the support team (Group) by default, and the requester\'s company only when asked (--by)', () => {
    const byTeam = runJson<Report>(['metrics', 'fixtures/zendesk/tickets.csv']);
    expect(byTeam.input.unit).toBe('column Group');
    // Tickets 101–104 are group Support, 105–106 Tier 2.
    expect(byTeam.organizations.map((o) => [o.name, o.metrics.tickets])).toEqual([['Support', 4], ['Tier 2', 2]]);
    const byCompany = runJson<Report>(['metrics', 'fixtures/zendesk/tickets.csv', '--by', 'Organization']);
    expect(byCompany.input.unit).toBe('column Organization');
    expect(byCompany.organizations.map((o) => [o.name, o.metrics.tickets])).toEqual([['Acme', 4], ['Bolt', 2]]);
    // The same tickets, so the same metrics under either name.
    expect(byTeam.organizations[0]!.metrics).toEqual(byCompany.organizations[0]!.metrics);
  });

  it('is recognised from the header (any case) and uses the calendar columns by default', () => {
    const report = runJson<Report>(['metrics', 'fixtures/zendesk/tickets.csv', '--by', 'Organization']);
    expect(report.input.files[0]!.format).toBe('zendesk');
    const acme = report.organizations.find((o) => o.name === 'Acme')!;
    // Full resolution (calendar): 120, 2,880, 30 minutes → median 120 min = 2 h; ticket 104 is open.
    expect(acme.metrics).toMatchObject({ tickets: 4, solvedTickets: 3, openTickets: 1, resolutionMedianHours: 2, agents: 2 });
    // First reply (calendar): 30, 600, 2 → median 30 min.
    expect(acme.metrics.firstReplyMedianHours).toBe(0.5);
    // Good, Bad, Offered (unrated), Not Offered (unrated) → 1 of 2.
    expect(acme.metrics).toMatchObject({ csat: 0.5, csatRated: 2, reopenRate: 1 / 3 });
    expect(acme.channels.map((c) => c.channel)).toEqual(['email', 'web', 'chat', 'phone']);
    const bolt = report.organizations.find((o) => o.name === 'Bolt')!;
    expect(bolt.channels.map((c) => c.channel)).toEqual(['api', 'social']);
    expect(bolt.metrics.csat).toBe(1);
  });

  it('--hours business takes the "within business hours" columns', () => {
    const report = runJson<Report>(['metrics', 'fixtures/zendesk/tickets.csv', '--hours', 'business', '--by', 'Organization']);
    const acme = report.organizations.find((o) => o.name === 'Acme')!;
    // Business-hours full resolution 60, 960, 30 → median 60 min; first reply 20, 240, 2 → median 20 min.
    expect(acme.metrics.resolutionMedianHours).toBe(1);
    expect(acme.metrics.firstReplyMedianHours).toBeCloseTo(20 / 60, 12);
    expect(report.input.hours).toBe('business');
  });
});

describe('freshdesk preset', () => {
  it('benchmarks the support team (Group) by default; --by "Company Name" gives the customers', () => {
    const byTeam = runJson<Report>(['metrics', 'fixtures/freshdesk/tickets.csv']);
    expect(byTeam.input.unit).toBe('column Group');
    expect(byTeam.organizations.map((o) => [o.name, o.metrics.tickets])).toEqual([['Support', 4]]);
    const byCompany = runJson<Report>(['metrics', 'fixtures/freshdesk/tickets.csv', '--by', 'Company Name']);
    expect(byCompany.organizations.map((o) => [o.name, o.metrics.tickets])).toEqual([['Globex', 3], ['Initech', 1]]);
  });

  it('calendar hours: resolution from the timestamps, first reply unknown (the export has business hours only)', () => {
    const report = runJson<Report>(['metrics', 'fixtures/freshdesk/tickets.csv', '--by', 'Company Name']);
    expect(report.input.files[0]!.format).toBe('freshdesk');
    const globex = report.organizations.find((o) => o.name === 'Globex')!;
    // Resolved − created: 6 h and 48 h → median 27 h; ticket 3 is open.
    expect(globex.metrics).toMatchObject({ tickets: 3, solvedTickets: 2, openTickets: 1, resolutionMedianHours: 27 });
    // No first reply in the whole export: said once, left out of each organisation.
    expect(report.unmeasured.metrics).toContain('firstReplyMedianHours');
    expect(globex.metrics).not.toHaveProperty('firstReplyMedianHours');
    // Extremely Happy (good), Unhappy (bad).
    expect(globex.metrics).toMatchObject({ csat: 0.5, csatRated: 2 });
    expect(globex.channels.map((c) => c.channel)).toEqual(['email', 'web', 'chat']);
    const initech = report.organizations.find((o) => o.name === 'Initech')!;
    expect(initech.metrics).toMatchObject({ csat: 0, csatRated: 1, commentsPerTicket: 1, oneTouchRate: 1 });
  });

  it('business hours: the "(in hrs)" columns, as HH:MM:SS or decimals', () => {
    const report = runJson<Report>(['metrics', 'fixtures/freshdesk/tickets.csv', '--hours', 'business', '--by', 'Company Name']);
    const globex = report.organizations.find((o) => o.name === 'Globex')!;
    // Resolution 06:00:00 and 16 (hours) → median 11 h; first response 01:30:00 and 0.5 → median 1 h.
    expect(globex.metrics.resolutionMedianHours).toBe(11);
    expect(globex.metrics.firstReplyMedianHours).toBe(1);
  });

  it('--preset forces a format', () => {
    const report = runJson<Report>(['metrics', 'fixtures/freshdesk/tickets.csv', '--preset', 'freshdesk']);
    expect(report.input.files[0]!.format).toBe('freshdesk');
  });
});

describe('mapping files', () => {
  it('a 12-hour US date format, a time zone, missing-value tokens and channel names', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'benchmark-map-'));
    writeFileSync(
      join(dir, 'export.csv'),
      'Case,Team,Origin,Opened,Closed\n1,North,Hotline,03/09/2024 11:00:00 PM,03/10/2024 04:00:00 AM\n2,North,Hotline,03/09/2024 01:00:00 PM,-\n3,South,Letter,11/02/2024 11:00:00 PM,11/03/2024 03:00:00 AM\n',
    );
    writeFileSync(
      join(dir, 'map.json'),
      JSON.stringify({
        columns: { ticket_id: 'Case', organization: 'Team', channel: 'Origin', created_at: 'Opened', solved_at: 'Closed' },
        dateFormat: 'MM/DD/YYYY hh:mm:ss A',
        timezone: 'America/Chicago',
        missing: ['-'],
        channels: { Hotline: 'phone' },
      }),
    );
    const report = runJson<Report>(['metrics', join(dir, 'export.csv'), '--map', join(dir, 'map.json')]);
    const north = report.organizations.find((o) => o.name === 'North')!;
    // 2024-03-09 23:00 CST → 2024-03-10 04:00 CDT: clocks went forward at 02:00, so 4 hours, not 5.
    expect(north.metrics).toMatchObject({ tickets: 2, solvedTickets: 1, openTickets: 1, resolutionMedianHours: 4 });
    expect(north.channels[0]!.channel).toBe('phone');
    // 2024-11-02 23:00 CDT → 2024-11-03 03:00 CST: clocks went back at 02:00, so 5 hours, not 4.
    const south = report.organizations.find((o) => o.name === 'South')!;
    expect(south.metrics.resolutionMedianHours).toBe(5);
    // "Letter" is postal mail in the built-in list.
    expect(south.channels[0]!.channel).toBe('mail');
  });
});
