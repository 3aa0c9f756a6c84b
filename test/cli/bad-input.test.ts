// The bad-input catalogue: every case in fixtures/bad/cases.json gives its exact message and exit code.
// Expected output lives in fixtures/bad/expected.json; UPDATE_GOLDEN=1 npm test rewrites it (review the diff).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, hasStackTrace, runCli } from '../helpers.js';

interface Case {
  name: string;
  args: string[];
}
interface Expected {
  exitCode: number;
  stderr: string;
}

const cases = JSON.parse(readFileSync(join(ROOT, 'fixtures/bad/cases.json'), 'utf8')) as Case[];
const goldenFile = join(ROOT, 'fixtures/bad/expected.json');
const isUpdate = process.env.UPDATE_GOLDEN === '1';
const golden: Record<string, Expected> = existsSync(goldenFile) ? JSON.parse(readFileSync(goldenFile, 'utf8')) : {};
const seen: Record<string, Expected> = {};

describe('bad input catalogue', () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = runCli(c.args);
      const actual = { exitCode: result.code, stderr: result.stderr };
      seen[c.name] = actual;
      expect(result.stdout).toBe('');
      expect(hasStackTrace(result.stderr)).toBe(false);
      expect(result.stderr).toMatch(/^benchmark: /);
      expect([2, 3]).toContain(result.code);
      if (!isUpdate) expect(actual).toEqual(golden[c.name]);
    });
  }
  afterAll(() => {
    if (isUpdate) writeFileSync(goldenFile, `${JSON.stringify(seen, null, 2)}\n`);
  });
});
