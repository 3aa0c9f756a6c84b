// Order statistics of a sample held as a few ascending runs (the parts that ingest threads sorted, of an
// organisation or of one organisation × channel group), without merging them: the k-th smallest value of two
// runs is a binary search; three or more are merged once into a scratch buffer.

import { upperBound } from './lower-bound.js';
import { mergeRuns } from './merge-runs.js';

/** Ascending runs: run r is values[r][starts[r] .. ends[r]). Reused: clear() and add() again. */
export class SortedRuns {
  readonly values: Float64Array[] = [];
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  n = 0;
  /** Values in all runs. */
  size = 0;
  private merged: Float64Array | null = null;
  private scratch = new Float64Array(0);

  clear(): this {
    this.n = 0;
    this.size = 0;
    this.merged = null;
    return this;
  }

  /** Adds values[start .. end) (ascending); an empty run is left out. */
  add(values: Float64Array, start: number, end: number): void {
    if (end <= start) return;
    this.values[this.n] = values;
    this.starts[this.n] = start;
    this.ends[this.n++] = end;
    this.size += end - start;
    this.merged = null;
  }

  /** The k-th smallest value (0-based, k < size). O(log size) for up to two runs. */
  kth(k: number): number {
    if (this.n === 1) return this.values[0]![this.starts[0]! + k]!;
    if (this.n === 2) return kthOfTwo(this.values[0]!, this.starts[0]!, this.ends[0]!, this.values[1]!, this.starts[1]!, this.ends[1]!, k);
    if (this.merged === null) {
      if (this.scratch.length < this.size) this.scratch = new Float64Array(Math.max(this.size, this.scratch.length * 2));
      mergeRuns(this.scratch, 0, this.values.slice(0, this.n), Int32Array.from(this.starts.slice(0, this.n)), Int32Array.from(this.ends.slice(0, this.n)), this.n);
      this.merged = this.scratch;
    }
    return this.merged[k]!;
  }

  /**
   * The p-quantile of all the values, as simple-statistics' quantileSorted (and DuckDB's quantile_cont) gives it
   * for them sorted: linear interpolation between the closest ranks, h = (n − 1)·p. NaN for no values.
   */
  quantile(p: number): number {
    const n = this.size;
    if (n === 0) return NaN;
    if (p === 1) return this.kth(n - 1);
    if (p === 0) return this.kth(0);
    const idx = (n - 1) * p;
    if (idx % 1 === 0) return this.kth(idx);
    const lower = Math.floor(idx);
    const fraction = idx - lower;
    if (this.n === 2) {
      // Both neighbours from one search.
      kthOfTwo(this.values[0]!, this.starts[0]!, this.ends[0]!, this.values[1]!, this.starts[1]!, this.ends[1]!, lower, pair);
      return pair[0]! + fraction * (pair[1]! - pair[0]!);
    }
    const low = this.kth(lower);
    return low + fraction * (this.kth(Math.ceil(idx)) - low);
  }

  /** How many values are ≤ limit. */
  countAtMost(limit: number): number {
    let count = 0;
    // A bounded search in each run where it lies (no view made of it).
    for (let r = 0; r < this.n; r++) count += upperBound(this.values[r]!, limit, this.ends[r]!, this.starts[r]!) - this.starts[r]!;
    return count;
  }
}

/** Where kthOfTwo puts the k-th and (k + 1)-th smallest when asked for both. */
const pair = new Float64Array(2);

/**
 * The k-th smallest (0-based) of a[aLo .. aHi) and b[bLo .. bHi), both ascending: the number i of values taken
 * from a among the k smallest is the least with b[k − i − 1] ≤ a[i], found by binary search. With `next`, the
 * k-th and the (k + 1)-th (Infinity when there is none) are written there too: the one after the k-th is the
 * smaller of the two values that follow it in the runs.
 */
export function kthOfTwo(a: Float64Array, aLo: number, aHi: number, b: Float64Array, bLo: number, bHi: number, k: number, next?: Float64Array): number {
  const na = aHi - aLo;
  const nb = bHi - bLo;
  let lo = Math.max(0, k - nb);
  let hi = Math.min(k, na);
  while (lo < hi) {
    const i = (lo + hi) >>> 1;
    const j = k - i;
    if (j > 0 && i < na && b[bLo + j - 1]! > a[aLo + i]!) lo = i + 1;
    else hi = i;
  }
  const j = k - lo;
  const fromA = lo < na ? a[aLo + lo]! : Infinity;
  const fromB = j < nb ? b[bLo + j]! : Infinity;
  const kth = fromA < fromB ? fromA : fromB;
  if (next !== undefined) {
    next[0] = kth;
    // Taken from a (ties go to b): the next is a's following value or b's; else a's or b's following one.
    const afterA = fromA < fromB ? (lo + 1 < na ? a[aLo + lo + 1]! : Infinity) : fromA;
    const afterB = fromA < fromB ? fromB : j + 1 < nb ? b[bLo + j + 1]! : Infinity;
    next[1] = afterA < afterB ? afterA : afterB;
  }
  return kth;
}
