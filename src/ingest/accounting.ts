// Where every input row went: rows read = rows used + rows rejected, with reasons and the first place each occurred.

export interface RejectCount {
  count: number;
  /** FILE:LINE of the first row rejected for this reason. */
  first: string;
}

export class Accounting {
  rowsRead = 0;
  rowsUsed = 0;
  readonly rejects = new Map<string, RejectCount>();

  reject(reason: string, where: string): void {
    const entry = this.rejects.get(reason);
    if (entry) entry.count++;
    else this.rejects.set(reason, { count: 1, first: where });
  }

  /** A reject whose place is made only when it is the reason's first (for rejects by the hundred thousand). */
  rejectLazily(reason: string, where: () => string): void {
    const entry = this.rejects.get(reason);
    if (entry) entry.count++;
    else this.rejects.set(reason, { count: 1, first: where() });
  }

  /** Adds `count` rejects for a reason at once (from another thread's part of a file, read later in order). */
  rejectMany(reason: string, count: number, where: string): void {
    const entry = this.rejects.get(reason);
    if (entry) entry.count += count;
    else this.rejects.set(reason, { count, first: where });
  }

  get rowsRejected(): number {
    let total = 0;
    for (const { count } of this.rejects.values()) total += count;
    return total;
  }

  /** Rejects as a plain object sorted by reason, for stable output. */
  rejectsByReason(): Record<string, number> {
    const entries = [...this.rejects.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([reason, { count }]) => [reason, count]));
  }

  /** Where each reason first occurred (FILE:LINE), sorted by reason like rejectsByReason. */
  firstRejectAt(): Record<string, string> {
    const entries = [...this.rejects.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([reason, { first }]) => [reason, first]));
  }

  /** "reason: count, first at FILE:LINE; …", for messages. */
  describe(): string {
    return [...this.rejects.entries()].map(([reason, r]) => `${reason}: ${r.count}, first at ${r.first}`).join('; ');
  }
}
