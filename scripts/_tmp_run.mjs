import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
const [load, sqlFile] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
await c.run(load);
const r = await c.runAndReadAll(readFileSync(sqlFile, 'utf8'));
const rows = r.getRowObjectsJson();
console.log(rows.length, JSON.stringify(rows.slice(0, 3)));
