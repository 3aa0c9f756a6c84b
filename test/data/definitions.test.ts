// The streaming aggregator against the metric definitions: every column of the organisation and organisation ×
// channel tables, evaluated directly from the definitions (test/reference/evaluate-definitions.ts) on tickets
// parsed with csv-parse, equals `benchmark metrics` on the same file.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { KNOWN_CHANNELS } from '../../src/ingest/channels.js';
import { ORG_COLUMN_METRIC } from '../../src/ingest/orgs.js';
import { BAD, GOOD } from '../../src/ingest/values.js';
import { CHANNEL_TABLE, ORG_TABLE, type DefinedTicket } from '../../src/metrics/definitions.js';
import type { Report } from '../../src/report/report.js';
import { ROOT, runJson } from '../helpers.js';
import { evaluate } from '../reference/evaluate-definitions.js';

function number(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}

function rating(text: string): 'good' | 'bad' | null {
  const t = text.trim().toLowerCase();
  if (GOOD.has(t)) return 'good';
  if (BAD.has(t)) return 'bad';
  const score = Number(t);
  return t !== '' && score >= 1 && score <= 5 ? (score >= 4 ? 'good' : 'bad') : null;
}

/** The generic export read by hand: timestamps as written (taken as UTC wall clock). */
export function readGeneric(file: string): DefinedTicket[] {
  const rows = parse(readFileSync(file), { columns: true, bom: true }) as Record<string, string>[];
  return rows.map((r) => {
    const createdMs = Date.parse(`${r.created_at!.trim().replace(' ', 'T')}Z`);
    const solvedMs = r.solved_at?.trim() ? Date.parse(`${r.solved_at.trim().replace(' ', 'T')}Z`) : null;
    return {
      organization: r.organization!.trim(),
      channel: KNOWN_CHANNELS[(r.channel ?? '').trim().toLowerCase()] ?? 'other',
      createdMs,
      solvedMs,
      firstReplyMinutes: number(r.first_reply_minutes ?? ''),
      resolutionMinutes: solvedMs === null ? null : (solvedMs - createdMs) / 60_000,
      rating: rating(r.satisfaction ?? ''),
      replies: number(r.replies ?? ''),
      reopens: number(r.reopens ?? ''),
      assignee: (r.assignee ?? '').trim() || null,
    };
  });
}

export function expectClose(actual: number | null, expected: number | null, what: string): void {
  if (expected === null || actual === null) {
    expect(actual, what).toBe(expected);
    return;
  }
  expect(Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9);
}

describe('metric definitions', () => {
  it('every organisation-table column is a column organisation tables are read with, for the same metric', () => {
    for (const c of ORG_TABLE) expect(ORG_COLUMN_METRIC[c.column], c.column).toBe(c.metric);
  });

  it('the streaming aggregator gives what the definitions say, on the bundled sample: every organisation and channel', () => {
    const file = join(ROOT, 'fixtures/sample/tickets.csv');
    const tickets = readGeneric(file);
    const created = tickets.map((t) => t.createdMs);
    const period = { days: Math.max((Math.max(...created) - Math.min(...created)) / 86_400_000, 1) };
    const report = runJson<Report>(['metrics', file]);
    expect(report.organizations).toHaveLength(new Set(tickets.map((t) => t.organization)).size);
    let compared = 0;
    for (const o of report.organizations) {
      const own = tickets.filter((t) => t.organization === o.name);
      for (const c of ORG_TABLE) {
        expectClose(o.metrics[c.metric], evaluate(c.formula, own, period), `${o.name} ${c.column}`);
        compared++;
      }
      for (const ch of o.channels) {
        const inChannel = own.filter((t) => t.channel === ch.channel);
        for (const c of CHANNEL_TABLE) {
          expectClose(ch[c.metric] as number | null, evaluate(c.formula, inChannel, period, own), `${o.name} ${ch.channel} ${c.column}`);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(240 * ORG_TABLE.length);
  });
});
