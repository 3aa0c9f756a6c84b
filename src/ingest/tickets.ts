// Ticket ingest: one pass over each export, each row decoded, validated and folded into the accumulators.

import { InputError, UsageError, quoteFound } from '../errors.js';
import { Rated, TicketAccumulator, type Ticket } from '../metrics/accumulator.js';
import { didYouMean } from '../suggest.js';
import { Accounting } from './accounting.js';
import { channelNormaliser } from './channels.js';
import { DATE_EXAMPLES, TimeZone, parseDate } from './dates.js';
import { TICKET_FIELDS, type TicketField } from './fields.js';
import type { TicketFormat } from './formats.js';
import { readCsv, startLine, type CsvRecord } from './read-csv.js';
import { parseHoursToMinutes, parseNumber, parseRating } from './values.js';

export interface TicketIngestOptions {
  /** Picks the format of a file from its header (a forced preset or mapping ignores the header's look). */
  formatFor: (file: string, header: readonly string[]) => TicketFormat;
  isSkipInvalid: boolean;
}

export interface TicketIngest {
  accumulator: TicketAccumulator;
  accounting: Accounting;
  /** The format each file was read with, in input order. */
  formats: { file: string; format: string }[];
}

/** Column indexes of one file's fields; -1 where the file lacks the field. */
type Layout = Record<TicketField, number>;

const REQUIRED: readonly TicketField[] = ['organization', 'created_at'];

function resolveLayout(file: string, header: readonly string[], format: TicketFormat): Layout {
  const lower = header.map((h) => h.trim().toLowerCase());
  const layout = {} as Layout;
  for (const field of TICKET_FIELDS) {
    const candidates = format.columns[field] ?? [];
    layout[field] = -1;
    for (const name of candidates) {
      const index = lower.indexOf(name.trim().toLowerCase());
      if (index !== -1) {
        layout[field] = index;
        break;
      }
    }
  }
  for (const field of REQUIRED) {
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

function summariseHeader(header: readonly string[]): string {
  const shown = header.slice(0, 12).map((h) => JSON.stringify(h)).join(', ');
  return header.length > 12 ? `${shown}, … (${header.length} columns)` : shown;
}

/** Decodes rows of one file into tickets; throws InputError (with line and column) for a bad row. */
class RowDecoder {
  private readonly missing: Set<string>;
  private readonly normaliseChannel: (raw: string) => Ticket['channel'];
  private readonly zone: TimeZone | undefined;

  constructor(
    private readonly file: string,
    private readonly header: readonly string[],
    private readonly layout: Layout,
    private readonly format: TicketFormat,
  ) {
    this.missing = new Set(['', ...format.missing]);
    this.normaliseChannel = channelNormaliser(format.channels);
    this.zone = format.timeZone === undefined ? undefined : new TimeZone(format.timeZone);
  }

  private cell(record: CsvRecord, field: TicketField): string {
    const index = this.layout[field];
    if (index === -1) return '';
    const value = record.fields[index] ?? '';
    return this.missing.has(value) || this.missing.has(value.trim()) ? '' : value;
  }

  private fail(record: CsvRecord, field: TicketField, detail: string, reason: string): never {
    throw new InputError({ file: this.file, line: startLine(record), column: this.header[this.layout[field]] }, detail, reason);
  }

  private date(record: CsvRecord, field: TicketField, text: string): { utcMs: number; localMs: number } {
    const parsed = parseDate(text, this.format.dateFormat, this.zone);
    if (typeof parsed === 'string') {
      const isRange = parsed === 'out of range';
      this.fail(
        record,
        field,
        `expected a date like ${DATE_EXAMPLES[this.format.dateFormat]}${isRange ? ' within range' : ''}, got ${quoteFound(text)}`,
        isRange ? 'date out of range' : 'unparseable date',
      );
    }
    return parsed;
  }

  private count(record: CsvRecord, field: TicketField): number {
    const text = this.cell(record, field);
    if (text === '') return NaN;
    const value = parseNumber(text);
    if (Number.isNaN(value) || value < 0) this.fail(record, field, `expected a count ≥ 0, got ${quoteFound(text)}`, 'not a number');
    return value;
  }

  private duration(record: CsvRecord, field: TicketField): number {
    const text = this.cell(record, field);
    if (text === '') return NaN;
    const minutes = this.format.durationUnit === 'hours' ? parseHoursToMinutes(text) : parseNumber(text);
    if (Number.isNaN(minutes)) {
      const expected = this.format.durationUnit === 'hours' ? 'hours as HH:MM:SS or a decimal' : 'a number of minutes';
      this.fail(record, field, `expected ${expected}, got ${quoteFound(text)}`, 'not a number');
    }
    if (minutes < 0) this.fail(record, field, `expected a duration ≥ 0, got ${quoteFound(text)}`, 'negative duration');
    return minutes;
  }

  /** Fills `t` from `record`. Returns false (no error) when the row has no organisation. */
  decode(record: CsvRecord, t: Ticket): boolean {
    if (record.fields.length !== this.header.length) {
      throw new InputError(
        { file: this.file, line: startLine(record) },
        `expected ${this.header.length} fields as in the header, found ${record.fields.length}`,
        'wrong number of fields',
      );
    }
    const created = this.cell(record, 'created_at');
    if (created === '') this.fail(record, 'created_at', 'expected a creation date, got an empty value', 'missing creation date');
    const createdAt = this.date(record, 'created_at', created);
    t.createdUtcMs = createdAt.utcMs;
    t.createdLocalMs = createdAt.localMs;

    const solved = this.cell(record, 'solved_at');
    let solvedUtcMs = NaN;
    t.solvedLocalMs = NaN;
    if (solved !== '') {
      const solvedAt = this.date(record, 'solved_at', solved);
      solvedUtcMs = solvedAt.utcMs;
      t.solvedLocalMs = solvedAt.localMs;
    }
    let resolution = this.duration(record, 'full_resolution_minutes');
    if (Number.isNaN(resolution) && !Number.isNaN(solvedUtcMs)) {
      resolution = (solvedUtcMs - t.createdUtcMs) / 60_000;
      if (resolution < 0) {
        this.fail(record, 'solved_at', `solved before created: ${quoteFound(solved)} is earlier than ${quoteFound(created)}`, 'solved before created');
      }
    }
    t.resolutionMinutes = resolution;
    t.firstReplyMinutes = this.duration(record, 'first_reply_minutes');

    const ratingText = this.cell(record, 'satisfaction');
    const rating = parseRating(ratingText);
    if (rating === undefined) {
      this.fail(record, 'satisfaction', `expected Good, Bad, Offered, Not Offered or a 1–5 rating, got ${quoteFound(ratingText)}`, 'unknown satisfaction value');
    }
    t.rating = rating === 'good' ? Rated.good : rating === 'bad' ? Rated.bad : Rated.unrated;
    t.replies = this.count(record, 'replies');
    t.reopens = this.count(record, 'reopens');
    t.assignee = this.cell(record, 'assignee').trim();
    t.id = this.cell(record, 'ticket_id').trim();
    t.channel = this.normaliseChannel(this.cell(record, 'channel'));
    t.organization = this.cell(record, 'organization').trim();
    return t.organization !== '';
  }
}

function blankTicket(): Ticket {
  return {
    id: '',
    organization: '',
    channel: 'other',
    createdUtcMs: NaN,
    createdLocalMs: NaN,
    solvedLocalMs: NaN,
    firstReplyMinutes: NaN,
    resolutionMinutes: NaN,
    rating: Rated.unrated,
    replies: NaN,
    reopens: NaN,
    assignee: '',
  };
}

/**
 * Reads ticket exports into per-organisation accumulators in one streaming pass per file. A bad row stops
 * the run with an InputError unless `isSkipInvalid`, in which case it is counted by reason. Rows without an
 * organisation, and event-log rows superseded by a later row of the same ticket, are counted as rejects too.
 */
export async function ingestTickets(files: readonly string[], options: TicketIngestOptions): Promise<TicketIngest> {
  const accounting = new Accounting();
  const formats: { file: string; format: string }[] = [];
  let accumulator: TicketAccumulator | undefined;
  // For event logs: the latest row per ticket id, folded in once every file is read.
  const latest = new Map<string, { ticket: Ticket; where: string }>();
  // Without dedupe one ticket object is reused for every row: the accumulators copy what they keep.
  const scratch = blankTicket();

  for (const file of files) {
    let decoder: RowDecoder | undefined;
    let format: TicketFormat | undefined;
    let nData = 0;
    for await (const record of readCsv(file)) {
      if (decoder === undefined || format === undefined) {
        format = options.formatFor(file, record.fields);
        decoder = new RowDecoder(file, record.fields, resolveLayout(file, record.fields, format), format);
        accumulator ??= new TicketAccumulator({ isCalendarTime: format.isCalendarTime });
        formats.push({ file, format: format.name });
        continue;
      }
      nData++;
      accounting.rowsRead++;
      const ticket = format.dedupe === 'last-by-id' ? blankTicket() : scratch;
      let hasOrganization: boolean;
      try {
        hasOrganization = decoder.decode(record, ticket);
      } catch (error) {
        if (!(error instanceof InputError) || !options.isSkipInvalid) throw error;
        accounting.reject(error.reason, `${file}:${error.location.line ?? startLine(record)}`);
        continue;
      }
      const where = `${file}:${startLine(record)}`;
      if (format.dedupe === 'last-by-id') {
        const previous = latest.get(ticket.id);
        if (previous) accounting.reject('superseded by a later row of the same ticket', previous.where);
        latest.set(ticket.id, { ticket, where });
        continue;
      }
      if (!hasOrganization) {
        accounting.reject('no organization', where);
        continue;
      }
      accounting.rowsUsed++;
      accumulator!.add(ticket);
    }
    if (decoder === undefined) throw new InputError({ file }, 'the file is empty: expected a header row and ticket rows', 'empty file');
    if (nData === 0) throw new InputError({ file, line: 1 }, 'the file has a header but no data rows', 'header only');
  }
  for (const { ticket, where } of latest.values()) {
    if (ticket.organization === '') {
      accounting.reject('no organization', where);
      continue;
    }
    accounting.rowsUsed++;
    accumulator!.add(ticket);
  }
  return { accumulator: accumulator!, accounting, formats };
}

