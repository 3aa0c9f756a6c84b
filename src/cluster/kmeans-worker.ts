// Worker thread entry: for each job, takes k-means restarts from the shared counter, runs them on the shared
// matrix and posts its best back. Workers stay alive between jobs (see pool.ts), so their code stays compiled.

import { parentPort } from 'node:worker_threads';
import { runSharedRestarts, type RestartOptions } from './restarts.js';

export interface Job {
  buffer: SharedArrayBuffer;
  n: number;
  d: number;
  options: RestartOptions;
  /** Int32Array[1] on shared memory: the next restart to take. */
  counter: SharedArrayBuffer;
  nRestarts: number;
}

parentPort!.on('message', (job: Job) => {
  const result = runSharedRestarts({ data: new Float64Array(job.buffer), n: job.n, d: job.d }, job.options, new Int32Array(job.counter), job.nRestarts);
  const transfer = result.best ? [result.best.labels.buffer as ArrayBuffer, result.best.centers.buffer as ArrayBuffer] : [];
  parentPort!.postMessage(result, transfer);
});
