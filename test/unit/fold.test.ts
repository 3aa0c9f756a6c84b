import { describe, expect, it } from 'vitest';
import { archetypeSummary, foldClusters, ordinal, scoreSignatures, SIGNATURES, type Performance, type Variable } from '../../src/archetypes/fold.js';
import { FEATURES, type FeatureDef } from '../../src/features/features.js';
import { matrixFromRows } from '../../src/cluster/matrix.js';

const pick = (...names: string[]): FeatureDef[] => names.map((n) => FEATURES.find((f) => f.name === n)!);
const noPerformance = (n: number): Performance[] => Array.from({ length: n }, () => ({ csat: null, firstReplyMedianHours: null, resolutionMedianHours: null }));

describe('scoreSignatures', () => {
  it('scores by hand: weight × direction × (p − 50)/50 over the measured terms, divided by their weight', () => {
    // Relationship Builders: volume low (weight 2.5), agents low (2), tickets per agent low (1), CSAT high (1).
    // Volume at the 10th percentile: 2.5 × −1 × (10 − 50)/50 = 2; agents at the 30th: 2 × −1 × −0.4 = 0.8;
    // tickets per agent and CSAT not measured. Score (2 + 0.8) / 4.5 = 0.6222; coverage 4.5 / 6.5.
    const scored = scoreSignatures({ tickets_per_month: 10, agents: 30 });
    expect(scored['Relationship Builders'].score).toBeCloseTo(2.8 / 4.5, 10);
    expect(scored['Relationship Builders'].coverage).toBeCloseTo(4.5 / 6.5, 10);
    // Captains of Scale: volume high (3) measured alone → 3 × (10 − 50)/50 / 3 = −0.8.
    expect(scored['Captains of Scale'].score).toBeCloseTo(-0.8, 10);
    // Late Bloomers reads neither volume nor agents: not scored at all, never a fallback.
    expect(scored['Late Bloomers'].score).toBeNull();
  });

  it('never scores an archetype on performance alone', () => {
    // Slow resolution and low CSAT lean towards Late Bloomers, but none of its operating variables is measured.
    const scored = scoreSignatures({ tickets_per_month: 95, resolution_median_hours: 90, csat: 10 });
    expect(scored['Late Bloomers'].score).toBeNull();
    expect(scored['Captains of Scale'].score).not.toBeNull();
  });

  it('gives every archetype a signature that reads at least two variables', () => {
    for (const terms of Object.values(SIGNATURES)) expect(terms.length).toBeGreaterThanOrEqual(2);
  });
});

// A population of 9 organisations on a grid of -1, 0, 1 per feature; centroids are placed by hand. A value of 1
// is above 6 of 9 points and ties 3: the (6 + 1.5) / 9 = 83rd percentile; 0 the 50th; -1 the 17th.
describe('foldClusters', () => {
  const features = pick('tickets_per_month', 'tickets_per_agent', 'comments_per_ticket', 'agents', 'business_rules');
  const rows: number[][] = [];
  for (let i = 0; i < 9; i++) rows.push(features.map((_, j) => [-1, 0, 1][(i + j) % 3]!));
  const labels = rows.map((_, i) => i % 4);

  it('sends each centroid to the signature it matches and explains it', () => {
    const centroids = [
      // Volume and business rules high: Captains of Scale.
      [1, 0, -1, 1, 1],
      // Comments high, tickets per agent low, agents many: Masters of Complexity.
      [0, -1, 1, 1, 0],
      // Volume, agents and tickets per agent low: Relationship Builders.
      [-1, -1, 0, -1, 0],
      // Tickets per agent high, business rules low: Late Bloomers.
      [0, 1, 0, -1, -1],
    ];
    const folds = foldClusters({ features, matrix: matrixFromRows(rows), labels, centroids, performance: noPerformance(9) });
    expect(folds.map((f) => f.archetype)).toEqual(['Captains of Scale', 'Masters of Complexity', 'Relationship Builders', 'Late Bloomers']);
    expect(folds[0]!.reason).toMatch(/^tickets per month at the 83rd percentile \(high\), business rules at the 83rd percentile \(high\); score /);
    expect(folds[0]!.reason).toContain('not measured: self-service ratio, weekday hours, weekend hours, CSAT, first reply time, resolution time');
    expect(folds[0]!.percentiles.tickets_per_month).toBeCloseTo(83.33, 1);
    for (const f of folds) {
      expect(f.evidence.missing).toEqual(['weekday_hours', 'weekend_hours', 'self_service_ratio', 'csat', 'first_reply_median_hours', 'resolution_median_hours']);
      expect(f.margin).toBeGreaterThan(0);
    }
  });

  it('does not call a high-comments, low-tickets-per-agent cluster a Late Bloomer (workload is not only volume)', () => {
    const centroids = [[1, -1, 1, 1, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]];
    const [fold] = foldClusters({ features, matrix: matrixFromRows(rows), labels, centroids, performance: noPerformance(9) });
    expect(fold!.archetype).toBe('Masters of Complexity');
  });

  it('sends a small team to Relationship Builders, not to a catch-all', () => {
    const centroids = [[-1, 0, 0, -1, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]];
    const [fold] = foldClusters({ features, matrix: matrixFromRows(rows), labels, centroids, performance: noPerformance(9) });
    expect(fold!.archetype).toBe('Relationship Builders');
  });

  it('lets weak performance earn Late Bloomers, and says so', () => {
    const performance: Performance[] = rows.map((_, i) => ({
      csat: labels[i] === 0 ? 0.7 : 0.95,
      firstReplyMedianHours: labels[i] === 0 ? 30 : 2,
      resolutionMedianHours: 10,
    }));
    const centroids = [[0, 1, 0, 0, -1], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]];
    const [fold] = foldClusters({ features, matrix: matrixFromRows(rows), labels, centroids, performance });
    expect(fold!.archetype).toBe('Late Bloomers');
    expect(fold!.decidedBy.map((d) => d.variable)).toContain('csat');
    expect(fold!.reason).toContain('CSAT at the');
    expect(fold!.scores['Late Bloomers']).toBeGreaterThan(fold!.scores['Captains of Scale']!);
  });

  it('is low confidence when the best match is weak or barely ahead', () => {
    const centroids = [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]];
    const folds = foldClusters({ features, matrix: matrixFromRows(rows), labels, centroids, performance: noPerformance(9) });
    for (const f of folds) expect(f.confidence).toBe('low');
  });
});

describe('archetypeSummary', () => {
  it('says only the measured traits and names the rest as not measured', () => {
    const measured = new Set<Variable>(['tickets_per_month', 'resolution_median_hours']);
    const line = archetypeSummary('Relationship Builders', measured);
    expect(line).toBe('low volume; not measured: agents, tickets per agent, CSAT');
    const said = (a: Parameters<typeof archetypeSummary>[0]): string => archetypeSummary(a, measured).split('; not measured')[0]!;
    expect(said('Captains of Scale')).toBe('very high volume, fast resolution');
    expect(said('Late Bloomers')).toBe('slower resolution');
    expect(archetypeSummary('Masters of Complexity', measured)).toMatch(/^none of its traits measured; not measured: /);
  });
});

describe('ordinal', () => {
  it('writes English ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 92, 100].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '92nd', '100th']);
  });
});
