// A large report of a ticket export (organisations with channels: a `metrics` report's plain ones, a `classify`
// report's classified ones) is rendered by two threads taking chunks of organisations in turn, the worker sent the
// organisations as columns (src/report/split.ts, organization-columns.ts); the report must be byte for byte the one a
// single thread writes. As in parallel-render.test.ts, the tests force the worker to render every chunk
// (BENCHMARK_SPLIT_WORKER_ONLY=1) or fail part-way, and compare with the one-thread report of the same run
// (BENCHMARK_SPLIT_MIN above the organisations). The runs are awaited, so that the test worker answers the test
// runner between them.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliAsync } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'benchmark-render-tickets-'));
const SPLIT = { BENCHMARK_SPLIT_MIN: '100', BENCHMARK_SPLIT_CHUNK: '16', BENCHMARK_CORES: '2', BENCHMARK_TRACE_SPLIT: '1' };
const TRACE = /^benchmark: trace: the report rendered in (\d+) chunks, (\d+) by the worker\n/gm;

describe('a large report of a ticket export (organisations with channels) rendered by two threads', () => {
  // The sample's tickets (240 organisations, six channels, flagged gaps), with a requester each so that repeat
  // contacts are measured, some organisation names a CSV must quote, and due times on none.
  const lines = readFileSync(join(import.meta.dirname, '../../fixtures/sample/tickets.csv'), 'utf8').trimEnd().split('\n');
  const tickets = join(dir, 'tickets.csv');
  writeFileSync(
    tickets,
    `${lines
      .map((line, i) => {
        if (i === 0) return `${line},requester`;
        const cells = line.split(',');
        if (cells[1]!.startsWith('B')) cells[1] = `"${cells[1]}, ""Ltd"""`;
        return `${cells.join(',')},customer-${Number(cells[0]) % 97}@example.com`;
      })
      .join('\n')}\n`,
  );
  const metrics = async (args: string[], env: Record<string, string>): Promise<{ stdout: string; chunks: number; byWorker: number }> => {
    const run = await runCliAsync(['metrics', tickets, '-q', '--no-timings', ...args], { env });
    expect(run.code, run.stderr).toBe(0);
    const traces = [...run.stderr.matchAll(TRACE)];
    return { stdout: run.stdout, chunks: traces.reduce((sum, t) => sum + Number(t[1]), 0), byWorker: traces.reduce((sum, t) => sum + Number(t[2]), 0) };
  };
  const alone = async (args: string[]): Promise<string> => {
    const run = await metrics(args, { BENCHMARK_SPLIT_MIN: '1000000000', BENCHMARK_TRACE_SPLIT: '1' });
    expect(run.chunks).toBe(0);
    return run.stdout;
  };
  // At a cost per late ticket, every channel field has values; without one, the costs are unmeasured and left out.
  const cost = ['--cost-per-late-ticket', '40'];
  const formats: [string, string[]][] = [
    ['JSON', ['--format', 'json', ...cost]],
    ['NDJSON', ['--format', 'ndjson', ...cost]],
    ['CSV', ['--format', 'csv', ...cost]],
    ['JSON without a cost', ['--format', 'json']],
  ];

  it('the report has what the columns must carry: texts, null texts, booleans both ways, repeat contacts, costs', async () => {
    const report = JSON.parse(await alone(['--format', 'json', ...cost])) as { organizations: { channels: Record<string, unknown>[] }[] };
    const channels = report.organizations.flatMap((o) => o.channels);
    expect(report.organizations.length).toBeGreaterThan(100);
    expect(channels.some((c) => c.referenceChannel === null) && channels.some((c) => typeof c.referenceChannel === 'string')).toBe(true);
    expect(channels.some((c) => c.flagged === true) && channels.some((c) => c.flagged === false)).toBe(true);
    expect(channels.some((c) => c.estimatedCostVsPeers !== null && c.estimatedCostVsPeers !== undefined)).toBe(true);
    expect(channels.some((c) => typeof c.repeatContactShare === 'number')).toBe(true);
    const uncosted = JSON.parse(await alone(['--format', 'json'])) as { unmeasured: { channelFields: string[] } };
    expect(uncosted.unmeasured.channelFields).toContain('estimatedCostVsPeers');
  });

  it.each(formats)('%s: the worker renders every chunk, byte-identical to one thread', async (_what, args) => {
    const split = await metrics(args, { ...SPLIT, BENCHMARK_SPLIT_WORKER_ONLY: '1' });
    expect(split.chunks).toBeGreaterThan(1);
    expect(split.byWorker).toBe(split.chunks);
    expect(split.stdout).toBe(await alone(args));
  });

  it.each(formats)('%s: both threads take chunks as they come, byte-identical to one thread', async (_what, args) => {
    const split = await metrics(args, SPLIT);
    expect(split.chunks).toBeGreaterThan(1);
    expect(split.stdout).toBe(await alone(args));
  });

  it('a worker that fails part-way leaves the rest to the calling thread: the report is whole', async () => {
    const split = await metrics(['--format', 'json'], { ...SPLIT, BENCHMARK_SPLIT_CHUNK: '8', BENCHMARK_SPLIT_WORKER_ONLY: '1', BENCHMARK_SPLIT_FAIL_AT: '9' });
    expect(split.byWorker).toBe(9);
    expect(split.stdout).toBe(await alone(['--format', 'json']));
  });

  it.each([['JSON', 'json'], ['CSV', 'csv'], ['NDJSON', 'ndjson']])('classify, %s: the worker renders every chunk of the classified organisations with their channels and peer standings, byte-identical to one thread', async (_what, format) => {
    const classify = async (env: Record<string, string>): Promise<{ stdout: string; traces: RegExpExecArray[] }> => {
      const run = await runCliAsync(['classify', tickets, '-q', '--no-timings', '--format', format!], { env });
      expect(run.code, run.stderr).toBe(0);
      return { stdout: run.stdout, traces: [...run.stderr.matchAll(TRACE)] };
    };
    const split = await classify({ ...SPLIT, BENCHMARK_SPLIT_WORKER_ONLY: '1' });
    expect(split.traces).toHaveLength(1);
    expect(split.traces[0]![2]).toBe(split.traces[0]![1]);
    const oneThread = await classify({ BENCHMARK_SPLIT_MIN: '1000000000', BENCHMARK_TRACE_SPLIT: '1' });
    expect(oneThread.traces).toHaveLength(0);
    expect(split.stdout).toBe(oneThread.stdout);
    if (format === 'json') expect((JSON.parse(split.stdout) as { organizations: { peers: { standings: unknown[] } }[] }).organizations[0]!.peers.standings.length).toBeGreaterThan(0);
  });

  it('the terminal table stays on one thread', async () => {
    expect((await metrics(['--format', 'table'], SPLIT)).chunks).toBe(0);
    const table = await runCliAsync(['classify', tickets, '-q', '--no-timings', '--format', 'table'], { env: SPLIT });
    expect(table.code, table.stderr).toBe(0);
    expect([...table.stderr.matchAll(TRACE)]).toHaveLength(0);
  });
});
