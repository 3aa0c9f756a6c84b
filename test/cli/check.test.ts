// `benchmark check` through the real binary: a baseline from the bundled sample, a current export made slower
// for some organisations, every output format, config errors with suggestions, and each exit code.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../src/check/config.js';
import { ROOT, hasStackTrace, runCli } from '../helpers.js';

let dir: string;
let baseline: string;
let slower: string;
const profile = join(ROOT, 'fixtures/sample/profile.csv');

/** The sample with every resolution of `names` stretched by `factor` (solved_at moved away from created_at). */
function stretched(names: Set<string>, factor: number): string {
  const lines = readFileSync(join(ROOT, 'fixtures/sample/tickets.csv'), 'utf8').trimEnd().split('\n');
  const out = [lines[0]!];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    if (names.has(cells[1]!) && cells[4] !== '') {
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

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'benchmark-check-'));
  baseline = join(dir, 'baseline.json');
  expect(runCli(['classify', '--format', 'json', '-o', baseline, '-q']).code).toBe(0);
  slower = join(dir, 'slower.csv');
  writeFileSync(slower, stretched(new Set(['Birch Energy', 'Acme Cloud']), 1.5));
});

describe('benchmark check', () => {
  it('exit 0: the same data passes the default assertions, and says so', () => {
    const result = runCli(['check', '--baseline', baseline]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/\d+ checks: 0 failed, 0 warned, \d+ skipped, \d+ passed\n$/);
    expect(result.stderr).toMatch(/benchmark: \d+ checks: 0 failed/);
  });

  it('exit 1: slower organisations fail the default +20% error bound, with their names and numbers', () => {
    const result = runCli(['check', slower, '--profile', profile, '--baseline', baseline, '--format', 'json']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/^benchmark: regression: \d+ checks: 2 failed, \d+ warned/m);
    const out = JSON.parse(result.stdout) as { isRegression: boolean; results: { status: string; level: string; metric: string | null; check?: string; scopeText: string; deltaPct: number; notice: string | null }[] };
    expect(out.isRegression).toBe(true);
    const failed = out.results.filter((r) => r.status === 'fail');
    expect(failed.map((r) => [r.metric, r.scopeText])).toEqual([
      ['resolutionMedianHours', 'Acme Cloud'],
      ['resolutionMedianHours', 'Birch Energy'],
    ]);
    // Every resolution × 1.5 moves the median by exactly +50% (solved − created is scaled; the median is a
    // linear interpolation of two of them).
    for (const r of failed) expect(r.deltaPct).toBeCloseTo(50, 6);
    expect(out.results.filter((r) => r.status === 'warn' && r.metric === 'resolutionMedianHours').map((r) => r.scopeText)).toEqual(['Acme Cloud', 'Birch Energy']);
    // Slower resolution changes no clustering feature (coverage hours come from first replies), so the refit
    // keeps every cluster: no organisation moves, and a channel newly flagged is one of the two slowed down (a
    // peer gap: 1.5× slower than its peers' same channel).
    const changes = out.results.filter((r) => r.status === 'warn' && r.metric === null);
    for (const r of changes) expect(['Acme Cloud', 'Birch Energy']).toContain(r.scopeText);
    for (const r of changes) expect(r.notice).toMatch(/peer gap/);
  });

  it('a config with bounds both ways, a warn-only regression exits 0', () => {
    const file = config([
      { metric: 'resolutionMedianHours', scope: { organization: 'Birch Energy' }, maxIncreasePct: 20, level: 'warn' },
      { metric: 'resolvedWithin48hShare', scope: { organization: 'Birch Energy' }, maxDecreasePct: 50, minSample: 10 },
      { metric: 'resolutionMedianHours', scope: { channel: 'email' }, aggregation: 'p90', max: 1000 },
    ]);
    const result = runCli(['check', slower, '--profile', profile, '--baseline', baseline, '--config', file, '--format', 'json', '-q']);
    expect(result.code, result.stderr).toBe(0);
    const statuses = (JSON.parse(result.stdout) as { results: { status: string }[] }).results.map((r) => r.status);
    expect(statuses).toEqual(['warn', 'pass', 'pass']);
  });

  it('JUnit XML parses (Python’s xml.etree) with one failure per failed check', () => {
    const file = join(dir, 'check.xml');
    const result = runCli(['check', slower, '--profile', profile, '--baseline', baseline, '--format', 'junit', '-o', file, '-q']);
    expect(result.code).toBe(1);
    const parsed = spawnSync('/usr/bin/python3', ['-c', 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); s = r.find("testsuite"); print(r.get("failures"), len(s.findall("testcase")), len(s.findall("testcase/failure")), len(s.findall("testcase/skipped")))', file], { encoding: 'utf8' });
    expect(parsed.status, parsed.stderr).toBe(0);
    const [failures, cases, failureElements, skipped] = parsed.stdout.trim().split(' ').map(Number);
    expect(failures).toBe(2);
    expect(failureElements).toBe(2);
    expect(cases).toBeGreaterThan(1000);
    expect(skipped).toBeGreaterThan(0);
  });

  it('Markdown, appended to GITHUB_STEP_SUMMARY too', () => {
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const result = runCli(['check', slower, '--profile', profile, '--baseline', baseline, '--format', 'markdown', '-q'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^## ❌ benchmark check\n/);
    expect(result.stdout).toContain('| **fail** | error | resolutionMedianHours | Acme Cloud |');
    expect(readFileSync(summary, 'utf8')).toBe(`# earlier step\n${result.stdout}`);
  });

  it('table: every check, problems first', () => {
    const result = runCli(['check', slower, '--profile', profile, '--baseline', baseline, '-q']);
    const rows = result.stdout.split('\n').filter((l) => /^│ (fail|warn|skipped|pass) /.test(l));
    expect(rows[0]).toMatch(/^│ fail +│ error │ resolutionMedianHours +│ Acme Cloud/);
    expect(rows.at(-1)).toMatch(/^│ pass /);
    expect(rows.length).toBe(Number(/^(\d+) checks/m.exec(result.stdout)![1]));
  });

  it('with --model: the current data is placed with the saved model, and the same data passes', () => {
    const model = join(dir, 'model.json');
    const base = join(dir, 'model-baseline.json');
    expect(runCli(['classify', '--save-model', model, '--format', 'json', '-o', base, '-q']).code).toBe(0);
    const same = runCli(['check', '--baseline', base, '--model', model, '--format', 'json', '-q']);
    expect(same.code, same.stderr).toBe(0);
    const worse = runCli(['check', slower, '--profile', profile, '--baseline', base, '--model', model, '--format', 'json', '-q']);
    expect(worse.code).toBe(1);
  });

  it('same inputs, same result', () => {
    const args = ['check', slower, '--profile', profile, '--baseline', baseline, '--format', 'json', '-q'];
    expect(runCli(args).stdout).toBe(runCli(args).stdout);
  });

  it('exit 2: config typos name the key or value and suggest the closest', () => {
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
      const result = runCli(['check', '--baseline', baseline, '--config', file]);
      expect(result.code, message).toBe(2);
      expect(result.stderr).toContain(`benchmark: ${file}: `);
      expect(result.stderr).toContain(message);
      expect(hasStackTrace(result.stderr)).toBe(false);
    }
    const top = join(dir, 'top.json');
    writeFileSync(top, JSON.stringify({ asertions: [] }));
    expect(runCli(['check', '--baseline', baseline, '--config', top]).stderr).toContain('unknown key "asertions"; did you mean "assertions"?');
  });

  it('exit 2: a missing, foreign or newer baseline', () => {
    const model = join(dir, 'newer.json');
    writeFileSync(model, JSON.stringify({ ...JSON.parse(readFileSync(baseline, 'utf8')), schemaVersion: 9 }));
    const cases: [string, string][] = [
      [join(dir, 'absent.json'), 'absent.json: no such file'],
      [model, 'report schema version 9 is newer than this benchmark reads (3)'],
      [join(ROOT, 'package.json'), 'not a benchmark JSON report: at schemaVersion'],
    ];
    for (const [file, message] of cases) {
      const result = runCli(['check', '--baseline', file]);
      expect(result.code, file).toBe(2);
      expect(result.stderr).toContain(message);
    }
    expect(runCli(['check']).stderr).toContain("required option '--baseline <file>' not specified");
    expect(runCli(['check', '--baseline', baseline, '--format', 'xml']).code).toBe(2);
  });

  it('exit 3: bad input data, with file and line', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'organization,created_at\nA,yesterday\n');
    const result = runCli(['check', bad, '--baseline', baseline]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`${bad}:2: column "created_at"`);
  });

  it('the committed JSON Schema is the one the zod schema makes (npm run schema)', () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'benchmark.config.schema.json'), 'utf8'))).toEqual(configJsonSchema());
  });
});
