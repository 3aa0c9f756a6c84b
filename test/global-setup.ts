// Once per run: say which optional parts of the suite will skip, and why, instead of each file saying it.

import { existsSync } from 'node:fs';
import { DATA } from './helpers.js';

export default function setup(): void {
  if (!existsSync(DATA)) {
    process.stderr.write(`benchmark tests: the public datasets are not at ${DATA} (a clone without ../shared beside it): the tests that read them are skipped; the rest run\n`);
  }
}
