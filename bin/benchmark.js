#!/usr/bin/env node
// The command line, from its bundle (npm run build makes it: scripts/bundle.mjs; the entry is src/entry.ts).
await import('../dist/bundle/entry.js');
