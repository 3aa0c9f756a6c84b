// The worker thread that reads ranges of a large file beside this one, started as early as possible: as the command
// starts, while this thread is still loading the pipeline's modules, so that it has booted and loaded its own
// by the time reading begins (both take ~150 ms on two cores). A worker nobody takes does not hold the process.

import { statSync } from 'node:fs';
import { canUseWorkers, threadCount } from '../threads.js';
import { Worker } from 'node:worker_threads';

/** Files below this size are read on one thread (a worker's start-up would cost more than it saves). */
export const PARALLEL_MIN_BYTES = Number(process.env.BENCHMARK_PARALLEL_MIN_BYTES ?? 16 * 1024 * 1024);
const WORKER_FILE = new URL('./ingest-worker.js', import.meta.url);

let early: Worker | undefined;

/**
 * Starts the worker now when one of `files` (as given on the command line) is a plain file large enough to be
 * read in ranges on several threads and more than one thread may be used. A guess: globs, stdin and gzip are left to later.
 */
export function startIngestWorkerEarly(files: readonly string[], nThreads: number | undefined): void {
  if (early !== undefined || !canUseWorkers || threadCount(nThreads) < 2) return;
  const isLarge = files.some((file) => {
    if (file === '-' || file.endsWith('.gz') || /[*?[{]/.test(file)) return false;
    try {
      return statSync(file).size >= PARALLEL_MIN_BYTES;
    } catch {
      return false;
    }
  });
  if (!isLarge) return;
  early = new Worker(WORKER_FILE);
  early.unref();
  // An early worker that fails to start is replaced by a fresh one when needed.
  early.once('error', () => (early = undefined));
}

/** A worker waiting for its job: the early one if there is one, else a new one. */
export function takeIngestWorker(): Worker {
  const worker = early ?? new Worker(WORKER_FILE);
  early = undefined;
  worker.ref();
  return worker;
}

/** The commands that read ticket files. */
const READING_COMMANDS = new Set(['classify', 'metrics', 'check', 'report']);

/**
 * The files and thread count a raw command line (without node and the script) names for a reading command, or
 * undefined for any other command: every argument that is not an option is taken for a file (a guess: an
 * option's value that names a large file starts a worker the run may not use, which costs its start-up on the
 * other core only); `--threads N` and `--threads=N` are read.
 */
export function readingArgs(argv: readonly string[]): { files: string[]; nThreads: number | undefined } | undefined {
  if (!READING_COMMANDS.has(argv[0] ?? '')) return undefined;
  let nThreads: number | undefined;
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--threads') nThreads = Number(argv[++i]);
    else if (arg.startsWith('--threads=')) nThreads = Number(arg.slice('--threads='.length));
    else if (!arg.startsWith('-')) files.push(arg);
  }
  return { files, nThreads: Number.isFinite(nThreads) ? nThreads : undefined };
}

/**
 * startIngestWorkerEarly from the raw command line, before the CLI's own modules load (src/entry.ts). The
 * command's action calls startIngestWorkerEarly again, which then does nothing.
 */
export function startIngestWorkerFromArgv(argv: readonly string[]): void {
  const args = readingArgs(argv);
  if (args !== undefined) startIngestWorkerEarly(args.files, args.nThreads);
}
