// The unit benchmarked: which column names an organisation (--by COLUMN), or each input file as one (--by file),
// applied to every file's format, and how the report names it.

import { basename } from 'node:path';
import type { TicketField } from './fields.js';
import { recognise, type LoadedMapping, type TicketFormat } from './formats.js';

/** The name an input file gives its organisation under --by file: its base name without .csv, .tsv, .txt or .gz. */
export function fileUnitName(file: string): string {
  return basename(file).replace(/(\.gz)$/i, '').replace(/\.(csv|tsv|txt)$/i, '') || file;
}

/**
 * Each file's format with the run's unit and window applied: `by` "file" makes the file's name every row's
 * organisation; another `by` names the organisation column (a field the format maps, or a header name as it is).
 */
export function withUnit(formatOf: (file: string, header: readonly string[]) => TicketFormat, by: string | undefined, window: TicketFormat['window']): (file: string, header: readonly string[]) => TicketFormat {
  return (file, header) => {
    let format = formatOf(file, header);
    if (by === 'file') format = { ...format, constantOrganization: fileUnitName(file), constantOrganizationFrom: 'file' };
    else if (by !== undefined) format = { ...format, constantOrganization: undefined, constantOrganizationFrom: undefined, columns: { ...format.columns, organization: format.columns[by as TicketField] ?? [by] } };
    return window === undefined ? format : { ...format, window };
  };
}

/** What the report says the unit of a ticket export is: "file", or "column NAME" as the header writes it. */
export function unitOf(format: TicketFormat, header: readonly string[]): string {
  if (format.constantOrganization !== undefined) return format.constantOrganizationFrom === 'mapping' ? `value ${JSON.stringify(format.constantOrganization)}` : 'file';
  const candidates = format.columns.organization ?? ['organization'];
  const lower = header.map((h) => h.trim().toLowerCase());
  const found = candidates.map((c) => header[lower.indexOf(c.trim().toLowerCase())]?.trim()).find((h) => h !== undefined);
  return `column ${found ?? candidates[0]}`;
}

/** The unit of an organisation table: its organisation column, as --by or the mapping names it. */
export function orgTableUnit(by: string | undefined, mapping: LoadedMapping | undefined): string {
  const mapped = mapping?.mapping.columns?.organization;
  return `column ${by ?? (typeof mapped === 'string' ? mapped : 'organization')}`;
}

/**
 * Recognises a header (formats.ts recognise), where --by names the unit: a generic export then needs no
 * organization column of its own (its unit is the file, or the --by column).
 */
export function recogniseFor(by: string | undefined, header: readonly string[]): ReturnType<typeof recognise> {
  const lower = header.map((h) => h.trim().toLowerCase());
  if (by !== undefined && !lower.includes('organization') && (by === 'file' || lower.includes(by.trim().toLowerCase()))) lower.push('organization');
  return recognise(lower);
}
