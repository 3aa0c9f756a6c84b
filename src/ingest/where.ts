// Row filters of mapping files ("where"): keep a row only when every condition on its cells holds. A row left
// out is counted as rejected under its condition's own reason, so rows read = used + rejected still holds.

import type { Fields } from './csv-scanner.js';
import { findColumn } from './layout.js';

/** One condition on a column's trimmed cell: in or not in a list of values, matching or not a regular expression. */
export interface RowCondition {
  column: string;
  in?: readonly string[];
  notIn?: readonly string[];
  matches?: string;
  notMatches?: string;
}

/** What a condition says, for reasons and messages: `Status not in ["Closed (Duplicate)"]`. */
export function describeCondition(c: RowCondition): string {
  const list = (values: readonly string[]): string => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
  if (c.in !== undefined) return `${c.column} in ${list(c.in)}`;
  if (c.notIn !== undefined) return `${c.column} not in ${list(c.notIn)}`;
  if (c.matches !== undefined) return `${c.column} matches /${c.matches}/`;
  return `${c.column} does not match /${c.notMatches}/`;
}

/** The reason a row a condition leaves out is counted under. */
export function whereReason(c: RowCondition): string {
  return `left out by where: ${describeCondition(c)}`;
}

/** A condition as a test of one cell's trimmed text. */
export function cellTest(c: RowCondition): (text: string) => boolean {
  if (c.in !== undefined) {
    const values = new Set(c.in.map((v) => v.trim()));
    return (text) => values.has(text);
  }
  if (c.notIn !== undefined) {
    const values = new Set(c.notIn.map((v) => v.trim()));
    return (text) => !values.has(text);
  }
  const re = new RegExp((c.matches ?? c.notMatches)!, 'u');
  const isMatch = c.matches !== undefined;
  return (text) => re.test(text) === isMatch;
}

/** The first condition a row fails, as its reason; null when it passes them all. */
export type RowFilter = (f: Fields) => string | null;

/**
 * The conditions bound to a file's header (a column is found as `columns` finds them: case-insensitive,
 * trimmed); a column the header lacks is bad input naming it. Undefined without conditions.
 */
export function rowFilter(file: string, header: readonly string[], conditions: readonly RowCondition[]): RowFilter | undefined {
  if (conditions.length === 0) return undefined;
  const bound = conditions.map((c) => {
    const index = findColumn(file, header, c.column, '"where" filters on');
    // Each distinct cell is tested once.
    const test = cellTest(c);
    const cache = new Map<string, boolean>();
    return { index, reason: whereReason(c), test, cache };
  });
  return (f) => {
    for (const b of bound) {
      const text = b.index < f.count ? f.text(b.index).trim() : '';
      let isKept = b.cache.get(text);
      if (isKept === undefined) {
        isKept = b.test(text);
        if (b.cache.size < 100_000) b.cache.set(text, isKept);
      }
      if (!isKept) return b.reason;
    }
    return null;
  };
}
