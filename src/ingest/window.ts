// The period window (--from/--to): which creation times a run keeps, from the flags' dates.

import { UsageError } from '../errors.js';
import { TimeZone } from './dates.js';

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * One end of the window as an instant (UTC ms). A date (2025-09-01) is the start of that day, or with
 * `isEnd` the start of the next, so `--to 2025-09-30` keeps the 30th; a date and time is that instant. Without
 * an offset, both are wall-clock times in `zone` (the run's --tz or mapping time zone), else UTC.
 */
export function windowEdge(flag: '--from' | '--to', value: string, zone: string | undefined, isEnd: boolean): number {
  const trimmed = value.trim();
  const date = DATE.exec(trimmed);
  const dateTime = DATE_TIME.exec(trimmed);
  const bad = (): UsageError => new UsageError(`${flag}: expected a date such as 2025-09-01 or a date and time such as 2025-09-01T08:00 (an offset such as Z or +02:00 may follow), got ${JSON.stringify(value)}`);
  if (date === null && dateTime === null) throw bad();
  const [y, mo, d, h, mi, s] = (date ?? dateTime)!.slice(1, 7).map((x) => (x === undefined ? 0 : Number(x)));
  const wall = Date.UTC(y!, mo! - 1, d!, h ?? 0, mi ?? 0, s ?? 0);
  const back = new Date(wall);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo! - 1 || back.getUTCDate() !== d || h! > 23 || mi! > 59 || s! > 59) throw bad();
  const offset = dateTime?.[7];
  let ms: number;
  if (offset !== undefined) {
    const sign = offset === 'Z' ? 0 : offset.startsWith('-') ? -1 : 1;
    const digits = offset.replace(/[^0-9]/g, '');
    const minutes = offset === 'Z' ? 0 : Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    if (minutes > 18 * 60) throw bad();
    ms = wall - sign * minutes * 60_000;
  } else {
    ms = zone === undefined ? wall : new TimeZone(zone).toUtc(wall);
  }
  return date !== null && isEnd ? (zone === undefined ? ms + DAY_MS : new TimeZone(zone).toUtc(wall + DAY_MS)) : ms;
}

/** The window of --from and --to (either may be missing), or undefined without both; an empty one is a usage error. */
export function windowOf(from: string | undefined, to: string | undefined, zone: string | undefined): { fromMs: number; toMs: number } | undefined {
  if (from === undefined && to === undefined) return undefined;
  const fromMs = from === undefined ? -Infinity : windowEdge('--from', from, zone, false);
  const toMs = to === undefined ? Infinity : windowEdge('--to', to, zone, true);
  if (!(fromMs < toMs)) throw new UsageError(`--from ${from} and --to ${to} leave no time between them`);
  return { fromMs, toMs };
}
