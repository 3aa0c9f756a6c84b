// Agent activity per clock hour, one set of hours per organisation, for the weekday and weekend coverage hours.
// Ingest only appends (organisation, hour) pairs to a log in fixed-size blocks — sequential writes, where
// setting a bit in each organisation's own bitmap would touch memory at random — and the distinct hours are
// counted once at the end, an organisation at a time, in one small bitmap.

import { identity, partNumbers } from './merge-runs.js';

/** Pairs per block (512 KB per block): the log grows a block at a time, never by copying. */
const BLOCK = 1 << 16;
/** Hours stored as 32-bit integers, within ±2³⁰. */
const HOUR_LIMIT = 2 ** 30;

/** Pairs grouped by organisation: organisation i's hours are hours[offsets[i] .. offsets[i + 1]); orgs[i] is its number in the log that holds the part. */
export interface HourPart {
  hours: Int32Array;
  offsets: Int32Array;
  orgs: Int32Array;
}

export class HourLog {
  /** Pairs already grouped by organisation (seal, addParts). */
  parts: HourPart[] = [];
  /** Full blocks and the current one: organisation numbers and local hour indexes (hours since 1970-01-01 00:00 local). */
  orgBlocks: Int32Array[] = [];
  hourBlocks: Int32Array[] = [];
  /** Pairs in the last block. */
  fill = BLOCK;
  private orgs = new Int32Array(0);
  private hours = new Int32Array(0);

  /**
   * Notes that organisation `org` had agent activity in local hour `hour`. An hour more than ~120,000 years
   * from 1970 (a duration far beyond any real one, added to a timestamp) is no clock hour and is left out.
   */
  add(org: number, hour: number): void {
    if (!(hour >= -HOUR_LIMIT && hour <= HOUR_LIMIT)) return;
    if (this.fill === BLOCK) this.nextBlock();
    this.orgs[this.fill] = org;
    this.hours[this.fill++] = hour;
  }

  private nextBlock(): void {
    this.orgs = new Int32Array(BLOCK);
    this.hours = new Int32Array(BLOCK);
    this.orgBlocks.push(this.orgs);
    this.hourBlocks.push(this.hours);
    this.fill = 0;
  }

  /** Pairs in the log not yet sealed. */
  get length(): number {
    return this.orgBlocks.length === 0 ? 0 : (this.orgBlocks.length - 1) * BLOCK + this.fill;
  }

  /**
   * Groups the pairs so far by organisation (0..nOrgs−1; a counting sort) into a part, and empties the log:
   * done by each thread for its own pairs, so that the sorting is shared.
   */
  seal(nOrgs: number): void {
    if (this.length === 0) return;
    const offsets = new Int32Array(nOrgs + 1);
    const nBlocks = this.orgBlocks.length;
    for (let b = 0; b < nBlocks; b++) {
      const orgs = this.orgBlocks[b]!;
      const m = b === nBlocks - 1 ? this.fill : BLOCK;
      for (let i = 0; i < m; i++) offsets[orgs[i]! + 1]!++;
    }
    for (let o = 0; o < nOrgs; o++) offsets[o + 1]! += offsets[o]!;
    const cursor = offsets.slice(0, nOrgs);
    const hours = new Int32Array(this.length);
    for (let b = 0; b < nBlocks; b++) {
      const orgs = this.orgBlocks[b]!;
      const blockHours = this.hourBlocks[b]!;
      const m = b === nBlocks - 1 ? this.fill : BLOCK;
      for (let i = 0; i < m; i++) hours[cursor[orgs[i]!]!++] = blockHours[i]!;
    }
    this.parts.push({ hours, offsets, orgs: identity(nOrgs) });
    this.orgBlocks = [];
    this.hourBlocks = [];
    this.fill = BLOCK;
  }

  /**
   * Takes another log's sealed parts (as they arrive from a worker thread: its fields, without the class),
   * their organisations renumbered through `remap`.
   */
  addParts(other: { parts: HourPart[]; orgBlocks: Int32Array[] }, remap: ArrayLike<number>): void {
    if (other.orgBlocks.length > 0) throw new Error('internal: an hour log to merge must be sealed first');
    for (const part of other.parts) this.parts.push({ hours: part.hours, offsets: part.offsets, orgs: part.orgs.map((org) => remap[org]!) });
  }

  /**
   * Distinct hours per organisation (0..nOrgs−1), on weekdays and on weekends (Saturday and Sunday): each
   * organisation's hours from every part are set in one bitmap spanning its first to last hour and counted 32
   * hours at a time. O(pairs + the organisations' spans / 32).
   */
  countByWeekPart(nOrgs: number): { weekday: Int32Array; weekend: Int32Array } {
    this.seal(nOrgs);
    const weekday = new Int32Array(nOrgs);
    const weekend = new Int32Array(nOrgs);
    // For each part, its number for each organisation here (-1: none of its pairs).
    const partOrg = this.parts.map((part) => partNumbers(part.orgs, nOrgs));
    let bits = new Uint32Array(1024);
    for (let o = 0; o < nOrgs; o++) {
      let low = Infinity;
      let high = -Infinity;
      for (let p = 0; p < this.parts.length; p++) {
        const own = partOrg[p]![o]!;
        if (own === -1) continue;
        const { hours, offsets } = this.parts[p]!;
        for (let i = offsets[own]!; i < offsets[own + 1]!; i++) {
          const hour = hours[i]!;
          if (hour < low) low = hour;
          if (hour > high) high = hour;
        }
      }
      if (low === Infinity) continue;
      const base = Math.floor(low / 32) * 32;
      const words = Math.floor((high - base) / 32) + 1;
      if (bits.length < words) bits = new Uint32Array(Math.max(words, bits.length * 2));
      else bits.fill(0, 0, words);
      for (let p = 0; p < this.parts.length; p++) {
        const own = partOrg[p]![o]!;
        if (own === -1) continue;
        const { hours, offsets } = this.parts[p]!;
        for (let i = offsets[own]!; i < offsets[own + 1]!; i++) {
          const offset = hours[i]! - base;
          bits[offset >>> 5]! |= 1 << (offset & 31);
        }
      }
      let inWeekend = 0;
      let all = 0;
      for (let word = 0; word < words; word++) {
        const value = bits[word]!;
        if (value === 0) continue;
        all += popcount(value);
        inWeekend += popcount(value & weekendMask(base + word * 32));
      }
      weekday[o] = all - inWeekend;
      weekend[o] = inWeekend;
    }
    return { weekday, weekend };
  }
}

const WEEKEND_MASKS = Int32Array.from({ length: 168 }, (_, start) => {
  let mask = 0;
  for (let b = 0; b < 32; b++) {
    const weekday = (Math.floor((start + b) / 24) + 4) % 7;
    if (weekday === 0 || weekday === 6) mask |= 1 << b;
  }
  return mask;
});

/** The weekend bits of the 32 hours from hour `start`. */
function weekendMask(start: number): number {
  return WEEKEND_MASKS[((start % 168) + 168) % 168]!;
}

function popcount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}
