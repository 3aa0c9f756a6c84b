// How many threads a run uses, decided here alone: `--threads` when given, else the cores available. Reading a
// large file uses this thread and n − 1 workers (never more than its ranges); k-means restarts likewise (never
// more than the restarts).

import { availableParallelism } from 'node:os';

/** The largest `--threads` accepted. */
export const MAX_THREADS = 256;

export function threadCount(requested: number | undefined): number {
  return requested ?? availableParallelism();
}
