// Bar charts drawn with text, for terminals: one bar per x value, eighth blocks for the top of each bar, the
// y range on the axis, and marks under chosen bars (tune's recommended k and elbow).

const EIGHTHS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

export interface BarChart {
  title: string;
  labels: string[];
  values: number[];
  /** Marks under bars: index → the character drawn under it (▲); explained in `legend`, the line under them. */
  marks: Map<number, string>;
  legend: string;
  /** How the axis prints a value. */
  format: (value: number) => string;
}

/**
 * The chart as lines, at most `width` cells wide (null: bars three cells wide), `height` rows of bars. The
 * axis runs from the lowest value (a bar one eighth high) to the highest (a full bar), both printed: the shape
 * of the curve is what matters (an elbow, a peak). O(bars × height).
 */
export function drawBarChart(chart: BarChart, width: number | null, height = 8): string[] {
  const n = chart.values.length;
  if (n === 0) return [];
  const low = Math.min(...chart.values);
  const high = Math.max(...chart.values);
  const span = high - low || 1;
  const top = chart.format(high);
  const bottom = chart.format(low);
  const axis = Math.max(top.length, bottom.length);
  const room = width === null ? 3 * n : width - axis - 2;
  const step = Math.max(1, Math.min(3, Math.floor(room / n)));
  const bar = step === 1 ? 1 : step - 1;
  const out = [chart.title];
  const eighths = chart.values.map((v) => 1 + Math.round(((v - low) / span) * (height * 8 - 1)));
  for (let row = height - 1; row >= 0; row--) {
    const label = row === height - 1 ? top.padStart(axis) : row === 0 ? bottom.padStart(axis) : ' '.repeat(axis);
    let line = `${label} ┤`;
    for (const e of eighths) {
      const filled = Math.max(0, Math.min(8, e - row * 8));
      line += EIGHTHS[filled]!.repeat(bar) + ' '.repeat(step - bar);
    }
    out.push(line.trimEnd());
  }
  const pad = ' '.repeat(axis + 2);
  // The x labels, each under its bar where there is room since the last one.
  let labels = '';
  for (let i = 0; i < n; i++) {
    const at = i * step;
    if (i === 0 || labels.length < at) labels = labels.padEnd(at) + chart.labels[i]!;
  }
  out.push(`${' '.repeat(axis)} └${'─'.repeat(n * step)}`, `${pad}${labels}`);
  let marks = '';
  for (const [i, mark] of [...chart.marks.entries()].sort((a, b) => a[0] - b[0])) marks = marks.padEnd(i * step) + mark;
  if (marks !== '') out.push(`${pad}${marks}`);
  out.push(`${pad}${chart.legend}`);
  return out;
}
