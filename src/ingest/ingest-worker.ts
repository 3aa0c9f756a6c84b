// Worker thread entry: reads one byte range of a large ticket export and posts its accumulator back.

import { parentPort, workerData } from 'node:worker_threads';
import { readChunks } from './sources.js';
import { readRange, type RangeJob } from './tickets.js';

const job = workerData as RangeJob;
const result = await readRange(job, readChunks(job.file, { start: job.start, end: job.end }));
const { resolution, firstReply, counts, hours, agentPairs } = result.accumulator;
// The large typed arrays move to the main thread rather than being copied.
const moved = [resolution.values, resolution.groups, firstReply.values, firstReply.groups, counts, ...hours.orgBlocks, ...hours.hourBlocks, agentPairs.orgs, agentPairs.agents];
parentPort!.postMessage(result, moved.map((array) => array.buffer as ArrayBuffer));
