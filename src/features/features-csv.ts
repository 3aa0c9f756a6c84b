// The --features-out file: the scaled matrix as CSV, so the clustering can be re-run in another tool.

import type { Matrix } from '../cluster/matrix.js';
import { csvCell } from '../report/render-csv.js';

/** `organization` + one column per feature; numbers in shortest round-trip form, so the file is the exact matrix. */
export function renderFeaturesCsv(names: readonly string[], organizations: readonly string[], matrix: Matrix): string {
  const { data, n, d } = matrix;
  const lines = new Array<string>(n + 1);
  lines[0] = ['organization', ...names].join(',');
  for (let i = 0; i < n; i++) {
    let line = csvCell(organizations[i]!);
    for (let f = 0; f < d; f++) line += `,${data[i * d + f]}`;
    lines[i + 1] = line;
  }
  return `${lines.join('\n')}\n`;
}
