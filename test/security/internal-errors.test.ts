// Inputs that used to end in an internal error (exit 70) now get a clear message and their documented exit
// code: a header of 300,000 columns, an input the user may not read, a baseline whose fit settings the flags
// would refuse.

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, hasStackTrace, runCli, runJson } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'benchmark-internal-'));
chmodSync(dir, 0o755);

describe('a header of 300,000 columns', () => {
  it('is read row by row (no batch of that width), exit 0 with balanced accounting', () => {
    const n = 300_000;
    const blanks = ','.repeat(n - 2);
    const file = join(dir, 'wide.csv');
    writeFileSync(file, `organization,created_at${Array.from({ length: n - 2 }, (_, i) => `,c${i}`).join('')}\nA,2025-01-01 10:00${blanks}\nB,2025-01-02 10:00${blanks}\n`);
    const report = runJson<{ input: { rowsRead: number; rowsUsed: number }; organizations: unknown[] }>(['metrics', file]);
    expect(report.input).toMatchObject({ rowsRead: 2, rowsUsed: 2 });
    expect(report.organizations).toHaveLength(2);
  });
});

// Root reads any file, so the unreadable input is tried as another user where the tests run as root (CI).
const isRoot = process.getuid?.() === 0;
// nobody must be able to run the tool from where this clone lies (a folder only root may enter would not do).
const canRunAsNobody = isRoot && spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, BIN, '--version'], { cwd: '/', encoding: 'utf8' }).status === 0;
if (!canRunAsNobody) console.warn('internal-errors.test.ts: the unreadable-input case is skipped: it needs root, runuser, and a clone that nobody may read');
describe.skipIf(!canRunAsNobody)('an input the user may not read (as nobody; skipped unless root with runuser)', () => {
  it('is a usage error naming the file and the reason (exit 2), for the export and for a profile', () => {
    const secret = join(dir, 'secret.csv');
    writeFileSync(secret, readFileSync(join(ROOT, 'fixtures/sample/tickets.csv')));
    chmodSync(secret, 0o600);
    for (const args of [['metrics', secret], ['metrics', '--profile', secret]]) {
      const result = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, BIN, ...args], { cwd: '/', encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).toContain(`cannot read input file ${secret}: permission denied (EACCES)`);
      expect(hasStackTrace(result.stderr)).toBe(false);
    }
  });
});

describe('a baseline whose fit settings the flags would refuse', () => {
  const baseline = join(dir, 'baseline.json');
  expect(runCli(['classify', '--format', 'json', '-o', baseline, '-q']).code).toBe(0);
  const report = JSON.parse(readFileSync(baseline, 'utf8')) as { model: Record<string, unknown>; gapThresholds: Record<string, unknown> };
  const cases: [string, (r: typeof report) => void, string][] = [
    ['restarts 0', (r) => (r.model.restarts = 0), 'at model.restarts'],
    ['seed -1', (r) => (r.model.seed = -1), 'at model.seed'],
    ['scaling minmax', (r) => (r.model.scaling = 'minmax'), 'at model.scaling'],
    ['k 1', (r) => (r.model.kRequested = 1), 'at model.kRequested'],
    ['a negative gap ratio', (r) => (r.gapThresholds.ratio = -2), 'at gapThresholds.ratio'],
    ['0 minimum tickets', (r) => (r.gapThresholds.minTickets = 0), 'at gapThresholds.minTickets'],
  ];
  for (const [what, edit, where] of cases) {
    it(`${what}: a usage error naming the field (exit 2)`, () => {
      const edited = JSON.parse(JSON.stringify(report)) as typeof report;
      edit(edited);
      const file = join(dir, `${what.replace(/\W+/g, '-')}.json`);
      writeFileSync(file, JSON.stringify(edited));
      const result = runCli(['check', '--baseline', file]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--baseline ${file}: not a benchmark JSON report: ${where}:`);
      expect(hasStackTrace(result.stderr)).toBe(false);
    });
  }
});
