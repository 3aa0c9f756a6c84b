// A planted population: organisations drawn from the four archetypes' profiles (docs/method.md), three variants of
// each, generated deterministically, with the archetype every organisation was planted as. The profiles are
// written from the method's table of typical profiles, not from the fold's signature weights.

import { Random } from '../src/cluster/rng.js';

export const PLANTED_ARCHETYPES = ['Relationship Builders', 'Masters of Complexity', 'Late Bloomers', 'Captains of Scale'] as const;

interface Profile {
  archetype: (typeof PLANTED_ARCHETYPES)[number];
  /** Medians: tickets per month, agents, comments per ticket, weekday and weekend hours, business rules, self-service ratio. */
  volume: number;
  agents: number;
  comments: number;
  weekday: number;
  weekend: number;
  rules: number;
  selfService: number;
  csat: number;
  firstReplyHours: number;
  resolutionHours: number;
}

// Three variants per archetype (volume and one more trait apart), so that twelve clusters have something to find.
const PROFILES: Profile[] = [
  // Relationship Builders: low volume, small team, few tickets per agent; first replies can be slow; CSAT high.
  { archetype: 'Relationship Builders', volume: 12, agents: 2, comments: 2.5, weekday: 40, weekend: 0.5, rules: 8, selfService: 1, csat: 0.97, firstReplyHours: 10, resolutionHours: 30 },
  { archetype: 'Relationship Builders', volume: 25, agents: 4, comments: 3, weekday: 45, weekend: 2, rules: 12, selfService: 0.8, csat: 0.96, firstReplyHours: 14, resolutionHours: 36 },
  // A one- or two-person team: few tickets, yet not few per agent.
  { archetype: 'Relationship Builders', volume: 30, agents: 1, comments: 2.2, weekday: 45, weekend: 1, rules: 6, selfService: 0.6, csat: 0.95, firstReplyHours: 16, resolutionHours: 40 },
  // Masters of Complexity: many comments per ticket, many agents (low tickets per agent), sophisticated setup; CSAT kept high.
  { archetype: 'Masters of Complexity', volume: 120, agents: 18, comments: 7, weekday: 60, weekend: 6, rules: 50, selfService: 2, csat: 0.93, firstReplyHours: 3, resolutionHours: 80 },
  { archetype: 'Masters of Complexity', volume: 250, agents: 35, comments: 9, weekday: 70, weekend: 10, rules: 70, selfService: 2.5, csat: 0.94, firstReplyHours: 2.5, resolutionHours: 100 },
  // Heavy back-and-forth on a lean setup: many comments and agents, few rules, office hours.
  { archetype: 'Masters of Complexity', volume: 300, agents: 30, comments: 11, weekday: 45, weekend: 1, rules: 15, selfService: 0.8, csat: 0.92, firstReplyHours: 5, resolutionHours: 120 },
  // Late Bloomers: any size; workload outruns strategy and resources (little automation or self-service, thin hours); slowest, lowest CSAT.
  { archetype: 'Late Bloomers', volume: 200, agents: 3, comments: 3, weekday: 35, weekend: 0.5, rules: 2, selfService: 0.2, csat: 0.74, firstReplyHours: 30, resolutionHours: 130 },
  { archetype: 'Late Bloomers', volume: 500, agents: 6, comments: 3.5, weekday: 40, weekend: 1, rules: 4, selfService: 0.3, csat: 0.78, firstReplyHours: 24, resolutionHours: 110 },
  { archetype: 'Late Bloomers', volume: 90, agents: 2, comments: 2.5, weekday: 30, weekend: 0.2, rules: 1, selfService: 0.1, csat: 0.7, firstReplyHours: 40, resolutionHours: 160 },
  // Captains of Scale: very high volume, heavy automation and self-service, broad hours incl. weekends; CSAT high despite volume.
  { archetype: 'Captains of Scale', volume: 2000, agents: 40, comments: 1.8, weekday: 100, weekend: 30, rules: 250, selfService: 15, csat: 0.94, firstReplyHours: 1, resolutionHours: 10 },
  { archetype: 'Captains of Scale', volume: 5000, agents: 90, comments: 1.5, weekday: 120, weekend: 45, rules: 400, selfService: 20, csat: 0.95, firstReplyHours: 0.7, resolutionHours: 8 },
  { archetype: 'Captains of Scale', volume: 1000, agents: 25, comments: 2, weekday: 90, weekend: 20, rules: 180, selfService: 10, csat: 0.93, firstReplyHours: 1.5, resolutionHours: 14 },
];

export interface PlantedPopulation {
  /** The organisation table as CSV (organization + every study variable + performance). */
  csv: string;
  /** Organisation name → the archetype it was planted as. */
  planted: Map<string, string>;
}

/**
 * `perProfile` organisations per variant (12 variants), each variable the variant's median times a log-normal
 * factor (σ = `spread`), bounded where the variable is (hours per week, CSAT). `columns` chooses which columns
 * the table has (all by default).
 */
export function plantedPopulation(options: { perProfile?: number; seed?: number; spread?: number; columns?: readonly string[] } = {}): PlantedPopulation {
  const perProfile = options.perProfile ?? 50;
  const generator = new Random(options.seed ?? 2015);
  const random = (): number => generator.next();
  const spread = options.spread ?? 0.25;
  const normal = (): number => Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12))) * Math.cos(2 * Math.PI * random());
  const around = (median: number): number => median * Math.exp(spread * normal());
  const all = ['tickets_per_month', 'tickets_per_agent', 'comments_per_ticket', 'weekday_hours', 'weekend_hours', 'agents', 'business_rules', 'self_service_ratio', 'csat', 'first_reply_median_hours', 'resolution_median_hours'];
  const columns = options.columns ?? all;
  const lines = [['organization', ...columns].join(',')];
  const planted = new Map<string, string>();
  let id = 0;
  for (let round = 0; round < perProfile; round++) {
    for (const p of PROFILES) {
      const name = `org-${String(id++).padStart(4, '0')}`;
      planted.set(name, p.archetype);
      const volume = around(p.volume);
      const agents = Math.max(1, Math.round(around(p.agents)));
      const values: Record<string, number> = {
        tickets_per_month: volume,
        tickets_per_agent: volume / agents,
        comments_per_ticket: around(p.comments),
        weekday_hours: Math.min(120, around(p.weekday)),
        weekend_hours: Math.min(48, around(p.weekend)),
        agents,
        business_rules: Math.round(around(p.rules)),
        self_service_ratio: around(p.selfService),
        csat: Math.min(1, around(p.csat)),
        first_reply_median_hours: around(p.firstReplyHours),
        resolution_median_hours: around(p.resolutionHours),
      };
      lines.push([name, ...columns.map((c) => Number(values[c]!.toPrecision(6)))].join(','));
    }
  }
  return { csv: `${lines.join('\n')}\n`, planted };
}

/**
 * Adjusted Rand index of two labelings (Hubert and Arabie, 1985), as scikit-learn's adjusted_rand_score:
 * 1 for identical partitions, about 0 for independent ones. O(n + r·c).
 */
export function adjustedRandIndex(a: readonly string[], b: readonly string[]): number {
  if (a.length !== b.length) throw new Error('labelings differ in length');
  const n = a.length;
  const table = new Map<string, number>();
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]}\u0000${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(a[i]!, (rows.get(a[i]!) ?? 0) + 1);
    cols.set(b[i]!, (cols.get(b[i]!) ?? 0) + 1);
  }
  const pairs = (x: number): number => (x * (x - 1)) / 2;
  let index = 0;
  for (const v of table.values()) index += pairs(v);
  let sumRows = 0;
  for (const v of rows.values()) sumRows += pairs(v);
  let sumCols = 0;
  for (const v of cols.values()) sumCols += pairs(v);
  const expected = (sumRows * sumCols) / pairs(n);
  const max = (sumRows + sumCols) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
