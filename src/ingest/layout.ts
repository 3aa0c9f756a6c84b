// A file's layout: which column holds each ticket field, resolved from its header and its format.

import { InputError, UsageError, quoteFound } from '../errors.js';
import { didYouMean } from '../suggest.js';
import { textProblem } from './bytes.js';
import type { Fields } from './csv-scanner.js';
import { TICKET_FIELDS, type TicketField } from './fields.js';
import type { TicketFormat } from './formats.js';

/** Column indexes of one file's fields; -1 where the file lacks the field. */
export type Layout = Record<TicketField, number>;

const REQUIRED: readonly TicketField[] = ['organization', 'created_at'];

export function resolveLayout(file: string, header: readonly string[], format: TicketFormat): Layout {
  const lower = header.map((h) => h.trim().toLowerCase());
  const layout = {} as Layout;
  for (const field of TICKET_FIELDS) {
    const candidates = format.columns[field] ?? [];
    layout[field] = -1;
    for (const name of candidates) {
      const wanted = name.trim().toLowerCase();
      const index = lower.indexOf(wanted);
      if (index !== -1) {
        const again = lower.indexOf(wanted, index + 1);
        if (again !== -1) {
          throw new InputError({ file, line: 1 }, `the column "${header[index]!.trim()}" appears twice in the header (columns ${index + 1} and ${again + 1}): which one holds ${field} is ambiguous; rename one`, 'duplicate column');
        }
        layout[field] = index;
        break;
      }
    }
  }
  // An event log's creation time is its first event's where no created_at column is named.
  const required = format.events !== undefined ? (['organization', 'ticket_id', 'timestamp', 'status'] as const) : format.messages !== undefined ? (['organization', 'timestamp'] as const) : REQUIRED;
  for (const field of required) {
    if (field === 'organization' && format.constantOrganization !== undefined) continue;
    if (layout[field] === -1) {
      const wanted = format.columns[field]?.[0] ?? field;
      const what = wanted === field ? `the required column "${field}"` : `the column "${wanted}" that holds ${field}`;
      throw new InputError({ file, line: 1 }, `missing ${what} (${format.name} format)${didYouMean(wanted, header)}; found: ${summariseHeader(header)}`, 'missing column');
    }
  }
  if (format.dedupe === 'last-by-id' && layout.ticket_id === -1) {
    throw new UsageError(`${file}: dedupe "last-by-id" needs a ticket id column (${format.columns.ticket_id?.[0] ?? 'ticket_id'}), which the header lacks`);
  }
  return layout;
}

/**
 * The index of the column a mapping option names (found as `columns` are: case-insensitive, trimmed); a column
 * the header lacks is bad input at line 1 saying which option named it (`what`).
 */
export function findColumn(file: string, header: readonly string[], name: string, what: string): number {
  const wanted = name.trim().toLowerCase();
  const index = header.findIndex((h) => h.trim().toLowerCase() === wanted);
  if (index === -1) throw new InputError({ file, line: 1 }, `the column "${name}" that ${what} is not in the header${didYouMean(name, header)}`, 'missing column');
  return index;
}

/** A header cell that is not text (invalid UTF-8, NUL) is bad input at line 1, naming the column's position. */
export function checkHeaderText(file: string, f: Fields): void {
  for (let j = 0; j < f.count; j++) {
    const problem = textProblem(f.bytes, f.starts[j]!, f.ends[j]!);
    if (problem !== null) throw new InputError({ file, line: f.line }, `header column ${j + 1}: expected text, got ${problem}`, 'not text');
  }
}

function summariseHeader(header: readonly string[]): string {
  const shown = header.slice(0, 12).map((h) => quoteFound(h, 40)).join(', ');
  return header.length > 12 ? `${shown}, … (${header.length} columns)` : shown;
}

