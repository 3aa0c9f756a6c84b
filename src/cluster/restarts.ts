// Running a set of k-means restarts and keeping the best: the unit of work a thread does.

import { lloyd, seedPlusPlus, type RunResult } from './kmeans-run.js';
import type { Matrix } from './matrix.js';
import { Random } from './rng.js';

export interface RestartOptions {
  k: number;
  seed: number;
  tolerance: number;
  maxIterations: number;
}

export interface BestRun extends RunResult {
  restart: number;
}

/** Whether run a beats run b: lower inertia, then the earlier restart, so the winner never depends on threads. */
export function isBetter(a: { inertia: number; restart: number }, b: { inertia: number; restart: number } | undefined): boolean {
  return b === undefined || a.inertia < b.inertia || (a.inertia === b.inertia && a.restart < b.restart);
}

/**
 * Runs restarts taken one at a time from a shared counter (Atomics), until nRestarts are taken, so a faster
 * (warmer) thread simply takes more; the result of a restart depends on its number alone.
 */
export function runSharedRestarts(m: Matrix, options: RestartOptions, counter: Int32Array, nRestarts: number): { best: BestRun | undefined; nReseeded: number } {
  let best: BestRun | undefined;
  let nReseeded = 0;
  for (let restart = Atomics.add(counter, 0, 1); restart < nRestarts; restart = Atomics.add(counter, 0, 1)) {
    const result = runRestarts(m, options, [restart]);
    nReseeded += result.nReseeded;
    if (result.best && isBetter(result.best, best)) best = result.best;
  }
  return { best, nReseeded };
}

/**
 * Runs the given restarts (each seeded from (seed, restart) alone, so its result is the same whichever
 * thread runs it) and returns the best, with the total of reseeded empty clusters over all of them.
 */
export function runRestarts(m: Matrix, options: RestartOptions, restarts: readonly number[]): { best: BestRun | undefined; nReseeded: number } {
  let best: BestRun | undefined;
  let nReseeded = 0;
  for (const restart of restarts) {
    const random = new Random(options.seed, restart);
    const run = lloyd(m, seedPlusPlus(m, options.k, random), options);
    nReseeded += run.nReseeded;
    // A run's labels and centres may be the kernel's, written over by the next run: the best keeps copies.
    if (isBetter({ inertia: run.inertia, restart }, best)) best = { ...run, restart, labels: run.labels.slice(), centers: run.centers.slice() };
  }
  return { best, nReseeded };
}
