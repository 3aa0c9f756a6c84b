// `benchmark sql` with hostile names: a --table that is not a plain name is refused; column names, channel names
// and missing-value tokens from a mapping file become identifiers and literals that no value can break out of.
// The DuckDB and PostgreSQL SQL runs for real (a table to drop beside it survives); the Spark, BigQuery and
// Snowflake SQL is parsed (node-sql-parser) and must hold one statement whose string literals are exactly the
// intended values.

import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Parser } from 'node-sql-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../src/sql/generate.js';
import { runCli } from '../helpers.js';
import { postgresBin, postgresForTests, type Postgres } from '../postgres.js';

const PARSER_DATABASE = { duckdb: 'postgresql', postgres: 'postgresql', spark: 'hive', bigquery: 'bigquery', snowflake: 'snowflake' } as const;
const dir = mkdtempSync(join(tmpdir(), 'benchmark-sql-hostile-'));

// Names and values built to end a literal or an identifier early in one engine or another.
const COLUMNS = { organization: 'org "name"', channel: 'chan`nel\\', created_at: "created at'--", solved_at: 'solved\\' };
const PLAIN_COLUMNS = { organization: 'organization', channel: 'channel', created_at: 'created_at', solved_at: 'solved_at' };
const CHANNELS: Record<string, string> = { "x\\' or 1=1 --": 'chat', "a'b": 'phone', 'tab\\': 'email', 'two\nlines': 'web' };
const MISSING = ['n/a\\', "'; drop table customers; --"];
const HOSTILE = join(dir, 'hostile.map.json');
writeFileSync(HOSTILE, JSON.stringify({ columns: COLUMNS, channels: CHANNELS, missing: MISSING }));
const LITERALS = join(dir, 'literals.map.json');
writeFileSync(LITERALS, JSON.stringify({ columns: PLAIN_COLUMNS, channels: CHANNELS, missing: MISSING }));

function sql(dialect: string, extra: string[] = [], mapping = HOSTILE): string {
  const result = runCli(['sql', '--dialect', dialect, '--table', 'support.tickets', '--map', mapping, ...extra]);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

describe('--table', () => {
  const hostile = ['support.tickets\nDROP TABLE customers; --', 'tickets; DROP TABLE customers', 'a.b.c.d', '"quoted"', 'x y', 'tickets--', ''];
  for (const dialect of DIALECTS) {
    it(`${dialect}: refuses any name but a plain dotted one (exit 2, no SQL)`, () => {
      for (const name of hostile) {
        const result = runCli(['sql', '--dialect', dialect, '--table', name]);
        expect(result.code, JSON.stringify(name)).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toContain('--table: expected a plain table name such as support.tickets');
      }
      expect(runCli(['sql', '--dialect', dialect, '--table', 'analytics.support.tickets_2025']).code).toBe(0);
    });
  }
  it('bigquery: takes a project id with hyphens, quoted as a whole path', () => {
    const result = runCli(['sql', '--dialect', 'bigquery', '--table', 'my-project.support.tickets']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('FROM `my-project.support.tickets`');
  });
});

/** Every string literal of a parsed statement, read back as the engine reads it. */
function literals(ast: unknown, dialect: string): string[] {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      const n = node as { type?: unknown; value?: unknown };
      if ((n.type === 'single_quote_string' || n.type === 'string') && typeof n.value === 'string') out.push(unescape(n.value, dialect));
      for (const v of Object.values(node)) visit(v);
    }
  };
  visit(ast);
  return out;
}

/** node-sql-parser keeps a literal's text as written: undo the dialect's escapes. */
function unescape(raw: string, dialect: string): string {
  if (dialect === 'duckdb' || dialect === 'postgres') return raw.replace(/''/g, "'");
  return raw.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', r: '\r' })[c] ?? c).replace(/''/g, "'");
}

describe('hostile channel names and missing tokens from a mapping file', () => {
  // node-sql-parser reads these dialects' string escapes (its PostgreSQL grammar takes a backslash for an
  // escape, which PostgreSQL and DuckDB do not: their SQL is run for real below instead). It does not take every
  // quoted identifier, so the columns here are plain (the hostile ones are checked by a lexer and by running).
  for (const dialect of ['spark', 'bigquery', 'snowflake'] as const) {
    it(`${dialect}: one statement, whose literals are exactly the intended values`, () => {
      for (const extra of [[], ['--channels']]) {
        const text = sql(dialect, extra, LITERALS);
        const ast = new Parser().astify(text, { database: PARSER_DATABASE[dialect] });
        const statements = Array.isArray(ast) ? ast : [ast];
        expect(statements.length).toBe(1);
        expect((statements[0] as { type: string }).type).toBe('select');
        const found = new Set(literals(ast, dialect));
        for (const raw of Object.keys(CHANNELS)) expect(found, raw).toContain(raw);
        for (const token of MISSING) expect(found, token).toContain(token);
        // Nothing came loose: the only literals speaking of dropping or OR 1=1 are the hostile values themselves.
        const intended = new Set([...Object.keys(CHANNELS), ...MISSING]);
        expect([...found].filter((v) => /drop|1=1/i.test(v) && !intended.has(v))).toEqual([]);
      }
    });
  }
});

/**
 * The dialect's tokens, as its lexer reads them: string literals, quoted identifiers, comments, and the
 * semicolons outside them. Throws where a literal or identifier is left open.
 */
function lex(text: string, dialect: string): { identifiers: string[]; literals: string[]; semicolons: number } {
  const isBackslash = dialect === 'spark' || dialect === 'bigquery' || dialect === 'snowflake';
  const identQuote = dialect === 'spark' || dialect === 'bigquery' ? '`' : '"';
  const out = { identifiers: [] as string[], literals: [] as string[], semicolons: 0 };
  let i = 0;
  const readQuoted = (quote: string, isEscaping: boolean): string => {
    let value = '';
    for (i++; i < text.length; i++) {
      const c = text[i]!;
      if (isEscaping && c === '\\') {
        const next = text[++i]!;
        value += next === 'n' ? '\n' : next === 'r' ? '\r' : next;
      } else if (c === quote && text[i + 1] === quote) {
        value += quote;
        i++;
      } else if (c === quote) {
        i++;
        return value;
      } else value += c;
    }
    throw new Error(`${dialect}: a ${quote} quoted token is left open`);
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '-' && text[i + 1] === '-') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === "'") out.literals.push(readQuoted("'", isBackslash));
    else if (c === identQuote) out.identifiers.push(readQuoted(identQuote, dialect === 'bigquery'));
    else {
      if (c === ';') out.semicolons++;
      i++;
    }
  }
  return out;
}

describe('hostile column names from a mapping file', () => {
  for (const dialect of DIALECTS) {
    it(`${dialect}: each quoted identifier reads back as the column's name, and the statement stays one`, () => {
      for (const extra of [[], ['--channels']]) {
        const text = sql(dialect, extra);
        const tokens = lex(text, dialect);
        expect(tokens.semicolons).toBe(1);
        expect(text.trimEnd().endsWith(';')).toBe(true);
        for (const name of Object.values(COLUMNS)) expect(tokens.identifiers, name).toContain(name);
        for (const raw of Object.keys(CHANNELS)) expect(tokens.literals, raw).toContain(raw);
      }
    });
  }
});

/** Rows for the hostile table: one organisation, three channel values and a missing token. */
const ROWS: [string, string, string, string | null][] = [
  ['Acme', 'two\nlines', '2025-03-02 09:00:00', '2025-03-02 10:00:00'],
  ['Acme', "x\\' OR 1=1 --", '2025-03-03 09:00:00', '2025-03-03 11:00:00'],
  ['Acme', "a'b", '2025-03-04 09:00:00', '2025-03-04 10:00:00'],
  ['Acme', 'n/a\\', '2025-03-05 09:00:00', null],
  ['Acme', "'; drop table customers; --", '2025-03-06 09:00:00', null],
];
const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const text = (value: string | null): string => (value === null ? 'NULL' : `'${value.replace(/'/g, "''")}'`);
const createTable = `CREATE SCHEMA support; CREATE TABLE customers (id integer); INSERT INTO customers VALUES (1);
  CREATE TABLE support.tickets (${quote(COLUMNS.organization)} VARCHAR, ${quote(COLUMNS.channel)} VARCHAR, ${quote(COLUMNS.created_at)} TIMESTAMP, ${quote(COLUMNS.solved_at)} TIMESTAMP);
  INSERT INTO support.tickets VALUES ${ROWS.map((r) => `(${r.map(text).join(', ')})`).join(', ')};`;

/** What the channel table must say: the mapped channels, the missing tokens as no channel (other). */
function expectChannels(rows: { channel: string; tickets: string | number }[]): void {
  const byChannel = Object.fromEntries(rows.map((r) => [r.channel, Number(r.tickets)]));
  expect(byChannel).toEqual({ chat: 1, phone: 1, web: 1, other: 2 });
}

describe('the hostile SQL run for real', () => {
  it('DuckDB: runs, maps the hostile channel names, and drops nothing', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(createTable);
    for (const extra of [[], ['--channels']]) {
      const reader = await connection.runAndReadAll(sql('duckdb', extra).trim().replace(/;$/, ''));
      const rows = reader.getRowObjectsJS() as { organization: string; channel: string; tickets: number }[];
      if (extra.length === 0) expect(rows.map((r) => [r.organization, Number(r.tickets)])).toEqual([['Acme', 5]]);
      else expectChannels(rows);
    }
    const customers = await connection.runAndReadAll('SELECT COUNT(*) AS n FROM customers');
    expect(Number((customers.getRowObjectsJS()[0] as { n: unknown }).n)).toBe(1);
  });

  const bin = postgresBin();
  let pg: Postgres | undefined;
  afterAll(() => pg?.stop());
  it.skipIf(bin === undefined)('PostgreSQL: runs through psql -f, maps the hostile channel names, and drops nothing', () => {
    pg = postgresForTests(bin!);
    pg.psql(['-c', createTable.replace(/VARCHAR/g, 'text')]);
    // psql runs as the server's user: the file must be readable to it.
    const file = join(mkdtempSync(join(tmpdir(), 'benchmark-sql-psql-')), 'channels.sql');
    chmodSync(join(file, '..'), 0o755);
    writeFileSync(file, sql('postgres', ['--channels']), { mode: 0o644 });
    const out = pg.psql(['-A', '-F', ',', '-f', file]);
    const [head, ...lines] = out.trim().split('\n').filter((l) => !/^\(\d+ rows?\)$/.test(l));
    const columns = head!.split(',');
    expectChannels(lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [columns[i]!, v])) as { channel: string; tickets: string }));
    expect(pg.psql(['-A', '-t', '-c', 'SELECT COUNT(*) FROM customers']).trim()).toBe('1');
  });
});
