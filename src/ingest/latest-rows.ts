// The last row of each ticket, for exports that repeat a ticket on several rows (a mapping's "dedupe":
// "last-by-id"): kept in columns (a growing ticket batch), a slot per ticket in the order tickets are first
// seen, with where each row is (file and line) for the accounting; no object per row.

import { TicketBatch } from '../metrics/ticket-batch.js';
import { BytesNumbers, isText } from './bytes.js';
import type { TicketFormat } from './formats.js';

const decoder = new TextDecoder();

export class LatestRows {
  /** Ticket ids that are text, numbered by their bytes (no string is made of them), and each one's slot. */
  private readonly ids = new BytesNumbers();
  private slotOfId = new Int32Array(1 << 14);
  /** Slots taken: a new id takes the next one. */
  private nSlots = 0;
  private rows = TicketBatch.create(1 << 14);
  private hasOrganization = new Uint8Array(1 << 14);
  private fileOf = new Int32Array(1 << 14);
  private lineOf = new Int32Array(1 << 14);
  private readonly formatOf: TicketFormat[] = [];
  private readonly files: string[] = [];
  /** Where the row the last keep() superseded was. */
  private supersededFile = 0;
  private supersededLine = 0;

  get size(): number {
    return this.nSlots;
  }

  /**
   * Row r of `batch` (at `line` of `file`) as the latest of the ticket whose id is bytes [start, end) of `id`
   * (the id as written, trimmed); true when it supersedes an earlier row.
   */
  keep(id: Uint8Array, start: number, end: number, batch: TicketBatch, r: number, hasOrganization: boolean, file: string, line: number, format: TicketFormat): boolean {
    let fileIndex = this.files.length - 1;
    if (this.files[fileIndex] !== file) fileIndex = this.files.push(file) - 1;
    const before = this.nSlots;
    const slot = this.slotOf(id, start, end);
    const isSuperseding = this.nSlots === before;
    if (!isSuperseding) {
      if (slot === this.rows.capacity) this.grow();
    } else {
      this.supersededFile = this.fileOf[slot]!;
      this.supersededLine = this.lineOf[slot]!;
    }
    this.rows.copyRow(slot, batch, r);
    this.hasOrganization[slot] = hasOrganization ? 1 : 0;
    this.fileOf[slot] = fileIndex;
    this.lineOf[slot] = line;
    this.formatOf[slot] = format;
    return isSuperseding;
  }

  /** Ids that are not text (a NUL, bytes that are not UTF-8), which the bytes table does not take, by their decoding. */
  private odd: Map<string, number> | undefined;

  private slotOf(id: Uint8Array, start: number, end: number): number {
    const known = this.ids.find(id, start, end);
    if (known !== -1) return this.slotOfId[known]!;
    if (!isText(id, start, end)) {
      this.odd ??= new Map();
      const key = decoder.decode(id.subarray(start, end));
      let slot = this.odd.get(key);
      if (slot === undefined) this.odd.set(key, (slot = this.nSlots++));
      return slot;
    }
    // The id `find` missed: added, with the next slot.
    const added = this.ids.add(id, start, end);
    if (added === this.slotOfId.length) {
      const grown = new Int32Array(added * 2);
      grown.set(this.slotOfId);
      this.slotOfId = grown;
    }
    return (this.slotOfId[added] = this.nSlots++);
  }

  /** FILE:LINE of the row the last keep() superseded. */
  supersededWhere(): string {
    return `${this.files[this.supersededFile]!}:${this.supersededLine}`;
  }

  private grow(): void {
    const rows = this.rows.capacity * 2;
    this.rows = this.rows.grown(rows);
    const hasOrganization = new Uint8Array(rows);
    hasOrganization.set(this.hasOrganization);
    this.hasOrganization = hasOrganization;
    const fileOf = new Int32Array(rows);
    fileOf.set(this.fileOf);
    this.fileOf = fileOf;
    const lineOf = new Int32Array(rows);
    lineOf.set(this.lineOf);
    this.lineOf = lineOf;
  }

  /** The rows, a slot per ticket in the order tickets were first seen (slots 0 … size − 1). */
  get batch(): TicketBatch {
    return this.rows;
  }

  hasOrganizationAt(slot: number): boolean {
    return this.hasOrganization[slot] === 1;
  }

  formatAt(slot: number): TicketFormat {
    return this.formatOf[slot]!;
  }

  whereAt(slot: number): string {
    return `${this.files[this.fileOf[slot]!]!}:${this.lineOf[slot]!}`;
  }
}
