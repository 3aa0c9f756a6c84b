// `benchmark sql`: print the SQL that computes the organisation table (or, with --channels, the organisation ×
// channel table) in a warehouse, from a ticket table with canonical or mapped columns.

import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { TICKET_FIELDS, type TicketField } from '../ingest/fields.js';
import { DIALECTS, GENERIC_COLUMNS, type DialectName } from '../sql/names.js';
import { didYouMean } from '../suggest.js';
import { choice } from './options.js';
import { assertOutputsApart } from '../output.js';
import { emit, noter } from './stderr-and-output.js';

export const SQL_HELP = `
Prints SQL that computes, from a ticket table, exactly the organisation table that
benchmark classify --input orgs reads (clustering variables and performance metrics, with exact medians and
percentiles), or with --channels the organisation × channel metrics, with the CLI's own definitions. Run it
in the warehouse, export the result as CSV, and classify that (with PostgreSQL: psql -f orgs.sql --csv >
orgs.csv, then benchmark classify orgs.csv --input orgs).

The ticket table's columns are the canonical ones of a generic export (${GENERIC_COLUMNS.join(', ')}), or those
--columns lists, or those a mapping file (--map) names; timestamps must be TIMESTAMP columns.

Examples:
  benchmark sql --dialect postgres --table support.tickets -o orgs.sql
  benchmark sql --dialect snowflake --channels --table analytics.tickets
  benchmark sql --dialect duckdb --map examples/dbt-zendesk.map.json --table zendesk__ticket_metrics

Exit codes: 0 ok, 2 usage or configuration error.`;

interface SqlFlags {
  dialect: DialectName;
  table: string;
  map?: string;
  columns?: string;
  channels?: boolean;
  output?: string;
  quiet?: boolean;
}

export function sqlCommand(): Command {
  const command = new Command('sql').description('print SQL that computes the organisation table in a warehouse (DuckDB, PostgreSQL, Spark, BigQuery, Snowflake)').addHelpText('after', SQL_HELP);
  command
    .addOption(new Option('--dialect <name>', `SQL dialect (${DIALECTS.join(', ')})`).argParser(choice(DIALECTS)).default('duckdb'))
    .option('--table <name>', 'the ticket table (may be qualified: schema.table)', 'tickets')
    .option('--map <file>', 'a mapping file naming the table’s columns (and channel names, missing-value tokens, duration unit)')
    .option('--columns <list>', `the canonical fields the table has, comma-separated (default: ${GENERIC_COLUMNS.join(',')})`)
    .option('--channels', 'the organisation × channel table instead of the organisation table')
    .option('-o, --output <file>', 'write the SQL to a file')
    .option('-q, --quiet', 'no notes on standard error');
  return command.action(async (flags: SqlFlags) => {
    const note = noter(flags.quiet === true);
    assertOutputsApart([{ flag: '-o', file: flags.output }], [{ what: `--map ${flags.map}`, file: flags.map }]);
    let columns: Partial<Record<TicketField, string>> = {};
    const constants: Partial<Record<TicketField, string>> = {};
    let channels: Record<string, import('../ingest/channels.js').Channel> | undefined;
    let missing: string[] | undefined;
    let durationUnit: 'minutes' | 'hours' | undefined;
    let dateFormat: string | undefined;
    let timeZone: string | undefined;
    let where: import('../ingest/where.js').RowCondition[] | undefined;
    let events: import('../sql/generate.js').SqlOptions['events'];
    if (flags.map !== undefined) {
      if (flags.columns !== undefined) throw new UsageError('--columns and --map both name the table’s columns: give one');
      const { loadMapping } = await import('../ingest/mapping.js');
      const loaded = loadMapping(flags.map);
      const { mapping } = loaded;
      if (mapping.preset !== undefined && mapping.preset !== 'generic') throw new UsageError(`${flags.map}: preset "${mapping.preset}": name every column in "columns" for the SQL generator`);
      // The table has the columns the mapping names, and no others.
      for (const [key, name] of Object.entries(mapping.columns ?? {})) {
        if (!(TICKET_FIELDS as readonly string[]).includes(key)) continue;
        if (typeof name === 'string') columns[key as TicketField] = name;
        else constants[key as TicketField] = name.value;
      }
      if (mapping.dedupe === 'last-by-id') note(`${flags.map} keeps the last row per ticket ("dedupe"): the SQL expects one row per ticket, so keep each ticket's last row first (for example with ROW_NUMBER() over the ticket id, latest update first), or read the table as an event log ("events")`);
      if (mapping.events !== undefined && mapping.events.sequence === undefined) {
        note(`${flags.map}: a table has no row order, so events of a case at the same time are ordered arbitrarily in SQL (the CLI keeps the file's order): name a column that numbers a case's events in "events": {"sequence": …} for the same results`);
      }
      if (typeof mapping.columns?.due_at === 'string') note(`${flags.map}: due_at: the organisation table has no service-level columns; the share solved by the due time is computed by benchmark metrics and classify only`);
      if (mapping.messages !== undefined) throw new UsageError(`${flags.map}: "messages": the SQL does not read message logs; run benchmark metrics on the export, or make one row per conversation in the warehouse first`);
      channels = mapping.channels;
      dateFormat = mapping.dateFormat;
      timeZone = mapping.timezone;
      where = mapping.where;
      // The event log's rules with their defaults, as the CLI reads them.
      events = (await import('../ingest/formats.js')).formatFromMapping(loaded, 'calendar').events;
      missing = mapping.missing;
      durationUnit = mapping.durationUnit;
    } else {
      const fields = flags.columns === undefined ? GENERIC_COLUMNS : flags.columns.split(',').map((f) => f.trim()).filter((f) => f !== '');
      for (const field of fields) {
        if (!(TICKET_FIELDS as readonly string[]).includes(field)) throw new UsageError(`--columns: unknown field "${field}"${didYouMean(field, TICKET_FIELDS)}; fields: ${TICKET_FIELDS.join(', ')}`);
        columns[field as TicketField] = field;
      }
    }
    for (const required of ['organization', 'created_at'] as const) {
      if (columns[required] === undefined && constants[required] === undefined) throw new UsageError(`the ticket table needs a ${required} column (give it in --columns or the mapping file)`);
    }
    const { generateSql } = await import('../sql/generate.js');
    const sql = generateSql({ dialect: flags.dialect, table: flags.table, columns, constants, channels, missing, durationUnit, dateFormat, timeZone, where, events, isChannels: flags.channels === true });
    await emit(sql, flags.output, `${flags.dialect} SQL`, note);
  });
}
