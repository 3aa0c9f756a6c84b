// Organisation metrics held as columns: one Float64Array per metric (NaN where the input has no value), and
// a small view per organisation that reads and writes them as an `OrgMetrics`. Organisation tables are read
// this way: 500,000 rows of 23 metrics as objects were 500,000 objects and millions of boxed numbers, which
// the reader and the garbage collector spent seconds on.

import type { OrgMetrics } from './org-metrics.js';
import { AbsentKeys } from './absent-keys.js';
import { METRIC_KEYS, type MetricKey } from './registry.js';

/** A metric's column (NaN where missing), or null where no row has the metric. */
export type MetricColumn = Float64Array | null;

export class MetricColumns {
  /** By the registry's order of metrics (METRIC_KEYS). */
  readonly columns: MetricColumn[];

  constructor(readonly size: number) {
    this.columns = METRIC_KEYS.map(() => null);
  }

  /**
   * The metric's column, made (every value missing) where it was not there. In shared memory, so that a thread
   * rendering a share of the report (report/split.ts) is sent the columns without a copy: copying the 500,000
   * organisations' columns took 150 ms, half of it on this thread.
   */
  columnFor(key: MetricKey): Float64Array {
    const k = KEY_INDEX.get(key)!;
    return (this.columns[k] ??= new Float64Array(new SharedArrayBuffer(this.size * Float64Array.BYTES_PER_ELEMENT)).fill(NaN));
  }

  /** Takes `column` (`size` values, NaN where missing) as the metric's column, as it is: no copy. */
  adopt(key: MetricKey, column: Float64Array): void {
    if (column.length !== this.size) throw new Error(`internal: a column of ${column.length} values for a table of ${this.size}`);
    this.columns[KEY_INDEX.get(key)!] = column;
  }

  /** A table of these columns (in the registry's order, as `columns` holds them), as they are: what another thread is sent of one. */
  static of(size: number, columns: readonly MetricColumn[]): MetricColumns {
    const table = new MetricColumns(size);
    columns.forEach((column, k) => (table.columns[k] = column));
    return table;
  }

  /** Organisation `i`'s metrics: reading a key reads its column, writing one writes it. */
  view(i: number): OrgMetrics {
    return new ColumnMetrics(this, i);
  }
}

const KEY_INDEX = new Map(METRIC_KEYS.map((key, k) => [key, k]));

interface ColumnMetricsClass {
  new (table: MetricColumns, index: number): OrgMetrics;
}

/**
 * The view's class, generated once from the registry's keys: a getter and a setter per metric (a column
 * never written reads null and is made on the first write), and `toJSON` giving a plain object in the
 * registry's order, as a metrics object made by `emptyMetrics` serialises. `key in view` holds for every
 * metric, as `Object.hasOwn` does for such an object.
 */
const ColumnMetrics = new Function(
  'keys',
  `return class ColumnMetrics {
  constructor(table, index) { this.t = table; this.i = index; }
${METRIC_KEYS.map(
  (key, k) => `  get ${key}() { const c = this.t.columns[${k}]; if (c === null) return null; const v = c[this.i]; return v === v ? v : null; }
  set ${key}(value) { this.t.columnFor(keys[${k}])[this.i] = value === null ? NaN : value; }`,
).join('\n')}
  toJSON() { return { ${METRIC_KEYS.map((key) => `${key}: this.${key}`).join(', ')} }; }
};`,
)(METRIC_KEYS) as ColumnMetricsClass;

/**
 * A metric's values for `records` (NaN where missing) and how many are present, as readMetric reads them, but
 * without a copy where the records are a table's views and its column holds only numbers and NaN: then the
 * column itself, which the caller must not change (the feature matrix's columns: 4 MB each at 500,000
 * organisations, new memory every time).
 */
export function metricValues(records: readonly { metrics: OrgMetrics }[], key: MetricKey): { values: Float64Array; nPresent: number } {
  const table = tableOf(records);
  const column = table === null ? null : table.columns[KEY_INDEX.get(key)!];
  if (column !== null && column !== undefined) {
    let nPresent = 0;
    let isClean = true;
    for (let i = 0; i < records.length && isClean; i++) {
      const v = column[i]!;
      if (Number.isFinite(v)) nPresent++;
      else isClean = Number.isNaN(v);
    }
    if (isClean) return { values: column.length === records.length ? column : column.subarray(0, records.length), nPresent };
  }
  const values = new Float64Array(records.length);
  return { values, nPresent: readMetric(records, key, values) };
}

/**
 * A metric's values over `records`, in their order, into `out` (NaN where missing or not finite); returns how
 * many are present. Where the records are one table's views in the table's order (organisation tables), the
 * column is copied as it is; otherwise each record is read.
 */
export function readMetric(records: readonly { metrics: OrgMetrics }[], key: MetricKey, out: Float64Array): number {
  const table = tableOf(records);
  let nPresent = 0;
  if (table !== null) {
    const column = table.columns[KEY_INDEX.get(key)!];
    if (column === null || column === undefined) {
      out.fill(NaN, 0, records.length);
      return 0;
    }
    for (let i = 0; i < records.length; i++) {
      const v = column[i]!;
      if (Number.isFinite(v)) {
        out[i] = v;
        nPresent++;
      } else out[i] = NaN;
    }
    return nPresent;
  }
  for (let i = 0; i < records.length; i++) {
    const v = records[i]!.metrics[key];
    if (v !== null && Number.isFinite(v)) {
      out[i] = v;
      nPresent++;
    } else out[i] = NaN;
  }
  return nPresent;
}

/** The table and row a metrics object is a view of (MetricColumns.view), or null for any other metrics object. */
export function placeOf(metrics: OrgMetrics): { table: MetricColumns; index: number } | null {
  if (!(metrics instanceof ColumnMetrics)) return null;
  const view = metrics as unknown as { t: MetricColumns; i: number };
  return { table: view.t, index: view.i };
}

/** The table whose views `records` are, each at its own place (view i of record i), or null. */
function tableOf(records: readonly { metrics: OrgMetrics }[]): MetricColumns | null {
  const first = records[0]?.metrics;
  if (!(first instanceof ColumnMetrics)) return null;
  const table = (first as unknown as { t: MetricColumns }).t;
  if (table.size !== records.length) return null;
  for (let i = 0; i < records.length; i++) {
    const m = records[i]!.metrics as unknown as { t?: MetricColumns; i?: number };
    if (m.t !== table || m.i !== i) return null;
  }
  return table;
}

/**
 * The metrics no record has a value for, in the registry's order. Each metric is read only until a record
 * has it: an input with tickets finds most of them in its first record.
 */
export function metricsNoneHas(records: readonly { metrics: OrgMetrics }[]): MetricKey[] {
  const table = tableOf(records);
  if (table !== null) {
    return METRIC_KEYS.filter((key) => {
      const column = table.columns[KEY_INDEX.get(key)!];
      return column === null || column === undefined || !column.some(Number.isFinite);
    });
  }
  const absent = new AbsentKeys(METRIC_KEYS, 'finite');
  for (let i = 0; i < records.length; i++) if (!absent.see(records[i]!.metrics)) return [];
  return absent.absent;
}
