// Small populations told plainly: 16 organisations for k = 12 warn (with tune's recommendation), and no peer
// figure rests on fewer than 3 peers or counts the organisation itself.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { ROOT, runCli, runJson } from '../helpers.js';

/** The bundled sample cut to its first 16 organisations (in name order), with their profile rows. */
function sixteen(): [string, string] {
  const dir = mkdtempSync(join(tmpdir(), 'benchmark-sixteen-'));
  const tickets = readFileSync(join(ROOT, 'fixtures/sample/tickets.csv'), 'utf8').trimEnd().split('\n');
  const names = [...new Set(tickets.slice(1).map((l) => l.split(',')[1]!))].sort().slice(0, 16);
  const keep = new Set(names);
  const ticketFile = join(dir, 'tickets.csv');
  writeFileSync(ticketFile, `${[tickets[0], ...tickets.slice(1).filter((l) => keep.has(l.split(',')[1]!))].join('\n')}\n`);
  const profile = readFileSync(join(ROOT, 'fixtures/sample/profile.csv'), 'utf8').trimEnd().split('\n');
  const profileFile = join(dir, 'profile.csv');
  writeFileSync(profileFile, `${[profile[0], ...profile.slice(1).filter((l) => keep.has(l.split(',')[0]!))].join('\n')}\n`);
  return [ticketFile, profileFile];
}

describe('a 16-organisation input with k = 12', () => {
  const [tickets, profile] = sixteen();
  const report = runJson<Report>(['classify', tickets, '--profile', profile]);

  it('warns that the population is small, naming the tiny clusters and the k tune recommends', () => {
    expect(report.input.organizations).toBe(16);
    const warning = report.warnings.find((w) => w.startsWith('small population'));
    expect(warning).toMatch(/^small population: 16 organisations for k = 12 \(fewer than 5 per cluster\); \d+ clusters? under 3 members \(cluster \d+: \d/);
    expect(warning).toMatch(/benchmark tune recommends k = \d+: .*; try --k \d+$/);
    const stderr = runCli(['classify', tickets, '--profile', profile]).stderr;
    expect(stderr).toContain('benchmark: warning: small population: 16 organisations');
  });

  it('never gives a peer percentile or median from fewer than 3 peers, nor counts the organisation as its own peer', () => {
    let withheld = 0;
    let given = 0;
    // With k = 12 nearly every cluster is too small; with k = 3 most are not: both kinds of figure get checked.
    const fewer = runJson<Report>(['classify', tickets, '--profile', profile, '--k', '3']);
    for (const o of [...report.organizations, ...fewer.organizations]) {
      const clusters = report.organizations.includes(o) ? report.clusters : fewer.clusters;
      const size = clusters.find((c) => c.id === o.cluster)!.size;
      expect(o.peers!.clusterSize).toBe(size);
      expect(o.peers!.peers).toBe(size - 1);
      for (const s of o.peers!.standings) {
        expect(s.clusterPeers).toBeLessThanOrEqual(size - 1);
        if (s.clusterPeers < 3) {
          expect([s.clusterPercentile, s.clusterMedian, s.betterThanClusterPct]).toEqual([null, null, null]);
          if (s.value !== null) expect(s.clusterNote).toMatch(/^(no peer in the cluster has it|only \d peers? in the cluster (has|have) it); 3 needed$/);
          withheld++;
        } else if (s.value !== null) {
          expect(s.clusterPercentile).not.toBeNull();
          given++;
        }
      }
      if (o.peers!.peers < 3) expect(o.peers!.coverageGaps).toEqual([]);
      for (const c of o.channels) if (c.peers < 3) expect(c.peerMedianHours ?? null).toBeNull(); // left out where no channel has one (report.unmeasured)
    }
    // Both kinds occur on this input, so the test exercises each.
    expect(withheld).toBeGreaterThan(0);
    expect(given).toBeGreaterThan(0);
  });

  it('gets singular and plural right in every text format and the client report', () => {
    const texts = ['table', 'markdown', 'csv'].map((format) => runCli(['classify', tickets, '--profile', profile, '--format', format]).stdout);
    const client = report.organizations.find((o) => o.peers!.peers === 1) ?? report.organizations[0]!;
    texts.push(runCli(['report', tickets, '--profile', profile, '--org', client.name, '--format', 'markdown']).stdout);
    for (const text of texts) {
      expect(text).not.toMatch(/\b1 (peers|organisations|clusters|tickets)\b/);
      expect(text).not.toMatch(/\(s\)/);
      expect(text).not.toMatch(/\b(\d*[02-9])?1th\b|\b(\d*[02-9])?[23]th\b/);
    }
  });
});
