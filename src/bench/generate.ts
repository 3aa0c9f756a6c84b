// Deterministic synthetic inputs for benchmarks: organisation tables of any size, drawn from 12 latent profiles.

import { Random } from '../cluster/rng.js';

/** A standard normal draw (Box–Muller) from the seeded generator. */
function normal(random: Random): number {
  const u = Math.max(random.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

/**
 * An organisation table (CSV text) with `n` rows: the eight clustering variables and three performance
 * columns. Rows come from 12 latent profiles (log-normal around each profile's medians), so the clustering has
 * real structure to find. Same `n` and seed → the same bytes. O(n).
 */
export function generateOrgTable(n: number, seed = 1): string {
  const random = new Random(seed, 0xbe7c);
  const profiles = Array.from({ length: 12 }, () => ({
    volume: Math.exp(2 + random.next() * 5),
    perAgent: Math.exp(1.5 + random.next() * 3),
    comments: 1 + random.next() * 6,
    weekday: 20 + random.next() * 100,
    weekend: random.next() < 0.4 ? 0 : random.next() * 48,
    rules: Math.exp(random.next() * 5.5),
    selfService: Math.exp(random.next() * 3) - 0.9,
    frt: Math.exp(random.next() * 3.5),
    resolution: Math.exp(1 + random.next() * 4),
    csat: 0.7 + random.next() * 0.28,
  }));
  const lines = ['organization,tickets_per_month,tickets_per_agent,comments_per_ticket,weekday_hours,weekend_hours,agents,business_rules,self_service_ratio,first_reply_median_hours,resolution_median_hours,csat'];
  const round = (x: number, digits: number): string => x.toFixed(digits);
  for (let i = 0; i < n; i++) {
    const p = profiles[random.int(12)]!;
    const volume = p.volume * Math.exp(0.35 * normal(random));
    const perAgent = p.perAgent * Math.exp(0.3 * normal(random));
    const agents = Math.max(1, Math.round(volume / perAgent));
    lines.push(
      [
        `org-${String(i).padStart(7, '0')}`,
        round(volume, 1),
        round(volume / agents, 2),
        round(Math.max(0.5, p.comments * Math.exp(0.25 * normal(random))), 2),
        round(Math.min(120, Math.max(1, p.weekday + 8 * normal(random))), 1),
        round(Math.min(48, Math.max(0, p.weekend + 4 * normal(random))), 1),
        agents,
        Math.max(0, Math.round(p.rules * Math.exp(0.4 * normal(random)))),
        round(Math.max(0, p.selfService * Math.exp(0.3 * normal(random))), 3),
        round(p.frt * Math.exp(0.5 * normal(random)), 2),
        round(p.resolution * Math.exp(0.5 * normal(random)), 2),
        round(Math.min(1, Math.max(0, p.csat + 0.04 * normal(random))), 3),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
