// Worker thread entry: for each job, takes k-means restarts from the shared counter, runs them on the shared
// matrix and posts its best back; or, after a fit, works out the silhouette of a sample and the peer reference's
// distributions while the calling thread goes on; or renders a share of a large report (report/split.ts). Workers stay alive between jobs (see
// pool.ts), so their code stays compiled.

import { parentPort } from 'node:worker_threads';
import { metricDistributions, type MetricDistributions } from '../benchmark/peers.js';
import { POSTED, STOP, type SplitJob } from '../report/split-job.js';
import { silhouetteBlocks, type SilhouetteSample } from './quality.js';
import { runSharedRestarts, type RestartOptions } from './restarts.js';

export interface Job {
  kind: 'restarts';
  buffer: SharedArrayBuffer;
  n: number;
  d: number;
  options: RestartOptions;
  /** Int32Array[1] on shared memory: the next restart to take. */
  counter: SharedArrayBuffer;
  nRestarts: number;
}

/**
 * A silhouette to work out with the calling thread (quality.ts silhouetteBlocks): the worker takes blocks
 * until none is left, each into its slice of `blocks`, and posts when done.
 */
export interface SilhouetteJob {
  kind: 'silhouette';
  sample: SilhouetteSample;
  k: number;
  /** Float64Array[SILHOUETTE_BLOCKS × rows × k] on shared memory. */
  blocks: SharedArrayBuffer;
  /** Int32Array[1] on shared memory: the next block to take. */
  counter: SharedArrayBuffer;
  /**
   * Then, where given, the peer reference's distributions (benchmark/peers.ts metricDistributions) of each of these
   * columns (null: no organisation has the metric) by the fit's labels, posted back in their order.
   */
  peers?: { columns: (Float64Array | null)[]; labels: Int32Array; k: number };
}

/** What a silhouette job posts back: the distributions it was asked for, or 0. */
export type SilhouetteReply = MetricDistributions[] | 0;

parentPort!.on('message', (job: Job | SilhouetteJob | SplitJob) => {
  if (job.kind === 'render') {
    // A share of a large report (report/split.ts), once the fit is over; loaded only then.
    void import('../report/split-worker.js').then(
      (m) => {
        m.renderShare(job);
        parentPort!.postMessage(0);
      },
      () => {
        // The calling thread makes every chunk itself once it reads this.
        const state = new Int32Array(job.state);
        Atomics.store(state, STOP, 2);
        Atomics.notify(state, POSTED);
        parentPort!.postMessage(0);
      },
    );
    return;
  }
  if (job.kind === 'silhouette') {
    silhouetteBlocks(job.sample, job.k, new Float64Array(job.blocks), new Int32Array(job.counter));
    const peers = job.peers;
    const reply: SilhouetteReply = peers === undefined ? 0 : peers.columns.map((column) => metricDistributions(column ?? new Float64Array(0), peers.labels, peers.k));
    parentPort!.postMessage(reply);
    return;
  }
  const result = runSharedRestarts({ data: new Float64Array(job.buffer), n: job.n, d: job.d }, job.options, new Int32Array(job.counter), job.nRestarts);
  const transfer = result.best ? [result.best.labels.buffer as ArrayBuffer, result.best.centers.buffer as ArrayBuffer] : [];
  parentPort!.postMessage(result, transfer);
});
