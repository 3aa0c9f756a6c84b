// The row decoder: one record into a ticket, reading plain cells straight from the bytes and falling back to
// the string parsers (which word the errors) for anything unusual. Every row the batch decoder does not take
// comes here, so its messages are the run's.

import { InputError, quoteFound } from '../errors.js';
import { findColumn } from './layout.js';
import { cellTest } from './where.js';
import { CHANNEL_INDEX, Rated } from '../metrics/accumulator.js';
import type { TicketBatch } from '../metrics/ticket-batch.js';

/** How names become numbers: the run's accumulator numbers organisations, agents and requesters. */
export interface Numbering {
  orgId(name: string): number;
  agentId(name: string): number;
  /** The agents' numbering by the bytes of their names, for the batch decoder (agentId numbers their text). */
  readonly agentNumbers: BytesNumbers;
  requesterId(name: string): number;
}
import { BytesTable, CellTextError, type BytesNumbers, dateFromBytes, decimalFromBytes, isOneOf, textProblem, type DateOut } from './bytes.js';
import { channelNormaliser } from './channels.js';
import type { Fields } from './csv-scanner.js';
import { DATE_RANGE, TimeZone, dateExample, parseDate } from './dates.js';
import type { TicketField } from './fields.js';
import type { TicketFormat } from './formats.js';
import type { TicketIdSet } from './id-set.js';
import type { Layout } from './layout.js';
import { parseHoursToMinutes, parseNumber, parseRating } from './values.js';

const OTHER_CHANNEL = CHANNEL_INDEX.other;
const SPACE = 0x20;
const TAB = 0x09;
const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);

/** Whether bytes [s, e) are all printable ASCII (0x21–0x7e inside, so nothing a trim could take). */
function isPlainAscii(bytes: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const b = bytes[i]!;
    if (b > 0x7e || (b < 0x20 && b !== 0x09)) return false;
  }
  return true;
}

/**
 * Decodes rows of one file into tickets, reading plain cells straight from the bytes and falling back to the
 * string parsers (which word the errors) for anything unusual. Throws InputError with line and column.
 */
export class RowDecoder {
  private readonly missingTokens: Uint8Array[];
  private readonly missingTexts: Set<string>;
  readonly zone: TimeZone | undefined;
  private readonly organizations: BytesTable<number>;
  /** Every row's organisation when the unit is the file (--by file). */
  private readonly constantOrg: number | undefined;
  private readonly assignees: BytesTable<number>;
  private readonly requesters: BytesTable<number>;
  private readonly ids: TicketIdSet | undefined;
  private readonly channels: BytesTable<number>;
  private readonly ratings = new BytesTable<Rated | -1>((text) => {
    const rating = parseRating(text);
    return rating === undefined ? -1 : rating === 'good' ? Rated.good : rating === 'bad' ? Rated.bad : Rated.unrated;
  });
  private readonly date: DateOut = { utcMs: 0, localMs: 0 };
  // Trimmed range of the current cell.
  private s = 0;
  private e = 0;

  constructor(
    private readonly file: string,
    private readonly header: readonly string[],
    private readonly layout: Layout,
    private readonly format: TicketFormat,
    timeZone: string | undefined,
    numbering: Numbering,
    /** Ticket ids seen so far (across files), for exports that hold each ticket once. */
    ids?: TicketIdSet,
  ) {
    const orgId = (name: string): number => numbering.orgId(name);
    // Event logs hold several rows per ticket: their ids are not checked for repeats.
    this.ids = format.dedupe === 'none' && format.events === undefined && format.messages === undefined ? ids : undefined;
    this.organizations = new BytesTable((text) => {
      const name = text.trim();
      return name === '' ? -1 : orgId(name);
    });
    this.constantOrg = format.constantOrganization === undefined ? undefined : orgId(format.constantOrganization);
    const { channel, assignee } = format.constants;
    this.missingTexts = new Set(['', ...format.missing]);
    this.missingTokens = format.missing.map((token) => encoder.encode(token));
    const zoneName = timeZone ?? format.timeZone;
    this.zone = zoneName === undefined ? undefined : new TimeZone(zoneName);
    const normalise = channelNormaliser(format.channels);
    this.channels = new BytesTable((text) => CHANNEL_INDEX[normalise(this.missingTexts.has(text.trim()) ? '' : text)]);
    this.assignees = new BytesTable((text) => (text.trim() === '' ? -1 : numbering.agentId(text.trim())));
    this.requesters = new BytesTable((text) => (text.trim() === '' ? -1 : numbering.requesterId(text.trim())));
    this.constantChannel = channel === undefined ? undefined : CHANNEL_INDEX[normalise(channel)];
    const inbound = format.messages?.inbound;
    if (inbound !== undefined) this.inboundTest = { column: findColumn(file, header, inbound.column, 'messages.inbound tests'), test: cellTest(inbound) };
    const sequence = format.events?.sequence;
    if (sequence !== undefined) this.sequenceColumn = findColumn(file, header, sequence, 'events.sequence names');
    this.constantAgent = assignee === undefined ? undefined : numbering.agentId(assignee.trim());
  }

  /** Every row's channel and agent when the mapping gives them as constants. */
  private readonly constantChannel: number | undefined;
  private readonly constantAgent: number | undefined;

  /** Sets s..e to the cell's trimmed bytes; false when the column is absent or the cell is empty or a missing token. */
  private locate(f: Fields, field: TicketField): boolean {
    const index = this.layout[field];
    if (index === -1 || index >= f.count) return false;
    let s = f.starts[index]!;
    let e = f.ends[index]!;
    const bytes = f.bytes;
    while (s < e && (bytes[s] === SPACE || bytes[s] === TAB)) s++;
    while (e > s && (bytes[e - 1] === SPACE || bytes[e - 1] === TAB)) e--;
    if (s === e || isOneOf(bytes, s, e, this.missingTokens)) return false;
    this.s = s;
    this.e = e;
    return true;
  }

  private text(f: Fields, field: TicketField): string {
    return f.text(this.layout[field]);
  }

  private fail(f: Fields, field: TicketField, detail: string, reason: string): never {
    throw new InputError({ file: this.file, line: f.line, column: this.header[this.layout[field]] }, detail, reason);
  }

  /** Reads a date cell into this.date. */
  private readDate(f: Fields, field: TicketField): void {
    const index = this.layout[field];
    if (f.quoting[index] !== 2 && dateFromBytes(f.bytes, this.s, this.e, this.format.dateFormat, this.zone, this.date)) return;
    const text = this.text(f, field).trim();
    const parsed = parseDate(text, this.format.dateFormat, this.zone);
    if (typeof parsed === 'string') {
      const isRange = parsed === 'out of range';
      this.fail(
        f,
        field,
        `expected a date like ${dateExample(this.format.dateFormat)}${isRange ? ` within range (${DATE_RANGE})` : ''}, got ${quoteFound(text)}`,
        isRange ? 'date out of range' : 'unparseable date',
      );
    }
    this.date.utcMs = parsed.utcMs;
    this.date.localMs = parsed.localMs;
  }

  private count(f: Fields, field: TicketField): number {
    if (!this.locate(f, field)) return NaN;
    let value = decimalFromBytes(f.bytes, this.s, this.e);
    if (Number.isNaN(value)) value = parseNumber(this.text(f, field));
    if (Number.isNaN(value) || value < 0) this.fail(f, field, `expected a count ≥ 0, got ${quoteFound(this.text(f, field))}`, 'not a number');
    return value;
  }

  private duration(f: Fields, field: TicketField): number {
    if (!this.locate(f, field)) return NaN;
    let minutes: number;
    if (this.format.durationUnit === 'hours') {
      const hours = decimalFromBytes(f.bytes, this.s, this.e);
      minutes = Number.isNaN(hours) ? parseHoursToMinutes(this.text(f, field)) : hours * 60;
    } else {
      minutes = decimalFromBytes(f.bytes, this.s, this.e);
      if (Number.isNaN(minutes)) minutes = parseNumber(this.text(f, field));
    }
    if (Number.isNaN(minutes)) {
      const expected = this.format.durationUnit === 'hours' ? 'hours as HH:MM:SS or a decimal' : 'a number of minutes';
      this.fail(f, field, `expected ${expected}, got ${quoteFound(this.text(f, field))}`, 'not a number');
    }
    if (minutes < 0) this.fail(f, field, `expected a duration ≥ 0, got ${quoteFound(this.text(f, field))}`, 'negative duration');
    return minutes;
  }

  /** The case id of the row decoded last, for event logs. */
  lastId = '';
  /** For dedupe last-by-id: the ticket id of the row decoded last, as bytes [idStart, idEnd) of idBytes (empty: none). */
  idBytes: Uint8Array = EMPTY;
  idStart = 0;
  idEnd = 0;
  /** For event logs: the time (UTC, local) and status of the row decoded last. */
  eventUtcMs = NaN;
  eventLocalMs = NaN;
  eventStatus = '';
  eventSequence = NaN;
  /** The row's due time (UTC ms; NaN without one), where the export has due_at. */
  dueUtcMs = NaN;
  /** For message logs: the row's message id, the message it answers, its conversation, and whether it is inbound. */
  messageId = '';
  inReplyTo = '';
  conversationId = '';
  isInbound = false;
  private readonly inboundTest: { column: number; test: (text: string) => boolean } | undefined;
  /** The column of the event log's sequence (events.sequence), or -1. */
  private sequenceColumn = -1;

  /** The row's `timestamp` (an event's or a message's time) into eventUtcMs and eventLocalMs; an empty one is bad input. */
  private readEventTime(f: Fields, what: string, reason: string): void {
    if (!this.locate(f, 'timestamp')) this.fail(f, 'timestamp', `expected ${what}, got an empty value`, reason);
    this.readDate(f, 'timestamp');
    this.eventUtcMs = this.date.utcMs;
    this.eventLocalMs = this.date.localMs;
  }

  /**
   * Decodes the record into row r of `batch` and marks it to be counted; returns false (no error, the row left
   * uncounted) when it has no organisation. Throws InputError, the row left uncounted, when a cell is bad.
   */
  decode(f: Fields, batch: TicketBatch, r: number): boolean {
    if (f.count !== this.header.length) {
      throw new InputError({ file: this.file, line: f.line }, `expected ${this.header.length} fields as in the header, found ${f.count}`, 'wrong number of fields');
    }
    batch.slow[r] = 1;
    const isEventLog = this.format.events !== undefined;
    const isMessageLog = this.format.messages !== undefined;
    if (isMessageLog) {
      const cell = (field: TicketField): string => (this.locate(f, field) ? this.text(f, field).trim() : '');
      this.messageId = cell('message_id');
      this.inReplyTo = cell('in_reply_to');
      this.conversationId = cell('conversation_id');
      this.readEventTime(f, "the message's time", 'missing message time');
      const test = this.inboundTest!;
      this.isInbound = test.test(test.column < f.count ? f.text(test.column).trim() : '');
    }
    if (isEventLog) {
      // The event's id, time and status first: a row without them is no event.
      if (!this.locate(f, 'ticket_id')) this.fail(f, 'ticket_id', 'expected the case id of the event, got an empty value', 'missing ticket id');
      this.lastId = this.text(f, 'ticket_id').trim();
      this.readEventTime(f, "the event's time", 'missing event time');
      this.eventStatus = this.locate(f, 'status') ? this.text(f, 'status').trim() : '';
      if (this.sequenceColumn !== -1) {
        const text = f.text(this.sequenceColumn).trim();
        this.eventSequence = text === '' || this.missingTexts.has(text) ? NaN : parseNumber(text);
        if (text !== '' && !this.missingTexts.has(text) && Number.isNaN(this.eventSequence)) {
          throw new InputError({ file: this.file, line: f.line, column: this.header[this.sequenceColumn] }, `expected a number ordering the case's events, got ${quoteFound(text)}`, 'not a number');
        }
      }
    }
    // An event log without a created_at column: the event's time (the case's first event gives its creation).
    const createdField: TicketField = (isEventLog && this.layout.created_at === -1) || isMessageLog ? 'timestamp' : 'created_at';
    if (!this.locate(f, createdField)) this.fail(f, createdField, 'expected a creation date, got an empty value', 'missing creation date');
    this.readDate(f, createdField);
    const createdUtcMs = this.date.utcMs;
    batch.createdUtc[r] = createdUtcMs;
    batch.createdLocal[r] = this.date.localMs;

    let solvedUtcMs = NaN;
    let solvedLocalMs = NaN;
    if (this.locate(f, 'solved_at')) {
      this.readDate(f, 'solved_at');
      solvedUtcMs = this.date.utcMs;
      solvedLocalMs = this.date.localMs;
    }
    batch.solvedUtc[r] = solvedUtcMs;
    batch.solvedLocal[r] = solvedLocalMs;
    let resolution = this.duration(f, 'full_resolution_minutes');
    if (Number.isNaN(resolution) && !Number.isNaN(solvedUtcMs)) {
      resolution = (solvedUtcMs - createdUtcMs) / 60_000;
      if (resolution < 0) {
        const solved = this.text(f, 'solved_at').trim();
        const created = this.text(f, 'created_at').trim();
        this.fail(f, 'solved_at', `solved before created: ${quoteFound(solved)} is earlier than ${quoteFound(created)}`, 'solved before created');
      }
    }
    batch.resolution[r] = resolution;
    batch.firstReply[r] = this.duration(f, 'first_reply_minutes');
    this.dueUtcMs = NaN;
    if (this.layout.due_at !== -1 && this.locate(f, 'due_at')) {
      this.readDate(f, 'due_at');
      this.dueUtcMs = this.date.utcMs;
    }

    let rating: Rated | -1 = Rated.unrated;
    if (this.locate(f, 'satisfaction')) {
      rating = this.intern(f, 'satisfaction', this.ratings);
      if (rating === -1) {
        this.fail(f, 'satisfaction', `expected Good, Bad, Offered, Not Offered or a 1–5 rating, got ${quoteFound(this.text(f, 'satisfaction'))}`, 'unknown satisfaction value');
      }
    }
    batch.rating[r] = rating;
    batch.replies[r] = this.count(f, 'replies');
    batch.reopens[r] = this.count(f, 'reopens');
    batch.assignee[r] = this.constantAgent ?? (this.locate(f, 'assignee') ? this.intern(f, 'assignee', this.assignees) : -1);
    batch.requester[r] = this.locate(f, 'requester') ? this.intern(f, 'requester', this.requesters) : -1;
    if (!isEventLog && this.format.dedupe === 'last-by-id') {
      // The id as bytes (unquoted when it was quoted with doubled quotes inside), for LatestRows.
      if (!this.locate(f, 'ticket_id')) {
        this.idBytes = EMPTY;
        this.idStart = this.idEnd = 0;
      } else if (f.quoting[this.layout.ticket_id] === 2 || !isPlainAscii(f.bytes, this.s, this.e)) {
        // Doubled quotes, or bytes beyond plain ASCII (whitespace String.trim takes off, text that is not
        // UTF-8): the id as text, trimmed, as bytes again.
        this.idBytes = encoder.encode(this.text(f, 'ticket_id').trim());
        this.idStart = 0;
        this.idEnd = this.idBytes.length;
      } else {
        this.idBytes = f.bytes;
        this.idStart = this.s;
        this.idEnd = this.e;
      }
    }
    batch.channel[r] = this.constantChannel ?? (this.locate(f, 'channel') ? this.intern(f, 'channel', this.channels) : OTHER_CHANNEL);
    const orgId = this.constantOrg ?? (this.locate(f, 'organization') ? this.intern(f, 'organization', this.organizations) : -1);
    batch.org[r] = orgId;
    if (this.ids !== undefined && this.locate(f, 'ticket_id') && !this.ids.add(f.bytes, this.s, this.e, () => this.text(f, 'ticket_id').trim())) {
      this.fail(
        f,
        'ticket_id',
        `ticket ${quoteFound(this.text(f, 'ticket_id').trim())} appears a second time: an export holds each ticket once (an event log, with a row per update: a mapping file's "events" makes each ticket from its updates; see docs/inputs.md, "Event logs")`,
        'duplicate ticket id',
      );
    }
    if (orgId === -1) return false;
    batch.slow[r] = 0;
    return true;
  }

  /** The located cell through an interning table (quoted cells with escapes are decoded first). */
  private intern<T>(f: Fields, field: TicketField, table: BytesTable<T>): T {
    try {
      if (f.quoting[this.layout[field]] === 2) {
        const bytes = encoder.encode(this.text(f, field).trim());
        const index = this.layout[field];
        const problem = textProblem(f.bytes, f.starts[index]!, f.ends[index]!);
        if (problem !== null) throw new CellTextError(problem);
        return table.get(bytes, 0, bytes.length);
      }
      return table.get(f.bytes, this.s, this.e);
    } catch (error) {
      if (!(error instanceof CellTextError)) throw error;
      this.fail(f, field, `expected text, got ${error.message} in ${quoteFound(this.text(f, field).trim())}`, 'not text');
    }
  }
}
