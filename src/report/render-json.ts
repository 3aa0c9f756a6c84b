// The JSON report: the Report type as is, keys in the type's order, two-space indented except each
// organisation, which is one compact line (a report of 500,000 organisations is a third smaller and written
// about twice as fast, and still reads, greps and diffs an organisation to a line). Written a piece at a time,
// so that a report of any size is never one string.

import type { Report } from './report.js';

/** `value` as JSON.stringify(value, null, 2) writes it, each line after the first indented by `indent`. */
function indented(value: unknown, indent: string): string {
  // JSON text never holds a raw line break inside a string (it is escaped), so every \n is a line of layout.
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}

export function* renderJson(report: Report): Generator<string> {
  const entries = Object.entries(report).filter(([, value]) => value !== undefined);
  yield '{\n';
  for (const [i, [key, value]] of entries.entries()) {
    const comma = i < entries.length - 1 ? ',' : '';
    if (key === 'organizations' && Array.isArray(value) && value.length > 0) {
      yield `  "organizations": [\n`;
      // Three pieces, not one template: the writer encodes each as it is (no string joined to flatten).
      for (let j = 0; j < value.length; j++) {
        yield '    ';
        yield JSON.stringify(value[j]);
        yield j < value.length - 1 ? ',\n' : '\n';
      }
      yield `  ]${comma}\n`;
    } else {
      yield `  ${JSON.stringify(key)}: ${indented(value, '  ')}${comma}\n`;
    }
  }
  yield '}\n';
}
