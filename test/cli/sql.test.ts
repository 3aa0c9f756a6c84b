// `benchmark sql`: golden files for every dialect (Spark, BigQuery and Snowflake cannot run here, so their SQL is
// pinned by golden files and checked by a SQL parser, node-sql-parser), and the usage errors. The DuckDB and
// PostgreSQL SQL is run for real in test/data/sql-roundtrip.test.ts.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../src/sql/generate.js';
import { ROOT, runCli } from '../helpers.js';

const PARSER_DATABASE = { duckdb: 'postgresql', postgres: 'postgresql', spark: 'hive', bigquery: 'bigquery', snowflake: 'snowflake' } as const;
const isUpdate = process.env.UPDATE_GOLDEN === '1';

function sql(args: string[]): string {
  const result = runCli(['sql', ...args]);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

describe('benchmark sql', () => {
  for (const dialect of DIALECTS) {
    for (const isChannels of [false, true]) {
      const name = `${dialect}${isChannels ? '-channels' : ''}`;
      it(`${name}: matches its golden file and parses`, () => {
        const text = sql(['--dialect', dialect, '--table', 'support.tickets', ...(isChannels ? ['--channels'] : [])]);
        const golden = join(ROOT, 'fixtures/sql', `${name}.sql`);
        if (isUpdate || !existsSync(golden)) writeFileSync(golden, text);
        expect(text).toBe(readFileSync(golden, 'utf8'));
        expect(() => new Parser().astify(text, { database: PARSER_DATABASE[dialect] })).not.toThrow();
        // The parser does reject broken SQL (so the check above can fail).
        expect(() => new Parser().astify(text.slice(0, Math.floor(text.length * 0.7)), { database: PARSER_DATABASE[dialect] })).toThrow();
      });
    }
  }

  it('a mapping file names the columns; missing tokens and channel names are honoured', () => {
    const text = sql(['--map', 'examples/servicenow-last-row.map.json', '--dialect', 'postgres']);
    expect(text).toContain('"opened_at"');
    expect(text).toContain("IN ('', '?')");
    expect(text).not.toContain('"first_reply_minutes"');
  });

  it('dbt_zendesk: the mapping for zendesk__ticket_metrics gives SQL over its columns, which parses', () => {
    const text = sql(['--map', 'examples/dbt-zendesk.map.json', '--dialect', 'snowflake', '--table', 'analytics.zendesk__ticket_metrics']);
    for (const column of ['"organization_name"', '"created_channel"', '"last_solved_at"', '"first_reply_time_calendar_minutes"', '"final_resolution_calendar_minutes"', '"total_agent_replies"', '"count_reopens"', '"assignee_name"']) {
      expect(text).toContain(column);
    }
    expect(text).toContain("WHEN 'native_messaging' THEN 'chat'");
    expect(() => new Parser().astify(text, { database: 'snowflake' })).not.toThrow();
  });

  it("a mapping's time zone, date pattern, filter and event log: expressed for DuckDB and PostgreSQL, refused elsewhere naming them", () => {
    const text = sql(['--map', 'examples/nyc311.map.json', '--dialect', 'duckdb']);
    expect(text).toContain("timezone('America/New_York'");
    expect(text).toContain("strptime(");
    const pg = sql(['--map', 'examples/servicenow.map.json', '--dialect', 'postgres']);
    expect(pg).toContain('ROW_NUMBER() OVER (PARTITION BY case_id ORDER BY event_ms, sequence)');
    expect(pg).toContain("to_timestamp(");
    for (const dialect of ['spark', 'bigquery', 'snowflake']) {
      const refused = runCli(['sql', '--map', 'examples/nyc311.map.json', '--dialect', dialect]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`the mapping's dateFormat "M/D/YY H:mm", timezone "America/New_York": the SQL for ${dialect} does not express them (DuckDB and PostgreSQL do`);
    }
    const events = runCli(['sql', '--map', 'examples/servicenow.map.json', '--dialect', 'spark']);
    expect(events.stderr).toContain('"events"');
  });

  it('usage errors (exit 2)', () => {
    const cases: [string[], string][] = [
      [['--dialect', 'postgress'], '--dialect: expected one of duckdb, postgres, spark, bigquery, snowflake, got "postgress"; did you mean "postgres"?'],
      [['--columns', 'organization,created_at,assignees'], '--columns: unknown field "assignees"; did you mean "assignee"?'],
      [['--columns', 'channel,created_at'], 'the ticket table needs a organization column'],
      [['--map', 'examples/sf311.map.json', '--columns', 'organization'], '--columns and --map both name the table’s columns: give one'],
    ];
    for (const [args, message] of cases) {
      const result = runCli(['sql', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });
});
