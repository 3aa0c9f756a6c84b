// What bin/benchmark.js reads from the raw command line to start the reading worker before the CLI loads.

import { describe, expect, it } from 'vitest';
import { readingArgs } from '../../src/ingest/worker-start.js';

describe('readingArgs', () => {
  it('takes the non-option arguments of a reading command for files, and --threads in both spellings', () => {
    expect(readingArgs(['metrics', 'a.csv', 'b.csv', '--format', 'json', '-q'])).toEqual({ files: ['a.csv', 'b.csv', 'json'], nThreads: undefined });
    expect(readingArgs(['classify', '--threads', '1', 'big.csv'])).toEqual({ files: ['big.csv'], nThreads: 1 });
    expect(readingArgs(['check', 'big.csv', '--threads=3'])).toEqual({ files: ['big.csv'], nThreads: 3 });
    expect(readingArgs(['report', 'x.csv', '--threads', 'many'])).toEqual({ files: ['x.csv'], nThreads: undefined });
  });

  it('ignores other commands and a bare command line', () => {
    expect(readingArgs(['tune', 'big.csv'])).toBeUndefined();
    expect(readingArgs(['--help'])).toBeUndefined();
    expect(readingArgs([])).toBeUndefined();
  });
});
