// `npm run build`'s last step: the compiled command line (dist/) bundled by esbuild into dist/bundle/ — the entry,
// the two worker threads' entries, and chunks shared between them or loaded when a command needs them. One file
// per module cost ~30 ms of a run's start (measured on `benchmark metrics`, 1,000,000 tickets: medians ~915 ms
// unbundled, ~885 ms bundled). The workers keep their names, so `new URL('./ingest-worker.js', import.meta.url)`
// finds them from a chunk as from dist/ingest/.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunks are named by their content: last build's would stay beside this one's.
rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: {
    entry: 'dist/entry.js',
    'ingest-worker': 'dist/ingest/ingest-worker.js',
    'kmeans-worker': 'dist/cluster/kmeans-worker.js',
  },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  // Dependencies written as CommonJS call require(), which an ES module has only when it makes one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
