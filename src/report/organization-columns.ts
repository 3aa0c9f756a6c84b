// The organisations of a ticket export's report (each with its metrics and channels: plain objects in a
// `metrics` report, classified ones in a `classify` report) held as columns in shared memory, so that a thread
// rendering a share of the report (split.ts) is sent a few arrays rather than a copy of every object, and makes
// the organisations again from them, equal field by field. A value a column cannot hold exactly (anything but a
// number or null, a boolean or null, a text or null, as the field has; NaN, which a column keeps for null) keeps
// the report on one thread.

import { METRIC_KEYS } from '../metrics/registry.js';
import { MetricColumns, type MetricColumn } from '../metrics/metric-columns.js';
import type { OrgMetrics } from '../metrics/org-metrics.js';
import type { Report, ReportChannel, ReportOrganization } from './report.js';

/** What a channel field holds: a number, a boolean or a text, each or null. */
type Kind = 'number' | 'boolean' | 'text';

const TEXT_FIELDS: readonly string[] = ['channel', 'referenceChannel'] satisfies (keyof ReportChannel)[];
const BOOLEAN_FIELDS: readonly string[] = ['inconsistency', 'peerGap', 'flagged'] satisfies (keyof ReportChannel)[];

const kindOf = (key: string): Kind => (TEXT_FIELDS.includes(key) ? 'text' : BOOLEAN_FIELDS.includes(key) ? 'boolean' : 'number');

/** The organisations as columns: what the rendering thread is sent. */
export interface OrganizationColumns {
  /** The metric table, row j organisation j's (metric-columns.ts), column by column. */
  size: number;
  metrics: MetricColumn[];
  /** The channel objects' keys, in their order, and each one's column (null: null in every channel, not kept). */
  channelKeys: string[];
  channelColumns: (Float64Array | Int32Array | null)[];
  /** Organisation j's channels are rows offsets[j] .. offsets[j + 1] of the channel columns. */
  offsets: Int32Array;
  /** The texts of text fields, by the number their columns hold (−1: null). */
  texts: string[];
}

type ChannelWriter = (c: ReportChannel, row: number, columns: (Float64Array | Int32Array | null)[], textNumber: (text: string) => number) => boolean;
type MetricsWriter = (m: OrgMetrics, row: number, columns: MetricColumn[]) => boolean;
type ChannelReader = (columns: (Float64Array | Int32Array | null)[], row: number, texts: readonly string[]) => ReportChannel;

/**
 * A field's value into column `k` at `row`, or `return false` where the column cannot hold it. A field not kept
 * is one null in every channel (report.unmeasured.channelFields: it must be null here too) or a metric no
 * organisation has (report.unmeasured.metrics: no renderer reads it, and the view reads null).
 */
function writeField(key: string, kind: Kind, k: number, isKept: boolean, isMetric: boolean): string {
  const v = `v = o[${JSON.stringify(key)}];`;
  if (!isKept) return isMetric ? '' : `${v} if (v !== null) return false;`;
  const at = `columns[${k}][row]`;
  switch (kind) {
    case 'number':
      return `${v} if (typeof v === 'number' && v === v) ${at} = v; else if (v === null) ${at} = NaN; else return false;`;
    case 'boolean':
      return `${v} if (v === true) ${at} = 1; else if (v === false) ${at} = 0; else if (v === null) ${at} = NaN; else return false;`;
    case 'text':
      return `${v} if (typeof v === 'string') ${at} = textNumber(v); else if (v === null) ${at} = -1; else return false;`;
  }
}

/** A field's value read back from column `k` at `row`, as an expression. */
function readField(kind: Kind, k: number, isKept: boolean): string {
  if (!isKept) return 'null';
  const at = `columns[${k}][row]`;
  switch (kind) {
    case 'number':
      return `((x = ${at}) === x ? x : null)`;
    case 'boolean':
      return `((x = ${at}) === x ? x === 1 : null)`;
    case 'text':
      return `((x = ${at}) === -1 ? null : texts[x])`;
  }
}

/**
 * The report's organisations as columns, or null where they hold a value the columns cannot (see the file's
 * head) or, for 'plain', are not all plain (classified, with service levels). For 'classified' the caller has
 * checked them (split.ts): their metrics and channels are taken, nothing else (a classified organisation's peer
 * standing is worked out where it is read, so it is never read here).
 */
export function organizationColumns(report: Report, kind: 'plain' | 'classified'): OrganizationColumns | null {
  const organizations = report.organizations;
  const n = organizations.length;
  const unmeasured = new Set<string>(report.unmeasured.metrics);
  const table = new MetricColumns(n);
  const metricKept = METRIC_KEYS.map((key) => !unmeasured.has(key));
  METRIC_KEYS.forEach((key, k) => {
    if (metricKept[k]) table.columnFor(key);
  });
  const writeMetrics = new Function('o', 'row', 'columns', `let v;\n${METRIC_KEYS.map((key, k) => writeField(key, 'number', k, metricKept[k]!, true)).join('\n')}\nreturn true;`) as MetricsWriter;
  const offsets = new Int32Array(new SharedArrayBuffer((n + 1) * Int32Array.BYTES_PER_ELEMENT));
  let nChannels = 0;
  let first: ReportChannel | undefined;
  for (let j = 0; j < n; j++) {
    const o = organizations[j]!;
    if (kind === 'plain' && (o.cluster !== null || o.archetype !== null || o.peers !== null || o.evidence !== null || o.sla !== undefined)) return null;
    first ??= o.channels[0];
    nChannels += o.channels.length;
    offsets[j + 1] = nChannels;
  }
  const channelKeys = first === undefined ? [] : Object.keys(first);
  const absent = new Set<string>(report.unmeasured.channelFields);
  const channelKept = channelKeys.map((key) => !absent.has(key));
  const channelColumns = channelKeys.map((key, k) => {
    if (!channelKept[k]) return null;
    const bytes = new SharedArrayBuffer(nChannels * 8);
    return kindOf(key) === 'text' ? new Int32Array(bytes, 0, nChannels) : new Float64Array(bytes);
  });
  const writeChannel = new Function('o', 'row', 'columns', 'textNumber', `let v;\n${channelKeys.map((key, k) => writeField(key, kindOf(key), k, channelKept[k]!, false)).join('\n')}\nreturn true;`) as ChannelWriter;
  const texts: string[] = [];
  const numbers = new Map<string, number>();
  const textNumber = (text: string): number => {
    let number = numbers.get(text);
    if (number === undefined) numbers.set(text, (number = texts.push(text) - 1));
    return number;
  };
  const metricColumns = table.columns;
  let row = 0;
  for (let j = 0; j < n; j++) {
    const o = organizations[j]!;
    if (!writeMetrics(o.metrics, j, metricColumns)) return null;
    const channels = o.channels;
    for (let c = 0; c < channels.length; c++) {
      const channel = channels[c]!;
      // A key the first channel lacks is written by neither renderer; one this channel lacks reads undefined, which stops the columns.
      if (!writeChannel(channel, row++, channelColumns, textNumber)) return null;
    }
  }
  return { size: n, metrics: metricColumns, channelKeys, channelColumns, offsets, texts };
}

/** Organisation j's maker from the columns (on the rendering thread): an object equal, field by field, to the one the columns were made of. */
export function organizationsFromColumns(columns: OrganizationColumns, names: readonly string[]): (j: number) => ReportOrganization {
  const table = MetricColumns.of(columns.size, columns.metrics);
  const { channelKeys, channelColumns, offsets, texts } = columns;
  const fields = channelKeys.map((key, k) => `${JSON.stringify(key)}: ${readField(kindOf(key), k, channelColumns[k] !== null)}`);
  const readChannel = new Function('columns', 'row', 'texts', `let x;\nreturn { ${fields.join(', ')} };`) as ChannelReader;
  return (j) => {
    const channels: ReportChannel[] = [];
    for (let row = offsets[j]!; row < offsets[j + 1]!; row++) channels.push(readChannel(channelColumns, row, texts));
    return { name: names[j]!, cluster: null, archetype: null, metrics: table.view(j), channels, peers: null, evidence: null };
  };
}
