// Saved models: the round trip (fit, save, place without refitting), what a model file must hold, and the
// errors a corrupt, foreign or newer file gives.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BenchmarkModel } from '../../src/model/model.js';
import type { Report } from '../../src/report/report.js';
import { generateOrgTable } from '../../bench/generate.js';
import { DATA, ROOT, hasStackTrace, runCli } from '../helpers.js';

const EPOCH = { SOURCE_DATE_EPOCH: '1767225600' }; // 2026-01-01T00:00:00Z
let dir: string;
let modelFile: string;
let fitted: Report;

function json(args: string[], env: Record<string, string> = {}): Report {
  const result = runCli([...args, '--format', 'json', '--no-timings', '-q'], { env });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Report;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'benchmark-model-'));
  modelFile = join(dir, 'model.json');
  fitted = json(['classify', '--save-model', modelFile], EPOCH);
});

describe('classify --save-model / --model', () => {
  it('writes a versioned model with features, scaling, centroids, archetypes and peer distributions', () => {
    const model = JSON.parse(readFileSync(modelFile, 'utf8')) as BenchmarkModel;
    expect(model.kind).toBe('benchmark-model');
    expect(model.schemaVersion).toBe(2);
    expect(model.fittedAt).toBe('2026-01-01T00:00:00Z');
    expect(model.fit.features.map((f) => f.name)).toEqual(fitted.model!.features.map((f) => f.name));
    for (const f of model.fit.features) expect(Object.keys(f)).toEqual(['name', 'transform', 'center', 'scale', 'scaleKind', 'imputed', 'fill']);
    expect(model.centroids).toHaveLength(fitted.model!.k);
    expect(model.clusters.map((c) => [c.archetype, c.reason])).toEqual(fitted.clusters.map((c) => [c.archetype, c.reason]));
    expect(model.peers.metrics.map((m) => m.metric)).toContain('resolutionMedianHours');
    // The sample's 240 organisations are all kept: exact percentiles.
    const resolution = model.peers.metrics.find((m) => m.metric === 'resolutionMedianHours')!;
    expect(resolution.overall.n).toBe(240);
    expect(resolution.byCluster.reduce((s, d) => s + d.n, 0)).toBe(240);
    expect(model.training).toMatchObject({ organizations: 240, rowsRead: fitted.input.rowsRead });
  });

  it('places the organisations it was fitted on in the same clusters, archetypes and percentiles, without refitting', () => {
    const placed = json(['classify', '--model', modelFile]);
    expect(placed.organizations.map((o) => [o.name, o.cluster, o.archetype])).toEqual(fitted.organizations.map((o) => [o.name, o.cluster, o.archetype]));
    expect(placed.organizations.map((o) => o.peers)).toEqual(fitted.organizations.map((o) => o.peers));
    // Each is recognised in the model's population and left out of its own peers, channel by channel too.
    expect(placed.organizations.map((o) => o.channels.map((c) => [c.peerMedianHours, c.peers, c.flagged]))).toEqual(fitted.organizations.map((o) => o.channels.map((c) => [c.peerMedianHours, c.peers, c.flagged])));
    expect(placed.model).toEqual(fitted.model);
    expect(placed.modelSource).toEqual({ file: modelFile, fittedAt: '2026-01-01T00:00:00Z', trainingOrganizations: 240 });
    expect(fitted.modelSource).toBeNull();
  });

  it('gives the fit run’s clusters on a generated 5,000-organisation table and on SF 311 (real data)', () => {
    const table = join(dir, 'orgs.csv');
    writeFileSync(table, generateOrgTable(5_000, 3));
    const sfFile = `${DATA}sf311-service-requests-sample/sf311_service_requests_sample.csv`;
    const sf = [sfFile, '--map', 'examples/sf311.map.json', '--skip-invalid'];
    // SF 311 lives in ../shared/data, which a clone without it lacks: then the generated table alone, saying so.
    const cases = existsSync(sfFile) ? ([['table', [table]], ['sf311', sf]] as const) : ([['table', [table]]] as const);
    for (const [name, args] of cases) {
      const file = join(dir, `${name}.model.json`);
      const fit = json(['classify', ...args, '--save-model', file]);
      const placed = json(['classify', ...args, '--model', file]);
      expect(placed.organizations.map((o) => o.cluster), name).toEqual(fit.organizations.map((o) => o.cluster));
    }
  });

  it('places a new export (a few organisations) against the saved population', () => {
    const sample = readFileSync(join(ROOT, 'fixtures/sample/tickets.csv'), 'utf8').split('\n');
    const wanted = new Set(['Acme Energy', 'Birch Energy', 'Cobalt Cloud']);
    const subset = join(dir, 'subset.csv');
    writeFileSync(subset, [sample[0], ...sample.slice(1).filter((l) => wanted.has(l.split(',')[1]!))].join('\n') + '\n');
    const profile = join(ROOT, 'fixtures/sample/profile.csv');
    const placed = json(['classify', subset, '--profile', profile, '--model', modelFile]);
    expect(placed.organizations.map((o) => o.name)).toEqual([...wanted].sort());
    for (const o of placed.organizations) {
      const before = fitted.organizations.find((f) => f.name === o.name)!;
      expect([o.cluster, o.archetype]).toEqual([before.cluster, before.archetype]);
      // Peers are the model's 240 organisations, not the three of this run.
      expect(o.peers!.clusterSize).toBe(fitted.clusters.find((c) => c.id === o.cluster)!.size);
    }
  });

  it('is byte-identical for the same input, seed and SOURCE_DATE_EPOCH', () => {
    const again = join(dir, 'again.json');
    expect(runCli(['classify', '--save-model', again, '-q', '-o', join(dir, 'r.txt')], { env: EPOCH }).code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(modelFile, 'utf8'));
  });

  it('refuses fit options beside --model (exit 2)', () => {
    const result = runCli(['classify', '--model', modelFile, '--k', '5']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--k cannot be used with --model');
  });

  it('a missing, corrupt, foreign or newer model file is a clear usage error (exit 2), without a stack trace', () => {
    const write = (name: string, text: string): string => {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    };
    const model = JSON.parse(readFileSync(modelFile, 'utf8')) as Record<string, unknown>;
    const cases: [string, RegExp][] = [
      [join(dir, 'absent.json'), /absent\.json: no such file/],
      [write('truncated.json', readFileSync(modelFile, 'utf8').slice(0, 500)), /truncated\.json: not a model file: invalid JSON/],
      [write('report.json', JSON.stringify(fitted)), /report\.json: not a model file: expected "kind": "benchmark-model"/],
      [write('newer.json', JSON.stringify({ ...model, schemaVersion: 3 })), /newer\.json: model schema version 3 is newer than this benchmark reads \(2\)/],
      [write('no-centroids.json', JSON.stringify({ ...model, centroids: 'x' })), /no-centroids\.json: corrupt model file: at centroids: /],
      [write('short-centroid.json', JSON.stringify({ ...model, centroids: (model.centroids as number[][]).map((c) => c.slice(1)) })), /short-centroid\.json: corrupt model file: centroids, clusters and peer distributions disagree/],
    ];
    for (const [file, message] of cases) {
      const result = runCli(['classify', '--model', file]);
      expect(result.code, file).toBe(2);
      expect(result.stderr, file).toMatch(message);
      expect(hasStackTrace(result.stderr)).toBe(false);
    }
  });
});
