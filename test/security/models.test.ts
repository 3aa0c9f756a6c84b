// Saved models edited by hand load only when they still make sense: each edit below used to load (exit 0) and
// change standings; now it is a usage error naming the field (exit 2).

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasStackTrace, runCli } from '../helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const dir = mkdtempSync(join(tmpdir(), 'benchmark-models-'));
const modelFile = join(dir, 'model.json');

describe('a saved model edited by hand', () => {
  expect(runCli(['classify', '--save-model', modelFile, '-q', '-o', '/dev/null']).code).toBe(0);
  const model = JSON.parse(readFileSync(modelFile, 'utf8')) as Json;

  it('loads as saved', () => {
    expect(runCli(['classify', '--model', modelFile, '-q', '-o', '/dev/null']).code).toBe(0);
  });

  const cases: [string, (m: Json) => void, string][] = [
    ['unsorted peer values', (m) => m.peers.metrics[0].byCluster[0].values.reverse(), 'peers.metrics.0.byCluster.0: values not in ascending order'],
    ['a count that does not match its values', (m) => (m.peers.metrics[1].byCluster[2].n += 1), 'peers.metrics.1.byCluster.2: '],
    ['empty peers', (m) => (m.peers.metrics = []), 'peers.metrics: expected one distribution for each of'],
    ['a duplicate feature name', (m) => (m.fit.features[1].name = m.fit.features[0].name), 'fit.features: "tickets_per_month" appears twice'],
    ['cluster id 99', (m) => (m.clusters[3].id = 99), 'clusters.3.id: expected 4'],
    ['cluster id -1 in an archetype', (m) => (m.archetypes[0].clusters = [-1]), 'archetypes.0.clusters: cluster -1 is not one of 1 to 12'],
    ['fit.k other than the centroids', (m) => (m.fit.k = 11), 'fit.k: 11, but there are 12 centroids'],
    ['restarts 0', (m) => (m.fit.restarts = 0), 'fit.restarts: expected an integer from 1 to 1000, got 0'],
    ['more values in a cluster than members', (m) => (m.peers.clusterSizes[0] = 1), 'peers.metrics.0.byCluster.0: '],
    ['a channel peer distribution out of order', (m) => {
      const c = m.channelPeers.findIndex((x: Json) => Object.values(x).some((d) => (d as Json).values.length > 1));
      const channel = Object.keys(m.channelPeers[c]).find((ch) => m.channelPeers[c][ch].values.length > 1)!;
      m.channelPeers[c][channel].values.reverse();
    }, 'channelPeers.'],
    ['a map point in no cluster', (m) => (m.projection.points[0].cluster = 12), 'projection.points.0.cluster: not one of 0 to 11'],
  ];
  for (const [what, edit, message] of cases) {
    it(`${what}: a usage error naming the field (exit 2)`, () => {
      const edited = JSON.parse(JSON.stringify(model)) as Json;
      edit(edited);
      const file = join(dir, `${what.replace(/\W+/g, '-')}.json`);
      writeFileSync(file, JSON.stringify(edited));
      const result = runCli(['classify', '--model', file, '-q']);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`--model ${file}: corrupt model file: at ${message}`);
      expect(hasStackTrace(result.stderr)).toBe(false);
    });
  }
});
