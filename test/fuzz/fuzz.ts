// `npm run fuzz`: FUZZ_RUNS cases (default 10,000) from FUZZ_SEED, run through the real CLI a few at a time.
// Prints the outcome counts; a failing case's files are kept and its problem printed; exits 1 on any failure.

import { availableParallelism, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { check, fuzzCase } from './cases.js';

const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
const seed = Number(process.env.FUZZ_SEED ?? 1);
const parallel = Number(process.env.FUZZ_PARALLEL ?? availableParallelism() * 2);
const root = mkdtempSync(join(tmpdir(), 'benchmark-fuzz-'));
const cases = fc.sample(fuzzCase, { numRuns: runs, seed });
const counts = new Map<number, number>();
const failures: string[] = [];
const started = performance.now();
let next = 0;
let done = 0;

async function worker(): Promise<void> {
  while (next < cases.length) {
    const i = next++;
    const dir = join(root, String(i));
    const outcome = await check(cases[i]!, dir);
    counts.set(outcome.code, (counts.get(outcome.code) ?? 0) + 1);
    if (outcome.ok) rmSync(dir, { recursive: true, force: true });
    else failures.push(`case ${i} (kept in ${dir}): ${outcome.problem}`);
    if (++done % 500 === 0) process.stderr.write(`fuzz: ${done}/${runs} cases, ${failures.length} failures, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
}

await Promise.all(Array.from({ length: parallel }, worker));
const byCode = [...counts].sort((a, b) => a[0] - b[0]).map(([code, n]) => `exit ${code}: ${n}`).join(', ');
process.stdout.write(`fuzz: ${runs} cases (seed ${seed}) in ${((performance.now() - started) / 1000).toFixed(0)} s: ${failures.length} failures; ${byCode}\n`);
for (const f of failures.slice(0, 20)) process.stdout.write(`\n${f}\n`);
process.exit(failures.length > 0 ? 1 : 0);
