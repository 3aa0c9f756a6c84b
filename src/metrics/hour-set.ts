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

  /** Adds every hour of another set, as it arrives from a worker thread (its fields, without the class). */
  addAll(other: { bits: Uint32Array; base: number }): void {
    for (let word = 0; word < other.bits.length; word++) {
      let value = other.bits[word]!;
      while (value !== 0) {
        const bit = 31 - Math.clz32(value & -value);
        this.add(other.base + word * 32 + bit);
        value &= value - 1;
      }
    }
  }
}
