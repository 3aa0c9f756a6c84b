// Features free of performance: metamorphic tests through the real binary. Coverage hours describe when a team
// works (hours of the week with first replies in at least half the weeks), so a team that gets slower does not
// look better staffed, and twice the tickets in the same working hours do not make it "open longer".

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/cluster/rng.js';
import type { Report } from '../../src/report/report.js';
import { runJson } from '../helpers.js';

const HOUR = 3_600_000;
const START = Date.UTC(2025, 0, 6); // Monday 6 January 2025
const WEEKS = 8;

interface Team {
  name: string;
  /** Tickets per week. */
  volume: number;
  /** Working hours: [first, last) hour of day, and whether weekends are worked. */
  hours: [number, number];
  weekends: boolean;
  agents: number;
}

const TEAMS: Team[] = [
  { name: 'Office', volume: 120, hours: [9, 17], weekends: false, agents: 4 },
  { name: 'Extended', volume: 300, hours: [7, 21], weekends: false, agents: 9 },
  { name: 'Round the clock', volume: 900, hours: [0, 24], weekends: true, agents: 30 },
  { name: 'Weekend shop', volume: 200, hours: [10, 18], weekends: true, agents: 6 },
  { name: 'Small', volume: 60, hours: [9, 13], weekends: false, agents: 2 },
  { name: 'Late shift', volume: 150, hours: [14, 22], weekends: false, agents: 5 },
  // About one reply every four working hours: too sparse to be seen in every hour it works.
  { name: 'Sparse', volume: 10, hours: [9, 17], weekends: false, agents: 1 },
];

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Tickets for the teams over WEEKS weeks: created any time, first replied to at a random moment of the team's
 * working hours within three days of creation (2% within a few minutes whatever the hour, as real teams
 * sometimes do); solved `slow` × a base duration after the reply (slowed only for `slowed` teams). `copies`
 * draws that many times the tickets (each drawn anew: other creation times, other moments of the same hours).
 */
function tickets(options: { slow?: number; slowed?: ReadonlySet<string>; copies?: number } = {}): string {
  const lines = ['ticket_id,organization,channel,created_at,solved_at,first_reply_minutes,replies,assignee'];
  let id = 1;
  for (const team of TEAMS) {
    const generator = new Random(team.name.length * 7919 + team.volume);
    const random = (): number => generator.next();
    const isWorking = (ms: number): boolean => {
      const d = new Date(ms);
      const day = d.getUTCDay();
      const h = d.getUTCHours();
      return (team.weekends || (day !== 0 && day !== 6)) && h >= team.hours[0] && h < team.hours[1];
    };
    for (let i = 0; i < team.volume * WEEKS * (options.copies ?? 1); i++) {
      const created = START + Math.floor(random() * WEEKS * 7 * 24 * 60) * 60_000;
      const base = (0.5 + 20 * random()) * HOUR;
      const factor = options.slowed?.has(team.name) ? (options.slow ?? 1) : 1;
      const agent = `a${1 + Math.floor(random() * team.agents)}`;
      let reply = created + Math.floor(random() * 30) * 60_000;
      if (random() >= 0.02) {
        // A moment of the working hours within three days, drawn uniformly (rejection sampling, by the minute).
        do reply = created + Math.floor(random() * 3 * 24 * 60) * 60_000;
        while (!isWorking(reply));
      }
      const solved = reply + factor * base;
      lines.push([id++, team.name, 'email', iso(created), iso(solved), Math.round((reply - created) / 60_000), 2, agent].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'benchmark-coverage-'));
function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function byName(report: Report): Map<string, Report['organizations'][number]> {
  return new Map(report.organizations.map((o) => [o.name, o]));
}

const FEATURES = ['ticketsPerMonth', 'ticketsPerAgent', 'commentsPerTicket', 'weekdayHours', 'weekendHours', 'agents'] as const;

describe('coverage hours are free of performance', () => {
  const base = write('base.csv', tickets());
  const baseline = runJson<Report>(['classify', base, '--k', '3']);

  it('measures the working hours each team keeps', () => {
    const hours = byName(baseline);
    // Office: Monday–Friday 9–17 → 40 weekday hours, none at weekends; round the clock: 120 and 48.
    expect([hours.get('Office')!.metrics.weekdayHours, hours.get('Office')!.metrics.weekendHours]).toEqual([40, 0]);
    expect([hours.get('Round the clock')!.metrics.weekdayHours, hours.get('Round the clock')!.metrics.weekendHours]).toEqual([120, 48]);
    expect([hours.get('Weekend shop')!.metrics.weekdayHours, hours.get('Weekend shop')!.metrics.weekendHours]).toEqual([40, 16]);
    expect([hours.get('Small')!.metrics.weekdayHours, hours.get('Small')!.metrics.weekendHours]).toEqual([20, 0]);
    // Too sparse to reply in every working hour in most weeks: it shows fewer hours than it keeps, never more.
    expect(hours.get('Sparse')!.metrics.weekdayHours).toBeLessThan(40);
    expect(hours.get('Sparse')!.metrics.weekendHours).toBe(0);
  });

  it('later solved_at, everything else equal, leaves every feature and cluster unchanged', () => {
    const slowed = new Set(['Office', 'Extended']);
    const slower = runJson<Report>(['classify', write('slower.csv', tickets({ slow: 1.6, slowed })), '--k', '3']);
    const before = byName(baseline);
    for (const o of slower.organizations) {
      const b = before.get(o.name)!;
      for (const f of FEATURES) expect(o.metrics[f], `${o.name} ${f}`).toBe(b.metrics[f]);
      expect(o.cluster, o.name).toBe(b.cluster);
    }
    // Typical performance is evidence for an archetype (never a clustering input): slower members can only move
    // their cluster towards Late Bloomers and away from Captains of Scale, never the other way. (Other clusters
    // may move the other way: percentiles are relative, and the slowed teams make the rest look faster.)
    const slowedClusters = new Set(slower.organizations.filter((o) => slowed.has(o.name)).map((o) => o.cluster));
    for (const c of slower.clusters.filter((x) => slowedClusters.has(x.id))) {
      const was = baseline.clusters.find((x) => x.id === c.id)!;
      expect(c.scores['Late Bloomers']!, `cluster ${c.id}`).toBeGreaterThanOrEqual(was.scores['Late Bloomers']!);
      expect(c.scores['Captains of Scale']!, `cluster ${c.id}`).toBeLessThanOrEqual(was.scores['Captains of Scale']!);
    }
    // The slowdown is real: resolution is slower for the slowed teams.
    expect(slower.organizations.find((o) => o.name === 'Office')!.metrics.resolutionMedianHours).toBeGreaterThan(before.get('Office')!.metrics.resolutionMedianHours!);
  });

  it('twice the tickets in the same working hours does not make a team open longer', () => {
    const doubled = runJson<Report>(['metrics', write('doubled.csv', tickets({ copies: 2 }))]);
    const before = byName(baseline);
    for (const o of doubled.organizations) {
      const team = TEAMS.find((t) => t.name === o.name)!;
      const kept = { weekday: 5 * (team.hours[1] - team.hours[0]), weekend: team.weekends ? 2 * (team.hours[1] - team.hours[0]) : 0 };
      expect(o.metrics.tickets).toBe(2 * before.get(o.name)!.metrics.tickets!);
      // Never more than the hours the team keeps, whatever the volume (its 2% of off-hour replies stay sparse) …
      expect(o.metrics.weekdayHours!, o.name).toBeLessThanOrEqual(kept.weekday);
      expect(o.metrics.weekendHours!, o.name).toBeLessThanOrEqual(kept.weekend);
      // … and for every team that replies in its working hours in most weeks, exactly those hours, before and after.
      if (o.name !== 'Sparse') {
        expect([o.metrics.weekdayHours, o.metrics.weekendHours], o.name).toEqual([kept.weekday, kept.weekend]);
        expect([before.get(o.name)!.metrics.weekdayHours, before.get(o.name)!.metrics.weekendHours], o.name).toEqual([kept.weekday, kept.weekend]);
      }
    }
  });
});
