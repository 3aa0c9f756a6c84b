// The JSON report: the Report type as is, two-space indented, keys in the type's order.

import type { Report } from './report.js';

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
