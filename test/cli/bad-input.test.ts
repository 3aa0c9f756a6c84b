// The bad-input catalogue: every case in fixtures/bad/cases.json gives its exact message and exit code.
// Expected output lives in fixtures/bad/expected.json; UPDATE_GOLDEN=1 npm test rewrites it (review the diff).

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/report/report.js';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, hasStackTrace, runCli } from '../helpers.js';

interface Case {
  name: string;
  args: string[];
  /** A file too large to commit, made at test time and passed as $GENERATED. */
  generate?: 'huge-field' | 'long-line';
  /** The input is odd but valid: exit 0, and the golden file holds the accounting of the JSON report. */
  ok?: boolean;
}
interface Expected {
  exitCode: number;
  stderr: string;
  accounting?: { rowsRead: number; rowsUsed: number; rowsRejected: number; rejectsByReason: Record<string, number>; organizations: number; channels: string[] };
}

const generatedDir = mkdtempSync(join(tmpdir(), 'benchmark-bad-'));

function generate(kind: NonNullable<Case['generate']>): string {
  const file = join(generatedDir, `${kind}.csv`);
  if (kind === 'huge-field') {
    writeFileSync(file, `ticket_id,organization,channel,created_at,subject\n1,Acme,email,2025-01-01 10:00,"${'x, "" \n'.repeat(250_000)}"\n2,Beta,chat,2025-01-01 10:00,short\n`);
  } else {
    writeFileSync(file, 'y'.repeat(10 * 1024 * 1024));
  }
  return file;
}

const cases = JSON.parse(readFileSync(join(ROOT, 'fixtures/bad/cases.json'), 'utf8')) as Case[];
const goldenFile = join(ROOT, 'fixtures/bad/expected.json');
const isUpdate = process.env.UPDATE_GOLDEN === '1';
const golden: Record<string, Expected> = existsSync(goldenFile) ? JSON.parse(readFileSync(goldenFile, 'utf8')) : {};
const seen: Record<string, Expected> = {};

describe('bad input catalogue', () => {
  for (const c of cases) {
    it(c.name, () => {
      const generated = c.generate === undefined ? undefined : generate(c.generate);
      const result = runCli(c.args.map((a) => (a === '$GENERATED' ? generated! : a)));
      const stderr = generated === undefined ? result.stderr : result.stderr.split(generated).join('$GENERATED');
      const actual: Expected = { exitCode: result.code, stderr };
      expect(hasStackTrace(result.stderr)).toBe(false);
      expect(stderr.length).toBeLessThan(2000);
      if (c.ok) {
        expect(result.code, result.stderr).toBe(0);
        const report = JSON.parse(result.stdout) as Report;
        const { rowsRead, rowsUsed, rowsRejected, rejectsByReason, organizations } = report.input;
        expect(rowsRead).toBe(rowsUsed + rowsRejected);
        actual.accounting = { rowsRead, rowsUsed, rowsRejected, rejectsByReason, organizations, channels: [...new Set(report.organizations.flatMap((o) => o.channels.map((ch) => ch.channel)))].sort() };
      } else {
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(/^benchmark: /);
        expect([2, 3]).toContain(result.code);
      }
      seen[c.name] = actual;
      if (!isUpdate) expect(actual).toEqual(golden[c.name]);
    });
  }
  afterAll(() => {
    if (isUpdate) writeFileSync(goldenFile, `${JSON.stringify(seen, null, 2)}\n`);
  });
});
