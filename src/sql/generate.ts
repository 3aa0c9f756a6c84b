// `benchmark sql`: the metric definitions (metrics/definitions.ts) compiled to SQL for a warehouse, so the heavy
// per-organisation aggregation runs where the tickets are and the CLI clusters the small table that comes back.
// Ticket normalisation (organisation, channel, rating, resolution) follows the CLI's readers.

import { UsageError } from '../errors.js';
import { KNOWN_CHANNELS, type Channel } from '../ingest/channels.js';
import type { TicketField as CanonicalField } from '../ingest/fields.js';
import { BAD, GOOD } from '../ingest/values.js';
import type { Aggregate, Condition, Formula } from '../metrics/definitions.js';
import { CHANNEL_TABLE, ORG_TABLE } from '../metrics/registry.js';

import type { DateFormat } from '../ingest/dates.js';
import type { EventLogOptions } from '../ingest/event-log.js';
import type { RowCondition } from '../ingest/where.js';
import { standardLiteral, timeSql, whereSql } from './inputs.js';
import { GENERIC_COLUMNS, type DialectName } from './names.js';

export { DIALECTS, GENERIC_COLUMNS, type DialectName } from './names.js';

interface Dialect {
  /** Milliseconds since 1970 of a timestamp column, as a double. */
  epochMs(ts: string): string;
  double(x: string): string;
  text(x: string): string;
  bigint(x: string): string;
  mod(a: string, b: string): string;
  isDecimal(x: string): string;
  /** An exact percentile aggregate, or null where the engine has it only as a window function. */
  percentile(x: string, p: number): string | null;
  /** The window-function form (BigQuery). */
  percentileWindow?(x: string, p: number, partition: string): string;
  ident(name: string): string;
  /** A string literal: quotes doubled where the engine reads backslashes as text, escaped where it reads them as escapes. */
  literal(text: string): string;
  /** The table reference of a validated --table name (plain dotted parts; see tableReference). */
  table(name: string): string;
  /** What the comment at the top says about percentiles. */
  percentileNote: string;
}

const DIALECT: Record<DialectName, Dialect> = {
  duckdb: {
    epochMs: (ts) => `CAST(epoch_ms(CAST(${ts} AS TIMESTAMP)) AS DOUBLE)`,
    double: (x) => `CAST(${x} AS DOUBLE)`,
    text: (x) => `CAST(${x} AS VARCHAR)`,
    bigint: (x) => `CAST(${x} AS BIGINT)`,
    mod: (a, b) => `((${a}) % ${b})`,
    isDecimal: (x) => `regexp_full_match(${x}, '[0-9]+(\\.[0-9]+)?')`,
    percentile: (x, p) => `quantile_cont(${x}, ${p})`,
    ident: (name) => `"${name.replace(/"/g, '""')}"`,
    literal: standardLiteral,
    table: (name) => name,
    percentileNote: 'exact percentiles: quantile_cont (linear interpolation, as the CLI)',
  },
  postgres: {
    epochMs: (ts) => `CAST(EXTRACT(EPOCH FROM CAST(${ts} AS TIMESTAMP)) * 1000 AS DOUBLE PRECISION)`,
    double: (x) => `CAST(${x} AS DOUBLE PRECISION)`,
    text: (x) => `CAST(${x} AS TEXT)`,
    bigint: (x) => `CAST(${x} AS BIGINT)`,
    mod: (a, b) => `MOD(${a}, ${b})`,
    isDecimal: (x) => `(${x} ~ '^[0-9]+(\\.[0-9]+)?$')`,
    percentile: (x, p) => `percentile_cont(${p}) WITHIN GROUP (ORDER BY ${x})`,
    ident: (name) => `"${name.replace(/"/g, '""')}"`,
    literal: standardLiteral,
    table: (name) => name,
    percentileNote: 'exact percentiles: percentile_cont (linear interpolation, as the CLI)',
  },
  spark: {
    epochMs: (ts) => `CAST(unix_micros(CAST(${ts} AS TIMESTAMP)) / 1000 AS DOUBLE)`,
    double: (x) => `CAST(${x} AS DOUBLE)`,
    text: (x) => `CAST(${x} AS STRING)`,
    bigint: (x) => `CAST(${x} AS BIGINT)`,
    mod: (a, b) => `pmod(${a}, ${b})`,
    isDecimal: (x) => `(${x} RLIKE '^[0-9]+(\\\\.[0-9]+)?$')`,
    percentile: (x, p) => `percentile(${x}, ${p})`,
    ident: (name) => `\`${name.replace(/`/g, '``')}\``,
    literal: backslashLiteral,
    table: (name) => name,
    percentileNote: 'exact percentiles: percentile (exact, linear interpolation; not percentile_approx)',
  },
  bigquery: {
    epochMs: (ts) => `CAST(UNIX_MILLIS(TIMESTAMP(${ts})) AS FLOAT64)`,
    double: (x) => `CAST(${x} AS FLOAT64)`,
    text: (x) => `CAST(${x} AS STRING)`,
    bigint: (x) => `CAST(${x} AS INT64)`,
    mod: (a, b) => `MOD(${a}, ${b})`,
    isDecimal: (x) => `REGEXP_CONTAINS(${x}, r'^[0-9]+(\\.[0-9]+)?$')`,
    percentile: () => null,
    percentileWindow: (x, p, partition) => `PERCENTILE_CONT(${x}, ${p}) OVER (PARTITION BY ${partition})`,
    // Backslashes escape in BigQuery's quoted identifiers as in its strings.
    ident: (name) => `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``,
    literal: backslashLiteral,
    // A project id may hold hyphens: the whole path in backticks, as BigQuery writes it.
    table: (name) => (name.includes('-') ? `\`${name}\`` : name),
    percentileNote: 'exact percentiles: PERCENTILE_CONT as a window function (BigQuery has no exact percentile aggregate; APPROX_QUANTILES would be approximate, so it is not used)',
  },
  snowflake: {
    epochMs: (ts) => `CAST(DATE_PART(epoch_millisecond, CAST(${ts} AS TIMESTAMP_NTZ)) AS DOUBLE)`,
    double: (x) => `CAST(${x} AS DOUBLE)`,
    text: (x) => `CAST(${x} AS VARCHAR)`,
    bigint: (x) => `CAST(${x} AS BIGINT)`,
    mod: (a, b) => `MOD(${a}, ${b})`,
    isDecimal: (x) => `REGEXP_LIKE(${x}, '[0-9]+(\\\\.[0-9]+)?')`,
    percentile: (x, p) => `percentile_cont(${p}) WITHIN GROUP (ORDER BY ${x})`,
    ident: (name) => `"${name.replace(/"/g, '""')}"`,
    literal: backslashLiteral,
    table: (name) => name,
    percentileNote: 'exact percentiles: percentile_cont (linear interpolation, as the CLI)',
  },
};

export interface SqlOptions {
  dialect: DialectName;
  table: string;
  /** Canonical field → column name in the table, for the fields the table has. */
  columns: Partial<Record<CanonicalField, string>>;
  /** Fields with one value on every row (a mapping's `{"value": …}`). */
  constants?: Partial<Record<CanonicalField, string>>;
  /** Mapping-file channel names → channels, on top of the built-in list. */
  channels?: Record<string, Channel>;
  /** Values that mean "missing" in text columns. */
  missing?: string[];
  /** How timestamp columns are written (a named format or a pattern; ISO text or TIMESTAMP columns by default). */
  dateFormat?: DateFormat;
  /** IANA zone of wall-clock timestamps. */
  timeZone?: string;
  /** Rows kept (a mapping's where). */
  where?: readonly RowCondition[];
  /** The table is an event log (a mapping's events; sequence: a column ordering a case's events at the same time). */
  events?: EventLogOptions & { sequence?: string };
  /** Duration columns in hours rather than minutes (Freshdesk). */
  durationUnit?: 'minutes' | 'hours';
  /** The organisation × channel table instead of the organisation table. */
  isChannels: boolean;
}


/**
 * A literal for engines that read backslash escapes in strings (Spark, BigQuery, Snowflake): backslash, quote
 * and line breaks escaped, so no value can end the string early or change what follows it.
 */
function backslashLiteral(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

/** A --table name: one to three dotted parts of letters, digits and underscores (a BigQuery project id, the first of three, may hold hyphens). */
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*){0,2}$/;
const BIGQUERY_TABLE_NAME = /^(?:[a-z][a-z0-9-]*[a-z0-9]\.(?=[^.]*\.))?(?:[A-Za-z_][A-Za-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks a --table name and returns it as the dialect writes it. Only plain names are taken (never quoted, so
 * each engine folds their case as it always does); anything else is a usage error, so that no name can put SQL
 * into the query (a usage error, exit 2).
 */
export function tableReference(dialect: DialectName, name: string): string {
  const isPlain = (dialect === 'bigquery' ? BIGQUERY_TABLE_NAME : TABLE_NAME).test(name);
  if (!isPlain) {
    throw new UsageError(
      `--table: expected a plain table name such as support.tickets (up to three dotted parts of letters, digits and underscores${dialect === 'bigquery' ? '; hyphens in the project' : ''}), got ${JSON.stringify(name)}; for any other name, create a view with a plain name over it`,
    );
  }
  return DIALECT[dialect].table(name);
}

const HOUR_MS = 3_600_000;

/** Compiles conditions, aggregates and formulas to SQL expressions over the normalised ticket columns. */
class Compiler {
  readonly aggregates = new Map<string, { alias: string; sql: string; window?: string }>();

  constructor(
    private readonly d: Dialect,
    private readonly partition: string,
  ) {}

  condition(c: Condition): string {
    switch (c.is) {
      case 'solved':
        return 'resolution_minutes IS NOT NULL';
      case 'present':
        return `${column(c.field)} IS NOT NULL`;
      case 'atMost':
        return `${column(c.field)} <= ${c.value}`;
      case 'above':
        return `${column(c.field)} > ${c.value}`;
      case 'rating':
        return `rating = ${this.d.literal(c.value)}`;
      case 'all':
        return c.of.map((x) => `(${this.condition(x)})`).join(' AND ');
    }
  }

  /** The alias of an aggregate in the aggregation step (each distinct aggregate computed once). */
  aggregate(a: Aggregate): string {
    const key = JSON.stringify(a);
    const known = this.aggregates.get(key);
    if (known) return known.alias;
    const alias = `a${this.aggregates.size}`;
    let sql: string;
    let window: string | undefined;
    switch (a.op) {
      case 'count':
        sql = a.where === undefined ? 'COUNT(*)' : `SUM(CASE WHEN ${this.condition(a.where)} THEN 1 ELSE 0 END)`;
        break;
      case 'sum':
        sql = a.where === undefined ? `SUM(${column(a.field)})` : `SUM(CASE WHEN ${this.condition(a.where)} THEN ${column(a.field)} END)`;
        break;
      case 'distinctAssignees':
        sql = 'COUNT(DISTINCT assignee)';
        break;
      case 'quantile': {
        const exact = this.d.percentile(column(a.field), a.p);
        if (exact !== null) sql = exact;
        else {
          window = this.d.percentileWindow!(column(a.field), a.p, this.partition);
          sql = `MAX(percentiles.${alias}_w)`;
        }
        break;
      }
      case 'coverageHours':
        // Taken from the coverage step; null when the organisation has no activity hour at all.
        sql = `MAX(coverage.${a.part}_hours)`;
        break;
    }
    this.aggregates.set(key, { alias, sql, window });
    return alias;
  }

  /** A column formula over the aggregation step's aliases (and the period and organisation totals). */
  formula(f: Formula): string {
    if ('agg' in f) return `aggregated.${this.aggregate(f.agg)}`;
    if ('ratio' in f) {
      const [n, d] = f.ratio.map((x) => this.formula(x)) as [string, string];
      return `CASE WHEN ${d} IS NULL OR ${d} = 0 THEN NULL ELSE ${this.d.double(n)} / ${d} END`;
    }
    if ('times' in f) return `${this.formula(f.times[0])} * ${String(f.times[1])}`;
    if ('perMonth' in f) return `${this.d.double(this.formula(f.perMonth))} / (period.days / 30.4375)`;
    if ('perWeek' in f) return `${this.d.double(this.formula(f.perWeek))} / GREATEST(period.days / 7, 1)`;
    if ('plus' in f) return `(${this.formula(f.plus[0])} + ${this.formula(f.plus[1])})`;
    if ('minus' in f) return `(${this.formula(f.minus[0])} - ${this.formula(f.minus[1])})`;
    if ('nullIfZero' in f) return `NULLIF(${this.formula(f.nullIfZero)}, 0)`;
    // Only a ticket count has an organisation total to be a share of.
    if (!('agg' in f.shareOfOrganization) || f.shareOfOrganization.agg.op !== 'count' || f.shareOfOrganization.agg.where !== undefined) {
      throw new Error('shareOfOrganization is defined for the ticket count only');
    }
    return `CASE WHEN organization_totals.tickets = 0 THEN NULL ELSE ${this.d.double(this.formula(f.shareOfOrganization))} / organization_totals.tickets END`;
  }
}

function column(field: 'firstReplyMinutes' | 'resolutionMinutes' | 'replies' | 'reopens'): string {
  return { firstReplyMinutes: 'first_reply_minutes', resolutionMinutes: 'resolution_minutes', replies: 'replies', reopens: 'reopens' }[field];
}

/** What the header comment says about timestamps. */
function describeTimes(dateFormat: DateFormat, zone: string | undefined, dialect: DialectName): string {
  const read = dateFormat === 'iso' ? 'Timestamps are TIMESTAMP columns or ISO text' : `Timestamps are text in the format ${JSON.stringify(dateFormat)}`;
  const session = dialect === 'postgres' && dateFormat !== 'iso' ? ' (run it with the session time zone UTC: SET TIME ZONE \'UTC\')' : '';
  return `${read}${zone === undefined ? ', taken as written' : `, wall-clock times in ${zone}`}${session}; durations are calendar minutes.`;
}

/** The SQL: normalise tickets, drop the rows the CLI rejects, aggregate per organisation (× channel). */
export function generateSql(options: SqlOptions): string {
  const d = DIALECT[options.dialect];
  const literal = d.literal;
  const tableName = tableReference(options.dialect, options.table);
  const col = (field: CanonicalField): string | undefined => (options.columns[field] === undefined ? undefined : d.ident(options.columns[field]!));
  const missing = (options.missing ?? []).map((m) => m.trim()).filter((m) => m !== '');
  const textOf = (field: CanonicalField): string => {
    const constant = options.constants?.[field];
    if (constant !== undefined) return literal(constant.trim());
    const c = col(field);
    if (c === undefined) return 'NULL';
    const trimmed = `TRIM(${d.text(c)})`;
    return missing.length === 0 ? `NULLIF(${trimmed}, '')` : `CASE WHEN ${trimmed} IN (${['', ...missing].map(literal).join(', ')}) THEN NULL ELSE ${trimmed} END`;
  };
  const numberOf = (field: CanonicalField, isDuration: boolean): string => {
    const c = col(field);
    // A column the table lacks is a typed NULL, so comparisons type-check in every engine.
    if (c === undefined) return d.double('NULL');
    const value = d.double(c);
    return isDuration && options.durationUnit === 'hours' ? `${value} * 60` : value;
  };
  const channelTable = new Map<string, Channel>(Object.entries(KNOWN_CHANNELS));
  for (const [raw, channel] of Object.entries(options.channels ?? {})) channelTable.set(raw.trim().toLowerCase(), channel);
  const channelText = textOf('channel');
  const channelCase =
    col('channel') === undefined && options.constants?.channel === undefined
      ? `'other'`
      : `CASE LOWER(${channelText})\n${[...channelTable].map(([raw, channel]) => `      WHEN ${literal(raw)} THEN ${literal(channel)}`).join('\n')}\n      ELSE 'other' END`;
  const rating = textOf('satisfaction');
  const lowerRating = `LOWER(${rating})`;
  const ratingCase =
    col('satisfaction') === undefined
      ? 'NULL'
      : `CASE WHEN ${lowerRating} IN (${[...GOOD].map(literal).join(', ')}) THEN 'good'
      WHEN ${lowerRating} IN (${[...BAD].map(literal).join(', ')}) THEN 'bad'
      WHEN ${d.isDecimal(lowerRating)} THEN CASE WHEN ${d.double(lowerRating)} >= 4 AND ${d.double(lowerRating)} <= 5 THEN 'good' WHEN ${d.double(lowerRating)} >= 1 AND ${d.double(lowerRating)} < 4 THEN 'bad' END
      END`;
  const dateFormat = options.dateFormat ?? 'iso';
  const zone = options.timeZone;
  const isInputDialect = options.dialect === 'duckdb' || options.dialect === 'postgres';
  const asked = [
    dateFormat !== 'iso' ? `dateFormat ${JSON.stringify(dateFormat)}` : undefined,
    zone !== undefined ? `timezone ${JSON.stringify(zone)}` : undefined,
    (options.where?.length ?? 0) > 0 ? '"where"' : undefined,
    options.events !== undefined ? '"events"' : undefined,
  ].filter((x): x is string => x !== undefined);
  if (!isInputDialect && asked.length > 0) {
    throw new UsageError(`the mapping's ${asked.join(', ')}: the SQL for ${options.dialect} does not express ${asked.length === 1 ? 'it' : 'them'} (DuckDB and PostgreSQL do: --dialect duckdb or postgres); convert the table first (timestamps as UTC TIMESTAMP columns, one row per ticket, the rows to keep), then run it without ${asked.length === 1 ? 'that option' : 'those options'}`);
  }
  const inputDialect = options.dialect as 'duckdb' | 'postgres';
  // The text of a column (for parsing), NULL where empty or a missing-value token.
  const cellText = (c: string): string => {
    const trimmed = `TRIM(${d.text(c)})`;
    return `CASE WHEN ${trimmed} IN (${['', ...missing].map(literal).join(', ')}) THEN NULL ELSE ${trimmed} END`;
  };
  const timeOf = (field: CanonicalField): { instant: string; local: string } => {
    const c = col(field);
    if (c === undefined) return { instant: d.double('NULL'), local: d.double('NULL') };
    if (!isInputDialect) return { instant: d.epochMs(c), local: d.epochMs(c) };
    return timeSql(inputDialect, c, cellText, dateFormat, zone);
  };
  const createdTime = timeOf('created_at');
  const created = createdTime.instant;
  const solved = timeOf('solved_at').instant;
  const fullResolution = numberOf('full_resolution_minutes', true);
  const resolution = `COALESCE(${fullResolution}, CASE WHEN ${solved} IS NOT NULL THEN (${solved} - ${created}) / 60000 END)`;
  const filter = whereSql(inputDialect, options.where ?? [], d.ident, d.text);

  const group = options.isChannels ? 'organization, channel' : 'organization';
  const compiler = new Compiler(d, group);
  const table = options.isChannels ? CHANNEL_TABLE : ORG_TABLE;
  const selects = table.map((c) => `  ${compiler.formula(c.formula)} AS ${c.column}`);
  const aggregates = [...compiler.aggregates.values()];
  const windows = aggregates.filter((a) => a.window !== undefined);

  const out: string[] = [];
  out.push(`-- benchmark sql --dialect ${options.dialect}${options.isChannels ? ' --channels' : ''}: the per-organisation${options.isChannels ? ' × channel' : ''} table of \`benchmark ${options.isChannels ? 'metrics' : 'classify --input orgs'}\`,`);
  out.push(`-- computed from the ticket table ${tableName} with the CLI's own definitions (docs/method.md; src/metrics/definitions.ts).`);
  out.push(`-- ${d.percentileNote}.`);
  out.push('-- Rows the CLI rejects are left out: no organisation, no creation time, negative durations or counts,');
  out.push(`-- solved before created${filter === undefined ? '' : ", and those the mapping's where leaves out"}. ${describeTimes(dateFormat, zone, options.dialect)}`);
  out.push(options.events === undefined ? '-- Each ticket once: for an event log, use a mapping with "events".' : '-- The table is an event log: one row per event, each case collapsed into one ticket as the CLI does.');
  const columnsOf = (createdMs: string, createdLocalMs: string): string[] => [
    `    ${textOf('organization')} AS organization,`,
    `    ${channelCase} AS channel,`,
    `    ${createdMs} AS created_ms,`,
    `    ${createdLocalMs} AS created_local_ms,`,
    `    ${numberOf('first_reply_minutes', true)} AS first_reply_minutes,`,
    `    ${ratingCase} AS rating,`,
    `    ${numberOf('replies', false)} AS replies,`,
    `    ${numberOf('reopens', false)} AS reopens,`,
    `    ${textOf('assignee')} AS assignee`,
  ];
  const events = options.events;
  if (events === undefined) {
    out.push('WITH src AS (');
    out.push('  SELECT');
    const [organization, channel, createdMs, createdLocalMs, ...rest] = columnsOf(created, createdTime.local);
    out.push(organization!, channel!, createdMs!, createdLocalMs!);
    out.push(`    ${solved} AS solved_ms,`);
    out.push(`    ${resolution} AS resolution_minutes,`);
    out.push(...rest);
    out.push(`  FROM ${tableName}`);
    if (filter !== undefined) out.push(`  WHERE ${filter}`);
    out.push('),');
  } else {
    // An event log: each case's events in order (time, then the sequence column), collapsed into one ticket as
    // the CLI does (src/ingest/event-log.ts).
    const eventTime = timeOf('timestamp');
    const isCreatedMapped = col('created_at') !== undefined;
    const at = events.attributesFrom === 'first' ? '1' : 'n';
    const solvedList = events.solved.map((s) => literal(s.trim().toLowerCase())).join(', ');
    const order = `ORDER BY event_ms${events.sequence === undefined ? '' : ', sequence'}`;
    out.push('WITH events AS (');
    out.push('  SELECT');
    out.push(`    ${textOf('ticket_id')} AS case_id,`);
    out.push(`    ${eventTime.instant} AS event_ms,`);
    if (events.sequence !== undefined) out.push(`    ${d.double(d.ident(events.sequence))} AS sequence,`);
    out.push(`    CASE WHEN LOWER(${textOf('status')}) IN (${solvedList}) THEN 1 ELSE 0 END AS is_solved,`);
    out.push(...columnsOf(isCreatedMapped ? created : eventTime.instant, isCreatedMapped ? createdTime.local : eventTime.local));
    out.push(`  FROM ${tableName}`);
    out.push(`  WHERE ${textOf('ticket_id')} IS NOT NULL AND ${eventTime.instant} IS NOT NULL${filter === undefined ? '' : `\n    AND ${filter}`}`);
    out.push('),');
    out.push('ordered AS (');
    out.push(`  SELECT events.*, ROW_NUMBER() OVER (PARTITION BY case_id ${order}) AS k, COUNT(*) OVER (PARTITION BY case_id) AS n,`);
    out.push(`    LAG(is_solved) OVER (PARTITION BY case_id ${order}) AS previous_solved`);
    out.push('  FROM events');
    out.push('),');
    out.push('cases AS (');
    out.push(`  -- Created at the first event; solved at the ${events.solvedAt} solved event when the last one is solved; the rest from the ${events.attributesFrom} event.`);
    out.push('  SELECT case_id,');
    for (const name of ['organization', 'channel']) out.push(`    MAX(CASE WHEN k = ${at} THEN ${name} END) AS ${name},`);
    out.push('    MAX(CASE WHEN k = 1 THEN created_ms END) AS created_ms,');
    out.push('    MAX(CASE WHEN k = 1 THEN created_local_ms END) AS created_local_ms,');
    out.push(`    CASE WHEN MAX(CASE WHEN k = n THEN is_solved END) = 1 THEN ${events.solvedAt === 'first' ? 'MIN' : 'MAX'}(CASE WHEN is_solved = 1 THEN event_ms END) END AS solved_ms,`);
    for (const name of ['first_reply_minutes', 'rating', 'replies']) out.push(`    MAX(CASE WHEN k = ${at} THEN ${name} END) AS ${name},`);
    out.push(`    COALESCE(MAX(CASE WHEN k = ${at} THEN reopens END), SUM(CASE WHEN previous_solved = 1 AND is_solved = 0 THEN 1 ELSE 0 END)) AS reopens,`);
    out.push(`    MAX(CASE WHEN k = ${at} THEN assignee END) AS assignee`);
    out.push('  FROM ordered GROUP BY case_id');
    out.push('),');
    out.push('src AS (');
    out.push('  SELECT cases.*, (solved_ms - created_ms) / 60000 AS resolution_minutes FROM cases');
    out.push('),');
  }
  out.push('tickets AS (');
  out.push('  SELECT * FROM src');
  out.push('  WHERE organization IS NOT NULL AND created_ms IS NOT NULL');
  out.push('    AND (resolution_minutes IS NULL OR resolution_minutes >= 0) AND (first_reply_minutes IS NULL OR first_reply_minutes >= 0)');
  out.push('    AND (replies IS NULL OR replies >= 0) AND (reopens IS NULL OR reopens >= 0)');
  out.push('),');
  out.push('period AS (');
  out.push('  -- The whole input: first to last creation time, at least one day.');
  out.push('  SELECT GREATEST((MAX(created_ms) - MIN(created_ms)) / 86400000, 1) AS days FROM tickets');
  out.push('),');
  if (!options.isChannels) {
    out.push('activity AS (');
    out.push('  -- Agent activity: first replies only (a solve time depends on how long the ticket waited).');
    out.push(`  SELECT DISTINCT organization, ${d.bigint(`FLOOR((created_local_ms + first_reply_minutes * 60000) / ${HOUR_MS})`)} AS hour FROM tickets WHERE first_reply_minutes IS NOT NULL`);
    out.push('),');
    out.push('slots AS (');
    out.push('  -- Per hour of the week (slot 0: Sunday 00:00; 1970-01-01 was a Thursday, slot 96), the weeks active.');
    out.push(`  SELECT organization, ${d.mod(`${d.mod('hour + 96', '168')} + 168`, '168')} AS slot, COUNT(*) AS weeks FROM activity GROUP BY organization, ${d.mod(`${d.mod('hour + 96', '168')} + 168`, '168')}`);
    out.push('),');
    out.push('span AS (');
    out.push('  -- The period in clock hours: its first hour\'s slot and how many hours it has.');
    out.push(`  SELECT ${d.mod(`${d.mod(`${d.bigint(`FLOOR(MIN(created_local_ms) / ${HOUR_MS})`)} + 96`, '168')} + 168`, '168')} AS first_slot,`);
    out.push(`    ${d.bigint(`FLOOR(MAX(created_local_ms) / ${HOUR_MS})`)} - ${d.bigint(`FLOOR(MIN(created_local_ms) / ${HOUR_MS})`)} + 1 AS hours FROM tickets`);
    out.push('),');
    out.push('coverage AS (');
    out.push('  -- An hour of the week counts when the team was active in it in at least half the weeks it occurs in the period.');
    const occurs = `(FLOOR(span.hours / 168) + CASE WHEN ${d.mod('slots.slot - span.first_slot + 168', '168')} < ${d.mod('span.hours', '168')} THEN 1 ELSE 0 END)`;
    const isCovered = `slots.weeks >= GREATEST(1, CEIL(${occurs} / 2.0))`;
    out.push('  SELECT slots.organization,');
    out.push(`    SUM(CASE WHEN slots.slot >= 24 AND slots.slot < 144 AND ${isCovered} THEN 1 ELSE 0 END) AS weekday_hours,`);
    out.push(`    SUM(CASE WHEN (slots.slot < 24 OR slots.slot >= 144) AND ${isCovered} THEN 1 ELSE 0 END) AS weekend_hours`);
    out.push('  FROM slots CROSS JOIN span GROUP BY slots.organization');
    out.push('),');
  } else {
    out.push('organization_totals AS (');
    out.push('  SELECT organization, COUNT(*) AS tickets FROM tickets GROUP BY organization');
    out.push('),');
  }
  if (windows.length > 0) {
    out.push('percentiles AS (');
    out.push(`  SELECT DISTINCT ${group},`);
    out.push(windows.map((a) => `    ${a.window} AS ${a.alias}_w`).join(',\n'));
    out.push('  FROM tickets');
    out.push('),');
  }
  out.push('aggregated AS (');
  out.push(`  SELECT tickets.organization${options.isChannels ? ', tickets.channel' : ''},`);
  out.push(
    aggregates
      .map((a) => `    ${a.sql} AS ${a.alias}`)
      .join(',\n'),
  );
  out.push('  FROM tickets');
  if (!options.isChannels) out.push('  LEFT JOIN coverage ON coverage.organization = tickets.organization');
  if (windows.length > 0) out.push(`  JOIN percentiles ON ${group.split(', ').map((g) => `percentiles.${g} = tickets.${g}`).join(' AND ')}`);
  out.push(`  GROUP BY ${group.split(', ').map((g) => `tickets.${g}`).join(', ')}`);
  out.push(')');
  out.push(`SELECT aggregated.organization${options.isChannels ? ', aggregated.channel' : ''},`);
  out.push(selects.join(',\n'));
  out.push('FROM aggregated');
  out.push('CROSS JOIN period');
  if (options.isChannels) out.push('JOIN organization_totals ON organization_totals.organization = aggregated.organization');
  out.push(`ORDER BY ${group.split(', ').map((g) => `aggregated.${g}`).join(', ')};`);
  return `${out.join('\n')}\n`;
}
