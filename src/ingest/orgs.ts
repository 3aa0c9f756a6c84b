// Organisation tables (one row per organisation) and profiles (attributes ticket exports lack), read into records.

import { statSync } from 'node:fs';
import { InputError, quoteFound } from '../errors.js';
import { MetricColumns } from '../metrics/metric-columns.js';
import type { OrgRecord } from '../metrics/org-metrics.js';
import { METRIC_BY_COLUMN, METRIC_KEYS, type MetricKey } from '../metrics/registry.js';
import { didYouMean } from '../suggest.js';
import { Accounting } from './accounting.js';
import { ORG_FEATURE_FIELDS, ORG_PERFORMANCE_FIELDS, PROFILE_FIELDS } from './fields.js';
import { decimalFromBytes, textProblem } from './bytes.js';
import { CsvScanner, type Fields } from './csv-scanner.js';
import { compareNames, nameOrder } from '../metrics/name-order.js';
import { readChunks } from './sources.js';
import { parseNumber } from './values.js';

// Values are read into blocks of 65,536 rows per metric (no copying as the table grows), then placed in name order.
const BLOCK_BITS = 16;
const BLOCK_ROWS = 1 << BLOCK_BITS;

export interface OrgTable {
  /** The rows used, sorted by name: each organisation's name, and its metrics in columns (missing where the row has no value). */
  names: string[];
  metrics: MetricColumns;
  columns: string[];
  accounting: Accounting;
}

/**
 * Reads a CSV with an organisation column and numeric columns among `fields` (canonical names, or the names
 * `rename` gives). Empty cells are missing values; anything else non-numeric or negative is a bad row.
 */
export async function readOrgTable(
  files: readonly string[],
  fields: readonly string[],
  options: { rename?: Record<string, string>; isSkipInvalid: boolean; minColumns: number; what: string; missing?: readonly string[] },
): Promise<OrgTable> {
  const accounting = new Accounting();
  // The rows in reading order: name, metrics (a column per metric, NaN where missing), line, file (its
  // index) and the file's organisation column.
  const names: string[] = [];
  const values = new Map<MetricKey, Float64Array[]>();
  let nBlocks = 0;
  const newBlock = (): Float64Array => new Float64Array(BLOCK_ROWS).fill(NaN);
  // One file's blocks are laid end to end in a column per metric, as many rows as the file may hold (from its
  // size and its first row; memory never touched costs nothing): a table in name order without duplicates then
  // has its columns already, where placing the rows in new ones took 140 ms at 500,000 rows, most of it
  // touching the new memory.
  const slabs = new Map<MetricKey, Float64Array>();
  let slabRows = 0;
  const fileBytes = files.length === 1 ? plainFileSize(files[0]!) : undefined;
  const blockOf = (metric: MetricKey, b: number): Float64Array => {
    const slab = slabs.get(metric);
    return slab !== undefined && (b + 1) * BLOCK_ROWS <= slabRows ? slab.subarray(b * BLOCK_ROWS, (b + 1) * BLOCK_ROWS).fill(NaN) : newBlock();
  };
  const lines: number[] = [];
  const fileOf: number[] = [];
  const orgColumns: string[] = [];
  const found = new Set<string>();
  const missing = new Set(['', ...(options.missing ?? [])]);
  const maxMissing = Math.max(0, ...[...missing].map((m) => m.length));
  for (const [fileIndex, file] of files.entries()) {
    let indexes: { field: string; index: number; metric: MetricKey; blocks: Float64Array[] }[] | undefined;
    let orgIndex = -1;
    let scratch = new Float64Array(0);
    let header: string[] = [];
    const onRecord = (f: Fields): void => {
      if (indexes === undefined) {
        header = f.texts();
        const lower = header.map((h) => h.trim().toLowerCase());
        const nameOf = (field: string): string => (options.rename?.[field] ?? field).toLowerCase();
        orgIndex = lower.indexOf(nameOf('organization'));
        if (orgIndex === -1) {
          throw new InputError(
            { file, line: 1 },
            `missing required column "${nameOf('organization')}" for the ${options.what}${didYouMean(nameOf('organization'), header)}; found: ${header.slice(0, 12).map((h) => quoteFound(h, 40)).join(', ')}`,
          );
        }
        indexes = fields
          .map((field) => ({ field, index: lower.indexOf(nameOf(field)), metric: METRIC_BY_COLUMN.get(field)!, blocks: [] as Float64Array[] }))
          .filter((c) => c.index !== -1);
        if (indexes.length < options.minColumns) {
          throw new InputError(
            { file, line: 1 },
            `the ${options.what} needs at least ${options.minColumns} of the columns ${fields.join(', ')}; found ${indexes.length}${indexes.length > 0 ? ` (${indexes.map((c) => c.field).join(', ')})` : ''}`,
          );
        }
        for (const c of indexes) {
          found.add(c.field);
          if (!values.has(c.metric)) values.set(c.metric, Array.from({ length: nBlocks }, newBlock));
          c.blocks = values.get(c.metric)!;
        }
        scratch = new Float64Array(indexes.length);
        orgColumns.push(header[orgIndex]!);
        return;
      }
      accounting.rowsRead++;
      try {
        const line = f.line;
        if (f.count !== header.length) {
          throw new InputError({ file, line }, `expected ${header.length} fields as in the header, found ${f.count}`, 'wrong number of fields');
        }
        const text = f.strictText(orgIndex);
        if (text === null) {
          const problem = textProblem(f.bytes, f.starts[orgIndex]!, f.ends[orgIndex]!);
          throw new InputError({ file, line, column: header[orgIndex] }, `expected text, got ${problem} in ${quoteFound(f.text(orgIndex).trim())}`, 'not text');
        }
        const name = text.trim();
        if (missing.has(name)) {
          accounting.reject('no organization', `${file}:${line}`);
          return;
        }
        const row = names.length;
        if (nBlocks === 0 && fileBytes !== undefined && values.size > 0) {
          // At most the file's size over its first row's, with room to spare; never more than a row of one
          // character a field could make.
          const rowBytes = f.ends[f.count - 1]! - f.starts[0]! + 1;
          const most = Math.floor(fileBytes / (header.length + 1));
          slabRows = Math.ceil(Math.min(most, (1.5 * fileBytes) / Math.max(rowBytes, 1)) / BLOCK_ROWS) * BLOCK_ROWS;
          if (slabRows >= 2 * BLOCK_ROWS) for (const metric of values.keys()) slabs.set(metric, new Float64Array(new SharedArrayBuffer(slabRows * Float64Array.BYTES_PER_ELEMENT)));
        }
        if (row === nBlocks * BLOCK_ROWS) {
          for (const [metric, blocks] of values) blocks.push(blockOf(metric, nBlocks));
          nBlocks++;
        }
        // Values are kept once the whole row is good (a bad row's are not left behind).
        for (let j = 0; j < indexes.length; j++) {
          const index = indexes[j]!.index;
          scratch[j] = NaN;
          // Plain numbers are read from the bytes; anything else (spaces, exponents, tokens, text) as text.
          let value = f.quoting[index] === 0 ? decimalFromBytes(f.bytes, f.starts[index]!, f.ends[index]!) : NaN;
          if (Number.isNaN(value)) {
            if (f.size(index) === 0) continue;
            const text = f.text(index).trim();
            if (text.length <= maxMissing && missing.has(text)) continue;
            value = parseNumber(text);
            if (!Number.isFinite(value) || value < 0) {
              throw new InputError({ file, line, column: header[index] }, `expected a number ≥ 0, got ${quoteFound(text)}`, 'not a number');
            }
          } else if (value < 0) {
            throw new InputError({ file, line, column: header[index] }, `expected a number ≥ 0, got ${quoteFound(f.text(index).trim())}`, 'not a number');
          }
          scratch[j] = value;
        }
        for (let j = 0; j < indexes.length; j++) indexes[j]!.blocks[row >>> BLOCK_BITS]![row & (BLOCK_ROWS - 1)] = scratch[j]!;
        names.push(name);
        lines.push(line);
        fileOf.push(fileIndex);
        accounting.rowsUsed++;
      } catch (error) {
        if (!(error instanceof InputError) || !options.isSkipInvalid) throw error;
        accounting.reject(error.reason, `${file}:${error.location.line ?? f.line}`);
      }
    };
    const scanner = new CsvScanner(file, onRecord);
    for await (const chunk of readChunks(file)) scanner.push(chunk);
    scanner.finish();
    if (indexes === undefined) throw new InputError({ file }, `the file is empty: expected a header row and ${options.what} rows`, 'empty file');
  }
  if (accounting.rowsRead === 0) throw new InputError({ file: files[files.length - 1]! , line: 1 }, 'the file has a header but no data rows', 'header only');
  // Sorted by name, each name's rows in reading order: a name's later rows are duplicates, found by comparing
  // neighbours (a map of 500,000 names cost a third of the read). They are bad input in reading order.
  const order = nameOrder(names);
  const duplicates: { at: number; first: number }[] = [];
  for (let i = 1, first = order[0]!; i < order.length; i++) {
    if (names[order[i]!] === names[first]) duplicates.push({ at: order[i]!, first });
    else first = order[i]!;
  }
  duplicates.sort((a, b) => a.at - b.at);
  const isDuplicate = new Uint8Array(names.length);
  for (const { at, first } of duplicates) {
    const file = files[fileOf[at]!]!;
    const error = new InputError({ file, line: lines[at], column: orgColumns[fileOf[at]!] }, `duplicate organization ${quoteFound(names[at]!)} (first on line ${lines[first]}${fileOf[first] === fileOf[at] ? '' : ` of ${files[fileOf[first]!]}`})`, 'duplicate organization');
    if (!options.isSkipInvalid) throw error;
    accounting.rowsUsed--;
    accounting.reject(error.reason, `${file}:${lines[at]}`);
    isDuplicate[at] = 1;
  }
  // The rows kept, in name order: loops over typed arrays (an Array made of the order and filtered took 130 ms
  // at 500,000 rows).
  let kept = order;
  if (duplicates.length > 0) {
    kept = new Int32Array(order.length - duplicates.length);
    for (let i = 0, j = 0; i < order.length; i++) if (isDuplicate[order[i]!] === 0) kept[j++] = order[i]!;
  }
  const metrics = new MetricColumns(kept.length);
  let isInOrder = kept.length === names.length && names.length <= slabRows;
  for (let i = 0; isInOrder && i < kept.length; i++) isInOrder = kept[i] === i;
  for (const [metric, blocks] of values) {
    const slab = slabs.get(metric);
    if (isInOrder && slab !== undefined) {
      // Rows in name order, each block in its place in the column already.
      metrics.adopt(metric, slab.subarray(0, kept.length));
      continue;
    }
    const out = metrics.columnFor(metric);
    for (let j = 0; j < kept.length; j++) {
      const row = kept[j]!;
      out[j] = blocks[row >>> BLOCK_BITS]![row & (BLOCK_ROWS - 1)]!;
    }
  }
  const keptNames: string[] = [];
  for (let j = 0; j < kept.length; j++) keptNames.push(names[kept[j]!]!);
  return { names: keptNames, metrics, columns: fields.filter((f) => found.has(f)), accounting };
}

/** The size of `file` when it is a plain file read as it is (not standard input, a device or gzip), else undefined. */
function plainFileSize(file: string): number | undefined {
  if (file === '-' || file.endsWith('.gz')) return undefined;
  try {
    const stat = statSync(file);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

/** Organisation-table input: one record per organisation, sorted by name. */
export async function ingestOrgTable(
  files: readonly string[],
  options: { rename?: Record<string, string>; isSkipInvalid: boolean; missing?: readonly string[] },
): Promise<{ records: OrgRecord[]; accounting: Accounting; columns: string[] }> {
  const table = await readOrgTable(files, [...ORG_FEATURE_FIELDS, ...ORG_PERFORMANCE_FIELDS], {
    ...options,
    minColumns: 0,
    what: 'organisation table',
  });
  const nFeatures = table.columns.filter((c) => (ORG_FEATURE_FIELDS as readonly string[]).includes(c)).length;
  if (nFeatures < 2) {
    throw new InputError({ file: files[0]!, line: 1 }, `an organisation table needs at least two feature columns (${ORG_FEATURE_FIELDS.join(', ')}); found ${nFeatures}${nFeatures > 0 ? ` (${table.columns.filter((c) => (ORG_FEATURE_FIELDS as readonly string[]).includes(c)).join(', ')})` : ''}`);
  }
  const records: OrgRecord[] = table.names.map((name, i) => ({ name, metrics: table.metrics.view(i), channels: [] }));
  return { records, accounting: table.accounting, columns: table.columns };
}

export interface ProfileJoin {
  file: string;
  matched: number;
  /** Profile rows whose name matches no organisation in the input. */
  unmatchedProfileNames: string[];
  /** Organisations the profile has no row for. */
  organizationsWithoutProfile: number;
  columns: string[];
}

/** Joins a profile onto records by exact organisation name; profile values replace computed ones. */
export async function joinProfile(file: string, records: OrgRecord[], isSkipInvalid: boolean): Promise<ProfileJoin> {
  const table = await readOrgTable([file], PROFILE_FIELDS, { isSkipInvalid, minColumns: 1, what: 'profile' });
  const byName = new Map(records.map((r) => [r.name, r]));
  let matched = 0;
  const unmatched: string[] = [];
  for (let i = 0; i < table.names.length; i++) {
    const name = table.names[i]!;
    const values = table.metrics.view(i);
    const record = byName.get(name);
    if (record === undefined) {
      unmatched.push(name);
      continue;
    }
    matched++;
    for (const key of METRIC_KEYS) {
      const value = values[key];
      if (value !== null) record.metrics[key] = value;
    }
    // Agents from the profile change tickets per agent too.
    const agents = values.agents;
    if (typeof agents === 'number' && agents > 0 && record.metrics.ticketsPerMonth !== null) {
      record.metrics.ticketsPerAgent = record.metrics.ticketsPerMonth / agents;
    }
  }
  return {
    file,
    matched,
    unmatchedProfileNames: unmatched.sort(compareNames),
    organizationsWithoutProfile: records.length - matched,
    columns: table.columns,
  };
}
