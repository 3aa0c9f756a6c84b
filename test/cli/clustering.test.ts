import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateOrgTable } from '../../bench/generate.js';
import type { Report } from '../../src/report/report.js';
import { runCli, runJson } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'benchmark-clustering-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('threads', () => {
  // 25,000 organisations × 10 restarts is enough work for the restarts, and then the silhouette (and, asked to,
  // the peer distributions), to go to a worker thread: the same report as one thread works out alone.
  const orgs = file('orgs-25k.csv', generateOrgTable(25_000, 3));
  it('the JSON report is byte-identical with one thread and with two', () => {
    const one = runCli(['classify', orgs, '--threads', '1', '--format', 'json', '--no-timings', '-q']);
    const two = runCli(['classify', orgs, '--threads', '2', '--format', 'json', '--no-timings', '-q']);
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    // The peer reference's distributions made on the worker, as from 100,000 organisations (kmeans.ts PEERS_ON_WORKER_MIN).
    const onWorker = runCli(['classify', orgs, '--threads', '2', '--format', 'json', '--no-timings', '-q'], { env: { BENCHMARK_PEERS_ON_WORKER_MIN: '1' } });
    expect(onWorker.stdout === one.stdout, 'the report with the peer distributions made on the worker').toBe(true);
  });
});

describe('degenerate data', () => {
  it('a constant feature is left out and said so', () => {
    const rows = Array.from({ length: 20 }, (_, i) => `o${i},${10 + i * 7},${(i % 4) + 1},40`);
    const report = runJson<Report>(['classify', file('constant.csv', `organization,tickets_per_month,agents,weekday_hours\n${rows.join('\n')}\n`), '--k', '3']);
    expect(report.model!.featuresMissing).toContainEqual({ name: 'weekday_hours', reason: 'the same value for every organisation' });
    expect(report.model!.features.map((f) => f.name)).toEqual(['tickets_per_month', 'agents']);
  });

  it('fewer distinct organisations than k lowers k, naming both numbers', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `o${i},${[10, 20, 30][i % 3]},${[1, 2, 3][i % 3]}`);
    const result = runCli(['classify', file('three-distinct.csv', `organization,tickets_per_month,agents\n${rows.join('\n')}\n`), '--format', 'json', '--no-timings']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('k lowered from 12 to 3: only 3 distinct organisations to cluster');
    const report = JSON.parse(result.stdout) as Report;
    expect(report.model!.sizes).toEqual([10, 10, 10]);
  });

  it('an explicit --k above the distinct organisations is a usage error with both numbers', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `o${i},${[10, 20, 30][i % 3]},${[1, 2, 3][i % 3]}`);
    const result = runCli(['classify', file('three-distinct-k.csv', `organization,tickets_per_month,agents\n${rows.join('\n')}\n`), '--k', '5']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('benchmark: --k 5 exceeds the distinct organisations found (3 of 30); use --k 3 or fewer\n');
  });

  it('identical organisations cannot be clustered: every feature is constant (exit 3)', () => {
    const result = runCli(['classify', file('same.csv', 'organization,tickets_per_month,agents\na,10,2\nb,10,2\nc,10,2\n')]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('clustering needs at least one feature; the input provides none (missing: tickets_per_month: the same value for every organisation;');
  });

  for (const [value, label] of [
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['1e999', 'a number too large for a double'],
    ['-4', 'a negative number'],
  ]) {
    it(`${label} in an organisation table is bad input with its place`, () => {
      const path = file(`bad-${label.replace(/\W/g, '')}.csv`, `organization,tickets_per_month,agents\na,10,2\nb,${value},3\nc,30,4\n`);
      const result = runCli(['classify', path]);
      expect(result.code).toBe(3);
      expect(result.stderr).toBe(`benchmark: ${path}:3: column "tickets_per_month": expected a number ≥ 0, got "${value}"\n`);
    });
  }

  it('reports the fit’s quality in the model', () => {
    const report = runJson<Report>(['classify']);
    const model = report.model!;
    expect(model.silhouette).toBeGreaterThan(-1);
    expect(model.silhouette).toBeLessThan(1);
    expect(model.calinskiHarabasz).toBeGreaterThan(0);
    expect(model.daviesBouldin).toBeGreaterThan(0);
    expect(model.sizes.reduce((a, b) => a + b, 0)).toBe(report.organizations.length);
    expect(model.emptyClustersReseeded).toBeGreaterThanOrEqual(0);
  });
});
