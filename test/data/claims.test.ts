// Never claim what was not measured: on the real exports (SF 311, NYC 311, the ServiceNow log, with their
// example mappings) every text `classify` writes (table, Markdown, CSV, JSON) and the client report (HTML and
// Markdown) is scanned for claims about traits whose variable the input lacks. Skipped where ../shared/data is
// absent (a clone without it), saying so.

import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ARCHETYPE_TRAITS, ARCHETYPES, VARIABLE_LABEL, VARIABLES, type Variable } from '../../src/archetypes/fold.js';
import { ARCHETYPE_MEANING, TACTICS } from '../../src/report/client.js';
import type { Report } from '../../src/report/report.js';
import { DATA, runCli, runCliAsync, runJson } from '../helpers.js';

const DATASETS: { name: string; args: string[] }[] = [
  { name: 'SF 311', args: [`${DATA}sf311-service-requests-sample/sf311_service_requests_sample.csv`, '--map', 'examples/sf311.map.json', '--skip-invalid'] },
  { name: 'NYC 311', args: [`${DATA}nyc311-service-requests-sample/nyc311_2018-10-21_sample.csv`, '--map', 'examples/nyc311.map.json'] },
  { name: 'ServiceNow', args: [`${DATA}servicenow-incident-event-log/incident_event_log.csv`, '--map', 'examples/servicenow.map.json'] },
];
const hasData = DATASETS.every((d) => existsSync(d.args[0]!));

/** Words that speak of a variable: any of them in a sentence is a claim about it unless it says it is missing. */
const WORDS: Partial<Record<Variable, RegExp>> = {
  csat: /satisf|\bcsat\b|\blove\b|happ/i,
  business_rules: /automat|business rules|\brules\b/i,
  self_service_ratio: /self-service|help cent|deflect/i,
  weekday_hours: /weekday hours|coverage hours|thin hours|broad (weekday )?hours|hours are thin/i,
  weekend_hours: /weekend/i,
  agents: /\bagents\b|small teams?\b|large teams?\b|team size/i,
  tickets_per_agent: /tickets per agent|high-touch/i,
  comments_per_ticket: /comments per ticket|back-and-forth/i,
  first_reply_median_hours: /first repl/i,
};

/** Text with what says a variable is missing taken out: "not measured: a, b; …", "Not measured for this input: …." and the like. */
function withoutMissingNotes(text: string): string {
  return text
    .replace(/not measured( for this input)?: [^;.\n|]*/gi, '')
    .replace(/features missing: .*$/gim, '')
    .replace(/; missing: [^\n|]*/gi, '')
    .replace(/to be advised here, [^.]*\./gi, '');
}

/** Every claim phrase the tool can write about a variable (its archetype traits, meanings and tactics). */
function phrasesAbout(variable: Variable): string[] {
  const phrases: string[] = [];
  for (const a of ARCHETYPES) {
    for (const t of ARCHETYPE_TRAITS[a]) if (t.variables.includes(variable)) phrases.push(t.text);
    for (const m of ARCHETYPE_MEANING[a]) if (m.variables.includes(variable)) phrases.push(m.text);
  }
  if (variable === 'self_service_ratio') for (const a of ARCHETYPES) phrases.push(TACTICS[a]['self-service']);
  if (variable === 'business_rules') for (const a of ARCHETYPES) phrases.push(TACTICS[a].automation);
  if (variable === 'weekday_hours' || variable === 'weekend_hours') for (const a of ARCHETYPES) phrases.push(TACTICS[a]['staffing and hours']);
  phrases.push(`${VARIABLE_LABEL[variable]} at the `);
  return phrases;
}

describe.skipIf(!hasData)('no claim about an unmeasured trait, on real exports', () => {
  for (const dataset of DATASETS) {
    it(`${dataset.name}: classify (table, Markdown, CSV, JSON) and the client report (HTML, Markdown)`, async () => {
      const report = runJson<Report>(['classify', ...dataset.args]);
      const measured = new Set<Variable>(report.clusters.flatMap((c) => c.evidence.measured));
      const unmeasured = VARIABLES.filter((v) => !measured.has(v));
      // Each of these exports lacks several of the study's variables: the scan has something to find.
      expect(unmeasured.length).toBeGreaterThanOrEqual(4);
      for (const c of report.clusters) expect(c.evidence.missing).toEqual(expect.arrayContaining(unmeasured));
      for (const o of report.organizations) expect(o.evidence!.missing).toEqual(expect.arrayContaining(unmeasured));

      // The client: an organisation with the most variables of its own.
      const client = [...report.organizations].sort((a, b) => b.evidence!.measured.length - a.evidence!.measured.length || (a.name < b.name ? -1 : 1))[0]!;
      const texts: Record<string, string> = {};
      for (const format of ['table', 'markdown', 'csv', 'json']) texts[`classify ${format}`] = (await runCliAsync(['classify', ...dataset.args, '--format', format, '-q'])).stdout;
      for (const format of ['html', 'markdown']) texts[`report ${format}`] = (await runCliAsync(['report', ...dataset.args, '--org', client.name, '--format', format, '-q'])).stdout;
      for (const [what, text] of Object.entries(texts)) expect(text.length, what).toBeGreaterThan(500);

      // 1. No phrase the tool writes about a trait appears where its variable was not measured, in any output.
      for (const v of unmeasured) {
        for (const phrase of phrasesAbout(v)) {
          for (const [what, text] of Object.entries(texts)) expect(text.includes(phrase), `${what} says "${phrase}" (${v} not measured)`).toBe(false);
        }
      }

      // 2. The prose (archetype lines, cluster reasons, the client report's sentences) names an unmeasured trait
      //    only to say it is missing. Prose in JSON is whole (no wrapping); the client's Markdown is read without
      //    its tables (column heads), headings (section names) and definitions.
      const prose = [
        ...report.archetypes.map((a) => a.summary),
        ...report.clusters.map((c) => c.reason),
        ...texts['report markdown']!.split('\n').filter((line) => !line.startsWith('|') && !line.startsWith('#') && !line.startsWith('- **') && !line.startsWith('- Percentiles')),
      ];
      for (const v of unmeasured) {
        const words = WORDS[v];
        if (words === undefined) continue;
        for (const sentence of prose) expect(words.test(withoutMissingNotes(sentence)), `${dataset.name}: "${sentence}" speaks of ${v}, not measured`).toBe(false);
      }
    });
  }
});
