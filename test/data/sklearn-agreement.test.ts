// Quality measures and inertia against scikit-learn (Debian's python3-sklearn) on the same matrix and labels.
// CI installs python3-sklearn; without it (outside CI) these tests are skipped, and in CI they fail loudly.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateOrgTable } from '../../bench/generate.js';
import type { Report } from '../../src/report/report.js';
import { ROOT, runCli } from '../helpers.js';

const PYTHON = '/usr/bin/python3';
const hasSklearn = spawnSync(PYTHON, ['-c', 'import sklearn'], { encoding: 'utf8' }).status === 0;
if (!hasSklearn && process.env.CI) throw new Error('CI must have scikit-learn (apt-get install python3-sklearn) for the agreement tests');

interface Scores {
  silhouette: number;
  calinskiHarabasz: number;
  daviesBouldin: number;
  inertia: number;
  sklearnInertia: number;
}

function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

function classifyAndScore(args: string[]): { report: Report; scores: Scores } {
  const dir = mkdtempSync(join(tmpdir(), 'benchmark-sklearn-'));
  const features = join(dir, 'features.csv');
  const result = runCli(['classify', ...args, '--features-out', features, '--format', 'json', '--no-timings', '-q']);
  expect(result.code, result.stderr).toBe(0);
  const report = JSON.parse(result.stdout) as Report;
  // The feature rows are in the report's organisation order (sorted by name).
  const labelsFile = join(dir, 'labels.txt');
  writeFileSync(labelsFile, `${report.organizations.map((o) => o.cluster).join('\n')}\n`);
  const out = spawnSync(PYTHON, [join(ROOT, 'scripts/sklearn_scores.py'), features, labelsFile, String(report.model!.k), '0'], { encoding: 'utf8' });
  expect(out.status, out.stderr).toBe(0);
  return { report, scores: JSON.parse(out.stdout) as Scores };
}

describe.runIf(hasSklearn)('agreement with scikit-learn', () => {
  const dir = mkdtempSync(join(tmpdir(), 'benchmark-orgs-'));
  const generated = join(dir, 'orgs.csv');
  writeFileSync(generated, generateOrgTable(3000, 5));

  for (const [name, args] of [
    ['the bundled sample (240 organisations)', []],
    ['a generated table of 3,000 organisations', [generated]],
  ] as const) {
    it(`silhouette, Calinski–Harabasz, Davies–Bouldin and inertia agree within 1e-6 on ${name}`, () => {
      const { report, scores } = classifyAndScore([...args]);
      const model = report.model!;
      expect(model.silhouetteRows).toBe(report.organizations.length);
      expect(relative(model.silhouette, scores.silhouette)).toBeLessThan(1e-6);
      expect(relative(model.calinskiHarabasz, scores.calinskiHarabasz)).toBeLessThan(1e-6);
      expect(relative(model.daviesBouldin, scores.daviesBouldin)).toBeLessThan(1e-6);
      expect(relative(model.inertia, scores.inertia)).toBeLessThan(1e-9);
    });
  }

  it('finds as good a clustering as scikit-learn KMeans (10 restarts) on structured data', () => {
    const { report, scores } = classifyAndScore([generated]);
    expect(report.model!.inertia).toBeLessThanOrEqual(scores.sklearnInertia * 1.001);
  });
});
