// The model a baseline report was fitted with, rebuilt from the report itself: its scaling and centroids
// (report.model), its clusters and archetypes, and the peer distributions of its organisations. `check` places
// the current data with it, as `classify --model` would with a saved model, so that an organisation whose data
// did not change keeps its cluster, its peers and its flags: no refit noise.

import { buildChannelPeers } from '../benchmark/channel-gaps.js';
import { buildPeerReference } from '../benchmark/peers.js';
import { MODEL_KIND, MODEL_SCHEMA_VERSION, type BenchmarkModel } from '../model/model.js';
import type { Report } from '../report/report.js';

/**
 * The baseline's model, or why there is none to place with: a metrics report (no clusters), a report written
 * before reports carried their centroids, or a report of a selection (its peers would be incomplete).
 */
export function modelOfBaseline(baseline: Report): BenchmarkModel | { reason: string } {
  const fit = baseline.model;
  if (baseline.command !== 'classify' || fit === null || fit === undefined) return { reason: 'the baseline is a metrics report (no clusters)' };
  if (!Array.isArray(fit.centroids) || fit.centroids.length !== baseline.clusters.length) return { reason: 'the baseline was written before reports carried their centroids' };
  if (baseline.selection !== null && baseline.selection !== undefined) return { reason: 'the baseline shows a selection of organisations (--org, --archetype, --cluster or --top), so its peers are incomplete' };
  const k = fit.centroids.length;
  const labels = Int32Array.from(baseline.organizations, (o) => (o.cluster ?? 1) - 1);
  const { centroids, ...rest } = fit;
  const thresholds = baseline.gapThresholds;
  return {
    kind: MODEL_KIND,
    schemaVersion: MODEL_SCHEMA_VERSION,
    fittedAt: '1970-01-01T00:00:00Z',
    fit: rest,
    centroids,
    clusters: baseline.clusters,
    archetypes: baseline.archetypes,
    gapThresholds: thresholds,
    peers: buildPeerReference(baseline.organizations, labels, k),
    channelPeers: buildChannelPeers(baseline.organizations, labels, k, thresholds.minTickets),
    // Placing never draws the map.
    projection: { mean: [], axes: [[], []], explained: [], points: [], nOrganizations: 0 },
    training: {
      kind: baseline.input.kind,
      files: baseline.input.files,
      hours: baseline.input.hours,
      rowsRead: baseline.input.rowsRead,
      rowsUsed: baseline.input.rowsUsed,
      rowsRejected: baseline.input.rowsRejected,
      organizations: baseline.organizations.length,
      period: baseline.input.period,
    },
  };
}
