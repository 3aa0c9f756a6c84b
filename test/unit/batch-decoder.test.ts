// The column-at-a-time batch decoder against the row decoder alone: on exports full of the quirks the batch
// hands over (quotes, padding, missing-value tokens, bad values, repeated ids, wrong field counts, time
// zones), ingest must give the same metrics, the same accounting and the same first error as decoding every
// row with the row decoder. The reference below scans and decodes row by row, as ingest did before batches.

import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Random } from '../../src/cluster/rng.js';
import { InputError } from '../../src/errors.js';
import { Accounting } from '../../src/ingest/accounting.js';
import { CsvScanner } from '../../src/ingest/csv-scanner.js';
import { formatFromMapping, type TicketFormat } from '../../src/ingest/formats.js';
import { TicketIdSet } from '../../src/ingest/id-set.js';
import { TicketBatch } from '../../src/metrics/ticket-batch.js';
import { resolveLayout } from '../../src/ingest/layout.js';
import { RowDecoder } from '../../src/ingest/row-decoder.js';
import { ingestTickets } from '../../src/ingest/tickets.js';
import { PairSet, TicketAccumulator } from '../../src/metrics/accumulator.js';
import { computeOrgRecords } from '../../src/metrics/org-metrics.js';
import { readFileSync } from 'node:fs';

const HEADER = 'ticket_id,organization,channel,created_at,solved_at,first_reply_minutes,satisfaction,replies,reopens,assignee';

/** One cell of a column, plain most of the time and otherwise one of the quirks the batch hands over. */
function cell(random: Random, plain: string, quirks: string[], plainRate: number): string {
  return random.next() < plainRate ? plain : quirks[random.int(quirks.length)]!;
}

function quirkyExport(seed: number, rows: number, plainRate = 0.85, nAgents = 12, nOrgs = 40): string {
  const random = new Random(seed);
  const cell_ = (plain: string, quirks: string[]): string => cell(random, plain, quirks, plainRate);
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const org = `org-${random.int(nOrgs)}`;
    const created = 1_735_689_600_000 + random.int(300) * 86_400_000 + random.int(86_400) * 1000;
    const solved = random.next() < 0.8 ? created + random.int(200_000) * 1000 : NaN;
    const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
    const id = random.next() < 0.01 ? String(1 + random.int(Math.max(1, i))) : String(i + 1);
    const fields = [
      cell_(id, [` ${id}`, 'N/A', `"${id}"`, `t-${i}`, `0${id}`, `${id}000000000`, '0', String(2 ** 27 + i)]),
      cell_(org, [` ${org}`, `"${org}"`, '', 'N/A', `"org ""quoted"""`, `${org}\t`]),
      cell_(['email', 'chat', 'web', 'phone'][random.int(4)]!, ['', 'N/A', ' Chat ', 'Live Chat', 'fax', '"email"']),
      cell_(iso(created), ['', '2025-13-01 00:00:00', ` ${iso(created)}`, '2025-02-30 10:00:00', '2025-03-01', '2025-03-01T10:00:00+02:00']),
      cell_(Number.isNaN(solved) ? '' : iso(solved), ['', 'N/A', iso(created - 3_600_000), 'soon']),
      cell_(String(random.int(600)), ['', '-5', '1e2', ' 12', '7.5', 'N/A', 'x']),
      cell_(['', 'good', 'bad', 'offered'][random.int(4)]!, ['5', '2', 'meh', ' Good', 'N/A']),
      cell_(String(random.int(6)), ['', '-1', '2.0', 'N/A', ' 3']),
      cell_(random.next() < 0.9 ? '0' : '1', ['', '-1', 'N/A']),
      // Agents are numbered by their bytes: names that are the same text once trimmed (a no-break or em space)
      // must be the same agent, and a name that is not ASCII another one.
      cell_(`agent-${random.int(nAgents)}`, ['', ' agent-1', 'N/A', '"agent-2"', 'agent-1\u00a0', '\u2003agent-2', 'agént-3', 'agent-3\t']),
    ];
    if (random.next() < 0.15 * (1 - plainRate)) fields.pop();
    if (random.next() < 0.15 * (1 - plainRate)) fields.push('extra');
    lines.push(fields.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The reference: every row through the row decoder, one at a time. */
function rowByRow(file: string, format: TicketFormat, isSkipInvalid: boolean, timeZone?: string): { records: unknown; accounting: Accounting } {
  const accounting = new Accounting();
  let accumulator: TicketAccumulator | undefined;
  let decoder: RowDecoder | undefined;
  const ids = new TicketIdSet();
  const batch = TicketBatch.create(1);
  const scanner = new CsvScanner(file, (f) => {
    if (decoder === undefined) {
      const header = f.texts();
      const target = new TicketAccumulator({ isCalendarTime: format.isCalendarTime });
      accumulator = target;
      decoder = new RowDecoder(file, header, resolveLayout(file, header, format), format, timeZone, target, ids);
      return;
    }
    accounting.rowsRead++;
    let hasOrganization: boolean;
    try {
      hasOrganization = decoder.decode(f, batch, 0);
    } catch (error) {
      if (!(error instanceof InputError) || !isSkipInvalid) throw error;
      accounting.reject(error.reason, `${file}:${error.location.line ?? f.line}`);
      return;
    }
    if (!hasOrganization) {
      accounting.reject('no organization', `${file}:${f.line}`);
      return;
    }
    accounting.rowsUsed += accumulator!.addBatch(batch, 1);
  });
  scanner.push(readFileSync(file));
  scanner.finish();
  return { records: computeOrgRecords(accumulator!).records, accounting };
}

const format = formatFromMapping({ file: 'quirks.map.json', mapping: { missing: ['N/A'] } }, 'calendar');
/** A missing-value token of digits ("0"), which the kernel must not take for a ticket id. */
const digitsMissing = formatFromMapping({ file: 'quirks-0.map.json', mapping: { missing: ['N/A', '0'] } }, 'calendar');

describe('batch decoding', () => {
  const dir = mkdtempSync(join(tmpdir(), 'benchmark-batch-'));

  // With and without the WebAssembly kernel (BENCHMARK_KERNEL=off: the TypeScript loops alone); quirks in 15% of
  // cells (short runs of plain records between them), and in 0.5% over several read chunks (long runs, records
  // cut by chunk ends).
  const cases: { seed: number; timeZone: string | undefined; kernel: string; rows: number; plainRate: number; nAgents?: number; nOrgs?: number; isDigitsMissing?: boolean }[] = [
    ...[1, 2, 3].flatMap((seed) => [undefined, 'America/New_York'].map((timeZone) => ({ seed, timeZone, kernel: 'on', rows: 7_000, plainRate: 0.85 }))),
    { seed: 4, timeZone: undefined, kernel: 'off', rows: 7_000, plainRate: 0.85 },
    { seed: 5, timeZone: undefined, kernel: 'on', rows: 40_000, plainRate: 0.995 },
    { seed: 5, timeZone: 'Europe/Paris', kernel: 'on', rows: 40_000, plainRate: 0.995 },
    // More distinct agents than the kernel's interning table holds (65,536): it fills mid-file and the column
    // goes on through the TypeScript table.
    { seed: 6, timeZone: undefined, kernel: 'on', rows: 90_000, plainRate: 0.995, nAgents: 1_000_000 },
    // More organisations than the kernel holds counters for (65,536): its fold of batches stops mid-file and the
    // rows go on one by one.
    { seed: 7, timeZone: undefined, kernel: 'on', rows: 100_000, plainRate: 0.995, nOrgs: 1_000_000 },
    { seed: 8, timeZone: undefined, kernel: 'off', rows: 7_000, plainRate: 0.85, isDigitsMissing: true },
    { seed: 8, timeZone: undefined, kernel: 'on', rows: 7_000, plainRate: 0.85, isDigitsMissing: true },
  ];
  afterEach(() => {
    delete process.env.BENCHMARK_KERNEL;
  });

  for (const { seed, timeZone, kernel, rows, plainRate, nAgents, nOrgs, isDigitsMissing } of cases) {
    const format_ = isDigitsMissing ? digitsMissing : format;
    {
      it(`skipping bad rows, gives the row decoder's metrics and accounting (seed ${seed}, zone ${timeZone ?? 'none'}, kernel ${kernel}, ${rows} rows${isDigitsMissing ? ', "0" a missing value' : ''})`, async () => {
        // More rows than a batch holds, so batches end mid-file.
        const file = join(dir, `quirks-${seed}-${rows}.csv`);
        writeFileSync(file, quirkyExport(seed, rows, plainRate, nAgents, nOrgs));
        if (rows > 20_000) expect(statSync(file).size).toBeGreaterThan(2 << 20);
        if (kernel === 'off') process.env.BENCHMARK_KERNEL = 'off';
        const expected = rowByRow(file, format_, true, timeZone);
        const got = await ingestTickets([file], { formatFor: () => format_, isSkipInvalid: true, nThreads: 1, timeZone });
        expect(got.accounting.rowsRead).toBe(expected.accounting.rowsRead);
        expect(got.accounting.rowsUsed).toBe(expected.accounting.rowsUsed);
        expect(got.accounting.rejectsByReason()).toEqual(expected.accounting.rejectsByReason());
        expect(got.accounting.firstRejectAt()).toEqual(expected.accounting.firstRejectAt());
        // The quirks must really be there: rows rejected for several reasons, and rows used.
        expect(Object.keys(got.accounting.rejectsByReason()).length).toBeGreaterThan(4);
        expect(got.accounting.rowsUsed).toBeGreaterThan(rows * 0.4);
        const records = computeOrgRecords(got.accumulator).records;
        if (nOrgs !== undefined) expect(records.length).toBeGreaterThan(1 << 16);
        expect(records).toEqual(expected.records);
      });
    }
  }

  it('folds several files into the same counters as the TypeScript loops do (the counters move from one file\'s kernel to the next)', async () => {
    const files = [1, 2, 3].map((part) => {
      const file = join(dir, `part-${part}.csv`);
      writeFileSync(file, quirkyExport(20 + part, 9_000, 0.99).replaceAll(/^(\d+),/gm, (_, id: string) => `${part}-${id},`));
      return file;
    });
    const read = async (): Promise<unknown> => {
      const got = await ingestTickets(files, { formatFor: () => format, isSkipInvalid: true, nThreads: 1 });
      return { records: computeOrgRecords(got.accumulator).records, rejects: got.accounting.rejectsByReason(), used: got.accounting.rowsUsed };
    };
    const folded = await read();
    process.env.BENCHMARK_KERNEL = 'off';
    const oneByOne = await read();
    expect((folded as { used: number }).used).toBeGreaterThan(20_000);
    expect(folded).toEqual(oneByOne);
  });

  for (const seed of [1, 2, 3]) {
    it(`stopping at the first bad row, reports the row decoder's error (seed ${seed})`, async () => {
      const file = join(dir, `quirks-stop-${seed}.csv`);
      writeFileSync(file, quirkyExport(seed, 3_000));
      let expected: unknown;
      try {
        rowByRow(file, format, false);
      } catch (error) {
        expected = error;
      }
      expect(expected).toBeInstanceOf(InputError);
      await expect(ingestTickets([file], { formatFor: () => format, isSkipInvalid: false, nThreads: 1 })).rejects.toThrow((expected as Error).message);
    });
  }
});

describe('batch decoding of exports that keep the last row of each ticket (dedupe last-by-id)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'benchmark-batch-dedupe-'));
  const dedupe = formatFromMapping({ file: 'dedupe.map.json', mapping: { missing: ['N/A'], dedupe: 'last-by-id' } }, 'calendar');
  // The reference: the same mapping with a row filter every row passes, which leaves every row to the row
  // decoder (a mapping's `where` is never batched), as such exports were read before.
  const rowByRowDedupe = formatFromMapping({ file: 'dedupe-rows.map.json', mapping: { missing: ['N/A'], dedupe: 'last-by-id', where: [{ column: 'channel', notIn: ['no such channel'] }] } }, 'calendar');
  afterEach(() => {
    delete process.env.BENCHMARK_KERNEL;
  });
  /** The quirky export with its plain ids folded onto 997 tickets, so most rows supersede another (quoted and padded ids of the same tickets among them). */
  const repeating = (seed: number, rows: number, plainRate: number): string => quirkyExport(seed, rows, plainRate).replace(/^(\d+),/gm, (_, id: string) => `${Number(id) % 997},`);
  const read = async (file: string, format_: TicketFormat, isSkipInvalid: boolean): Promise<unknown> => {
    const got = await ingestTickets([file], { formatFor: () => format_, isSkipInvalid, nThreads: 1 });
    const { accounting } = got;
    return { read: accounting.rowsRead, used: accounting.rowsUsed, rejects: accounting.rejectsByReason(), first: accounting.firstRejectAt(), warnings: got.warnings, records: computeOrgRecords(got.accumulator).records };
  };

  for (const [seed, rows, plainRate, kernel] of [
    [1, 7_000, 0.85, 'on'],
    [2, 7_000, 0.85, 'off'],
    [3, 40_000, 0.995, 'on'],
  ] as const) {
    it(`skipping bad rows, gives the row decoder's tickets and accounting (seed ${seed}, ${rows} rows, kernel ${kernel})`, async () => {
      const file = join(dir, `dedupe-${seed}.csv`);
      writeFileSync(file, repeating(seed, rows, plainRate));
      if (kernel === 'off') process.env.BENCHMARK_KERNEL = 'off';
      const expected = (await read(file, rowByRowDedupe, true)) as { rejects: Record<string, number>; used: number };
      expect(await read(file, dedupe, true)).toEqual(expected);
      // Most rows superseded, others rejected for several reasons, a ticket per plain id and more.
      expect(expected.rejects['superseded by a later row of the same ticket']).toBeGreaterThan(rows / 2);
      expect(Object.keys(expected.rejects).length).toBeGreaterThan(4);
      expect(expected.used).toBeGreaterThan(997);
    });
  }

  it("stopping at the first bad row, reports the row decoder's error", async () => {
    const file = join(dir, 'dedupe-stop.csv');
    writeFileSync(file, repeating(4, 3_000, 0.97));
    const expected = await read(file, rowByRowDedupe, false).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(expected).toBeInstanceOf(InputError);
    await expect(read(file, dedupe, false)).rejects.toThrow((expected as Error).message);
  });
});

describe('PairSet', () => {
  it('holds the same pairs as a Set of strings, through growth', () => {
    const random = new Random(11);
    const pairs = new PairSet();
    const reference = new Set<string>();
    for (let i = 0; i < 50_000; i++) {
      const org = random.int(3_000);
      const agent = random.int(random.next() < 0.5 ? 10 : 5_000);
      expect(pairs.add(org, agent)).toBe(!reference.has(`${org}/${agent}`));
      reference.add(`${org}/${agent}`);
    }
    expect(pairs.size).toBe(reference.size);
  });
});
