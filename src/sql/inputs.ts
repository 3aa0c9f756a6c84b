// What a mapping file says about reading a ticket table, in SQL: timestamps in a date format and a time zone,
// row filters (where), and event logs. DuckDB and PostgreSQL only: for the other dialects the generator
// refuses these options, naming them (sql/generate.ts).

import { UsageError } from '../errors.js';
import { compilePattern, isNamedDateFormat, type DateFormat } from '../ingest/dates.js';
import type { RowCondition } from '../ingest/where.js';

export type InputDialect = 'duckdb' | 'postgres';

/** A timestamp cell as SQL: the instant (UTC milliseconds) and the wall clock (milliseconds, as if UTC). */
export interface TimeSql {
  instant: string;
  local: string;
}

/** The formats strptime reads for each named format (DuckDB tries them in turn: time and seconds optional, as the CLI reads them). */
const DUCKDB_NAMED: Record<Exclude<DateFormat, 'iso'> & string, string[]> = {
  'D/M/YYYY HH:mm': ['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y'],
  'M/D/YY H:mm': ['%m/%d/%y %H:%M:%S', '%m/%d/%y %H:%M', '%m/%d/%y'],
  'MM/DD/YYYY hh:mm:ss A': ['%m/%d/%Y %I:%M:%S %p', '%m/%d/%Y %I:%M %p', '%m/%d/%Y'],
};

/** PostgreSQL's to_timestamp templates for the named formats (it stops reading where the value ends). */
const POSTGRES_NAMED: Record<string, string> = {
  'D/M/YYYY HH:mm': 'DD/MM/YYYY HH24:MI:SS',
  'M/D/YY H:mm': 'MM/DD/YY HH24:MI:SS',
  'MM/DD/YYYY hh:mm:ss A': 'MM/DD/YYYY HH12:MI:SS AM',
};

/** A pattern (dates.ts) as a strptime format (DuckDB) or a to_timestamp template (PostgreSQL), or what cannot be said. */
function patternTemplate(dialect: InputDialect, format: string): { template: string; hasOffset: boolean; epoch?: 'X' | 'x' } {
  const pattern = compilePattern(format);
  if (typeof pattern === 'string') throw new UsageError(`dateFormat ${JSON.stringify(format)}: ${pattern}`);
  let template = '';
  let hasOffset = false;
  for (const part of pattern.parts) {
    if ('literal' in part) {
      template += dialect === 'duckdb' ? part.literal.replace(/%/g, '%%') : `"${part.literal.replace(/"/g, '\\"')}"`;
      continue;
    }
    const t = part.token;
    if (t === 'X' || t === 'x') return { template: '', hasOffset: true, epoch: t };
    if (t === 'Z' || t === 'ZZ') hasOffset = true;
    if (t === 'S' && part.width !== 3 && part.width !== 6) {
      throw new UsageError(`dateFormat ${JSON.stringify(format)}: a fraction of ${part.width} digits (${'S'.repeat(part.width)}) is read by the CLI but not in SQL; use SSS (milliseconds) or SSSSSS (microseconds)`);
    }
    const duck: Record<string, string> = { YYYY: '%Y', YY: '%y', M: '%m', MM: '%m', MMM: '%b', MMMM: '%B', D: '%d', DD: '%d', ddd: '%a', dddd: '%A', H: '%H', HH: '%H', h: '%I', hh: '%I', m: '%M', mm: '%M', s: '%S', ss: '%S', A: '%p', a: '%p', Z: '%z', ZZ: '%z' };
    const pg: Record<string, string> = { YYYY: 'YYYY', YY: 'YY', M: 'MM', MM: 'MM', MMM: 'Mon', MMMM: 'FMMonth', D: 'DD', DD: 'DD', ddd: 'Dy', dddd: 'FMDay', H: 'HH24', HH: 'HH24', h: 'HH12', hh: 'HH12', m: 'MI', mm: 'MI', s: 'SS', ss: 'SS', A: 'AM', a: 'AM', Z: 'TZH:TZM', ZZ: 'TZHTZM' };
    if (t === 'S') template += dialect === 'duckdb' ? (part.width === 3 ? '%g' : '%f') : part.width === 3 ? 'MS' : 'US';
    else template += (dialect === 'duckdb' ? duck : pg)[t]!;
  }
  return { template, hasOffset };
}

/** A literal as the SQL standard reads it (DuckDB, PostgreSQL): a quote doubled, a backslash itself. */
export function standardLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

const lit = standardLiteral;

/**
 * A timestamp column read as the mapping says: ISO text or a TIMESTAMP column by default; text in the named
 * format or pattern otherwise; wall-clock times in `zone` where one is given (values with an offset are that
 * instant, their wall clock the zone's).
 */
export function timeSql(dialect: InputDialect, column: string, textOf: (column: string) => string, format: DateFormat, zone: string | undefined): TimeSql {
  const duck = dialect === 'duckdb';
  const msOfNaive = (ts: string): string => (duck ? `CAST(epoch_ms(CAST(${ts} AS TIMESTAMP)) AS DOUBLE)` : `CAST(EXTRACT(EPOCH FROM CAST(${ts} AS TIMESTAMP)) * 1000 AS DOUBLE PRECISION)`);
  const msOfInstant = (tstz: string): string => (duck ? `CAST(epoch_ms(${tstz}) AS DOUBLE)` : `CAST(EXTRACT(EPOCH FROM ${tstz}) * 1000 AS DOUBLE PRECISION)`);
  const zoned = (naive: string, z: string): string => (duck ? `timezone(${lit(z)}, CAST(${naive} AS TIMESTAMP))` : `(CAST(${naive} AS TIMESTAMP) AT TIME ZONE ${lit(z)})`);
  const localOf = (tstz: string, z: string): string => (duck ? `CAST(epoch_ms(timezone(${lit(z)}, ${tstz})) AS DOUBLE)` : `CAST(EXTRACT(EPOCH FROM (${tstz} AT TIME ZONE ${lit(z)})) * 1000 AS DOUBLE PRECISION)`);
  let naive: string | undefined;
  let instant: string | undefined;
  if (format === 'iso') {
    // ISO text or a TIMESTAMP column (read as its text): a value with an offset is that instant, its wall clock
    // the zone's (or as written, without a zone); one without is a wall-clock time, as the CLI reads them.
    const text = textOf(column);
    const offset = `'(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$'`;
    const hasOffset = duck ? `regexp_matches(${text}, ${offset})` : `(${text} ~ ${offset})`;
    const wall = `regexp_replace(${text}, ${offset}, '')`;
    const withOffset = `CAST(${text} AS TIMESTAMPTZ)`;
    return {
      instant: `CASE WHEN ${hasOffset} THEN ${msOfInstant(withOffset)} ELSE ${zone === undefined ? msOfNaive(text) : msOfInstant(zoned(text, zone))} END`,
      local: `CASE WHEN ${hasOffset} THEN ${zone === undefined ? msOfNaive(wall) : localOf(withOffset, zone)} ELSE ${msOfNaive(text)} END`,
    };
  } else if (isNamedDateFormat(format)) {
    naive = duck ? `strptime(${textOf(column)}, [${DUCKDB_NAMED[format]!.map(lit).join(', ')}])` : `CAST(to_timestamp(${textOf(column)}, ${lit(POSTGRES_NAMED[format]!)}) AS TIMESTAMP)`;
  } else {
    const { template, hasOffset, epoch } = patternTemplate(dialect, format);
    const text = textOf(column);
    if (epoch !== undefined) instant = `to_timestamp(CAST(${text} AS DOUBLE PRECISION)${epoch === 'x' ? ' / 1000' : ''})`;
    else if (hasOffset) instant = duck ? `strptime(${text}, ${lit(template)})` : `to_timestamp(${text}, ${lit(template)})`;
    else naive = duck ? `strptime(${text}, ${lit(template)})` : `CAST(to_timestamp(${text}, ${lit(template)}) AS TIMESTAMP)`;
  }
  if (instant !== undefined) return { instant: msOfInstant(instant), local: zone === undefined ? msOfInstant(instant) : localOf(instant, zone) };
  return { instant: zone === undefined ? msOfNaive(naive!) : msOfInstant(zoned(naive!, zone)), local: msOfNaive(naive!) };
}

/** The mapping's row filters as a WHERE condition over the table's columns, or undefined without any. */
export function whereSql(dialect: InputDialect, conditions: readonly RowCondition[], ident: (name: string) => string, text: (column: string) => string): string | undefined {
  if (conditions.length === 0) return undefined;
  return conditions
    .map((c) => {
      const cell = `COALESCE(TRIM(${text(ident(c.column))}), '')`;
      const regex = (re: string): string => (dialect === 'duckdb' ? `regexp_matches(${cell}, ${lit(re)})` : `(${cell} ~ ${lit(re)})`);
      const sql =
        c.in !== undefined
          ? `${cell} IN (${c.in.map((v) => lit(v.trim())).join(', ')})`
          : c.notIn !== undefined
            ? `${cell} NOT IN (${c.notIn.map((v) => lit(v.trim())).join(', ')})`
            : c.matches !== undefined
              ? regex(c.matches)
              : `NOT ${regex(c.notMatches!)}`;
      return `(${sql})`;
    })
    .join('\n    AND ');
}
