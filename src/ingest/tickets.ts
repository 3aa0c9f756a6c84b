// Ticket ingest: one pass over each export's bytes, each row decoded, validated and folded into the run's
// accumulator. A large plain file is read in ranges on several threads (ranges.ts); anything else in order
// here. Both read rows the same way (file-rows.ts).

import { InputError, quoteFound } from '../errors.js';
import { TicketAccumulator } from '../metrics/accumulator.js';
import { BATCH_ROWS } from '../metrics/layout.js';
import { TicketBatch } from '../metrics/ticket-batch.js';
import { Accounting } from './accounting.js';
import type { Fields } from './csv-scanner.js';
import { FileRows, scanFile, type FileRowsOptions } from './file-rows.js';
import { isOutsideWindow, OUTSIDE_WINDOW, type TicketFormat } from './formats.js';
import { EventLog, type CaseTicket, type EventLogOptions, type LogTicket } from './event-log.js';
import { TicketIdSet } from './id-set.js';
import { LatestRows } from './latest-rows.js';
import { MessageLog } from './message-log.js';
import { checkHeaderText } from './layout.js';
import { readInRanges } from './ranges.js';
import { knownSize } from './sources.js';

export interface TicketIngestOptions {
  /** Picks the format of a file from its header (a forced preset or mapping ignores the header's look). */
  formatFor: (file: string, header: readonly string[]) => TicketFormat;
  isSkipInvalid: boolean;
  /** Time zone for timestamps without an offset (--tz); overrides the mapping file's. */
  timeZone?: string;
  /** Called as bytes are consumed, for progress. */
  onProgress?: (file: string, bytes: number, rows: number) => void;
  /** Threads for a large plain file (this one and nThreads − 1 workers share its ranges); threads.ts decides it. */
  nThreads: number;
}

export interface TicketIngest {
  accumulator: TicketAccumulator;
  accounting: Accounting;
  /** The format each file was read with, in input order. */
  formats: { file: string; format: string }[];
  /** What the reading noticed that the user should know (an export that looks like an event log). */
  warnings: string[];
  /** For event logs: how many events made how many tickets, and how (a mapping's `events`). */
  eventLog?: EventLogOptions & { events: number; tickets: number };
  /** For message logs: how many messages made how many conversations (tickets), and how. */
  messageLog?: { messages: number; conversations: number; attributesFrom: 'first' | 'first-outbound' };
}

/** The reason a row of a ticket read again later is counted under (dedupe last-by-id). */
const SUPERSEDED = 'superseded by a later row of the same ticket';

/** Splits FILE:LINE (a file name may hold colons). */
function splitWhere(where: string): { file: string; line: number } {
  const at = where.lastIndexOf(':');
  return { file: where.slice(0, at), line: Number(where.slice(at + 1)) };
}

/**
 * Reads ticket exports into per-organisation accumulators in one streaming pass per file; the same
 * organisation in several files is one organisation. A bad row stops the run with an InputError unless
 * `isSkipInvalid`, in which case it is counted by reason. Rows without an organisation, and event-log rows
 * superseded by a later row of the same ticket, are counted as rejects too.
 */
export async function ingestTickets(files: readonly string[], options: TicketIngestOptions): Promise<TicketIngest> {
  const accounting = new Accounting();
  const formats: { file: string; format: string }[] = [];
  let accumulator: TicketAccumulator | undefined;
  // For exports read with dedupe last-by-id: the latest row per ticket id, folded in once every file is read.
  const latest = new LatestRows();
  const ids = new TicketIdSet();
  // For event and message logs: every row of every file, collapsed into tickets once all are read.
  let eventLog: EventLog | undefined;
  let messageLog: MessageLog | undefined;
  let logFormat: TicketFormat | undefined;
  for (const file of files) {
    const size = knownSize(file);
    if (size !== undefined) {
      const read = await readInRanges({ file, size, nThreads: options.nThreads, accumulator, ids, accounting, formatFor: options.formatFor, isSkipInvalid: options.isSkipInvalid, timeZone: options.timeZone, onProgress: options.onProgress });
      if (read !== undefined) {
        accumulator = read.accumulator;
        formats.push({ file, format: read.format });
        continue;
      }
    }
    let nData = 0;
    const counts = {
      read: (n: number): void => {
        nData += n;
        accounting.rowsRead += n;
      },
      used: (n: number): void => void (accounting.rowsUsed += n),
      reject: (reason: string, line: number): void => accounting.reject(reason, `${file}:${line}`),
    };
    /** The header makes the file's rows: its format, the run's accumulator if this is the first file, the decoders. */
    const rowsFor = (f: Fields): FileRows => {
      checkHeaderText(file, f);
      const header = f.texts();
      const format = options.formatFor(file, header);
      accumulator ??= new TicketAccumulator({ isCalendarTime: format.isCalendarTime });
      formats.push({ file, format: format.name });
      // Rows that become tickets once every file is read: the last row per ticket, an event log, a message log.
      let keep: FileRowsOptions['keep'];
      let keepLatest: FileRowsOptions['keepLatest'];
      if (format.dedupe === 'last-by-id') {
        keepLatest = (id, start, end, batch, r, hasOrganization, line) => {
          if (latest.keep(id, start, end, batch, r, hasOrganization, file, line, format)) accounting.rejectLazily(SUPERSEDED, () => latest.supersededWhere());
        };
      } else if (format.events !== undefined) {
        const log = (eventLog ??= new EventLog(format.events));
        logFormat = format;
        keep = (rows, batch, r, hasOrganization, line) => log.add(rows.lastId, rows.eventUtcMs, rows.eventLocalMs, rows.eventStatus, rows.eventSequence, batch.row(r), hasOrganization, `${file}:${line}`);
      } else if (format.messages !== undefined) {
        const log = (messageLog ??= new MessageLog(format.messages.attributesFrom ?? 'first'));
        logFormat = format;
        keep = (rows, batch, r, hasOrganization, line) => log.add(rows.messageId, rows.inReplyTo, rows.conversationId, rows.eventUtcMs, rows.eventLocalMs, rows.isInbound, batch.row(r), hasOrganization, `${file}:${line}`);
      }
      return new FileRows(file, header, format, accumulator, ids, counts, { isSkipInvalid: options.isSkipInvalid, timeZone: options.timeZone, keep, keepLatest });
    };
    let isFirstChunk = true;
    let scan: Awaited<ReturnType<typeof scanFile>>;
    try {
      scan = await scanFile(file, rowsFor, {
        onChunk: (bytesDone) => {
          options.onProgress?.(file, bytesDone, accounting.rowsRead);
          // Room in the accumulator for the rows the bytes left will hold at the first chunk's rate, a tenth more.
          if (isFirstChunk && size !== undefined && nData > 0) accumulator!.expectRows((1.1 * (size - bytesDone) * nData) / bytesDone);
          isFirstChunk = false;
        },
      });
    } finally {
      // The counters and ticket ids leave this file's kernel (the next file has its own).
      accumulator?.releaseCounts();
      ids.release();
    }
    options.onProgress?.(file, scan.bytesDone, accounting.rowsRead);
    if (scan.rows === undefined) throw new InputError({ file }, 'the file is empty: expected a header row and ticket rows', 'empty file');
    if (nData === 0) throw new InputError({ file, line: 1 }, 'the file has a header but no data rows', 'header only');
  }
  // Each ticket's latest row, counted now, a batch at a time.
  const batch = TicketBatch.create(BATCH_ROWS);
  let n = 0;
  const fold = (): void => {
    accounting.rowsUsed += accumulator!.addBatch(batch, n);
    n = 0;
  };
  const rows = latest.batch;
  for (let slot = 0; slot < latest.size; slot++) {
    if (!latest.hasOrganizationAt(slot)) accounting.rejectLazily('no organization', () => latest.whereAt(slot));
    else if (isOutsideWindow(latest.formatAt(slot), rows.createdUtc[slot]!)) accounting.rejectLazily(OUTSIDE_WINDOW, () => latest.whereAt(slot));
    else {
      batch.copyRow(n++, rows, slot);
      if (n === BATCH_ROWS) fold();
    }
  }
  if (n > 0) fold();
  const warnings: string[] = [];
  const superseded = accounting.rejects.get(SUPERSEDED)?.count ?? 0;
  if (latest.size > 0 && superseded >= latest.size) {
    warnings.push(
      `${superseded + latest.size} rows for ${latest.size} tickets (${((superseded + latest.size) / latest.size).toFixed(1)} a ticket): this looks like an event log, and "dedupe": "last-by-id" keeps only each ticket's last row, so solve times and reopens are whatever that row says; a mapping's "events" makes each ticket from its status changes (docs/inputs.md, "Event logs")`,
    );
  }
  // A log's tickets (cases, conversations), a batch at a time; the rows of each are used or rejected together.
  const foldLog = (tickets: Iterable<LogTicket>): void => {
    for (const t of tickets) {
      if (t.rejected !== undefined) accounting.rejectMany(t.rejected.reason, t.rows, t.rejected.where);
      else if (!t.hasOrganization) accounting.rejectMany('no organization', t.rows, t.where);
      else if (isOutsideWindow(logFormat!, t.row.createdUtcMs)) accounting.rejectMany(OUTSIDE_WINDOW, t.rows, t.where);
      else {
        batch.setRow(n++, t.row);
        accounting.rowsUsed += t.rows;
        if (n === BATCH_ROWS) {
          accumulator!.addBatch(batch, n);
          n = 0;
        }
      }
    }
    if (n > 0) accumulator!.addBatch(batch, n);
    n = 0;
  };
  if (messageLog !== undefined) {
    foldLog(messageLog.collapse());
    return { accumulator: accumulator!, accounting, formats, warnings, messageLog: { messages: messageLog.messages, conversations: messageLog.conversations, attributesFrom: messageLog.attributesFrom } };
  }
  if (eventLog !== undefined) {
    foldLog(options.isSkipInvalid ? eventLog.collapse() : solvedAfterCreated(eventLog.collapse()));
    return { accumulator: accumulator!, accounting, formats, warnings, eventLog: { ...eventLog.options, events: eventLog.events, tickets: eventLog.tickets } };
  }
  return { accumulator: accumulator!, accounting, formats, warnings };
}

/** A log's cases, the first one solved before it was created thrown as bad input naming its solved and first events. */
function* solvedAfterCreated(cases: Iterable<CaseTicket>): Generator<CaseTicket> {
  for (const t of cases) {
    if (t.solvedBeforeCreated !== undefined) {
      const at = splitWhere(t.rejected!.where);
      const created = splitWhere(t.solvedBeforeCreated.createdWhere);
      const createdAt = created.file === at.file ? `line ${created.line}` : t.solvedBeforeCreated.createdWhere;
      throw new InputError(
        at,
        `case ${quoteFound(t.solvedBeforeCreated.id)} is solved before it was created: this solved event is ${(-t.row.resolutionMinutes / 60).toFixed(2)} h before the creation time of its first event (${createdAt})`,
        'solved before created',
      );
    }
    yield t;
  }
}
