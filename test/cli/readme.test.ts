// The README and docs/ as a newcomer meets them: every example command in the README runs from a clone as
// written, every relative link leads to a file of the repository, nothing links outside it, and the README
// stays a page for users.

import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, hasStackTrace, runCliAsync } from '../helpers.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const DOCS = readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => join('docs', name));

/** The `npx benchmark …` lines of the README's shell blocks, comments dropped. */
function exampleCommands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const lines = blocks.flatMap((block) => block.split('\n')).flatMap((line) => line.replace(/\s+#.*$/, '').split('&&'));
  return lines.map((line) => line.trim()).filter((line) => line === 'npx benchmark classify' || line.startsWith('npx benchmark '));
}

/** Splits a shell line into words (double quotes only, as the README uses). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

describe('README examples', () => {
  const commands = exampleCommands(README);

  it('has examples, the quick start first', () => {
    expect(commands[0]).toBe('npx benchmark classify');
    expect(commands.length).toBeGreaterThanOrEqual(10);
  });

  it('runs every example, in order, from a folder holding the repository files they name', async () => {
    // A fresh folder with the repository's fixtures and examples, as a clone has them: the examples' outputs
    // (report.json, model.json, …) land there, and later examples read them.
    const dir = mkdtempSync(join(tmpdir(), 'benchmark-readme-'));
    for (const name of ['fixtures', 'examples']) symlinkSync(join(ROOT, name), join(dir, name));
    for (const command of commands) {
      const args = words(command).slice(2);
      const result = await runCliAsync(args, { cwd: dir });
      expect({ command, code: result.code, stderr: hasStackTrace(result.stderr) ? result.stderr : '' }).toEqual({ command, code: 0, stderr: '' });
      const output = args.indexOf('-o');
      if (output !== -1) expect(existsSync(join(dir, args[output + 1]!)), `${command} wrote ${args[output + 1]}`).toBe(true);
      else if (!args.includes('-q')) expect(result.stdout.length, `${command} printed a report`).toBeGreaterThan(0);
    }
  });
});

describe('README and docs', () => {
  it('keeps the README short and for users', () => {
    expect(README.split('\n').length).toBeLessThanOrEqual(250);
  });

  it.each(['README.md', ...DOCS])('%s links only to files of the repository, and each exists', (file) => {
    // Inline code is an example, not a link.
    const text = readFileSync(join(ROOT, file), 'utf8').replace(/`[^`\n]*`/g, '');
    expect(text).not.toMatch(/shared\/docs|METHOD\.md/);
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((link) => !/^(https?:|mailto:|#)/.test(link));
    for (const link of links) {
      const target = resolve(dirname(join(ROOT, file)), link.split('#')[0]!);
      expect(target.startsWith(ROOT), `${file}: ${link} leaves the repository`).toBe(true);
      expect(existsSync(target), `${file}: ${link}`).toBe(true);
    }
  });
});
