// Once per run: say which optional parts of the suite will skip, and why, instead of each file saying it; and
// give the run a temporary directory of its own (TMPDIR, which the test workers and every CLI they start
// inherit), removed when the run ends, so that the files tests make never outlive it.

import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA } from './helpers.js';

export default function setup(): () => void {
  if (!existsSync(DATA)) {
    process.stderr.write(`benchmark tests: the public datasets are not at ${DATA} (a clone without ../shared beside it): the tests that read them are skipped; the rest run\n`);
  }
  const root = mkdtempSync(join(tmpdir(), 'benchmark-tests-'));
  // As /tmp is: the tests that run a command as another user (PostgreSQL's, nobody) reach their folders in it.
  chmodSync(root, 0o1777);
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
