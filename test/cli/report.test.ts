// `benchmark report --org`: what a client report says, for a client with gaps and one without, with and
// without a saved model, and how it treats unknown and hostile names.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ordinal } from '../../src/archetypes/fold.js';
import type { Report } from '../../src/report/report.js';
import { HOSTILE_NAME, hasStackTrace, hostileSample, runCli, runJson } from '../helpers.js';

let classified: Report;
beforeAll(() => {
  classified = runJson<Report>(['classify']);
});

function markdown(args: string[]): string {
  const result = runCli(['report', ...args, '--format', 'markdown', '-q']);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

describe('benchmark report', () => {
  it('has every section, with the archetype, standing, channels, gaps with ticket counts, tactics and method notes', () => {
    const name = 'Birch Energy';
    const org = classified.organizations.find((o) => o.name === name)!;
    const text = markdown(['--org', name]);
    for (const heading of ['# Birch Energy: operational benchmark', `## Archetype: ${org.archetype}`, '## The cluster’s defining traits', '## Standing against peers', '## Resolution by channel against peers', '## Flagged gaps', `## Recommended tactics for ${org.archetype}`, '## Method notes']) {
      expect(text).toContain(heading);
    }
    const cluster = classified.clusters.find((c) => c.id === org.cluster)!;
    // The client is not its own peer: its cluster less itself.
    expect(org.peers!.peers).toBe(org.peers!.clusterSize - 1);
    expect(text).toContain(`Against ${org.peers!.peers} peers in cluster ${org.cluster} of 12 and 240 organisations in all.`);
    expect(text).toContain(`Why: ${cluster.reason}.`);
    // Every flagged channel is listed with its solved and total tickets, and backs the automation tactic.
    const flagged = org.channels.filter((c) => c.flagged);
    expect(flagged.length).toBeGreaterThan(1);
    for (const c of flagged) {
      expect(text).toContain(`- **${c.channel}**: median resolution`);
      expect(text).toContain(`on ${c.solvedTickets} solved of ${c.tickets} tickets.`);
      expect(text).toMatch(new RegExp(`### Automation[\\s\\S]*- ${c.channel}: median resolution [^\\n]*\\(${c.solvedTickets} solved tickets\\)`));
    }
    // The standing table carries the JSON's percentiles.
    const csat = org.peers!.standings.find((s) => s.metric === 'csat')!;
    expect(text).toMatch(new RegExp(`\\| CSAT \\| [^|]+ \\| [^|]+ \\| ${ordinal(csat.clusterPercentile!)} \\|`));
    expect(text).toContain('- Population: 240 organisations in 12 clusters; fitted in this run.');
  });

  it('names a coverage gap and ties the staffing tactic to it', () => {
    const org = classified.organizations.find((o) => o.peers!.coverageGaps.length > 0)!;
    const text = markdown(['--org', org.name]);
    const gap = org.peers!.coverageGaps[0]!;
    expect(text).toContain(`- **${gap.channel}** not offered:`);
    expect(text).toMatch(new RegExp(`### Staffing and hours[\\s\\S]*- no ${gap.channel} tickets, while`));
  });

  it('with --model, says which model and when it was fitted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'benchmark-report-'));
    const model = join(dir, 'model.json');
    expect(runCli(['classify', '--save-model', model, '-q', '-o', join(dir, 'r.txt')], { env: { SOURCE_DATE_EPOCH: '1767225600' } }).code).toBe(0);
    const text = markdown(['--org', 'Acme Cloud', '--model', model]);
    expect(text).toContain(`saved model ${model}, fitted 2026-01-01T00:00:00Z`);
    expect(text).toContain('# Acme Cloud: operational benchmark');
  });

  it('an unknown organisation is a usage error listing the closest names (exit 2)', () => {
    const result = runCli(['report', '--org', 'Acme Clod']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--org "Acme Clod": no such organisation in the input (240 organisations); closest: "Acme Cloud"');
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(runCli(['report']).stderr).toContain("required option '--org <name>' not specified");
  });

  it('matches a name case-insensitively when exact case is not given', () => {
    expect(markdown(['--org', 'acme cloud'])).toContain('# Acme Cloud: operational benchmark');
  });

  it('HTML: one self-contained file, the same bytes for the same input, hostile names escaped', () => {
    const [tickets, profile] = hostileSample();
    const dir = mkdtempSync(join(tmpdir(), 'benchmark-report-'));
    const files = ['a.html', 'b.html'].map((name) => {
      const file = join(dir, name);
      const result = runCli(['report', '--org', HOSTILE_NAME, tickets, '--profile', profile, '-o', file, '-q']);
      expect(result.code, result.stderr).toBe(0);
      return readFileSync(file, 'utf8');
    });
    expect(files[0]).toBe(files[1]);
    const html = files[0]!;
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<img|<link|https?:\/\/(?!www\.w3\.org)/);
    expect(html).toContain('<title>=cmd|&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.pwned=2&quot;&gt; &amp; Co: operational benchmark</title>');
    expect(html.match(/<svg/g)).toHaveLength(3);
    // Markdown escapes it too: no raw tags.
    const md = runCli(['report', '--org', HOSTILE_NAME, tickets, '--profile', profile, '--format', 'markdown', '-q']).stdout;
    expect(md).not.toContain('<script');
    expect(md).toContain('&lt;script&gt;');
  });

  it('CSV reports neutralise a formula-like organisation name', () => {
    const [tickets, profile] = hostileSample();
    const csv = runCli(['classify', tickets, '--profile', profile, '--format', 'csv', '-q']).stdout;
    expect(csv).toContain(`'=cmd|<script>`);
    expect(csv.split('\n').some((line) => line.startsWith('=') || line.startsWith('"='))).toBe(false);
  });
});
