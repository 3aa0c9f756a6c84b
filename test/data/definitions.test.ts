// The streaming aggregator against the metric definitions: every column of the organisation and organisation ×
// channel tables, evaluated directly from the definitions (test/reference/evaluate-definitions.ts) on tickets
// parsed with csv-parse, equals `benchmark metrics` on the same file.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNEL_TABLE, METRIC_KEYS, ORG_TABLE, PROFILE_KEYS } from '../../src/metrics/registry.js';
import type { Report } from '../../src/report/report.js';
import { ROOT, runJson } from '../helpers.js';
import { evaluate } from '../reference/evaluate-definitions.js';
import { expectClose, readGeneric } from '../reference/tickets.js';

describe('metric definitions', () => {
  it('defines every metric as an aggregation except the two only a profile can give and the repeat contacts (across tickets)', () => {
    const undefinedFromTickets = METRIC_KEYS.filter((key) => !ORG_TABLE.some((c) => c.metric === key));
    expect(undefinedFromTickets).toEqual(['businessRules', 'selfServiceRatio', 'requesters', 'repeatContactShare']);
    expect(PROFILE_KEYS).toEqual(expect.arrayContaining(['businessRules', 'selfServiceRatio']));
  });

  it('the streaming aggregator gives what the definitions say, on the bundled sample: every organisation and channel', () => {
    const file = join(ROOT, 'fixtures/sample/tickets.csv');
    const tickets = readGeneric(file);
    const created = tickets.map((t) => t.createdMs);
    const period = { days: Math.max((Math.max(...created) - Math.min(...created)) / 86_400_000, 1), fromMs: Math.min(...created), toMs: Math.max(...created) };
    const report = runJson<Report>(['metrics', file]);
    expect(report.organizations).toHaveLength(new Set(tickets.map((t) => t.organization)).size);
    let compared = 0;
    for (const o of report.organizations) {
      const own = tickets.filter((t) => t.organization === o.name);
      for (const c of ORG_TABLE) {
        expectClose(o.metrics[c.metric], evaluate(c.formula, own, period), `${o.name} ${c.column}`);
        compared++;
      }
      for (const ch of o.channels) {
        const inChannel = own.filter((t) => t.channel === ch.channel);
        for (const c of CHANNEL_TABLE) {
          expectClose(ch[c.metric] as number | null, evaluate(c.formula, inChannel, period, own), `${o.name} ${ch.channel} ${c.column}`);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(240 * ORG_TABLE.length);
  });
});
