// Coverage hours: the hours of the week in which a team is at work, from when its agents act (first replies),
// never from how long tickets wait.

import { WEEK_HOURS, isWeekendSlot, slotOf } from './hour-log.js';

const HOUR_MS = 3_600_000;

/** How many times each hour of the week (slot 0: Sunday 00:00) occurs from `fromMs` to `toMs`, both included. */
export function slotOccurrences(fromMs: number, toMs: number): Int32Array {
  const first = Math.floor(fromMs / HOUR_MS);
  const total = Math.max(0, Math.floor(toMs / HOUR_MS) - first + 1);
  const out = new Int32Array(WEEK_HOURS).fill(Math.floor(total / WEEK_HOURS));
  for (let i = 0; i < total % WEEK_HOURS; i++) out[slotOf(first + i)]!++;
  return out;
}

/**
 * Weekday and weekend coverage hours per week: the hours of the week in which the organisation's agents acted
 * in at least half of the weeks that hour occurs in the period (at least once where it occurs once or not at
 * all). `activeWeeks` holds, per slot, the number of distinct clock hours with activity (hour-log.ts
 * activeWeeksBySlot). A team that acts in an hour only now and then does not count as covering it, so the
 * figure does not grow with volume alone, and a ticket solved later changes nothing.
 * @example an organisation replying Monday to Friday 9–17 in every week of a four-week period → 40 and 0.
 */
export function coveredHours(activeWeeks: ArrayLike<number>, occurrences: ArrayLike<number>): { weekday: number; weekend: number } {
  let weekday = 0;
  let weekend = 0;
  for (let s = 0; s < WEEK_HOURS; s++) {
    const needed = Math.max(1, Math.ceil(occurrences[s]! / 2));
    if (activeWeeks[s]! < needed) continue;
    if (isWeekendSlot(s)) weekend++;
    else weekday++;
  }
  return { weekday, weekend };
}
