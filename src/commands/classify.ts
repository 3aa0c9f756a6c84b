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
  benchmark classify fixtures/sample/tickets.csv --profile fixtures/sample/profile.csv --from 2025-09-08
  benchmark classify --format json --no-timings -o report.json --save-model model.json
  benchmark classify fixtures/sample/tickets.csv --model model.json --format csv -o placed.csv
  benchmark classify --k 8 --features-out features.csv --format markdown -o report.md
  benchmark classify --archetype late-bloomers --sort resolutionMedianHours --top 10

Exit codes: 0 ok, 2 usage or configuration error, 3 bad input.`;

export function classifyCommand(): Command {
  const command = new Command('classify')
    .description('cluster organisations that operate alike, fold clusters into archetypes, and report channel gaps')
    .addHelpText('after', CLASSIFY_HELP);
  addCommonOptions(command);
  addClusterOptions(command);
  return command.action(reportAction('classify'));
}
