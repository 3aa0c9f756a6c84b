// Sets of hour indexes (agent activity per clock hour, one set per organisation) as bitmaps in one shared pool
// of words: adding an hour reads a set's three numbers and one word, with no object per set to chase.

/** Words a set starts with (256 hours, about ten days); it at least doubles when an hour falls outside. */
const FIRST_WORDS = 8;
/** Per set: hour index of its bit 0 (a multiple of 32), offset of its first word in the pool, words. */
const META = 3;

export class HourSets {
  meta = new Int32Array(64 * META);
  words = new Uint32Array(1 << 12);
  /** Words of the pool handed out (a set that grows moves to the end; its old words stay unused). */
  used = 0;
  count = 0;

  /** A new, empty set; returns its number. */
  addSet(): number {
    const set = this.count++;
    if (this.count * META > this.meta.length) {
      const meta = new Int32Array(this.meta.length * 2);
      meta.set(this.meta);
      this.meta = meta;
    }
    return set;
  }

  add(set: number, hour: number): void {
    const m = set * META;
    const meta = this.meta;
    let offset = hour - meta[m]!;
    if (offset < 0 || offset >= meta[m + 2]! * 32) {
      this.cover(set, hour, hour);
      offset = hour - meta[m]!;
    }
    this.words[meta[m + 1]! + (offset >>> 5)]! |= 1 << (offset & 31);
  }

  /** Widens set `set` (at least doubling it, moving it to the end of the pool) so that hours low..high fit. */
  private cover(set: number, low: number, high: number): void {
    const m = set * META;
    const oldWords = this.meta[m + 2]!;
    const oldBase = this.meta[m]!;
    let base: number;
    let words: number;
    if (oldWords === 0) {
      words = Math.max(FIRST_WORDS, Math.floor(high / 32) - Math.floor(low / 32) + 1);
      base = (Math.floor(low / 32) - Math.floor((words - (Math.floor(high / 32) - Math.floor(low / 32) + 1)) / 2)) * 32;
    } else {
      const lowWord = Math.min(oldBase / 32, Math.floor(low / 32));
      const highWord = Math.max(oldBase / 32 + oldWords, Math.floor(high / 32) + 1);
      words = Math.max(highWord - lowWord, oldWords * 2);
      // Grow towards the side that needed it.
      base = (low < oldBase ? highWord - words : lowWord) * 32;
    }
    if (this.used + words > this.words.length) {
      const pool = new Uint32Array(Math.max(this.words.length * 2, this.used + words));
      pool.set(this.words.subarray(0, this.used));
      this.words = pool;
    }
    const offset = this.used;
    this.used += words;
    if (oldWords > 0) this.words.copyWithin(offset + (oldBase - base) / 32, this.meta[m + 1]!, this.meta[m + 1]! + oldWords);
    this.meta[m] = base;
    this.meta[m + 1] = offset;
    this.meta[m + 2] = words;
  }

  /** Calls `visit` for every hour in set `set`, in increasing order. */
  forEach(set: number, visit: (hour: number) => void): void {
    const m = set * META;
    const [base, offset, words] = [this.meta[m]!, this.meta[m + 1]!, this.meta[m + 2]!];
    for (let word = 0; word < words; word++) {
      let value = this.words[offset + word]!;
      while (value !== 0) {
        const bit = 31 - Math.clz32(value & -value);
        visit(base + word * 32 + bit);
        value &= value - 1;
      }
    }
  }

  /** The number of hours in set `set`. */
  size(set: number): number {
    const m = set * META;
    let total = 0;
    for (let word = 0; word < this.meta[m + 2]!; word++) total += popcount(this.words[this.meta[m + 1]! + word]!);
    return total;
  }

  /**
   * Adds every hour of set `from` of another pool (as it arrives from a worker thread: its fields, without
   * the class) to set `set`, word by word: both bases are multiples of 32, so words line up.
   */
  addAll(set: number, other: { meta: Int32Array; words: Uint32Array }, from: number): void {
    const m = from * META;
    const [otherBase, otherOffset, otherWords] = [other.meta[m]!, other.meta[m + 1]!, other.meta[m + 2]!];
    let first = -1;
    let last = -1;
    for (let word = 0; word < otherWords; word++) {
      if (other.words[otherOffset + word] === 0) continue;
      if (first === -1) first = word;
      last = word;
    }
    if (first === -1) return;
    const low = otherBase + first * 32;
    const high = otherBase + last * 32 + 31;
    const t = set * META;
    if (this.meta[t + 2] === 0 || low < this.meta[t]! || high >= this.meta[t]! + this.meta[t + 2]! * 32) this.cover(set, low, high);
    const shift = this.meta[t + 1]! + (otherBase - this.meta[t]!) / 32;
    for (let word = first; word <= last; word++) this.words[shift + word]! |= other.words[otherOffset + word]!;
  }

  /**
   * Hours of set `set` on weekdays and on weekends (Saturday and Sunday), counted a 32-hour word at a time:
   * a word starting at hour h covers the same weekdays as any word starting h mod 168 hours into a week.
   */
  countByWeekPart(set: number): { weekday: number; weekend: number } {
    const m = set * META;
    const [base, offset, words] = [this.meta[m]!, this.meta[m + 1]!, this.meta[m + 2]!];
    let weekday = 0;
    let weekend = 0;
    for (let word = 0; word < words; word++) {
      const value = this.words[offset + word]!;
      if (value === 0) continue;
      const mask = weekendMask(base + word * 32);
      const inWeekend = popcount(value & mask);
      weekend += inWeekend;
      weekday += popcount(value) - inWeekend;
    }
    return { weekday, weekend };
  }
}

const weekendMasks = new Map<number, number>();

/** Bit b set when hour (start + b) falls on a Saturday or Sunday; 1970-01-01 (day 0) was a Thursday. */
function weekendMask(start: number): number {
  const key = ((start % 168) + 168) % 168;
  let mask = weekendMasks.get(key);
  if (mask === undefined) {
    mask = 0;
    for (let b = 0; b < 32; b++) {
      const day = Math.floor((start + b) / 24);
      const weekday = (((day + 4) % 7) + 7) % 7;
      if (weekday === 0 || weekday === 6) mask |= 1 << b;
    }
    weekendMasks.set(key, mask);
  }
  return mask;
}

function popcount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}
