// The command line's entry (bin/benchmark.js runs it from the bundle, dist/bundle/entry.js): the reading worker
// for a large file starts first (it boots on the other core while the CLI's modules load), then the CLI runs.

import { startIngestWorkerFromArgv } from './ingest/worker-start.js';

startIngestWorkerFromArgv(process.argv.slice(2));
await import('./cli.js');
