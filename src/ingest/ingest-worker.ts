// Worker thread entry: reads ranges of a large ticket export (claimed in turn with the main thread) and posts its
// accumulator back.

import { parentPort, workerData } from 'node:worker_threads';
import { readRanges, type RangeJob } from './tickets.js';

// The job comes as workerData, or as the first message to a worker started before it was known.
const job = (workerData as RangeJob | null) ?? (await new Promise<RangeJob>((resolve) => parentPort!.once('message', resolve)));
const result = await readRanges(job);
// Sorted here, by groups, while the main thread sorts its own; merged there group by group.
result.accumulator.seal();
const { parts, counts, hours, agentPairs } = result.accumulator;
// The large typed arrays move to the main thread rather than being copied.
const moved = [
  ...parts.flatMap((part) => [part.resolution, part.firstReply].flatMap((grouped) => [grouped.sorted, grouped.offsets, grouped.orgSorted])),
  ...hours.parts.flatMap((part) => [part.bits, part.wordOffsets, part.baseWords, part.hours, part.hourOffsets]),
  counts,
  agentPairs.orgs,
  agentPairs.agents,
];
parentPort!.postMessage(result, moved.map((array) => array.buffer as ArrayBuffer));
