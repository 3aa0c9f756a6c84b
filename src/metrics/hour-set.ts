// A set of hour indexes as a growable bitmap: agent activity per clock hour, cheaper than a Set of numbers.

export class HourSet {
  private bits = new Uint32Array(0);
  /** Hour index of bit 0 (a multiple of 32). */
  private base = 0;
  size = 0;

  add(hour: number): void {
    if (this.bits.length === 0) this.base = Math.floor(hour / 32) * 32 - 32 * 64;
    let offset = hour - this.base;
    if (offset < 0 || offset >= this.bits.length * 32) {
      this.grow(hour);
      offset = hour - this.base;
    }
    const word = offset >>> 5;
    const mask = 1 << (offset & 31);
    if ((this.bits[word]! & mask) === 0) {
      this.bits[word]! |= mask;
      this.size++;
    }
  }

  /** Re-bases and widens the bitmap (at least doubling it) so that `hour` fits. */
  private grow(hour: number): void {
    const oldWords = this.bits.length;
    const low = Math.min(this.base, Math.floor(hour / 32) * 32);
    const high = Math.max(this.base + oldWords * 32, (Math.floor(hour / 32) + 1) * 32);
    const words = Math.max((high - low) / 32, oldWords * 2, 128);
    const bits = new Uint32Array(words);
    // Keep the old words at their place relative to the new base.
    const shift = (this.base - low) / 32;
    bits.set(this.bits, shift);
    this.bits = bits;
    this.base = low;
  }

  /** Calls `visit` for every hour in the set, in increasing order. */
  forEach(visit: (hour: number) => void): void {
    for (let word = 0; word < this.bits.length; word++) {
      let value = this.bits[word]!;
      while (value !== 0) {
        const bit = 31 - Math.clz32(value & -value);
        visit(this.base + word * 32 + bit);
        value &= value - 1;
      }
    }
  }

  /** Adds every hour of another set, as it arrives from a worker thread (its fields, without the class): word by word. */
  addAll(other: { bits: Uint32Array; base: number }): void {
    let first = -1;
    let last = -1;
    for (let word = 0; word < other.bits.length; word++) {
      if (other.bits[word] === 0) continue;
      if (first === -1) first = word;
      last = word;
    }
    if (first === -1) return;
    // Make room for the other set's first and last hours; both bases are multiples of 32, so words line up.
    this.add(other.base + first * 32 + 31 - Math.clz32(other.bits[first]!));
    this.add(other.base + last * 32 + 31 - Math.clz32(other.bits[last]!));
    const shift = (other.base - this.base) / 32;
    for (let word = first; word <= last; word++) {
      const incoming = other.bits[word]!;
      if (incoming === 0) continue;
      const current = this.bits[word + shift]!;
      const added = incoming & ~current;
      if (added === 0) continue;
      this.bits[word + shift] = current | added;
      this.size += popcount(added);
    }
  }

  /**
   * Hours on weekdays and on weekends (Saturday and Sunday) in the set, counted a 32-hour word at a time:
   * a word starting at hour h covers the same weekdays as any word starting h mod 168 hours into a week.
   */
  countByWeekPart(): { weekday: number; weekend: number } {
    let weekday = 0;
    let weekend = 0;
    for (let word = 0; word < this.bits.length; word++) {
      const value = this.bits[word]!;
      if (value === 0) continue;
      const mask = weekendMask(this.base + word * 32);
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
