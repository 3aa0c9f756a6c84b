#!/usr/bin/env node
// The reference for `npm run bench`: DuckDB's read_csv + GROUP BY organization, channel + exact median() of the
// resolution time, on a generic ticket export. Prints the query's own milliseconds and the number of groups.
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const started = performance.now();
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const reader = await connection.runAndReadAll(`
  SELECT organization, channel, count(*) AS tickets,
    median(epoch(solved_at::TIMESTAMP) - epoch(created_at::TIMESTAMP)) / 3600 AS resolution_median_hours,
    median(first_reply_minutes) / 60 AS first_reply_median_hours
  FROM read_csv('${file.replace(/'/g, "''")}')
  GROUP BY organization, channel`);
process.stdout.write(`${JSON.stringify({ queryMs: performance.now() - started, groups: reader.getRows().length })}\n`);
