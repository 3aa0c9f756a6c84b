// The renderer registry: each output format is a pure function of the report.

import type { Report } from './report.js';
import { renderCsv } from './render-csv.js';
import { renderJson } from './render-json.js';
import { renderMarkdown } from './render-markdown.js';
import { renderTable } from './render-table.js';

export const FORMATS = ['table', 'json', 'csv', 'markdown'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export interface RenderOptions {
  isColor: boolean;
  /** Show every channel, not only flagged gaps. */
  isAllChannels: boolean;
}

export const RENDERERS: Record<OutputFormat, (report: Report, options: RenderOptions) => string> = {
  table: renderTable,
  json: renderJson,
  csv: renderCsv,
  markdown: renderMarkdown,
};
