// A small pool of k-means worker threads, started on first use and kept (unreferenced, so they never hold the
// process open) for later fits in the same process: `tune` fits many k, and a warm worker runs its code compiled.

import { Worker } from 'node:worker_threads';
import type { TransferListItem } from 'node:worker_threads';
import type { SplitJob } from '../report/split-job.js';
import type { Job, SilhouetteJob, SilhouetteReply } from './kmeans-worker.js';
import type { BestRun } from './restarts.js';

export interface JobResult {
  best: BestRun | undefined;
  nReseeded: number;
}

const idle: Worker[] = [];

function startWorker(): Worker {
  const worker = new Worker(new URL('./kmeans-worker.js', import.meta.url));
  worker.unref();
  return worker;
}

/** Posts `job` to a pooled worker (started if none is idle); resolves with its reply, the worker back in the pool. */
function dispatch<R>(job: Job | SilhouetteJob | SplitJob, transfer: readonly TransferListItem[] = []): Promise<R> {
  const worker = idle.pop() ?? startWorker();
  return new Promise((resolve, reject) => {
    const onMessage = (result: R): void => {
      worker.off('error', onError);
      idle.push(worker);
      resolve(result);
    };
    const onError = (error: Error): void => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
    worker.postMessage(job, transfer);
  });
}

/** Runs one job on a pooled worker (started if none is idle) and returns the worker to the pool. */
export function runOnWorker(job: Job): Promise<JobResult>;
export function runOnWorker(job: SilhouetteJob, transfer?: readonly TransferListItem[]): Promise<SilhouetteReply>;
export function runOnWorker(job: Job | SilhouetteJob, transfer: readonly TransferListItem[] = []): Promise<JobResult | SilhouetteReply> {
  return dispatch(job, transfer);
}

/**
 * Lends a pooled worker (started if none is idle) to render a share of a report (report/split.ts): the fit is
 * over by then and its workers idle. Resolves when the worker is done and back in the pool.
 */
export async function lendWorker(job: SplitJob, transfer: readonly TransferListItem[]): Promise<void> {
  await dispatch(job, transfer);
}
