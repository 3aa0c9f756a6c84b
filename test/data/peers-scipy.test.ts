// Peer percentiles and medians against SciPy/NumPy (Debian's python3-scipy, installed with python3-sklearn):
// scipy.stats.percentileofscore(kind="mean") is exactly "share below plus half the share equal".
// CI installs it; without it (outside CI) these tests are skipped, and in CI they fail loudly.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PEER_METRICS } from '../../src/benchmark/peers.js';
import type { Report } from '../../src/report/report.js';
import { runJson } from '../helpers.js';

const PYTHON = '/usr/bin/python3';
const hasScipy = spawnSync(PYTHON, ['-c', 'import scipy.stats, numpy'], { encoding: 'utf8' }).status === 0;
if (!hasScipy && process.env.CI) throw new Error('CI must have SciPy (apt-get install python3-sklearn brings python3-scipy) for the percentile tests');

const SCRIPT = `
import json, sys
import numpy as np
from scipy.stats import percentileofscore
orgs = json.load(sys.stdin)
metrics = ${JSON.stringify(PEER_METRICS.map((m) => m.metric))}
out = []
for i, o in enumerate(orgs):
    row = {}
    for m in metrics:
        v = o["metrics"][m]
        if v is None:
            row[m] = None
            continue
        # The organisation is never its own peer: the others only, and cluster figures from 3 peers up.
        cluster = [p["metrics"][m] for j, p in enumerate(orgs) if j != i and p["cluster"] == o["cluster"] and p["metrics"][m] is not None]
        overall = [p["metrics"][m] for j, p in enumerate(orgs) if j != i and p["metrics"][m] is not None]
        enough = len(cluster) >= 3
        row[m] = [percentileofscore(cluster, v, kind="mean") if enough else None, percentileofscore(overall, v, kind="mean"), float(np.median(cluster)) if enough else None, float(np.median(overall))]
    out.append(row)
print(json.dumps(out))
`;

describe.skipIf(!hasScipy)('peer percentiles against SciPy', () => {
  it('every organisation of the sample, every metric: percentile in cluster and overall, and the medians', () => {
    const report = runJson<Report>(['classify']);
    const orgs = report.organizations.map((o) => ({ cluster: o.cluster, metrics: o.metrics }));
    const result = spawnSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify(orgs), encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const expected = JSON.parse(result.stdout) as Record<string, [number | null, number, number | null, number] | null>[];
    let compared = 0;
    report.organizations.forEach((o, i) => {
      for (const s of o.peers!.standings) {
        const reference = expected[i]![s.metric];
        if (reference === null || reference === undefined) {
          expect(s.value).toBeNull();
          continue;
        }
        if (reference[0] === null) expect(s.clusterPercentile).toBeNull();
        else expect(s.clusterPercentile).toBeCloseTo(reference[0], 9);
        expect(s.overallPercentile).toBeCloseTo(reference[1], 9);
        if (reference[2] === null) expect(s.clusterMedian).toBeNull();
        else expect(s.clusterMedian).toBeCloseTo(reference[2], 9);
        expect(s.overallMedian).toBeCloseTo(reference[3], 9);
        compared++;
      }
    });
    expect(compared).toBeGreaterThan(240 * 5);
  });
});
