// Repeat contacts across channels against an independent computation in DuckDB: on fixtures/repeat/tickets.csv
// (ties, contacts exactly at the window's edge, a ticket without a requester, a requester of two organisations),
// the share of requesters who came back through another channel within 7 days (and within 3), per organisation
// and per organisation × channel, as a self-join in SQL, equals `benchmark metrics`.

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { ROOT, runJson } from '../helpers.js';

const FILE = join(ROOT, 'fixtures/repeat/tickets.csv');
let connection: DuckDBConnection;

beforeAll(async () => {
  connection = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => connection?.closeSync());

interface Row {
  org: string;
  channel: string | null;
  requesters: number;
  repeaters: number;
}

/** Per organisation (channel null) and per organisation × channel: requesters, and those who came back through another channel within `days`. */
async function duckdb(days: number): Promise<Row[]> {
  const sql = `
    WITH t AS (
      SELECT organization AS org, channel, requester, CAST(created_at AS TIMESTAMP) AS ts
      FROM read_csv('${FILE}', header = true, all_varchar = true) WHERE coalesce(requester, '') <> ''),
    back AS (
      SELECT DISTINCT a.org, a.requester, a.channel FROM t a JOIN t b
        ON a.org = b.org AND a.requester = b.requester AND a.channel <> b.channel
       AND b.ts >= a.ts AND b.ts <= a.ts + INTERVAL ${days} DAY)
    SELECT org, NULL AS channel, count(DISTINCT requester)::INTEGER AS requesters,
           (SELECT count(DISTINCT requester) FROM back WHERE back.org = t.org)::INTEGER AS repeaters
      FROM t GROUP BY org
    UNION ALL
    SELECT org, channel, count(DISTINCT requester)::INTEGER,
           (SELECT count(*) FROM back WHERE back.org = t.org AND back.channel = t.channel)::INTEGER
      FROM t GROUP BY org, channel
    ORDER BY org, channel NULLS FIRST`;
  return (await connection.runAndReadAll(sql)).getRowObjectsJS() as unknown as Row[];
}

describe('repeat contacts against DuckDB', () => {
  it.each([7, 3])('within %i days: every organisation and channel', async (days) => {
    const expected = await duckdb(days);
    const report = runJson<Report>(['metrics', FILE, '--repeat-days', String(days)]);
    expect(report.repeatContacts).toEqual({ windowDays: days, isMeasured: true });
    const ours: Row[] = report.organizations.flatMap((o) => [
      { org: o.name, channel: null, requesters: o.metrics.requesters!, repeaters: Math.round(o.metrics.repeatContactShare! * o.metrics.requesters!) },
      ...o.channels.map((c) => ({ org: o.name, channel: c.channel as string | null, requesters: c.requesters!, repeaters: Math.round(c.repeatContactShare! * c.requesters!) })),
    ]);
    const key = (r: Row): string => `${r.org}/${r.channel ?? ''}`;
    expect(ours.sort((a, b) => (key(a) < key(b) ? -1 : 1))).toEqual(expected.sort((a, b) => (key(a) < key(b) ? -1 : 1)));
    // Something to find: some requesters came back, not all.
    const total = expected.filter((r) => r.channel === null);
    expect(total.reduce((s, r) => s + r.repeaters, 0)).toBeGreaterThan(0);
    expect(total.every((r) => r.repeaters < r.requesters)).toBe(true);
  });

  it('says nothing of repeat contacts where the export has no requester', () => {
    const report = runJson<Report>(['metrics', 'fixtures/economics/tickets.csv']);
    expect(report.repeatContacts.isMeasured).toBe(false);
    // No organisation has it, so the JSON says so once and leaves it out of each organisation.
    expect(report.unmeasured.metrics).toEqual(expect.arrayContaining(['requesters', 'repeatContactShare']));
    expect(report.unmeasured.channelFields).toEqual(expect.arrayContaining(['requesters', 'repeatContactShare']));
    expect(report.organizations[0]!.metrics).not.toHaveProperty('repeatContactShare');
    expect(report.organizations[0]!.channels[0]!).not.toHaveProperty('repeatContactShare');
  });
});
