// Every example of every command's --help runs from a clone as written, in order (classify's examples write the
// report and model the later ones read).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCliAsync } from '../helpers.js';

/** Splits a shell line into words (double quotes only, as the README uses). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/** The example lines of a command's --help ("Examples:" up to the blank line), comments dropped. */
function helpExamples(command: string): string[] {
  const help = spawnSync(process.execPath, [BIN, command, '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', COLUMNS: '200' } }).stdout;
  const section = help.split('\nExamples:\n')[1]?.split('\n\n')[0] ?? '';
  return section.split('\n').map((line) => line.replace(/\s+#.*$/, '').trim()).filter((line) => line.startsWith('benchmark '));
}

describe('--help examples', () => {
  // In this order, each command's examples may read what an earlier one wrote (classify writes report.json and model.json).
  const commands = ['classify', 'metrics', 'report', 'check', 'tune', 'sql'];

  it('runs every example of every command, from a folder holding the repository files they name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'benchmark-help-'));
    for (const name of ['fixtures', 'examples']) symlinkSync(join(ROOT, name), join(dir, name));
    let count = 0;
    for (const command of commands) {
      const examples = helpExamples(command);
      expect(examples.length, `${command} --help has examples`).toBeGreaterThan(0);
      for (const example of examples) {
        const args = words(example).slice(1);
        const result = await runCliAsync([...args, '-q'], { cwd: dir });
        expect({ example, code: result.code, stderr: result.stderr }).toEqual({ example, code: 0, stderr: '' });
        count++;
      }
    }
    expect(count).toBeGreaterThanOrEqual(12);
  });
});

