// The metrics' side of the WebAssembly kernel (kernel/kernel.ts): sealing what a thread gathered — durations
// grouped and sorted (accumulator.ts TaggedColumn.grouped) and activity hours into bitmaps (hour-log.ts seal).
// Each runs on the thread's shared instance (Kernel.shared), one after another.

import { Kernel } from '../kernel/kernel.js';

/** Values copied into the kernel at a time while grouping them. */
const GROUPING_BLOCK = 1 << 16;

/**
 * Groups n tagged values (values[i] in group groups[i]) and sorts them, by the kernel: a counting sort by group
 * (the columns copied in a block at a time), then each organisation's span (`perOrg` adjacent groups) sorted
 * group by group into `sorted` and as a whole into `orgSorted`, as typed arrays sort. Returns the group offsets
 * (group g is sorted[offsets[g] .. offsets[g + 1])), or undefined without WebAssembly (the caller groups and
 * sorts in TypeScript). Its memory holds one block, the grouped values and one organisation's span of room.
 */
export function groupByKernel(values: Float64Array, groups: Int32Array, n: number, nGroups: number, perOrg: number, sorted: Float64Array, orgSorted: Float64Array): Int32Array | undefined {
  const kernel = Kernel.shared();
  if (kernel === undefined) return undefined;
  const blockValuesAt = kernel.take(GROUPING_BLOCK * 8);
  const blockGroupsAt = kernel.take(GROUPING_BLOCK * 4);
  const offsetsAt = kernel.take((nGroups + 1) * 4);
  const boundsAt = kernel.take((perOrg + 1) * 4);
  const countsAt = kernel.take(8 * 256 * 4);
  const groupedAt = kernel.take(n * 8);
  const { exports } = kernel;
  // The counts start at zero (the memory holds the last grouping's).
  new Int32Array(kernel.buffer, offsetsAt, nGroups + 1).fill(0);
  const blockGroups = (from: number, m: number): void => new Int32Array(kernel.buffer, blockGroupsAt, m).set(groups.subarray(from, from + m));
  for (let from = 0; from < n; from += GROUPING_BLOCK) {
    const m = Math.min(GROUPING_BLOCK, n - from);
    blockGroups(from, m);
    exports.countGroups(blockGroupsAt, m, offsetsAt);
  }
  const counted = new Int32Array(kernel.buffer, offsetsAt, nGroups + 1);
  for (let g = 0; g < nGroups; g++) counted[g + 1]! += counted[g]!;
  const offsets = counted.slice();
  // The counts become cursors, moving on as values are placed.
  for (let from = 0; from < n; from += GROUPING_BLOCK) {
    const m = Math.min(GROUPING_BLOCK, n - from);
    blockGroups(from, m);
    new Float64Array(kernel.buffer, blockValuesAt, m).set(values.subarray(from, from + m));
    exports.scatterGroups(blockValuesAt, blockGroupsAt, m, offsetsAt, groupedAt);
  }
  let largest = 0;
  for (let g = 0; g < nGroups; g += perOrg) largest = Math.max(largest, offsets[Math.min(g + perOrg, nGroups)]! - offsets[g]!);
  const scratchAt = kernel.take(largest * 8);
  const grouped = new Float64Array(kernel.buffer, groupedAt, n);
  const bounds = new Int32Array(kernel.buffer, boundsAt, perOrg + 1);
  for (let g = 0; g < nGroups; g += perOrg) {
    const last = Math.min(g + perOrg, nGroups);
    const start = offsets[g]!;
    const m = offsets[last]! - start;
    if (m === 0) continue;
    const spanAt = groupedAt + start * 8;
    for (let k = g; k <= last; k++) bounds[k - g] = offsets[k]! - start;
    exports.sortRanges(spanAt, boundsAt, last - g, scratchAt, countsAt);
    sorted.set(grouped.subarray(start, start + m), start);
    exports.mergeRanges(spanAt, boundsAt, last - g, scratchAt);
    orgSorted.set(grouped.subarray(start, start + m), start);
  }
  return offsets;
}

/**
 * The kernel's side of sealing an hour log (metrics/hour-log.ts): log blocks are copied in one at a time, first
 * for each organisation's count and span (spans), then, once the caller has laid out the bitmaps and lists, for
 * the bits (setBits). Only one block and the result are ever in its memory.
 */
export class HourKernel {
  private readonly blockAt: number;
  private readonly perOrgAt: number;
  private bitsAt = 0;
  private listedAt = 0;
  private nWords = 0;
  private nListed = 0;

  private constructor(
    private readonly kernel: Kernel,
    private readonly blockLength: number,
    private readonly nOrgs: number,
  ) {
    this.blockAt = kernel.take(blockLength * 8);
    this.perOrgAt = kernel.take(nOrgs * 4 * 5);
    this.perOrg(0).fill(0);
    this.perOrg(1).fill(2 ** 30);
    this.perOrg(2).fill(-(2 ** 30));
  }

  /** A kernel for log blocks of `blockLength` pairs and `nOrgs` organisations; undefined without WebAssembly. */
  static create(blockLength: number, nOrgs: number): HourKernel | undefined {
    const kernel = Kernel.shared();
    return kernel === undefined ? undefined : new HourKernel(kernel, blockLength, nOrgs);
  }

  /** Per-organisation array k: 0 counts, 1 lowest hour, 2 highest hour, 3 bitmap origin, 4 list cursor. */
  perOrg(k: number): Int32Array {
    return new Int32Array(this.kernel.buffer, this.perOrgOffset(k), this.nOrgs);
  }

  private perOrgOffset(k: number): number {
    return this.perOrgAt + k * this.nOrgs * 4;
  }

  private copyIn(orgs: Int32Array, hours: Int32Array, n: number): void {
    new Int32Array(this.kernel.buffer, this.blockAt, n).set(orgs.subarray(0, n));
    new Int32Array(this.kernel.buffer, this.blockAt + this.blockLength * 4, n).set(hours.subarray(0, n));
  }

  /** Counts and spans (perOrg 0–2) of n more pairs. */
  spans(orgs: Int32Array, hours: Int32Array, n: number): void {
    this.copyIn(orgs, hours, n);
    this.kernel.exports.hourSpans(this.blockAt, this.blockAt + this.blockLength * 4, n, this.perOrgOffset(0), this.perOrgOffset(1), this.perOrgOffset(2));
  }

  /** Room for `nWords` bitmap words and `nListed` listed hours (perOrg 3 and 4 set by the caller after this). */
  layOut(nWords: number, nListed: number): void {
    this.nWords = nWords;
    this.nListed = nListed;
    this.bitsAt = this.kernel.take(nWords * 4);
    this.listedAt = this.kernel.take(nListed * 4);
    new Uint32Array(this.kernel.buffer, this.bitsAt, nWords).fill(0);
  }

  /** Sets the bits (or lists the hours) of n more pairs. */
  setBits(orgs: Int32Array, hours: Int32Array, n: number): void {
    this.copyIn(orgs, hours, n);
    this.kernel.exports.hourBits(this.blockAt, this.blockAt + this.blockLength * 4, n, this.perOrgOffset(3), this.bitsAt, this.perOrgOffset(4), this.listedAt);
  }

  /** The bitmaps' words and the listed hours, copied out. */
  results(): { bits: Uint32Array; listed: Int32Array } {
    return { bits: new Uint32Array(this.kernel.buffer, this.bitsAt, this.nWords).slice(), listed: new Int32Array(this.kernel.buffer, this.listedAt, this.nListed).slice() };
  }
}
