// Worker thread entry: reads one byte range of a large ticket export and posts its accumulator back.

import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { readRange, type RangeJob } from './tickets.js';

const job = workerData as RangeJob;
const chunks = createReadStream(job.file, { start: job.start, end: job.end - 1, highWaterMark: 1 << 20 });
const result = await readRange(job, chunks);
const { resolution, firstReply } = result.accumulator;
parentPort!.postMessage(result, [resolution.values.buffer as ArrayBuffer, resolution.groups.buffer as ArrayBuffer, firstReply.values.buffer as ArrayBuffer, firstReply.groups.buffer as ArrayBuffer]);
