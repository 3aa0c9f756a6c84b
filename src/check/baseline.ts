// The baseline of `benchmark check`: a JSON report written earlier by `classify --format json` (or `metrics`),
// checked for what the comparison reads. Problems with it are usage errors (exit 2), naming the file.

import * as z from 'zod';
import { UsageError } from '../errors.js';
import { ARCHETYPES } from '../archetypes/fold.js';
import { FEATURES, SCALINGS } from '../features/features.js';
import { readJsonFile } from '../json-file.js';
import { METRIC_KEYS } from '../metrics/registry.js';
import { SCHEMA_VERSION, type Report } from '../report/report.js';

const nullableNumber = z.number().nullable();
const finite = z.number().finite();

/** The parts of a report the comparison reads; other fields pass through untouched. */
const baselineSchema = z.looseObject({
  schemaVersion: z.number().int(),
  command: z.enum(['classify', 'metrics']),
  organizations: z.array(
    z.looseObject({
      name: z.string(),
      cluster: z.number().int().nullable(),
      archetype: z.string().nullable(),
      metrics: z.record(z.string(), nullableNumber),
      channels: z.array(z.looseObject({ channel: z.string(), tickets: z.number(), flagged: z.boolean() })),
    }),
  ),
  // What the current data is fitted and flagged with: the same values the flags accept (commands/options.ts).
  model: z
    .looseObject({
      kRequested: z.number().int().min(2).max(1000),
      seed: z.number().int().min(0).max(2 ** 31 - 1),
      restarts: z.number().int().min(1).max(1000),
      scaling: z.enum(SCALINGS),
      // What placing the current data with the baseline's model reads (baseline-model.ts).
      features: z.array(z.looseObject({ name: z.enum(FEATURES.map((f) => f.name) as [string, ...string[]]), transform: z.enum(['log1p', 'none']), center: finite, scale: finite.positive(), fill: finite })).min(1).optional(),
      centroids: z.array(z.array(finite)).min(1).optional(),
    })
    .nullable()
    .optional(),
  clusters: z.array(z.looseObject({ id: z.number().int().min(1), archetype: z.enum(ARCHETYPES) })).optional(),
  selection: z.looseObject({}).nullable().optional(),
  // Version 4 on: what each organisation leaves out, as no organisation of the input had it (render-json.ts).
  unmeasured: z.looseObject({ metrics: z.array(z.string()), channelFields: z.array(z.string()) }).optional(),
  gapThresholds: z.object({ ratio: z.number().finite().min(1), minTickets: z.number().int().min(1), floorMinutes: z.number().finite().min(0).optional() }).optional(),
});

export function loadBaseline(file: string): Report {
  const json = readJsonFile(file, '--baseline', (message) => `not a JSON report (${message}); write one with classify --format json -o FILE`);
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    throw new UsageError(`--baseline ${file}: report schema version ${version} is newer than this benchmark reads (${SCHEMA_VERSION}): upgrade benchmark`);
  }
  const parsed = baselineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new UsageError(`--baseline ${file}: not a benchmark JSON report: at ${where}: ${issue.message}`);
  }
  const report = restoreUnmeasured(parsed.data as unknown as Report);
  const centroids = report.model?.centroids;
  const d = report.model?.features?.length;
  if (centroids !== undefined && (centroids.length !== (report.clusters?.length ?? 0) || centroids.some((c) => c.length !== d))) {
    throw new UsageError(`--baseline ${file}: not a benchmark JSON report: model.centroids: ${centroids.length} centroids of ${centroids[0]?.length} values for ${report.clusters?.length ?? 0} clusters of ${d} features`);
  }
  return report;
}

/**
 * The report as it was in memory: what the JSON left out of each organisation because no organisation had it
 * (`unmeasured`) is null again, so that the comparison and the baseline's model read every metric and channel
 * field as they read the current run's. A metric missing from an organisation is read as not measured.
 */
function restoreUnmeasured(report: Report): Report {
  const channelFields = report.unmeasured?.channelFields ?? [];
  for (const o of report.organizations) {
    const metrics = o.metrics as Record<string, number | null>;
    for (const key of METRIC_KEYS) if (!(key in metrics)) metrics[key] = null;
    for (const c of o.channels) {
      const fields = c as unknown as Record<string, unknown>;
      for (const key of channelFields) if (!(key in fields)) fields[key] = null;
    }
  }
  report.unmeasured ??= { metrics: [], channelFields: [] };
  return report;
}
