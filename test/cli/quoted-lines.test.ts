// Quoted free text with line breaks, read by the WebAssembly scanner (wasm/kernel.ts scanPlain) and without it
// (BENCHMARK_KERNEL=off, every record through the TypeScript scanner): the same report, and a bad row after
// thousands of multi-line records named at the same file line. The expected line is the file's own, counted
// here from the text as written.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/cluster/rng.js';
import { runCli } from '../helpers.js';

const HEADER = 'ticket_id,organization,channel,created_at,solved_at,first_reply_minutes,satisfaction,replies,reopens,assignee,subject,description';

/** An export whose descriptions often span lines (with commas and doubled quotes), and a bad date at `badId`. */
function multiLineExport(badId: number): { text: string; badLine: number } {
  const random = new Random(5);
  const lines = [HEADER];
  let line = 2;
  let badLine = -1;
  for (let i = 1; i <= 6000; i++) {
    const description = random.next() < 0.3 ? '"line one\nline ""two"", and\nthree"' : '"plain, text"';
    const created = i === badId ? '2025-13-45 10:00:00' : `2025-03-${String(1 + (i % 27)).padStart(2, '0')} 10:00:00`;
    if (i === badId) badLine = line;
    const record = `${i},org-${i % 37},${['email', 'chat', 'web'][i % 3]},${created},2025-03-28 12:00:00,${random.int(300)},good,2,0,agent-${i % 11},"subject ${i}",${description}`;
    lines.push(record);
    line += record.split('\n').length;
  }
  return { text: `${lines.join('\n')}\n`, badLine };
}

describe('quoted values spanning lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'benchmark-quoted-'));
  const { text, badLine } = multiLineExport(4500);
  const file = join(dir, 'tickets.csv');
  writeFileSync(file, text);

  it('give the same report with the WebAssembly scanner as without it', () => {
    const args = ['metrics', file, '--skip-invalid', '--format', 'json', '--no-timings', '-q'];
    const withKernel = runCli(args);
    const without = runCli(args, { env: { BENCHMARK_KERNEL: 'off' } });
    expect(withKernel.code, withKernel.stderr).toBe(0);
    expect(withKernel.stdout).toBe(without.stdout);
    const input = (JSON.parse(withKernel.stdout) as { input: { rowsRead: number; rowsRejected: number; firstRejectAt: Record<string, string> } }).input;
    expect([input.rowsRead, input.rowsRejected]).toEqual([6000, 1]);
    expect(Object.values(input.firstRejectAt)).toEqual([`${file}:${badLine}`]);
  });

  it('name a bad row after them at its file line', () => {
    const result = runCli(['metrics', file, '-q', '-o', join(dir, 'out.json')]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`${file}:${badLine}: column "created_at"`);
    expect(runCli(['metrics', file, '-q', '-o', join(dir, 'out.json')], { env: { BENCHMARK_KERNEL: 'off' } }).stderr).toBe(result.stderr);
  });
});
