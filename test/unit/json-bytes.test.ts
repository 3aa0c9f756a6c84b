// JSON written straight into bytes (src/report/json-bytes.ts, and the organisations' writer in
// render-json.ts) must be what JSON.stringify writes, byte for byte: the expected text is always V8's own
// JSON.stringify of the same value, encoded as UTF-8 by Buffer.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_TICKETS } from '../../src/ingest/input.js';
import { METRIC_KEYS } from '../../src/metrics/registry.js';
import { runPipeline, type PipelineOptions } from '../../src/pipeline.js';
import { JsonBytes } from '../../src/report/json-bytes.js';
import { organizationJsonWriter, renderJson, renderNdjson } from '../../src/report/render-json.js';
import type { Report, ReportOrganization } from '../../src/report/report.js';
import { HOSTILE_NAME } from '../helpers.js';

function written(write: (out: JsonBytes) => void): string {
  const out = new JsonBytes(16);
  write(out);
  return Buffer.from(out.take()).toString('utf8');
}

/** A seeded generator of numbers in [0, 1) (a linear congruential one: the same numbers every run). */
function numbers(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('JsonBytes', () => {
  it('writes numbers as JSON.stringify does: integers, rounded decimals, long fractions, the edges', () => {
    const edges = [0, -0, 1, -1, 0.1, 0.5, -0.5, 0.001, 1e-6, 1.5e-6, 1e-7, 5e-324, 0.30000000000000004, 78.26666666666665, 99999999.5, 1e8, 100000005, 123456789.012,
      1e15 - 1, 1e15, -(1e15 - 1), 2 ** 31, 2 ** 31 - 1, -(2 ** 31), 2 ** 53, 1e21, 1e22, Number.MAX_VALUE, 1.5e300, NaN, Infinity, -Infinity];
    const random = numbers(7);
    const values = [...edges];
    for (let i = 0; i < 200_000; i++) {
      const magnitude = 10 ** Math.floor(random() * 20 - 7);
      const decimals = 10 ** Math.floor(random() * 8);
      const sign = random() < 0.3 ? -1 : 1;
      // Any double of its magnitude, one rounded to a few decimals (what the reports mostly hold), an integer.
      values.push(sign * random() * magnitude, (sign * Math.round(random() * magnitude * decimals)) / decimals, sign * Math.floor(random() * magnitude));
    }
    const out = new JsonBytes(64);
    const got: string[] = [];
    for (const x of values) {
      out.number(x);
      got.push(Buffer.from(out.take()).toString());
    }
    const wrong = values.map((x, i) => [x, got[i], JSON.stringify(x)] as const).filter(([, mine, theirs]) => mine !== theirs);
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('writes strings as JSON.stringify does: quotes, backslashes, control characters, beyond ASCII, lone surrogates', () => {
    for (const s of ['', 'plain', 'say "hi"', 'back\\slash', 'tab\there', 'line\nbreak', '\u0000\u001f\u007f', 'café', 'Zürich – Genève', '日本語', '😀 smile', '\ud800 alone', 'end \udfff', HOSTILE_NAME]) {
      expect(written((out) => out.string(s))).toBe(JSON.stringify(s));
    }
  });

  it('writes any plain value as JSON.stringify does, leaving out what it leaves out', () => {
    const value = {
      a: 1,
      b: [1, 'two', null, undefined, () => 3, Symbol('s'), NaN, -0, true, false, { c: undefined, d: 'x' }],
      e: undefined,
      f: () => 1,
      g: Symbol('t'),
      h: { nested: { deeper: [[], {}] } },
      i: new Date(Date.UTC(2024, 2, 1, 9, 30)),
      j: Object.assign(Object.create(null) as object, { k: 2 }),
      '2': 'an index-like key comes first',
      'quote"key': 1,
    };
    expect(written((out) => out.value(value))).toBe(JSON.stringify(value));
    expect(written((out) => out.value([undefined, null]))).toBe(JSON.stringify([undefined, null]));
  });

  it('grows past its first buffer and hands over what was written as a buffer of its own', () => {
    const out = new JsonBytes(8);
    const long = 'x'.repeat(1000);
    out.string(long);
    const first = out.take();
    out.number(12.5);
    const second = out.take();
    expect(Buffer.from(first).toString()).toBe(JSON.stringify(long));
    expect(Buffer.from(second).toString()).toBe('12.5');
    expect(first.buffer).not.toBe(second.buffer);
  });
});

let dir: string;

const BASE: PipelineOptions = {
  command: 'classify',
  files: [],
  hours: 'calendar',
  k: 4,
  isKExplicit: true,
  seed: 42,
  nRestarts: 3,
  scaling: 'robust',
  gaps: { ratio: 1.5, minTickets: 20, floorMinutes: 1 },
  isSkipInvalid: false,
  hasTimings: false,
  nThreads: 1,
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'benchmark-json-bytes-'));
});

/**
 * An organisation's line as JSON.stringify writes it: the members in ReportOrganization's order, without what
 * the report's `unmeasured` lists (the metric, its standings and the channel fields). The reference.
 */
function stringified(report: Report, o: ReportOrganization): string {
  const noMetric = new Set<string>(report.unmeasured.metrics);
  const noChannelField = new Set<string>(report.unmeasured.channelFields);
  const metrics = Object.fromEntries(METRIC_KEYS.filter((key) => !noMetric.has(key)).map((key) => [key, o.metrics[key]]));
  const channels = o.channels.map((c) => Object.fromEntries(Object.entries(c).filter(([key]) => !noChannelField.has(key))));
  const peers = o.peers === null ? null : { ...o.peers, standings: o.peers.standings.filter((s) => !noMetric.has(s.metric)) };
  return JSON.stringify({ name: o.name, cluster: o.cluster, archetype: o.archetype, metrics, channels, peers, evidence: o.evidence, ...(o.sla === undefined ? {} : { sla: o.sla }) });
}

function text(pieces: Iterable<string | Uint8Array>): string {
  return Buffer.concat([...pieces].map((p) => (typeof p === 'string' ? Buffer.from(p) : p))).toString('utf8');
}

/** Each organisation's line of the JSON and NDJSON reports against JSON.stringify's. */
function expectLinesAsStringified(report: Report): void {
  expect(report.organizations.length).toBeGreaterThan(1);
  const expected = report.organizations.map((o) => stringified(report, o));
  const json = text(renderJson(report)).split('\n');
  const from = json.indexOf('  "organizations": [') + 1;
  expect(json.slice(from, from + expected.length)).toEqual(expected.map((line, j) => `    ${line}${j < expected.length - 1 ? ',' : ''}`));
  expect(text(renderNdjson(report))).toBe(expected.map((line) => `${line}\n`).join(''));
  // The whole JSON report still parses, and its organisations are the report's.
  expect((JSON.parse(json.join('\n')) as Report).organizations.map((o) => o.name)).toEqual(report.organizations.map((o) => o.name));
}

describe('the organisations of the JSON and NDJSON reports', () => {
  it('classify of the bundled sample: channels, peers, coverage gaps, evidence', async () => {
    const { report } = await runPipeline({ ...BASE, files: [SAMPLE_TICKETS] });
    expect(report.organizations.some((o) => o.channels.length > 0 && o.peers !== null)).toBe(true);
    expectLinesAsStringified(report);
  });

  it('metrics of the bundled sample: no clusters, no peers', async () => {
    const { report } = await runPipeline({ ...BASE, command: 'metrics', files: [SAMPLE_TICKETS] });
    expect(report.organizations.every((o) => o.peers === null && o.cluster === null)).toBe(true);
    expectLinesAsStringified(report);
  });

  it('an organisation table lacking metrics, with names that need escapes or are beyond ASCII', async () => {
    const names = ['plain', 'say "hi"', 'back\\slash', 'Zürich', '日本', '😀', HOSTILE_NAME, 'tab\there'];
    const lines = ['organization,tickets_per_month,agents,tickets_per_agent,comments_per_ticket,csat,first_reply_median_hours,resolution_median_hours,reopen_rate,one_touch_rate'];
    for (let i = 0; i < 40; i++) {
      const agents = 2 + ((i * 7) % 23);
      const perMonth = 50 + ((i * 131) % 900);
      const reopen = i % 3 === 0 ? '' : String(((i * 17) % 20) / 100);
      const name = `${names[i % names.length]!} ${i}`;
      lines.push(`"${name.replace(/"/g, '""')}",${perMonth},${agents},${(perMonth / agents).toFixed(2)},${1 + ((i * 3) % 7) / 2},${0.6 + ((i * 11) % 40) / 100},${1 + ((i * 13) % 48)},${4 + ((i * 29) % 200)},${reopen},`);
    }
    const file = join(dir, 'orgs.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { report } = await runPipeline({ ...BASE, files: [file] });
    expect(report.unmeasured.metrics.length).toBeGreaterThan(0);
    expectLinesAsStringified(report);
  });

  it('an export with due times: each organisation with its service levels', async () => {
    const rows = ['Case,Team,Opened,Closed,Due'];
    for (let i = 0; i < 60; i++) {
      const day = String(1 + (i % 20)).padStart(2, '0');
      rows.push(`${i},Team ${i % 3},2024-03-${day} 09:00,2024-03-${day} ${String(10 + (i % 9)).padStart(2, '0')}:15,2024-03-${day} 12:00`);
    }
    const file = join(dir, 'due.csv');
    const map = join(dir, 'due.json');
    writeFileSync(file, `${rows.join('\n')}\n`);
    writeFileSync(map, JSON.stringify({ columns: { ticket_id: 'Case', organization: 'Team', created_at: 'Opened', solved_at: 'Closed', due_at: 'Due' } }));
    const { report } = await runPipeline({ ...BASE, command: 'metrics', files: [file], map });
    expect(report.organizations.every((o) => o.sla !== undefined)).toBe(true);
    expectLinesAsStringified(report);
  });

  it('the writer alone writes one organisation as the reference does, again and again into one buffer', async () => {
    const { report } = await runPipeline({ ...BASE, files: [SAMPLE_TICKETS] });
    const write = organizationJsonWriter(report);
    const out = new JsonBytes(32);
    for (const o of report.organizations.slice(0, 5)) write(o, out);
    expect(Buffer.from(out.take()).toString()).toBe(report.organizations.slice(0, 5).map((o) => stringified(report, o)).join(''));
  });
});
