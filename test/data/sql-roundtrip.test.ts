// `benchmark sql` for real: the generated SQL runs in DuckDB (@duckdb/node-api) and in PostgreSQL (Debian's
// postgresql, started here), on the bundled sample and on NYC 311 (real data), and the organisation table it
// returns, read back by `benchmark metrics --input orgs`, equals `benchmark metrics` on the ticket file: counts
// exactly, everything else within 1e-9 relative. The organisation × channel table is compared the same way.
// .ci/run installs postgresql and starts a server (PGHOST); elsewhere the test starts its own, and without
// postgresql (outside CI) the PostgreSQL half is skipped; in CI it fails.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORG_TABLE, CHANNEL_TABLE } from '../../src/metrics/registry.js';
import type { Report } from '../../src/report/report.js';
import { DATA, ROOT, runCli, runJson } from '../helpers.js';
import { postgresBin, postgresForTests, type Postgres } from '../postgres.js';
import { expectClose } from '../reference/tickets.js';

const dir = mkdtempSync(join(tmpdir(), 'benchmark-sql-'));
const SAMPLE = join(ROOT, 'fixtures/sample/tickets.csv');
const NYC = `${DATA}nyc311-service-requests-sample/nyc311_2018-10-21_sample.csv`;
const COUNTS = new Set(['tickets', 'solved_tickets', 'open_tickets', 'agents', 'csat_rated']);

// NYC 311 with its mapping, but timestamps taken as written on both sides (the SQL does not convert zones).
const nycMap = join(dir, 'nyc.map.json');
const nycMapping = JSON.parse(readFileSync(join(ROOT, 'examples/nyc311.map.json'), 'utf8')) as Record<string, unknown>;
delete nycMapping.timezone;
writeFileSync(nycMap, JSON.stringify(nycMapping));

function sql(args: string[]): string {
  const result = runCli(['sql', ...args, '-q']);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

/** The organisation table as CSV, read back through the CLI, compared with metrics on the tickets. */
function compareOrgTable(csv: string, expected: Report, label: string): void {
  const file = join(dir, `${label}.orgs.csv`);
  writeFileSync(file, csv);
  const back = runJson<Report>(['metrics', file, '--input', 'orgs']);
  expect(back.organizations.map((o) => o.name), label).toEqual(expected.organizations.map((o) => o.name));
  back.organizations.forEach((o, i) => {
    const want = expected.organizations[i]!.metrics;
    for (const c of ORG_TABLE) {
      if (COUNTS.has(c.column)) expect(o.metrics[c.metric], `${label} ${o.name} ${c.column}`).toBe(want[c.metric]);
      else expectClose(o.metrics[c.metric], want[c.metric], `${label} ${o.name} ${c.column}`);
    }
  });
}

function compareChannelTable(csv: string, expected: Report, label: string): void {
  const rows = parse(csv, { columns: true }) as Record<string, string>[];
  const want = expected.organizations.flatMap((o) => o.channels.map((c) => ({ organization: o.name, ...c })));
  expect(rows.length, label).toBe(want.length);
  for (const w of want) {
    const row = rows.find((r) => r.organization === w.organization && r.channel === w.channel);
    expect(row, `${label} ${w.organization} ${w.channel}`).toBeDefined();
    for (const c of CHANNEL_TABLE) {
      const got = row![c.column] === '' ? null : Number(row![c.column]);
      expectClose(got, w[c.metric] as number | null, `${label} ${w.organization} ${w.channel} ${c.column}`);
    }
  }
}

const sampleReport = runJson<Report>(['metrics', SAMPLE]);
// NYC 311 lives in ../shared/data, which a clone without it lacks: those cases are skipped there, saying so.
const hasNyc = existsSync(NYC);
if (!hasNyc) console.warn(`sql-roundtrip.test.ts: NYC 311 cases skipped: ${NYC} is absent (a clone without ../shared)`);
const nycReport = hasNyc ? runJson<Report>(['metrics', NYC, '--map', nycMap]) : undefined;

describe('benchmark sql in DuckDB', () => {
  async function duck(load: string, query: string): Promise<string> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(load);
    const out = join(dir, `duck-${Math.random().toString(36).slice(2)}.csv`);
    await connection.run(`COPY (${query.trim().replace(/;$/, '')}) TO '${out}' (HEADER, DELIMITER ',')`);
    return readFileSync(out, 'utf8');
  }
  const loadSample = `CREATE TABLE tickets AS SELECT * FROM read_csv('${SAMPLE}')`;
  const loadNyc = `CREATE TABLE nyc AS SELECT "Unique Key", "Agency", "Open Data Channel Type",
      strptime("Created Date", '%m/%d/%y %H:%M') AS "Created Date",
      CASE WHEN TRIM("Closed Date") = '' THEN NULL ELSE strptime("Closed Date", '%m/%d/%y %H:%M') END AS "Closed Date"
    FROM read_csv('${NYC}', all_varchar = true)`;

  it('sample: the organisation table equals benchmark metrics', async () => {
    compareOrgTable(await duck(loadSample, sql(['--dialect', 'duckdb'])), sampleReport, 'duckdb sample');
  });
  it('sample: classifying the table the warehouse returns gives the clusters and archetypes of classify on the tickets', async () => {
    const file = join(dir, 'warehouse-orgs.csv');
    writeFileSync(file, await duck(loadSample, sql(['--dialect', 'duckdb'])));
    const profile = join(ROOT, 'fixtures/sample/profile.csv');
    const fromWarehouse = runJson<Report>(['classify', file, '--input', 'orgs', '--profile', profile]);
    const fromTickets = runJson<Report>(['classify', SAMPLE, '--profile', profile]);
    expect(fromWarehouse.organizations.map((o) => [o.name, o.cluster, o.archetype])).toEqual(fromTickets.organizations.map((o) => [o.name, o.cluster, o.archetype]));
    expect(fromWarehouse.model!.inertia).toBeCloseTo(fromTickets.model!.inertia, 9);
  });
  it('sample: the organisation × channel table equals benchmark metrics', async () => {
    compareChannelTable(await duck(loadSample, sql(['--dialect', 'duckdb', '--channels'])), sampleReport, 'duckdb sample channels');
  });
  it.skipIf(!hasNyc)('NYC 311 through its mapping file: organisation and channel tables', async () => {
    compareOrgTable(await duck(loadNyc, sql(['--dialect', 'duckdb', '--table', 'nyc', '--map', nycMap])), nycReport!, 'duckdb nyc');
    compareChannelTable(await duck(loadNyc, sql(['--dialect', 'duckdb', '--table', 'nyc', '--map', nycMap, '--channels'])), nycReport!, 'duckdb nyc channels');
  });
});

const bin = postgresBin();
if (bin === undefined && process.env.CI) throw new Error('CI must have PostgreSQL (apt-get install postgresql) for the SQL round trips');

describe.skipIf(bin === undefined)('benchmark sql in PostgreSQL', () => {
  let pg: Postgres;
  beforeAll(() => {
    pg = postgresForTests(bin!);
    pg.psql(['-c', `CREATE TABLE tickets (ticket_id bigint, organization text, channel text, created_at timestamp, solved_at timestamp,
      first_reply_minutes double precision, satisfaction text, replies double precision, reopens double precision, assignee text, status text)`]);
    pg.psql(['-c', 'COPY tickets FROM STDIN WITH (FORMAT csv, HEADER)'], readFileSync(SAMPLE, 'utf8'));
    if (!hasNyc) return;
    pg.psql(['-c', `CREATE TABLE nyc_raw ("Unique Key" text, "Created Date" text, "Closed Date" text, "Agency" text, "Open Data Channel Type" text, rest text)`]);
    // Only the columns the mapping uses, in the file's order, cut out with csv-parse.
    const rows = parse(readFileSync(NYC), { columns: true, bom: true }) as Record<string, string>[];
    const keep = ['Unique Key', 'Created Date', 'Closed Date', 'Agency', 'Open Data Channel Type'];
    const csv = rows.map((r) => [...keep.map((k) => `"${(r[k] ?? '').replace(/"/g, '""')}"`), ''].join(',')).join('\n');
    pg.psql(['-c', 'COPY nyc_raw FROM STDIN WITH (FORMAT csv)'], `${csv}\n`);
    pg.psql(['-c', `CREATE TABLE nyc AS SELECT "Unique Key", "Agency", "Open Data Channel Type",
      to_timestamp("Created Date", 'MM/DD/YY HH24:MI')::timestamp AS "Created Date",
      CASE WHEN "Closed Date" = '' THEN NULL ELSE to_timestamp("Closed Date", 'MM/DD/YY HH24:MI')::timestamp END AS "Closed Date" FROM nyc_raw`]);
  }, 120_000);
  afterAll(() => pg?.stop());

  function copy(query: string): string {
    return pg.psql(['-c', `SET TIME ZONE 'UTC'; COPY (${query.trim().replace(/;$/, '')}) TO STDOUT WITH (FORMAT csv, HEADER)`]);
  }

  it('sample: the organisation table equals benchmark metrics', () => {
    compareOrgTable(copy(sql(['--dialect', 'postgres'])), sampleReport, 'postgres sample');
  });
  it('sample: the organisation × channel table equals benchmark metrics', () => {
    compareChannelTable(copy(sql(['--dialect', 'postgres', '--channels'])), sampleReport, 'postgres sample channels');
  });
  it.skipIf(!hasNyc)('NYC 311 through its mapping file: organisation and channel tables', () => {
    compareOrgTable(copy(sql(['--dialect', 'postgres', '--table', 'nyc', '--map', nycMap])), nycReport!, 'postgres nyc');
    compareChannelTable(copy(sql(['--dialect', 'postgres', '--table', 'nyc', '--map', nycMap, '--channels'])), nycReport!, 'postgres nyc channels');
  });
});
