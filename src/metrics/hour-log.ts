// Agent activity (first replies) per clock hour, one set of hours per organisation, for the coverage hours.
// Ingest only appends (organisation, hour) pairs to a log in fixed-size blocks — sequential writes, where
// setting a bit in each organisation's own bitmap would touch memory at random. Each thread then seals its log
// into a part: the pairs grouped by organisation, and each organisation's hours set in a bitmap of its own
// (one organisation at a time, so the bits set are close together). At the end the parts' bitmaps of an
// organisation are united word by word and its distinct hours counted per hour of the week (coverage.ts decides
// which of those hours are covered).

import { HourKernel } from './seal-kernel.js';
import { identity, partNumbers } from './merge-runs.js';

/** Pairs per block (512 KB per block): the log grows a block at a time, never by copying. */
const BLOCK = 1 << 16;
/** Hours stored as 32-bit integers, within ±2³⁰. */
const HOUR_LIMIT = 2 ** 30;

/**
 * A thread's hours by organisation: organisation i of the part (orgs[i] is its number in the log that holds the
 * part) has the hours 32 · (baseWords[i] + w) + b for each bit b set in bits[wordOffsets[i] + w]; or, when its
 * hours are too sparse for a bitmap (spread over centuries by a bad duration), they are listed in
 * hours[hourOffsets[i] .. hourOffsets[i + 1]) instead (and it has no words).
 */
export interface HourPart {
  bits: Uint32Array;
  wordOffsets: Int32Array;
  baseWords: Int32Array;
  hours: Int32Array;
  hourOffsets: Int32Array;
  orgs: Int32Array;
}

/** An organisation's hours go in a bitmap when it takes at most this many words beyond two per hour noted. */
const BITMAP_SLACK_WORDS = 1024;

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

  /** Notes n pairs at once (organisation orgs[i], hour hours[i]), each hour a clock hour as add() requires. */
  append(orgs: Int32Array, hours: Int32Array, n: number): void {
    for (let from = 0; from < n; ) {
      if (this.fill === BLOCK) this.nextBlock();
      const m = Math.min(n - from, BLOCK - this.fill);
      this.orgs.set(orgs.subarray(from, from + m), this.fill);
      this.hours.set(hours.subarray(from, from + m), this.fill);
      this.fill += m;
      from += m;
    }
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
    // Each organisation's pairs and span (two passes over the log, no copy of it): in the WebAssembly kernel, a
    // block at a time, or here.
    const kernel = HourKernel.create(BLOCK, nOrgs);
    let counts: Int32Array;
    let low: Int32Array;
    let high: Int32Array;
    if (kernel !== undefined) {
      this.eachBlock((orgs, hours, m) => kernel.spans(orgs, hours, m));
      [counts, low, high] = [kernel.perOrg(0).slice(), kernel.perOrg(1).slice(), kernel.perOrg(2).slice()];
    } else {
      counts = new Int32Array(nOrgs);
      low = new Int32Array(nOrgs).fill(HOUR_LIMIT);
      high = new Int32Array(nOrgs).fill(-HOUR_LIMIT);
      this.eachBlock((orgs, hours, m) => {
        for (let i = 0; i < m; i++) {
          const org = orgs[i]!;
          const hour = hours[i]!;
          counts[org]!++;
          if (hour < low[org]!) low[org] = hour;
          if (hour > high[org]!) high[org] = hour;
        }
      });
    }
    // A bitmap for each organisation, or a list when its hours are too sparse for one.
    const baseWords = new Int32Array(nOrgs);
    const wordOffsets = new Int32Array(nOrgs + 1);
    const hourOffsets = new Int32Array(nOrgs + 1);
    for (let o = 0; o < nOrgs; o++) {
      const n = counts[o]!;
      const base = n === 0 ? 0 : low[o]! >> 5;
      const words = n === 0 ? 0 : (high[o]! >> 5) - base + 1;
      const isBitmap = words <= 2 * n + BITMAP_SLACK_WORDS;
      baseWords[o] = base;
      wordOffsets[o + 1] = wordOffsets[o]! + (isBitmap ? words : 0);
      hourOffsets[o + 1] = hourOffsets[o]! + (isBitmap ? 0 : n);
    }
    // Where each organisation's bitmap starts, less its base word (so a word is at + (hour >> 5)); for a listed
    // one, where its next hour goes (-1 for the others).
    const origin = new Int32Array(nOrgs);
    const listCursor = new Int32Array(nOrgs);
    for (let o = 0; o < nOrgs; o++) {
      origin[o] = wordOffsets[o]! - baseWords[o]!;
      listCursor[o] = hourOffsets[o + 1]! > hourOffsets[o]! ? hourOffsets[o]! : -1;
    }
    let bits: Uint32Array;
    let listed: Int32Array;
    if (kernel !== undefined) {
      kernel.layOut(wordOffsets[nOrgs]!, hourOffsets[nOrgs]!);
      kernel.perOrg(3).set(origin);
      kernel.perOrg(4).set(listCursor);
      this.eachBlock((orgs, hours, m) => kernel.setBits(orgs, hours, m));
      ({ bits, listed } = kernel.results());
    } else {
      bits = new Uint32Array(wordOffsets[nOrgs]!);
      listed = new Int32Array(hourOffsets[nOrgs]!);
      this.eachBlock((orgs, hours, m) => {
        for (let i = 0; i < m; i++) {
          const org = orgs[i]!;
          const hour = hours[i]!;
          if (listCursor[org]! >= 0) listed[listCursor[org]!++] = hour;
          else bits[origin[org]! + (hour >> 5)]! |= 1 << (hour & 31);
        }
      });
    }
    this.orgBlocks = [];
    this.hourBlocks = [];
    this.fill = BLOCK;
    this.parts.push({ bits, wordOffsets, baseWords, hours: listed, hourOffsets, orgs: identity(nOrgs) });
  }

  /** Calls `use` with each block of the log not yet sealed: its organisations, its hours and how many pairs it holds. */
  private eachBlock(use: (orgs: Int32Array, hours: Int32Array, m: number) => void): void {
    const nBlocks = this.orgBlocks.length;
    for (let b = 0; b < nBlocks; b++) use(this.orgBlocks[b]!, this.hourBlocks[b]!, b === nBlocks - 1 ? this.fill : BLOCK);
  }

  /**
   * Takes another log's sealed parts (sealedParts, as they arrive from a worker thread), their organisations
   * renumbered through `remap`.
   */
  addParts(parts: readonly HourPart[], remap: ArrayLike<number>): void {
    for (const part of parts) this.parts.push({ ...part, orgs: part.orgs.map((org) => remap[org]!) });
  }

  /** The parts of a log sealed already (the accumulator's seal), to go to another log's addParts. */
  sealedParts(): HourPart[] {
    if (this.orgBlocks.length > 0) throw new Error('internal: an hour log to hand over must be sealed first');
    return this.parts;
  }

  /**
   * Per organisation (0..nOrgs−1), how many distinct clock hours it was active in for each of the week's 168
   * hours (slot 0 is Sunday 00:00–01:00 local): nOrgs × 168 counts, so a slot's count is the number of weeks in
   * which the organisation was active in that hour. Each organisation's hours from every part are united in
   * one bitmap spanning its first to last hour (or listed and de-duplicated when too sparse for one).
   * O(pairs + the organisations' spans / 32 + distinct hours).
   */
  activeWeeksBySlot(nOrgs: number): Int32Array {
    const slots = new Int32Array(nOrgs * WEEK_HOURS);
    const weeksOf = this.activeWeeksOf(nOrgs);
    for (let o = 0; o < nOrgs; o++) weeksOf(o, slots.subarray(o * WEEK_HOURS, (o + 1) * WEEK_HOURS));
    return slots;
  }

  /**
   * activeWeeksBySlot one organisation at a time: `weeksOf(o, out)` writes organisation o's 168 counts into
   * `out` (the metrics read each organisation's once, in their own order: no nOrgs × 168 array, 58 MB of new
   * memory at 87,000 organisations).
   */
  activeWeeksOf(nOrgs: number): (o: number, out: Int32Array) => void {
    this.seal(nOrgs);
    const parts = this.parts;
    // For each part, its number for each organisation here (-1: none of its hours).
    const partOrg = parts.map((part) => partNumbers(part.orgs, nOrgs));
    let scratch = new Uint32Array(1024);
    return (o, out) => {
      out.fill(0);
      // The organisation's span of words over the parts, and how many bitmaps and listed hours it has.
      let low = Infinity;
      let high = -Infinity;
      let nBitmaps = 0;
      let nWords = 0;
      let only = -1;
      let nListed = 0;
      for (let p = 0; p < parts.length; p++) {
        const own = partOrg[p]![o]!;
        if (own === -1) continue;
        const { wordOffsets, baseWords, hours, hourOffsets } = parts[p]!;
        const words = wordOffsets[own + 1]! - wordOffsets[own]!;
        if (words > 0) {
          nBitmaps++;
          nWords += words;
          only = p;
          low = Math.min(low, baseWords[own]!);
          high = Math.max(high, baseWords[own]! + words - 1);
        }
        for (let i = hourOffsets[own]!; i < hourOffsets[own + 1]!; i++) {
          low = Math.min(low, Math.floor(hours[i]! / 32));
          high = Math.max(high, Math.floor(hours[i]! / 32));
          nListed++;
        }
      }
      if (low === Infinity) return;
      if (nBitmaps === 1 && nListed === 0) {
        // One part's bitmap as it is.
        const own = partOrg[only]![o]!;
        const { bits, wordOffsets, baseWords } = parts[only]!;
        countSlots(bits, wordOffsets[own]!, wordOffsets[own + 1]!, baseWords[own]!, out);
      } else if (high - low + 1 <= 2 * nListed + (BITMAP_SLACK_WORDS + 1) * (nBitmaps + 1) + 2 * nWords) {
        // The parts' bitmaps united word by word (and listed hours set) in one spanning the lot.
        const n = high - low + 1;
        if (scratch.length < n) scratch = new Uint32Array(Math.max(n, scratch.length * 2));
        else scratch.fill(0, 0, n);
        for (let p = 0; p < parts.length; p++) {
          const own = partOrg[p]![o]!;
          if (own === -1) continue;
          const { bits, wordOffsets, baseWords, hours, hourOffsets } = parts[p]!;
          const at = baseWords[own]! - low;
          for (let w = wordOffsets[own]!; w < wordOffsets[own + 1]!; w++) scratch[at + w - wordOffsets[own]!]! |= bits[w]!;
          for (let i = hourOffsets[own]!; i < hourOffsets[own + 1]!; i++) {
            const offset = hours[i]! - low * 32;
            scratch[offset >>> 5]! |= 1 << (offset & 31);
          }
        }
        countSlots(scratch, 0, n, low, out);
      } else {
        // Hours spread too thin for one bitmap: the distinct hours, sorted.
        const hours = this.hoursOf(o, partOrg).sort((a, b) => a - b);
        for (let i = 0; i < hours.length; i++) if (i === 0 || hours[i] !== hours[i - 1]) out[slotOf(hours[i]!)]!++;
      }
    };
  }

  /** Every hour of organisation o in the parts (bitmaps read bit by bit, lists as they are), with repeats. */
  private hoursOf(o: number, partOrg: Int32Array[]): number[] {
    const out: number[] = [];
    this.parts.forEach((part, p) => {
      const own = partOrg[p]![o]!;
      if (own === -1) return;
      for (let w = part.wordOffsets[own]!; w < part.wordOffsets[own + 1]!; w++) {
        for (let b = 0; b < 32; b++) if ((part.bits[w]! >>> b) & 1) out.push((part.baseWords[own]! + w - part.wordOffsets[own]!) * 32 + b);
      }
      for (let i = part.hourOffsets[own]!; i < part.hourOffsets[own + 1]!; i++) out.push(part.hours[i]!);
    });
    return out;
  }
}

/** Hours in a week. */
export const WEEK_HOURS = 168;

/** The hour of the week (0: Sunday 00:00) of a local hour counted from 1970-01-01 00:00, a Thursday. */
export function slotOf(hour: number): number {
  return (((hour + 4 * 24) % WEEK_HOURS) + WEEK_HOURS) % WEEK_HOURS;
}

/** Whether a slot of the week falls on Saturday or Sunday. */
export function isWeekendSlot(slot: number): boolean {
  return slot < 24 || slot >= 144;
}

/**
 * Adds each set bit of words[from .. to) (words[from] holding hours from 32 · base) to its slot of the week in
 * `out`: a word's 32 hours are consecutive slots from its first hour's, so a slot is found without a division.
 */
function countSlots(words: Uint32Array, from: number, to: number, base: number, out: Int32Array): void {
  for (let w = from; w < to; w++) {
    let value = words[w]!;
    if (value === 0) continue;
    const first = slotOf((base + w - from) * 32);
    while (value !== 0) {
      const bit = 31 - Math.clz32(value & -value);
      const slot = first + bit;
      out[slot < WEEK_HOURS ? slot : slot - WEEK_HOURS]!++;
      value &= value - 1;
    }
  }
}
