// What classify, metrics and tune print for reading: the organisations a selection keeps (every format), the
// summary before the organisations, tables fitted to the width, and colour by the policy of src/terminal.ts,
// on a real pseudo-terminal too. Expected orders and sets are computed here from the unselected JSON report.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ARCHETYPES } from '../../src/archetypes/fold.js';
import type { Report, ReportOrganization } from '../../src/report/report.js';
import type { TuneReport } from '../../src/report/render-tune.js';
import { displayWidth } from '../../src/terminal.js';
import { BIN, ROOT, runCliAsync, runJson, runJsonAsync } from '../helpers.js';

const ESC = '\u001b';
const full = runJson<Report>(['classify']);
const names = (r: Report): string[] => r.organizations.map((o) => o.name);
const byName = (a: ReportOrganization, b: ReportOrganization): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const widest = (text: string): number => Math.max(...text.split('\n').map(displayWidth));

describe('selecting organisations', () => {
  it('--sort METRIC: worst first (slowest resolution first, lowest CSAT first), missing values last, ties by name', async () => {
    const slow = await runJsonAsync<Report>(['classify', '--sort', 'resolutionMedianHours']);
    const expected = [...full.organizations].sort((a, b) => {
      const x = a.metrics.resolutionMedianHours;
      const y = b.metrics.resolutionMedianHours;
      if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
      return y - x || byName(a, b);
    });
    expect(names(slow)).toEqual(expected.map((o) => o.name));
    expect(slow.selection).toMatchObject({ sort: { key: 'resolutionMedianHours', order: 'desc' }, shown: 240, of: 240 });
    const csat = await runJsonAsync<Report>(['classify', '--sort', 'csat']);
    const values = csat.organizations.map((o) => o.metrics.csat).filter((v): v is number => v !== null);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    // The CSV column name works too, and :asc turns the order round (missing values still last).
    const ascending = [...full.organizations].sort((a, b) => {
      const x = a.metrics.resolutionMedianHours;
      const y = b.metrics.resolutionMedianHours;
      if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
      return x - y || byName(a, b);
    });
    expect(names((await runJsonAsync<Report>(['classify', '--sort', 'resolution_median_hours:asc'])))).toEqual(ascending.map((o) => o.name));
  });

  it('--sort …:asc orders ascending with ties by name', async () => {
    const asc = await runJsonAsync<Report>(['classify', '--sort', 'tickets:asc']);
    for (let i = 1; i < asc.organizations.length; i++) {
      const [a, b] = [asc.organizations[i - 1]!, asc.organizations[i]!];
      expect(a.metrics.tickets! < b.metrics.tickets! || (a.metrics.tickets === b.metrics.tickets && a.name < b.name)).toBe(true);
    }
  });

  it('--top N keeps the first N of the order; --sort gap puts the largest flagged gap first', async () => {
    const top = await runJsonAsync<Report>(['classify', '--sort', 'gap', '--top', '5']);
    expect(top.organizations).toHaveLength(5);
    const largest = (o: ReportOrganization): number => Math.max(0, ...o.channels.flatMap((c) => [c.inconsistency ? c.gapVsReferenceRatio! : 0, c.peerGap ? c.gapVsPeersRatio! : 0]));
    const expected = [...full.organizations].filter((o) => largest(o) > 0).sort((a, b) => largest(b) - largest(a) || byName(a, b)).slice(0, 5);
    expect(names(top)).toEqual(expected.map((o) => o.name));
    expect(top.selection).toMatchObject({ top: 5, shown: 5, of: 240 });
    // The population behind clusters, peers and gaps is still every organisation.
    expect(top.clusters).toEqual(full.clusters);
    expect(top.organizations[0]).toEqual(full.organizations.find((o) => o.name === top.organizations[0]!.name));
  });

  it('--archetype, --cluster and --org filter, and combine', async () => {
    const late = await runJsonAsync<Report>(['classify', '--archetype', 'late-bloomers']);
    expect(names(late)).toEqual(full.organizations.filter((o) => o.archetype === 'Late Bloomers').map((o) => o.name));
    const clusters = await runJsonAsync<Report>(['classify', '--cluster', '2,5', '--cluster', '7']);
    expect(names(clusters)).toEqual(full.organizations.filter((o) => [2, 5, 7].includes(o.cluster!)).map((o) => o.name));
    const acme = await runJsonAsync<Report>(['classify', '--org', 'acme*', '--org', 'Birch Energy']);
    expect(names(acme)).toEqual(full.organizations.filter((o) => o.name.startsWith('Acme ') || o.name === 'Birch Energy').map((o) => o.name));
    const both = await runJsonAsync<Report>(['classify', '--org', 'acme*', '--archetype', ARCHETYPES[0]]);
    expect(names(both)).toEqual(full.organizations.filter((o) => o.name.startsWith('Acme ') && o.archetype === ARCHETYPES[0]).map((o) => o.name));
    expect(names((await runJsonAsync<Report>(['classify', '--org', 'acme cloud'])))).toEqual(['Acme Cloud']);
  });

  it('every format shows the same selection', async () => {
    const args = ['classify', '--archetype', 'Captains of Scale', '--sort', 'tickets', '--top', '7', '-q'];
    const json = await runJsonAsync<Report>(args);
    const csv = (await runCliAsync([...args, '--format', 'csv'])).stdout.trimEnd().split('\n');
    const orgRows = csv.filter((line) => json.organizations.some((o) => line.startsWith(`${o.name},`) || line.startsWith(`"${o.name}"`)));
    expect(new Set(orgRows.map((l) => l.split(',')[0]))).toEqual(new Set(names(json)));
    const markdown = (await runCliAsync([...args, '--format', 'markdown'])).stdout;
    for (const o of full.organizations) expect(markdown.includes(`| ${o.name} |`)).toBe(names(json).includes(o.name));
    const table = (await runCliAsync(args)).stdout;
    expect(table).toContain('Organisations (7 of 240: archetype Captains of Scale, sorted by tickets descending, top 7)');
  });

  it('what matches nothing is a usage error naming the closest; metrics has no clusters to filter by', async () => {
    const org = await runCliAsync(['classify', '--org', 'Acme Clod']);
    expect(org.code).toBe(2);
    expect(org.stderr).toContain('--org "Acme Clod": no such organisation in the input (240 organisations); closest: "Acme Cloud"');
    expect((await runCliAsync(['classify', '--archetype', 'Late Bloomer'])).stderr).toContain('did you mean "Late Bloomers"?');
    expect((await runCliAsync(['classify', '--cluster', '13'])).stderr).toContain('--cluster 13: there are 12 clusters (1 to 12)');
    expect((await runCliAsync(['classify', '--sort', 'resolutionMedianHour'])).stderr).toContain('did you mean "resolutionMedianHours"?');
    const metrics = await runCliAsync(['metrics', '--cluster', '3']);
    expect(metrics.code).toBe(2);
    expect(metrics.stderr).toContain('--cluster needs clusters: use classify');
    expect((await runCliAsync(['classify', '--top', '0'])).code).toBe(2);
  });

  it('metrics sorts and filters by organisation too', async () => {
    const m = await runJsonAsync<Report>(['metrics', '--org', 'Birch*', '--sort', 'csat', '--top', '3']);
    expect(m.organizations).toHaveLength(3);
    expect(m.organizations.every((o) => o.name.startsWith('Birch '))).toBe(true);
  });
});

describe('the terminal table', () => {
  it('summary first: input, archetypes, clusters and the largest flagged gaps before the organisations', async () => {
    const text = (await runCliAsync(['classify', '-q'])).stdout;
    const at = (heading: RegExp): number => text.search(heading);
    const order = [/^benchmark classify$/m, /^Archetypes$/m, /^Clusters \(12\)$/m, /^Largest flagged gaps \(10 of \d+\)$/m, /^Organisations \(240, by name\)$/m].map(at);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('COLUMNS: every line fits, and what was left out is named', async () => {
    for (const columns of [60, 80, 120]) {
      const result = await runCliAsync(['classify', '-q', '--all-channels'], { env: { COLUMNS: String(columns) } });
      expect(result.code).toBe(0);
      expect(widest(result.stdout), `COLUMNS=${columns}`).toBeLessThanOrEqual(columns);
      expect(result.stdout).toContain(`left out to fit ${columns} columns:`);
    }
  });

  it('not a terminal and no COLUMNS: no limit, nothing left out', async () => {
    const text = (await runCliAsync(['classify', '-q'])).stdout;
    expect(text).not.toContain('left out to fit');
    expect(widest(text)).toBeGreaterThan(200);
    for (const head of ['Per month', '≤24 h', 'CSAT (rated)', 'Flagged channels', 'Why']) expect(text).toContain(head);
  });

  it('colour: none when piped or with NO_COLOR; FORCE_COLOR forces it, FORCE_COLOR=0 refuses it', async () => {
    expect((await runCliAsync(['classify', '-q'])).stdout).not.toContain(ESC);
    const forced = await runCliAsync(['classify', '-q'], { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain(`${ESC}[1m`);
    expect((await runCliAsync(['classify', '-q'], { env: { FORCE_COLOR: '0' } })).stdout).not.toContain(ESC);
    expect((await runCliAsync(['classify', '-q'], { env: { FORCE_COLOR: '0', NO_COLOR: '' } })).stdout).not.toContain(ESC);
  });

  it('on a real terminal (a pseudo-terminal of 90 columns): colour on, every line within 90 columns', async () => {
    const probe = spawnSync('script', ['--version'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      console.log('skipped: util-linux `script` is not installed (no pseudo-terminal to run under)');
      return;
    }
    const command = `stty cols 90 rows 40; ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} classify -q --top 5`;
    const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', TERM: 'xterm' }, timeout: 60_000 });
    expect(result.status, result.stderr).toBe(0);
    const text = result.stdout.replace(/\r\n/g, '\n');
    expect(text).toContain(`${ESC}[1mArchetypes`);
    expect(widest(text)).toBeLessThanOrEqual(90);
    expect(text).toContain('left out to fit 90 columns:');
  });
});

describe('tune in a terminal', () => {
  it('draws inertia and silhouette against k with the recommended k marked under its bar', async () => {
    const report = await runJsonAsync<TuneReport>(['tune', '--k', '2..9', '--restarts', '3']);
    const text = (await runCliAsync(['tune', '--k', '2..9', '--restarts', '3', '-q'])).stdout;
    const lines = text.split('\n');
    for (const title of ['Inertia against k', 'Silhouette against k']) {
      const start = lines.findIndex((l) => l.startsWith(title));
      expect(start).toBeGreaterThan(0);
      const labels = lines.slice(start).find((l) => /^ +2 +3 +4/.test(l))!;
      const markLine = lines[lines.indexOf(labels, start) + 1]!;
      const legend = lines[lines.indexOf(labels, start) + 2]!;
      expect(markLine.indexOf('▲')).toBe(labels.search(new RegExp(`(?<= )${report.recommendedK}(?= |$)`)));
      expect(legend).toContain(`▲ recommended k = ${report.recommendedK}`);
    }
  });
});
