// `benchmark sql` for real: the generated SQL runs in DuckDB (@duckdb/node-api) and in PostgreSQL (Debian's
// postgresql, started here), on the bundled sample and on the real datasets loaded as text, with their example
// mappings as they are (NYC 311: M/D/YY H:mm in America/New_York; the ServiceNow log as an event log, D/M/YYYY;
// SF 311: ISO with offsets) and on a fixture with a date pattern, a filter and a constant channel; the
// organisation table it returns, read back by `benchmark metrics --input orgs`, equals `benchmark metrics` on
// the ticket file: counts exactly, everything else within 1e-9 relative. The organisation × channel table is
// compared the same way.
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

const nycMap = join(ROOT, 'examples/nyc311.map.json');
const SN = `${DATA}servicenow-incident-event-log/incident_event_log.csv`;
const snMap = join(ROOT, 'examples/servicenow.map.json');
const SF = `${DATA}sf311-service-requests-sample/sf311_service_requests_sample.csv`;
const sfMap = join(ROOT, 'examples/sf311.map.json');

// A fixture with what the real datasets lack: a date pattern with offsets, a filter and a constant channel
// (generated here: 400 tickets over five teams, deterministic).
const PATTERN = join(dir, 'pattern.csv');
const patternMap = join(dir, 'pattern.map.json');
{
  const lines = ['id,team,state,opened,closed'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const days = ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed'];
  const write = (ms: number, offsetHours: number): string => {
    const t = new Date(ms + offsetHours * 3_600_000);
    const pad = (n: number): string => String(n).padStart(2, '0');
    const sign = offsetHours < 0 ? '-' : '+';
    return `${days[Math.floor((ms + offsetHours * 3_600_000) / 86_400_000) % 7]} ${months[t.getUTCMonth()]} ${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())} ${sign}${pad(Math.abs(offsetHours))}00 ${t.getUTCFullYear()}`;
  };
  for (let i = 0; i < 400; i++) {
    const created = Date.UTC(2017, 9, 1) + ((i * 7919) % 2_000_000) * 1000;
    const offset = [0, -5, 2, 9][i % 4]!;
    const solved = i % 9 === 0 ? '' : write(created + ((i * 104_729) % 400_000) * 1000, [0, 1, -3][i % 3]!);
    lines.push(`${i + 1},team-${i % 5},${i % 13 === 0 ? 'Duplicate' : 'Closed'},${write(created, offset)},${solved}`);
  }
  writeFileSync(PATTERN, `${lines.join('\n')}\n`);
  writeFileSync(
    patternMap,
    JSON.stringify({
      columns: { ticket_id: 'id', organization: 'team', channel: { value: 'Twitter' }, created_at: 'opened', solved_at: 'closed', status: 'state' },
      dateFormat: 'ddd MMM DD HH:mm:ss ZZ YYYY',
      where: [{ column: 'state', notIn: ['Duplicate'] }],
    }),
  );
}

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
      // A metric no organisation has is left out of the JSON (report.unmeasured): read as null.
      if (COUNTS.has(c.column)) expect(o.metrics[c.metric] ?? null, `${label} ${o.name} ${c.column}`).toBe(want[c.metric] ?? null);
      else expectClose(o.metrics[c.metric] ?? null, want[c.metric] ?? null, `${label} ${o.name} ${c.column}`);
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
      // A field null in every channel is left out of the JSON (report.unmeasured): read as null.
      expectClose(got, (w[c.metric] as number | null | undefined) ?? null, `${label} ${w.organization} ${w.channel} ${c.column}`);
    }
  }
}

const sampleReport = runJson<Report>(['metrics', SAMPLE]);
// NYC 311 lives in ../shared/data, which a clone without it lacks: those cases are skipped there, saying so.
const hasNyc = existsSync(NYC);
if (!hasNyc) console.warn(`sql-roundtrip.test.ts: NYC 311 cases skipped: ${NYC} is absent (a clone without ../shared)`);
const nycReport = hasNyc ? runJson<Report>(['metrics', NYC, '--map', nycMap]) : undefined;
const hasSn = existsSync(SN) && existsSync(SF);
if (!hasSn) console.warn(`sql-roundtrip.test.ts: ServiceNow and SF 311 cases skipped: ${SN} or ${SF} is absent (a clone without ../shared)`);
const snReport = hasSn ? runJson<Report>(['metrics', SN, '--map', snMap]) : undefined;
const sfReport = hasSn ? runJson<Report>(['metrics', SF, '--map', sfMap, '--skip-invalid']) : undefined;
const patternReport = runJson<Report>(['metrics', PATTERN, '--map', patternMap]);

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
  // The real files as text, as a warehouse loads an export: the SQL parses the timestamps as the mapping says.
  const loadNyc = `CREATE TABLE nyc AS SELECT * FROM read_csv('${NYC}', all_varchar = true)`;
  const loadSn = `CREATE TABLE sn AS SELECT * FROM read_csv('${SN}', all_varchar = true)`;
  const loadSf = `CREATE TABLE sf AS SELECT * FROM read_csv('${SF}', all_varchar = true)`;
  const loadPattern = `CREATE TABLE messages AS SELECT * FROM read_csv('${PATTERN}', all_varchar = true)`;

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
  it.skipIf(!hasNyc)('NYC 311 through its mapping file, time zone included: organisation and channel tables', async () => {
    compareOrgTable(await duck(loadNyc, sql(['--dialect', 'duckdb', '--table', 'nyc', '--map', nycMap])), nycReport!, 'duckdb nyc');
    compareChannelTable(await duck(loadNyc, sql(['--dialect', 'duckdb', '--table', 'nyc', '--map', nycMap, '--channels'])), nycReport!, 'duckdb nyc channels');
  });
  it.skipIf(!hasSn)('the ServiceNow log as an event log, and SF 311: organisation and channel tables', async () => {
    compareOrgTable(await duck(loadSn, sql(['--dialect', 'duckdb', '--table', 'sn', '--map', snMap])), snReport!, 'duckdb servicenow');
    compareChannelTable(await duck(loadSn, sql(['--dialect', 'duckdb', '--table', 'sn', '--map', snMap, '--channels'])), snReport!, 'duckdb servicenow channels');
    compareOrgTable(await duck(loadSf, sql(['--dialect', 'duckdb', '--table', 'sf', '--map', sfMap])), sfReport!, 'duckdb sf');
  });
  it('a date pattern with offsets, a filter and a constant channel', async () => {
    expect(patternReport.input.rejectsByReason).toEqual({ 'left out by where: state not in ["Duplicate"]': 31 });
    compareOrgTable(await duck(loadPattern, sql(['--dialect', 'duckdb', '--table', 'messages', '--map', patternMap])), patternReport, 'duckdb pattern');
    compareChannelTable(await duck(loadPattern, sql(['--dialect', 'duckdb', '--table', 'messages', '--map', patternMap, '--channels'])), patternReport, 'duckdb pattern channels');
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
    // A file as a table of text columns: those `keep` names, cut out with csv-parse.
    const load = (table: string, file: string, keep: string[]): void => {
      pg.psql(['-c', `CREATE TABLE ${table} (${keep.map((k) => `"${k}" text`).join(', ')})`]);
      const rows = parse(readFileSync(file), { columns: true, bom: true }) as Record<string, string>[];
      const csv = rows.map((r) => keep.map((k) => `"${(r[k] ?? '').replace(/"/g, '""')}"`).join(',')).join('\n');
      pg.psql(['-c', `COPY ${table} FROM STDIN WITH (FORMAT csv)`], `${csv}\n`);
    };
    load('messages', PATTERN, ['id', 'team', 'state', 'opened', 'closed']);
    if (hasNyc) load('nyc', NYC, ['Unique Key', 'Created Date', 'Closed Date', 'Agency', 'Open Data Channel Type', 'Status']);
    if (hasSn) {
      load('sn', SN, ['number', 'incident_state', 'sys_mod_count', 'opened_at', 'sys_updated_at', 'contact_type', 'assignment_group', 'assigned_to']);
      load('sf', SF, ['unique_key', 'created_date', 'closed_date', 'agency_name', 'source', 'status']);
    }
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
  it.skipIf(!hasNyc)('NYC 311 through its mapping file, time zone included: organisation and channel tables', () => {
    compareOrgTable(copy(sql(['--dialect', 'postgres', '--table', 'nyc', '--map', nycMap])), nycReport!, 'postgres nyc');
    compareChannelTable(copy(sql(['--dialect', 'postgres', '--table', 'nyc', '--map', nycMap, '--channels'])), nycReport!, 'postgres nyc channels');
  });
  it.skipIf(!hasSn)('the ServiceNow log as an event log, and SF 311: organisation and channel tables', () => {
    compareOrgTable(copy(sql(['--dialect', 'postgres', '--table', 'sn', '--map', snMap])), snReport!, 'postgres servicenow');
    compareChannelTable(copy(sql(['--dialect', 'postgres', '--table', 'sn', '--map', snMap, '--channels'])), snReport!, 'postgres servicenow channels');
    compareOrgTable(copy(sql(['--dialect', 'postgres', '--table', 'sf', '--map', sfMap])), sfReport!, 'postgres sf');
  });
  it('a date pattern with offsets, a filter and a constant channel', () => {
    compareOrgTable(copy(sql(['--dialect', 'postgres', '--table', 'messages', '--map', patternMap])), patternReport, 'postgres pattern');
    compareChannelTable(copy(sql(['--dialect', 'postgres', '--table', 'messages', '--map', patternMap, '--channels'])), patternReport, 'postgres pattern channels');
  });
});
