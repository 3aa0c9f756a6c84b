// Rounding and number formatting for the human-readable renderers, in one place so output stays stable.

export function formatCount(value: number | null): string {
  if (value === null) return '–';
  const rounded = Math.round(value);
  return String(rounded).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A rate or measure: 3 significant figures below 100, whole numbers (with separators) above. */
export function formatNumber(value: number | null): string {
  if (value === null) return '–';
  if (Math.abs(value) >= 100) return formatCount(value);
  if (value === 0) return '0';
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
