// "Did you mean": the closest of a set of known names, for flags, option values, columns and config keys, and
// for an --org that names no organisation.

import { UsageError } from './errors.js';

/** Levenshtein distance between two strings, case-insensitive. O(|a|·|b|) time, O(|b|) memory. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[t.length]!;
}

/** The known name closest to `value`, or undefined when none is close enough to be a plausible typo. */
export function closest(value: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    // A typo is short: cells of a garbled header (megabytes long) are no candidates.
    if (candidate.length > 200) continue;
    const d = editDistance(value, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(value.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** `; did you mean "x"?` or the empty string. */
export function didYouMean(value: string, known: readonly string[]): string {
  const match = closest(value, known);
  // The value itself is no suggestion (a key known elsewhere but not here).
  return match === undefined || match === value ? '' : `; did you mean "${match}"?`;
}

/** The usage error for an --org that names no organisation: how many there are, and the three closest names. */
export function unknownOrganization(value: string, names: readonly string[]): UsageError {
  const near = closestNames(value.replace(/[*?]/g, ''), names, 3);
  return new UsageError(`--org ${JSON.stringify(value)}: no such organisation in the input (${names.length} organisations)${near.length > 0 ? `; closest: ${near.map((n) => JSON.stringify(n)).join(', ')}` : ''}`);
}

/** The `count` names nearest `name`: those containing it (or contained in it) first, then by edit distance; ties by name. */
function closestNames(name: string, names: readonly string[], count: number): string[] {
  const wanted = name.toLowerCase();
  const scored = names.map((n) => {
    const lower = n.toLowerCase();
    const contains = lower.includes(wanted) || wanted.includes(lower);
    return { n, score: (contains ? 0 : 1000) + editDistance(wanted, lower) };
  });
  return scored
    .sort((a, b) => a.score - b.score || (a.n < b.n ? -1 : a.n > b.n ? 1 : 0))
    .slice(0, count)
    .map((s) => s.n);
}
