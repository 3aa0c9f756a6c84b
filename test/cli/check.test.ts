// `benchmark check` through the real binary: a baseline from the bundled sample, a current export made slower
// for some organisations, every output format, config errors with suggestions, and each exit code.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../src/check/config.js';
import { ROOT, hasStackTrace, runCliAsync } from '../helpers.js';

let dir: string;
let baseline: string;
let slower: string;
const profile = join(ROOT, 'fixtures/sample/profile.csv');

/** The sample with every resolution of `names` (in `channel`, or all) stretched by `factor` (solved_at moved away from created_at). */
function stretched(names: Set<string>, factor: number, channel?: string): string {
  const lines = readFileSync(join(ROOT, 'fixtures/sample/tickets.csv'), 'utf8').trimEnd().split('\n');
  const out = [lines[0]!];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    if (names.has(cells[1]!) && cells[4] !== '' && (channel === undefined || cells[2] === channel)) {
      const created = Date.parse(`${cells[3]!.replace(' ', 'T')}Z`);
      const solved = Date.parse(`${cells[4]!.replace(' ', 'T')}Z`);
      cells[4] = new Date(created + factor * (solved - created)).toISOString().slice(0, 19).replace('T', ' ');
    }
    out.push(cells.join(','));
  }
  return `${out.join('\n')}\n`;
}

function config(assertions: unknown[]): string {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify({ assertions }));
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'benchmark-check-'));
  baseline = join(dir, 'baseline.json');
  expect((await runCliAsync(['classify', '--format', 'json', '-o', baseline, '-q'])).code).toBe(0);
  slower = join(dir, 'slower.csv');
  writeFileSync(slower, stretched(new Set(['Birch Energy', 'Acme Cloud']), 1.4));
});

describe('benchmark check', () => {
  it('exit 0: the same data passes the default assertions, and says so in a few lines', async () => {
    const result = await runCliAsync(['check', '--baseline', baseline]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/\d+ checks: 0 failed, 0 warned, \d+ skipped, \d+ passed \(\d+ not listed: --verbose lists every result\)\n$/);
    expect(result.stdout).toContain('placed with the baseline’s model');
    expect(result.stderr).toMatch(/benchmark: \d+ checks: 0 failed/);
    const lines = `${result.stdout}${result.stderr}`.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(20);
  });

  it('exit 1: one organisation’s email three times slower fails the defaults, naming the organisation and the channel', async () => {
    type Org = { name: string; metrics: { tickets: number }; channels: { channel: string; solvedTickets: number; share: number }[] };
    const orgs = (JSON.parse(readFileSync(baseline, 'utf8')) as { organizations: Org[] }).organizations;
    // The organisation whose email is its smallest share among those with enough solved email tickets: its
    // overall median moves least, as when one minor channel slows down.
    const emailShare = (o: Org): number => o.channels.find((c) => c.channel === 'email' && c.solvedTickets >= 30)?.share ?? Infinity;
    const org = [...orgs].sort((a, b) => emailShare(a) - emailShare(b) || (a.name < b.name ? -1 : 1))[0]!;
    const file = join(dir, 'email-slower.csv');
    writeFileSync(file, stretched(new Set([org.name]), 3, 'email'));
    const result = await runCliAsync(['check', file, '--profile', profile, '--baseline', baseline]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/^benchmark: regression: \d+ checks: [1-9]\d* failed/m);
    const failRows = result.stdout.split('\n').filter((l) => /^│ fail /.test(l));
    expect(failRows.some((l) => l.includes(`${org.name} ×`) && result.stdout.includes('channel email')), result.stdout).toBe(true);
    const json = JSON.parse((await runCliAsync(['check', file, '--profile', profile, '--baseline', baseline, '--format', 'json', '-q'])).stdout) as { results: { status: string; scope: { organization?: string; channel?: string }; deltaPct: number | null }[] };
    const failed = json.results.filter((r) => r.status === 'fail');
    const channelFail = failed.find((r) => r.scope.organization === org.name && r.scope.channel === 'email');
    expect(channelFail?.deltaPct).toBeCloseTo(200, 6);
    // The organisation's overall median rose less than its +20% error bound: the channel bound is what fails.
    expect(failed.filter((r) => r.scope.channel === undefined)).toEqual([]);
    // Nothing else changed: every result that is not a pass concerns that organisation (no refit noise).
    for (const r of json.results.filter((x) => x.status === 'fail' || x.status === 'warn')) {
      if (r.scope.organization !== undefined) expect(r.scope.organization).toBe(org.name);
    }
  });

  it('exit 1: slower organisations fail the default +20% error bound, with their names and numbers', async () => {
    const result = await runCliAsync(['check', slower, '--profile', profile, '--baseline', baseline, '--format', 'json']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/^benchmark: regression: \d+ checks: 2 failed, \d+ warned/m);
    const out = JSON.parse(result.stdout) as { isRegression: boolean; results: { status: string; level: string; metric: string | null; check?: string; scopeText: string; deltaPct: number; notice: string | null }[] };
    expect(out.isRegression).toBe(true);
    const failed = out.results.filter((r) => r.status === 'fail');
    expect(failed.map((r) => [r.metric, r.scopeText])).toEqual([
      ['resolutionMedianHours', 'Acme Cloud'],
      ['resolutionMedianHours', 'Birch Energy'],
    ]);
    // Every resolution × 1.4 moves the median by +40% (solved − created is scaled, to the second the export
    // holds; the median is a linear interpolation of two of them): past the organisation's +20% error bound, and between its channels'
    // +25% warning and +50% error bounds.
    for (const r of failed) expect(r.deltaPct).toBeCloseTo(40, 2);
    expect(out.results.filter((r) => r.status === 'warn' && r.metric === 'resolutionMedianHours' && !r.scopeText.includes('×')).map((r) => r.scopeText)).toEqual(['Acme Cloud', 'Birch Energy']);
    const channelWarnings = out.results.filter((r) => r.status === 'warn' && r.scopeText.includes('× channel'));
    expect(channelWarnings.length).toBeGreaterThan(0);
    for (const r of channelWarnings) expect(r.deltaPct).toBeCloseTo(40, 2);
    // Placed with the baseline's model, no organisation moves, and a channel newly flagged is one of the two
    // slowed down (a peer gap: 1.4× slower than its peers' same channel).
    const changes = out.results.filter((r) => r.status === 'warn' && r.metric === null);
    for (const r of changes) expect(['Acme Cloud', 'Birch Energy']).toContain(r.scopeText);
    for (const r of changes) expect(r.notice).toMatch(/peer gap/);
  });

  it('a config with bounds both ways, a warn-only regression exits 0', async () => {
    const file = config([
      { metric: 'resolutionMedianHours', scope: { organization: 'Birch Energy' }, maxIncreasePct: 20, level: 'warn' },
      { metric: 'resolvedWithin48hShare', scope: { organization: 'Birch Energy' }, maxDecreasePct: 50, minSample: 10 },
      { metric: 'resolutionMedianHours', scope: { channel: 'email' }, aggregation: 'p90', max: 1000 },
    ]);
    const result = await runCliAsync(['check', slower, '--profile', profile, '--baseline', baseline, '--config', file, '--format', 'json', '-q']);
    expect(result.code, result.stderr).toBe(0);
    const statuses = (JSON.parse(result.stdout) as { results: { status: string }[] }).results.map((r) => r.status);
    expect(statuses).toEqual(['warn', 'pass', 'pass']);
  });

  it('JUnit XML parses (Python’s xml.etree) with one failure per failed check', async () => {
    const file = join(dir, 'check.xml');
    const result = await runCliAsync(['check', slower, '--profile', profile, '--baseline', baseline, '--format', 'junit', '-o', file, '-q']);
    expect(result.code).toBe(1);
    const parsed = spawnSync('/usr/bin/python3', ['-c', 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); s = r.find("testsuite"); print(r.get("failures"), len(s.findall("testcase")), len(s.findall("testcase/failure")), len(s.findall("testcase/skipped")))', file], { encoding: 'utf8' });
    expect(parsed.status, parsed.stderr).toBe(0);
    const [failures, cases, failureElements, skipped] = parsed.stdout.trim().split(' ').map(Number);
    expect(failures).toBe(2);
    expect(failureElements).toBe(2);
    expect(cases).toBeGreaterThan(1000);
    expect(skipped).toBeGreaterThan(0);
  });

  it('Markdown, appended to GITHUB_STEP_SUMMARY too', async () => {
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const result = await runCliAsync(['check', slower, '--profile', profile, '--baseline', baseline, '--format', 'markdown', '-q'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^## ❌ benchmark check\n/);
    expect(result.stdout).toContain('| **fail** | resolutionMedianHours | Acme Cloud |');
    // Failures and warnings only: no pass or skip row.
    expect(result.stdout).not.toMatch(/^\| (pass|skipped) \|/m);
    expect(readFileSync(summary, 'utf8')).toBe(`# earlier step\n${result.stdout}`);
  });

  it('table: failures and warnings by default, problems first; every check with --verbose', async () => {
    const result = await runCliAsync(['check', slower, '--profile', profile, '--baseline', baseline, '-q']);
    const rows = result.stdout.split('\n').filter((l) => /^│ (fail|warn|skipped|pass) /.test(l));
    expect(rows[0]).toMatch(/^│ fail +│ error │ resolutionMedianHours +│ Acme Cloud/);
    expect(rows.every((l) => /^│ (fail|warn) /.test(l))).toBe(true);
    const [, total, failed, warned] = /^(\d+) checks: (\d+) failed, (\d+) warned/m.exec(result.stdout)!.map(Number);
    // Every failure, and the warnings no failure of the same check and scope already says.
    expect(rows.filter((l) => /^│ fail /.test(l)).length).toBe(failed);
    expect(rows.length).toBeLessThanOrEqual(failed! + warned!);
    expect(rows.length).toBeGreaterThan(failed!);
    const verbose = await runCliAsync(['check', slower, '--profile', profile, '--baseline', baseline, '-q', '--verbose']);
    const all = verbose.stdout.split('\n').filter((l) => /^│ (fail|warn|skipped|pass) /.test(l));
    expect(all.at(-1)).toMatch(/^│ pass /);
    expect(all.length).toBe(total);
  });

  it('JUnit test case names are unique and the same from run to run', async () => {
    const names = async (): Promise<string[]> => {
      const result = await runCliAsync(['check', slower, '--profile', profile, '--baseline', baseline, '--format', 'junit', '-q']);
      return [...result.stdout.matchAll(/<testcase classname="[^"]*" name="([^"]*)"/g)].map((m) => m[1]!);
    };
    const first = await names();
    expect(first.length).toBeGreaterThan(1000);
    expect(new Set(first).size).toBe(first.length);
    expect(await names()).toEqual(first);
  });

  it('wildcard scopes leave out the channels an organisation never served', async () => {
    const json = JSON.parse((await runCliAsync(['check', '--baseline', baseline, '--format', 'json', '-q'])).stdout) as { results: { scope: { organization?: string; channel?: string } }[] };
    const served = new Set((JSON.parse(readFileSync(baseline, 'utf8')) as { organizations: { name: string; channels: { channel: string }[] }[] }).organizations.flatMap((o) => o.channels.map((c) => `${o.name}/${c.channel}`)));
    const both = json.results.filter((r) => r.scope.organization !== undefined && r.scope.channel !== undefined);
    expect(both.length).toBeGreaterThan(0);
    for (const r of both) expect(served.has(`${r.scope.organization}/${r.scope.channel}`)).toBe(true);
  });

  it('Markdown fits a pull-request comment: at most 25 rows, the rest counted', async () => {
    const names = new Set((JSON.parse(readFileSync(baseline, 'utf8')) as { organizations: { name: string }[] }).organizations.map((o) => o.name));
    const file = join(dir, 'all-slower.csv');
    writeFileSync(file, stretched(names, 2));
    const result = await runCliAsync(['check', file, '--profile', profile, '--baseline', baseline, '--format', 'markdown', '-q']);
    expect(result.code).toBe(1);
    const rows = result.stdout.split('\n').filter((l) => /^\| (\*\*fail\*\*|warn) \|/.test(l));
    expect(rows.length).toBe(25);
    const [, failed, warned] = /(\d+) failed, (\d+) warned/.exec(result.stdout)!.map(Number);
    // A warning beside a failure of the same check and scope is not listed again.
    const more = Number(/(\d+) more failures and warnings are in the JSON or JUnit results/.exec(result.stdout)![1]);
    expect(more).toBeGreaterThan(0);
    expect(more + 25).toBeLessThanOrEqual(failed! + warned!);
    expect(more + 25).toBeGreaterThanOrEqual(failed!);
  });

  it('with --model: the current data is placed with the saved model, and the same data passes', async () => {
    const model = join(dir, 'model.json');
    const base = join(dir, 'model-baseline.json');
    expect((await runCliAsync(['classify', '--save-model', model, '--format', 'json', '-o', base, '-q'])).code).toBe(0);
    const same = await runCliAsync(['check', '--baseline', base, '--model', model, '--format', 'json', '-q']);
    expect(same.code, same.stderr).toBe(0);
    const worse = await runCliAsync(['check', slower, '--profile', profile, '--baseline', base, '--model', model, '--format', 'json', '-q']);
    expect(worse.code).toBe(1);
  });

  it('same inputs, same result', async () => {
    const args = ['check', slower, '--profile', profile, '--baseline', baseline, '--format', 'json', '-q'];
    expect((await runCliAsync(args)).stdout).toBe((await runCliAsync(args)).stdout);
  });

  it('exit 2: config typos name the key or value and suggest the closest', async () => {
    const cases: [unknown[], string][] = [
      [[{ metric: 'resolutionMedianHours', maxIncrease: 20 }], 'assertions[0]: unknown key "maxIncrease"; did you mean "maxIncreasePct"?'],
      [[{ metric: 'resolutionMedianHour', max: 20 }], 'assertions[0].metric: expected one of tickets, solvedTickets'],
      [[{ metric: 'resolutionMedianHour', max: 20 }], 'got "resolutionMedianHour"; did you mean "resolutionMedianHours"?'],
      [[{ check: 'archetype-chnage' }], 'assertions[0].check: expected one of cluster-change, archetype-change, new-flagged-gap, missing, got "archetype-chnage"; did you mean "archetype-change"?'],
      [[{ metric: 'csat', scope: { organisation: 'A' }, min: 0.9 }], 'assertions[0].scope: unknown key "organisation"; did you mean "organization"?'],
      [[{ metric: 'csat', maxIncreasePct: 5 }], 'assertions[0]: for "csat" higher is better, so an increase is never a regression: use maxDecreasePct'],
      [[{ metric: 'csat' }], 'assertions[0]: "csat" has no bound: give max, min, maxIncreasePct or maxDecreasePct'],
      [[{ metric: 'agents', scope: { channel: 'email' }, max: 3 }], 'assertions[0]: a channel scope needs a channel metric'],
    ];
    for (const [assertions, message] of cases) {
      const file = config(assertions);
      const result = await runCliAsync(['check', '--baseline', baseline, '--config', file]);
      expect(result.code, message).toBe(2);
      expect(result.stderr).toContain(`benchmark: ${file}: `);
      expect(result.stderr).toContain(message);
      expect(hasStackTrace(result.stderr)).toBe(false);
    }
    const top = join(dir, 'top.json');
    writeFileSync(top, JSON.stringify({ asertions: [] }));
    expect((await runCliAsync(['check', '--baseline', baseline, '--config', top])).stderr).toContain('unknown key "asertions"; did you mean "assertions"?');
  });

  it('exit 2: a missing, foreign or newer baseline', async () => {
    const model = join(dir, 'newer.json');
    writeFileSync(model, JSON.stringify({ ...JSON.parse(readFileSync(baseline, 'utf8')), schemaVersion: 9 }));
    const cases: [string, string][] = [
      [join(dir, 'absent.json'), 'absent.json: no such file'],
      [model, 'report schema version 9 is newer than this benchmark reads (4)'],
      [join(ROOT, 'package.json'), 'not a benchmark JSON report: at schemaVersion'],
    ];
    for (const [file, message] of cases) {
      const result = await runCliAsync(['check', '--baseline', file]);
      expect(result.code, file).toBe(2);
      expect(result.stderr).toContain(message);
    }
    expect((await runCliAsync(['check'])).stderr).toContain("required option '--baseline <file>' not specified");
    expect((await runCliAsync(['check', '--baseline', baseline, '--format', 'xml'])).code).toBe(2);
  });

  it('exit 3: bad input data, with file and line', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'organization,created_at\nA,yesterday\n');
    const result = await runCliAsync(['check', bad, '--baseline', baseline]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`${bad}:2: column "created_at"`);
  });

  it('the committed JSON Schema is the one the zod schema makes (npm run schema)', async () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'benchmark.config.schema.json'), 'utf8'))).toEqual(configJsonSchema());
  });
});
