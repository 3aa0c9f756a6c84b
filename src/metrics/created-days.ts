// Tickets per day of creation, for the period's stretched-tail check: a few tickets far from the rest (odd
// dates in an extract) must not set the period that rates are taken over without the user hearing of it.

const DAY_MS = 86_400_000;
/** Days a histogram spans at most (~270 years); days beyond its ends are counted in its first or last bin. */
const MAX_DAYS = 100_000;

/** Tickets created per day from `base` (days since 1970-01-01, UTC). */
export interface DayCounts {
  counts: Float64Array;
  base: number;
}

export class CreatedDays {
  private counts = new Float64Array(0);
  /** The day (since 1970-01-01, UTC) of counts[0]. */
  private base = 0;
  total = 0;

  /** Counts one ticket created at `ms` (UTC). */
  add(ms: number): void {
    const day = Math.floor(ms / DAY_MS);
    let at = day - this.base;
    if (at < 0 || at >= this.counts.length) at = this.grow(day);
    this.counts[at]!++;
    this.total++;
  }

  /** Counts every value of `created` whose `skip` byte is 0 (a decoded batch: rows the row decoder takes are skipped). */
  addColumn(created: Float64Array, skip: Uint8Array, n: number): void {
    for (let r = 0; r < n; r++) if (skip[r] === 0) this.add(created[r]!);
  }

  /** The histogram as plain data, for another thread's merge. */
  snapshot(): DayCounts {
    return { counts: this.counts, base: this.base };
  }

  /** Adds another histogram's counts (a worker's snapshot). */
  merge(other: DayCounts): void {
    for (let i = 0; i < other.counts.length; i++) {
      const n = other.counts[i]!;
      if (n === 0) continue;
      const day = other.base + i;
      let at = day - this.base;
      if (at < 0 || at >= this.counts.length) at = this.grow(day);
      this.counts[at]! += n;
      this.total += n;
    }
  }

  /** The day (start, UTC ms) by which a share `p` of the tickets had been created: the p-quantile, to the day. */
  quantileDay(p: number): number | null {
    if (this.total === 0) return null;
    const wanted = p * this.total;
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= wanted && seen > 0) return (this.base + i) * DAY_MS;
    }
    return (this.base + this.counts.length - 1) * DAY_MS;
  }

  /** Tickets created before the day of `fromMs`, and on days after the day of `toMs`. */
  countOutside(fromMs: number, toMs: number): { before: number; after: number } {
    const first = Math.floor(fromMs / DAY_MS) - this.base;
    const last = Math.floor(toMs / DAY_MS) - this.base;
    let before = 0;
    let after = 0;
    for (let i = 0; i < this.counts.length; i++) {
      if (i < first) before += this.counts[i]!;
      else if (i > last) after += this.counts[i]!;
    }
    return { before, after };
  }

  /** Makes room for `day` (doubling, or up to MAX_DAYS), and returns its index (clamped to the ends). */
  private grow(day: number): number {
    if (this.counts.length === 0) {
      this.base = day - 32;
      this.counts = new Float64Array(64);
      return day - this.base;
    }
    const low = Math.min(this.base, day);
    const high = Math.max(this.base + this.counts.length - 1, day);
    const span = high - low + 1;
    if (span > MAX_DAYS) return day < this.base ? 0 : this.counts.length - 1;
    const size = Math.min(MAX_DAYS, Math.max(span, 2 * this.counts.length));
    const base = day < this.base ? Math.max(low - (size - span), high - MAX_DAYS + 1) : low;
    const counts = new Float64Array(size);
    counts.set(this.counts, this.base - base);
    this.counts = counts;
    this.base = base;
    return day - base;
  }
}
