// Where the package is installed, for the files it ships (package.json, the bundled sample, the WebAssembly
// kernel): the nearest folder up from this module with a package.json. Modules run from dist/, from the bundle
// (dist/bundle/) and, in the tests, from src/, each at its own depth.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  root = dir;
  return root;
}

/** A file of the package by its path from the package's folder. */
export function packageFile(path: string): string {
  return join(packageRoot(), path);
}
