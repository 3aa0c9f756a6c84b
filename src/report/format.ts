// Rounding and number formatting for the renderers (the human-readable ones, and the exact text of numbers in CSV), in one place so output stays stable.

export function formatCount(value: number | null): string {
  if (value === null) return '–';
  const rounded = Math.round(value);
  // Below a thousand there is no separator to place (most counts in a report).
  if (rounded > -1000 && rounded < 1000) return String(rounded);
  return String(rounded).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A rate or measure: 3 significant figures below 100, whole numbers (with separators) above. */
export function formatNumber(value: number | null): string {
  if (value === null) return '–';
  if (Math.abs(value) >= 100) return formatCount(value);
  if (value === 0) return '0';
  return threeFigures(value);
}

/**
 * String(Number(value.toPrecision(3))) for 0 < |value| < 100, without toPrecision where it is not needed
 * (a table of 500,000 organisations formats millions): from 0.1 up, |value| × 10^places is rounded to an
 * integer unless it lies within 1e-6 of a half (where the double's exact value decides, as toPrecision
 * does); that integer ÷ 10^places is the number toPrecision's text reads as. Checked against toPrecision in
 * test/unit/format.test.ts.
 */
function threeFigures(value: number): string {
  const a = value < 0 ? -value : value;
  const scale = a >= 10 ? 10 : a >= 1 ? 100 : a >= 0.1 ? 1000 : 0;
  if (scale !== 0) {
    const t = a * scale;
    const fraction = t - Math.floor(t);
    if (Math.abs(fraction - 0.5) > 1e-6) return numberText((value < 0 ? -Math.round(t) : Math.round(t)) / scale);
  }
  return String(Number(value.toPrecision(3)));
}

export function formatHours(value: number | null): string {
  if (value === null) return '–';
  if (Math.abs(value) < 1) return `${Math.round(value * 60)} min`;
  return `${formatNumber(value)} h`;
}

export function formatSignedHours(value: number | null): string {
  if (value === null) return '–';
  return value > 0 ? `+${formatHours(value)}` : formatHours(value);
}

export function formatShare(value: number | null): string {
  if (value === null) return '–';
  return `${(value * 100).toFixed(1)}%`;
}

export function formatRatio(value: number | null): string {
  if (value === null) return '–';
  return `${value.toFixed(1)}×`;
}

/** Milliseconds as whole numbers, for the timings block. */
export function roundMs(value: number): number {
  return Math.round(value);
}

/** "1 cluster", "3 clusters": a count with its noun in the right number (`many` for irregular plurals). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** Zeros that pad a fraction to its places. */
const ZEROS = ['', '0', '00', '000'];

/**
 * `String(value)` for any number, byte for byte, several times faster for the figures reports mostly hold
 * (whole numbers and values with up to four decimals): when value × 10^d rounds to an integer n with n / 10^d
 * exactly `value`, that decimal is the shortest that reads back as `value` (below 2^33 two decimals with at
 * most four places lie further apart than a unit in the last place), so it is what String gives; anything
 * else is left to String. Checked against String in test/unit/format.test.ts.
 */
export function numberText(value: number): string {
  const a = value < 0 ? -value : value;
  if (!(a < 8_589_934_592) || Number.isInteger(value)) return String(value);
  let scale = 100;
  let n = Math.round(a * 100);
  if (n / 100 !== a) {
    scale = 10_000;
    n = Math.round(a * 10_000);
    if (n / 10_000 !== a) return String(value);
  }
  const whole = Math.floor(n / scale);
  let fraction = n - whole * scale;
  let places = scale === 100 ? 2 : 4;
  while (fraction % 10 === 0) {
    fraction /= 10;
    places--;
  }
  const count = fraction < 10 ? 1 : fraction < 100 ? 2 : fraction < 1000 ? 3 : 4;
  return `${value < 0 ? '-' : ''}${whole}.${ZEROS[places - count]}${fraction}`;
}
