// The renderer registry: each output format is a pure function of the report, loaded when asked for (the
// table renderer's chalk and cli-table3 cost ~45 ms to import, which a JSON run need not pay).

import type { RenderOptions, Report } from './report.js';

export type { RenderOptions } from './report.js';

export const FORMATS = ['table', 'json', 'csv', 'markdown'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export type Renderer = (report: Report, options: RenderOptions) => string;

export async function rendererFor(format: OutputFormat): Promise<Renderer> {
  switch (format) {
    case 'table':
      return (await import('./render-table.js')).renderTable;
    case 'json':
      return (await import('./render-json.js')).renderJson;
    case 'csv':
      return (await import('./render-csv.js')).renderCsv;
    case 'markdown':
      return (await import('./render-markdown.js')).renderMarkdown;
  }
}
