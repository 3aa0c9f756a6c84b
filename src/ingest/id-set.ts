// The ticket ids seen so far, to catch a ticket exported twice: small non-negative integer ids (what help desks
// use) in a growable bitmap, anything else as text. O(1) per id; a bit per id up to the largest integer seen.

/** Integer ids below this go in the bitmap (16 MB at most); larger or non-integer ids are kept as text. */
export const BITMAP_LIMIT = 1 << 27;

/** A set's content as plain data: what crosses between threads. */
export interface TicketIdFields {
  bits: Uint32Array<ArrayBuffer>;
  texts: Set<string>;
}

export class TicketIdSet {
  bits: Uint32Array<ArrayBuffer> = new Uint32Array(0);
  texts = new Set<string>();
  /** Whether `bits` is a view of a kernel's memory (place), BITMAP_LIMIT bits long. */
  private isPlaced = false;
  /** While placed: one past the highest word that may have a bit set. */
  private usedWords = 0;

  /** A set from another's fields (as one arrives from a worker thread: its fields, without the class). */
  static from(fields: TicketIdFields): TicketIdSet {
    const set = new TicketIdSet();
    set.bits = fields.bits;
    set.texts = fields.texts;
    return set;
  }

  /**
   * Moves the bitmap into `place` (a view of a kernel's memory, all zeros, BITMAP_LIMIT bits), where the kernel
   * adds integer ids too (csv-kernel.ts checkIds), until release().
   */
  place(place: Uint32Array<ArrayBuffer>): void {
    if (this.isPlaced) this.release();
    place.set(this.bits);
    this.usedWords = this.bits.length;
    this.bits = place;
    this.isPlaced = true;
  }

  /** Notes that the kernel may have set bits in words below `words` (while placed). */
  noteWords(words: number): void {
    if (words > this.usedWords) this.usedWords = words;
  }

  /** Takes the bitmap back from a kernel's memory into an array of its own, leaving the place zeros again. */
  release(): void {
    if (!this.isPlaced) return;
    const own = this.bits.slice(0, this.usedWords);
    this.bits.fill(0, 0, this.usedWords);
    this.bits = own;
    this.isPlaced = false;
  }

  /** The set as plain data (for another thread), taken back from any kernel's memory first. */
  fields(): TicketIdFields {
    this.release();
    return { bits: this.bits, texts: this.texts };
  }

  /** Adds the id in bytes [start, end); false when it was already there. */
  add(bytes: Uint8Array, start: number, end: number, text: () => string): boolean {
    let value = 0;
    let p = start;
    if (end - start <= 9) {
      for (; p < end; p++) {
        const c = bytes[p]! - 0x30;
        if (c < 0 || c > 9) break;
        value = value * 10 + c;
      }
    }
    if (p === end && end > start && value < BITMAP_LIMIT && (bytes[start] !== 0x30 || end - start === 1)) return this.addInteger(value);
    const key = text();
    if (this.texts.has(key)) return false;
    this.texts.add(key);
    return true;
  }

  private addInteger(value: number): boolean {
    const word = value >>> 5;
    if (this.isPlaced) this.noteWords(word + 1);
    if (word >= this.bits.length) {
      const grown = new Uint32Array(Math.max(word + 1, this.bits.length * 2, 1024));
      grown.set(this.bits);
      this.bits = grown;
    }
    const mask = 1 << (value & 31);
    if ((this.bits[word]! & mask) !== 0) return false;
    this.bits[word]! |= mask;
    return true;
  }

  /** Whether another set (as it arrives from a worker: its fields) shares an id with this one. O(size). */
  overlaps(other: { bits: Uint32Array; texts: Set<string> }): boolean {
    this.release();
    const n = Math.min(this.bits.length, other.bits.length);
    for (let w = 0; w < n; w++) if ((this.bits[w]! & other.bits[w]!) !== 0) return true;
    for (const text of other.texts) if (this.texts.has(text)) return true;
    return false;
  }

  /** Adds every id of another set (after overlaps() said none is shared). */
  addAll(other: { bits: Uint32Array; texts: Set<string> }): void {
    this.release();
    if (other.bits.length > this.bits.length) {
      const grown = new Uint32Array(other.bits.length);
      grown.set(this.bits);
      this.bits = grown;
    }
    for (let w = 0; w < other.bits.length; w++) this.bits[w]! |= other.bits[w]!;
    for (const text of other.texts) this.texts.add(text);
  }
}
