#!/usr/bin/env node
// The reference for `npm run bench`: DuckDB's read_csv + GROUP BY organisation and channel + exact median() of
// the resolution and first-reply times, on a generated ticket export of the given layout (bench/generate.ts).
// Prints the query's own milliseconds and the number of groups.
//   node scripts/duckdb_groupby.mjs FILE [LAYOUT]
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const layout = process.argv[3] ?? 'generic';
const source = `read_csv('${file.replace(/'/g, "''")}', header = true)`;
const hours = (solved, created) => `median(epoch(${solved}) - epoch(${created})) / 3600`;

const QUERIES = {
  generic: `SELECT organization, channel, count(*) AS tickets, ${hours('solved_at::TIMESTAMP', 'created_at::TIMESTAMP')} AS resolution, median(first_reply_minutes) / 60 AS first_reply
    FROM ${source} GROUP BY ALL`,
  zendesk: `SELECT "Group", "Via", count(*) AS tickets, median("Full resolution time in minutes") / 60 AS resolution, median("First reply time in minutes") / 60 AS first_reply
    FROM ${source} GROUP BY ALL`,
  freshdesk: `SELECT "Group", "Source", count(*) AS tickets, median("Resolution time (in hrs)") AS resolution, median("First response time (in hrs)") AS first_reply
    FROM ${source} GROUP BY ALL`,
  mapped: `SELECT team, origin, count(*) AS tickets, ${hours("strptime(closed, '%d/%m/%Y %H:%M')", "strptime(opened, '%d/%m/%Y %H:%M')")} AS resolution
    FROM read_csv('${file.replace(/'/g, "''")}', header = true, all_varchar = true) GROUP BY ALL`,
  // The last row of each incident, in file order.
  'event-log': `WITH rows AS (SELECT *, row_number() OVER () AS row_at FROM ${source}),
    last AS (SELECT * FROM rows QUALIFY row_at = max(row_at) OVER (PARTITION BY number))
    SELECT assignment_group, contact_type, count(*) AS tickets, ${hours('resolved_at::TIMESTAMP', 'opened_at::TIMESTAMP')} AS resolution
    FROM last GROUP BY ALL`,
};
QUERIES['free-text'] = QUERIES.generic;
QUERIES['many-orgs'] = QUERIES.generic;

const query = QUERIES[layout];
if (query === undefined) {
  process.stderr.write(`duckdb_groupby: unknown layout ${JSON.stringify(layout)}; one of ${Object.keys(QUERIES).join(', ')}\n`);
  process.exit(2);
}
const started = performance.now();
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const reader = await connection.runAndReadAll(query);
process.stdout.write(`${JSON.stringify({ queryMs: performance.now() - started, groups: reader.getRows().length })}\n`);
