import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

describe('bundled sample', () => {
  it('is what scripts/generate-sample.mjs generates, byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'benchmark-sample-'));
    execFileSync(process.execPath, [join(ROOT, 'scripts/generate-sample.mjs'), '--out', dir]);
    for (const file of ['tickets.csv', 'profile.csv']) {
      expect(readFileSync(join(dir, file), 'utf8')).toBe(readFileSync(join(ROOT, 'fixtures/sample', file), 'utf8'));
    }
  });
  it('stays a few MB', () => {
    expect(readFileSync(join(ROOT, 'fixtures/sample/tickets.csv')).length).toBeLessThan(5 * 1024 * 1024);
  });
});
