// `benchmark classify`: place each organisation in one of k operational clusters and four archetypes.

import { Command } from 'commander';
import { addClusterOptions, addCommonOptions, reportAction } from './options.js';

export const CLASSIFY_HELP = `
Reads ticket exports (Zendesk, Freshdesk, generic CSV, or any CSV through --map) or an organisation
table, computes each organisation's workload, strategy and resources, clusters organisations with
k-means (k = 12 by default), folds the clusters into four archetypes (Relationship Builders, Masters of
Complexity, Late Bloomers, Captains of Scale) with a reason for each, and reports per-channel resolution
gaps against the organisation's best channel and its cluster peers.

Examples:
  benchmark classify                                   # the bundled synthetic sample
  benchmark classify tickets.csv --profile profile.csv
  benchmark classify export.csv --preset zendesk --hours business --format json -o report.json
  benchmark classify events.csv --map examples/servicenow.map.json --skip-invalid
  benchmark classify orgs.csv --input orgs --k 8 --features-out features.csv

Exit codes: 0 ok, 2 usage or configuration error, 3 bad input.`;

export function classifyCommand(): Command {
  const command = new Command('classify')
    .description('cluster organisations that operate alike, fold clusters into archetypes, and report channel gaps')
    .addHelpText('after', CLASSIFY_HELP);
  addCommonOptions(command);
  addClusterOptions(command);
  return command.action(reportAction('classify'));
}
