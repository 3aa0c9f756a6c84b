// The colour and width policy of everything printed for reading (classify, metrics, check, tune tables), in
// one place so every command decides the same way:
//
// colour: FORCE_COLOR set to anything but "", "0" or "false" → colour; FORCE_COLOR "0"/"false" → none;
//         otherwise none when NO_COLOR is set (non-empty), when writing a file (-o), or when standard output is
//         not a terminal; colour on a terminal.
// width:  COLUMNS (an integer ≥ 40) when set; else the terminal's width; else (a pipe or a file) no limit.

/** The narrowest width tables are fitted to; a smaller COLUMNS is taken as this. */
export const MIN_WIDTH = 40;

export interface Env {
  [name: string]: string | undefined;
}

/** Whether output for `stream` (or for a file, when `isFile`) is coloured, by the policy above. */
export function isColorWanted(stream: { isTTY?: boolean }, isFile: boolean, env: Env = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  if (isFile) return false;
  const noColor = env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return false;
  return stream.isTTY === true;
}

/** The width tables are fitted to, by the policy above; null for no limit. */
export function outputWidth(stream: { isTTY?: boolean; columns?: number }, isFile: boolean, env: Env = process.env): number | null {
  const columns = env.COLUMNS;
  if (columns !== undefined && /^\s*\d+\s*$/.test(columns)) return Math.max(MIN_WIDTH, Number(columns));
  if (isFile) return null;
  if (stream.isTTY === true && typeof stream.columns === 'number' && stream.columns > 0) return Math.max(MIN_WIDTH, stream.columns);
  return null;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Whether a code point takes two cells on a terminal (East Asian wide and full-width forms, most emoji). */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** Whether a code point takes no cell (combining marks, zero-width joiners and variation selectors). */
function isZeroWidth(code: number): boolean {
  return (code >= 0x300 && code <= 0x36f) || (code >= 0x200b && code <= 0x200d) || (code >= 0xfe00 && code <= 0xfe0f);
}

/** The cells `text` takes on a terminal: colour codes none, wide characters two. */
export function displayWidth(text: string): number {
  // Printable ASCII (most cells): a cell a character.
  if (isPrintableAscii(text)) return text.length;
  let width = 0;
  for (const ch of text.replace(ANSI, '')) {
    const code = ch.codePointAt(0)!;
    width += isZeroWidth(code) ? 0 : isWide(code) ? 2 : 1;
  }
  return width;
}

/**
 * Whether every character is printable ASCII (a space to a tilde): one column each. A loop, not a regular
 * expression: a table of 500,000 organisations asks it of millions of short cells, measured and then drawn.
 */
export function isPrintableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** `text` cut to at most `width` cells, ending in "…" when cut (colour codes dropped from cut text). */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of text.replace(ANSI, '')) {
    const w = displayWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

/**
 * A paragraph of prose for a terminal: `indent` before it, wrapped to `width` (null: not wrapped), lines after
 * the first indented two more.
 */
export function indentedProse(text: string, width: number | null, indent = '  '): string {
  if (width === null) return `${indent}${text}`;
  return wrap(text, Math.max(20, width - indent.length - 2))
    .split('\n')
    .map((line, i) => `${indent}${i === 0 ? '' : '  '}${line}`)
    .join('\n');
}

/** A unit after a number ("431 h", "12 min", "7 d"): kept on the number's line. */
const UNIT = /^(h|min|d)([,;:)]*)$/;

/** The words of a line, a unit joined to the number before it. */
function words(paragraph: string): string[] {
  const out: string[] = [];
  for (const word of paragraph.split(' ')) {
    if (out.length > 0 && UNIT.test(word)) out[out.length - 1] += ` ${word}`;
    else out.push(word);
  }
  return out;
}

/** `text` wrapped at spaces to lines of at most `width` cells (a longer word is cut with "…", a unit stays with its number); existing line breaks kept. */
export function wrap(text: string, width: number): string {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of words(paragraph)) {
      const w = displayWidth(word) > width ? truncate(word, width) : word;
      if (line === '') line = w;
      else if (displayWidth(line) + 1 + displayWidth(w) <= width) line += ` ${w}`;
      else {
        lines.push(line);
        line = w;
      }
    }
    lines.push(line);
  }
  return lines.join('\n');
}
