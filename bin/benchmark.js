#!/usr/bin/env node
// The reading worker for a large file starts first (it boots on the other core while the CLI's modules load),
// then the CLI runs.
import { startIngestWorkerFromArgv } from '../dist/ingest/worker-start.js';

startIngestWorkerFromArgv(process.argv.slice(2));
await import('../dist/cli.js');
