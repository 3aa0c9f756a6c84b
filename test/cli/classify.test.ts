import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { BIN, ROOT, hasStackTrace, runCli, runCliAsync, runJson } from '../helpers.js';
import type { Report } from '../../src/report/report.js';

const ESC = '\u001b[';

describe('benchmark classify on the bundled sample', () => {
  const result = runCli(['classify']);

  it('says on stderr that it uses the synthetic sample, and prints the report', () => {
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('using the bundled synthetic sample');
    expect(result.stdout).toContain('synthetic sample data');
  });

  it('prints four archetypes and twelve clusters', () => {
    const archetypes = result.stdout.split('\nClusters (12)')[0]!.split('\nArchetypes\n')[1]!;
    for (const name of ['Relationship Builders', 'Masters of Complexity', 'Late Bloomers', 'Captains of Scale']) expect(archetypes).toContain(name);
    const report = runJson<Report>(['classify']);
    expect(report.clusters).toHaveLength(12);
    expect(report.archetypes.map((a) => a.name)).toEqual(['Relationship Builders', 'Masters of Complexity', 'Late Bloomers', 'Captains of Scale']);
    // The sample is generated from four profiles; every archetype is populated and each cluster explains itself.
    for (const a of report.archetypes) expect(a.organizations).toBeGreaterThan(0);
    for (const c of report.clusters) expect(c.reason.length).toBeGreaterThan(10);
    expect(report.archetypes.reduce((s, a) => s + a.organizations, 0)).toBe(report.input.organizations);
  });

  it('has no colour codes when piped or with NO_COLOR', () => {
    expect(result.stdout).not.toContain(ESC);
  });
});

describe('JSON report', () => {
  const report = runJson<Report>(['classify']);

  it('has the documented fields', () => {
    expect(report.schemaVersion).toBe(4);
    expect(Object.keys(report.input)).toEqual(expect.arrayContaining(['rowsRead', 'rowsUsed', 'rowsRejected', 'rejectsByReason']));
    expect(report.input.rowsRead).toBe(report.input.rowsUsed + report.input.rowsRejected);
    const org = report.organizations[0]!;
    expect(Object.keys(org)).toEqual(['name', 'cluster', 'archetype', 'metrics', 'channels', 'peers', 'evidence']);
    expect(Object.keys(org.peers!)).toEqual(['clusterSize', 'peers', 'standings', 'coverageGaps']);
    expect(org.peers!.peers).toBe(org.peers!.clusterSize - 1);
    expect(Object.keys(org.evidence!)).toEqual(['measured', 'missing']);
    expect(Object.keys(org.channels[0]!)).toEqual(
      expect.arrayContaining(['channel', 'tickets', 'firstReplyMedianHours', 'resolutionMedianHours', 'resolutionP90Hours', 'resolvedWithin24h', 'resolvedIn24to48h', 'resolvedAfter48h', 'referenceChannel', 'gapVsReferenceHours', 'gapVsPeersHours', 'inconsistency', 'peerGap', 'flagged', 'movableUnder24hVsReference', 'movableUnder24hVsPeers']),
    );
    expect(Object.keys(report.clusters[0]!)).toEqual(expect.arrayContaining(['id', 'size', 'archetype', 'reason', 'scores', 'runnerUp', 'margin', 'confidence', 'decidedBy', 'evidence']));
    expect(Object.keys(report.archetypes[0]!)).toEqual(expect.arrayContaining(['name', 'clusters', 'organizations']));
    expect(Object.keys(report.model!)).toEqual(expect.arrayContaining(['k', 'seed', 'restarts', 'inertia', 'iterations', 'features', 'scaling']));
    expect(report.timings).toBeNull();
  });

  it('carries stage timings unless --no-timings', () => {
    const timed = JSON.parse(runCli(['classify', '--format', 'json', '-q']).stdout) as Report;
    const timings = timed.timings!;
    expect(Object.keys(timings)).toEqual(['ingestMs', 'metricsMs', 'clusterMs', 'featuresMs', 'fitMs', 'totalMs']);
    // The features and the fit are parts of the clustering stage, and the stages parts of the whole.
    expect(timings.featuresMs! + timings.fitMs!).toBeLessThanOrEqual(timings.clusterMs + 1);
    expect(timings.ingestMs + timings.metricsMs + timings.clusterMs).toBeLessThanOrEqual(timings.totalMs + 1);
    const metrics = JSON.parse(runCli(['metrics', '--format', 'json', '-q']).stdout) as Report;
    expect([metrics.timings!.featuresMs, metrics.timings!.fitMs]).toEqual([null, null]);
  });

  it('tickets per organisation add up to the rows used', () => {
    expect(report.organizations.reduce((s, o) => s + o.metrics.tickets!, 0)).toBe(report.input.rowsUsed);
  });

  it('is byte-identical for the same input and seed', () => {
    const a = runCli(['classify', '--format', 'json', '--no-timings', '-q']).stdout;
    const b = runCli(['classify', '--format', 'json', '--no-timings', '-q']).stdout;
    expect(a).toBe(b);
  });

  it('changes with the seed only through the model, never the accounting', () => {
    const other = runJson<Report>(['classify', '--seed', '7']);
    expect(other.model!.seed).toBe(7);
    expect(other.input).toEqual(report.input);
  });
});

describe('--features-out and -o', () => {
  const dir = mkdtempSync(join(tmpdir(), 'benchmark-test-'));
  const featuresFile = join(dir, 'features.csv');
  const reportFile = join(dir, 'report.json');
  const result = runCli(['classify', '--features-out', featuresFile, '-o', reportFile, '--format', 'json', '--no-timings']);

  it('writes both files and nothing to stdout', () => {
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(existsSync(featuresFile)).toBe(true);
  });

  it('model.inertia is the inertia of the written matrix under the reported clusters', () => {
    // Independent recomputation: parse the CSV, group rows by the report's clusters, take member means,
    // and sum squared distances.
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
    const [header, ...lines] = readFileSync(featuresFile, 'utf8').trim().split('\n');
    expect(header!.split(',')).toEqual(['organization', ...report.model!.features.map((f) => f.name)]);
    const clusterOf = new Map(report.organizations.map((o) => [o.name, o.cluster!]));
    const groups = new Map<number, number[][]>();
    for (const line of lines) {
      const cells = line.split(',');
      const values = cells.slice(-report.model!.features.length).map(Number);
      const name = cells.slice(0, cells.length - values.length).join(',');
      const cluster = clusterOf.get(name)!;
      groups.set(cluster, [...(groups.get(cluster) ?? []), values]);
    }
    let inertia = 0;
    for (const rows of groups.values()) {
      const centroid = rows[0]!.map((_, j) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length);
      for (const r of rows) inertia += r.reduce((s, v, j) => s + (v - centroid[j]!) ** 2, 0);
    }
    expect(inertia).toBeCloseTo(report.model!.inertia, 9);
    expect(lines).toHaveLength(report.organizations.length);
  });
});

describe('output formats', () => {
  it('csv: a row per organisation and per channel, formula cells neutralised', () => {
    const dir = mkdtempSync(join(tmpdir(), 'benchmark-test-'));
    const file = join(dir, 'orgs.csv');
    writeFileSync(file, 'organization,tickets_per_month,agents\n"=HYPERLINK(""x"")",10,2\nplain,20,3\n"comma, inc",30,5\n');
    const result = runCli(['metrics', file, '--format', 'csv']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^organization,cluster,archetype,channel,tickets,/);
    expect(lines.some((l) => l.startsWith(`"'=HYPERLINK(""x"")"`))).toBe(true);
    expect(lines.some((l) => l.startsWith('"comma, inc"'))).toBe(true);
  });
  it('markdown: headed sections and escaped cells', () => {
    const result = runCli(['classify', '--format', 'markdown']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^# benchmark classify\n/);
    expect(result.stdout).toContain('## Archetypes');
    expect(result.stdout).toContain('| Archetype | Clusters | Organisations | In one line |');
  });
  it('table: colour on a terminal only when NO_COLOR is unset', async () => {
    const { renderTable } = await import('../../src/report/render-table.js');
    const report = runJson<Report>(['classify']);
    const text = (isColor: boolean): string => [...renderTable(report, { isColor, isAllChannels: false, width: null })].join('');
    expect(text(true)).toContain(ESC);
    expect(text(false)).not.toContain(ESC);
  });
  it('--all-channels lists every channel', () => {
    const flagged = runCli(['classify', '-q']).stdout;
    const all = runCli(['classify', '-q', '--all-channels']).stdout;
    expect(all.split('\n').length).toBeGreaterThan(flagged.split('\n').length);
    const report = JSON.parse(runCli(['classify', '-q', '--format', 'json', '--no-timings']).stdout) as Report;
    const channels = report.organizations.reduce((n, o) => n + o.channels.length, 0);
    expect(all).toContain(`\nChannels (${channels.toLocaleString('en-US')})\n`);
  });
});

describe('options and help', () => {
  for (const command of ['classify', 'metrics']) {
    it(`${command} --help shows its options and exits 0`, () => {
      const result = runCli([command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: benchmark ${command}`);
      for (const flag of ['--preset', '--map', '--input', '--profile', '--hours', '--format', '--output', '--skip-invalid', '--all-channels', '--quiet', '--debug']) {
        expect(result.stdout).toContain(flag);
      }
      if (command === 'classify') for (const flag of ['--k', '--seed', '--restarts', '--features-out']) expect(result.stdout).toContain(flag);
    });
  }
  it('no command shows the usage on stderr and exits 2', () => {
    const result = runCli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: benchmark [options] [command]');
  });
  it('--version prints the version', () => {
    const result = runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
  it('-q silences notes', () => {
    expect(runCli(['classify', '-q']).stderr).toBe('');
  });
  it('a closed pipe (| head) ends quietly with 0', async () => {
    // Read the first chunk of stdout, close the pipe, and wait for the exit code.
    const child = spawn(process.execPath, [BIN, 'classify', '--all-channels', '-q'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});

describe('a large report on standard output', () => {
  it('waits for the pipe as often as it must, quietly (no listener piles up per wait)', async () => {
    // 100,000 organisations as JSON: about 14 MB, so the writer waits for the pipe a dozen times or more.
    const dir = mkdtempSync(join(tmpdir(), 'benchmark-stdout-'));
    const file = join(dir, 'orgs.csv');
    writeFileSync(file, `organization,tickets_per_month,agents\n${Array.from({ length: 100_000 }, (_, i) => `org-${i},${10 + (i % 97)},${1 + (i % 13)}`).join('\n')}\n`);
    const result = await runCliAsync(['metrics', file, '--format', 'json', '--no-timings']);
    expect(result.code).toBe(0);
    expect(result.stdout.length).toBeGreaterThan(11 << 20);
    expect(JSON.parse(result.stdout).organizations).toHaveLength(100_000);
    expect(result.stderr).not.toContain('Warning');
  });
});

describe('a report on standard output redirected to a file', () => {
  it('is the report -o writes, byte for byte, after whatever the file held before', () => {
    const dir = mkdtempSync(join(tmpdir(), 'benchmark-stdout-file-'));
    const viaOption = join(dir, 'report.json');
    expect(runCli(['classify', '--format', 'json', '--no-timings', '-q', '-o', viaOption]).code).toBe(0);
    // The shell's `>>`: a file opened for appending, with a line in it already.
    const redirected = join(dir, 'redirected.json');
    writeFileSync(redirected, 'before\n');
    const fd = openSync(redirected, 'a');
    const result = spawnSync(process.execPath, [BIN, 'classify', '--format', 'json', '--no-timings', '-q'], { cwd: ROOT, stdio: ['ignore', fd, 'pipe'], env: { PATH: process.env.PATH ?? '' } });
    closeSync(fd);
    expect(result.status, String(result.stderr)).toBe(0);
    expect(readFileSync(redirected, 'utf8')).toBe(`before\n${readFileSync(viaOption, 'utf8')}`);
  });
});

describe('--skip-invalid', () => {
  it('skips bad rows and counts them by reason; read = used + rejected', () => {
    const report = runJson<Report>(['metrics', 'fixtures/bad/mixed.csv', '--skip-invalid']);
    expect(report.input).toMatchObject({
      rowsRead: 6,
      rowsUsed: 2,
      rowsRejected: 4,
      rejectsByReason: { 'no organization': 1, 'solved before created': 1, 'unparseable date': 1, 'wrong number of fields': 1 },
      firstRejectAt: {
        'no organization': 'fixtures/bad/mixed.csv:5',
        'solved before created': 'fixtures/bad/mixed.csv:6',
        'unparseable date': 'fixtures/bad/mixed.csv:4',
        'wrong number of fields': 'fixtures/bad/mixed.csv:3',
      },
    });
  });
});

describe('organisation tables and profiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'benchmark-test-'));
  const orgs = join(dir, 'orgs.csv');
  const lines = ['organization,tickets_per_month,tickets_per_agent,agents,weekend_hours,csat'];
  for (let i = 0; i < 30; i++) lines.push(`Org ${String(i).padStart(2, '0')},${10 + i * 37},${5 + (i % 7) * 9},${1 + (i % 5) * 4},${i % 3 === 0 ? '' : (i * 3) % 40},${0.8 + (i % 4) * 0.05}`);
  writeFileSync(orgs, `${lines.join('\n')}\n`);

  it('are recognised from their columns and clustered', () => {
    const report = runJson<Report>(['classify', orgs]);
    expect(report.input.kind).toBe('orgs');
    expect(report.organizations).toHaveLength(30);
    expect(report.model!.features.map((f) => f.name)).toEqual(['tickets_per_month', 'tickets_per_agent', 'weekend_hours', 'agents']);
    // 10 of 30 lack weekend_hours: imputed with the median, and said so.
    expect(report.model!.features.find((f) => f.name === 'weekend_hours')!.imputed).toBe(10);
    expect(report.warnings).toContain('10 of 30 organisations lack weekend_hours: given the median');
    expect(report.model!.featuresMissing.map((f) => f.name)).toEqual(['comments_per_ticket', 'weekday_hours', 'business_rules', 'self_service_ratio']);
    expect(report.organizations[0]!.metrics.csat).toBe(0.8);
  });

  it('lowers k with a warning when fewer distinct organisations than the default k', () => {
    const result = runCli(['classify', 'fixtures/bad/three-orgs.csv', '--format', 'json', '--no-timings']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: k lowered from 12 to 3: only 3 distinct organisations to cluster');
    expect((JSON.parse(result.stdout) as Report).model!.k).toBe(3);
  });

  it('joins a profile on organisation name and reports unmatched names', () => {
    const profile = join(dir, 'profile.csv');
    writeFileSync(profile, 'organization,business_rules,self_service_ratio\nOrg 01,12,0.5\nOrg 02,40,2\nNobody,3,1\n');
    const result = runCli(['classify', orgs, '--profile', profile, '--format', 'json', '--no-timings']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.input.profile).toMatchObject({ matched: 2, unmatchedProfileNames: ['Nobody'], organizationsWithoutProfile: 28 });
    expect(result.stderr).toContain('1 name matches no organisation in the input: "Nobody"');
    expect(report.organizations.find((o) => o.name === 'Org 02')!.metrics.businessRules).toBe(40);
    // Two of thirty is under half: the strategy features are reported missing, not imputed for 28.
    expect(report.model!.featuresMissing.map((f) => f.name)).toContain('business_rules');
  });

  it('never prints a stack trace without --debug, and does with it', () => {
    const plain = runCli(['classify', 'fixtures/bad/ragged-row.csv']);
    expect(hasStackTrace(plain.stderr)).toBe(false);
    const debug = runCli(['classify', 'fixtures/bad/ragged-row.csv', '--debug']);
    expect(debug.code).toBe(3);
    expect(hasStackTrace(debug.stderr)).toBe(true);
  });
});
