// Running the real built binary, with a scrubbed environment, for CLI and data tests.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = fileURLToPath(new URL('../bin/benchmark.js', import.meta.url));
export const DATA = fileURLToPath(new URL('../../shared/data/', import.meta.url));
/** Whether the public datasets are beside the clone (CI has them; a stranger's clone does not: their tests skip, test/global-setup.ts says so once). */
export const HAS_DATA = existsSync(DATA);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `benchmark ARGS` from the repository root with NO_COLOR set and stdout piped. */
export function runCli(args: string[], options: { env?: Record<string, string>; input?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...options.env },
    input: options.input,
    maxBuffer: 256 * 1024 * 1024,
    // A run that hangs (a thread holding the process, say) fails its test instead of stalling the suite.
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `runCli`, without blocking the test worker: for tests that run many commands in a row, so that the worker
 * still answers the test runner between them (a worker blocked for a minute times out its calls to it).
 */
export function runCliAsync(args: string[], options: { env?: Record<string, string>; cwd?: string; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...options.env } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** The arguments that make `args` a JSON report's run. */
const asJsonRun = (args: string[]): string[] => [...args, '--format', 'json', '--no-timings', '-q'];

/** The JSON report of a run, failing loudly with stderr when the run did not succeed. */
function reportOf<T>(args: string[], result: CliResult): T {
  if (result.code !== 0) throw new Error(`benchmark ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** runJson without blocking the test worker (runCliAsync). */
export async function runJsonAsync<T = unknown>(args: string[]): Promise<T> {
  return reportOf<T>(args, await runCliAsync(asJsonRun(args)));
}

/** Runs and parses a JSON report, failing loudly with stderr when the run did not succeed. */
export function runJson<T = unknown>(args: string[]): T {
  return reportOf<T>(args, runCli(asJsonRun(args)));
}

export function hasStackTrace(text: string): boolean {
  return /\n\s+at .+\(.+:\d+:\d+\)/.test(text) || /^\s+at /m.test(text);
}

/** A name built to break HTML, Markdown and spreadsheets if it is not escaped (quotes doubled for CSV). */
export const HOSTILE_NAME = '=cmd|<script>window.pwned=1</script><img src=x onerror="window.pwned=2"> & Co';

/**
 * The bundled sample with "Acme Cloud" renamed to HOSTILE_NAME, in a fresh folder: [tickets, profile] paths.
 */
export function hostileSample(): [string, string] {
  const dir = mkdtempSync(join(tmpdir(), 'benchmark-hostile-'));
  const quoted = `"${HOSTILE_NAME.replace(/"/g, '""')}"`;
  const files = ['tickets.csv', 'profile.csv'].map((name) => {
    const text = readFileSync(join(ROOT, 'fixtures/sample', name), 'utf8').replace(/^([^,\n]*,)?Acme Cloud,/gm, (_, id: string | undefined) => `${id ?? ''}${quoted},`);
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  });
  return files as [string, string];
}
