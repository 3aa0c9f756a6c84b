import { describe, expect, it } from 'vitest';
import { runJson } from '../helpers.js';
import type { Report } from '../../src/report/report.js';

// Expected values worked by hand from fixtures/hand-worked/tickets.csv.
// Alpha, solved resolutions: 60, 1,500 (25 h) and 3,000 (50 h) minutes; ticket 4 is open.
//   median 1,500 min = 25 h; p90: h = 2 × 0.9 = 1.8 → 1,500 + 0.8 × 1,500 = 2,700 min = 45 h.
//   ≤ 24 h: 1 of 3; ≤ 48 h: 2 of 3 (50 h is over). CSAT: Good, Bad → 1 / 2, 2 rated.
//   Reopened: ticket 2 → 1 / 3 solved. One-touch (≤ 1 reply): tickets 1 and 3 → 2 / 3.
//   Comments per ticket: (1 + 3 + 0) / 3 tickets with a count = 4/3. Agents: ann, bob → 2.
//   FRT minutes 30, 90, 10 → median 30 min = 0.5 h; p90: h = 1.8 → 30 + 0.8 × 60 = 78 min = 1.3 h.
//   Coverage (first replies only, at created + FRT): Mon 1 Jan 09 h (09:30), 11 h (11:30), Sat 6 Jan 12 h
//   (12:10). The period (1 Jan 09:00 → 6 Jan 12:00, 5.125 days) is under a week: each of those hours of the
//   week occurs once in it, so one week of activity is at least half → 2 weekday hours, 1 weekend hour.
//   (Solves at Mon 10 h, Tue 11 h and Mon 8 Jan 14 h are not activity: they depend on how long tickets wait.)
//   Tickets per month: 4 tickets ÷ (5.125 / 30.4375 months).
// Beta: one ticket, resolution from the exported 120 minutes = 2 h; rating 5 → good.
describe('hand-worked metrics', () => {
  const report = runJson<Report>(['metrics', 'fixtures/hand-worked/tickets.csv']);
  const alpha = report.organizations.find((o) => o.name === 'Alpha')!;
  const beta = report.organizations.find((o) => o.name === 'Beta')!;

  it('accounts for every row', () => {
    expect(report.input).toMatchObject({ rowsRead: 5, rowsUsed: 5, rowsRejected: 0, rejectsByReason: {}, organizations: 2 });
    expect(report.input.files).toEqual([{ file: 'fixtures/hand-worked/tickets.csv', format: 'generic' }]);
  });

  it('computes the organisation metrics', () => {
    const m = alpha.metrics;
    expect(m).toMatchObject({ tickets: 4, solvedTickets: 3, openTickets: 1, agents: 2, csat: 0.5, csatRated: 2, weekdayHours: 2, weekendHours: 1 });
    expect(m.resolutionMedianHours).toBeCloseTo(25, 12);
    expect(m.resolutionP90Hours).toBeCloseTo(45, 12);
    expect(m.firstReplyMedianHours).toBeCloseTo(0.5, 12);
    expect(m.firstReplyP90Hours).toBeCloseTo(1.3, 12);
    expect(m.resolvedWithin24hShare).toBeCloseTo(1 / 3, 12);
    expect(m.resolvedWithin48hShare).toBeCloseTo(2 / 3, 12);
    expect(m.reopenRate).toBeCloseTo(1 / 3, 12);
    expect(m.oneTouchRate).toBeCloseTo(2 / 3, 12);
    expect(m.commentsPerTicket).toBeCloseTo(4 / 3, 12);
    expect(m.ticketsPerMonth).toBeCloseTo(4 / (5.125 / 30.4375), 9);
    expect(m.ticketsPerAgent).toBeCloseTo(2 / (5.125 / 30.4375), 9);
  });

  it('normalises channels and computes them separately', () => {
    expect(alpha.channels.map((c) => [c.channel, c.tickets, c.solvedTickets])).toEqual([
      ['email', 2, 2],
      ['chat', 2, 1],
    ]);
    const email = alpha.channels[0]!;
    expect(email.share).toBe(0.5);
    expect(email.resolutionMedianHours).toBeCloseTo((1 + 25) / 2, 12);
    expect(email.csat).toBe(0.5);
  });

  it('uses an exported resolution time when there is no solve date', () => {
    expect(beta.metrics).toMatchObject({ tickets: 1, solvedTickets: 1, openTickets: 0, csat: 1, resolutionMedianHours: 2 });
    expect(beta.channels[0]!.channel).toBe('phone');
  });
});
