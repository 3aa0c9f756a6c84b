// Worker thread entry: reads ranges of a large ticket export (claimed in turn with the main thread) and posts
// what it gathered back, sealed (sorted here while the main thread sorts its own), its large arrays moved.

import { parentPort, workerData } from 'node:worker_threads';
import { readRanges, type RangeJob } from './ranges.js';

// The job comes as workerData, or as the first message to a worker started before it was known.
const job = (workerData as RangeJob | null) ?? (await new Promise<RangeJob>((resolve) => parentPort!.once('message', resolve)));
const { result, transfer } = await readRanges(job);
parentPort!.postMessage(result, transfer);
