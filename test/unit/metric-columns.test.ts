import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOrgTable } from '../../src/ingest/orgs.js';
import { MetricColumns, metricValues, readMetric } from '../../src/metrics/metric-columns.js';
import { emptyMetrics } from '../../src/metrics/org-metrics.js';
import { METRIC_KEYS } from '../../src/metrics/registry.js';

describe('MetricColumns views', () => {
  it('read null where a column is missing or NaN, write through to the column, and serialise as a metrics object does', () => {
    const table = new MetricColumns(3);
    table.columnFor('agents').set([4, NaN, 2]);
    const first = table.view(0);
    const second = table.view(1);
    expect(first.agents).toBe(4);
    expect(second.agents).toBeNull();
    expect(first.csat).toBeNull();
    second.csat = 0.75;
    expect(table.columns[METRIC_KEYS.indexOf('csat')]![1]).toBe(0.75);
    expect(table.view(2).csat).toBeNull();
    first.agents = null;
    expect(first.agents).toBeNull();
    // The same text as an emptyMetrics object holding the same values: every key, in the registry's order.
    expect(JSON.stringify(second)).toBe(JSON.stringify({ ...emptyMetrics(), csat: 0.75 }));
    for (const key of METRIC_KEYS) expect(key in first).toBe(true);
    expect('share' in first).toBe(false);
  });

  it('keep their columns in shared memory, which a rendering thread is sent without a copy', () => {
    const table = new MetricColumns(4);
    const column = table.columnFor('csat');
    expect(column.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(column).every(Number.isNaN)).toBe(true);
    // What another thread writes through the shared buffer, this one reads.
    new Float64Array(structuredClone(column.buffer) as SharedArrayBuffer)[2] = 0.5;
    expect(table.view(2).csat).toBe(0.5);
  });
});

describe('readOrgTable', () => {
  const dir = mkdtempSync(join(tmpdir(), 'org-table-'));
  const options = { isSkipInvalid: true, minColumns: 0, what: 'organisation table' };

  it('gives the same table from a file in name order (its columns read in place) as from the same rows shuffled or with a duplicate', async () => {
    // 150,000 rows: more than two blocks of 65,536, so a file in name order is read into columns laid out from
    // its size. A bad first row (skipped) and missing and quoted values on the way; the expected table is the
    // rows as written, in name order, worked out here from the text.
    const n = 150_000;
    const rows = Array.from({ length: n }, (_, i) => [`org-${String(i).padStart(6, '0')}`, i % 7 === 0 ? '' : String(i % 50), i % 11 === 0 ? '"0.5"' : String((i % 100) / 100)]);
    const header = 'organization,agents,csat';
    const text = (list: string[][]): string => `${header}\n${list.map((r) => r.join(',')).join('\n')}\n`;
    const sorted = join(dir, 'sorted.csv');
    writeFileSync(sorted, text([['org-0', 'x', '1'], ...rows]).replace('org-0,x,1\n', 'aaa,oops,1\n'));
    const shuffled = join(dir, 'shuffled.csv');
    const order = rows.map((_, i) => (i * 7919) % n);
    writeFileSync(shuffled, text(order.map((i) => rows[i]!)));
    const duplicated = join(dir, 'duplicated.csv');
    writeFileSync(duplicated, text([...rows, rows[5]!]));
    const expected = {
      agents: rows.map((r) => (r[1] === '' ? NaN : Number(r[1]))),
      csat: rows.map((r) => Number(r[2]!.replace(/"/g, ''))),
    };
    for (const file of [sorted, shuffled, duplicated]) {
      const table = await readOrgTable([file], ['agents', 'csat'], options);
      expect(table.names.length).toBe(n);
      expect(table.names[0]).toBe('org-000000');
      expect(table.names[n - 1]).toBe(`org-${n - 1}`);
      const agents = table.metrics.columns[METRIC_KEYS.indexOf('agents')]!;
      const csat = table.metrics.columns[METRIC_KEYS.indexOf('csat')]!;
      expect(agents.length).toBe(n);
      expect(Array.from(agents)).toEqual(expected.agents);
      expect(Array.from(csat)).toEqual(expected.csat);
      // In name order with nothing left out, the column is the one read into (room to spare beyond its rows).
      expect(agents.buffer.byteLength > n * 8).toBe(file === sorted);
    }
  });

  it('keeps nothing of a rejected row and reads several files, each with its own columns, sorted by name', async () => {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    // Row "bad" has a good agents value and then a bad csat: neither is kept, and "next" (no agents) reads none.
    writeFileSync(a, 'organization,agents,csat\nzeta,3,0.5\nbad,7,oops\nnext,,0.25\n');
    writeFileSync(b, 'organization,business_rules\nalpha,12\n');
    const table = await readOrgTable([a, b], ['agents', 'csat', 'business_rules'], options);
    expect(table.names).toEqual(['alpha', 'next', 'zeta']);
    const rows = table.names.map((_, i) => table.metrics.view(i));
    expect(rows.map((m) => [m.agents, m.csat, m.businessRules])).toEqual([
      [null, null, 12],
      [null, 0.25, null],
      [3, 0.5, null],
    ]);
    expect(table.accounting.rowsRead).toBe(4);
    expect(table.accounting.rowsUsed).toBe(3);
    expect(table.columns).toEqual(['agents', 'csat', 'business_rules']);
  });

  it('reads names as text (quotes undone, spaces trimmed) and rejects a name that is not text, naming line and column', async () => {
    const file = join(dir, 'names.csv');
    const bytes = Buffer.concat([
      Buffer.from('organization,agents\n"Acme ""West"", Ltd",1\n  Été  ,2\n'),
      Buffer.from([0x42, 0xff, 0x2c, 0x33, 0x0a]), // B<ff>,3
      Buffer.from([0x43, 0x00, 0x2c, 0x34, 0x0a]), // C<NUL>,4
      Buffer.from('"D",5\n'),
    ]);
    writeFileSync(file, bytes);
    const table = await readOrgTable([file], ['agents'], options);
    expect(table.names).toEqual(['Acme "West", Ltd', 'D', 'Été']);
    expect(table.accounting.rowsRead).toBe(5);
    expect(table.accounting.rowsUsed).toBe(3);
    expect(table.accounting.rejectsByReason()).toEqual({ 'not text': 2 });
    await expect(readOrgTable([file], ['agents'], { ...options, isSkipInvalid: false })).rejects.toThrow(/names\.csv:4: column "organization": expected text, got invalid UTF-8 \(byte ff at byte 2\)/);
  });

  it('keeps every value across the reader blocks of 65,536 rows', async () => {
    const n = 150_000;
    const file = join(dir, 'big.csv');
    // Names zero-padded so that name order is row order; agents = row, csat missing on every seventh row.
    const lines = ['organization,agents,csat'];
    for (let i = 0; i < n; i++) lines.push(`org-${String(i).padStart(6, '0')},${i},${i % 7 === 0 ? '' : (i % 100) / 100}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const table = await readOrgTable([file], ['agents', 'csat'], options);
    expect(table.names.length).toBe(n);
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      const m = table.metrics.view(i);
      if (m.agents !== i || m.csat !== (i % 7 === 0 ? null : (i % 100) / 100)) wrong++;
    }
    expect(wrong).toBe(0);
  });
});

describe('metricValues', () => {
  it('is the table’s own column for its views, a copy as readMetric reads it otherwise (worked by hand)', () => {
    const table = new MetricColumns(4);
    table.columnFor('agents').set([3, NaN, 0, 7]);
    const views = [0, 1, 2, 3].map((i) => ({ metrics: table.view(i) }));
    const own = metricValues(views, 'agents');
    expect(own.values).toBe(table.columns[METRIC_KEYS.indexOf('agents')]);
    expect(own.nPresent).toBe(3);
    // A value that is no number (infinite, written through a view) is missing, in a copy: the column is left as it is.
    views[3]!.metrics.agents = Infinity;
    const copied = metricValues(views, 'agents');
    expect(copied.values).not.toBe(table.columns[METRIC_KEYS.indexOf('agents')]);
    expect(Array.from(copied.values)).toEqual([3, NaN, 0, NaN]);
    expect(copied.nPresent).toBe(2);
    // Not a table's views in order (reversed), and plain metrics objects: a copy.
    const reversed = metricValues([...views].reverse(), 'agents');
    expect(Array.from(reversed.values)).toEqual([NaN, 0, NaN, 3]);
    const plain = metricValues([{ metrics: { ...emptyMetrics(), agents: 5 } }, { metrics: emptyMetrics() }], 'agents');
    expect(Array.from(plain.values)).toEqual([5, NaN]);
    expect(plain.nPresent).toBe(1);
    // A metric no row has: all missing.
    expect(metricValues(views, 'csat')).toEqual({ values: new Float64Array([NaN, NaN, NaN, NaN]), nPresent: 0 });
  });
});

describe('readMetric', () => {
  it('reads a table in its order as it reads plain metrics objects, and reads views out of order one by one', () => {
    const n = 1000;
    const table = new MetricColumns(n);
    const agents = table.columnFor('agents');
    for (let i = 0; i < n; i++) agents[i] = i % 10 === 0 ? NaN : i * 1.5;
    const views = Array.from({ length: n }, (_, i) => ({ metrics: table.view(i) }));
    const plain = views.map((r) => ({ metrics: { ...emptyMetrics(), agents: r.metrics.agents } }));
    const fromViews = new Float64Array(n);
    const fromPlain = new Float64Array(n);
    expect(readMetric(views, 'agents', fromViews)).toBe(900);
    expect(readMetric(plain, 'agents', fromPlain)).toBe(900);
    expect(fromViews).toEqual(fromPlain);
    // A metric no row has: all missing.
    expect(readMetric(views, 'csat', fromViews)).toBe(0);
    expect(fromViews.every(Number.isNaN)).toBe(true);
    // Reversed, the views are not at their own places: each is read through its getter.
    const reversed = [...views].reverse();
    const out = new Float64Array(n);
    expect(readMetric(reversed, 'agents', out)).toBe(900);
    expect(out).toEqual(fromPlain.slice().reverse());
    // A value written as infinite through a setter is not counted as present.
    views[1]!.metrics.agents = Infinity;
    expect(readMetric(views, 'agents', out)).toBe(899);
    expect(out[1]).toBeNaN();
  });
});
