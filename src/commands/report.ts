// `benchmark report --org NAME`: one client placed among its peers, as a self-contained HTML page or Markdown.

import { Command, Option } from 'commander';
import { startIngestWorkerEarly } from '../ingest/worker-start.js';
import { addCommonInputOptions, addFitOptions, addGapOptions, choice, DEFAULT_K, integer, type CommonFlags } from './options.js';
import { assertOutputsApart } from '../output.js';
import { emit, noteRun, noteSample, noter } from './stderr-and-output.js';

export const CLIENT_FORMATS = ['html', 'markdown'] as const;
type ClientFormat = (typeof CLIENT_FORMATS)[number];

export const REPORT_HELP = `
Places one organisation (the client) among its peers: its archetype and what it means, the cluster's
defining traits, its percentile on each performance metric within its cluster and overall, per-channel
resolution against the peers' medians, flagged gaps with their ticket counts, the archetype's tactics tied
to those gaps, and method notes. HTML is one self-contained file (inline SVG charts, no network, prints
cleanly); Markdown carries the same tables without charts.

With --model, the client is placed with a saved model (classify --save-model) and compared with the model's
reference population; without, the population is fitted from the input as classify does.

Examples:
  benchmark report --org "Birch Energy" -o birch.html             # the bundled synthetic sample
  benchmark report --org "Birch Energy" --model model.json fixtures/sample/tickets.csv -o birch-placed.html
  benchmark report --org "acme energy" --format markdown          # case ignored when the name is unique
  benchmark report --org "Birch Energy" --baseline report.json --format markdown   # beside the previous period

Exit codes: 0 ok, 2 usage or configuration error (an unknown --org lists the closest names), 3 bad input.`;

interface ReportFlags extends Omit<CommonFlags, 'format' | 'org'> {
  org: string;
  format: ClientFormat;
  baseline?: string;
}

export function reportCommand(): Command {
  const command = new Command('report').description('a client report: one organisation against its peers, as HTML or Markdown').addHelpText('after', REPORT_HELP);
  addCommonInputOptions(command);
  command
    .requiredOption('--org <name>', 'the organisation to report on (exact name; case is ignored when that is unique)')
    .addOption(new Option('--format <format>', `output format (${CLIENT_FORMATS.join(', ')})`).argParser(choice(CLIENT_FORMATS)).default('html'))
    .option('--model <file>', 'place the client with a saved model (classify --save-model) and compare it with the model’s population')
    .option('--baseline <file>', 'a JSON report of the previous period (classify --format json): its figures beside this period’s, with the change')
    .addOption(new Option('--k <n>', 'number of clusters, when fitting').argParser(integer(2, 1000)).default(DEFAULT_K));
  addGapOptions(command);
  addFitOptions(command);
  return command.action(async (files: string[], flags: ReportFlags, self: Command) => {
    const note = noter(flags.quiet === true);
    startIngestWorkerEarly(files, flags.threads);
    // The pipeline and the client report load with this command, not at every start-up.
    const [{ inputsOf, pipelineOptions }, { runPipeline }, { buildClientReport, findOrganization, previousOf }] = await Promise.all([import('./run.js'), import('../pipeline.js'), import('../report/client.js')]);
    assertOutputsApart([{ flag: '-o', file: flags.output }], [...inputsOf(files, flags), { what: '--baseline', file: flags.baseline }]);
    const options = { ...pipelineOptions('classify', files, { ...flags, org: undefined, format: 'json' }, self), isMapWanted: true };
    noteSample(files, note);
    const { report, map } = await runPipeline(options);
    noteRun(report, note);
    const index = findOrganization(report, flags.org);
    let previous: ReturnType<typeof previousOf> = null;
    if (flags.baseline !== undefined) {
      const { loadBaseline } = await import('../check/baseline.js');
      previous = previousOf(loadBaseline(flags.baseline), flags.baseline, report.organizations[index]!.name);
      if (previous === null) note(`warning: ${report.organizations[index]!.name} is not in the previous report ${flags.baseline}: no previous figures`);
    }
    const client = buildClientReport(report, index, map, previous);
    let text: string;
    if (flags.format === 'html') {
      const [{ renderClientCharts }, { renderClientHtml }] = await Promise.all([import('../report/charts.js'), import('../report/render-client.js')]);
      text = renderClientHtml(client, await renderClientCharts(client));
    } else {
      text = (await import('../report/render-client.js')).renderClientMarkdown(client);
    }
    await emit(text, flags.output, flags.format, note);
  });
}
