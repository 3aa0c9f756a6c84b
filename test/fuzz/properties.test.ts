// Property tests through the real CLI on generated and mutated CSVs and mapping files (test/fuzz/cases.ts):
// a fixed seed and a small number of runs here; `npm run fuzz` runs 10,000 or more.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { check, fuzzCase } from './cases.js';

describe('any input, generated or mutated', () => {
  it('exits 0 with balanced accounting, or 2/3 naming the file (and line), never a stack trace or half a file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'benchmark-props-'));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fuzzCase, async (c) => {
        const outcome = await check(c, join(root, String(n++)));
        if (!outcome.ok) throw new Error(outcome.problem!);
      }),
      { seed: 20261123, numRuns: 60 },
    );
  }, 300_000);
});
