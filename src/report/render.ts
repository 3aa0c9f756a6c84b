// The renderer registry: each output format is a pure function of the report, loaded when asked for (the
// table renderer's chalk costs time to import, which a JSON run need not pay).

import type { Text } from '../output.js';
import type { RenderOptions, Report } from './report.js';

export type { RenderOptions } from './report.js';

export const FORMATS = ['table', 'json', 'ndjson', 'csv', 'markdown'] as const;
export type OutputFormat = (typeof FORMATS)[number];

/** A renderer's text: one string, or pieces in order (JSON, NDJSON and CSV, which can be larger than a string may be). */
export type Renderer = (report: Report, options: RenderOptions) => Text;

export async function rendererFor(format: OutputFormat): Promise<Renderer> {
  switch (format) {
    case 'table':
      return (await import('./render-table.js')).renderTable;
    case 'json':
      return (await import('./render-json.js')).renderJson;
    case 'ndjson':
      return (await import('./render-json.js')).renderNdjson;
    case 'csv':
      return (await import('./render-csv.js')).renderCsv;
    case 'markdown':
      return (await import('./render-markdown.js')).renderMarkdown;
  }
}
