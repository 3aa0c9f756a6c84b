// Invariances and failure safety: row order and file splits do not change the report; a failed or interrupted
// run leaves existing outputs as they were and no temporary files.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/cluster/rng.js';
import type { Report } from '../../src/report/report.js';
import { BIN, ROOT, runCli } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'benchmark-robust-'));
const sample = readFileSync(join(ROOT, 'fixtures/sample/tickets.csv'), 'utf8').trimEnd().split('\n');
const header = sample[0]!;
const rows = sample.slice(1);
const profile = join(ROOT, 'fixtures/sample/profile.csv');

function classify(files: string[]): Report {
  const result = runCli(['classify', ...files, '--profile', profile, '--format', 'json', '--no-timings', '-q']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Report;
}

function write(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${[header, ...lines].join('\n')}\n`);
  return file;
}

describe('invariance', () => {
  const original = classify([write('original.csv', rows)]);

  it('shuffling the rows leaves the JSON report unchanged', () => {
    const random = new Random(5);
    const shuffled = [...rows];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const report = classify([write('shuffled.csv', shuffled)]);
    expect({ ...report, input: { ...report.input, files: [] } }).toEqual({ ...original, input: { ...original.input, files: [] } });
  });

  it('splitting the file into several leaves it unchanged (but for the list of files)', () => {
    const parts = [rows.slice(0, 10_000), rows.slice(10_000, 25_000), rows.slice(25_000)].map((part, i) => write(`part-${i}.csv`, part));
    const report = classify(parts);
    expect(report.input.files.map((f) => f.file)).toEqual(parts);
    expect({ ...report, input: { ...report.input, files: [] } }).toEqual({ ...original, input: { ...original.input, files: [] } });
  });
});

describe('outputs', () => {
  it('a failed run leaves existing outputs untouched and no temporary file', () => {
    const out = join(dir, 'kept.json');
    const model = join(dir, 'kept-model.json');
    writeFileSync(out, 'previous report\n');
    writeFileSync(model, 'previous model\n');
    const bad = write('bad.csv', [...rows.slice(0, 100), 'x,Acme,email,yesterday,,,,,,,']);
    const result = runCli(['classify', bad, '-o', out, '--save-model', model]);
    expect(result.code).toBe(3);
    expect(readFileSync(out, 'utf8')).toBe('previous report\n');
    expect(readFileSync(model, 'utf8')).toBe('previous model\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('SIGINT ends a run promptly with exit 130 and a message, leaving outputs as they were', async () => {
    const out = join(dir, 'interrupted.json');
    writeFileSync(out, 'previous report\n');
    // Standard input that stays open: the run is certainly still reading when the signal comes.
    const child = spawn(process.execPath, [BIN, 'metrics', '-', '-o', out], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // 400 kB is more than a pipe holds: the write completes only once the run has been reading (and so has
    // its signal handler), whatever the machine's speed.
    const data = `${header}\n${rows.slice(0, 5000).join('\n')}\n`;
    expect(data.length).toBeGreaterThan(300_000);
    await new Promise<void>((resolve) => child.stdin.write(data, () => resolve()));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toContain('benchmark: interrupted\n');
    expect(readFileSync(out, 'utf8')).toBe('previous report\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('special output files', () => {
  it('-o to a pipe or device writes into it and leaves it what it was (never replaced by a regular file)', async () => {
    const { execFileSync } = await import('node:child_process');
    const { statSync } = await import('node:fs');
    const fifo = join(dir, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = new Promise<string>((resolve) => {
      const cat = spawn('cat', [fifo]);
      let text = '';
      cat.stdout.on('data', (d: Buffer) => (text += d.toString()));
      cat.on('close', () => resolve(text));
    });
    const child = spawn(process.execPath, [BIN, 'metrics', '--format', 'csv', '-o', fifo, '-q'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(0);
    expect((await reader).split('\n')[0]).toMatch(/^organization,cluster,archetype,channel,/);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
