// `benchmark metrics`: per-organisation and per-organisation × channel metrics, without clustering.

import { Command } from 'commander';
import { addCommonOptions, reportAction } from './options.js';

export const METRICS_HELP = `
Reads the same inputs as classify and reports, per organisation and per organisation × channel:
tickets, tickets per month, agents, comments per ticket, coverage hours, first reply and resolution
median and p90, shares resolved within 24 h and 48 h, CSAT with the number rated, reopen and one-touch
rates, open tickets. No clustering; channel gaps compare each organisation with all others.

Examples:
  benchmark metrics fixtures/zendesk/tickets.csv --hours business --format csv -o metrics.csv
  benchmark metrics fixtures/economics/tickets.csv --gap-min-tickets 4 --cost-per-late-ticket 40

Exit codes: 0 ok, 2 usage or configuration error, 3 bad input.`;

export function metricsCommand(): Command {
  const command = new Command('metrics')
    .description('per-organisation and per-channel metrics only (no clustering)')
    .addHelpText('after', METRICS_HELP);
  addCommonOptions(command);
  return command.action(reportAction('metrics'));
}
