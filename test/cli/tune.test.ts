import { describe, expect, it } from 'vitest';
import type { TuneReport } from '../../src/report/render-tune.js';
import type { Report } from '../../src/report/report.js';
import { runCli, runJson } from '../helpers.js';

describe('benchmark tune', () => {
  const report = runJson<TuneReport>(['tune', '--k', '2..14']);

  it('fits every k in the range and marks one elbow and one recommendation', () => {
    expect(report.rows.map((r) => r.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(report.rows.filter((r) => r.isKnee)).toHaveLength(report.knee === null ? 0 : 1);
    expect(report.rows.map((r) => r.k)).toContain(report.recommendedK);
    expect(report.reason).toMatch(/^k = \d+: /);
  });

  it('uses the same engine as classify: the same inertia and quality for the same k and seed', () => {
    const classify = runJson<Report>(['classify', '--k', '12']);
    const row = report.rows.find((r) => r.k === 12)!;
    expect(row.inertia).toBe(classify.model!.inertia);
    expect(row.silhouette).toBe(classify.model!.silhouette);
    expect(row.calinskiHarabasz).toBe(classify.model!.calinskiHarabasz);
    expect(row.daviesBouldin).toBe(classify.model!.daviesBouldin);
  });

  it('prints a table with the elbow and the recommendation', () => {
    const result = runCli(['tune', '--k', '2..8', '-q']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('← elbow');
    expect(result.stdout).toContain('← recommended');
    expect(result.stdout).toMatch(/\nRecommended k = \d+: /);
  });

  it('has --help, and refuses a bad range with exit 2', () => {
    expect(runCli(['tune', '--help']).stdout).toContain('Usage: benchmark tune');
    const bad = runCli(['tune', '--k', '1..30']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('benchmark: --k: expected a range A..B with 2 ≤ A ≤ B ≤ 100 (such as 2..20), got "1..30"\n');
  });
});
