// Outputs are safe by construction: a failed run changes no file, no output may name an input or another
// output, temporary files are created anew (never through a link) with the target's permissions, a signal
// before the renames leaves nothing behind, and a write failure is a clear error, never exit 1.

import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { BIN, ROOT, hasStackTrace, runCli } from '../helpers.js';

const SAMPLE = join(ROOT, 'fixtures/sample/tickets.csv');

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'benchmark-outputs-'));
}

describe('a run writes all its files or none', () => {
  it('a failed run leaves existing outputs as they were (exit 2)', () => {
    const dir = folder();
    const model = join(dir, 'keep.json');
    const features = join(dir, 'keep.csv');
    writeFileSync(model, 'old model');
    writeFileSync(features, 'old features');
    const result = runCli(['classify', '--save-model', model, '--features-out', features, '-o', join(dir, 'no-such-folder', 'r.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot write');
    expect(readFileSync(model, 'utf8')).toBe('old model');
    expect(readFileSync(features, 'utf8')).toBe('old features');
    expect(readdirSync(dir).sort()).toEqual(['keep.csv', 'keep.json']);
  });

  it('writes every output when all can be written', () => {
    const dir = folder();
    const result = runCli(['classify', '--save-model', join(dir, 'm.json'), '--features-out', join(dir, 'f.csv'), '-o', join(dir, 'r.txt')]);
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['f.csv', 'm.json', 'r.txt']);
  });
});

describe('outputs that name an input or each other', () => {
  it('are refused before any work, and nothing is written (exit 2)', () => {
    const dir = folder();
    const export_ = join(dir, 'self.csv');
    writeFileSync(export_, readFileSync(SAMPLE));
    const cases: [string[], string][] = [
      [['metrics', export_, '--format', 'csv', '-o', export_], `-o ${export_}: the same file as the input ${export_}`],
      [['classify', '--save-model', join(dir, 'x.json'), '-o', join(dir, 'x.json')], `--save-model ${join(dir, 'x.json')}: the same file as -o`],
      [['classify', export_, '--features-out', join(dir, '.', 'self.csv')], 'the same file as the input'],
      [['classify', export_, '--profile', join(ROOT, 'fixtures/sample/profile.csv'), '-o', join(ROOT, 'fixtures/sample/profile.csv')], 'the same file as --profile'],
    ];
    for (const [args, message] of cases) {
      const result = runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
    expect(readFileSync(export_).equals(readFileSync(SAMPLE))).toBe(true);
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });

  it('a link to an input is the input', () => {
    const dir = folder();
    const link = join(dir, 'link.csv');
    const export_ = join(dir, 'real.csv');
    writeFileSync(export_, readFileSync(SAMPLE));
    symlinkSync(export_, link);
    const result = runCli(['metrics', export_, '--format', 'csv', '-o', link]);
    expect(result.code).toBe(2);
    expect(readFileSync(export_).equals(readFileSync(SAMPLE))).toBe(true);
  });

  it('a device may be named twice', () => {
    expect(runCli(['classify', '--save-model', '/dev/null', '-o', '/dev/null']).code).toBe(0);
  });
});

describe('temporary files', () => {
  it('keep the permissions of the file they replace', () => {
    const dir = folder();
    const report = join(dir, 'private.txt');
    writeFileSync(report, 'old');
    chmodSync(report, 0o600);
    expect(runCli(['metrics', '-o', report]).code).toBe(0);
    expect(statSync(report).mode & 0o777).toBe(0o600);
    expect(readFileSync(report, 'utf8')).toContain('benchmark metrics');
  });

  it('replace a link at the output with a file, never writing through it', () => {
    const dir = folder();
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    const out = join(dir, 'report.txt');
    symlinkSync(victim, out);
    expect(runCli(['metrics', '-o', out]).code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(out).isSymbolicLink()).toBe(false);
  });

  it('are created exclusively: a link planted at the temporary name is never followed', async () => {
    // The name is random; here it is made predictable so that a link can be planted at it first.
    vi.resetModules();
    vi.doMock('node:crypto', async (original) => ({ ...(await original<typeof import('node:crypto')>()), randomBytes: () => Buffer.from('000000000000', 'hex') }));
    const { writeOutputs } = await import('../../src/output.js');
    const dir = folder();
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, join(dir, '.report.txt.000000000000.tmp'));
    await expect(writeOutputs([{ file: join(dir, 'report.txt'), text: 'attack' }])).rejects.toThrow(/cannot write .*report\.txt: EEXIST/);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(existsSync(join(dir, 'report.txt'))).toBe(false);
    vi.doUnmock('node:crypto');
  });
});

describe('signals', () => {
  const lines = readFileSync(SAMPLE, 'utf8').split('\n');
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`${signal} before the outputs are written leaves them as they were and no temporary file (exit ${code})`, async () => {
      const dir = folder();
      const out = join(dir, 'r.json');
      writeFileSync(out, 'old');
      // Standard input that stays open: the run is certainly still reading when the signal comes.
      const child = spawn(process.execPath, [BIN, 'classify', '-', '--format', 'json', '-o', out, '--save-model', join(dir, 'm.json')], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // More than a pipe holds: the write completes only once the run is reading (its handlers in place).
      await new Promise<void>((resolve) => child.stdin.write(`${lines.slice(0, 5000).join('\n')}\n`, () => resolve()));
      child.kill(signal);
      const exit = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      expect(exit).toBe(code);
      expect(stderr).toContain('benchmark: interrupted');
      expect(readFileSync(out, 'utf8')).toBe('old');
      expect(readdirSync(dir)).toEqual(['r.json']);
    });
  }
});

describe('write failures', () => {
  it('a full device on standard output is a clear error (exit 2), without a stack trace', async () => {
    const child = spawn('sh', ['-c', `"${process.execPath}" "${BIN}" metrics > /dev/full`], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exit = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(exit).toBe(2);
    expect(stderr).toContain('benchmark: cannot write to standard output: ENOSPC');
    expect(hasStackTrace(stderr)).toBe(false);
  });

  it('a full device as -o is a clear error (exit 2)', () => {
    const result = runCli(['metrics', '-o', '/dev/full']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot write /dev/full: ENOSPC');
  });
});
