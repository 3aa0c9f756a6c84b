// Which organisations a report shows, and in what order: --org, --archetype and --cluster filters, --sort and
// --top. A view of the report, applied after everything is computed: clusters, peers and gaps always come
// from the whole population, and the report records the selection and how many organisations it kept.

import { InvalidArgumentError } from 'commander';
import { ARCHETYPES, type Archetype } from '../archetypes/fold.js';
import { UsageError } from '../errors.js';
import { flaggedRatio } from './describe.js';
import { METRIC_BY_COLUMN, METRIC_KEYS, metricDef, type MetricKey } from '../metrics/registry.js';
import { didYouMean, unknownOrganization } from '../suggest.js';
import type { Report, ReportOrganization, Selection, SortOrder, SortSpec } from './report.js';

export type { Selection, SortSpec } from './report.js';

/** Keys --sort takes besides the metrics: the name, the cluster, the archetype, and the largest flagged gap. */
const OTHER_SORT_KEYS = ['name', 'cluster', 'archetype', 'gap'] as const satisfies readonly SortSpec['key'][];
export const SORT_KEYS: readonly string[] = [...OTHER_SORT_KEYS, ...METRIC_KEYS];
/** What is asked for (the flags, or a baseline's recorded selection); a part absent or null asks nothing. */
export interface SelectionRequest {
  sort?: SortSpec | null;
  top?: number | null;
  archetypes?: readonly string[] | null;
  clusters?: readonly number[] | null;
  organizations?: readonly string[] | null;
}

/**
 * The default order of a sort key: worst first for metrics with a worse direction (slowest, lowest CSAT),
 * largest first for volumes and the gap, ascending for the name, cluster and archetype.
 */
function defaultOrder(key: SortSpec['key']): SortOrder {
  if (key === 'name' || key === 'cluster' || key === 'archetype') return 'asc';
  if (key === 'gap') return 'desc';
  return metricDef(key).worseWhen === 'lower' ? 'asc' : 'desc';
}

/**
 * Parses --sort: a metric (as in the JSON report, resolutionMedianHours, or the CSV, resolution_median_hours),
 * name, cluster, archetype or gap; ":asc" or ":desc" after it chooses the order.
 */
export function parseSort(value: string): SortSpec {
  const m = /^\s*([A-Za-z0-9_]+)\s*(?::\s*(asc|desc)\s*)?$/.exec(value);
  const name = m?.[1] ?? value;
  const key = (SORT_KEYS.includes(name) ? name : METRIC_BY_COLUMN.get(name)) as SortSpec['key'] | undefined;
  if (m === null || key === undefined) {
    throw new InvalidArgumentError(`expected a metric (such as resolutionMedianHours), name, cluster, archetype or gap, optionally followed by :asc or :desc, got ${JSON.stringify(value)}${didYouMean(name, [...SORT_KEYS, ...METRIC_BY_COLUMN.keys()])}`);
  }
  return { key, order: (m[2] as SortOrder | undefined) ?? defaultOrder(key) };
}

/** Parses a --cluster value: one cluster number or several, comma-separated. */
export function parseClusters(value: string, previous: number[] | undefined): number[] {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.some((p) => !/^\d+$/.test(p) || Number(p) < 1)) throw new InvalidArgumentError(`expected cluster numbers (1, or 2,5), got ${JSON.stringify(value)}`);
  return [...(previous ?? []), ...parts.map(Number)];
}

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** An archetype named as printed, case ignored, with hyphens or underscores for spaces ("late-bloomers"). */
function resolveArchetype(name: string): Archetype {
  const wanted = name.trim().toLowerCase().replace(/[-_\s]+/g, ' ');
  const found = ARCHETYPES.find((a) => a.toLowerCase() === wanted);
  if (found === undefined) throw new UsageError(`--archetype ${JSON.stringify(name)}: expected one of ${ARCHETYPES.join(', ')}${didYouMean(name, ARCHETYPES)}`);
  return found;
}

function globPattern(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/**
 * The organisations an --org value names: the exact name; else the name with case ignored, when unique; a
 * pattern with * or ? matches names case-insensitively. Nothing matched is a usage error naming the closest.
 */
function matchOrganizations(value: string, names: readonly string[]): string[] {
  if (names.includes(value)) return [value];
  if (/[*?]/.test(value)) {
    const pattern = globPattern(value);
    const matched = names.filter((n) => pattern.test(n));
    if (matched.length > 0) return matched;
  } else {
    const folded = names.filter((n) => n.toLowerCase() === value.trim().toLowerCase());
    if (folded.length === 1) return folded;
  }
  throw unknownOrganization(value, names);
}

/** An organisation's largest flagged gap (× its reference channel or its peers), or null without a flag. */
export function largestGap(o: ReportOrganization): number | null {
  let largest: number | null = null;
  for (const c of o.channels) {
    const ratio = flaggedRatio(c);
    if (ratio !== null && (largest === null || ratio > largest)) largest = ratio;
  }
  return largest;
}

function sortValue(o: ReportOrganization, key: SortSpec['key']): number | string | null {
  switch (key) {
    case 'name':
      return o.name;
    case 'cluster':
      return o.cluster;
    case 'archetype':
      return o.archetype;
    case 'gap':
      return largestGap(o);
    default: {
      const v = o.metrics[key];
      return v === null || v === undefined || Number.isNaN(v) ? null : v;
    }
  }
}

function byName(a: ReportOrganization, b: ReportOrganization): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Whether a request asks for anything. */
export function isSelecting(request: SelectionRequest): boolean {
  return request.sort != null || request.top != null || request.archetypes != null || request.clusters != null || request.organizations != null;
}

/**
 * The report with only the organisations the request keeps, in its order (missing values last, ties by
 * name), and the selection recorded; the report itself when nothing is asked. Names, archetypes and clusters
 * that match nothing are usage errors (exit 2) before anything is written.
 */
export function applySelection(report: Report, request: SelectionRequest): Report {
  if (!isSelecting(request)) return report;
  const all = report.organizations;
  const isClassified = report.command === 'classify';
  if (!isClassified && (request.archetypes != null || request.clusters != null)) {
    throw new UsageError(`${request.archetypes != null ? '--archetype' : '--cluster'} needs clusters: use classify (metrics does not cluster)`);
  }
  if (!isClassified && request.sort != null && (request.sort.key === 'cluster' || request.sort.key === 'archetype')) {
    throw new UsageError(`--sort ${request.sort.key} needs clusters: use classify (metrics does not cluster)`);
  }
  const archetypes = request.archetypes?.map(resolveArchetype) ?? null;
  const k = report.clusters.length;
  const badCluster = request.clusters?.find((c) => c > k);
  if (badCluster !== undefined) throw new UsageError(`--cluster ${badCluster}: there are ${k} clusters (1 to ${k})`);
  let organizations: string[] | null = null;
  let kept = all;
  if (request.organizations != null) {
    const names = all.map((o) => o.name);
    const wanted = new Set(request.organizations.flatMap((value) => matchOrganizations(value, names)));
    organizations = [...wanted];
    kept = kept.filter((o) => wanted.has(o.name));
  }
  if (archetypes !== null) kept = kept.filter((o) => o.archetype !== null && archetypes.includes(o.archetype));
  const clusters = request.clusters == null ? null : [...request.clusters];
  if (clusters !== null) kept = kept.filter((o) => o.cluster !== null && clusters.includes(o.cluster));
  const sort = request.sort ?? null;
  if (sort !== null) {
    const sign = sort.order === 'asc' ? 1 : -1;
    const keyed = kept.map((o) => ({ o, v: sortValue(o, sort.key) }));
    keyed.sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? byName(a.o, b.o) : a.v === null ? 1 : -1;
      const order = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
      return order === 0 ? byName(a.o, b.o) : sign * order;
    });
    kept = keyed.map((x) => x.o);
  }
  if (request.top != null) kept = kept.slice(0, request.top);
  const selection: Selection = {
    sort,
    top: request.top ?? null,
    archetypes,
    clusters,
    organizations,
    shown: kept.length,
    of: all.length,
  };
  return { ...report, organizations: kept, selection };
}

/** The selection in words, for headings: "10 of 240: sorted by resolutionMedianHours (desc), top 10, archetype Late Bloomers". */
export function describeSelection(selection: Selection): string {
  const parts: string[] = [];
  if (selection.organizations !== null) parts.push(`--org ${selection.organizations.length === 1 ? selection.organizations[0] : `(${selection.organizations.length} names)`}`);
  if (selection.archetypes !== null) parts.push(`archetype ${selection.archetypes.join(' or ')}`);
  if (selection.clusters !== null) parts.push(`cluster ${selection.clusters.join(' or ')}`);
  if (selection.sort !== null) parts.push(`sorted by ${selection.sort.key} ${selection.sort.order === 'asc' ? 'ascending' : 'descending'}`);
  if (selection.top !== null) parts.push(`top ${selection.top}`);
  return parts.join(', ');
}
