// How many threads a run uses, decided here alone: `--threads` when given, else the cores available, and never
// more than the cores (a thread beyond them only adds its memory: each reader holds its own accumulator).
// Reading a large file uses this thread and n − 1 workers (never more than its ranges); k-means restarts
// likewise (never more than the restarts); a large report is rendered by two.

import { availableParallelism } from 'node:os';

/**
 * Whether worker threads can be started: this runs from compiled JavaScript, where the workers' files exist,
 * and not from the TypeScript sources (the tests' in-process runs), where everything runs on this thread.
 */
export const canUseWorkers = import.meta.url.endsWith('.js');

/** The largest `--threads` accepted. */
export const MAX_THREADS = 256;

/** The cores this process may use; BENCHMARK_CORES (a positive integer) stands in for them in tests. */
export function availableCores(): number {
  const forced = process.env.BENCHMARK_CORES;
  if (forced !== undefined && /^\d+$/.test(forced) && Number(forced) > 0) return Number(forced);
  return availableParallelism();
}

export function threadCount(requested: number | undefined): number {
  const cores = availableCores();
  return Math.min(requested ?? cores, cores);
}
