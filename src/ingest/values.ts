// Parsers for the cell values of a ticket row: numbers, durations and satisfaction ratings.

/**
 * Parses a plain decimal number; returns NaN for anything else (including "", "1,5", "12abc") and for a value
 * too large for a double (1e309 would be Infinity, which "Infinity" typed out is not taken for either).
 */
export function parseNumber(text: string): number {
  const t = text.trim();
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return NaN;
  const n = Number(t);
  return Number.isFinite(n) ? n : NaN;
}

/** Hours written as `HH:MM[:SS]` or as decimal hours (Freshdesk's "(in hrs)" columns), returned in minutes. */
export function parseHoursToMinutes(text: string): number {
  const t = text.trim();
  const m = /^(\d+):([0-5]?\d)(?::([0-5]?\d))?$/.exec(t);
  if (m) return Number(m[1]) * 60 + Number(m[2]) + Number(m[3] ?? 0) / 60;
  const hours = parseNumber(t);
  return Number.isNaN(hours) ? NaN : hours * 60;
}

export type Rating = 'good' | 'bad' | 'unrated';

export const GOOD = new Set(['good', 'good with comment', 'satisfied', 'happy', 'extremely happy', 'very happy', 'awesome', 'positive', 'yes']);
export const BAD = new Set([
  'bad',
  'bad with comment',
  'unsatisfied',
  'dissatisfied',
  'unhappy',
  'extremely unhappy',
  'very unhappy',
  'neutral',
  'just okay',
  'not good',
  'negative',
  'no',
]);
const UNRATED = new Set(['offered', 'not offered', 'unoffered', 'unrated', 'none', 'n/a']);

/**
 * Reads a satisfaction cell: Zendesk's Good/Bad/Offered/Not Offered, survey words, or a 1–5 rating
 * (4–5 good, 1–3 bad, per docs/method.md). Returns undefined when the value is none of these.
 */
export function parseRating(text: string): Rating | undefined {
  const t = text.trim().toLowerCase();
  if (t === '') return 'unrated';
  if (GOOD.has(t)) return 'good';
  if (BAD.has(t)) return 'bad';
  if (UNRATED.has(t)) return 'unrated';
  const score = parseNumber(t);
  if (!Number.isNaN(score) && score >= 1 && score <= 5) return score >= 4 ? 'good' : 'bad';
  return undefined;
}
